#[derive(workflow_runtime::Workflow)]
#[workflow(name = "car", input = String)]
struct Car;

fn main() {}
