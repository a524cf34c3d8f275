//! Hostile answers (issue 13): bodies built to make a decoder burn CPU or memory, about 31 MiB
//! each (8 MiB with `--quick`), with a result schema that has an array of objects with an enum
//! (`entities`).
//!
//! 1. **Time**, repair against strict, side by side on the same bytes: the runtime's decode
//!    entry point (`workflow_runtime::repair::decode`, the client's pipeline) in
//!    `ResultMode::Repair` and in `ResultMode::Strict`, interleaved rounds, median of the
//!    per-round ratios. Target: at most 2x on every input. Where strict gives up at the first
//!    wrong byte while repair fixes the whole answer (every item repaired), the ratio is also
//!    given against strict decoding the corrected answer, what the same bytes cost when the
//!    model gets them right.
//! 2. **Memory**, whole runs through the client against a local server answering the body:
//!    the most heap in use during the run over the body's size (a counting allocator), for a
//!    typed run in Strict mode, in Repair mode, and `run_json`. Target: at most 4x.
//! 3. **Decoding off the async workers**: where handing a decode to tokio's blocking pool
//!    costs little next to the decode itself (catalog results of 16 KiB to 1 MiB, decoded
//!    inline against through `spawn_blocking`, on a current-thread runtime): the client's
//!    threshold, `OFFLOAD_BYTES`, is 64 KiB.
//!
//! `cargo bench -p workflow-bench --bench hostile_answers [-- --quick]`

use std::time::{Duration, Instant};

use bytes::Bytes;
use serde::Deserialize;
use workflow_bench::alloc::{self, CountingAlloc};
use workflow_bench::fixtures::catalog_body;
use workflow_bench::report::{self, Target};
use workflow_bench::server::Server;
use workflow_bench::stats::{Rounds, nanos, rotation, show_nanos};
use workflow_runtime::{Client, ResultMode, RetryPolicy, Workflow};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

workflow_runtime::workflow!("schemas/catalog.json");

const API_KEY: &str = "sk-bench-0123456789abcdef";
const MIB: usize = 1024 * 1024;

#[derive(Debug, Deserialize)]
#[allow(dead_code, reason = "decoded to be measured, not read")]
struct CarResult {
    completion: String,
    #[serde(default)]
    entities: Vec<Entity>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code, reason = "decoded to be measured, not read")]
struct Entity {
    name: String,
    kind: Kind,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Make,
    Model,
}

const RESULT_SCHEMA: &str = r#"{
    "type": "object",
    "required": ["completion"],
    "properties": {
        "completion": { "type": "string" },
        "entities": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "kind"],
                "properties": {
                    "name": { "type": "string" },
                    "kind": { "enum": ["make", "model"] }
                }
            }
        }
    }
}"#;

struct Car;

impl Workflow for Car {
    type Input = serde_json::Value;
    type Output = CarResult;
    const NAME: &'static str = "car";
    const DEPLOYMENT_ID: Option<&'static str> = Some("dep_bench");
    const RESULT_SCHEMA: Option<&'static str> = Some(RESULT_SCHEMA);
}

/// `{"completion":"ok","entities":<entities>}`.
fn with_entities(entities: &[u8]) -> Vec<u8> {
    let mut result = br#"{"completion":"ok","entities":"#.to_vec();
    result.extend_from_slice(entities);
    result.push(b'}');
    result
}

/// A JSON string of `unit` repeated to about `size` bytes.
fn string_of(unit: &[u8], size: usize) -> Vec<u8> {
    let mut text = vec![b'"'];
    while text.len() < size {
        text.extend_from_slice(unit);
    }
    text.push(b'"');
    text
}

/// An array of `item` repeated to about `size` bytes.
fn array_of(item: &[u8], size: usize) -> Vec<u8> {
    let mut array = vec![b'['];
    while array.len() < size {
        if array.len() > 1 {
            array.push(b',');
        }
        array.extend_from_slice(item);
    }
    array.push(b']');
    array
}

/// A hostile result, and the same answer as a model that got it right would have written it,
/// when repair fixes the whole of it.
struct Input {
    name: &'static str,
    result: Vec<u8>,
    corrected: Option<Vec<u8>>,
}

