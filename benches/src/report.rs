//! The ratio rows: each bench prints its own detailed table, and appends its ratios (one
//! tab-separated row each) to the file named by `BENCH_RATIOS`, which `scripts/bench.sh` prints
//! last as one table.

use std::io::Write;

/// A target a ratio is held to.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// Met when the ratio is at least this.
    AtLeast(f64),
    /// Met when the ratio is at most this.
    AtMost(f64),
    /// Shown for information only.
    None,
}

impl Target {
    fn show(self) -> String {
        match self {
            Target::AtLeast(bound) => format!(">= {bound}"),
            Target::AtMost(bound) => format!("<= {bound}"),
            Target::None => "-".to_owned(),
        }
    }

    fn verdict(self, ratio: f64) -> &'static str {
        match self {
            Target::AtLeast(bound) if ratio >= bound => "met",
            Target::AtMost(bound) if ratio <= bound => "met",
            Target::AtLeast(_) | Target::AtMost(_) => "MISSED",
            Target::None => "info",
        }
    }
}

/// Prints one ratio row and appends it to `$BENCH_RATIOS` when that is set:
/// `bench \t what \t ratio \t target \t verdict`.
pub fn ratio(bench: &str, what: &str, ratio: f64, target: Target) {
    let row = format!(
        "{bench}\t{what}\t{ratio:.3}\t{}\t{}",
        target.show(),
        target.verdict(ratio)
    );
    println!("RATIO {}", row.replace('\t', " | "));
    if let Some(path) = std::env::var_os("BENCH_RATIOS") {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .expect("BENCH_RATIOS names a writable file");
        writeln!(file, "{row}").expect("BENCH_RATIOS is writable");
    }
}

/// Prints a table: a header row and rows of cells, columns padded to their widest cell.
pub fn table(header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|cell| cell.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        println!("| {} |", padded.join(" | "));
    };
    line(header.iter().map(|cell| (*cell).to_owned()).collect());
    line(widths.iter().map(|width| "-".repeat(*width)).collect());
    for row in rows {
        line(row.clone());
    }
}

/// Whether `--quick` was passed: fewer rounds, for a short run.
pub fn quick() -> bool {
    std::env::args().any(|argument| argument == "--quick")
}

/// The value of `--name value` among the arguments, if any.
pub fn argument(name: &str) -> Option<String> {
    let mut arguments = std::env::args();
    while let Some(argument) = arguments.next() {
        if argument == name {
            return arguments.next();
        }
    }
    None
}
