//! A blocking [`Client`] (feature `blocking`): the same runs, for programs without an async
//! runtime.
//!
//! ```no_run
//! # fn demo() -> Result<(), workflow_runtime::Error> {
//! let client = workflow_runtime::blocking::Client::from_env()?;
//! let result = client.run_json("dep_123", serde_json::json!({ "prompt": "fastest car?" }))?;
//! println!("{result}");
//! # Ok(())
//! # }
//! ```
//!
//! Each client owns a small tokio runtime (one worker thread, shared by its clones) that keeps
//! its connections alive between calls; a run blocks the calling thread until it is done.
//! Generated workflow modules get `run_blocking` and `run_deployment_blocking` next to `run`
//! and `run_deployment` when this feature is on.
//!
//! # Inside an async program
//!
//! Call it from a thread of your own, from `tokio::task::spawn_blocking`, or from a task of a
//! multi-thread tokio runtime (it then uses `tokio::task::block_in_place`, so the runtime's other
//! tasks keep running). On a current-thread runtime (`#[tokio::test]`,
//! `#[tokio::main(flavor = "current_thread")]`) blocking would stall the runtime and everything
//! it drives, so every run returns [`Error::Config`] there instead: use the async
//! [`crate::Client`]. (tokio cannot tell that runtime's own thread from its `spawn_blocking`
//! threads, so those are refused too.) Dropping a blocking client never panics, wherever it
//! happens.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::runtime::{Handle, RuntimeFlavor};

use crate::client::Detailed;
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

    /// [`crate::Client::run`], blocking.
    ///
    /// # Errors
    ///
    /// As [`crate::Client::run`], and [`Error::Config`] on a current-thread async runtime (see
    /// the [module docs](self)).
    pub fn run<W: Workflow>(&self, input: &W::Input) -> Result<W::Output, Error> {
        self.block_on(self.client.run::<W>(input))
    }

    /// [`crate::Client::run_with`], blocking.
    ///
    /// # Errors
    ///
    /// As [`Client::run`].
    pub fn run_with<W: Workflow>(
        &self,
        input: &W::Input,
        options: &RunOptions,
    ) -> Result<W::Output, Error> {
        self.block_on(self.client.run_with::<W>(input, options))
    }

    /// [`crate::Client::run_deployment`], blocking.
    ///
    /// # Errors
    ///
    /// As [`Client::run`].
    pub fn run_deployment<W: Workflow>(
        &self,
        deployment_id: &str,
        input: &W::Input,
    ) -> Result<W::Output, Error> {
        self.block_on(self.client.run_deployment::<W>(deployment_id, input))
    }

    /// [`crate::Client::run_deployment_with`], blocking.
    ///
    /// # Errors
    ///
    /// As [`Client::run`].
    pub fn run_deployment_with<W: Workflow>(
        &self,
        deployment_id: &str,
        input: &W::Input,
        options: &RunOptions,
    ) -> Result<W::Output, Error> {
        self.block_on(
            self.client
                .run_deployment_with::<W>(deployment_id, input, options),
        )
    }

    /// [`crate::Client::run_detailed`], blocking: the output with its repairs, attempts and
    /// request id.
    ///
    /// # Errors
    ///
    /// As [`Client::run`].
    pub fn run_detailed<W: Workflow>(
        &self,
        input: &W::Input,
    ) -> Result<Detailed<W::Output>, Error> {
        self.block_on(self.client.run_detailed::<W>(input))
    }

    /// [`crate::Client::run_detailed_with`], blocking.
    ///
    /// # Errors
    ///
    /// As [`Client::run`].
    pub fn run_detailed_with<W: Workflow>(
        &self,
        input: &W::Input,
        options: &RunOptions,
    ) -> Result<Detailed<W::Output>, Error> {
        self.block_on(self.client.run_detailed_with::<W>(input, options))
    }

    /// [`crate::Client::run_deployment_detailed`], blocking.
    ///
    /// # Errors
    ///
    /// As [`Client::run`].
    pub fn run_deployment_detailed<W: Workflow>(
        &self,
        deployment_id: &str,
        input: &W::Input,
    ) -> Result<Detailed<W::Output>, Error> {
        self.block_on(
            self.client
                .run_deployment_detailed::<W>(deployment_id, input),
        )
    }

    /// [`crate::Client::run_deployment_detailed_with`], blocking.
    ///
    /// # Errors
    ///
    /// As [`Client::run`].
    pub fn run_deployment_detailed_with<W: Workflow>(
        &self,
        deployment_id: &str,
        input: &W::Input,
        options: &RunOptions,
    ) -> Result<Detailed<W::Output>, Error> {
        self.block_on(
            self.client
                .run_deployment_detailed_with::<W>(deployment_id, input, options),
        )
    }

    /// [`crate::Client::run_json`], blocking.
    ///
    /// # Errors
    ///
    /// As [`Client::run`].
    pub fn run_json(
        &self,
        deployment_id: &str,
        input: serde_json::Value,
    ) -> Result<serde_json::Value, Error> {
        self.block_on(self.client.run_json(deployment_id, input))
    }

    /// [`crate::Client::run_json_with`], blocking.
    ///
    /// # Errors
    ///
    /// As [`Client::run`].
    pub fn run_json_with(
        &self,
        deployment_id: &str,
        input: serde_json::Value,
        options: &RunOptions,
    ) -> Result<serde_json::Value, Error> {
        self.block_on(self.client.run_json_with(deployment_id, input, options))
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
pub struct ClientBuilder(crate::ClientBuilder);

/// Setters that forward to the async builder's, with a link to their docs.
macro_rules! forward {
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
    forward! {
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
    /// As [`crate::ClientBuilder::build`], and [`Error::Config`] when the client's runtime cannot
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
