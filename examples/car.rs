//! Asks the `car` workflow a question and prints the typed answer.
//!
//! ```sh
//! cargo run --example car -- "what is the fastest car in the world?"
//! ```
//!
//! With `PROMPT_STUDIO_API_KEY` set (and optionally `PROMPT_STUDIO_BASE_URL`) it calls the
//! hosted service; without it, it answers from the workflow file's examples through the
//! built-in emulator, so it runs offline.

use workflow_runtime::Client;
use workflow_runtime::testing::MockStudio;

workflow_runtime::workflow!("schemas/car.json");

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let prompt = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let prompt = if prompt.trim().is_empty() {
        "what is the fastest car in the world?".to_string()
    } else {
        prompt
    };

    // Kept alive until the end of main: dropping it stops the emulator.
    let mut emulator = None;
    let client = if std::env::var_os("PROMPT_STUDIO_API_KEY").is_some() {
        match Client::from_env() {
            Ok(client) => client,
            Err(error) => {
                eprintln!("error: {error}");
                return std::process::ExitCode::FAILURE;
            }
        }
    } else {
        let studio = MockStudio::start().await;
        studio.on::<car::Car>().examples();
        eprintln!(
            "PROMPT_STUDIO_API_KEY is not set: answering from the examples in schemas/car.json (built-in emulator at {})",
            studio.url()
        );
        let client = studio.client();
        emulator = Some(studio);
        client
    };

    let input = car::Input { prompt };
    let outcome = car::run(&client, &input).await;
    drop(emulator);
    match outcome {
        Ok(output) => {
            println!("{}", output.completion);
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
