//! Large results: a 1 MiB and a 16 MiB result (an array of objects with strings, numbers,
//! booleans, tags and nested objects: `schemas/catalog.json`) through the typed client's
//! whole run (`catalog::run`) against a hand-written reqwest + serde client decoding the same
//! body into the same type (both pay the same HTTP cost, so their ratio is the runtime's
//! overhead); and, on the bytes already in memory, the runtime's decode entry point
//! (`workflow_runtime::repair::decode`: the fast path, then repairs only on failure) against
//! `serde_json::from_slice` into the same type (the decode floor).
//! Time (median over interleaved rounds) and peak heap during the call, over the body size,
//! from a counting global allocator.
//!
//! `cargo bench -p workflow-bench --bench large_results [-- --quick]`

use std::time::Instant;

use bytes::Bytes;
use serde::Deserialize;
use workflow_bench::alloc::{self, CountingAlloc};
use workflow_bench::fixtures::catalog_body;
use workflow_bench::report::{self, Target};
use workflow_bench::server::Server;
use workflow_bench::stats::{Rounds, nanos, rotation, show_nanos};
use workflow_runtime::reqwest;
use workflow_runtime::reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use workflow_runtime::{Client, ResultMode, Workflow};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

workflow_runtime::workflow!("schemas/catalog.json");

const API_KEY: &str = "sk-bench-0123456789abcdef";
const MIB: usize = 1024 * 1024;

#[derive(Deserialize)]
struct RunResponse<T> {
    result: T,
}

/// The hand-written client: reqwest with the runtime's pool settings, the body read whole with
/// `bytes()`, decoded with `serde_json::from_slice` into the generated type.
#[derive(Debug, Clone)]
struct HandWritten {
    http: reqwest::Client,
    url: String,
}

impl HandWritten {
    fn new(base_url: &str) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(10))
            .timeout(std::time::Duration::from_secs(300))
            .redirect(workflow_runtime::redirect_policy())
            .pool_max_idle_per_host(64)
            .build()
            .expect("reqwest builds");
        HandWritten {
            http,
            url: format!("{base_url}/v1/workflows/dep_bench_catalog/run"),
        }
    }

    async fn run(
        &self,
        input: &catalog::Input,
    ) -> Result<catalog::Output, Box<dyn std::error::Error + Send + Sync>> {
        let body = serde_json::to_vec(&serde_json::json!({ "input": input }))?;
        let response = self
            .http
            .post(&self.url)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header("api_key", HeaderValue::from_static(API_KEY))
            .body(body)
            .send()
            .await?
            .error_for_status()?;
        let bytes = response.bytes().await?;
        Ok(serde_json::from_slice::<RunResponse<catalog::Output>>(&bytes)?.result)
    }
}

const NAMES: [&str; 4] = [
    "typed catalog::run (whole run)",
    "hand-written reqwest + serde (whole run)",
    "runtime decode: repair::decode (decode only)",
    "serde_json::from_slice (decode only)",
];
const TYPED: usize = 0;
const HAND_WRITTEN: usize = 1;
const RUNTIME_DECODE: usize = 2;
const FROM_SLICE: usize = 3;

struct Setup {
    runtime: tokio::runtime::Runtime,
    typed: Client,
    hand: HandWritten,
    input: catalog::Input,
    body: Bytes,
    /// The `result` member of the body, as the runtime's decode entry point takes it.
    result: Bytes,
    items: usize,
}

