//! Run overhead: the typed client (`car::run`, as `workflow!` generates it) against a
//! hand-written reqwest + serde client, a `serde_json::Value` client (`Client::run_json`) and a
//! raw hyper client (the physical floor), all calling the same local server that answers a fixed
//! `{"result": {...}}`. Concurrency 1 and 64; requests per second, p50 and p99 latency; the
//! contenders take turns in interleaved rounds and the table shows medians over rounds.
//!
//! `cargo bench -p workflow-bench --bench run_overhead [-- --quick]`

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use serde::{Deserialize, Serialize};
use tokio::net::TcpStream;
use tokio::task::JoinSet;
use workflow_bench::report::{self, Target};
use workflow_bench::server::Server;
use workflow_bench::stats::{Rounds, nanos, percentile, rotation, show_nanos, sorted};
use workflow_runtime::Client;
use workflow_runtime::reqwest;
use workflow_runtime::reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, USER_AGENT};

workflow_runtime::workflow!("../schemas/car.json");
workflow_runtime::workflow!("schemas/car-unbounded.json");

/// `car` as runs were before `INPUT_CHECKS`: the whole input schema checked on every run
/// (`INPUT_CHECKS` defaults to `INPUT_SCHEMA`), side by side with what `car::Car` checks now.
struct CarWholeSchema;

impl workflow_runtime::Workflow for CarWholeSchema {
    type Input = car::Input;
    type Output = car::Output;
    const NAME: &'static str = "car";
    const DEPLOYMENT_ID: Option<&'static str> = car::DEPLOYMENT_ID;
    const INPUT_SCHEMA: Option<&'static str> =
        <car::Car as workflow_runtime::Workflow>::INPUT_SCHEMA;
    const RESULT_SCHEMA: Option<&'static str> =
        <car::Car as workflow_runtime::Workflow>::RESULT_SCHEMA;
}

const API_KEY: &str = "sk-bench-0123456789abcdef";
const DEPLOYMENT: &str = match car::DEPLOYMENT_ID {
    Some(deployment_id) => deployment_id,
    None => panic!("schemas/car.json has a deployment id"),
};
const PROMPT: &str = "what is the fastest car in the world?";
const COMPLETION: &str = "The current record holder for the fastest car in the world is the \
    Bugatti Chiron Super Sport 300+, which reached a top speed of 304.77 mph (490.48 km/h) in 2019.";
const MAX_CONNECTIONS: usize = 64;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const TIMEOUT: Duration = Duration::from_secs(300);

/// What a hand-written client would declare: its own serde structs, the call's envelope.
mod hand_written {
    use super::*;

    #[derive(Debug, Clone, Serialize)]
    pub(crate) struct CarInput {
        pub(crate) prompt: String,
    }

    #[derive(Debug, Deserialize)]
    pub(crate) struct CarOutput {
        pub(crate) completion: String,
    }

    #[derive(Serialize)]
    pub(crate) struct RunRequest<'a, T> {
        pub(crate) input: &'a T,
    }

    #[derive(Deserialize)]
    pub(crate) struct RunResponse<T> {
        pub(crate) result: T,
    }

    pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

    /// A reqwest client with the runtime's pool settings (connect timeout, idle connections per
    /// host, redirect policy) and a whole-request timeout, as careful hand-written code has.
    #[derive(Debug, Clone)]
    pub(crate) struct CarClient {
        http: reqwest::Client,
        url: String,
        api_key: HeaderValue,
    }

    impl CarClient {
        pub(crate) fn new(base_url: &str) -> Self {
            let http = reqwest::Client::builder()
                .connect_timeout(CONNECT_TIMEOUT)
                .timeout(TIMEOUT)
                .redirect(workflow_runtime::redirect_policy())
                .pool_max_idle_per_host(MAX_CONNECTIONS)
                .user_agent("hand-written/1.0")
                .build()
                .expect("reqwest builds");
            let mut api_key = HeaderValue::from_static(API_KEY);
            api_key.set_sensitive(true);
            CarClient {
                http,
                url: format!("{base_url}/v1/workflows/{}/run", DEPLOYMENT),
                api_key,
            }
        }

        pub(crate) async fn run(&self, input: &CarInput) -> Result<CarOutput, BoxError> {
            let body = serde_json::to_vec(&RunRequest { input })?;
            let response = self
                .http
                .post(&self.url)
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .header(ACCEPT, HeaderValue::from_static("application/json"))
                .header("api_key", self.api_key.clone())
                .body(body)
                .send()
                .await?
                .error_for_status()?;
            let bytes = response.bytes().await?;
            Ok(serde_json::from_slice::<RunResponse<CarOutput>>(&bytes)?.result)
        }
    }
}

