//! One regression test per protocol pitfall of landscape.md §2 that concerns
//! a server. The SRP ones drive the mock with a client written here from the
//! wire spec's prose (§5.2–5.3), independent of cognito-auth-srp's client,
//! plus deliberately wrong variants that the mock must refuse.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use num_bigint::BigUint;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use support::{Mock, PASSWORD};

/// Variants of the client math: the correct one and known bugs.
#[derive(Clone, Copy, PartialEq)]
enum Variant {
    Correct,
    /// RFC 5054 style: g padded to |N| inside k.
    KPaddedToN,
    /// HKDF info without the 0x01 counter byte.
    HkdfNoCounter,
}

fn pad_hex(x: &BigUint) -> String {
    let mut h = x.to_str_radix(16);
    if h.len() % 2 == 1 {
        h.insert(0, '0');
    }
    if matches!(h.as_bytes()[0], b'8'..=b'9' | b'a'..=b'f') {
        h.insert_str(0, "00");
    }
    h
}

fn hex_bytes(h: &str) -> Vec<u8> {
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
        .collect()
}

fn sha(parts: &[&[u8]]) -> Vec<u8> {
    let mut d = Sha256::new();
    for p in parts {
        d.update(p);
    }
    d.finalize().to_vec()
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
    for p in parts {
        m.update(p);
    }
    m.finalize().into_bytes().to_vec()
}

struct Client {
    a: BigUint,
    big_a: BigUint,
    n: BigUint,
    g: BigUint,
}

impl Client {
    fn new() -> Self {
        let n = BigUint::parse_bytes(cognito_auth_srp::group::N_HEX.as_bytes(), 16).unwrap();
        let g = BigUint::from(2u32);
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).unwrap();
        let a = BigUint::from_bytes_be(&bytes);
        let big_a = g.modpow(&a, &n);
        Self { a, big_a, n, g }
    }

    fn srp_a(&self) -> String {
        self.big_a.to_str_radix(16)
    }

    #[allow(clippy::too_many_arguments)]
    fn signature(
        &self,
        v: Variant,
        pool_name: &str,
        user_id: &str,
        password: &str,
        salt_hex: &str,
        b_hex: &str,
        secret_block: &str,
        timestamp: &str,
    ) -> String {
        let n = &self.n;
        let b = BigUint::parse_bytes(b_hex.as_bytes(), 16).unwrap();
        let salt = BigUint::parse_bytes(salt_hex.as_bytes(), 16).unwrap();
        let g_part = if v == Variant::KPaddedToN {
            let mut g = vec![0u8; 384];
            g[383] = 2;
            g
        } else {
            hex_bytes(&pad_hex(&self.g))
        };
        let k = BigUint::from_bytes_be(&sha(&[&hex_bytes(&pad_hex(n)), &g_part]));
        let u = BigUint::from_bytes_be(&sha(&[
            &hex_bytes(&pad_hex(&self.big_a)),
            &hex_bytes(&pad_hex(&b)),
        ]));
        let inner = sha(&[format!("{pool_name}{user_id}:{password}").as_bytes()]);
        let x = BigUint::from_bytes_be(&sha(&[&hex_bytes(&pad_hex(&salt)), &inner]));
        let gx = self.g.modpow(&x, n);
        let kgx = (k * gx) % n;
        let base = ((b % n) + n - kgx) % n;
        let s = base.modpow(&(&self.a + &u * &x), n);
        let prk = hmac(&hex_bytes(&pad_hex(&u)), &[&hex_bytes(&pad_hex(&s))]);
        let info: &[u8] = if v == Variant::HkdfNoCounter {
            b"Caldera Derived Key"
        } else {
            b"Caldera Derived Key\x01"
        };
        let key = &hmac(&prk, &[info])[..16];
        let block = STANDARD.decode(secret_block).unwrap();
        STANDARD.encode(hmac(
            key,
            &[
                pool_name.as_bytes(),
                user_id.as_bytes(),
                &block,
                timestamp.as_bytes(),
            ],
        ))
    }
}

