//! The awsJson1_1 envelope: dispatch, errors, CORS, well-known documents,
//! the /_mock endpoints.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use bytes::Bytes;
use serde_json::{Value, json};
use support::Mock;

#[test]
fn success_uses_amz_json_and_request_id() {
    let m = Mock::new();
    let a = m.call("DescribeUserPool", json!({"UserPoolId": m.pool}));
    assert_eq!(a.status, 200);
    assert_eq!(a.header("content-type"), Some("application/x-amz-json-1.1"));
    assert_eq!(a.header("x-amzn-requestid").map(str::len), Some(36));
    assert_eq!(a.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn errors_carry_type_message_and_headers() {
    let m = Mock::new();
    let a = m.call(
        "DescribeUserPool",
        json!({"UserPoolId": "us-east-1_nothere"}),
    );
    assert_eq!(a.status, 400);
    assert_eq!(a.error_type(), "ResourceNotFoundException");
    assert_eq!(a.message(), "User pool us-east-1_nothere does not exist.");
    assert_eq!(
        a.header("x-amzn-errortype"),
        Some("ResourceNotFoundException:")
    );
    assert_eq!(
        a.header("x-amzn-errormessage"),
        Some("User pool us-east-1_nothere does not exist.")
    );
    assert_eq!(a.header("content-type"), Some("application/x-amz-json-1.1"));
    assert_eq!(a.header("access-control-allow-origin"), Some("*"));
    assert!(
        a.header("access-control-expose-headers")
            .unwrap()
            .contains("x-amzn-ErrorType")
    );
}

#[test]
fn unknown_action_is_a_cognito_shaped_error() {
    let m = Mock::new();
    let a = m.call("Frobnicate", json!({}));
    assert_eq!(a.status, 400);
    assert_eq!(a.error_type(), "UnknownOperationException");
    let a = m.raw(None, b"{}");
    assert_eq!(a.error_type(), "UnknownOperationException");
}

#[test]
fn malformed_json_wrong_types_and_missing_fields() {
    let m = Mock::new();
    let a = m.raw(Some("InitiateAuth"), b"{not json");
    assert_eq!(a.status, 400);
    assert_eq!(a.error_type(), "SerializationException");
    let a = m.call("InitiateAuth", json!({"AuthFlow": 5, "ClientId": m.client}));
    assert_eq!(a.error_type(), "SerializationException");
    let a = m.call("InitiateAuth", json!({"AuthFlow": "USER_PASSWORD_AUTH"}));
    assert_eq!(a.error_type(), "InvalidParameterException");
    assert!(
        a.message().contains("Value null at 'clientId'"),
        "{}",
        a.message()
    );
    let a = m.raw(Some("SignUp"), b"[1,2,3]");
    assert_eq!(a.error_type(), "SerializationException");
}

#[test]
fn oversized_body_is_refused() {
    let m = Mock::new();
    let big = vec![b' '; mock_cognito::MAX_BODY_BYTES + 1];
    let a = m.raw(Some("SignUp"), &big);
    assert_eq!(a.error_type(), "RequestEntityTooLargeException");
    assert_eq!(a.status, 413);
}

#[test]
fn unimplemented_actions_say_so() {
    let m = Mock::new();
    // One the proto crate has shapes for, and real operations it has not
    // (domains, tags): "not implemented", not "unknown operation".
    for (action, body) in [
        ("GetSigningCertificate", json!({"UserPoolId": m.pool})),
        (
            "AddCustomAttributes",
            json!({"UserPoolId": m.pool, "CustomAttributes": [{"Name": "x", "AttributeDataType": "String"}]}),
        ),
        ("DescribeUserPoolDomain", json!({"Domain": "example"})),
        (
            "ListTagsForResource",
            json!({"ResourceArn": "arn:aws:cognito-idp:us-east-1:1:userpool/x"}),
        ),
    ] {
        let (t, msg) = m.fail(action, body);
        assert_eq!(t, "UnsupportedOperationException", "{action}");
        assert!(msg.contains("does not implement"), "{action}: {msg}");
        assert!(msg.contains(action), "{action}: {msg}");
    }
    // A name that is no cognito-idp operation at all.
    let (t, msg) = m.fail("DescribeUserPoolDomains", json!({}));
    assert_eq!(t, "UnknownOperationException");
    assert_eq!(msg, "Unknown operation DescribeUserPoolDomains");
}

#[test]
fn cors_preflight() {
    let m = Mock::new();
    let req = http::Request::builder()
        .method("OPTIONS")
        .uri("/")
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "amz-sdk-invocation-id,amz-sdk-request,cache-control,content-type,x-amz-target,x-amz-user-agent,x-custom-trace, bad header",
        )
        .body(Bytes::new())
        .unwrap();
    let resp = m.svc.handle_sync(req);
    assert_eq!(resp.status(), 200);
    let h = resp.headers();
    assert_eq!(h["access-control-allow-origin"], "*");
    let allowed = h["access-control-allow-headers"].to_str().unwrap();
    for name in [
        "amz-sdk-invocation-id",
        "amz-sdk-request",
        "cache-control",
        "content-type",
        "x-amz-target",
        "x-amz-user-agent",
        // Headers outside the fixed list are allowed when asked for.
        "x-custom-trace",
    ] {
        assert!(allowed.contains(name), "{name} missing from {allowed}");
    }
    assert!(!allowed.contains("bad header"), "{allowed}");
    assert!(
        h["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("POST")
    );
}

#[test]
fn admin_actions_accept_any_sigv4_signature() {
    let m = Mock::new();
    let req = http::Request::builder()
        .method("POST")
        .uri("/")
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", "AWSCognitoIdentityProviderService.ListUserPools")
        .header("x-amz-date", "20260101T000000Z")
        .header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=deadbeef",
        )
        .body(Bytes::from(r#"{"MaxResults": 10}"#))
        .unwrap();
    let resp = m.svc.handle_sync(req);
    assert_eq!(resp.status(), 200);
}

#[test]
fn plain_application_json_is_accepted() {
    let m = Mock::new();
    let req = http::Request::builder()
        .method("POST")
        .uri("/")
        .header("content-type", "application/json")
        .header(
            "x-amz-target",
            "AWSCognitoIdentityProviderService.DescribeUserPool",
        )
        .body(Bytes::from(format!(r#"{{"UserPoolId":"{}"}}"#, m.pool)))
        .unwrap();
    assert_eq!(m.svc.handle_sync(req).status(), 200);
}

#[test]
fn jwks_and_openid_configuration() {
    let m = Mock::new();
    m.svc.set_endpoint("http://127.0.0.1:9229");
    let jwks = m.get(&format!("/{}/.well-known/jwks.json", m.pool));
    assert_eq!(jwks.status, 200);
    let keys = jwks.body["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0]["kid"], keys[1]["kid"]);
    for k in keys {
        assert_eq!(k["alg"], "RS256");
        assert_eq!(k["kty"], "RSA");
        assert_eq!(k["use"], "sig");
        assert_eq!(k["e"], "AQAB");
    }
    let d = m.get(&format!("/{}/.well-known/openid-configuration", m.pool));
    assert_eq!(d.status, 200);
    assert_eq!(
        d.body["issuer"],
        format!("http://127.0.0.1:9229/{}", m.pool)
    );
    assert_eq!(
        d.body["jwks_uri"],
        format!("http://127.0.0.1:9229/{}/.well-known/jwks.json", m.pool)
    );
    assert_eq!(d.header("access-control-allow-origin"), Some("*"));
    let missing = m.get("/us-east-1_nope/.well-known/jwks.json");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["__type"], "ResourceNotFoundException");
}

#[test]
fn mock_codes_reset_and_clock_endpoints() {
    let m = Mock::new();
    let signup = m.ok(
        "SignUp",
        json!({"ClientId": m.client, "Username": "erin", "Password": support::PASSWORD,
               "UserAttributes": [{"Name": "email", "Value": "erin@example.com"}]}),
    );
    assert_eq!(signup["UserConfirmed"], false);
    let codes = m.get(&format!("/_mock/codes?username=erin&userPoolId={}", m.pool));
    assert_eq!(codes.status, 200);
    let list = codes.body.as_array().unwrap();
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert_eq!(c["userPoolId"], m.pool);
    assert_eq!(c["username"], "erin");
    assert_eq!(c["purpose"], "SIGN_UP");
    assert_eq!(c["medium"], "EMAIL");
    assert_eq!(c["destination"], "erin@example.com");
    assert!(c["sentAt"].as_f64().unwrap() > 1.7e9);
    assert_eq!(c["code"].as_str().unwrap().len(), 6);
    // By email too, and nothing for someone else.
    let by_email = m.get("/_mock/codes?username=erin%40example.com");
    assert_eq!(by_email.body.as_array().unwrap().len(), 1);
    assert_eq!(m.get("/_mock/codes?username=zed").body, json!([]));

    let before = m.get("/_mock/clock").body["now"].as_f64().unwrap();
    let after = m.post_path("/_mock/clock", json!({"advanceSeconds": 3600}));
    assert_eq!(after.status, 200);
    assert!(after.body["now"].as_f64().unwrap() - before >= 3599.0);
    assert_eq!(
        m.post_path("/_mock/clock", json!({"advanceSeconds": "x"}))
            .status,
        400
    );

    let pool_before = m.pool.clone();
    assert_eq!(m.post_path("/_mock/reset", json!({})).status, 200);
    assert_eq!(m.get("/_mock/codes").body, json!([]));
    assert_eq!(m.get("/_mock/clock").body["offsetSeconds"], 0.0);
    let info = m.get("/_mock/info").body;
    assert_eq!(info["userPoolId"], pool_before);
    // The signed-up user is gone; the pool is the same one.
    let (t, _) = m.fail(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": "erin"}),
    );
    assert_eq!(t, "UserNotFoundException");
    assert_eq!(m.get("/_mock/nope").status, 404);
    let _: Value = info;
}

#[tokio::test]
async fn in_process_transport_round_trip() {
    use cognito_auth_transport::{Request, Transport};
    let m = Mock::new();
    let t = mock_cognito::InProcessTransport::new(m.svc.clone());
    let resp = t
        .send(Request::new(
            "AWSCognitoIdentityProviderService.DescribeUserPool",
            format!(r#"{{"UserPoolId":"{}"}}"#, m.pool).into_bytes(),
        ))
        .await
        .unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(
        resp.header("content-type"),
        Some("application/x-amz-json-1.1")
    );
    let v: Value = serde_json::from_slice(&resp.body).unwrap();
    assert_eq!(v["UserPool"]["Id"], m.pool);
    let err = t
        .send(Request::new(
            "AWSCognitoIdentityProviderService.GetUser",
            b"{}".to_vec(),
        ))
        .await
        .unwrap();
    assert_eq!(err.status, 400);
    assert_eq!(
        err.header("x-amzn-errortype"),
        Some("InvalidParameterException:")
    );
}
