use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::{CONTENT_TYPE, Request, Response, Transport, TransportError};

type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

/// The default limit on an answer's size (Cognito answers are a few KiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// Builder for [`HttpsTransport`].
#[derive(Debug, Clone)]
pub struct HttpsTransportBuilder {
    endpoint: String,
    connect_timeout: Duration,
    request_timeout: Duration,
    allow_plain_http: bool,
    max_response_bytes: usize,
    user_agent: String,
}

impl HttpsTransportBuilder {
    /// Time allowed for DNS + TCP + TLS (default 5 s).
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }

    /// Time allowed for a whole request, answer body included (default 15 s).
    pub fn request_timeout(mut self, t: Duration) -> Self {
        self.request_timeout = t;
        self
    }

    /// Allows `http://` to hosts other than loopback. Off by default: tokens
    /// and passwords must not cross a network in clear text.
    pub fn allow_plain_http(mut self, allow: bool) -> Self {
        self.allow_plain_http = allow;
        self
    }

    /// Largest answer accepted (default 4 MiB).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// Builds the transport, validating the endpoint.
    pub fn build(self) -> Result<HttpsTransport, TransportError> {
        let invalid = |reason: &str| TransportError::InvalidEndpoint {
            endpoint: self.endpoint.clone(),
            reason: reason.to_owned(),
        };
        let uri: http::Uri = self
            .endpoint
            .parse()
            .map_err(|e: http::uri::InvalidUri| invalid(&e.to_string()))?;
        let host = uri.host().ok_or_else(|| invalid("no host"))?;
        match uri.scheme_str() {
            Some("https") => {}
            Some("http") if self.allow_plain_http || is_loopback(host) => {}
            Some("http") => {
                return Err(invalid(
                    "plain http is only allowed to loopback hosts (use https, or allow_plain_http)",
                ));
            }
            _ => return Err(invalid("scheme must be https or http")),
        }
        let uri = if uri.path().is_empty() {
            let mut parts = uri.into_parts();
            parts.path_and_query = Some(http::uri::PathAndQuery::from_static("/"));
            http::Uri::from_parts(parts).map_err(|e| invalid(&e.to_string()))?
        } else {
            uri
        };

        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| invalid(&format!("TLS configuration: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(self.connect_timeout));
        http.set_nodelay(true);
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
        Ok(HttpsTransport {
            client,
            uri,
            endpoint: self.endpoint,
            request_timeout: self.request_timeout,
            max_response_bytes: self.max_response_bytes,
            user_agent: self.user_agent,
        })
    }
}

fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// hyper 1 + rustls (ring, bundled web PKI roots) HTTPS client for one
/// endpoint, e.g. `https://cognito-idp.us-east-1.amazonaws.com/`.
///
/// Needs a tokio runtime. Cheap to clone (shares the connection pool).
#[derive(Clone)]
pub struct HttpsTransport {
    client: Client<Connector, Full<Bytes>>,
    uri: http::Uri,
    endpoint: String,
    request_timeout: Duration,
    max_response_bytes: usize,
    user_agent: String,
}

impl std::fmt::Debug for HttpsTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpsTransport")
            .field("endpoint", &self.endpoint)
            .field("request_timeout", &self.request_timeout)
            .finish_non_exhaustive()
    }
}

