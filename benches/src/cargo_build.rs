//! What a `cargo build` cost: the CPU time of the processes it ran, the crates it compiled
//! (its `Compiling` lines) and, from its `--timings` report, the heaviest packages.

use std::collections::BTreeMap;
use std::process::Command;

use serde::Deserialize;

/// The CPU time (user + system, in seconds) of every child process this process has waited
/// for, their own waited-for children included: read before and after a `cargo build`, the
/// difference is the CPU time of cargo, rustc, the build scripts and the C compilers they ran.
/// `None` where `/proc/self/stat` cannot be read (not Linux).
pub fn children_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let ticks = children_ticks(&stat)?;
    Some(ticks as f64 / clock_ticks_per_second())
}

/// `cutime + cstime` (fields 16 and 17) of a `/proc/<pid>/stat` line. The command name (field
/// 2) is in parentheses and may hold spaces or `)`, so fields are counted after its last `)`.
pub fn children_ticks(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // `fields[0]` is field 3 (the state), so field N is `fields[N - 3]`.
    let user: u64 = fields.get(13)?.parse().ok()?;
    let system: u64 = fields.get(14)?.parse().ok()?;
    Some(user + system)
}

fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .and_then(|text| text.trim().parse::<f64>().ok())
        .filter(|ticks| *ticks > 0.0)
        // The value on every Linux this runs on; getconf only confirms it.
        .unwrap_or(100.0)
}

/// The crates a build compiled: its `Compiling name version` lines (one per package, its build
/// script included).
pub fn compiled_crates(stderr: &str) -> usize {
    stderr
        .lines()
        .filter(|line| line.trim_start().starts_with("Compiling "))
        .count()
}

/// One compilation unit of a `cargo build --timings` report.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Unit {
    /// The package name.
    pub name: String,
    /// The package version.
    pub version: String,
    /// Wall-clock seconds the unit took (a build script's run is a unit of its own).
    pub duration: f64,
}

/// The units of a `cargo-timing.html` report (its `UNIT_DATA` array), `None` if the report
/// has no such array (cargo changed its format).
pub fn timing_units(html: &str) -> Option<Vec<Unit>> {
    const MARKER: &str = "const UNIT_DATA = ";
    let start = html.find(MARKER)? + MARKER.len();
    // The array is followed by `;` and more script: read exactly one JSON value.
    let mut values = serde_json::Deserializer::from_str(&html[start..]).into_iter::<Vec<Unit>>();
    values.next()?.ok()
}

/// The `count` packages whose units took the most seconds in total, heaviest first, as
/// `("name version", seconds)`.
pub fn heaviest_packages(units: &[Unit], count: usize) -> Vec<(String, f64)> {
    let mut totals: BTreeMap<String, f64> = BTreeMap::new();
    for unit in units {
        *totals
            .entry(format!("{} {}", unit.name, unit.version))
            .or_default() += unit.duration;
    }
    let mut totals: Vec<(String, f64)> = totals.into_iter().collect();
    totals.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    totals.truncate(count);
    totals
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_ticks_are_fields_16_and_17_even_with_a_paren_in_the_name() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
        // utime stime cutime cstime ...
        let stat = "4242 (cargo (bench) x) S 1 2 3 4 5 6 7 8 9 10 11 12 300 45 99 1 20 0";
        assert_eq!(children_ticks(stat), Some(345));
        assert_eq!(children_ticks("4242 (cargo) S 1 2"), None);
    }

    #[test]
    fn children_cpu_grows_after_waiting_for_a_busy_child() {
        let before = children_cpu_seconds().expect("/proc/self/stat is readable on Linux");
        let status = Command::new("sh")
            .args(["-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"])
            .status()
            .expect("sh runs");
        assert!(status.success());
        let after = children_cpu_seconds().expect("/proc/self/stat is readable on Linux");
        assert!(
            after > before,
            "a child that counted to 300000 used no CPU? before {before} s, after {after} s"
        );
    }

    #[test]
    fn compiled_crates_counts_compiling_lines_only() {
        let stderr = "    Updating crates.io index\n   Compiling libc v0.2.191\n   \
                      Compiling serde v1.0.229\n    Finished `dev` profile\n";
        assert_eq!(compiled_crates(stderr), 2);
    }

    #[test]
    fn timing_units_are_read_from_the_report_and_summed_per_package() {
        let html = r#"<script>
const UNIT_DATA = [{"i":0,"name":"ring","version":"0.17.14","mode":"run-custom-build","target":" build-script (run)","start":0.1,"duration":8.25,"rmeta_time":null},
{"i":1,"name":"ring","version":"0.17.14","mode":"todo","target":"","start":8.4,"duration":8.64},
{"i":2,"name":"serde","version":"1.0.229","mode":"todo","target":"","start":0.2,"duration":4.5}];
const CONCURRENCY_DATA = [];
</script>"#;
        let units = timing_units(html).expect("the report has UNIT_DATA");
        assert_eq!(units.len(), 3);
        assert_eq!(units[2].name, "serde");
        let heaviest = heaviest_packages(&units, 1);
        assert_eq!(heaviest.len(), 1);
        assert_eq!(heaviest[0].0, "ring 0.17.14");
        assert!((heaviest[0].1 - 16.89).abs() < 1e-9);
        assert_eq!(timing_units("<html>no data</html>"), None);
    }
}