/// One contender's per-task state.
enum Caller {
    Typed(Client, car::Input),
    TypedWholeSchema(Client, car::Input),
    TypedProven(Client, car_unbounded::Input),
    HandWritten(hand_written::CarClient, hand_written::CarInput),
    Json(Client),
    RawHyper(SendRequest<Full<Bytes>>, SocketAddr, hand_written::CarInput),
}

impl Caller {
    async fn call(&mut self) {
        match self {
            Caller::Typed(client, input) => {
                let output = car::run(client, input)
                    .await
                    .expect("the typed run succeeds");
                check(&output.completion);
            }
            Caller::TypedWholeSchema(client, input) => {
                let output = client
                    .run::<CarWholeSchema>(input)
                    .await
                    .expect("the typed run succeeds");
                check(&output.completion);
            }
            Caller::TypedProven(client, input) => {
                let output = car_unbounded::run(client, input)
                    .await
                    .expect("the typed run succeeds");
                check(&output.completion);
            }
            Caller::HandWritten(client, input) => {
                let output = client
                    .run(input)
                    .await
                    .expect("the hand-written run succeeds");
                check(&output.completion);
            }
            Caller::Json(client) => {
                let input = serde_json::json!({ "prompt": PROMPT });
                let output = client
                    .run_json(DEPLOYMENT, input)
                    .await
                    .expect("the untyped run succeeds");
                check(output["completion"].as_str().unwrap_or_default());
            }
            Caller::RawHyper(sender, address, input) => {
                let output = raw_run(sender, *address, input)
                    .await
                    .expect("the raw hyper run succeeds");
                check(&output.completion);
            }
        }
    }
}

fn check(completion: &str) {
    assert_eq!(
        completion.len(),
        COMPLETION.len(),
        "the server's answer came back"
    );
}

/// The physical floor: one HTTP/1 exchange on a connection this task owns, the request
/// serialized and the answer decoded with serde, nothing else.
async fn raw_run(
    sender: &mut SendRequest<Full<Bytes>>,
    address: SocketAddr,
    input: &hand_written::CarInput,
) -> Result<hand_written::CarOutput, hand_written::BoxError> {
    let body = serde_json::to_vec(&hand_written::RunRequest { input })?;
    let request = hyper::Request::post(format!("/v1/workflows/{}/run", DEPLOYMENT))
        .header(hyper::header::HOST, address.to_string())
        .header(CONTENT_TYPE, "application/json")
        .header(ACCEPT, "application/json")
        .header(USER_AGENT, "raw-hyper/1.0")
        .header("api_key", API_KEY)
        .body(Full::new(Bytes::from(body)))?;
    sender.ready().await?;
    let response = sender.send_request(request).await?;
    if !response.status().is_success() {
        return Err(format!("status {}", response.status()).into());
    }
    let bytes = response.into_body().collect().await?.to_bytes();
    Ok(
        serde_json::from_slice::<hand_written::RunResponse<hand_written::CarOutput>>(&bytes)?
            .result,
    )
}

async fn connect(address: SocketAddr) -> SendRequest<Full<Bytes>> {
    let stream = TcpStream::connect(address)
        .await
        .expect("the server accepts");
    stream.set_nodelay(true).expect("TCP_NODELAY can be set");
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("the HTTP/1 handshake succeeds");
    tokio::spawn(connection);
    sender
}

const NAMES: [&str; 7] = [
    "typed car::run (default: input validation on)",
    "typed car::run, validate_input(false)",
    "hand-written reqwest + serde",
    "serde_json::Value (Client::run_json)",
    "raw hyper (floor)",
    "typed car, whole input schema checked (as before INPUT_CHECKS)",
    "typed car_unbounded::run (the types prove its schema: no check)",
];
const TYPED: usize = 0;
const TYPED_NO_VALIDATION: usize = 1;
const HAND_WRITTEN: usize = 2;
const JSON: usize = 3;
const RAW: usize = 4;
const TYPED_WHOLE_SCHEMA: usize = 5;
const TYPED_PROVEN: usize = 6;

