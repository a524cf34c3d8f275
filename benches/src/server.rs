//! A local HTTP/1 server on `127.0.0.1` that answers every request with one fixed `200` JSON
//! body: the same for every contender, and as cheap as a server can be, so that the table
//! shows client costs.
//!
//! It runs on a thread of its own with a current-thread tokio runtime, so that it never
//! shares a scheduler with the client under test (on a 2-core machine: one core each).

use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// A running server; it lives until the process exits.
#[derive(Debug, Clone)]
pub struct Server {
    address: SocketAddr,
}

impl Server {
    /// Starts a server answering `body` (as `application/json`, with its `Content-Length`) to
    /// every request, after reading the request's body.
    pub fn start(body: Bytes) -> Server {
        let (ready, address) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("bench-server".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("the server's runtime starts");
                runtime.block_on(async move {
                    let listener = TcpListener::bind("127.0.0.1:0")
                        .await
                        .expect("a loopback port is free");
                    ready
                        .send(
                            listener
                                .local_addr()
                                .expect("a bound listener has an address"),
                        )
                        .expect("the caller waits for the address");
                    serve(listener, body).await;
                });
            })
            .expect("the server thread starts");
        Server {
            address: address
                .recv()
                .expect("the server thread reports its address"),
        }
    }

    /// Where it listens.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }
}

async fn serve(listener: TcpListener, body: Bytes) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let body = body.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request: Request<Incoming>| {
                let body = body.clone();
                async move {
                    // Read the request to its end, as a real server does, so the connection
                    // can carry the next one.
                    let _ = request.into_body().collect().await;
                    let mut response = Response::new(Full::new(body));
                    response
                        .headers_mut()
                        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                    Ok::<_, Infallible>(response)
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
