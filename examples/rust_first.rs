//! A workflow declared in Rust: the types are the source, schemars derives their schemas,
//! and the exported workflow file is what goes into the editor.
//!
//! ```sh
//! cargo run --example rust_first --features schemars            # offline, against the emulator
//! cargo run --example rust_first --features schemars -- export  # prints the workflow file
//! ```
//!
//! Only `workflow-runtime` is a dependency: serde and schemars come through it.

use workflow_runtime::Workflow;
use workflow_runtime::schemars::JsonSchema;
use workflow_runtime::serde::{Deserialize, Serialize};
use workflow_runtime::serde_json::json;
use workflow_runtime::testing::MockStudio;

/// A support ticket to triage.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(crate = "workflow_runtime::serde")]
#[schemars(crate = "workflow_runtime::schemars")]
struct Ticket {
    /// The customer's message, as written.
    text: String,
    /// Earlier tickets of the same customer, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    history: Vec<String>,
}

/// How urgent a ticket is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(crate = "workflow_runtime::serde", rename_all = "lowercase")]
#[schemars(crate = "workflow_runtime::schemars")]
enum Urgency {
    Low,
    High,
}

/// What to do with a ticket.
#[derive(Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    crate = "workflow_runtime::serde",
    tag = "action",
    rename_all = "snake_case"
)]
#[schemars(crate = "workflow_runtime::schemars")]
enum Triage {
    /// Answer from the knowledge base.
    Reply { urgency: Urgency, answer: String },
    /// Hand over to a team.
    Escalate { urgency: Urgency, team: String },
}

#[derive(Workflow)]
#[workflow(name = "triage", deployment_id = "dep_triage", input = Ticket, output = Triage)]
struct TriageTicket;

#[tokio::main]
async fn main() -> Result<(), workflow_runtime::Error> {
    if std::env::args().nth(1).as_deref() == Some("export") {
        let file = workflow_runtime::export::<TriageTicket>()?;
        println!("{file:#}");
        return Ok(());
    }
    let studio = MockStudio::start().await;
    // What a model may well answer: the urgency capitalised, with a space.
    studio.on::<TriageTicket>().respond_json(|ticket: Ticket| {
        json!({"action": "escalate", "urgency": " High", "team": format!("billing ({})", ticket.text.len())})
    });
    let ticket = Ticket {
        text: "I was charged twice".into(),
        history: vec![],
    };
    let detailed = studio
        .client()
        .run::<TriageTicket>(&ticket)
        .detailed()
        .await?;
    println!("{:?}", detailed.output);
    for repair in &detailed.repairs {
        println!("repaired {}: {:?}", repair.path, repair.rule);
    }
    assert_eq!(
        detailed.output,
        Triage::Escalate {
            urgency: Urgency::High,
            team: "billing (19)".into()
        }
    );
    Ok(())
}
