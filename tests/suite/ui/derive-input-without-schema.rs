// An input type that does not derive `JsonSchema`: the bound on the runtime's schemas names it.
#[derive(serde::Serialize, serde::Deserialize)]
struct Question {
    prompt: String,
}

#[derive(serde::Deserialize, workflow_runtime::schemars::JsonSchema)]
#[schemars(crate = "workflow_runtime::schemars")]
struct Answer {
    completion: String,
}

#[derive(workflow_runtime::Workflow)]
#[workflow(name = "ask", input = Question, output = Answer)]
struct Ask;

fn main() {}
