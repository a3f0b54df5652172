//! Choice-based sign-in (USER_AUTH): SELECT_CHALLENGE, PASSWORD,
//! PASSWORD_SRP, EMAIL_OTP, SMS_OTP (issue 4).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use cognito_auth_srp::{OsRandom, PasswordVerifierChallenge, SrpClient};
use serde_json::{Value, json};
use support::{Mock, PASSWORD};

const POOL: &str = "[[pools]]\nallowedFirstAuthFactors = [\"PASSWORD\", \"EMAIL_OTP\", \"SMS_OTP\"]\n[[pools.users]]\nusername = \"uma\"\npassword = \"Passw0rd!\"\nattributes = { email = \"uma@example.com\", email_verified = \"true\", phone_number = \"+15550002222\", phone_number_verified = \"true\" }\n";

fn init(m: &Mock, params: Value) -> support::Answer {
    m.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_AUTH", "ClientId": m.client, "AuthParameters": params}),
    )
}

fn respond(m: &Mock, challenge: &str, session: &Value, responses: Value) -> support::Answer {
    m.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": challenge, "ClientId": m.client, "Session": session, "ChallengeResponses": responses}),
    )
}

#[test]
fn select_challenge_lists_the_available_first_factors() {
    let m = Mock::toml(POOL);
    let a = init(&m, json!({"USERNAME": "uma"}));
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(
        a.body["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"])
    );
    assert!(a.body["Session"].is_string());
    // The default pool offers passwords only.
    let d = Mock::new();
    d.confirmed_user("dee", Some("dee@example.com"));
    let a = init(&d, json!({"USERNAME": "dee"}));
    assert_eq!(
        a.body["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP"])
    );
}

