//! `blocking::Client` end to end, the `run_blocking` functions generated code gets, and what
//! happens inside async runtimes.

use std::future::IntoFuture;
use std::time::Duration;

use serde_json::json;
use workflow_runtime::testing::MockStudio;
use workflow_runtime::{ErrorKind, RetryPolicy, Route, RunOptions, blocking};

use crate::support::*;

/// A mock served by a runtime of its own, so that plain test threads can block on clients.
struct Served {
    studio: MockStudio,
    runtime: tokio::runtime::Runtime,
}

impl Served {
    fn start() -> Served {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let studio = runtime.block_on(MockStudio::start_with_api_key(SECRET_KEY));
        Served { studio, runtime }
    }

    fn client(&self) -> blocking::Client {
        blocking::Client::builder()
            .api_key(SECRET_KEY)
            .base_url(self.studio.url())
            .no_proxy()
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap()
    }
}

#[test]
fn the_blocking_client_runs_like_the_async_one() {
    let served = Served::start();
    served.studio.on::<Car>().respond(|input| CarResult {
        completion: format!("blocking: {}", input.prompt),
        entities: Vec::new(),
    });
    served.studio.on::<Draft>().respond(|_| chiron());
    served
        .studio
        .on_deployment("dep_json")
        .respond(|input| input);
    let client = served.client();

    let result = client.run::<Car>(&fastest()).send().unwrap();
    assert_eq!(result.completion, "blocking: fastest car?");

    let result = client
        .run::<Draft>(&fastest())
        .deployment("draft")
        .send()
        .unwrap();
    assert_eq!(result, chiron());

    let echoed = client
        .run_json("dep_json", json!({ "x": 1 }))
        .send()
        .unwrap();
    assert_eq!(echoed, json!({ "x": 1 }));

    // Clones share the runtime and the pool, across threads.
    let threads: Vec<_> = (0..4)
        .map(|index| {
            let client = client.clone();
            std::thread::spawn(move || {
                client
                    .run_json("dep_json", json!({ "i": index }))
                    .options(&RunOptions::new())
                    .send()
                    .unwrap()
            })
        })
        .collect();
    for (index, thread) in threads.into_iter().enumerate() {
        assert_eq!(thread.join().unwrap(), json!({ "i": index }));
    }

    let error = client
        .run::<Car>(&fastest())
        .deployment("dep_nope")
        .options(&RunOptions::new())
        .send()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "workflow car (dep_nope): server answered 404 Not Found: no workflow with this \
         deployment id; body: {}"
    );
    let error = client.run::<Draft>(&fastest()).send().unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Config { .. }),
        "{error:?}"
    );

    let shown = format!("{client:?}");
    assert!(
        shown.starts_with("blocking::Client { client: Client { "),
        "{shown}"
    );
    assert!(!shown.contains("SECRET"), "{shown}");
}

#[test]
fn the_blocking_client_takes_every_setting_and_times_out() {
    let served = Served::start();
    served.studio.on::<Car>().respond(|_| chiron());
    let client = blocking::Client::builder()
        .api_key(SECRET_KEY)
        .base_url(served.studio.url())
        .route(Route::Instructions)
        .no_proxy()
        .build()
        .unwrap();
    assert_eq!(client.run::<Car>(&fastest()).send().unwrap(), chiron());
    assert_eq!(
        served.studio.requests()[0].path,
        "/api/v1/instructions/dep_123/run"
    );

    let (silent, _server) = served.runtime.block_on(silent_server());
    let slow = blocking::Client::builder()
        .api_key(SECRET_KEY)
        .base_url(silent)
        .no_proxy()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = slow.run::<Car>(&fastest()).send().unwrap_err();
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): no answer within 200ms"
    );
    assert_between(started.elapsed(), 190, 3000);

    let error = blocking::Client::builder().build().unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Config { .. }),
        "{error:?}"
    );
    let error = blocking::Client::new("")
        .run::<Car>(&fastest())
        .send()
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Config { .. }),
        "{error:?}"
    );
}

#[test]
fn a_blocking_client_from_an_async_one_shares_its_settings() {
    let served = Served::start();
    served.studio.on::<Car>().respond(|_| chiron());
    let async_client = builder_for(served.studio.url()).build().unwrap();

    let client = blocking::Client::from(async_client);

    assert_eq!(client.run::<Car>(&fastest()).send().unwrap(), chiron());
    assert!(format!("{:?}", client.as_async()).contains(served.studio.url()));
}

