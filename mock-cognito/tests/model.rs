//! A model-based proptest of the mock (issue 4): random sequences of
//! sign-ups, confirmations, sign-ins in every flow (USER_PASSWORD_AUTH,
//! ADMIN_USER_PASSWORD_AUTH, USER_SRP_AUTH, USER_AUTH with PASSWORD,
//! PASSWORD_SRP, EMAIL_OTP and the SELECT_CHALLENGE route, CUSTOM_AUTH with
//! the built-in trigger), email MFA switched on and off, right and wrong
//! answers to every challenge, token use, refresh, global sign-out, clock
//! advances and restarts from the state file, checked against a small model
//! of what Cognito must answer:
//!
//! * no panic, and every error is Cognito-shaped (`__type` and `message`);
//! * no sign-in succeeds that the model says must fail, and none fails that
//!   the model says must succeed (confirmation, lock-out, MFA, sessions);
//! * no user and no setting (status, MFA preference) is lost across
//!   restarts.
//!
//! The model's lock-out is the documented one (see `auth.rs`); the mock's
//! clock keeps running in real time between calls, so where a lock-out or a
//! session expiry falls within a call either answer is accepted.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;

use cognito_auth_srp::{OsRandom, PasswordVerifierChallenge, SrpClient};
use mock_cognito::{Config, MockService};
use proptest::prelude::*;
use serde_json::{Value, json};
use support::{Answer, Mock, PASSWORD};

const NAMES: &[&str] = &["ann", "bob", "cy"];
const WRONG: &str = "Wr0ng!pass";
const CODE: &str = "777777";
const WRONG_CODE: &str = "123123";
/// AuthSessionValidity of the default client (3 minutes).
const SESSION_MS: i64 = 180_000;
const CONFIG: &str = "[[pools]]\nfixedCode = \"777777\"\nmfa = \"OPTIONAL\"\nmfaTypes = [\"EMAIL_OTP\"]\nallowedFirstAuthFactors = [\"PASSWORD\", \"EMAIL_OTP\"]\n";

/// The ways to sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Password,
    AdminPassword,
    Srp,
    UserAuthPassword,
    UserAuthSelectPassword,
    UserAuthSrp,
    UserAuthEmailOtp,
    Custom,
}

#[derive(Debug, Clone)]
enum Op {
    SignUp(usize, bool),
    Confirm(usize, bool),
    SignIn(usize, Flow, bool),
    /// Several wrong passwords in a row (to reach the lock-out).
    Hammer(usize, usize),
    /// Answers the user's pending challenge (MFA code, one-time password or
    /// custom answer), right or wrong.
    Answer(usize, bool),
    /// Email MFA on or off (AdminSetUserMFAPreference).
    SetMfa(usize, bool),
    UseToken(usize),
    Refresh(usize),
    GlobalSignOut(usize),
    Advance(i64),
    Restart,
}

fn flow() -> impl Strategy<Value = Flow> {
    prop::sample::select(vec![
        Flow::Password,
        Flow::AdminPassword,
        Flow::Srp,
        Flow::UserAuthPassword,
        Flow::UserAuthSelectPassword,
        Flow::UserAuthSrp,
        Flow::UserAuthEmailOtp,
        Flow::Custom,
    ])
}

fn op() -> impl Strategy<Value = Op> {
    let n = 0..NAMES.len();
    prop_oneof![
        2 => (n.clone(), prop::bool::weighted(0.8)).prop_map(|(i, ok)| Op::SignUp(i, ok)),
        2 => (n.clone(), prop::bool::weighted(0.8)).prop_map(|(i, ok)| Op::Confirm(i, ok)),
        4 => (n.clone(), flow(), prop::bool::weighted(0.7)).prop_map(|(i, f, ok)| Op::SignIn(i, f, ok)),
        5 => (n.clone(), prop::bool::weighted(0.6)).prop_map(|(i, ok)| Op::Answer(i, ok)),
        1 => (n.clone(), 1..6usize, flow()).prop_map(|(i, k, _)| Op::Hammer(i, k)),
        2 => (n.clone(), any::<bool>()).prop_map(|(i, on)| Op::SetMfa(i, on)),
        1 => (0..8usize).prop_map(Op::UseToken),
        1 => (0..8usize).prop_map(Op::Refresh),
        1 => n.prop_map(Op::GlobalSignOut),
        1 => prop::sample::select(vec![1i64, 60, 200, 1000, 4000]).prop_map(Op::Advance),
        1 => Just(Op::Restart),
    ]
}