/// One SRP sign-in with the independent client. Returns the final answer and
/// the challenge parameters.
fn independent_sign_in(
    m: &Mock,
    username: &str,
    password: &str,
    v: Variant,
    timestamp: &str,
) -> (support::Answer, Value) {
    let c = Client::new();
    let init = m.ok(
        "InitiateAuth",
        json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": m.client,
               "AuthParameters": {"USERNAME": username, "SRP_A": c.srp_a()}}),
    );
    let p = init["ChallengeParameters"].clone();
    let user_id = p["USER_ID_FOR_SRP"].as_str().unwrap();
    let sig = c.signature(
        v,
        &m.pool_name(),
        user_id,
        password,
        p["SALT"].as_str().unwrap(),
        p["SRP_B"].as_str().unwrap(),
        p["SECRET_BLOCK"].as_str().unwrap(),
        timestamp,
    );
    let a = m.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": m.client,
               "ChallengeResponses": {"USERNAME": user_id, "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
                                      "PASSWORD_CLAIM_SIGNATURE": sig, "TIMESTAMP": timestamp}}),
    );
    (a, p)
}

fn now_ts(m: &Mock) -> String {
    cognito_auth_srp::timestamp::format(m.svc.clock().now_secs())
}

#[test]
fn pitfall_02_k_and_u_use_signed_hex_padding_like_real_clients() {
    let m = Mock::new();
    m.confirmed_user("p2", None);
    // Many exchanges: A, B, u and S land on both sides of the high-bit rule.
    for _ in 0..12 {
        let (a, _) = independent_sign_in(&m, "p2", PASSWORD, Variant::Correct, &now_ts(&m));
        assert_eq!(a.status, 200, "{}", a.body);
    }
    let (a, _) = independent_sign_in(&m, "p2", PASSWORD, Variant::KPaddedToN, &now_ts(&m));
    assert_eq!(a.message(), "Incorrect username or password.");
}

#[test]
fn pitfall_03_hkdf_uses_u_as_salt_and_caldera_info_with_counter() {
    let m = Mock::new();
    m.confirmed_user("p3", None);
    let (a, _) = independent_sign_in(&m, "p3", PASSWORD, Variant::Correct, &now_ts(&m));
    assert_eq!(a.status, 200);
    let (a, _) = independent_sign_in(&m, "p3", PASSWORD, Variant::HkdfNoCounter, &now_ts(&m));
    assert_eq!(a.message(), "Incorrect username or password.");
}

#[test]
fn pitfall_04_timestamp_day_is_not_zero_padded() {
    let m = Mock::new();
    m.confirmed_user("p4", None);
    // Move the mock's clock to a day of the month below 10.
    let mut now = m.svc.clock().now_secs();
    let mut ts = cognito_auth_srp::timestamp::format(now);
    while ts.split(' ').nth(2).unwrap().len() != 1 {
        m.svc.clock().advance(86_400);
        now += 86_400;
        ts = cognito_auth_srp::timestamp::format(now);
    }
    let parts: Vec<&str> = ts.split(' ').collect();
    let padded = format!(
        "{} {} 0{} {} {} {}",
        parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]
    );
    let (a, _) = independent_sign_in(&m, "p4", PASSWORD, Variant::Correct, &padded);
    assert_eq!(
        a.message(),
        "Incorrect username or password.",
        "zero-padded day accepted"
    );
    // A weekday that does not match the date is refused too.
    let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    let wrong_day = days.iter().find(|d| **d != parts[0]).unwrap();
    let bad_weekday = ts.replacen(parts[0], wrong_day, 1);
    let (a, _) = independent_sign_in(&m, "p4", PASSWORD, Variant::Correct, &bad_weekday);
    assert_eq!(a.message(), "Incorrect username or password.");
    let (a, _) = independent_sign_in(&m, "p4", PASSWORD, Variant::Correct, &ts);
    assert_eq!(a.status, 200, "unpadded day refused: {ts}");
}

#[test]
fn pitfall_05_salts_with_the_high_bit_set_work_and_never_start_with_zero() {
    let m = Mock::new();
    let mut high_bit_seen = false;
    for i in 0..40 {
        let name = format!("p5-{i}");
        m.confirmed_user(&name, None);
        let (a, p) = independent_sign_in(&m, &name, PASSWORD, Variant::Correct, &now_ts(&m));
        assert_eq!(a.status, 200, "{}", a.body);
        let salt = p["SALT"].as_str().unwrap();
        assert!(
            !salt.starts_with('0'),
            "salt {salt} starts with a zero digit"
        );
        assert_eq!(salt, salt.to_lowercase());
        let b = p["SRP_B"].as_str().unwrap();
        assert!(!b.starts_with('0'), "SRP_B is minimal hex");
        if matches!(salt.as_bytes()[0], b'8'..=b'9' | b'a'..=b'f') {
            high_bit_seen = true;
            break;
        }
    }
    assert!(high_bit_seen, "no salt with the high bit set in 40 users");
}

