//! [`InProcessTransport`]: cognito-auth's `Transport` served by a
//! [`MockService`] directly, with no socket and no server thread.

use bytes::Bytes;
use cognito_auth_transport::{Request, Response, Transport, TransportError};
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};

use crate::service::{AMZ_JSON, MockService};

/// Sends each request straight to a [`MockService`].
#[derive(Clone, Debug)]
pub struct InProcessTransport {
    service: MockService,
}

impl InProcessTransport {
    /// A transport over `service`.
    pub fn new(service: MockService) -> Self {
        Self { service }
    }

    /// The service behind it.
    pub fn service(&self) -> &MockService {
        &self.service
    }
}

#[async_trait::async_trait]
impl Transport for InProcessTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let mut builder = http::Request::builder()
            .method(http::Method::POST)
            .uri("/")
            .header(CONTENT_TYPE, AMZ_JSON);
        for (name, value) in &request.headers {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) && n != CONTENT_TYPE
            {
                builder = builder.header(n, v);
            }
        }
        let req = builder
            .header("x-amz-target", request.target.as_str())
            .body(Bytes::from(request.body))
            .map_err(TransportError::other)?;
        let resp = self.service.handle(req).await;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .filter_map(|(k, v)| {
                v.to_str()
                    .ok()
                    .map(|v| (k.as_str().to_ascii_lowercase(), v.to_owned()))
            })
            .collect();
        Ok(Response {
            status,
            headers,
            body: resp.into_body().to_vec(),
        })
    }
}