/// What a challenge in progress expects.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// EMAIL_OTP as MFA after a password.
    Mfa,
    /// EMAIL_OTP as the first factor (USER_AUTH).
    Otp,
    /// The built-in custom challenge; `wrong` answers so far.
    Custom { wrong: u32 },
}

#[derive(Debug, Clone)]
struct Pending {
    kind: Kind,
    session: String,
    /// The mock's clock when the session was issued (bounds, ms).
    issued: (i64, i64),
}

#[derive(Debug, Default, Clone)]
struct ModelUser {
    confirmed: bool,
    email_mfa: bool,
    failures: u32,
    /// Sign-ins refused until then (ms), and the last counted attempt.
    locked_until_ms: i64,
    last_fail_ms: i64,
    pending: Option<Pending>,
}

impl ModelUser {
    /// The documented 15-minute reset, as of `now`.
    fn forget(&mut self, now: i64) {
        if self.failures != 0 && self.locked_until_ms <= now && now - self.last_fail_ms >= 900_000 {
            self.failures = 0;
            self.locked_until_ms = 0;
        }
    }

    fn count_failure(&mut self, now: i64) {
        self.forget(now);
        self.failures += 1;
        self.last_fail_ms = now;
        if self.failures >= 5 {
            let delay = (1000i64 << (self.failures - 5).min(20)).min(900_000);
            self.locked_until_ms = now + delay;
        }
    }

    fn succeeded(&mut self) {
        self.failures = 0;
        self.locked_until_ms = 0;
    }
}

struct Token {
    user: usize,
    access: String,
    refresh: String,
    issued: i64,
    revoked: bool,
}

fn shaped(a: &Answer) -> bool {
    a.status == 200 || (a.body["__type"].is_string() && a.body["message"].is_string())
}

/// How the mock's clock relates to a lock-out during a call made between
/// `t0` and `t1`: certainly locked, certainly not, or either.
#[derive(Debug, PartialEq, Eq)]
enum Lock {
    Yes,
    No,
    Either,
}

fn lock_state(u: &mut ModelUser, t0: i64, t1: i64) -> Lock {
    // The quiet reset can only make a lock-out disappear, and only when it
    // has already expired, so `forget` at t0 is exact for "locked".
    u.forget(t0);
    if t1 < u.locked_until_ms {
        Lock::Yes
    } else if t0 >= u.locked_until_ms {
        Lock::No
    } else {
        Lock::Either
    }
}

fn srp_step(m: &Mock, init: &Answer, client: &SrpClient, password: &str) -> Answer {
    if init.status != 200 || init.body["ChallengeName"] != "PASSWORD_VERIFIER" {
        return Answer {
            status: init.status,
            headers: init.headers.clone(),
            body: init.body.clone(),
        };
    }
    let p = &init.body["ChallengeParameters"];
    let pool_name = m.pool_name();
    let user_id = p["USER_ID_FOR_SRP"].as_str().unwrap().to_owned();
    let claim = client
        .password_claim(
            &PasswordVerifierChallenge {
                pool_name: &pool_name,
                user_id_for_srp: &user_id,
                salt_hex: p["SALT"].as_str().unwrap(),
                srp_b_hex: p["SRP_B"].as_str().unwrap(),
                secret_block_b64: p["SECRET_BLOCK"].as_str().unwrap(),
            },
            password,
            &cognito_auth_srp::timestamp::format(m.svc.clock().now_secs()),
        )
        .unwrap();
    let mut body = json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": m.client,
        "ChallengeResponses": {"USERNAME": user_id, "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
            "PASSWORD_CLAIM_SIGNATURE": claim.signature, "TIMESTAMP": claim.timestamp}});
    if let Some(s) = init.body["Session"].as_str() {
        body["Session"] = json!(s);
    }
    m.call("RespondToAuthChallenge", body)
}

fn user_auth(m: &Mock, params: Value) -> Answer {
    m.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_AUTH", "ClientId": m.client, "AuthParameters": params}),
    )
}

