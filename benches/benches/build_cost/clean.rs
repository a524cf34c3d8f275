//! Clean build cost (`--clean`): a new user's first `cargo build` of an app that runs one
//! workflow, with workflow-runtime's default features and with each feature choice, against
//! the same call written by hand with reqwest + tokio + serde.
//!
//! Every contender is a binary crate of its own under `$TMPDIR/workflow-bench-clean-build`
//! (outside any workspace, cargo's default dev profile, the main workspace's `Cargo.lock` so
//! that shared dependencies have the same versions), fetched once, then built from an empty
//! target folder with `cargo build --timings` in interleaved rounds. Per build: the CPU time
//! of everything cargo ran (user + system, from `/proc/self/stat`), the wall time, and the
//! crates compiled (`Compiling` lines). Ratios are medians of per-round ratios.
//!
//! `cargo bench -p workflow-bench --bench build_cost -- --clean [--quick] [--rounds N] [--only a,b]`

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use workflow_bench::cargo_build::{
    children_cpu_seconds, compiled_crates, heaviest_packages, timing_units,
};
use workflow_bench::report::{self, Target};
use workflow_bench::stats::{Rounds, median, rotation};

/// One user crate: its folder name, what it shows, its `[dependencies]`, its `main.rs`.
struct Contender {
    dir: &'static str,
    name: &'static str,
    dependencies: &'static str,
    main: fn() -> String,
}

/// `{runtime}` in `dependencies` is replaced with the path of this workspace's runtime.
const CONTENDERS: [Contender; 7] = [
    Contender {
        dir: "hand-written",
        name: "hand-written: reqwest (default features + json), tokio, serde",
        dependencies: "reqwest = { version = \"0.13\", features = [\"json\"] }\n\
                       tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n\
                       serde = { version = \"1\", features = [\"derive\"] }\n",
        main: || HAND_WRITTEN.to_owned(),
    },
    Contender {
        dir: "hand-written-ring",
        name: "hand-written, reqwest's lightest TLS (rustls-no-provider + ring)",
        dependencies: "reqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"rustls-no-provider\"] }\n\
                       rustls = { version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\"] }\n\
                       tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n\
                       serde = { version = \"1\", features = [\"derive\"] }\n",
        main: hand_written_ring,
    },
    Contender {
        dir: "runtime-default",
        name: "workflow-runtime, default features (macros, validate, rustls-ring)",
        dependencies: "workflow-runtime = { path = {runtime} }\n\
                       tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n",
        main: || TYPED.to_owned(),
    },
    Contender {
        dir: "runtime-no-validate",
        name: "workflow-runtime: macros, rustls-ring (no validate)",
        dependencies: "workflow-runtime = { path = {runtime}, default-features = false, features = [\"macros\", \"rustls-ring\"] }\n\
                       tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n",
        main: || TYPED.to_owned(),
    },
    Contender {
        dir: "runtime-aws-lc-rs",
        name: "workflow-runtime: macros, validate, rustls-aws-lc-rs",
        dependencies: "workflow-runtime = { path = {runtime}, default-features = false, features = [\"macros\", \"validate\", \"rustls-aws-lc-rs\"] }\n\
                       tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n",
        main: || TYPED.to_owned(),
    },
    Contender {
        dir: "runtime-testing",
        name: "workflow-runtime: default features + testing",
        dependencies: "workflow-runtime = { path = {runtime}, features = [\"testing\"] }\n\
                       tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n",
        main: || TYPED.to_owned(),
    },
    Contender {
        dir: "runtime-no-macros",
        name: "workflow-runtime: rustls-ring only (Workflow written by hand, serde)",
        dependencies: "workflow-runtime = { path = {runtime}, default-features = false, features = [\"rustls-ring\"] }\n\
                       tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n\
                       serde = { version = \"1\", features = [\"derive\"] }\n",
        main: || UNTYPED.to_owned(),
    },
];
const HAND: usize = 0;
const HAND_RING: usize = 1;
const DEFAULT: usize = 2;

/// One run of the car workflow, as the README shows it.
const TYPED: &str = r#"workflow_runtime::workflow!("schemas/car.json");

#[tokio::main]
async fn main() -> Result<(), workflow_runtime::Error> {
    let client = workflow_runtime::Client::from_env()?;
    let input = car::Input {
        prompt: "what is the fastest car in the world?".into(),
    };
    let output = car::run(&client, &input).await?;
    println!("{}", output.completion);
    Ok(())
}
"#;

/// The same call with the runtime but without the macro: the types and the `Workflow` impl
/// written by hand.
const UNTYPED: &str = r#"use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Input {
    prompt: String,
}

#[derive(Deserialize)]
struct Output {
    completion: String,
}

struct Car;

impl workflow_runtime::Workflow for Car {
    type Input = Input;
    type Output = Output;
    const NAME: &'static str = "car";
    const DEPLOYMENT_ID: Option<&'static str> = Some("dep_2b7TQv9xKc4mWz8LrN3pYh5sJ1a");
}

