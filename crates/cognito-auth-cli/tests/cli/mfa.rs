//! Second factors across invocations: SMS, email, TOTP (computed codes),
//! MFA selection, TOTP setup, MFA-setup selection with email setup.

use serde_json::json;

use crate::support::*;

fn mfa_pool(secret: bool) -> String {
    let mut users = String::new();
    users.push_str(&user_toml("sam", "mfaEnabled = [\"SMS_MFA\"]"));
    users.push_str(&user_toml("erin", "mfaEnabled = [\"EMAIL_OTP\"]"));
    users.push_str(&user_toml(
        "tess",
        &format!("mfaEnabled = [\"SOFTWARE_TOKEN_MFA\"]\ntotpSecret = \"{TOTP_SECRET}\""),
    ));
    users.push_str(&user_toml(
        "mia",
        &format!(
            "mfaEnabled = [\"SMS_MFA\", \"SOFTWARE_TOKEN_MFA\"]\ntotpSecret = \"{TOTP_SECRET}\""
        ),
    ));
    pool_toml(
        "mfa = \"OPTIONAL\"\nmfaTypes = [\"SMS_MFA\", \"SOFTWARE_TOKEN_MFA\", \"EMAIL_OTP\"]\n",
        secret,
        &users,
    )
}

/// SMS and email codes: the step names where the code went; a wrong code is
/// CodeMismatchException (exit 1) and keeps the step for the right one.
#[test]
fn sms_and_email_codes_across_invocations() {
    for secret in [false, true] {
        let env = Env::start(&mfa_pool(secret));
        for (user, step, medium) in [
            ("sam", "CONFIRM_SIGN_IN_WITH_SMS_CODE", "SMS"),
            ("erin", "CONFIRM_SIGN_IN_WITH_EMAIL_CODE", "EMAIL"),
        ] {
            let v = env.json(&["sign-in", "--username", user, "--password", PASSWORD]);
            assert_eq!(v["isSignedIn"], false, "{v}");
            assert_eq!(v["nextStep"]["signInStep"], step, "{v}");
            let d = &v["nextStep"]["codeDeliveryDetails"];
            assert_eq!(d["deliveryMedium"], medium, "{v}");
            assert!(
                d["destination"].as_str().unwrap().contains('*'),
                "masked: {d}"
            );
            assert_eq!(mode(&env.state()), 0o600);
            let code = env.code(user);
            let wrong = if code == "000000" { "111111" } else { "000000" };
            let (e, exit) = env.json_err(&["confirm-sign-in", "--response", wrong]);
            assert_eq!(
                (e["name"].as_str(), exit),
                (Some("CodeMismatchException"), 1),
                "{e}"
            );
            let r = env.run(&["confirm-sign-in", "--response", &code]).ok();
            r.hides(&code);
            assert_eq!(r.stdout.trim(), format!("Signed in as {user}."));
            let (e, _) = env.json_err(&["confirm-sign-in", "--response", &code]);
            assert_eq!(
                e["name"], "SignInException",
                "nothing pending any more: {e}"
            );
            env.json(&["sign-out"]);
        }
    }
}

/// TOTP with the code an authenticator app would show.
#[test]
fn totp_code() {
    for secret in [false, true] {
        let env = Env::start(&mfa_pool(secret));
        let r = env
            .run(&["sign-in", "--username", "tess", "--password", PASSWORD])
            .ok();
        assert!(r.stdout.contains("CONFIRM_SIGN_IN_WITH_TOTP_CODE"), "{r:?}");
        assert!(r.stdout.contains("authenticator app"), "{r:?}");
        let v = env.json(&["confirm-sign-in", "--response", &env.totp(TOTP_SECRET)]);
        assert_eq!(v["isSignedIn"], true, "{v}");
    }
}

/// Two factors and no preference: choose one, then answer it.
#[test]
fn mfa_selection() {
    for secret in [false, true] {
        let env = Env::start(&mfa_pool(secret));
        let v = env.json(&["sign-in", "--username", "mia", "--password", PASSWORD]);
        assert_eq!(
            v["nextStep"],
            json!({"signInStep": "CONTINUE_SIGN_IN_WITH_MFA_SELECTION", "allowedMFATypes": ["SMS", "TOTP"]})
        );
        let v = env.json(&["confirm-sign-in", "--response", "TOTP"]);
        assert_eq!(
            v["nextStep"]["signInStep"], "CONFIRM_SIGN_IN_WITH_TOTP_CODE",
            "{v}"
        );
        let v = env.json(&["confirm-sign-in", "--response", &env.totp(TOTP_SECRET)]);
        assert_eq!(v["isSignedIn"], true, "{v}");
        env.json(&["sign-out"]);

        env.json(&["sign-in", "--username", "mia", "--password", PASSWORD]);
        let v = env.json(&["confirm-sign-in", "--response", "SMS"]);
        assert_eq!(
            v["nextStep"]["signInStep"], "CONFIRM_SIGN_IN_WITH_SMS_CODE",
            "{v}"
        );
        let v = env.json(&["confirm-sign-in", "--response", &env.code("mia")]);
        assert_eq!(v["isSignedIn"], true, "{v}");
    }
}