/// Runs one sign-in in `flow` and returns the last answer.
fn sign_in(m: &Mock, name: &str, flow: Flow, password: &str) -> Answer {
    match flow {
        Flow::Password => m.password_auth(name, password),
        Flow::AdminPassword => m.call(
            "AdminInitiateAuth",
            json!({"AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "UserPoolId": m.pool, "ClientId": m.client,
                   "AuthParameters": {"USERNAME": name, "PASSWORD": password}}),
        ),
        Flow::Srp => m.srp_sign_in(name, password),
        Flow::UserAuthPassword => user_auth(
            m,
            json!({"USERNAME": name, "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": password}),
        ),
        Flow::UserAuthSelectPassword => {
            let a = user_auth(m, json!({"USERNAME": name}));
            if a.status != 200 || a.body["ChallengeName"] != "SELECT_CHALLENGE" {
                return a;
            }
            m.call(
                "RespondToAuthChallenge",
                json!({"ChallengeName": "SELECT_CHALLENGE", "ClientId": m.client, "Session": a.body["Session"],
                       "ChallengeResponses": {"USERNAME": name, "ANSWER": "PASSWORD", "PASSWORD": password}}),
            )
        }
        Flow::UserAuthSrp => {
            let client = SrpClient::new(&mut OsRandom).unwrap();
            let init = user_auth(
                m,
                json!({"USERNAME": name, "PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": client.srp_a()}),
            );
            srp_step(m, &init, &client, password)
        }
        Flow::UserAuthEmailOtp => {
            user_auth(m, json!({"USERNAME": name, "PREFERRED_CHALLENGE": "EMAIL_OTP"}))
        }
        Flow::Custom => m.call(
            "InitiateAuth",
            json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": m.client, "AuthParameters": {"USERNAME": name}}),
        ),
    }
}

/// The challenge name and response key of a pending challenge.
fn answer_shape(kind: &Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Mfa | Kind::Otp => ("EMAIL_OTP", "EMAIL_OTP_CODE"),
        Kind::Custom { .. } => ("CUSTOM_CHALLENGE", "ANSWER"),
    }
}

struct World {
    m: Mock,
    users: BTreeMap<usize, ModelUser>,
    tokens: Vec<Token>,
}

impl World {
    fn now(&self) -> i64 {
        self.m.svc.clock().now_ms()
    }

    /// Tokens were issued to user `i`: record them and the success.
    fn signed_in(&mut self, i: usize, a: &Answer) -> Result<(), TestCaseError> {
        let r = &a.body["AuthenticationResult"];
        let access = r["AccessToken"].as_str().unwrap().to_owned();
        let refresh = r["RefreshToken"].as_str().unwrap().to_owned();
        prop_assert!(a.body.get("ChallengeName").is_none());
        let claims = Mock::claims(&access);
        let iat = claims["iat"].as_i64().unwrap();
        prop_assert_eq!(claims["username"].as_str(), Some(NAMES[i]));
        self.tokens.push(Token {
            user: i,
            access,
            refresh,
            issued: iat,
            revoked: false,
        });
        if let Some(u) = self.users.get_mut(&i) {
            u.succeeded();
            u.pending = None;
        }
        Ok(())
    }

    /// The answer to a passed first factor for user `i`: tokens, or the
    /// EMAIL_OTP MFA challenge when the user has email MFA on.
    fn after_first_factor(
        &mut self,
        i: usize,
        a: &Answer,
        t0: i64,
        t1: i64,
    ) -> Result<(), TestCaseError> {
        prop_assert_eq!(a.status, 200, "{}", a.body);
        let mfa = self.users.get(&i).is_some_and(|u| u.email_mfa);
        if mfa {
            prop_assert_eq!(&a.body["ChallengeName"], "EMAIL_OTP", "{}", a.body);
            prop_assert!(a.body.get("AuthenticationResult").is_none());
            let session = a.body["Session"].as_str().unwrap().to_owned();
            if let Some(u) = self.users.get_mut(&i) {
                u.pending = Some(Pending {
                    kind: Kind::Mfa,
                    session,
                    issued: (t0, t1),
                });
            }
            Ok(())
        } else {
            self.signed_in(i, a)
        }
    }