fn inputs(size: usize) -> Vec<Input> {
    let item = br#"{"name":"Bugatti","kind":"make"}"#;
    let mut one_at_the_end = array_of(item, size);
    let at = one_at_the_end.len() - 7;
    one_at_the_end[at..at + 4].copy_from_slice(b"MAKE");
    vec![
        Input {
            name: "a string of `[` where an array is wanted",
            result: with_entities(&string_of(b"[", size)),
            corrected: None,
        },
        Input {
            name: "a string of `{\"a\":` where an array is wanted",
            result: with_entities(&string_of(br#"{\"a\":"#, size)),
            corrected: None,
        },
        Input {
            name: "a string of quotes where an array is wanted",
            result: with_entities(&string_of(br#"\""#, size)),
            corrected: None,
        },
        Input {
            name: "a string of backslashes where an array is wanted",
            result: with_entities(&string_of(br"\\", size)),
            corrected: None,
        },
        Input {
            name: "`[` nested without end",
            result: with_entities(&vec![b'['; size]),
            corrected: None,
        },
        Input {
            name: "`{\"a\":` nested without end",
            result: br#"{"a":"#.repeat(size / 5),
            corrected: None,
        },
        Input {
            name: "an array of 0 where an object is wanted",
            result: array_of(b"0", size),
            corrected: None,
        },
        Input {
            name: "an array of `[]` where objects are wanted",
            result: with_entities(&array_of(b"[]", size)),
            corrected: None,
        },
        Input {
            name: "one item to repair, at the end",
            result: with_entities(&one_at_the_end),
            corrected: None,
        },
        Input {
            name: "every item to repair (`MAKE`)",
            result: with_entities(&array_of(br#"{"name":"Bugatti","kind":"MAKE"}"#, size)),
            corrected: Some(with_entities(&array_of(item, size))),
        },
    ]
}

fn decode(result: &[u8], mode: ResultMode) -> bool {
    workflow_runtime::repair::decode::<CarResult>(result, RESULT_SCHEMA, mode).is_ok()
}

fn time_inputs(size: usize, rounds: usize) {
    println!(
        "\n### Repair against strict, decode only ({} MiB bodies, {rounds} interleaved rounds)\n",
        size / MIB
    );
    const REPAIR: usize = 0;
    const STRICT: usize = 1;
    const CORRECTED: usize = 2;
    let mut rows = Vec::new();
    for input in inputs(size) {
        let contenders = if input.corrected.is_some() { 3 } else { 2 };
        let names = ["repair", "strict", "strict, corrected answer"];
        let mut time = Rounds::new(&names[..contenders]);
        let mut outcome = [false; 3];
        for round in 0..rounds + 1 {
            for index in rotation(round, contenders) {
                let started = Instant::now();
                outcome[index] = match index {
                    REPAIR => decode(&input.result, ResultMode::Repair),
                    STRICT => decode(&input.result, ResultMode::Strict),
                    _ => decode(
                        input.corrected.as_deref().unwrap_or_default(),
                        ResultMode::Strict,
                    ),
                };
                if round > 0 {
                    time.push(index, nanos(started.elapsed()));
                }
            }
        }
        let against_strict = time.ratio(REPAIR, STRICT);
        let against_corrected = (contenders == 3).then(|| time.ratio(REPAIR, CORRECTED));
        rows.push(vec![
            input.name.to_owned(),
            format!("{:.1} MiB", input.result.len() as f64 / MIB as f64),
            show_nanos(time.median(REPAIR)),
            show_nanos(time.median(STRICT)),
            format!("{against_strict:.3}"),
            against_corrected.map_or("-".to_owned(), |ratio| format!("{ratio:.3}")),
            if outcome[REPAIR] { "decoded" } else { "error" }.to_owned(),
        ]);
        let what = format!("time repair / strict: {}", input.name);
        match against_corrected {
            // Strict fails at the first item, repair fixes them all: the fair baseline is the
            // same answer written right.
            Some(ratio) => {
                report::ratio("hostile", &what, against_strict, Target::None);
                report::ratio(
                    "hostile",
                    &format!(
                        "time repair / strict of the corrected answer: {}",
                        input.name
                    ),
                    ratio,
                    Target::AtMost(2.0),
                );
            }
            None => report::ratio("hostile", &what, against_strict, Target::AtMost(2.0)),
        }
    }
    report::table(
        &[
            "input",
            "size",
            "repair",
            "strict",
            "repair / strict",
            "repair / strict of corrected",
            "repair's outcome",
        ],
        &rows,
    );
}

fn memory_inputs(size: usize, rounds: usize) {
    println!(
        "\n### Peak heap of whole runs over the body ({} MiB bodies, {rounds} rounds, the most)\n",
        size / MIB
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the client runtime starts");
    let mut rows = Vec::new();
    let mut worst = [0f64; 3];
    for input in inputs(size) {
        let mut body = br#"{"result":"#.to_vec();
        body.extend_from_slice(&input.result);
        body.push(b'}');
        let body_len = body.len() as f64;
        let server = Server::start(Bytes::from(body));
        let client = Client::builder()
            .api_key(API_KEY)
            .base_url(server.url())
            .retry_policy(RetryPolicy::none())
            .timeout(Duration::from_secs(120))
            .build()
            .expect("the client builds");
        let input_json = serde_json::json!({ "prompt": "hi" });
        let mut peaks = [0f64; 3];
        for round in 0..rounds {
            for index in rotation(round, 3) {
                let baseline = alloc::reset_peak();
                runtime.block_on(async {
                    match index {
                        0 | 1 => {
                            let mode = if index == 0 {
                                ResultMode::Strict
                            } else {
                                ResultMode::Repair
                            };
                            let _ = client.run::<Car>(&input_json).result_mode(mode).await;
                        }
                        _ => {
                            let _ = client.run_json("dep_bench", input_json.clone()).await;
                        }
                    }
                });
                let extra = alloc::peak().saturating_sub(baseline) as f64 / body_len;
                peaks[index] = peaks[index].max(extra);
            }
        }
        for (worst, peak) in worst.iter_mut().zip(peaks) {
            *worst = worst.max(peak);
        }
        rows.push(vec![
            input.name.to_owned(),
            format!("{:.2}x", peaks[0]),
            format!("{:.2}x", peaks[1]),
            format!("{:.2}x", peaks[2]),
        ]);
    }
    report::table(
        &["input", "typed, Strict", "typed, Repair", "run_json"],
        &rows,
    );
    for (index, what) in ["typed Strict", "typed Repair", "run_json"]
        .iter()
        .enumerate()
    {
        report::ratio(
            "hostile",
            &format!("peak heap / body, {what}, worst input"),
            worst[index],
            Target::AtMost(4.0),
        );
    }
}

fn offload(rounds: usize) {
    println!(
        "\n### Decoding inline against on the blocking pool (catalog results, {rounds} rounds)\n"
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the runtime starts");
    let schema = <catalog::Catalog as Workflow>::RESULT_SCHEMA
        .expect("generated workflows carry their schema");
    let mut rows = Vec::new();
    for size in [16 << 10, 64 << 10, 256 << 10, 1 << 20] {
        let body = catalog_body(size);
        let result = Bytes::from(body[r#"{"result":"#.len()..body.len() - 1].to_vec());
        let mut time = Rounds::new(&["inline", "spawn_blocking"]);
        let repeat = (4 << 20) / size;
        for round in 0..rounds + 1 {
            for index in rotation(round, 2) {
                let started = Instant::now();
                for _ in 0..repeat {
                    let decoded = if index == 0 {
                        workflow_runtime::repair::decode::<catalog::Output>(
                            &result,
                            schema,
                            ResultMode::Repair,
                        )
                        .is_ok()
                    } else {
                        let moved = result.clone();
                        runtime.block_on(async move {
                            tokio::task::spawn_blocking(move || {
                                workflow_runtime::repair::decode::<catalog::Output>(
                                    &moved,
                                    schema,
                                    ResultMode::Repair,
                                )
                                .is_ok()
                            })
                            .await
                            .expect("the decode does not panic")
                        })
                    };
                    assert!(decoded, "the catalog decodes");
                }
                if round > 0 {
                    time.push(index, nanos(started.elapsed()) / repeat as f64);
                }
            }
        }
        let ratio = time.ratio(1, 0);
        rows.push(vec![
            format!("{} KiB", result.len() >> 10),
            show_nanos(time.median(0)),
            show_nanos(time.median(1)),
            format!("{ratio:.3}"),
        ]);
        report::ratio(
            "offload",
            &format!("time spawn_blocking / inline, {} KiB", size >> 10),
            ratio,
            Target::None,
        );
    }
    report::table(
        &[
            "result",
            "inline (worker blocked)",
            "spawn_blocking (round trip)",
            "ratio",
        ],
        &rows,
    );
}

fn main() {
    let quick = report::quick();
    let size = if quick { 8 * MIB } else { 31 * MIB };
    time_inputs(size, if quick { 3 } else { 7 });
    memory_inputs(size, if quick { 1 } else { 2 });
    offload(if quick { 5 } else { 15 });
}