#[test]
fn select_password() {
    let m = Mock::toml(POOL);
    let a = init(&m, json!({"USERNAME": "uma"}));
    let r = respond(
        &m,
        "SELECT_CHALLENGE",
        &a.body["Session"],
        json!({"USERNAME": "uma", "ANSWER": "PASSWORD", "PASSWORD": "Wr0ng!pass"}),
    );
    assert_eq!(r.message(), "Incorrect username or password.");
    let a = init(&m, json!({"USERNAME": "uma"}));
    let r = respond(
        &m,
        "SELECT_CHALLENGE",
        &a.body["Session"],
        json!({"USERNAME": "uma", "ANSWER": "PASSWORD", "PASSWORD": PASSWORD}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["AuthenticationResult"]["AccessToken"].is_string());
    // The selection session is single use.
    let r = respond(
        &m,
        "SELECT_CHALLENGE",
        &a.body["Session"],
        json!({"USERNAME": "uma", "ANSWER": "PASSWORD", "PASSWORD": PASSWORD}),
    );
    assert_eq!(
        r.message(),
        "Invalid session for the user, session can only be used once."
    );
}

#[test]
fn preferred_password_goes_straight_to_tokens() {
    let m = Mock::toml(POOL);
    let a = init(
        &m,
        json!({"USERNAME": "uma", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PASSWORD}),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.body["AuthenticationResult"]["IdToken"].is_string());
}

#[test]
fn preferred_password_srp_then_password_verifier_with_session() {
    let m = Mock::toml(POOL);
    let c = SrpClient::new(&mut OsRandom).unwrap();
    let a = init(
        &m,
        json!({"USERNAME": "uma", "PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": c.srp_a()}),
    );
    assert_eq!(a.body["ChallengeName"], "PASSWORD_VERIFIER", "{}", a.body);
    let session = a.body["Session"].clone();
    assert!(
        session.is_string(),
        "reached through USER_AUTH the challenge has a Session"
    );
    let p = &a.body["ChallengeParameters"];
    let pool_name = m.pool_name();
    let claim = c
        .password_claim(
            &PasswordVerifierChallenge {
                pool_name: &pool_name,
                user_id_for_srp: p["USER_ID_FOR_SRP"].as_str().unwrap(),
                salt_hex: p["SALT"].as_str().unwrap(),
                srp_b_hex: p["SRP_B"].as_str().unwrap(),
                secret_block_b64: p["SECRET_BLOCK"].as_str().unwrap(),
            },
            PASSWORD,
            &cognito_auth_srp::timestamp::format(m.svc.clock().now_secs()),
        )
        .unwrap();
    let r = respond(
        &m,
        "PASSWORD_VERIFIER",
        &session,
        json!({"USERNAME": "uma", "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
               "PASSWORD_CLAIM_SIGNATURE": claim.signature, "TIMESTAMP": claim.timestamp}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn email_otp_first_factor() {
    let m = Mock::toml(POOL);
    let a = init(&m, json!({"USERNAME": "uma"}));
    let r = respond(
        &m,
        "SELECT_CHALLENGE",
        &a.body["Session"],
        json!({"USERNAME": "uma", "ANSWER": "EMAIL_OTP"}),
    );
    assert_eq!(r.body["ChallengeName"], "EMAIL_OTP", "{}", r.body);
    assert_eq!(
        r.body["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"],
        "EMAIL"
    );
    assert_eq!(
        r.body["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "u***@e***"
    );
    let sent = m.svc.codes(Some("uma"), None);
    assert_eq!(sent.last().unwrap().purpose, "EMAIL_OTP");
    let t = respond(
        &m,
        "EMAIL_OTP",
        &r.body["Session"],
        json!({"USERNAME": "uma", "EMAIL_OTP_CODE": m.last_code("uma")}),
    );
    assert_eq!(t.status, 200, "{}", t.body);
    assert!(t.body["AuthenticationResult"]["AccessToken"].is_string());
}

#[test]
fn preferred_sms_otp_first_factor() {
    let m = Mock::toml(POOL);
    let a = init(
        &m,
        json!({"USERNAME": "uma", "PREFERRED_CHALLENGE": "SMS_OTP"}),
    );
    assert_eq!(a.body["ChallengeName"], "SMS_OTP", "{}", a.body);
    assert_eq!(
        a.body["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "+*******2222"
    );
    let r = respond(
        &m,
        "SMS_OTP",
        &a.body["Session"],
        json!({"USERNAME": "uma", "SMS_OTP_CODE": "00000x"}),
    );
    assert_eq!(r.error_type(), "CodeMismatchException");
    let r = respond(
        &m,
        "SMS_OTP",
        &a.body["Session"],
        json!({"USERNAME": "uma", "SMS_OTP_CODE": m.last_code("uma")}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn user_auth_needs_the_client_flow() {
    let m =
        Mock::toml("[[pools]]\n[[pools.clients]]\nexplicitAuthFlows = [\"ALLOW_USER_SRP_AUTH\"]\n");
    let (t, msg) = m.fail(
        "InitiateAuth",
        json!({"AuthFlow": "USER_AUTH", "ClientId": m.client, "AuthParameters": {"USERNAME": "x"}}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        (
            "InvalidParameterException",
            "USER_AUTH flow not enabled for this client"
        )
    );
}

/// Choice-based sign-in is not affected by PreventUserExistenceErrors: an
/// unknown user gets the pool's challenges (even with LEGACY), and none of
/// them can be passed.
#[test]
fn user_auth_never_reveals_whether_a_user_exists() {
    let m = Mock::toml(POOL);
    let a = init(&m, json!({"USERNAME": "nobody@example.com"}));
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(
        a.body["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"])
    );
    let r = respond(
        &m,
        "SELECT_CHALLENGE",
        &a.body["Session"],
        json!({"USERNAME": "nobody@example.com", "ANSWER": "PASSWORD", "PASSWORD": PASSWORD}),
    );
    assert_eq!(
        (r.error_type(), r.message()),
        ("NotAuthorizedException", "Incorrect username or password.")
    );
    // EMAIL_OTP: a code "was sent", none works.
    let a = init(
        &m,
        json!({"USERNAME": "nobody@example.com", "PREFERRED_CHALLENGE": "EMAIL_OTP"}),
    );
    assert_eq!(a.body["ChallengeName"], "EMAIL_OTP", "{}", a.body);
    assert_eq!(
        a.body["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "n***@e***"
    );
    assert!(m.svc.codes(Some("nobody@example.com"), None).is_empty());
    let r = respond(
        &m,
        "EMAIL_OTP",
        &a.body["Session"],
        json!({"USERNAME": "nobody@example.com", "EMAIL_OTP_CODE": "123456"}),
    );
    assert_eq!(r.error_type(), "CodeMismatchException");
    // PASSWORD_SRP: a real-looking PASSWORD_VERIFIER (with a Session), then
    // the usual refusal.
    let client = SrpClient::new(&mut OsRandom).unwrap();
    let a = init(
        &m,
        json!({"USERNAME": "nobody@example.com", "PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": client.srp_a()}),
    );
    assert_eq!(a.body["ChallengeName"], "PASSWORD_VERIFIER", "{}", a.body);
    assert!(a.body["Session"].is_string());
    let p = &a.body["ChallengeParameters"];
    let pool_name = m.pool_name();
    let claim = client
        .password_claim(
            &PasswordVerifierChallenge {
                pool_name: &pool_name,
                user_id_for_srp: p["USER_ID_FOR_SRP"].as_str().unwrap(),
                salt_hex: p["SALT"].as_str().unwrap(),
                srp_b_hex: p["SRP_B"].as_str().unwrap(),
                secret_block_b64: p["SECRET_BLOCK"].as_str().unwrap(),
            },
            PASSWORD,
            &cognito_auth_srp::timestamp::format(m.svc.clock().now_secs()),
        )
        .unwrap();
    let r = respond(
        &m,
        "PASSWORD_VERIFIER",
        &a.body["Session"],
        json!({"USERNAME": p["USERNAME"], "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
               "PASSWORD_CLAIM_SIGNATURE": claim.signature, "TIMESTAMP": claim.timestamp}),
    );
    assert_eq!(r.message(), "Incorrect username or password.", "{}", r.body);
    // The default pool (passwords only), LEGACY client: still no
    // UserNotFoundException.
    let d = Mock::new();
    let a = init(&d, json!({"USERNAME": "nobody"}));
    assert_eq!(
        a.body["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP"])
    );
}

/// Passkeys are not implemented: every way to ask for them says so.
#[test]
fn web_authn_is_refused_clearly_wherever_it_can_arise() {
    let m = Mock::toml(
        "[[pools]]\nallowedFirstAuthFactors = [\"PASSWORD\", \"WEB_AUTHN\"]\n[[pools.users]]\nusername = \"wes\"\npassword = \"Passw0rd!\"\n",
    );
    let unsupported = (
        "UnsupportedOperationException".to_owned(),
        "mock-cognito does not implement WEB_AUTHN (passkey) sign-in yet".to_owned(),
    );
    // Never offered, even where the pool allows it.
    let a = init(&m, json!({"USERNAME": "wes"}));
    assert_eq!(
        a.body["AvailableChallenges"],
        json!(["PASSWORD", "PASSWORD_SRP"])
    );
    // Asked for up front, as a selection, or answered directly.
    let p = init(
        &m,
        json!({"USERNAME": "wes", "PREFERRED_CHALLENGE": "WEB_AUTHN"}),
    );
    assert_eq!(
        (p.error_type().to_owned(), p.message().to_owned()),
        unsupported
    );
    let r = respond(
        &m,
        "SELECT_CHALLENGE",
        &a.body["Session"],
        json!({"USERNAME": "wes", "ANSWER": "WEB_AUTHN"}),
    );
    assert_eq!(
        (r.error_type().to_owned(), r.message().to_owned()),
        unsupported
    );
    let r = respond(
        &m,
        "WEB_AUTHN",
        &a.body["Session"],
        json!({"USERNAME": "wes", "CREDENTIAL": "{}"}),
    );
    assert_eq!(
        (r.error_type().to_owned(), r.message().to_owned()),
        unsupported
    );
    // The selection session is still good for a real factor.
    let r = respond(
        &m,
        "SELECT_CHALLENGE",
        &a.body["Session"],
        json!({"USERNAME": "wes", "ANSWER": "PASSWORD", "PASSWORD": PASSWORD}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // Unknown users too.
    let p = init(
        &m,
        json!({"USERNAME": "nobody", "PREFERRED_CHALLENGE": "WEB_AUTHN"}),
    );
    assert_eq!(
        (p.error_type().to_owned(), p.message().to_owned()),
        unsupported
    );
}

#[test]
fn passwordless_sign_up_where_the_pool_allows_it() {
    let m = Mock::toml("[[pools]]\nallowedFirstAuthFactors = [\"PASSWORD\", \"EMAIL_OTP\"]\n");
    m.ok(
        "SignUp",
        json!({"ClientId": m.client, "Username": "pat", "UserAttributes": [{"Name": "email", "Value": "pat@example.com"}]}),
    );
    m.ok(
        "ConfirmSignUp",
        json!({"ClientId": m.client, "Username": "pat", "ConfirmationCode": m.last_code("pat")}),
    );
    let a = init(&m, json!({"USERNAME": "pat"}));
    assert_eq!(
        a.body["AvailableChallenges"],
        json!(["EMAIL_OTP"]),
        "no password, no PASSWORD factor"
    );
    let r = respond(
        &m,
        "SELECT_CHALLENGE",
        &a.body["Session"],
        json!({"USERNAME": "pat", "ANSWER": "EMAIL_OTP"}),
    );
    let t = respond(
        &m,
        "EMAIL_OTP",
        &r.body["Session"],
        json!({"USERNAME": "pat", "EMAIL_OTP_CODE": m.last_code("pat")}),
    );
    assert_eq!(t.status, 200, "{}", t.body);
    assert_eq!(
        m.password_auth("pat", PASSWORD).message(),
        "Incorrect username or password."
    );
    // The default pool needs a password.
    let d = Mock::new();
    let (e, _) = d.fail("SignUp", json!({"ClientId": d.client, "Username": "x"}));
    assert_eq!(e, "InvalidParameterException");
}

/// A confidential client signing in by email alias with USER_AUTH: the
/// client only knows the name it typed (SELECT_CHALLENGE has no USERNAME
/// parameter), so SECRET_HASH over the alias is accepted in InitiateAuth with
/// a preferred password and in the SELECT_CHALLENGE answer; a wrong hash is
/// still refused.
#[test]
fn user_auth_secret_hash_over_the_alias() {
    let m = Mock::toml(
        "[[pools]]\naliasAttributes = [\"email\"]\n[[pools.clients]]\nsecret = \"0123456789abcdef0123456789\"\n[[pools.users]]\nusername = \"ally\"\npassword = \"Passw0rd!\"\nattributes = { email = \"ally@example.com\", email_verified = \"true\" }\n",
    );
    let hash = |u: &str| cognito_auth_srp::secret_hash(u, &m.client, "0123456789abcdef0123456789");
    let login = "ally@example.com";
    let a = init(
        &m,
        json!({"USERNAME": login, "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PASSWORD,
               "SECRET_HASH": hash(login)}),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.body["AuthenticationResult"]["AccessToken"].is_string());

    let a = init(&m, json!({"USERNAME": login, "SECRET_HASH": hash(login)}));
    assert_eq!(a.body["ChallengeName"], "SELECT_CHALLENGE", "{}", a.body);
    let r = respond(
        &m,
        "SELECT_CHALLENGE",
        &a.body["Session"],
        json!({"USERNAME": login, "ANSWER": "PASSWORD", "PASSWORD": PASSWORD,
               "SECRET_HASH": hash("someone-else")}),
    );
    assert_eq!(r.error_type(), "NotAuthorizedException", "{}", r.body);
    // A refused hash leaves the selection session usable.
    let r = respond(
        &m,
        "SELECT_CHALLENGE",
        &a.body["Session"],
        json!({"USERNAME": login, "ANSWER": "PASSWORD", "PASSWORD": PASSWORD,
               "SECRET_HASH": hash(login)}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["AuthenticationResult"]["AccessToken"].is_string());
    // The internal name works too.
    let a = init(&m, json!({"USERNAME": login, "SECRET_HASH": hash(login)}));
    let r = respond(
        &m,
        "SELECT_CHALLENGE",
        &a.body["Session"],
        json!({"USERNAME": "ally", "ANSWER": "PASSWORD", "PASSWORD": PASSWORD,
               "SECRET_HASH": hash("ally")}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}
