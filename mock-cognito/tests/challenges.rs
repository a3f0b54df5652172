//! The errors every challenge answer can get, through the in-process
//! service: a missing, unknown, spent or foreign Session, a missing answer,
//! answers outside what was offered, MFA_SETUP's own errors, challenges the
//! mock does not do, and the admin twin (AdminRespondToAuthChallenge).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use cognito_auth_srp::totp;
use serde_json::{Value, json};
use support::{Mock, PASSWORD};

fn respond(m: &Mock, challenge: &str, session: &Value, responses: Value) -> support::Answer {
    m.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": challenge, "ClientId": m.client, "Session": session, "ChallengeResponses": responses}),
    )
}

fn error(a: &support::Answer) -> (String, String) {
    assert_ne!(a.status, 200, "unexpected success: {}", a.body);
    (a.error_type().to_owned(), a.message().to_owned())
}

/// Every challenge that takes a Session refuses a missing, unknown or
/// expired-and-forgotten one with Cognito's words, and never panics.
#[test]
fn every_session_challenge_checks_its_session() {
    let m = Mock::new();
    m.confirmed_user("sam", Some("sam@example.com"));
    let challenges = [
        ("SMS_MFA", "SMS_MFA_CODE"),
        ("EMAIL_OTP", "EMAIL_OTP_CODE"),
        ("SMS_OTP", "SMS_OTP_CODE"),
        ("SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE"),
        ("SELECT_MFA_TYPE", "ANSWER"),
        ("MFA_SETUP", "EMAIL"),
        ("NEW_PASSWORD_REQUIRED", "NEW_PASSWORD"),
        ("CUSTOM_CHALLENGE", "ANSWER"),
        ("SELECT_CHALLENGE", "ANSWER"),
    ];
    for (challenge, key) in challenges {
        let a = m.call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": challenge, "ClientId": m.client,
                   "ChallengeResponses": {"USERNAME": "sam", key: "123456"}}),
        );
        assert_eq!(
            error(&a),
            (
                "InvalidParameterException".into(),
                "Missing required parameter Session".into()
            ),
            "{challenge}"
        );
        let a = respond(
            &m,
            challenge,
            &json!("AYABeNotARealSessionValue0123456789"),
            json!({"USERNAME": "sam", key: "123456"}),
        );
        let (t, msg) = error(&a);
        assert_eq!(t, "NotAuthorizedException", "{challenge}: {msg}");
        assert!(
            msg.starts_with("Invalid session for the user"),
            "{challenge}: {msg}"
        );
    }
}

