//! Lists every golden file, so that the suite compiles each one (found by glob, as typify's
//! `tests/schemas.rs` does): a new golden file cannot be left out of the compile check.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let golden = manifest.join("golden");
    // The folder: a golden file added or removed reruns this script.
    println!("cargo:rerun-if-changed={}", golden.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&golden)
        .expect("tests/suite/golden is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    let mut out = String::new();
    for file in &files {
        let _ = writeln!(out, "include!({:?});", file.display().to_string());
    }
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out_dir.join("golden_modules.rs"), out).expect("OUT_DIR is writable");
}
