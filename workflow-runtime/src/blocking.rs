//! A blocking [`Client`] (feature `blocking`): the same runs, for programs without an async
//! runtime.
//!
//! ```no_run
//! # fn demo() -> Result<(), workflow_runtime::Error> {
//! let client = workflow_runtime::blocking::Client::from_env()?;
//! let result = client
//!     .run_json("dep_123", serde_json::json!({ "prompt": "fastest car?" }))
//!     .send()?;
//! println!("{result}");
//! # Ok(())
//! # }
//! ```
//!
//! Each client owns a small tokio runtime (one worker thread, shared by its clones) that keeps
//! its connections alive between calls. A run is the same [`Run`] builder as the async
//! client's, with the same setters, ended by [`send`](Run::send) instead of `.await`: it
//! blocks the calling thread until the run is done. (`send`, as reqwest's blocking
//! `RequestBuilder::send`: the call that does the work, named for it, where `.await` cannot
//! be.) Generated workflow modules get `run_blocking(&client, &input)` next to `run` when this
//! feature is on.
//!
//! # Inside an async program
//!
//! Call it from a thread of your own, from `tokio::task::spawn_blocking`, or from a task of a
//! multi-thread tokio runtime (it then uses `tokio::task::block_in_place`, so the runtime's other
//! tasks keep running). On a current-thread runtime (`#[tokio::test]`,
//! `#[tokio::main(flavor = "current_thread")]`) blocking would stall the runtime and everything
//! it drives, so every run returns [`ErrorKind::Config`](crate::ErrorKind::Config) there instead: use the async
//! [`crate::Client`]. (tokio cannot tell that runtime's own thread from its `spawn_blocking`
//! threads, so those are refused too.) Dropping a blocking client never panics, wherever it
//! happens.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::sync::Arc;
use std::time::Duration;

use tokio::runtime::{Handle, RuntimeFlavor};

use crate::client::{Detailed, RunKind, Untyped};
use crate::error::Error;
use crate::options::{Auth, RetryPolicy, Route, RunOptions};
use crate::repair::ResultMode;
use crate::workflow::Workflow;

/// A client that blocks the calling thread until a run is done: the API of
/// [`crate::Client`] without `async`. Cheap to clone (clones share the connection pool and the
/// runtime), `Send` and `Sync`.
#[derive(Clone)]
pub struct Client {
    client: crate::Client,
    runtime: Result<Arc<OwnedRuntime>, String>,
}

/// The runtime a blocking client drives its runs on.
struct OwnedRuntime(Option<tokio::runtime::Runtime>);

