//! Sign-in flows through the in-process service.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::json;
use support::{Mock, PASSWORD};

#[test]
fn user_password_auth_issues_tokens_without_challenge() {
    let m = Mock::new();
    m.confirmed_user("alice", Some("alice@example.com"));
    let a = m.password_auth("alice", PASSWORD);
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.body.get("ChallengeName").is_none());
    let r = &a.body["AuthenticationResult"];
    assert_eq!(r["TokenType"], "Bearer");
    assert_eq!(r["ExpiresIn"], 3600);
    assert!(r["RefreshToken"].as_str().unwrap().split('.').count() == 5);
    let id = Mock::claims(r["IdToken"].as_str().unwrap());
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["cognito:username"], "alice");
    assert_eq!(id["email"], "alice@example.com");
    assert_eq!(id["email_verified"], true);
    assert_eq!(id["aud"], m.client);
    let access = Mock::claims(r["AccessToken"].as_str().unwrap());
    assert_eq!(access["token_use"], "access");
    assert_eq!(access["client_id"], m.client);
    assert_eq!(access["scope"], "aws.cognito.signin.user.admin");
    assert_eq!(access["origin_jti"], id["origin_jti"]);
    assert_ne!(access["jti"], id["jti"]);
    assert!(access.get("aud").is_none());
}

#[test]
fn wrong_password_is_refused_with_cognitos_message() {
    let m = Mock::new();
    m.confirmed_user("bob", None);
    let a = m.password_auth("bob", "Wrong0rd!");
    assert_eq!(a.status, 400);
    assert_eq!(a.error_type(), "NotAuthorizedException");
    assert_eq!(a.message(), "Incorrect username or password.");
}

#[test]
fn srp_sign_in_verifies_the_proof() {
    let m = Mock::new();
    m.confirmed_user("carol", None);
    let ok = m.srp_sign_in("carol", PASSWORD);
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.body["AuthenticationResult"]["AccessToken"].is_string());
    let bad = m.srp_sign_in("carol", "Passw0rd?");
    assert_eq!(bad.error_type(), "NotAuthorizedException");
    assert_eq!(bad.message(), "Incorrect username or password.");
}

#[test]
fn get_user_with_issued_access_token() {
    let m = Mock::new();
    m.confirmed_user("dave", Some("dave@example.com"));
    let r = m.sign_in("dave");
    let u = m.ok("GetUser", json!({"AccessToken": r["AccessToken"]}));
    assert_eq!(u["Username"], "dave");
    assert!(u["UserAttributes"].as_array().unwrap().iter().any(|a| a["Name"] == "sub"));
}