impl HttpsTransport {
    /// A builder for `endpoint`.
    pub fn builder(endpoint: impl Into<String>) -> HttpsTransportBuilder {
        HttpsTransportBuilder {
            endpoint: endpoint.into(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(15),
            allow_plain_http: false,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: concat!("cognito-auth/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }

    /// A transport with default settings.
    pub fn new(endpoint: impl Into<String>) -> Result<Self, TransportError> {
        Self::builder(endpoint).build()
    }

    /// The regional Cognito endpoint for a region (`us-east-1` →
    /// `https://cognito-idp.us-east-1.amazonaws.com/`; China regions use
    /// `amazonaws.com.cn`).
    pub fn regional_endpoint(region: &str) -> String {
        let suffix = if region.starts_with("cn-") {
            "amazonaws.com.cn"
        } else {
            "amazonaws.com"
        };
        format!("https://cognito-idp.{region}.{suffix}/")
    }

    /// The endpoint this transport talks to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    async fn send_inner(&self, request: Request) -> Result<Response, TransportError> {
        let mut builder = http::Request::builder()
            .method(http::Method::POST)
            .uri(self.uri.clone())
            .header(http::header::CONTENT_TYPE, CONTENT_TYPE)
            .header("x-amz-target", request.target.as_str())
            .header(http::header::USER_AGENT, self.user_agent.as_str())
            .header(http::header::CACHE_CONTROL, "no-store");
        for (k, v) in &request.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        let req = builder
            .body(Full::new(Bytes::from(request.body)))
            .map_err(|e| TransportError::other(format!("could not build the request: {e}")))?;
        let resp = self.client.request(req).await.map_err(|e| {
            if e.is_connect() {
                TransportError::Connect {
                    endpoint: self.endpoint.clone(),
                    source: Box::new(e),
                }
            } else {
                TransportError::Io {
                    endpoint: self.endpoint.clone(),
                    source: Box::new(e),
                }
            }
        })?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let limit = self.max_response_bytes;
        let body = Limited::new(resp.into_body(), limit)
            .collect()
            .await
            .map_err(|e| {
                if e.is::<http_body_util::LengthLimitError>() {
                    TransportError::ResponseTooLarge { limit }
                } else {
                    TransportError::Io {
                        endpoint: self.endpoint.clone(),
                        source: e,
                    }
                }
            })?
            .to_bytes()
            .to_vec();
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

#[async_trait::async_trait]
impl Transport for HttpsTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        match tokio::time::timeout(self.request_timeout, self.send_inner(request)).await {
            Ok(result) => result,
            Err(_) => Err(TransportError::Timeout {
                endpoint: self.endpoint.clone(),
                seconds: self.request_timeout.as_secs_f64(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[test]
    fn endpoint_rules() {
        assert!(HttpsTransport::new("https://cognito-idp.us-east-1.amazonaws.com/").is_ok());
        assert!(HttpsTransport::new("http://127.0.0.1:9229").is_ok());
        assert!(HttpsTransport::new("http://localhost:9229/").is_ok());
        assert!(HttpsTransport::new("http://[::1]:9229/").is_ok());
        let e = HttpsTransport::new("http://example.com/").expect_err("plain http refused");
        assert!(matches!(e, TransportError::InvalidEndpoint { .. }));
        assert!(
            HttpsTransport::builder("http://example.com/")
                .allow_plain_http(true)
                .build()
                .is_ok()
        );
        assert!(HttpsTransport::new("ftp://x/").is_err());
        assert!(HttpsTransport::new("not a url").is_err());
        assert_eq!(
            HttpsTransport::regional_endpoint("eu-west-1"),
            "https://cognito-idp.eu-west-1.amazonaws.com/"
        );
        assert_eq!(
            HttpsTransport::regional_endpoint("cn-north-1"),
            "https://cognito-idp.cn-north-1.amazonaws.com.cn/"
        );
    }

    /// A one-shot HTTP/1.1 server on loopback that records the request head
    /// and answers with a fixed response.
    async fn one_shot(answer: &'static [u8]) -> (String, tokio::task::JoinHandle<String>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let handle = tokio::spawn(async move {
            let (mut sock, _) = listener.accept().await.expect("accept");
            let mut buf = vec![0u8; 8192];
            let mut got = Vec::new();
            loop {
                let n = sock.read(&mut buf).await.expect("read");
                got.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&got).to_string();
                if let Some(i) = text.find("\r\n\r\n") {
                    let len = text
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length: ")
                                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if got.len() >= i + 4 + len || n == 0 {
                        break;
                    }
                }
                if n == 0 {
                    break;
                }
            }
            sock.write_all(answer).await.expect("write");
            let _ = sock.shutdown().await;
            String::from_utf8_lossy(&got).to_string()
        });
        (format!("http://{addr}/"), handle)
    }

    #[tokio::test]
    async fn sends_json_1_1_and_reads_errors_as_responses() {
        let (url, server) = one_shot(
            b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: NotAuthorizedException:\r\ncontent-length: 27\r\nconnection: close\r\n\r\n{\"__type\":\"NotAuthorized\"}\n",
        )
        .await;
        let t = HttpsTransport::new(url).expect("transport");
        let r = t
            .send(Request::new(
                "AWSCognitoIdentityProviderService.InitiateAuth",
                b"{}".to_vec(),
            ))
            .await
            .expect("answer");
        assert_eq!(r.status, 400);
        assert_eq!(
            r.header("X-Amzn-ErrorType"),
            Some("NotAuthorizedException:")
        );
        let head = server.await.expect("server").to_ascii_lowercase();
        assert!(head.starts_with("post / http/1.1"), "{head}");
        assert!(head.contains("content-type: application/x-amz-json-1.1"));
        assert!(head.contains("x-amz-target: awscognitoidentityproviderservice.initiateauth"));
        assert!(!head.contains("authorization:"), "requests are unsigned");
    }

    #[tokio::test]
    async fn refuses_oversized_answers() {
        let (url, _server) = one_shot(
            b"HTTP/1.1 200 OK\r\ncontent-length: 64\r\nconnection: close\r\n\r\n0123456789012345678901234567890123456789012345678901234567890123",
        )
        .await;
        let t = HttpsTransport::builder(url)
            .max_response_bytes(16)
            .build()
            .expect("transport");
        let e = t
            .send(Request::new("T", b"{}".to_vec()))
            .await
            .expect_err("too large");
        assert!(
            matches!(e, TransportError::ResponseTooLarge { limit: 16 }),
            "{e:?}"
        );
    }

    #[tokio::test]
    async fn connect_failure_is_retryable_and_typed() {
        // Bind then drop to get a port nobody listens on.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            l.local_addr().expect("addr").port()
        };
        let t = HttpsTransport::new(format!("http://127.0.0.1:{port}/")).expect("transport");
        let e = t
            .send(Request::new("T", b"{}".to_vec()))
            .await
            .expect_err("nobody listens");
        assert!(e.is_retryable(), "{e:?}");
        assert!(matches!(e, TransportError::Connect { .. }), "{e:?}");
    }

    #[tokio::test]
    async fn times_out() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let _hold = tokio::spawn(async move {
            let (_sock, _) = listener.accept().await.expect("accept");
            tokio::time::sleep(Duration::from_secs(30)).await;
        });
        let t = HttpsTransport::builder(format!("http://{addr}/"))
            .request_timeout(Duration::from_millis(200))
            .build()
            .expect("transport");
        let e = t
            .send(Request::new("T", b"{}".to_vec()))
            .await
            .expect_err("times out");
        assert!(matches!(e, TransportError::Timeout { .. }), "{e:?}");
        assert!(e.is_retryable());
    }
}
