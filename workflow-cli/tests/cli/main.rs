//! Runs the built `workflow` binary: every command and every exit code.
//!
//! One test binary (linking is slow); a module per command. Workflow files are written to
//! fresh temp folders, so the tests do not depend on the repository's samples.
// clippy's allow-unwrap-in-tests covers `#[test]` functions, not the shared helpers here, which
// should fail a test on a setup error just the same.
#![allow(clippy::unwrap_used)]

mod check;
mod diff;
mod drift_cases;
mod generate;
mod pipes;
mod pull;
mod run;
mod serve;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// A workflow with a deployment id and two examples.
pub(crate) const GREET: &str = r#"{
  "name": "greet",
  "deployment_id": "dep_greet",
  "input": {
    "type": "object",
    "required": ["name"],
    "properties": {
      "name": {"type": "string", "minLength": 1}
    }
  },
  "result": {
    "type": "object",
    "required": ["greeting"],
    "properties": {
      "greeting": {"type": "string"}
    }
  },
  "examples": [
    {"input": {"name": "Ada"}, "result": {"greeting": "Hello, Ada!"}},
    {"input": {"name": "Bob"}, "result": {"greeting": "Hi Bob"}}
  ]
}
"#;

/// No deployment id, and an example whose result breaks its own schema (score 7 > 5).
pub(crate) const SCORE: &str = r#"{
  "name": "score",
  "input": {
    "type": "object",
    "required": ["text"],
    "properties": {"text": {"type": "string"}}
  },
  "result": {
    "type": "object",
    "required": ["score"],
    "properties": {
      "score": {"type": "integer", "minimum": 1, "maximum": 5}
    }
  },
  "examples": [
    {
      "input": {"text": "great"},
      "result": {"score": 7}
    }
  ]
}
"#;

/// A valid workflow without examples.
pub(crate) const SILENT: &str = r#"{
  "name": "silent",
  "deployment_id": "dep_silent",
  "input": {"type": "object", "properties": {"text": {"type": "string"}}},
  "result": {"type": "object", "properties": {"text": {"type": "string"}}}
}
"#;

/// Two problems: no "result", and a keyword the engine refuses at line 6.
pub(crate) const BROKEN: &str = r#"{
  "name": "broken",
  "input": {
    "type": "object",
    "properties": {
      "a": {"$dynamicRef": "node"}
    }
  }
}
"#;

/// A fresh folder under the system temp dir, removed on drop.
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn new(label: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "workflow-cli-{label}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    /// Writes `name` in the folder and returns its path.
    pub(crate) fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The binary, with no Prompt Studio settings or proxies inherited from the environment.
pub(crate) fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_workflow"));
    for name in [
        "PROMPT_STUDIO_API_KEY",
        "PROMPT_STUDIO_BASE_URL",
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        command.env_remove(name);
    }
    command
}

/// What a finished run printed, and how it exited.
#[derive(Debug)]
pub(crate) struct Ran {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl From<Output> for Ran {
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code().expect("exited, not killed"),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }
}

/// Runs `workflow args...` to completion.
pub(crate) fn workflow<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Ran {
    command().args(args).output().unwrap().into()
}

/// `workflow serve` running in the background on a free port; killed on drop.
pub(crate) struct Server {
    child: Child,
    /// Kept open: the server prints more lines after the first.
    pub(crate) stdout: BufReader<ChildStdout>,
    /// `http://127.0.0.1:<port>`, from the first line.
    pub(crate) url: String,
    /// The first line of output.
    pub(crate) banner: String,
}

impl Server {
    pub(crate) fn start(dir: &Path) -> Self {
        let mut child = command()
            .args(["serve", "--port", "0"])
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut banner = String::new();
        stdout.read_line(&mut banner).unwrap();
        let url = banner
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in the first line: {banner:?}"))
            .to_string();
        Self {
            child,
            stdout,
            url,
            banner,
        }
    }

    /// The next line the server printed.
    pub(crate) fn line(&mut self) -> String {
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        line
    }

    /// `POST path` with `body` and any API key: the status and the JSON body.
    pub(crate) fn post(&self, path: &str, body: &str) -> (u16, Value) {
        let address = self.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).unwrap();
        write!(
            stream,
            "POST {path} HTTP/1.1\r\nHost: {address}\r\nAPI_KEY: any-key\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, serde_json::from_str(body).unwrap())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn help_shows_examples_for_every_command_and_the_exit_codes() {
    let top = workflow(&["--help"]);
    assert_eq!(top.code, 0, "{top:?}");
    assert!(
        top.stdout.contains("Exit codes:\n  0  success\n"),
        "{}",
        top.stdout
    );
    assert!(
        top.stdout.contains(
            "  5  the result does not match the result schema (the result is still printed)"
        ),
        "{}",
        top.stdout
    );
    for command in ["generate", "check", "run", "serve", "pull", "diff"] {
        let help = workflow(&[command, "--help"]);
        assert_eq!(help.code, 0, "{help:?}");
        assert!(
            help.stdout
                .contains(&format!("Examples:\n  workflow {command} ")),
            "{command}: {}",
            help.stdout
        );
        assert!(
            help.stdout.contains("Exit codes: "),
            "{command}: {}",
            help.stdout
        );
    }
}

#[test]
fn bad_arguments_exit_2() {
    let none = workflow::<&str>(&[]);
    assert_eq!(none.code, 2, "{none:?}");
    assert!(
        none.stderr.contains("Usage: workflow <COMMAND>"),
        "{}",
        none.stderr
    );
    let unknown = workflow(&["deploy"]);
    assert_eq!(unknown.code, 2, "{unknown:?}");
    assert!(
        unknown.stderr.contains("unrecognized subcommand 'deploy'"),
        "{}",
        unknown.stderr
    );
}