#[tokio::test(flavor = "current_thread")]
async fn on_a_current_thread_runtime_the_blocking_client_refuses_instead_of_stalling() {
    let studio = MockStudio::start_with_api_key(SECRET_KEY).await;
    studio.on::<Car>().respond(|_| chiron());
    let client = blocking::Client::builder()
        .api_key(SECRET_KEY)
        .base_url(studio.url())
        .no_proxy()
        .build()
        .unwrap();

    let error = client.run::<Car>(&fastest()).send().unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::Config { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the blocking client was called on a current-thread async runtime, which it would \
         stall: use the async `workflow_runtime::Client` there, or a multi-thread runtime"
    );
    assert!(studio.requests().is_empty());
    // Dropped inside the runtime: no panic.
    drop(client);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_multi_thread_runtime_the_blocking_client_works_and_drops_cleanly() {
    let studio = MockStudio::start_with_api_key(SECRET_KEY).await;
    studio.on::<Car>().respond(|_| chiron());
    let client = blocking::Client::builder()
        .api_key(SECRET_KEY)
        .base_url(studio.url())
        .no_proxy()
        .build()
        .unwrap();

    // On a worker: block_in_place keeps the mock (a task of this runtime) running.
    assert_eq!(client.run::<Car>(&fastest()).send().unwrap(), chiron());

    // On a blocking thread.
    let moved = client.clone();
    let result = tokio::task::spawn_blocking(move || moved.run::<Car>(&fastest()).send())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(result, chiron());

    drop(client);
}

/// What `workflow!` writes for a workflow, by hand, including the call to the macro under test,
/// in a module that shadows the prelude names generated code must not rely on. (Generated
/// modules are public in real crates; in a test binary nothing is reachable.)
#[deny(warnings)]
#[allow(unreachable_pub, dead_code)]
mod generated {
    type Result = ();
    type Option = ();
    struct String;
    struct Box;
    mod serde {}

    /// The input.
    #[derive(::serde::Serialize, ::serde::Deserialize)]
    pub struct Input {
        /// The prompt.
        pub prompt: ::std::string::String,
    }

    /// The output.
    #[derive(::serde::Serialize, ::serde::Deserialize)]
    pub struct Output {
        /// The completion.
        pub completion: ::std::string::String,
    }

    /// The marker.
    pub struct Car;

    impl ::workflow_runtime::Workflow for Car {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "car";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> =
            ::std::option::Option::Some("dep_123");
    }

    ::workflow_runtime::__private::workflow_fns!(Car, "car");
}

#[test]
fn generated_modules_get_run_and_run_blocking_from_one_macro() {
    let served = Served::start();
    served
        .studio
        .on::<generated::Car>()
        .respond(|input| generated::Output {
            completion: format!("default: {}", input.prompt),
        });
    served
        .studio
        .on::<generated::Car>()
        .deployment("dep_other")
        .respond(|input| generated::Output {
            completion: format!("other: {}", input.prompt),
        });
    let client = served.client();
    let input = generated::Input {
        prompt: "fastest car?".into(),
    };

    let result: generated::Output = generated::run_blocking(&client, &input).send().unwrap();
    assert_eq!(result.completion, "default: fastest car?");

    let result = generated::run_blocking(&client, &input)
        .deployment("dep_other")
        .send()
        .unwrap();
    assert_eq!(result.completion, "other: fastest car?");

    // The async `run` the same macro writes, on the same settings and pool.
    let awaited = served
        .runtime
        .block_on(
            generated::run(client.as_async(), &input)
                .deployment("dep_other")
                .into_future(),
        )
        .unwrap();
    assert_eq!(awaited.completion, "other: fastest car?");
}

#[tokio::test(flavor = "current_thread")]
async fn spawn_blocking_threads_of_a_current_thread_runtime_are_refused_too() {
    let client = blocking::Client::builder()
        .api_key(SECRET_KEY)
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();

    let error = tokio::task::spawn_blocking(move || client.run::<Car>(&fastest()).send())
        .await
        .unwrap()
        .unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::Config { .. }),
        "{error:?}"
    );
}

#[test]
fn the_blocking_client_returns_repairs_and_takes_the_result_mode() {
    use crate::repair::{Triager, llm_answer, ticket};
    use workflow_runtime::ResultMode;

    let served = Served::start();
    served.studio.on::<Triager>().respond_json(|_| llm_answer());
    let client = served.client();

    let detailed = client.run::<Triager>(&ticket()).detailed().send().unwrap();
    assert_eq!(detailed.output.score, 0.9);
    assert_eq!(detailed.repairs.len(), 9);
    assert_eq!(detailed.attempts, 1);
    let detailed = client
        .run::<Triager>(&ticket())
        .deployment("dep_triage")
        .detailed()
        .send()
        .unwrap();
    assert_eq!(detailed.repairs.len(), 9);

    let strict = RunOptions::new().result_mode(ResultMode::Strict);
    let error = client
        .run::<Triager>(&ticket())
        .options(&strict)
        .detailed()
        .send()
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Decode { .. }),
        "{error:?}"
    );
    let error = client
        .run::<Triager>(&ticket())
        .deployment("dep_triage")
        .options(&strict)
        .detailed()
        .send()
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Decode { .. }),
        "{error:?}"
    );

    let strict_client = blocking::Client::builder()
        .api_key(SECRET_KEY)
        .base_url(served.studio.url())
        .no_proxy()
        .result_mode(ResultMode::Strict)
        .build()
        .unwrap();
    let error = strict_client.run::<Triager>(&ticket()).send().unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Decode { .. }),
        "{error:?}"
    );
}
