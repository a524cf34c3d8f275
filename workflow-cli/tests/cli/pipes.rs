//! Output into a pipe whose reader has gone (`workflow generate car.json | head`): every
//! command that prints stops quietly and exits with its own code, never "failed printing to
//! stdout: Broken pipe" and exit 101.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::{BROKEN, GREET, SCORE, Server, TempDir, command};

/// How a run ended whose stdout is a pipe with no reader left: exit code and stderr.
fn into_closed_pipe(command: &mut Command) -> (i32, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    // Closed before the process starts: its first write to stdout meets a broken pipe.
    drop(reader);
    let output = command
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        output.status.code().expect("exited, not killed"),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// `count` copies of the greet workflow under different names: generated code well above a
/// pipe's 64 KiB buffer.
fn many_workflows(dir: &TempDir, count: usize) {
    for index in 0..count {
        dir.file(
            &format!("greet-{index:02}.json"),
            &GREET.replace("\"greet\"", &format!("\"greet_{index:02}\"")),
        );
    }
}

#[test]
fn generate_into_a_closed_pipe_exits_0_quietly() {
    let dir = TempDir::new("pipe-generate");
    let greet = dir.file("greet.json", GREET);
    let (code, stderr) = into_closed_pipe(command().arg("generate").arg(&greet));
    assert_eq!(stderr, "");
    assert_eq!(code, 0);
}

#[test]
fn generate_piped_into_head_stops_quietly_after_the_first_line() {
    let dir = TempDir::new("pipe-head");
    many_workflows(&dir, 40);
    let (reader, writer) = std::io::pipe().unwrap();
    let child = command()
        .arg("generate")
        .arg(dir.path())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // What `head -n 1` does: read a line, then close the pipe.
    let mut reader = BufReader::new(reader);
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    drop(reader);
    let output = child.wait_with_output().unwrap();
    assert!(!first.is_empty(), "no first line");
    assert_eq!(String::from_utf8(output.stderr).unwrap(), "");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn check_into_a_closed_pipe_still_exits_1_for_its_problems() {
    let dir = TempDir::new("pipe-check");
    let score = dir.file("score.json", SCORE);
    let (code, stderr) = into_closed_pipe(command().arg("check").arg(&score));
    assert_eq!(stderr, "");
    assert_eq!(
        code, 1,
        "the example breaking its schema is still a problem"
    );
}

#[test]
fn run_into_a_closed_pipe_exits_0_quietly() {
    let dir = TempDir::new("pipe-run");
    let greet = dir.file("greet.json", GREET);
    let server = Server::start(dir.path());
    let (code, stderr) = into_closed_pipe(
        command()
            .arg("run")
            .arg(&greet)
            .args(["--input", r#"{"name": "Bob"}"#])
            .env("PROMPT_STUDIO_API_KEY", "test-key")
            .env("PROMPT_STUDIO_BASE_URL", &server.url),
    );
    assert_eq!(stderr, "");
    assert_eq!(code, 0);
}

#[test]
fn help_into_a_closed_pipe_exits_0_quietly() {
    let (code, stderr) = into_closed_pipe(command().arg("--help"));
    assert_eq!(stderr, "");
    assert_eq!(code, 0);
}

#[test]
fn a_closed_stderr_does_not_turn_an_invalid_file_into_a_panic() {
    let dir = TempDir::new("pipe-stderr");
    let broken = dir.file("broken.json", BROKEN);
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = command()
        .arg("generate")
        .arg(&broken)
        .stdout(Stdio::null())
        .stderr(writer)
        .output()
        .unwrap();
    // 3 (invalid workflow file), not 101 (a panic while printing the report).
    assert_eq!(output.status.code(), Some(3));
}
