//! Accepting connections: a deadline for each request's headers and a cap on the connections
//! served at once, so that clients who connect and never finish cannot hold the server (every
//! open connection is a file descriptor, and the database and media need some too).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::response::Response;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tower::{Service, ServiceExt};

use crate::state::AppState;

/// The longest a client may take over a request's headers, whatever the configuration says.
pub const MAX_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let timeout = state
        .config
        .header_read_timeout
        .min(MAX_HEADER_READ_TIMEOUT);
    let cap = state
        .config
        .max_connections
        .clamp(1, Semaphore::MAX_PERMITS);
    let svc = crate::app::service(state);
    let slots = Arc::new(Semaphore::new(cap));
    let (closing, closing_rx) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // At the cap, new connections wait in the listen queue until one ends (an idle one
        // ends at its header deadline).
        let slot = tokio::select! {
            s = slots.clone().acquire_owned() => match s {
                Ok(s) => s,
                Err(_) => break,
            },
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(c) => c,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(
            stream,
            peer,
            svc.clone(),
            timeout,
            closing_rx.clone(),
            slot,
        ));
    }
    drop(listener);
    let _ = closing.send(true);
    // Each connection holds its slot until it has ended.
    let _ = slots.acquire_many(cap as u32).await;
    Ok(())
}

async fn connection<S>(
    stream: TcpStream,
    peer: SocketAddr,
    svc: S,
    header_timeout: Duration,
    mut closing: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
{
    let hyper_svc =
        hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            svc.clone().oneshot(req.map(Body::new))
        });
    let mut http = hyper::server::conn::http1::Builder::new();
    // Without a timer hyper enforces no header deadline at all. The deadline also closes a
    // kept-alive connection that stays idle that long.
    http.timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let conn = http.serve_connection(TokioIo::new(stream), hyper_svc);
    let mut conn = std::pin::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        // The guard `wait_for` returns must not live across the await below.
        _ = async { closing.wait_for(|c| *c).await.map(|_| ()) } => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// A failed accept: the client gave up (try the next one), or the process is out of
/// descriptors (wait a little for some to be freed rather than spin).
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind::*;
    if matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accepting a connection failed");
    tokio::time::sleep(Duration::from_millis(200)).await;
}