impl Drop for OwnedRuntime {
    fn drop(&mut self) {
        // Dropping a runtime the plain way blocks, which panics inside an async context; the
        // last clone of a client may well be dropped there. Nothing of ours outlives a run but
        // idle connections, which may as well be dropped at once.
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl Client {
    /// [`crate::Client::new`], blocking. Never fails: a problem is returned by every run.
    pub fn new(api_key: impl Into<String>) -> Client {
        Client::from_async(crate::Client::new(api_key))
    }

    /// [`crate::Client::from_env`], blocking.
    ///
    /// # Errors
    ///
    /// As [`crate::Client::from_env`].
    pub fn from_env() -> Result<Client, Error> {
        crate::Client::builder_from_lookup(|name| {
            std::env::var_os(name).map(|value| value.to_string_lossy().into_owned())
        })
        .map(ClientBuilder)?
        .build()
    }

    /// A builder with the settings of [`crate::ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder(crate::Client::builder())
    }

    /// A blocking client running on `client`'s settings and connection pool. Prefer
    /// [`Client::builder`]: connections the async client opened on another runtime die with
    /// that runtime. Never fails: if the runtime cannot be started, every run says so.
    pub fn from_async(client: crate::Client) -> Client {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("workflow-runtime-blocking")
            .enable_all()
            .build()
            .map(|runtime| Arc::new(OwnedRuntime(Some(runtime))))
            .map_err(|error| format!("the blocking client's runtime could not start: {error}"));
        Client { client, runtime }
    }

    /// The async client underneath, sharing its settings and connection pool.
    pub fn as_async(&self) -> &crate::Client {
        &self.client
    }

    /// [`crate::Client::run`], blocking: a [`Run`] to set up like the async one, then
    /// [`send`](Run::send).
    ///
    /// ```no_run
    /// # use workflow_runtime::{Error, Workflow};
    /// # fn demo<W: Workflow>(client: &workflow_runtime::blocking::Client, input: &W::Input) -> Result<(), Error> {
    /// let output = client.run::<W>(input).send()?;
    /// let detailed = client.run::<W>(input).deployment("dep_staging").detailed().send()?;
    /// # let _ = (output, detailed);
    /// # Ok(())
    /// # }
    /// ```
    pub fn run<'a, W: Workflow>(&'a self, input: &'a W::Input) -> Run<'a, W> {
        Run {
            client: self,
            run: self.client.run::<W>(input),
        }
    }

    /// [`crate::Client::run_json`], blocking: a [`Run`] to set up like the async one, then
    /// [`send`](Run::send).
    pub fn run_json<'a>(&'a self, deployment_id: &'a str, input: serde_json::Value) -> Run<'a> {
        Run {
            client: self,
            run: self.client.run_json(deployment_id, input),
        }
    }

    fn block_on<T>(&self, run: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        let runtime = match &self.runtime {
            Ok(runtime) => runtime,
            Err(message) => return Err(Error::config(message.clone())),
        };
        let Some(runtime) = &runtime.0 else {
            return Err(Error::config("the blocking client's runtime has stopped"));
        };
        match Handle::try_current().map(|handle| handle.runtime_flavor()) {
            // A plain thread.
            Err(_) => runtime.block_on(run),
            // A worker hands its other tasks to another thread first; on a `spawn_blocking`
            // thread this simply runs the closure.
            Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(|| runtime.block_on(run)),
            // A current-thread runtime (or one tokio adds later) has no other thread to hand its
            // tasks to: blocking it would stall them, and tokio would panic.
            Ok(_) => Err(Error::config(
                "the blocking client was called on a current-thread async runtime, which it \
                 would stall: use the async `workflow_runtime::Client` there, or a multi-thread \
                 runtime",
            )),
        }
    }
}

impl From<crate::Client> for Client {
    fn from(client: crate::Client) -> Self {
        Client::from_async(client)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("blocking::Client");
        debug.field("client", &self.client);
        if let Err(problem) = &self.runtime {
            debug.field("runtime", problem);
        }
        debug.finish()
    }
}

/// Configures a blocking [`Client`]: every setting of [`crate::ClientBuilder`].
#[derive(Clone, Debug, Default)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientBuilder(crate::ClientBuilder);

/// Setters that forward to the async builder's, with a link to their docs.
macro_rules! forward_builder {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            #[doc = concat!("See [`crate::ClientBuilder::", stringify!($name), "`].")]
            pub fn $name(self, $($arg: $ty),*) -> Self {
                ClientBuilder(self.0.$name($($arg),*))
            }
        )*
    };
}

impl ClientBuilder {
    forward_builder! {
        api_key(api_key: impl Into<String>);
        base_url(base_url: impl Into<String>);
        allow_http();
        route(route: Route);
        auth(auth: Auth);
        timeout(timeout: Duration);
        connect_timeout(connect_timeout: Duration);
        retry_policy(retry_policy: RetryPolicy);
        max_response_bytes(max_response_bytes: u64);
        max_connections(max_connections: usize);
        validate_input(validate: bool);
        result_mode(result_mode: ResultMode);
        user_agent(user_agent: impl Into<String>);
        no_proxy();
        http_client(http_client: reqwest::Client);
    }

