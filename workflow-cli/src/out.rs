//! Writing to stdout and stderr without panicking. `println!` panics when the reader of a pipe
//! has gone (`workflow generate car.json | head`); here a closed pipe ends that stream's output
//! quietly, as Unix tools do, and the command still finishes with its own exit code. Any other
//! error writing stdout (a full disk behind `> file`) is a failure that the command reports:
//! the output it promised is not there.

use std::io::{self, ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::Failure;

/// Set once a write to stdout met a closed pipe: later output has nowhere to go.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes `text` to stdout as is (add the `\n` yourself) and flushes it.
pub(crate) fn stdout(text: &str) -> Result<(), Failure> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(error) => Err(Failure::usage(format!("cannot write to stdout: {error}"))),
    }
}

/// Writes `text` and a newline to stderr; a stderr that cannot be written is ignored (there is
/// nowhere left to report it).
pub(crate) fn stderr_line(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = stderr
        .write_all(text.as_bytes())
        .and_then(|()| stderr.write_all(b"\n"));
}
