//! A model-based proptest: random sequences of sign-ups, confirmations,
//! sign-ins (password and SRP, right and wrong), token use, global sign-out,
//! clock advances and restarts from the state file, checked against a small
//! model of what Cognito must answer. No panic, every error Cognito-shaped,
//! no user lost, no sign-in succeeding that the model says must fail.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;

use mock_cognito::{Config, MockService};
use proptest::prelude::*;
use serde_json::json;
use support::{Mock, PASSWORD};

const NAMES: &[&str] = &["ann", "bob", "cy"];
const WRONG: &str = "Wr0ng!pass";

#[derive(Debug, Clone)]
enum Op {
    SignUp(usize, bool),
    Confirm(usize, bool),
    SignIn(usize, bool, bool),
    UseToken(usize),
    GlobalSignOut(usize),
    Advance(i64),
    Restart,
}

fn op() -> impl Strategy<Value = Op> {
    let n = 0..NAMES.len();
    prop_oneof![
        (n.clone(), any::<bool>()).prop_map(|(i, ok)| Op::SignUp(i, ok)),
        (n.clone(), prop::bool::weighted(0.8)).prop_map(|(i, ok)| Op::Confirm(i, ok)),
        (n.clone(), any::<bool>(), prop::bool::weighted(0.7))
            .prop_map(|(i, srp, ok)| Op::SignIn(i, srp, ok)),
        (0..8usize).prop_map(Op::UseToken),
        n.prop_map(Op::GlobalSignOut),
        prop::sample::select(vec![1i64, 60, 1000, 4000]).prop_map(Op::Advance),
        Just(Op::Restart),
    ]
}

#[derive(Debug, Default, Clone)]
struct ModelUser {
    confirmed: bool,
    failures: u32,
    /// Sign-ins refused until then (mock clock, ms).
    locked_until_ms: i64,
}

struct Token {
    user: usize,
    access: String,
    issued: i64,
    revoked: bool,
}