    fn sign_in_op(&mut self, i: usize, flow: Flow, right: bool) -> Result<(), TestCaseError> {
        let pw = if right { PASSWORD } else { WRONG };
        let t0 = self.now();
        let a = sign_in(&self.m, NAMES[i], flow, pw);
        let t1 = self.now();
        prop_assert!(shaped(&a), "{}", a.body);
        let Some(u) = self.users.get_mut(&i) else {
            // Nobody: never tokens; USER_AUTH answers with challenges that
            // cannot be passed, everything else says who is missing.
            prop_assert!(a.body.get("AuthenticationResult").is_none(), "{}", a.body);
            if a.status != 200 {
                prop_assert!(
                    ["UserNotFoundException", "NotAuthorizedException"].contains(&a.error_type()),
                    "{}",
                    a.body
                );
            }
            return Ok(());
        };
        match flow {
            Flow::Custom => {
                if !u.confirmed {
                    prop_assert_eq!(a.error_type(), "UserNotConfirmedException", "{}", a.body);
                    return Ok(());
                }
                // Not subject to the lock-out: always the first challenge.
                prop_assert_eq!(&a.body["ChallengeName"], "CUSTOM_CHALLENGE", "{}", a.body);
                u.pending = Some(Pending {
                    kind: Kind::Custom { wrong: 0 },
                    session: a.body["Session"].as_str().unwrap().to_owned(),
                    issued: (t0, t1),
                });
                Ok(())
            }
            Flow::UserAuthEmailOtp => {
                if !u.confirmed {
                    // The address is not verified: not offered, so the
                    // choice comes back instead.
                    prop_assert_eq!(&a.body["ChallengeName"], "SELECT_CHALLENGE", "{}", a.body);
                    prop_assert_eq!(
                        &a.body["AvailableChallenges"],
                        &json!(["PASSWORD", "PASSWORD_SRP"])
                    );
                    return Ok(());
                }
                prop_assert_eq!(&a.body["ChallengeName"], "EMAIL_OTP", "{}", a.body);
                u.pending = Some(Pending {
                    kind: Kind::Otp,
                    session: a.body["Session"].as_str().unwrap().to_owned(),
                    issued: (t0, t1),
                });
                Ok(())
            }
            _ => {
                let lock = lock_state(u, t0, t1);
                let locked = match lock {
                    Lock::Yes => true,
                    Lock::No => false,
                    Lock::Either => a.message() == "Password attempts exceeded",
                };
                if locked {
                    prop_assert_eq!(a.message(), "Password attempts exceeded", "{}", a.body);
                    u.last_fail_ms = t0;
                    return Ok(());
                }
                if !right {
                    prop_assert_eq!(a.message(), "Incorrect username or password.", "{}", a.body);
                    u.count_failure(t0);
                    return Ok(());
                }
                if !u.confirmed {
                    prop_assert_eq!(a.error_type(), "UserNotConfirmedException", "{}", a.body);
                    return Ok(());
                }
                self.after_first_factor(i, &a, t0, t1)
            }
        }
    }