/// A session is for the challenge it was issued for, on its client.
#[test]
fn a_session_answers_only_its_own_challenge_on_its_own_client() {
    let m = Mock::toml(
        "[[pools]]\nmfa = \"OPTIONAL\"\nmfaTypes = [\"EMAIL_OTP\"]\n[[pools.users]]\nusername = \"ema\"\npassword = \"Passw0rd!\"\nattributes = { email = \"ema@example.com\", email_verified = \"true\" }\nmfaEnabled = [\"EMAIL_OTP\"]\n",
    );
    let c = m.password_auth("ema", PASSWORD);
    assert_eq!(c.body["ChallengeName"], "EMAIL_OTP");
    let session = c.body["Session"].clone();
    let r = respond(
        &m,
        "SMS_MFA",
        &session,
        json!({"USERNAME": "ema", "SMS_MFA_CODE": m.last_code("ema")}),
    );
    assert_eq!(
        error(&r),
        (
            "NotAuthorizedException".into(),
            "Invalid session for the user.".into()
        )
    );
    let other = m.ok(
        "CreateUserPoolClient",
        json!({"UserPoolId": m.pool, "ClientName": "other"}),
    )["UserPoolClient"]["ClientId"]
        .clone();
    let r = m.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "EMAIL_OTP", "ClientId": other, "Session": session,
               "ChallengeResponses": {"USERNAME": "ema", "EMAIL_OTP_CODE": m.last_code("ema")}}),
    );
    assert_eq!(error(&r).1, "Invalid session for the user.");
    // The answer must name the session's user, and bring its code.
    m.confirmed_user("bob", None);
    let r = respond(
        &m,
        "EMAIL_OTP",
        &session,
        json!({"USERNAME": "bob", "EMAIL_OTP_CODE": m.last_code("ema")}),
    );
    assert_eq!(error(&r).1, "Invalid session for the user.");
    let r = respond(&m, "EMAIL_OTP", &session, json!({"USERNAME": "ema"}));
    assert_eq!(
        error(&r),
        (
            "InvalidParameterException".into(),
            "Missing required parameter EMAIL_OTP_CODE".into()
        )
    );
    // None of that spent the session.
    let r = respond(
        &m,
        "EMAIL_OTP",
        &session,
        json!({"USERNAME": "ema", "EMAIL_OTP_CODE": m.last_code("ema")}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

/// SELECT_CHALLENGE and SELECT_MFA_TYPE take only what they offered.
#[test]
fn selections_outside_the_offer_are_refused() {
    let m = Mock::new();
    m.confirmed_user("sel", Some("sel@example.com"));
    let a = m.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_AUTH", "ClientId": m.client, "AuthParameters": {"USERNAME": "sel"}}),
    );
    assert_eq!(
        a.body["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP"])
    );
    let r = respond(
        &m,
        "SELECT_CHALLENGE",
        &a.body["Session"],
        json!({"USERNAME": "sel", "ANSWER": "EMAIL_OTP"}),
    );
    assert_eq!(error(&r).0, "InvalidParameterException");
    let r = respond(
        &m,
        "SELECT_CHALLENGE",
        &a.body["Session"],
        json!({"USERNAME": "sel"}),
    );
    assert_eq!(error(&r).1, "Missing required parameter ANSWER");
    // PASSWORD chosen without the password.
    let r = respond(
        &m,
        "SELECT_CHALLENGE",
        &a.body["Session"],
        json!({"USERNAME": "sel", "ANSWER": "PASSWORD"}),
    );
    assert_eq!(error(&r).1, "Missing required parameter PASSWORD");

    let s = Mock::toml(
        "[[pools]]\nmfa = \"OPTIONAL\"\nmfaTypes = [\"SMS_MFA\", \"SOFTWARE_TOKEN_MFA\"]\n[[pools.users]]\nusername = \"two\"\npassword = \"Passw0rd!\"\nattributes = { phone_number = \"+15550001111\" }\nmfaEnabled = [\"SMS_MFA\", \"SOFTWARE_TOKEN_MFA\"]\ntotpSecret = \"JBSWY3DPEHPK3PXP\"\n",
    );
    let c = s.password_auth("two", PASSWORD);
    assert_eq!(c.body["ChallengeName"], "SELECT_MFA_TYPE");
    let r = respond(
        &s,
        "SELECT_MFA_TYPE",
        &c.body["Session"],
        json!({"USERNAME": "two"}),
    );
    assert_eq!(error(&r).1, "Missing required parameter ANSWER");
    let r = respond(
        &s,
        "SELECT_MFA_TYPE",
        &c.body["Session"],
        json!({"USERNAME": "two", "ANSWER": "EMAIL_OTP"}),
    );
    assert_eq!(error(&r).0, "MFAMethodNotFoundException");
}

