//! The `/_mock/*` test endpoints and the `/.well-known` documents.

use bytes::Bytes;
use http::{Method, Response, StatusCode, Uri};
use serde_json::{Value, json};

use crate::service::{MockService, document_response, mock_error, ok_doc};
use crate::state::{SentCode, State};

/// Codes in the outbox, oldest first, filtered by user (username, alias or
/// sub, resolved per pool) and pool.
pub fn filter_codes(st: &State, username: Option<&str>, pool_id: Option<&str>) -> Vec<SentCode> {
    st.outbox
        .iter()
        .filter(|c| pool_id.is_none_or(|p| c.user_pool_id == p))
        .filter(|c| match username {
            None => true,
            Some(u) => {
                if c.username == u || c.destination.eq_ignore_ascii_case(u) {
                    return true;
                }
                st.pools.get(&c.user_pool_id).is_some_and(|pool| {
                    pool.find_user_admin(u)
                        .and_then(|k| pool.users.get(&k))
                        .is_some_and(|user| user.username == c.username)
                })
            }
        })
        .cloned()
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'+') => {
                out.push(b' ');
                i += 1;
            }
            Some(b'%') => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            Some(&b) => {
                out.push(b);
                i += 1;
            }
            None => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn query_param(uri: &Uri, name: &str) -> Option<String> {
    uri.query()?.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (percent_decode(k) == name).then(|| percent_decode(v))
    })
}

fn clock_doc(svc: &MockService) -> Value {
    let c = svc.clock();
    json!({
        "now": c.now_ms() as f64 / 1000.0,
        "offsetSeconds": c.offset_ms() as f64 / 1000.0,
    })
}

/// `/_mock/*`.
pub fn handle(svc: &MockService, method: &Method, uri: &Uri, body: &Bytes) -> Response<Bytes> {
    let path = uri.path().trim_end_matches('/');
    match (method.as_str(), path) {
        ("GET", "/_mock/codes") => {
            let user = query_param(uri, "username");
            let pool = query_param(uri, "userPoolId");
            let codes = svc.codes(user.as_deref(), pool.as_deref());
            ok_doc(serde_json::to_value(codes).unwrap_or(Value::Array(Vec::new())))
        }
        ("POST", "/_mock/reset") => {
            svc.reset();
            ok_doc(json!({}))
        }
        ("GET", "/_mock/clock") => ok_doc(clock_doc(svc)),
        ("POST", "/_mock/clock") => {
            let v: Value = if body.is_empty() {
                json!({})
            } else {
                match serde_json::from_slice(body) {
                    Ok(v) => v,
                    Err(e) => {
                        return mock_error(
                            StatusCode::BAD_REQUEST,
                            &format!("body is not JSON: {e}"),
                        );
                    }
                }
            };
            match v.get("advanceSeconds") {
                Some(n) => match n.as_f64() {
                    Some(secs) if secs.is_finite() && secs.abs() < 1e11 => {
                        svc.clock().advance_ms((secs * 1000.0) as i64);
                    }
                    _ => {
                        return mock_error(
                            StatusCode::BAD_REQUEST,
                            "advanceSeconds must be a number of seconds",
                        );
                    }
                },
                None if v.get("reset").and_then(Value::as_bool) == Some(true) => {
                    svc.clock().reset();
                }
                None => {
                    return mock_error(
                        StatusCode::BAD_REQUEST,
                        "expected {\"advanceSeconds\": n} or {\"reset\": true}",
                    );
                }
            }
            ok_doc(clock_doc(svc))
        }
        ("GET", "/_mock/info") => ok_doc(json!({
            "endpoint": svc.endpoint(),
            "region": svc.region(),
            "userPoolId": svc.user_pool_id(),
            "userPoolClientId": svc.client_id(),
        })),
        (_, "/_mock/codes" | "/_mock/reset" | "/_mock/clock" | "/_mock/info") => {
            mock_error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed here")
        }
        _ => mock_error(
            StatusCode::NOT_FOUND,
            "unknown /_mock endpoint; see docs/mock.md (codes, reset, clock, info)",
        ),
    }
}

/// `GET /{userPoolId}/.well-known/jwks.json` and `…/openid-configuration`.
pub fn well_known(svc: &MockService, path: &str) -> Response<Bytes> {
    let mut parts = path.trim_start_matches('/').splitn(2, '/');
    let pool_id = parts.next().unwrap_or("");
    let rest = parts.next().unwrap_or("");
    let exists = svc.inner.lock().pools.contains_key(pool_id);
    if !exists {
        return document_response(
            StatusCode::NOT_FOUND,
            &json!({"__type": "ResourceNotFoundException", "message": format!("User pool {pool_id} does not exist.")}),
        );
    }
    match rest {
        ".well-known/jwks.json" => match svc.inner.pool_keys(pool_id) {
            Ok(keys) => document_response(StatusCode::OK, &keys.jwks()),
            Err(e) => crate::service::error_response(&e),
        },
        ".well-known/openid-configuration" => {
            let updated = svc
                .inner
                .lock()
                .pools
                .get(pool_id)
                .is_some_and(|p| p.settings.issuer_updated);
            let issuer = svc.inner.issuer(pool_id, updated);
            let base = format!("{}/{pool_id}", svc.endpoint());
            document_response(
                StatusCode::OK,
                &json!({
                    "issuer": issuer,
                    "jwks_uri": format!("{base}/.well-known/jwks.json"),
                    "authorization_endpoint": format!("{base}/oauth2/authorize"),
                    "token_endpoint": format!("{base}/oauth2/token"),
                    "userinfo_endpoint": format!("{base}/oauth2/userInfo"),
                    "response_types_supported": ["code", "token"],
                    "scopes_supported": ["openid", "email", "phone", "profile"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                }),
            )
        }
        _ => document_response(
            StatusCode::NOT_FOUND,
            &json!({"__type": "ResourceNotFoundException", "message": format!("No resource at {path}")}),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_decoding() {
        let uri: Uri = "/_mock/codes?username=a%40b.co&userPoolId=us-east-1_X"
            .parse()
            .expect("uri");
        assert_eq!(query_param(&uri, "username").as_deref(), Some("a@b.co"));
        assert_eq!(
            query_param(&uri, "userPoolId").as_deref(),
            Some("us-east-1_X")
        );
        assert_eq!(query_param(&uri, "nope"), None);
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