#[tokio::main]
async fn main() -> Result<(), workflow_runtime::Error> {
    let client = workflow_runtime::Client::from_env()?;
    let input = Input {
        prompt: "what is the fastest car in the world?".into(),
    };
    let output = client.run::<Car>(&input).await?;
    println!("{}", output.completion);
    Ok(())
}
"#;

/// The same call written by hand: the POST, the key header, the envelopes, the status check.
const HAND_WRITTEN: &str = r#"use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Input {
    prompt: String,
}

#[derive(Serialize)]
struct Request<'a> {
    input: &'a Input,
}

#[derive(Deserialize)]
struct Output {
    completion: String,
}

#[derive(Deserialize)]
struct Answer {
    result: Output,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("PROMPT_STUDIO_API_KEY")?;
    let base = std::env::var("PROMPT_STUDIO_BASE_URL")
        .unwrap_or_else(|_| "https://api.prompt.studio".to_owned());
    let input = Input {
        prompt: "what is the fastest car in the world?".into(),
    };
    let answer: Answer = reqwest::Client::new()
        .post(format!("{base}/v1/workflows/dep_2b7TQv9xKc4mWz8LrN3pYh5sJ1a/run"))
        .header("API_KEY", key)
        .json(&Request { input: &input })
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    println!("{}", answer.result.completion);
    Ok(())
}
"#;

/// `HAND_WRITTEN` with the provider installed first, as reqwest's `rustls-no-provider` asks.
fn hand_written_ring() -> String {
    HAND_WRITTEN.replace(
        "    let key = std::env::var",
        "    let _ = rustls::crypto::ring::default_provider().install_default();\n    \
         let key = std::env::var",
    )
}

/// Writes `text` to `path` unless it already holds it.
fn write(path: &Path, text: &str) {
    if fs::read_to_string(path).is_ok_and(|existing| existing == text) {
        return;
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("the fixture folder can be created");
    }
    fs::write(path, text).expect("the fixture file can be written");
}

fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    // The bench runs under `cargo bench`: nothing of its own build may leak into the fixtures'.
    for variable in [
        "CARGO_TARGET_DIR",
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WRAPPER",
    ] {
        command.env_remove(variable);
    }
    command
}

fn write_fixture(root: &Path, workspace: &Path, contender: &Contender) {
    let dir = root.join(contender.dir);
    let runtime = format!("{:?}", workspace.join("workflow-runtime"));
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             # A crate of its own, whatever folder it sits in.\n[workspace]\n\n\
             [dependencies]\n{}",
            contender.dir,
            contender.dependencies.replace("{runtime}", &runtime)
        ),
    );
    write(&dir.join("src/main.rs"), &(contender.main)());
    write(
        &dir.join("schemas/car.json"),
        &fs::read_to_string(workspace.join("schemas/car.json"))
            .expect("the workspace's schemas/car.json can be read"),
    );
    // The workspace's versions for what both sides share; cargo adds what it lacks.
    write(
        &dir.join("Cargo.lock"),
        &fs::read_to_string(workspace.join("Cargo.lock"))
            .expect("the workspace's Cargo.lock can be read"),
    );
    // Downloads (when needed) are not part of the measured build.
    let fetched = cargo()
        .arg("fetch")
        .current_dir(&dir)
        .status()
        .expect("cargo runs");
    assert!(fetched.success(), "cargo fetch failed in {}", dir.display());
}

/// What one clean build cost.
struct Build {
    cpu: f64,
    wall: f64,
    crates: usize,
    heaviest: Vec<(String, f64)>,
}

