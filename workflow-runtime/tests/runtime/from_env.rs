//! `Client::from_env` against the real process environment. The environment is process-wide and
//! edition 2024 makes `set_var` unsafe, so each test runs itself again in a child process with
//! the environment it needs; the child does the checking.

use workflow_runtime::{Client, ErrorKind};

use crate::support::in_child;

#[test]
fn from_env_reads_the_key_and_base_url() {
    if in_child(
        "from_env::from_env_reads_the_key_and_base_url",
        &[
            ("PROMPT_STUDIO_API_KEY", "sk-live-SECRET-1234"),
            ("PROMPT_STUDIO_BASE_URL", "http://127.0.0.1:9/studio"),
        ],
    ) {
        let client = Client::from_env().unwrap();
        assert_eq!(
            format!("{client:?}"),
            "Client { base_url: \"http://127.0.0.1:9/studio\", route: Workflows, auth: \
             ApiKeyHeader, api_key: \"<redacted>\", user_agent: \"workflow-runtime/0.1.0\", \
             timeout: 300s, connect_timeout: Some(10s), .. }"
        );
    }
}

#[test]
fn from_env_without_a_key_names_the_variable() {
    if in_child("from_env::from_env_without_a_key_names_the_variable", &[]) {
        let error = Client::from_env().unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Config { .. }),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "PROMPT_STUDIO_API_KEY is not set: set it to your Prompt Studio API key"
        );
    }
}