    fn answer_op(&mut self, i: usize, right: bool) -> Result<(), TestCaseError> {
        let Some(p) = self.users.get(&i).and_then(|u| u.pending.clone()) else {
            return Ok(());
        };
        let (challenge, key) = answer_shape(&p.kind);
        let code = if right { CODE } else { WRONG_CODE };
        let t0 = self.now();
        let a = self.m.call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": challenge, "ClientId": self.m.client, "Session": p.session,
                   "ChallengeResponses": {"USERNAME": NAMES[i], key: code}}),
        );
        let t1 = self.now();
        prop_assert!(shaped(&a), "{}", a.body);
        // Session expiry, with the same slack as the lock-out.
        let expired_for_sure = t0 >= p.issued.1 + SESSION_MS;
        let live_for_sure = t1 < p.issued.0 + SESSION_MS;
        if a.message() == "Invalid session for the user, session is expired." {
            prop_assert!(!live_for_sure, "live session refused: {:?}", p);
            if let Some(u) = self.users.get_mut(&i) {
                u.pending = None;
            }
            return Ok(());
        }
        prop_assert!(!expired_for_sure, "expired session accepted: {}", a.body);
        let u = self.users.get_mut(&i).unwrap();
        match p.kind {
            Kind::Custom { wrong } => {
                // Custom answers ignore the lock-out and do not count.
                u.pending = None;
                if right {
                    return self.after_first_factor(i, &a, t0, t1);
                }
                if wrong + 1 >= 3 {
                    prop_assert_eq!(a.message(), "Incorrect username or password.", "{}", a.body);
                } else {
                    prop_assert_eq!(&a.body["ChallengeName"], "CUSTOM_CHALLENGE", "{}", a.body);
                    u.pending = Some(Pending {
                        kind: Kind::Custom { wrong: wrong + 1 },
                        session: a.body["Session"].as_str().unwrap().to_owned(),
                        issued: (t0, t1),
                    });
                }
                Ok(())
            }
            Kind::Mfa | Kind::Otp => {
                let locked = match lock_state(u, t0, t1) {
                    Lock::Yes => true,
                    Lock::No => false,
                    Lock::Either => a.message() == "Password attempts exceeded",
                };
                if locked {
                    prop_assert_eq!(a.message(), "Password attempts exceeded", "{}", a.body);
                    u.last_fail_ms = t0;
                    return Ok(());
                }
                if !right {
                    prop_assert_eq!(
                        (a.error_type(), a.message()),
                        (
                            "CodeMismatchException",
                            "Invalid code or auth state for the user."
                        ),
                        "{}",
                        a.body
                    );
                    // The session stays usable; the user's count goes up.
                    u.count_failure(t0);
                    return Ok(());
                }
                // One-time passwords are not followed by MFA.
                self.signed_in(i, &a)
            }
        }
    }
}