/// MFA required and nothing set up: TOTP setup shows the secret and the
/// otpauth URI; the app's first code finishes the sign-in and registers it.
#[test]
fn totp_setup_across_invocations() {
    for secret in [false, true] {
        let users = "[[pools.users]]\nusername = \"nina\"\npassword = \"Corr3ct-Horse!\"\nattributes = { email = \"nina@example.com\", email_verified = \"true\" }\n";
        let env = Env::start(&pool_toml(
            "mfa = \"ON\"\nmfaTypes = [\"SOFTWARE_TOKEN_MFA\"]\n",
            secret,
            users,
        ));
        let v = env.json(&[
            "--totp-issuer",
            "My App",
            "sign-in",
            "--username",
            "nina",
            "--password",
            PASSWORD,
        ]);
        assert_eq!(
            v["nextStep"]["signInStep"], "CONTINUE_SIGN_IN_WITH_TOTP_SETUP",
            "{v}"
        );
        let shared = v["nextStep"]["totpSetupDetails"]["sharedSecret"]
            .as_str()
            .unwrap()
            .to_owned();
        let uri = v["nextStep"]["totpSetupDetails"]["setupUri"]
            .as_str()
            .unwrap();
        assert_eq!(
            uri,
            format!("otpauth://totp/My%20App:nina?secret={shared}&issuer=My%20App")
        );
        assert_eq!(otpauth_secret(uri), shared);
        // The text form shows the same URI.
        let v2 = env
            .run(&["sign-in", "--username", "nina", "--password", PASSWORD])
            .ok();
        let shared = otpauth_secret(&v2.stdout);
        assert!(
            v2.stdout
                .contains("otpauth://totp/cognito-auth:nina?secret="),
            "{v2:?}"
        );
        let r = env
            .run(&[
                "--json",
                "confirm-sign-in",
                "--response",
                &env.totp(&shared),
                "--friendly-device-name",
                "phone",
            ])
            .ok();
        assert_eq!(r.json()["isSignedIn"], true, "{r:?}");
        env.json(&["sign-out"]);

        // From now on the sign-in asks for the app's code.
        env.next_totp_window();
        let v = env.json(&["sign-in", "--username", "nina", "--password", PASSWORD]);
        assert_eq!(
            v["nextStep"]["signInStep"], "CONFIRM_SIGN_IN_WITH_TOTP_CODE",
            "{v}"
        );
        let v = env.json(&["confirm-sign-in", "--response", &env.totp(&shared)]);
        assert_eq!(v["isSignedIn"], true, "{v}");
    }
}

/// MFA required with TOTP and email offered: choose EMAIL, give the
/// address, answer the emailed code.
#[test]
fn mfa_setup_selection_and_email_setup() {
    let users = "[[pools.users]]\nusername = \"olga\"\npassword = \"Corr3ct-Horse!\"\nattributes = { email = \"olga@example.com\", email_verified = \"true\" }\n";
    let env = Env::start(&pool_toml(
        "mfa = \"ON\"\nmfaTypes = [\"SOFTWARE_TOKEN_MFA\", \"EMAIL_OTP\"]\n",
        false,
        users,
    ));
    let v = env.json(&["sign-in", "--username", "olga", "--password", PASSWORD]);
    assert_eq!(
        v["nextStep"]["signInStep"], "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION",
        "{v}"
    );
    let types = v["nextStep"]["allowedMFATypes"].as_array().unwrap();
    assert!(
        types.contains(&json!("TOTP")) && types.contains(&json!("EMAIL")),
        "{v}"
    );
    let v = env.json(&["confirm-sign-in", "--response", "EMAIL"]);
    assert_eq!(
        v["nextStep"],
        json!({"signInStep": "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP"})
    );
    let v = env.json(&["confirm-sign-in", "--response", "olga@example.com"]);
    assert_eq!(
        v["nextStep"]["signInStep"], "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
        "{v}"
    );
    let v = env.json(&["confirm-sign-in", "--response", &env.code("olga")]);
    assert_eq!(v["isSignedIn"], true, "{v}");
}