impl Setup {
    fn new(size: usize) -> Setup {
        let body = Bytes::from(catalog_body(size));
        let server = Server::start(body.clone());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("the client runtime starts");
        let typed = Client::builder()
            .api_key(API_KEY)
            .base_url(server.url())
            .build()
            .expect("the typed client builds");
        let items = serde_json::from_slice::<RunResponse<catalog::Output>>(&body)
            .expect("the body fits the catalog's result")
            .result
            .items
            .len();
        // `{"result":` ... `}`: the body is written compactly, by serde_json.
        let result = body.slice(r#"{"result":"#.len()..body.len() - 1);
        Setup {
            runtime,
            result,
            typed,
            hand: HandWritten::new(&server.url()),
            input: catalog::Input {
                document_url: "https://example.com/catalog.pdf".into(),
            },
            body,
            items,
        }
    }

    /// Runs contender `index` once; returns the number of items decoded.
    fn call(&self, index: usize) -> usize {
        match index {
            TYPED => self.runtime.block_on(async {
                catalog::run(&self.typed, &self.input)
                    .await
                    .expect("the typed run succeeds")
                    .items
                    .len()
            }),
            HAND_WRITTEN => self.runtime.block_on(async {
                self.hand
                    .run(&self.input)
                    .await
                    .expect("the hand-written run succeeds")
                    .items
                    .len()
            }),
            RUNTIME_DECODE => {
                let schema = <catalog::Catalog as Workflow>::RESULT_SCHEMA
                    .expect("generated workflows carry their result schema");
                let (output, repairs) = workflow_runtime::repair::decode::<catalog::Output>(
                    &self.result,
                    schema,
                    ResultMode::Repair,
                )
                .expect("the result decodes");
                assert!(repairs.is_empty(), "a fitting result needs no repair");
                output.items.len()
            }
            _ => serde_json::from_slice::<catalog::Output>(&self.result)
                .expect("the result decodes")
                .items
                .len(),
        }
    }
}

fn measure(size: usize, rounds: usize) {
    let setup = Setup::new(size);
    let body_len = setup.body.len() as f64;
    let mut time = Rounds::new(&NAMES);
    let mut peak = Rounds::new(&NAMES);
    const WARM_UP: usize = 1;
    for round in 0..WARM_UP + rounds {
        for index in rotation(round, NAMES.len()) {
            let baseline = alloc::reset_peak();
            let started = Instant::now();
            let items = setup.call(index);
            let elapsed = started.elapsed();
            let extra = alloc::peak().saturating_sub(baseline);
            assert_eq!(items, setup.items, "every contender decodes every item");
            if round >= WARM_UP {
                time.push(index, nanos(elapsed));
                peak.push(index, extra as f64 / body_len);
            }
        }
    }
    let label = format!("{} MiB", size / MIB);
    println!(
        "\n### {label} result ({} bytes, {} items), {rounds} interleaved rounds (medians)\n",
        setup.body.len(),
        setup.items
    );
    let rows: Vec<Vec<String>> = (0..NAMES.len())
        .map(|index| {
            vec![
                NAMES[index].to_owned(),
                show_nanos(time.median(index)),
                format!("{:.0} MB/s", body_len / time.median(index) * 1e3),
                format!("{:.2}x", peak.median(index)),
                if index < RUNTIME_DECODE {
                    format!("{:.3}", time.ratio(index, HAND_WRITTEN))
                } else {
                    "-".to_owned()
                },
                format!("{:.3}", time.ratio(index, FROM_SLICE)),
            ]
        })
        .collect();
    report::table(
        &[
            "contender",
            "time",
            "throughput",
            "peak heap / body",
            "time vs hand-written",
            "time vs from_slice",
        ],
        &rows,
    );
    let bench = format!("decode {label}");
    report::ratio(
        &bench,
        "time typed run / hand-written run (same HTTP)",
        time.ratio(TYPED, HAND_WRITTEN),
        Target::AtMost(1.1),
    );
    report::ratio(
        &bench,
        "time runtime decode / serde_json::from_slice (same bytes)",
        time.ratio(RUNTIME_DECODE, FROM_SLICE),
        Target::AtMost(1.1),
    );
    report::ratio(
        &bench,
        "peak heap / body, runtime decode alone",
        peak.median(RUNTIME_DECODE),
        Target::AtMost(2.5),
    );
    report::ratio(
        &bench,
        "peak heap / body, typed run",
        peak.median(TYPED),
        Target::AtMost(2.5),
    );
    report::ratio(
        &bench,
        "peak heap / body, hand-written run",
        peak.median(HAND_WRITTEN),
        Target::None,
    );
    report::ratio(
        &bench,
        "peak heap / body, from_slice alone",
        peak.median(FROM_SLICE),
        Target::None,
    );
}

fn main() {
    if let Some(contender) = report::argument("--calls") {
        // For instruction counts under callgrind: `--calls <contender> --count <n>` on a 1 MiB
        // result; scripts/bench.sh runs two counts and divides the difference.
        let contender: usize = contender.parse().expect("--calls takes a contender index");
        let count: usize = report::argument("--count")
            .map_or(5, |count| count.parse().expect("--count takes a number"));
        let setup = Setup::new(MIB);
        for _ in 0..1 + count {
            setup.call(contender);
        }
        return;
    }
    let quick = report::quick();
    println!("## large results: whole runs against a local server, and decode alone");
    measure(MIB, if quick { 15 } else { 61 });
    measure(16 * MIB, if quick { 5 } else { 15 });
}
