//! Secrets never reach logs or `Debug`: a whole session (sign-up with auto
//! sign-in, confirmation, refresh, an SMS-MFA sign-in with a wrong and a right
//! code, a wrong password, sign-out) runs with every `tracing` event and span
//! of every crate recorded at TRACE level, over loopback with a client secret;
//! then neither the log nor the `Debug` of anything the client returned
//! contains a password, the client secret, a code, a token or a session.
//!
//! Its own test binary, and the only test in it: `tracing` keeps callsite
//! interest process-wide, and other tests hitting the same callsites on other
//! threads while this one installs its thread-local subscriber could leave a
//! span unrecorded (seen once in CI: the `cognito_auth.sign_in` span missing).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::{Arc, Mutex};

use cognito_auth::{
    AuthError, ConfirmSignUpInput, FetchAuthSessionOptions, SignInInput, SignOutInput, SignUpInput,
};
use cognito_auth_e2e::{CLIENT_SECRET, Env, Mode, PW, code, confirm, email_pool, email_user};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

// A current-thread runtime: every future is polled on this thread, so the
// thread's default subscriber sees every event.
#[tokio::test(flavor = "current_thread")]
async fn no_secret_in_logs_or_debug() {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(capture.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut pool = email_pool(true, "OPTIONAL", &["SMS_MFA"]);
    let mut sam = email_user("sam@example.com");
    sam.attributes
        .insert("phone_number".into(), "+15550001111".into());
    sam.attributes
        .insert("phone_number_verified".into(), "true".into());
    sam.mfa_enabled = vec!["SMS_MFA".into()];
    pool.users.push(sam);
    pool.auto_verified_attributes = Some(vec!["email".into()]);
    let env = Env::start(Mode::Loopback, true, pool);

    let mut secrets: Vec<String> = vec![PW.into(), CLIENT_SECRET.into()];
    let mut debug = String::new();
    let auth = env.auth();

    let new_pw = "N3w-Passw0rd!secret";
    secrets.push(new_pw.into());
    let out = auth
        .sign_up(
            SignUpInput::new("nina@example.com", new_pw)
                .user_attribute("email", "nina@example.com")
                .auto_sign_in(true),
        )
        .await
        .unwrap();
    debug.push_str(&format!("{out:?}\n"));
    let pending = serde_json::to_string(&auth.export_pending_state()).unwrap();
    let signup_code = env.code("nina@example.com");
    secrets.push(signup_code.clone());
    let out = auth
        .confirm_sign_up(ConfirmSignUpInput::new("nina@example.com", signup_code))
        .await
        .unwrap();
    debug.push_str(&format!("{out:?}\n"));
    let session_state = serde_json::to_string(&auth.export_pending_state()).unwrap();
    let out = auth.auto_sign_in().await.unwrap();
    debug.push_str(&format!("{out:?}\n"));
    let session = auth
        .fetch_auth_session(FetchAuthSessionOptions::force_refresh())
        .await
        .unwrap();
    debug.push_str(&format!("{session:?}\n"));
    let tokens = session.tokens.as_ref().expect("signed in");
    secrets.push(tokens.access_token.expose().to_owned());
    if let Some(id) = &tokens.id_token {
        secrets.push(id.expose().to_owned());
    }
    debug.push_str(&format!(
        "{:?}\n",
        auth.sign_out(SignOutInput::local()).await
    ));

    // Sessions the client held (from the exported pending states).
    for state in [&pending, &session_state] {
        let v: serde_json::Value = serde_json::from_str(state).unwrap();
        collect_strings_named(&v, "session", &mut secrets);
    }

    // A wrong password, then SMS MFA with a wrong and a right code.
    let e = auth
        .sign_in(SignInInput::new("sam@example.com", "Wr0ng-Passw0rd!"))
        .await
        .unwrap_err();
    secrets.push("Wr0ng-Passw0rd!".into());
    debug.push_str(&format!("{e:?}\n{e}\n"));
    let out = auth
        .sign_in(SignInInput::new("sam@example.com", PW))
        .await
        .unwrap();
    debug.push_str(&format!("{out:?}\n"));
    let e = confirm(&auth, code("000001")).await.unwrap_err();
    debug.push_str(&format!("{e:?}\n{e}\n"));
    assert_eq!(e.name(), "CodeMismatchException");
    let v: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&auth.export_pending_state()).unwrap())
            .unwrap();
    collect_strings_named(&v, "session", &mut secrets);
    let sms = env.code("sam@example.com");
    secrets.push(sms.clone());
    let out = confirm(&auth, code(sms)).await.unwrap();
    debug.push_str(&format!("{out:?}\n"));
    let session = auth
        .fetch_auth_session(FetchAuthSessionOptions::default())
        .await
        .unwrap();
    let t = session.tokens.as_ref().expect("signed in");
    secrets.push(t.access_token.expose().to_owned());
    debug.push_str(&format!("{session:?}\n{auth:?}\n"));
    let e: Result<_, AuthError> = auth.sign_out(SignOutInput::global()).await;
    debug.push_str(&format!("{e:?}\n"));

    let log = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("cognito_auth.sign_in"),
        "the subscriber saw the client's spans:\n{log}"
    );
    secrets.retain(|s| s.len() >= 6);
    assert!(secrets.len() >= 8, "{} secrets collected", secrets.len());
    for s in &secrets {
        assert!(!log.contains(s.as_str()), "a secret is in the log:\n{log}");
        assert!(
            !debug.contains(s.as_str()),
            "a secret is in Debug output:\n{debug}"
        );
    }
}

/// Every string value under a key named `name` (any depth).
fn collect_strings_named(v: &serde_json::Value, name: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if let (true, Some(s)) = (k.eq_ignore_ascii_case(name), x.as_str()) {
                    out.push(s.to_owned());
                }
                collect_strings_named(x, name, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings_named(x, name, out)),
        _ => {}
    }
}
