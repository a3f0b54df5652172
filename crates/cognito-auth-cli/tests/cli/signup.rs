//! sign-up, confirm-sign-up, resend-sign-up-code, auto sign-in.

use crate::support::*;

fn open_pool(secret: bool) -> String {
    pool_toml("", secret, "")
}

/// Sign-up (Amplify's output fields), resend (a new code replaces the old),
/// confirmation, then a sign-in; with and without a client secret.
#[test]
fn sign_up_resend_confirm_then_sign_in() {
    for secret in [false, true] {
        let env = Env::start(&open_pool(secret));
        let v = env.json(&[
            "sign-up",
            "--username",
            "carol",
            "--password",
            PASSWORD,
            "--attribute",
            "email=carol@example.com",
            "--attribute",
            "name=Carol",
        ]);
        assert_eq!(v["isSignUpComplete"], false, "{v}");
        assert_eq!(v["nextStep"]["signUpStep"], "CONFIRM_SIGN_UP");
        let d = &v["nextStep"]["codeDeliveryDetails"];
        assert_eq!(d["deliveryMedium"], "EMAIL");
        assert_eq!(d["attributeName"], "email");
        assert!(
            d["destination"].as_str().unwrap().starts_with("c***@"),
            "{d}"
        );
        assert!(v["userId"].as_str().unwrap().len() >= 32);
        let first = env.code("carol");

        let r = env.json(&["resend-sign-up-code", "--username", "carol"]);
        assert_eq!(r["deliveryMedium"], "EMAIL", "{r}");
        assert_eq!(r["attributeName"], "email");
        assert!(r["destination"].is_string());
        let second = env.code("carol");
        assert_eq!(env.mock.codes_for("carol").len(), 2);

        if first != second {
            let (e, code) =
                env.json_err(&["confirm-sign-up", "--username", "carol", "--code", &first]);
            assert_eq!(
                (e["name"].as_str(), code),
                (Some("CodeMismatchException"), 1)
            );
        }
        let c = env.json(&["confirm-sign-up", "--username", "carol", "--code", &second]);
        assert_eq!(
            c,
            serde_json::json!({"isSignUpComplete": true, "nextStep": {"signUpStep": "DONE"}})
        );
        // Nothing was pending: no state file was created.
        assert!(!env.state().exists());
        env.sign_in("carol");
    }
}

/// Text output tells what to do next.
#[test]
fn sign_up_text_output_names_the_next_command() {
    let env = Env::start(&open_pool(false));
    let r = env
        .run(&[
            "sign-up",
            "--username",
            "dan",
            "--password",
            PASSWORD,
            "--attribute",
            "email=dan@example.com",
        ])
        .ok();
    r.hides(PASSWORD);
    assert!(r.stdout.contains("Signed up dan"), "{r:?}");
    assert!(r.stdout.contains("by EMAIL to d***@"), "{r:?}");
    assert!(
        r.stdout
            .contains("Next: cognito-auth confirm-sign-up --username dan --code CODE"),
        "{r:?}"
    );
    let code = env.code("dan");
    let r = env
        .run(&["confirm-sign-up", "--username", "dan", "--code", &code])
        .ok();
    assert!(r.stdout.starts_with("Confirmed dan."), "{r:?}");
}

/// `sign-up --auto-sign-in`, `confirm-sign-up` and `auto-sign-in` run as
/// three processes; the state file carries the auto sign-in (with the
/// password, mode 0600) and drops the password once signed in.
#[test]
fn auto_sign_in_across_invocations() {
    for secret in [false, true] {
        let env = Env::start(&open_pool(secret));
        let v = env.json(&[
            "sign-up",
            "--username",
            "erin",
            "--password",
            PASSWORD,
            "--attribute",
            "email=erin@example.com",
            "--auto-sign-in",
        ]);
        assert_eq!(v["nextStep"]["signUpStep"], "CONFIRM_SIGN_UP", "{v}");
        assert_eq!(mode(&env.state()), 0o600);
        let state = read(&env.state());
        assert!(state.contains("auto_sign_in"), "{state}");

        // Too early: the account is not confirmed.
        let (e, code) = env.json_err(&["auto-sign-in"]);
        assert_eq!(
            (e["name"].as_str(), code),
            (Some("AutoSignInException"), 1),
            "{e}"
        );

        // A wrong code keeps auto sign-in armed.
        let right = env.code("erin");
        let wrong = if right == "000000" {
            "111111"
        } else {
            "000000"
        };
        let (e, _) = env.json_err(&["confirm-sign-up", "--username", "erin", "--code", wrong]);
        assert_eq!(e["name"], "CodeMismatchException");
        let c = env.json(&["confirm-sign-up", "--username", "erin", "--code", &right]);
        assert_eq!(c["nextStep"]["signUpStep"], "COMPLETE_AUTO_SIGN_IN", "{c}");
        assert_eq!(c["isSignUpComplete"], true);

        let s = env.json(&["auto-sign-in"]);
        assert_eq!(
            s,
            serde_json::json!({"isSignedIn": true, "nextStep": {"signInStep": "DONE"}})
        );
        let state = read(&env.state());
        assert!(
            !state.contains(PASSWORD),
            "the password left the state file"
        );
        assert!(!state.contains("auto_sign_in\""), "{state}");
        assert_eq!(mode(&env.state()), 0o600);
        let me = env.json(&["whoami"]);
        assert_eq!(me["username"], "erin", "{me}");
        // Used up.
        let (e, _) = env.json_err(&["auto-sign-in"]);
        assert_eq!(e["name"], "AutoSignInException");
    }
}

/// `--auto-sign-in --flow USER_PASSWORD_AUTH` signs in with that flow when
/// the app client does not allow the confirmation session.
#[test]
fn auto_sign_in_with_a_chosen_flow() {
    let toml = pool_toml(
        "",
        false,
        "",
    )
    .replace(
        &format!("id = \"{CLIENT_ID}\"\n"),
        &format!("id = \"{CLIENT_ID}\"\nexplicitAuthFlows = [\"ALLOW_USER_PASSWORD_AUTH\", \"ALLOW_REFRESH_TOKEN_AUTH\"]\n"),
    );
    let env = Env::start(&toml);
    env.json(&[
        "sign-up",
        "--username",
        "fay",
        "--password",
        PASSWORD,
        "--attribute",
        "email=fay@example.com",
        "--auto-sign-in",
        "--flow",
        "USER_PASSWORD_AUTH",
    ]);
    let code = env.code("fay");
    env.json(&["confirm-sign-up", "--username", "fay", "--code", &code]);
    let s = env.json(&["auto-sign-in"]);
    assert_eq!(s["isSignedIn"], true, "{s}");
    let me = env.json(&["whoami"]);
    assert_eq!(
        me["signInDetails"]["authFlowType"], "USER_PASSWORD_AUTH",
        "{me}"
    );
}