fn clean_build(root: &Path, target_root: &Path, contender: &Contender) -> Build {
    let dir = root.join(contender.dir);
    let target = target_root.join(contender.dir);
    if target.exists() {
        fs::remove_dir_all(&target).expect("the previous round's target folder can be removed");
    }
    let cpu_before = children_cpu_seconds().expect("the CPU time of children can be read");
    let started = Instant::now();
    let output = cargo()
        .args(["build", "--offline", "--timings"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    let wall = started.elapsed().as_secs_f64();
    let cpu = children_cpu_seconds().expect("the CPU time of children can be read") - cpu_before;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "cargo build failed in {}:\n{stderr}",
        dir.display()
    );
    let report = fs::read_to_string(target.join("cargo-timings/cargo-timing.html"))
        .expect("cargo build --timings writes cargo-timing.html");
    let units = timing_units(&report).expect("the timings report lists its units");
    Build {
        cpu,
        wall,
        crates: compiled_crates(&stderr),
        heaviest: heaviest_packages(&units, 8),
    }
}

pub(crate) fn main(workspace: &Path, target_root: &Path) {
    let rounds = report::argument("--rounds")
        .map(|rounds| rounds.parse::<usize>().expect("--rounds takes a number"))
        .unwrap_or(if report::quick() { 1 } else { 3 });
    let chosen: Vec<usize> = match report::argument("--only") {
        Some(list) => {
            let mut chosen = vec![HAND, DEFAULT];
            for dir in list.split(',') {
                let index = CONTENDERS
                    .iter()
                    .position(|contender| contender.dir == dir)
                    .unwrap_or_else(|| panic!("--only: no contender {dir:?}"));
                if !chosen.contains(&index) {
                    chosen.push(index);
                }
            }
            chosen.sort_unstable();
            chosen
        }
        None => (0..CONTENDERS.len()).collect(),
    };
    let root = std::env::temp_dir().join("workflow-bench-clean-build");
    let target_root = target_root.join("clean-build");
    println!(
        "## clean build: `cargo build --timings` (cargo's default dev profile) of a user app \
         running one workflow, from an empty target folder; {rounds} interleaved round(s); \
         fixtures in {}, targets in {}",
        root.display(),
        target_root.display()
    );
    for &index in &chosen {
        write_fixture(&root, workspace, &CONTENDERS[index]);
    }
    let names: Vec<&str> = chosen.iter().map(|&index| CONTENDERS[index].name).collect();
    let mut cpu = Rounds::new(&names);
    // `cpu_seconds[slot][round]`, for differences within a round.
    let mut cpu_seconds = vec![Vec::new(); chosen.len()];
    let mut wall = Rounds::new(&names);
    let mut crates = vec![0; chosen.len()];
    let mut heaviest = vec![Vec::new(); chosen.len()];
    for round in 0..rounds {
        for slot in rotation(round, chosen.len()) {
            let build = clean_build(&root, &target_root, &CONTENDERS[chosen[slot]]);
            println!(
                "round {}: {:<68} {:>4} crates {:>7.1} s CPU {:>7.1} s wall",
                round + 1,
                CONTENDERS[chosen[slot]].name,
                build.crates,
                build.cpu,
                build.wall
            );
            cpu.push(slot, build.cpu);
            cpu_seconds[slot].push(build.cpu);
            wall.push(slot, build.wall);
            crates[slot] = build.crates;
            heaviest[slot] = build.heaviest;
        }
    }
    let slot_of = |index: usize| chosen.iter().position(|&chosen| chosen == index);
    let hand = slot_of(HAND).expect("the hand-written baseline always runs");
    let default = slot_of(DEFAULT).expect("the default contender always runs");
    println!("\nmedians over {rounds} round(s); ratios are medians of per-round ratios\n");
    let rows: Vec<Vec<String>> = (0..chosen.len())
        .map(|slot| {
            vec![
                names[slot].to_owned(),
                crates[slot].to_string(),
                format!("{:.1} s", cpu.median(slot)),
                format!("{:.1} s", wall.median(slot)),
                format!("{:.2}", cpu.ratio(slot, hand)),
                format!("{:.2}", wall.ratio(slot, hand)),
                format!("{:+}", crates[slot] as i64 - crates[default] as i64),
                format!(
                    "{:+.1} s",
                    median_difference(&cpu_seconds[slot], &cpu_seconds[default])
                ),
            ]
        })
        .collect();
    report::table(
        &[
            "user app",
            "crates",
            "CPU",
            "wall",
            "CPU vs hand-written",
            "wall vs hand-written",
            "crates vs default",
            "CPU vs default",
        ],
        &rows,
    );
    for (slot, packages) in heaviest.iter().enumerate() {
        let shown: Vec<String> = packages
            .iter()
            .map(|(package, seconds)| format!("{package} {seconds:.1} s"))
            .collect();
        println!(
            "heaviest units (last round, wall s per package): {}: {}",
            chosen[slot], names[slot]
        );
        println!("    {}", shown.join(", "));
    }
    report::ratio(
        "build cost",
        "clean build CPU, default features / hand-written",
        cpu.ratio(default, hand),
        Target::AtMost(1.5),
    );
    if let Some(hand_ring) = slot_of(HAND_RING) {
        report::ratio(
            "build cost",
            "clean build CPU, default features / hand-written with ring",
            cpu.ratio(default, hand_ring),
            Target::None,
        );
    }
    for (slot, &index) in chosen.iter().enumerate() {
        if index != HAND && index != HAND_RING && index != DEFAULT {
            report::ratio(
                "build cost",
                &format!("clean build CPU, {} / hand-written", CONTENDERS[index].dir),
                cpu.ratio(slot, hand),
                Target::None,
            );
        }
    }
}

/// The median over rounds of `values[round] - base[round]`.
fn median_difference(values: &[f64], base: &[f64]) -> f64 {
    let differences: Vec<f64> = values
        .iter()
        .zip(base)
        .map(|(value, base)| value - base)
        .collect();
    median(&differences)
}