#[test]
fn pitfall_06_password_verifier_carries_username_and_user_id_for_srp() {
    let m = Mock::toml("[[pools]]\nusernameAttributes = [\"email\"]\n");
    m.ok(
        "AdminCreateUser",
        json!({"UserPoolId": m.pool, "Username": "six@example.com", "MessageAction": "SUPPRESS"}),
    );
    m.ok(
        "AdminSetUserPassword",
        json!({"UserPoolId": m.pool, "Username": "six@example.com", "Password": PASSWORD, "Permanent": true}),
    );
    let (a, p) = independent_sign_in(
        &m,
        "six@example.com",
        PASSWORD,
        Variant::Correct,
        &now_ts(&m),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let internal = p["USER_ID_FOR_SRP"].as_str().unwrap();
    assert_eq!(p["USERNAME"], internal, "USERNAME is the internal name too");
    assert_ne!(internal, "six@example.com");
    assert_eq!(internal.len(), 36);
}

#[test]
fn pitfall_01_challenge_secret_hash_must_use_the_internal_username() {
    let secret = "abcdefghijklmnopqrstuvwxyz0123456789";
    let m = Mock::toml(&format!(
        "[[pools]]\nusernameAttributes = [\"email\"]\n[[pools.clients]]\nsecret = \"{secret}\"\n"
    ));
    m.ok(
        "AdminCreateUser",
        json!({"UserPoolId": m.pool, "Username": "one@example.com", "MessageAction": "SUPPRESS"}),
    );
    m.ok(
        "AdminSetUserPassword",
        json!({"UserPoolId": m.pool, "Username": "one@example.com", "Password": PASSWORD, "Permanent": true}),
    );
    let run = |hash_over_alias: bool| {
        let c = cognito_auth_srp::SrpClient::new(&mut cognito_auth_srp::OsRandom).unwrap();
        let init = m.ok(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": m.client,
                   "AuthParameters": {"USERNAME": "one@example.com", "SRP_A": c.srp_a(),
                   "SECRET_HASH": cognito_auth_srp::secret_hash("one@example.com", &m.client, secret)}}),
        );
        let p = &init["ChallengeParameters"];
        let user_id = p["USER_ID_FOR_SRP"].as_str().unwrap();
        let pool_name = m.pool_name();
        let claim = c
            .password_claim(
                &cognito_auth_srp::PasswordVerifierChallenge {
                    pool_name: &pool_name,
                    user_id_for_srp: user_id,
                    salt_hex: p["SALT"].as_str().unwrap(),
                    srp_b_hex: p["SRP_B"].as_str().unwrap(),
                    secret_block_b64: p["SECRET_BLOCK"].as_str().unwrap(),
                },
                PASSWORD,
                &now_ts(&m),
            )
            .unwrap();
        let hashed = if hash_over_alias {
            "one@example.com"
        } else {
            user_id
        };
        m.call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": m.client,
                   "ChallengeResponses": {"USERNAME": user_id, "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
                   "PASSWORD_CLAIM_SIGNATURE": claim.signature, "TIMESTAMP": claim.timestamp,
                   "SECRET_HASH": cognito_auth_srp::secret_hash(hashed, &m.client, secret)}}),
        )
    };
    let bad = run(true);
    assert_eq!(bad.error_type(), "NotAuthorizedException");
    assert_eq!(
        bad.message(),
        format!("Unable to verify secret hash for client {}", m.client)
    );
    assert_eq!(run(false).status, 200);
}

#[test]
fn pitfall_09_confirm_sign_up_returns_a_session() {
    let m = Mock::new();
    let s = m.ok(
        "SignUp",
        json!({"ClientId": m.client, "Username": "nine", "Password": PASSWORD,
               "UserAttributes": [{"Name": "email", "Value": "nine@example.com"}]}),
    );
    let code = m.last_code("nine");
    let c = m.ok(
        "ConfirmSignUp",
        json!({"ClientId": m.client, "Username": "nine", "ConfirmationCode": code, "Session": s["Session"]}),
    );
    let session = c["Session"].as_str().unwrap();
    assert!(session.len() >= 20);
    assert_ne!(
        Some(session),
        s["Session"].as_str(),
        "a new session, not the sign-up one"
    );
}