fn shaped(a: &support::Answer) -> bool {
    a.status == 200 || (a.body["__type"].is_string() && a.body["message"].is_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn mock_agrees_with_the_model(ops in prop::collection::vec(op(), 1..25)) {
        let dir = std::env::temp_dir().join(format!(
            "mock-cognito-model-{}-{}",
            std::process::id(),
            std::thread::current().name().unwrap_or("t").replace("::", "-")
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.json");
        let _ = std::fs::remove_file(&path);
        let cfg = Config::from_toml("[[pools]]\nfixedCode = \"777777\"\n").unwrap();
        let mut m = {
            let svc = mock_cognito::build_service(&cfg, Some(path.clone())).unwrap();
            let (pool, client) = (svc.user_pool_id(), svc.client_id());
            Mock { svc, pool, client }
        };
        let mut users: BTreeMap<usize, ModelUser> = BTreeMap::new();
        let mut tokens: Vec<Token> = Vec::new();
        for op in ops {
            match op {
                Op::SignUp(i, good) => {
                    let pw = if good { PASSWORD } else { "short" };
                    let a = m.call("SignUp", json!({"ClientId": m.client, "Username": NAMES[i], "Password": pw,
                        "UserAttributes": [{"Name": "email", "Value": format!("{}@example.com", NAMES[i])}]}));
                    prop_assert!(shaped(&a));
                    let expect_ok = good && !users.contains_key(&i);
                    prop_assert_eq!(a.status == 200, expect_ok, "SignUp {}: {}", NAMES[i], a.body);
                    if expect_ok {
                        users.insert(i, ModelUser::default());
                    }
                }
                Op::Confirm(i, right) => {
                    let code = if right { "777777" } else { "123123" };
                    let a = m.call("ConfirmSignUp", json!({"ClientId": m.client, "Username": NAMES[i], "ConfirmationCode": code}));
                    prop_assert!(shaped(&a));
                    match users.get_mut(&i) {
                        None => prop_assert_eq!(a.error_type(), "UserNotFoundException"),
                        Some(u) if a.status == 200 => {
                            prop_assert!(right && !u.confirmed, "confirmed with a wrong code or twice");
                            u.confirmed = true;
                        }
                        Some(u) => {
                            let allowed = ["CodeMismatchException", "ExpiredCodeException",
                                "TooManyFailedAttemptsException", "LimitExceededException"];
                            if u.confirmed {
                                prop_assert_eq!(a.error_type(), "NotAuthorizedException");
                            } else {
                                prop_assert!(allowed.contains(&a.error_type()), "{}", a.body);
                            }
                        }
                    }
                }
                Op::SignIn(i, srp, right) => {
                    let pw = if right { PASSWORD } else { WRONG };
                    let a = if srp { m.srp_sign_in(NAMES[i], pw) } else { m.password_auth(NAMES[i], pw) };
                    prop_assert!(shaped(&a));
                    let u = users.get_mut(&i);
                    match u {
                        None => prop_assert_eq!(a.error_type(), "UserNotFoundException"),
                        Some(u) => {
                            let now_ms = m.svc.clock().now_ms();
                            // The model records lock-outs a few ms after the mock does;
                            // within that slack either answer is right.
                            let ambiguous = now_ms >= u.locked_until_ms - 200 && now_ms < u.locked_until_ms;
                            let locked = if ambiguous {
                                a.message() == "Password attempts exceeded"
                            } else {
                                now_ms < u.locked_until_ms
                            };
                            if a.status == 200 {
                                prop_assert!(right && u.confirmed && !locked, "sign-in succeeded against the model: {:?}", u);
                                u.failures = 0;
                                u.locked_until_ms = 0;
                                let access = a.body["AuthenticationResult"]["AccessToken"].as_str().unwrap().to_owned();
                                let iat = Mock::claims(&access)["iat"].as_i64().unwrap();
                                tokens.push(Token { user: i, access, issued: iat, revoked: false });
                            } else if locked {
                                prop_assert_eq!(a.message(), "Password attempts exceeded");
                            } else if !right {
                                prop_assert_eq!(a.message(), "Incorrect username or password.");
                                u.failures += 1;
                                if u.failures >= 5 {
                                    let delay = (1000i64 << (u.failures - 5).min(20)).min(900_000);
                                    u.locked_until_ms = now_ms + delay;
                                }
                            } else {
                                prop_assert!(!u.confirmed, "right password refused: {}", a.body);
                                prop_assert_eq!(a.error_type(), "UserNotConfirmedException");
                            }
                        }
                    }
                }
                Op::UseToken(k) => {
                    if let Some(t) = tokens.get(k) {
                        let a = m.call("GetUser", json!({"AccessToken": t.access}));
                        prop_assert!(shaped(&a));
                        let expired = m.svc.clock().now_secs() >= t.issued + 3600;
                        let expect_ok = !expired && !t.revoked;
                        prop_assert_eq!(a.status == 200, expect_ok, "GetUser: {}", a.body);
                    }
                }
                Op::GlobalSignOut(i) => {
                    let live = tokens.iter().position(|t| t.user == i && !t.revoked
                        && m.svc.clock().now_secs() < t.issued + 3600);
                    if let Some(p) = live {
                        let a = m.call("GlobalSignOut", json!({"AccessToken": tokens[p].access}));
                        prop_assert_eq!(a.status, 200, "{}", a.body);
                        for t in tokens.iter_mut().filter(|t| t.user == i) {
                            t.revoked = true;
                        }
                    }
                }
                Op::Advance(s) => m.svc.clock().advance(s),
                Op::Restart => {
                    m.svc.flush().unwrap();
                    let offset = m.svc.clock().offset_ms();
                    let svc: MockService = mock_cognito::build_service(&cfg, Some(path.clone())).unwrap();
                    svc.clock().advance_ms(offset);
                    prop_assert_eq!(svc.user_pool_id(), m.pool.clone());
                    prop_assert_eq!(svc.client_id(), m.client.clone());
                    m = Mock { pool: m.pool.clone(), client: m.client.clone(), svc };
                }
            }
        }
        // No user lost, statuses as the model says.
        for (i, u) in &users {
            let a = m.call("AdminGetUser", json!({"UserPoolId": m.pool, "Username": NAMES[*i]}));
            prop_assert_eq!(a.status, 200, "{} lost", NAMES[*i]);
            let want = if u.confirmed { "CONFIRMED" } else { "UNCONFIRMED" };
            prop_assert_eq!(a.body["UserStatus"].as_str(), Some(want));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