/// Every contender's callers: one per concurrent task.
struct Contenders {
    callers: Vec<Vec<Caller>>,
}

async fn contenders(server: &Server, concurrency: usize) -> Contenders {
    let typed = Client::builder()
        .api_key(API_KEY)
        .base_url(server.url())
        .build()
        .expect("the typed client builds");
    let typed_no_validation = Client::builder()
        .api_key(API_KEY)
        .base_url(server.url())
        .validate_input(false)
        .build()
        .expect("the typed client builds");
    let untyped = Client::builder()
        .api_key(API_KEY)
        .base_url(server.url())
        .build()
        .expect("the untyped client builds");
    let hand = hand_written::CarClient::new(&server.url());
    let car_input = || car::Input {
        prompt: PROMPT.into(),
    };
    let hand_input = || hand_written::CarInput {
        prompt: PROMPT.into(),
    };
    let mut raw = Vec::new();
    for _ in 0..concurrency {
        raw.push(Caller::RawHyper(
            connect(server.address()).await,
            server.address(),
            hand_input(),
        ));
    }
    Contenders {
        callers: vec![
            (0..concurrency)
                .map(|_| Caller::Typed(typed.clone(), car_input()))
                .collect(),
            (0..concurrency)
                .map(|_| Caller::Typed(typed_no_validation.clone(), car_input()))
                .collect(),
            (0..concurrency)
                .map(|_| Caller::HandWritten(hand.clone(), hand_input()))
                .collect(),
            (0..concurrency)
                .map(|_| Caller::Json(untyped.clone()))
                .collect(),
            raw,
            (0..concurrency)
                .map(|_| Caller::TypedWholeSchema(typed.clone(), car_input()))
                .collect(),
            (0..concurrency)
                .map(|_| {
                    Caller::TypedProven(
                        typed.clone(),
                        car_unbounded::Input {
                            prompt: PROMPT.into(),
                        },
                    )
                })
                .collect(),
        ],
    }
}

/// `concurrency` tasks (one per caller) making `per_task` calls each; the wall time and every
/// call's latency in nanoseconds.
async fn batch(callers: Vec<Caller>, per_task: usize) -> (Vec<Caller>, Duration, Vec<f64>) {
    let started = Instant::now();
    let mut tasks = JoinSet::new();
    for mut caller in callers {
        tasks.spawn(async move {
            let mut latencies = Vec::with_capacity(per_task);
            for _ in 0..per_task {
                let call_started = Instant::now();
                caller.call().await;
                latencies.push(nanos(call_started.elapsed()));
            }
            (caller, latencies)
        });
    }
    let mut callers = Vec::new();
    let mut latencies = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let (caller, task_latencies) = done.expect("a bench task does not panic");
        callers.push(caller);
        latencies.extend(task_latencies);
    }
    (callers, started.elapsed(), latencies)
}

struct Measured {
    throughput: Rounds,
    p50: Rounds,
    p99: Rounds,
}

async fn measure(server: &Server, concurrency: usize, per_task: usize, rounds: usize) -> Measured {
    let mut contenders = contenders(server, concurrency).await;
    let mut measured = Measured {
        throughput: Rounds::new(&NAMES),
        p50: Rounds::new(&NAMES),
        p99: Rounds::new(&NAMES),
    };
    const WARM_UP: usize = 2;
    for round in 0..WARM_UP + rounds {
        for index in rotation(round, NAMES.len()) {
            let callers = std::mem::take(&mut contenders.callers[index]);
            let (callers, elapsed, latencies) = batch(callers, per_task).await;
            contenders.callers[index] = callers;
            if round < WARM_UP {
                continue;
            }
            let latencies = sorted(&latencies);
            measured
                .throughput
                .push(index, latencies.len() as f64 / elapsed.as_secs_f64());
            measured.p50.push(index, percentile(&latencies, 50.0));
            measured.p99.push(index, percentile(&latencies, 99.0));
        }
    }
    measured
}