fn fresh(path: &std::path::Path, cfg: &Config) -> Mock {
    let svc = mock_cognito::build_service(cfg, Some(path.to_owned())).unwrap();
    let (pool, client) = (svc.user_pool_id(), svc.client_id());
    Mock { svc, pool, client }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn mock_agrees_with_the_model(
        // Per user: 0 absent, 1 signed up, 2 signed up and confirmed (then
        // the random operations, which may sign up or confirm more).
        setup in prop::collection::vec(0u8..3, NAMES.len()),
        ops in prop::collection::vec(op(), 1..50),
    ) {
        let dir = std::env::temp_dir().join(format!(
            "mock-cognito-model-{}-{}",
            std::process::id(),
            std::thread::current().name().unwrap_or("t").replace("::", "-")
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.json");
        let _ = std::fs::remove_file(&path);
        let cfg = Config::from_toml(CONFIG).unwrap();
        let mut w = World { m: fresh(&path, &cfg), users: BTreeMap::new(), tokens: Vec::new() };
        let mut prefix = Vec::new();
        for (i, &stage) in setup.iter().enumerate() {
            if stage >= 1 {
                prefix.push(Op::SignUp(i, true));
            }
            if stage >= 2 {
                prefix.push(Op::Confirm(i, true));
            }
        }
        for op in prefix.into_iter().chain(ops) {
            match op {
                Op::SignUp(i, good) => {
                    let pw = if good { PASSWORD } else { "short" };
                    let a = w.m.call("SignUp", json!({"ClientId": w.m.client, "Username": NAMES[i], "Password": pw,
                        "UserAttributes": [{"Name": "email", "Value": format!("{}@example.com", NAMES[i])}]}));
                    prop_assert!(shaped(&a));
                    let expect_ok = good && !w.users.contains_key(&i);
                    prop_assert_eq!(a.status == 200, expect_ok, "SignUp {}: {}", NAMES[i], a.body);
                    if expect_ok {
                        w.users.insert(i, ModelUser::default());
                    } else if good {
                        prop_assert_eq!(a.error_type(), "UsernameExistsException");
                    } else if w.users.contains_key(&i) {
                        // Both are wrong; which is reported first is not pinned.
                        prop_assert!(["UsernameExistsException", "InvalidPasswordException"].contains(&a.error_type()));
                    } else {
                        prop_assert_eq!(a.error_type(), "InvalidPasswordException");
                    }
                }
                Op::Confirm(i, right) => {
                    let code = if right { CODE } else { WRONG_CODE };
                    let a = w.m.call("ConfirmSignUp", json!({"ClientId": w.m.client, "Username": NAMES[i], "ConfirmationCode": code}));
                    prop_assert!(shaped(&a));
                    match w.users.get_mut(&i) {
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
                Op::SignIn(i, flow, right) => w.sign_in_op(i, flow, right)?,
                Op::Hammer(i, k) => {
                    for _ in 0..k {
                        w.sign_in_op(i, Flow::Password, false)?;
                    }
                }
                Op::Answer(i, right) => w.answer_op(i, right)?,
                Op::SetMfa(i, on) => {
                    let a = w.m.call("AdminSetUserMFAPreference", json!({"UserPoolId": w.m.pool, "Username": NAMES[i],
                        "EmailMfaSettings": {"Enabled": on, "PreferredMfa": on}}));
                    prop_assert!(shaped(&a));
                    match w.users.get_mut(&i) {
                        None => prop_assert_eq!(a.error_type(), "UserNotFoundException"),
                        Some(u) => {
                            prop_assert_eq!(a.status, 200, "{}", a.body);
                            u.email_mfa = on;
                        }
                    }
                }
                Op::UseToken(k) => {
                    if let Some(t) = w.tokens.get(k) {
                        let a = w.m.call("GetUser", json!({"AccessToken": t.access}));
                        prop_assert!(shaped(&a));
                        let expired = w.m.svc.clock().now_secs() >= t.issued + 3600;
                        let expect_ok = !expired && !t.revoked;
                        prop_assert_eq!(a.status == 200, expect_ok, "GetUser: {}", a.body);
                        if !expect_ok {
                            // The token is checked (signature, expiry) before its revocation,
                            // so an expired revoked token reads as expired.
                            let want = if expired { "Access Token has expired" } else { "Access Token has been revoked" };
                            prop_assert_eq!(a.message(), want);
                        }
                    }
                }
                Op::Refresh(k) => {
                    if let Some(t) = w.tokens.get(k) {
                        let a = w.m.call("InitiateAuth", json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": w.m.client,
                            "AuthParameters": {"REFRESH_TOKEN": t.refresh}}));
                        prop_assert!(shaped(&a));
                        prop_assert_eq!(a.status == 200, !t.revoked, "refresh: {}", a.body);
                        if t.revoked {
                            prop_assert_eq!(a.message(), "Refresh Token has been revoked");
                        } else {
                            let access = a.body["AuthenticationResult"]["AccessToken"].as_str().unwrap();
                            let claims = Mock::claims(access);
                            prop_assert_eq!(claims["username"].as_str(), Some(NAMES[t.user]));
                        }
                    }
                }
                Op::GlobalSignOut(i) => {
                    let now = w.m.svc.clock().now_secs();
                    let live = w.tokens.iter().position(|t| t.user == i && !t.revoked && now < t.issued + 3600);
                    if let Some(p) = live {
                        let a = w.m.call("GlobalSignOut", json!({"AccessToken": w.tokens[p].access}));
                        prop_assert_eq!(a.status, 200, "{}", a.body);
                        for t in w.tokens.iter_mut().filter(|t| t.user == i) {
                            t.revoked = true;
                        }
                    }
                }
                Op::Advance(s) => w.m.svc.clock().advance(s),
                Op::Restart => {
                    w.m.svc.flush().unwrap();
                    let offset = w.m.svc.clock().offset_ms();
                    let svc: MockService = mock_cognito::build_service(&cfg, Some(path.clone())).unwrap();
                    svc.clock().advance_ms(offset);
                    prop_assert_eq!(svc.user_pool_id(), w.m.pool.clone());
                    prop_assert_eq!(svc.client_id(), w.m.client.clone());
                    w.m = Mock { pool: w.m.pool.clone(), client: w.m.client.clone(), svc };
                }
            }
        }
        // No user or setting lost.
        for (i, u) in &w.users {
            let a = w.m.call("AdminGetUser", json!({"UserPoolId": w.m.pool, "Username": NAMES[*i]}));
            prop_assert_eq!(a.status, 200, "{} lost", NAMES[*i]);
            let want = if u.confirmed { "CONFIRMED" } else { "UNCONFIRMED" };
            prop_assert_eq!(a.body["UserStatus"].as_str(), Some(want));
            let mfa = a.body["UserMFASettingList"].as_array().is_some_and(|l| l.contains(&json!("EMAIL_OTP")));
            prop_assert_eq!(mfa, u.email_mfa, "{}", a.body);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