    /// The client.
    ///
    /// # Errors
    ///
    /// As [`crate::ClientBuilder::build`], and [`ErrorKind::Config`](crate::ErrorKind::Config) when the client's runtime cannot
    /// be started.
    pub fn build(self) -> Result<Client, Error> {
        let client = Client::from_async(self.0.build()?);
        if let Err(message) = &client.runtime {
            return Err(Error::config(message.clone()));
        }
        Ok(client)
    }
}

impl From<crate::ClientBuilder> for ClientBuilder {
    fn from(builder: crate::ClientBuilder) -> Self {
        ClientBuilder(builder)
    }
}

/// A blocking run being set up: [`crate::Run`]'s setters, then [`send`](Run::send), which
/// blocks until the run is done. What [`Client::run`], [`Client::run_json`] and the generated
/// `run_blocking(&client, &input)` return.
#[must_use = "a run does nothing until it is sent"]
pub struct Run<'a, K: RunKind = Untyped, const DETAILED: bool = false> {
    client: &'a Client,
    run: crate::Run<'a, K, DETAILED>,
}

/// Setters that forward to the async run's, with a link to their docs.
macro_rules! forward_run {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            #[doc = concat!("See [`crate::Run::", stringify!($name), "`].")]
            pub fn $name(self, $($arg: $ty),*) -> Self {
                Run {
                    client: self.client,
                    run: self.run.$name($($arg),*),
                }
            }
        )*
    };
}

impl<'a, K: RunKind, const DETAILED: bool> Run<'a, K, DETAILED> {
    forward_run! {
        deployment(deployment_id: &'a str);
        timeout(timeout: Duration);
        retry_policy(retry_policy: RetryPolicy);
        result_mode(result_mode: ResultMode);
        validate_input(validate: bool);
        options(options: &RunOptions);
    }
}

impl<'a, K: RunKind> Run<'a, K> {
    /// See [`crate::Run::detailed`]: [`send`](Run::send) then returns the output with its
    /// repairs, attempts and request id.
    pub fn detailed(self) -> Run<'a, K, true> {
        Run {
            client: self.client,
            run: self.run.detailed(),
        }
    }
}

impl<W: Workflow> Run<'_, W> {
    /// Runs it, blocking the calling thread until it is done: [`crate::Run`] awaited.
    ///
    /// # Errors
    ///
    /// As [`crate::Client::run`], and [`ErrorKind::Config`](crate::ErrorKind::Config) on a
    /// current-thread async runtime (see the [module docs](self)).
    pub fn send(self) -> Result<W::Output, Error> {
        self.client.block_on(self.run.into_future())
    }
}

impl<W: Workflow> Run<'_, W, true> {
    /// Runs it, blocking: the output with its repairs, attempts and request id.
    ///
    /// # Errors
    ///
    /// As [`Run::send`].
    pub fn send(self) -> Result<Detailed<W::Output>, Error> {
        self.client.block_on(self.run.into_future())
    }
}

impl Run<'_, Untyped> {
    /// Runs it, blocking: the result as it came.
    ///
    /// # Errors
    ///
    /// As [`crate::Client::run_json`], and [`ErrorKind::Config`](crate::ErrorKind::Config) on a
    /// current-thread async runtime (see the [module docs](self)).
    pub fn send(self) -> Result<serde_json::Value, Error> {
        self.client.block_on(self.run.into_future())
    }
}

impl Run<'_, Untyped, true> {
    /// Runs it, blocking: the result as it came, with the attempts and request id.
    ///
    /// # Errors
    ///
    /// As [`Run::send`].
    pub fn send(self) -> Result<Detailed<serde_json::Value>, Error> {
        self.client.block_on(self.run.into_future())
    }
}

impl<K: RunKind, const DETAILED: bool> fmt::Debug for Run<'_, K, DETAILED> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::Run").field(&self.run).finish()
    }
}
