//! MFA at sign-in: SMS, email and TOTP factors, selection, setup (issue 4).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use cognito_auth_srp::totp;
use serde_json::{Value, json};
use support::{Mock, PASSWORD};

fn totp_now(m: &Mock, secret: &str) -> String {
    totp::generate(
        &totp::base32_decode(secret).unwrap(),
        m.svc.clock().now_secs(),
    )
}

fn respond(m: &Mock, challenge: &str, session: &Value, responses: Value) -> support::Answer {
    m.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": challenge, "ClientId": m.client, "Session": session, "ChallengeResponses": responses}),
    )
}

#[test]
fn totp_registration_and_sign_in() {
    let m = Mock::toml("[[pools]]\nmfa = \"OPTIONAL\"\nmfaTypes = [\"SOFTWARE_TOKEN_MFA\"]\n");
    m.confirmed_user("tina", None);
    let t = m.sign_in("tina");
    let a = m.ok(
        "AssociateSoftwareToken",
        json!({"AccessToken": t["AccessToken"]}),
    );
    let secret = a["SecretCode"].as_str().unwrap().to_owned();
    assert!(secret.len() >= 16 && secret.chars().all(|c| c.is_ascii_alphanumeric()));
    let (e, msg) = m.fail(
        "VerifySoftwareToken",
        json!({"AccessToken": t["AccessToken"], "UserCode": "000000"}),
    );
    if totp_now(&m, &secret) != "000000" {
        assert_eq!(
            (e.as_str(), msg.as_str()),
            (
                "EnableSoftwareTokenMFAException",
                "Code mismatch and fail enable Software Token MFA"
            )
        );
    }
    let v = m.ok(
        "VerifySoftwareToken",
        json!({"AccessToken": t["AccessToken"], "UserCode": totp_now(&m, &secret)}),
    );
    assert_eq!(v["Status"], "SUCCESS");
    m.ok(
        "SetUserMFAPreference",
        json!({"AccessToken": t["AccessToken"], "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    );
    let u = m.ok("GetUser", json!({"AccessToken": t["AccessToken"]}));
    assert_eq!(u["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA");

    m.svc.clock().advance(30);
    let c = m.password_auth("tina", PASSWORD);
    assert_eq!(c.body["ChallengeName"], "SOFTWARE_TOKEN_MFA", "{}", c.body);
    assert!(c.body.get("AuthenticationResult").is_none());
    let session = c.body["Session"].clone();
    let wrong = if totp_now(&m, &secret) == "123456" {
        "654321"
    } else {
        "123456"
    };
    let r = respond(
        &m,
        "SOFTWARE_TOKEN_MFA",
        &session,
        json!({"USERNAME": "tina", "SOFTWARE_TOKEN_MFA_CODE": wrong}),
    );
    assert_eq!(
        (r.error_type(), r.message()),
        ("CodeMismatchException", "Invalid code received for user")
    );
    let code = totp_now(&m, &secret);
    let r = respond(
        &m,
        "SOFTWARE_TOKEN_MFA",
        &session,
        json!({"USERNAME": "tina", "SOFTWARE_TOKEN_MFA_CODE": code}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["AuthenticationResult"]["AccessToken"].is_string());
    // The same code cannot be used twice.
    let c = m.srp_sign_in("tina", PASSWORD);
    assert_eq!(
        c.body["ChallengeName"], "SOFTWARE_TOKEN_MFA",
        "SRP is followed by MFA too"
    );
    let r = respond(
        &m,
        "SOFTWARE_TOKEN_MFA",
        &c.body["Session"],
        json!({"USERNAME": "tina", "SOFTWARE_TOKEN_MFA_CODE": code}),
    );
    assert_eq!(r.error_type(), "ExpiredCodeException");
}

#[test]
fn sms_mfa_sends_a_code_keeps_the_session_on_a_wrong_one_and_locks_out() {
    let m = Mock::toml(
        "[[pools]]\nmfa = \"ON\"\nmfaTypes = [\"SMS_MFA\"]\n[[pools.users]]\nusername = \"sid\"\npassword = \"Passw0rd!\"\nattributes = { phone_number = \"+15550001234\", phone_number_verified = \"true\" }\nmfaEnabled = [\"SMS_MFA\"]\n",
    );
    let c = m.password_auth("sid", PASSWORD);
    assert_eq!(c.body["ChallengeName"], "SMS_MFA", "{}", c.body);
    let p = &c.body["ChallengeParameters"];
    assert_eq!(p["CODE_DELIVERY_DELIVERY_MEDIUM"], "SMS");
    assert_eq!(p["CODE_DELIVERY_DESTINATION"], "+*******1234");
    let sent = m.svc.codes(Some("sid"), None);
    assert_eq!(sent.last().unwrap().purpose, "SMS_MFA");
    let code = sent.last().unwrap().code.clone();
    let session = c.body["Session"].clone();
    let r = respond(
        &m,
        "SMS_MFA",
        &session,
        json!({"USERNAME": "sid", "SMS_MFA_CODE": code}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // A wrong code leaves the session usable: the right one still passes.
    let c = m.password_auth("sid", PASSWORD);
    let session = c.body["Session"].clone();
    let r = respond(
        &m,
        "SMS_MFA",
        &session,
        json!({"USERNAME": "sid", "SMS_MFA_CODE": "000000x"}),
    );
    assert_eq!(
        (r.error_type(), r.message()),
        (
            "CodeMismatchException",
            "Invalid code or auth state for the user."
        )
    );
    let r = respond(
        &m,
        "SMS_MFA",
        &session,
        json!({"USERNAME": "sid", "SMS_MFA_CODE": m.last_code("sid")}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // Five wrong codes lock the user out (1 s, then doubling), even with the
    // right code and even for a fresh password sign-in.
    let c = m.password_auth("sid", PASSWORD);
    let session = c.body["Session"].clone();
    for _ in 0..5 {
        let r = respond(
            &m,
            "SMS_MFA",
            &session,
            json!({"USERNAME": "sid", "SMS_MFA_CODE": "000000x"}),
        );
        assert_eq!(r.error_type(), "CodeMismatchException");
    }
    let code = m.last_code("sid");
    let r = respond(
        &m,
        "SMS_MFA",
        &session,
        json!({"USERNAME": "sid", "SMS_MFA_CODE": code}),
    );
    assert_eq!(
        (r.error_type(), r.message()),
        ("NotAuthorizedException", "Password attempts exceeded")
    );
    let r = m.password_auth("sid", PASSWORD);
    assert_eq!(r.message(), "Password attempts exceeded");
    m.svc.clock().advance(2);
    let r = respond(
        &m,
        "SMS_MFA",
        &session,
        json!({"USERNAME": "sid", "SMS_MFA_CODE": code}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // The completed sign-in reset the count: one wrong code is not a lock-out.
    let c = m.password_auth("sid", PASSWORD);
    let r = respond(
        &m,
        "SMS_MFA",
        &c.body["Session"],
        json!({"USERNAME": "sid", "SMS_MFA_CODE": "1"}),
    );
    assert_eq!(r.error_type(), "CodeMismatchException");
    let r = respond(
        &m,
        "SMS_MFA",
        &c.body["Session"],
        json!({"USERNAME": "sid", "SMS_MFA_CODE": m.last_code("sid")}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn email_mfa_challenge() {
    let m = Mock::toml(
        "[[pools]]\nmfa = \"OPTIONAL\"\nmfaTypes = [\"EMAIL_OTP\"]\n[[pools.users]]\nusername = \"ema\"\npassword = \"Passw0rd!\"\nattributes = { email = \"ema@example.com\", email_verified = \"true\" }\nmfaEnabled = [\"EMAIL_OTP\"]\n",
    );
    let c = m.password_auth("ema", PASSWORD);
    assert_eq!(c.body["ChallengeName"], "EMAIL_OTP", "{}", c.body);
    assert_eq!(
        c.body["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"],
        "EMAIL"
    );
    assert_eq!(
        c.body["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "e***@e***"
    );
    let r = respond(
        &m,
        "EMAIL_OTP",
        &c.body["Session"],
        json!({"USERNAME": "ema", "EMAIL_OTP_CODE": m.last_code("ema")}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // The session expires with AuthSessionValidity.
    let c = m.password_auth("ema", PASSWORD);
    m.svc.clock().advance(181);
    let r = respond(
        &m,
        "EMAIL_OTP",
        &c.body["Session"],
        json!({"USERNAME": "ema", "EMAIL_OTP_CODE": m.last_code("ema")}),
    );
    assert_eq!(
        r.message(),
        "Invalid session for the user, session is expired."
    );
}

#[test]
fn select_mfa_type_when_several_and_none_preferred() {
    let m = Mock::toml(
        "[[pools]]\nmfa = \"OPTIONAL\"\nmfaTypes = [\"SMS_MFA\", \"SOFTWARE_TOKEN_MFA\", \"EMAIL_OTP\"]\n[[pools.users]]\nusername = \"sel\"\npassword = \"Passw0rd!\"\nattributes = { phone_number = \"+15550009999\", email = \"sel@example.com\" }\nmfaEnabled = [\"SMS_MFA\", \"SOFTWARE_TOKEN_MFA\"]\ntotpSecret = \"JBSWY3DPEHPK3PXP\"\n",
    );
    let c = m.password_auth("sel", PASSWORD);
    assert_eq!(c.body["ChallengeName"], "SELECT_MFA_TYPE", "{}", c.body);
    let choose: Vec<String> = serde_json::from_str(
        c.body["ChallengeParameters"]["MFAS_CAN_CHOOSE"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(choose, vec!["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
    let r = respond(
        &m,
        "SELECT_MFA_TYPE",
        &c.body["Session"],
        json!({"USERNAME": "sel", "ANSWER": "EMAIL_OTP"}),
    );
    assert_eq!(r.error_type(), "MFAMethodNotFoundException");
    let r = respond(
        &m,
        "SELECT_MFA_TYPE",
        &c.body["Session"],
        json!({"USERNAME": "sel", "ANSWER": "SOFTWARE_TOKEN_MFA"}),
    );
    assert_eq!(r.body["ChallengeName"], "SOFTWARE_TOKEN_MFA", "{}", r.body);
    let r = respond(
        &m,
        "SOFTWARE_TOKEN_MFA",
        &r.body["Session"],
        json!({"USERNAME": "sel", "SOFTWARE_TOKEN_MFA_CODE": totp_now(&m, "JBSWY3DPEHPK3PXP")}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // Choosing SMS sends a code.
    let c = m.password_auth("sel", PASSWORD);
    let r = respond(
        &m,
        "SELECT_MFA_TYPE",
        &c.body["Session"],
        json!({"USERNAME": "sel", "ANSWER": "SMS_MFA"}),
    );
    assert_eq!(r.body["ChallengeName"], "SMS_MFA");
    assert_eq!(
        m.svc.codes(Some("sel"), None).last().unwrap().purpose,
        "SMS_MFA"
    );
}

#[test]
fn mfa_setup_with_a_software_token_through_the_session() {
    let m = Mock::toml("[[pools]]\nmfa = \"ON\"\nmfaTypes = [\"SOFTWARE_TOKEN_MFA\"]\n");
    m.confirmed_user("set", None);
    let c = m.password_auth("set", PASSWORD);
    assert_eq!(c.body["ChallengeName"], "MFA_SETUP", "{}", c.body);
    assert_eq!(
        c.body["ChallengeParameters"]["MFAS_CAN_SETUP"],
        "[\"SOFTWARE_TOKEN_MFA\"]"
    );
    let a = m.ok(
        "AssociateSoftwareToken",
        json!({"Session": c.body["Session"]}),
    );
    let secret = a["SecretCode"].as_str().unwrap().to_owned();
    // Answering before verification is refused.
    let r = respond(&m, "MFA_SETUP", &a["Session"], json!({"USERNAME": "set"}));
    assert_eq!(r.error_type(), "InvalidParameterException");
    let v = m.ok(
        "VerifySoftwareToken",
        json!({"Session": a["Session"], "UserCode": totp_now(&m, &secret), "FriendlyDeviceName": "phone"}),
    );
    assert_eq!(v["Status"], "SUCCESS");
    let r = respond(&m, "MFA_SETUP", &v["Session"], json!({"USERNAME": "set"}));
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["AuthenticationResult"]["IdToken"].is_string());
    let u = m.ok(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": "set"}),
    );
    assert_eq!(u["UserMFASettingList"], json!(["SOFTWARE_TOKEN_MFA"]));
    m.svc.clock().advance(30);
    let c = m.password_auth("set", PASSWORD);
    assert_eq!(c.body["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    // An old MFA_SETUP session is spent.
    let (e, _) = m.fail("AssociateSoftwareToken", json!({"Session": a["Session"]}));
    assert_eq!(e, "NotAuthorizedException");
}

#[test]
fn mfa_setup_with_email() {
    let m = Mock::toml("[[pools]]\nmfa = \"ON\"\nmfaTypes = [\"EMAIL_OTP\"]\n");
    m.confirmed_user("mel", None);
    let c = m.password_auth("mel", PASSWORD);
    assert_eq!(c.body["ChallengeName"], "MFA_SETUP");
    assert_eq!(
        c.body["ChallengeParameters"]["MFAS_CAN_SETUP"],
        "[\"EMAIL_OTP\"]"
    );
    let r = respond(
        &m,
        "MFA_SETUP",
        &c.body["Session"],
        json!({"USERNAME": "mel", "EMAIL": "mel@example.com"}),
    );
    assert_eq!(r.body["ChallengeName"], "EMAIL_OTP", "{}", r.body);
    let r = respond(
        &m,
        "EMAIL_OTP",
        &r.body["Session"],
        json!({"USERNAME": "mel", "EMAIL_OTP_CODE": m.last_code("mel")}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let u = m.ok(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": "mel"}),
    );
    assert_eq!(u["PreferredMfaSetting"], "EMAIL_OTP");
    assert!(
        u["UserAttributes"]
            .as_array()
            .unwrap()
            .contains(&json!({"Name": "email_verified", "Value": "true"}))
    );
}

#[test]
fn new_password_required_continues_into_mfa() {
    let m = Mock::toml(
        "[[pools]]\nmfa = \"ON\"\nmfaTypes = [\"SMS_MFA\"]\n[[pools.users]]\nusername = \"neo\"\npassword = \"Temp0rary!\"\nstatus = \"FORCE_CHANGE_PASSWORD\"\nattributes = { phone_number = \"+15550004321\" }\n",
    );
    let c = m.password_auth("neo", "Temp0rary!");
    assert_eq!(c.body["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let r = respond(
        &m,
        "NEW_PASSWORD_REQUIRED",
        &c.body["Session"],
        json!({"USERNAME": "neo", "NEW_PASSWORD": "N3w-Passw0rd"}),
    );
    assert_eq!(r.body["ChallengeName"], "SMS_MFA", "{}", r.body);
    let r = respond(
        &m,
        "SMS_MFA",
        &r.body["Session"],
        json!({"USERNAME": "neo", "SMS_MFA_CODE": m.last_code("neo")}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

/// The code that verified a software token is spent: signing in with it in
/// the same 30-second window is refused as Cognito refuses it.
#[test]
fn the_code_that_verified_a_token_cannot_also_sign_in() {
    let m = Mock::toml("[[pools]]\nmfa = \"OPTIONAL\"\nmfaTypes = [\"SOFTWARE_TOKEN_MFA\"]\n");
    m.confirmed_user("vic", None);
    let t = m.sign_in("vic");
    // Verifying before associating.
    let (e, _) = m.fail(
        "VerifySoftwareToken",
        json!({"AccessToken": t["AccessToken"], "UserCode": "123456"}),
    );
    assert_eq!(e, "SoftwareTokenMFANotFoundException");
    let a = m.ok(
        "AssociateSoftwareToken",
        json!({"AccessToken": t["AccessToken"]}),
    );
    assert!(
        a.get("Session").is_none(),
        "no Session with an access token"
    );
    let secret = a["SecretCode"].as_str().unwrap().to_owned();
    // Keep clear of a window boundary so "now" is one step throughout.
    let into_step = m.svc.clock().now_secs().rem_euclid(30);
    if into_step > 20 {
        m.svc.clock().advance(31 - into_step);
    }
    let code = totp_now(&m, &secret);
    let v = m.ok(
        "VerifySoftwareToken",
        json!({"AccessToken": t["AccessToken"], "UserCode": code}),
    );
    assert_eq!(v["Status"], "SUCCESS");
    assert!(v.get("Session").is_none());
    m.ok(
        "SetUserMFAPreference",
        json!({"AccessToken": t["AccessToken"], "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    );
    let c = m.password_auth("vic", PASSWORD);
    let r = respond(
        &m,
        "SOFTWARE_TOKEN_MFA",
        &c.body["Session"],
        json!({"USERNAME": "vic", "SOFTWARE_TOKEN_MFA_CODE": code}),
    );
    assert_eq!(
        (r.error_type(), r.message()),
        (
            "ExpiredCodeException",
            "Your software token has already been used once."
        )
    );
    // The session survives; the next window's code passes.
    m.svc.clock().advance(30);
    let r = respond(
        &m,
        "SOFTWARE_TOKEN_MFA",
        &c.body["Session"],
        json!({"USERNAME": "vic", "SOFTWARE_TOKEN_MFA_CODE": totp_now(&m, &secret)}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

/// SetUserSettings / AdminSetUserSettings, the legacy SMS-only MFA switch that
/// amazon-cognito-identity-js's `enableMFA()` / `disableMFA()` call. Cognito still serves it
/// for SMS MFA (API reference: "You can use it to configure only SMS MFA"); the mock used to
/// answer UnsupportedOperationException.
#[test]
fn set_user_settings_switches_sms_mfa_on_and_off() {
    let m = Mock::toml(
        "[[pools]]\nmfa = \"OPTIONAL\"\nmfaTypes = [\"SMS_MFA\", \"SOFTWARE_TOKEN_MFA\"]\n[[pools.users]]\nusername = \"lee\"\npassword = \"Passw0rd!\"\nattributes = { phone_number = \"+15550004321\", phone_number_verified = \"true\" }\n",
    );
    m.confirmed_user("nophone", None);
    let sms = json!([{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]);
    let t = m.sign_in("lee");
    let access = t["AccessToken"].clone();

    // Anything but SMS to phone_number is refused, and changes nothing.
    for bad in [
        json!([{"DeliveryMedium": "EMAIL", "AttributeName": "email"}]),
        json!([{"DeliveryMedium": "SMS", "AttributeName": "email"}]),
    ] {
        let (e, _) = m.fail(
            "SetUserSettings",
            json!({"AccessToken": access, "MFAOptions": bad}),
        );
        assert_eq!(e, "InvalidParameterException", "{bad}");
    }
    let (e, _) = m.fail("SetUserSettings", json!({"AccessToken": access}));
    assert_eq!(e, "InvalidParameterException", "MFAOptions is required");
    let (e, _) = m.fail(
        "SetUserSettings",
        json!({"AccessToken": "not-a-token", "MFAOptions": sms}),
    );
    assert_eq!(e, "NotAuthorizedException");
    assert!(m.password_auth("lee", PASSWORD).body["AuthenticationResult"].is_object());

    // On: GetUser shows the legacy option and SMS_MFA; the next sign-in asks for a code.
    let r = m.ok(
        "SetUserSettings",
        json!({"AccessToken": access, "MFAOptions": sms}),
    );
    assert_eq!(r, json!({}));
    let u = m.ok("GetUser", json!({"AccessToken": access}));
    assert_eq!(u["MFAOptions"], sms);
    assert_eq!(u["UserMFASettingList"], json!(["SMS_MFA"]));
    let c = m.password_auth("lee", PASSWORD);
    assert_eq!(c.body["ChallengeName"], "SMS_MFA", "{}", c.body);
    let r = respond(
        &m,
        "SMS_MFA",
        &c.body["Session"],
        json!({"USERNAME": "lee", "SMS_MFA_CODE": m.last_code("lee")}),
    );
    assert!(r.body["AuthenticationResult"].is_object(), "{}", r.body);

    // Off: an empty list.
    m.ok(
        "SetUserSettings",
        json!({"AccessToken": access, "MFAOptions": []}),
    );
    let u = m.ok("GetUser", json!({"AccessToken": access}));
    assert!(u.get("MFAOptions").is_none(), "{u}");
    assert!(m.password_auth("lee", PASSWORD).body["AuthenticationResult"].is_object());

    // The admin form, by username; a user without a phone number cannot have SMS MFA.
    m.ok(
        "AdminSetUserSettings",
        json!({"UserPoolId": m.pool, "Username": "lee", "MFAOptions": sms}),
    );
    let c = m.password_auth("lee", PASSWORD);
    assert_eq!(c.body["ChallengeName"], "SMS_MFA", "{}", c.body);
    let (e, _) = m.fail(
        "AdminSetUserSettings",
        json!({"UserPoolId": m.pool, "Username": "nophone", "MFAOptions": sms}),
    );
    assert_eq!(e, "InvalidParameterException");
    let (e, _) = m.fail(
        "AdminSetUserSettings",
        json!({"UserPoolId": m.pool, "Username": "nobody", "MFAOptions": sms}),
    );
    assert_eq!(e, "UserNotFoundException");
}