#[test]
fn pitfall_10_responses_are_amz_json_and_errors_carry_type() {
    let m = Mock::new();
    let ok = m.call("ListUserPools", json!({"MaxResults": 5}));
    assert_eq!(
        ok.header("content-type"),
        Some("application/x-amz-json-1.1")
    );
    let bad = m.call("GetUser", json!({"AccessToken": "x"}));
    assert_eq!(
        bad.header("content-type"),
        Some("application/x-amz-json-1.1")
    );
    assert_eq!(bad.body["__type"], "NotAuthorizedException");
    assert!(bad.body["message"].is_string());
}

#[test]
fn pitfall_11_no_challenge_with_tokens_and_no_tokens_with_a_challenge() {
    let m = Mock::new();
    m.confirmed_user("el", None);
    let a = m.password_auth("el", PASSWORD);
    assert!(a.body.get("ChallengeName").is_none());
    assert!(a.body.get("Session").is_none());
    assert!(a.body["AuthenticationResult"].is_object());
    m.ok(
        "AdminCreateUser",
        json!({"UserPoolId": m.pool, "Username": "fc", "TemporaryPassword": "Temp0rary!", "MessageAction": "SUPPRESS"}),
    );
    for a in [
        m.password_auth("fc", "Temp0rary!"),
        m.srp_sign_in("fc", "Temp0rary!"),
    ] {
        assert_eq!(
            a.body["ChallengeName"], "NEW_PASSWORD_REQUIRED",
            "{}",
            a.body
        );
        assert!(a.body.get("AuthenticationResult").is_none());
        assert!(a.body["Session"].is_string());
    }
}

#[test]
fn pitfall_12_replay_disabled_users_and_client_secrets() {
    let m = Mock::new();
    m.ok(
        "AdminCreateUser",
        json!({"UserPoolId": m.pool, "Username": "tw", "TemporaryPassword": "Temp0rary!", "MessageAction": "SUPPRESS"}),
    );
    let s = m.password_auth("tw", "Temp0rary!").body["Session"].clone();
    let answer = json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": m.client, "Session": s,
                        "ChallengeResponses": {"USERNAME": "tw", "NEW_PASSWORD": "N3w-Passw0rd"}});
    m.ok("RespondToAuthChallenge", answer.clone());
    let (t, msg) = m.fail("RespondToAuthChallenge", answer);
    assert_eq!(t, "NotAuthorizedException");
    assert_eq!(
        msg,
        "Invalid session for the user, session can only be used once."
    );

    m.ok(
        "AdminDisableUser",
        json!({"UserPoolId": m.pool, "Username": "tw"}),
    );
    assert_eq!(
        m.password_auth("tw", "N3w-Passw0rd").message(),
        "User is disabled."
    );
    assert_eq!(
        m.srp_sign_in("tw", "N3w-Passw0rd").message(),
        "User is disabled."
    );

    let secret = "abcdefghijklmnopqrstuvwxyz0123456789";
    let c = Mock::toml(&format!(
        "[[pools]]\n[[pools.clients]]\nsecret = \"{secret}\"\n"
    ));
    c.confirmed_user("sec", None);
    let a = c.password_auth("sec", PASSWORD);
    assert_eq!(
        a.message(),
        format!(
            "Client {} is configured for secret but secret was not received",
            c.client
        )
    );
    let a = c.srp_sign_in("sec", PASSWORD);
    assert_eq!(a.error_type(), "NotAuthorizedException");
    let clock = c.svc.clock().clone();
    let good = c.srp_sign_in_with(
        "sec",
        PASSWORD,
        &move || cognito_auth_srp::timestamp::format(clock.now_secs()),
        Some(secret),
    );
    assert_eq!(good.status, 200, "{}", good.body);
}

