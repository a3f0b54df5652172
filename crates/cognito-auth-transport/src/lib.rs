//! How cognito-auth talks to a Cognito endpoint: one action in, one raw answer
//! out.
//!
//! [`Transport`] is an async trait over bytes: it sends a [`Request`] (the
//! `X-Amz-Target` value, the JSON body, extra headers) and returns a
//! [`Response`] (status, headers, body). It does **not** retry or interpret
//! errors; the client facade decides.
//!
//! Implementations here:
//! * [`HttpsTransport`] (feature `https`, default): hyper 1 + rustls with the
//!   ring provider and bundled web PKI roots, connect and request timeouts;
//!   plain `http://` only for loopback endpoints unless explicitly allowed.
//! * [`FnTransport`]: wraps an async closure, for tests.
//!
//! mock-cognito provides an in-process transport that calls its service
//! without a socket.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

#[cfg(feature = "https")]
mod https;
#[cfg(feature = "https")]
pub use https::{HttpsTransport, HttpsTransportBuilder};

/// The JSON 1.1 content type Cognito speaks.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// One action to send.
#[derive(Clone)]
pub struct Request {
    /// The full `X-Amz-Target` value, e.g.
    /// `AWSCognitoIdentityProviderService.InitiateAuth`.
    pub target: String,
    /// The JSON body.
    pub body: Vec<u8>,
    /// Extra headers (names are case-insensitive). `Content-Type` and
    /// `X-Amz-Target` are set by the transport.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// A request with no extra headers.
    pub fn new(target: impl Into<String>, body: impl Into<Vec<u8>>) -> Self {
        Self {
            target: target.into(),
            body: body.into(),
            headers: Vec::new(),
        }
    }
}

impl fmt::Debug for Request {
    // Bodies carry passwords and tokens: never print them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("target", &self.target)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// The raw answer.
#[derive(Clone, Default)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Headers, names lowercased.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// Why a request got no answer. Nothing here means the service said no; that
/// is a [`Response`] with an error status.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// The endpoint URL is unusable (bad syntax, unsupported scheme, or plain
    /// HTTP to a non-loopback host without opting in).
    #[error("invalid endpoint {endpoint:?}: {reason}")]
    InvalidEndpoint {
        /// The endpoint as given.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Could not connect (DNS, TCP, TLS handshake).
    #[error("could not connect to {endpoint}: {source}")]
    Connect {
        /// The endpoint.
        endpoint: String,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// No complete answer within the configured time.
    #[error("no answer from {endpoint} within {seconds:.1} s")]
    Timeout {
        /// The endpoint.
        endpoint: String,
        /// The limit that was exceeded.
        seconds: f64,
    },
    /// The connection broke while sending or receiving.
    #[error("connection to {endpoint} failed: {source}")]
    Io {
        /// The endpoint.
        endpoint: String,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The answer was larger than the transport accepts.
    #[error("answer larger than {limit} bytes")]
    ResponseTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// Anything else, from custom transports.
    #[error("{0}")]
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl TransportError {
    /// True when trying again later may help (connect failures, timeouts,
    /// broken connections).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::Connect { .. } | Self::Timeout { .. } | Self::Io { .. }
        )
    }

    /// Wraps any error as [`TransportError::Other`].
    pub fn other(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Other(e.into())
    }
}

/// Sends one Cognito action and returns the raw answer.
#[async_trait::async_trait]
pub trait Transport: Send + Sync {
    /// Sends `request`; any HTTP answer (even 4xx/5xx) is `Ok`.
    async fn send(&self, request: Request) -> Result<Response, TransportError>;
}

#[async_trait::async_trait]
impl<T: Transport + ?Sized> Transport for Arc<T> {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        (**self).send(request).await
    }
}

#[async_trait::async_trait]
impl<T: Transport + ?Sized> Transport for Box<T> {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        (**self).send(request).await
    }
}

type BoxFuture = Pin<Box<dyn Future<Output = Result<Response, TransportError>> + Send>>;

/// A transport backed by a closure, for tests:
///
/// ```
/// use cognito_auth_transport::{FnTransport, Response, Transport, Request};
/// let t = FnTransport::new(|req: Request| async move {
///     assert!(req.target.ends_with(".SignUp"));
///     Ok(Response { status: 200, headers: vec![], body: b"{}".to_vec() })
/// });
/// # let _ = &t;
/// ```
pub struct FnTransport {
    f: Box<dyn Fn(Request) -> BoxFuture + Send + Sync>,
}

impl FnTransport {
    /// Wraps an async closure.
    pub fn new<F, Fut>(f: F) -> Self
    where
        F: Fn(Request) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Response, TransportError>> + Send + 'static,
    {
        Self {
            f: Box::new(move |req| Box::pin(f(req))),
        }
    }
}

impl fmt::Debug for FnTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FnTransport")
    }
}

#[async_trait::async_trait]
impl Transport for FnTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        (self.f)(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn fn_transport_passes_requests_through() {
        let t = FnTransport::new(|req: Request| async move {
            Ok(Response {
                status: 200,
                headers: vec![("x-target".into(), req.target)],
                body: req.body,
            })
        });
        let r = t
            .send(Request::new(
                "AWSCognitoIdentityProviderService.SignUp",
                b"{\"a\":1}".to_vec(),
            ))
            .await
            .expect("ok");
        assert_eq!(
            r.header("X-Target"),
            Some("AWSCognitoIdentityProviderService.SignUp")
        );
        assert_eq!(r.body, b"{\"a\":1}");
        assert!(r.is_success());
    }

    #[test]
    fn debug_never_prints_bodies() {
        let req = Request::new("T", b"{\"PASSWORD\":\"hunter2\"}".to_vec());
        assert!(!format!("{req:?}").contains("hunter2"));
        let resp = Response {
            status: 200,
            headers: vec![],
            body: b"{\"AccessToken\":\"secret\"}".to_vec(),
        };
        assert!(!format!("{resp:?}").contains("secret"));
    }
}