/// MFA_SETUP's own errors: a wrong code at VerifySoftwareToken (the session
/// stays usable), EMAIL where email MFA is not offered or not an address.
#[test]
fn mfa_setup_errors() {
    let m = Mock::toml("[[pools]]\nmfa = \"ON\"\nmfaTypes = [\"SOFTWARE_TOKEN_MFA\"]\n");
    m.confirmed_user("set", None);
    let c = m.password_auth("set", PASSWORD);
    assert_eq!(c.body["ChallengeName"], "MFA_SETUP");
    let r = respond(
        &m,
        "MFA_SETUP",
        &c.body["Session"],
        json!({"USERNAME": "set", "EMAIL": "set@example.com"}),
    );
    assert_eq!(error(&r).0, "InvalidParameterException");
    // VerifySoftwareToken before AssociateSoftwareToken.
    let (t, _) = m.fail(
        "VerifySoftwareToken",
        json!({"Session": c.body["Session"], "UserCode": "123456"}),
    );
    assert_eq!(t, "SoftwareTokenMFANotFoundException");
    let a = m.ok(
        "AssociateSoftwareToken",
        json!({"Session": c.body["Session"]}),
    );
    let secret = totp::base32_decode(a["SecretCode"].as_str().unwrap()).unwrap();
    let now = m.svc.clock().now_secs();
    let good = totp::generate(&secret, now);
    let bad = if good == "000000" { "111111" } else { "000000" };
    let (t, msg) = m.fail(
        "VerifySoftwareToken",
        json!({"Session": a["Session"], "UserCode": bad}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        (
            "EnableSoftwareTokenMFAException",
            "Code mismatch and fail enable Software Token MFA"
        )
    );
    let (t, _) = m.fail(
        "VerifySoftwareToken",
        json!({"Session": a["Session"], "UserCode": "12345"}),
    );
    assert_eq!(t, "InvalidParameterException", "six digits only");
    let v = m.ok(
        "VerifySoftwareToken",
        json!({"Session": a["Session"], "UserCode": good}),
    );
    assert!(v["Session"].is_string());
    // Neither an access token nor a session, or both.
    let (t, _) = m.fail("AssociateSoftwareToken", json!({}));
    assert_eq!(t, "InvalidParameterException");

    let e = Mock::toml("[[pools]]\nmfa = \"ON\"\nmfaTypes = [\"EMAIL_OTP\"]\n");
    e.confirmed_user("mel", None);
    let c = e.password_auth("mel", PASSWORD);
    let r = respond(
        &e,
        "MFA_SETUP",
        &c.body["Session"],
        json!({"USERNAME": "mel", "EMAIL": "not-an-address"}),
    );
    assert_eq!(error(&r).0, "InvalidParameterException");
    let r = respond(
        &e,
        "MFA_SETUP",
        &c.body["Session"],
        json!({"USERNAME": "mel"}),
    );
    assert_eq!(error(&r).0, "InvalidParameterException");
}

/// Device challenges without a session of theirs, ADMIN_NO_SRP_AUTH, and
/// names that are not challenges (tests/devices.rs drives the device flow).
#[test]
fn unsupported_and_unknown_challenges() {
    let m = Mock::new();
    m.confirmed_user("dev", None);
    for challenge in ["DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"] {
        let r = respond(
            &m,
            challenge,
            &json!("AYABeNotARealSessionValue0123456789"),
            json!({"USERNAME": "dev", "DEVICE_KEY": "us-east-1_x", "SRP_A": "02",
                   "PASSWORD_CLAIM_SECRET_BLOCK": "AA==", "PASSWORD_CLAIM_SIGNATURE": "AA==",
                   "TIMESTAMP": "Tue Jan 2 15:04:05 UTC 2024"}),
        );
        let (t, msg) = error(&r);
        assert_eq!(
            (t.as_str(), msg.as_str()),
            ("NotAuthorizedException", "Invalid session for the user."),
            "{challenge}"
        );
    }
    let r = respond(
        &m,
        "ADMIN_NO_SRP_AUTH",
        &json!("AYABeNotARealSessionValue0123456789"),
        json!({"USERNAME": "dev"}),
    );
    assert_eq!(error(&r).0, "InvalidParameterException");
    let r = respond(
        &m,
        "NOT_A_CHALLENGE",
        &json!("AYABeNotARealSessionValue0123456789"),
        json!({"USERNAME": "dev"}),
    );
    let (t, msg) = error(&r);
    assert!(
        t == "InvalidParameterException" || t == "SerializationException",
        "{t}: {msg}"
    );
}

/// AdminRespondToAuthChallenge drives the same challenges (here SMS MFA
/// after ADMIN_USER_PASSWORD_AUTH), and checks the pool.
#[test]
fn admin_twin_answers_mfa() {
    let m = Mock::toml(
        "[[pools]]\nmfa = \"ON\"\nmfaTypes = [\"SMS_MFA\"]\n[[pools.users]]\nusername = \"adm\"\npassword = \"Passw0rd!\"\nattributes = { phone_number = \"+15550003333\" }\nmfaEnabled = [\"SMS_MFA\"]\n",
    );
    let c = m.ok(
        "AdminInitiateAuth",
        json!({"UserPoolId": m.pool, "ClientId": m.client, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
               "AuthParameters": {"USERNAME": "adm", "PASSWORD": PASSWORD}}),
    );
    assert_eq!(c["ChallengeName"], "SMS_MFA");
    let (t, _) = m.fail(
        "AdminRespondToAuthChallenge",
        json!({"UserPoolId": "us-east-1_NoSuchPool", "ClientId": m.client, "ChallengeName": "SMS_MFA",
               "Session": c["Session"], "ChallengeResponses": {"USERNAME": "adm", "SMS_MFA_CODE": m.last_code("adm")}}),
    );
    assert_eq!(t, "ResourceNotFoundException");
    let r = m.ok(
        "AdminRespondToAuthChallenge",
        json!({"UserPoolId": m.pool, "ClientId": m.client, "ChallengeName": "SMS_MFA",
               "Session": c["Session"], "ChallengeResponses": {"USERNAME": "adm", "SMS_MFA_CODE": m.last_code("adm")}}),
    );
    assert!(r["AuthenticationResult"]["AccessToken"].is_string());
}