#[test]
fn pitfall_09_user_auth_accepts_the_confirm_sign_up_session_once() {
    let m = Mock::new();
    let s = m.ok(
        "SignUp",
        json!({"ClientId": m.client, "Username": "auto", "Password": PASSWORD,
               "UserAttributes": [{"Name": "email", "Value": "auto@example.com"}]}),
    );
    let code = m.last_code("auto");
    let c = m.ok(
        "ConfirmSignUp",
        json!({"ClientId": m.client, "Username": "auto", "ConfirmationCode": code, "Session": s["Session"]}),
    );
    let body = json!({"AuthFlow": "USER_AUTH", "ClientId": m.client,
                      "AuthParameters": {"USERNAME": "auto"}, "Session": c["Session"]});
    let r = m.ok("InitiateAuth", body.clone());
    assert!(r.get("ChallengeName").is_none(), "{r}");
    let id = Mock::claims(r["AuthenticationResult"]["IdToken"].as_str().unwrap());
    assert_eq!(id["cognito:username"], "auto");
    let (t, msg) = m.fail("InitiateAuth", body);
    assert_eq!(t, "NotAuthorizedException");
    assert_eq!(
        msg,
        "Invalid session for the user, session can only be used once."
    );
    // SignUp's own session is not a sign-in session.
    let (t, _) = m.fail(
        "InitiateAuth",
        json!({"AuthFlow": "USER_AUTH", "ClientId": m.client,
               "AuthParameters": {"USERNAME": "auto"}, "Session": s["Session"]}),
    );
    assert_eq!(t, "NotAuthorizedException");
}

#[test]
fn pitfall_08_custom_with_srp_asks_for_password_verifier_with_user_id_for_srp() {
    let m = Mock::new();
    m.confirmed_user("eight", Some("eight@example.com"));
    let c = Client::new();
    let init = m.ok(
        "InitiateAuth",
        json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": m.client,
               "AuthParameters": {"USERNAME": "eight", "CHALLENGE_NAME": "SRP_A", "SRP_A": c.srp_a()}}),
    );
    assert_eq!(init["ChallengeName"], "PASSWORD_VERIFIER");
    let p = &init["ChallengeParameters"];
    assert_eq!(
        p["USER_ID_FOR_SRP"], "eight",
        "Amplify needs USER_ID_FOR_SRP here"
    );
    let ts = now_ts(&m);
    let sig = c.signature(
        Variant::Correct,
        &m.pool_name(),
        "eight",
        PASSWORD,
        p["SALT"].as_str().unwrap(),
        p["SRP_B"].as_str().unwrap(),
        p["SECRET_BLOCK"].as_str().unwrap(),
        &ts,
    );
    let r = m.ok(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": m.client, "Session": init["Session"],
               "ChallengeResponses": {"USERNAME": "eight", "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
                                      "PASSWORD_CLAIM_SIGNATURE": sig, "TIMESTAMP": ts}}),
    );
    assert_eq!(r["ChallengeName"], "CUSTOM_CHALLENGE", "{r}");
    let done = m.ok(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "CUSTOM_CHALLENGE", "ClientId": m.client, "Session": r["Session"],
               "ChallengeResponses": {"USERNAME": "eight", "ANSWER": m.last_code("eight")}}),
    );
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());
}

/// Found with cognito-srp-helper (npm) through the AWS SDK for JavaScript v3: that client
/// sends `CHALLENGE_NAME: SRP_A` in USER_SRP_AUTH's AuthParameters and repeats `SRP_A` in the
/// PASSWORD_VERIFIER answer, which Cognito takes. The mock must not refuse the extra keys, and
/// must still check the proof.
#[test]
fn password_verifier_answer_with_extra_srp_a_and_challenge_name_is_accepted() {
    let m = Mock::new();
    m.confirmed_user("helper", None);
    let answer = |password: &str| {
        let c = Client::new();
        let init = m.ok(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": m.client,
                   "AuthParameters": {"USERNAME": "helper", "SRP_A": c.srp_a(),
                                      "CHALLENGE_NAME": "SRP_A"}}),
        );
        let p = init["ChallengeParameters"].clone();
        let user_id = p["USER_ID_FOR_SRP"].as_str().unwrap().to_owned();
        let ts = now_ts(&m);
        let sig = c.signature(
            Variant::Correct,
            &m.pool_name(),
            &user_id,
            password,
            p["SALT"].as_str().unwrap(),
            p["SRP_B"].as_str().unwrap(),
            p["SECRET_BLOCK"].as_str().unwrap(),
            &ts,
        );
        m.call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": m.client,
                   "ChallengeResponses": {"USERNAME": user_id,
                                          "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
                                          "PASSWORD_CLAIM_SIGNATURE": sig, "TIMESTAMP": ts,
                                          "SRP_A": c.srp_a()}}),
        )
    };
    let ok = answer(PASSWORD);
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.body["AuthenticationResult"]["AccessToken"].is_string());
    let wrong = answer("Wrong-Password-1!");
    assert_eq!(wrong.error_type(), "NotAuthorizedException");
    assert_eq!(wrong.message(), "Incorrect username or password.");
}