/// `--calls <contender> <count>`: only `count` sequential calls of one contender (after 50 to
/// warm up), for instruction counts under callgrind: `scripts/bench.sh` runs two counts and
/// divides the difference, so setup and warm-up cancel out.
fn calls_only(server: &Server, runtime: &tokio::runtime::Runtime, contender: usize, count: usize) {
    runtime.block_on(async {
        let mut contenders = contenders(server, 1).await;
        let callers = std::mem::take(&mut contenders.callers[contender]);
        let (callers, _, _) = batch(callers, 50).await;
        batch(callers, count).await;
    });
}

fn main() {
    let quick = report::quick();
    let rounds = if quick { 7 } else { 21 };
    let server = Server::start(Bytes::from(
        serde_json::to_vec(&serde_json::json!({ "result": { "completion": COMPLETION } }))
            .expect("JSON serializes"),
    ));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the client runtime starts");
    if let Some(contender) = report::argument("--calls") {
        let contender: usize = contender.parse().expect("--calls takes a contender index");
        let count = report::argument("--count")
            .map_or(1000, |count| count.parse().expect("--count takes a number"));
        calls_only(&server, &runtime, contender, count);
        return;
    }
    println!(
        "## run overhead: {rounds} interleaved rounds, client on one current-thread runtime, \
         server on its own thread"
    );
    for (concurrency, per_task) in [
        (1, if quick { 600 } else { 2000 }),
        (64, if quick { 20 } else { 60 }),
    ] {
        let measured = runtime.block_on(measure(&server, concurrency, per_task, rounds));
        println!(
            "\n### concurrency {concurrency}: {} requests per contender per round (medians over rounds)\n",
            concurrency * per_task
        );
        let rows: Vec<Vec<String>> = (0..NAMES.len())
            .map(|index| {
                vec![
                    NAMES[index].to_owned(),
                    format!("{:.0}", measured.throughput.median(index)),
                    show_nanos(measured.p50.median(index)),
                    show_nanos(measured.p99.median(index)),
                    format!("{:.3}", measured.throughput.ratio(index, HAND_WRITTEN)),
                    format!("{:.3}", measured.p99.ratio(index, HAND_WRITTEN)),
                    format!("{:.3}", measured.throughput.ratio(index, RAW)),
                ]
            })
            .collect();
        report::table(
            &[
                "client",
                "req/s",
                "p50",
                "p99",
                "req/s vs hand-written",
                "p99 vs hand-written",
                "req/s vs raw hyper",
            ],
            &rows,
        );
        let bench = format!("run c={concurrency}");
        for (index, label) in [
            (TYPED, "typed (default)"),
            (TYPED_NO_VALIDATION, "typed (no validation)"),
            (TYPED_PROVEN, "typed (schema the types prove)"),
        ] {
            report::ratio(
                &bench,
                &format!("req/s {label} / hand-written"),
                measured.throughput.ratio(index, HAND_WRITTEN),
                Target::AtLeast(0.98),
            );
            report::ratio(
                &bench,
                &format!("p99 {label} / hand-written"),
                measured.p99.ratio(index, HAND_WRITTEN),
                Target::AtMost(1.05),
            );
        }
        report::ratio(
            &bench,
            "req/s typed (default) / typed checking the whole schema (before)",
            measured.throughput.ratio(TYPED, TYPED_WHOLE_SCHEMA),
            Target::None,
        );
        report::ratio(
            &bench,
            "req/s typed checking the whole schema (before) / hand-written",
            measured.throughput.ratio(TYPED_WHOLE_SCHEMA, HAND_WRITTEN),
            Target::None,
        );
        report::ratio(
            &bench,
            "req/s serde_json::Value / hand-written",
            measured.throughput.ratio(JSON, HAND_WRITTEN),
            Target::None,
        );
        report::ratio(
            &bench,
            "req/s hand-written / raw hyper (floor)",
            measured.throughput.ratio(HAND_WRITTEN, RAW),
            Target::None,
        );
        report::ratio(
            &bench,
            "req/s typed (default) / raw hyper (floor)",
            measured.throughput.ratio(TYPED, RAW),
            Target::None,
        );
    }
}
