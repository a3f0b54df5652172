//! Prompting: answers read line by line from standard input (`--prompt`),
//! and on a real terminal (a pseudo-terminal from util-linux `script`),
//! where the password is read without echo.

use std::process::Command;

use crate::support::*;

const CODE: &str = "123456";

/// A pool whose every delivered code is CODE, with users for each step.
fn pool(mfa: &str) -> String {
    let mut users = user_toml("alice", "");
    users.push_str(&user_toml(
        "mia",
        &format!(
            "mfaEnabled = [\"SMS_MFA\", \"SOFTWARE_TOKEN_MFA\"]\ntotpSecret = \"{TOTP_SECRET}\""
        ),
    ));
    users.push_str(
        "[[pools.users]]\nusername = \"tom\"\npassword = \"Temp-Passw0rd!\"\nstatus = \"FORCE_CHANGE_PASSWORD\"\nattributes = { email = \"tom@example.com\", email_verified = \"true\" }\n",
    );
    pool_toml(
        &format!(
            "fixedCode = \"{CODE}\"\nrequiredAttributes = [\"name\"]\nallowedFirstAuthFactors = [\"PASSWORD\", \"EMAIL_OTP\"]\n{mfa}"
        ),
        false,
        &users,
    )
}

const OPTIONAL_MFA: &str = "mfa = \"OPTIONAL\"\nmfaTypes = [\"SMS_MFA\", \"SOFTWARE_TOKEN_MFA\"]\n";

/// sign-up asks for the password and the code (a wrong one is asked
/// again), then auto sign-in finishes: one command, signed in.
#[test]
fn sign_up_prompts_until_signed_in() {
    let env = Env::start(&pool(""));
    let r = env
        .run_in(
            &[
                "--prompt",
                "sign-up",
                "--username",
                "pat",
                "--attribute",
                "email=pat@example.com",
                "--attribute",
                "name=Pat",
                "--auto-sign-in",
            ],
            &format!("{PASSWORD}\n000000\n{CODE}\n"),
        )
        .ok();
    r.hides(PASSWORD);
    assert!(
        r.stderr
            .contains("Password (empty for a passwordless sign-up): "),
        "{r:?}"
    );
    assert!(r.stderr.contains("Confirmation code"), "{r:?}");
    assert!(
        r.stderr.contains("CodeMismatchException"),
        "the wrong code was reported: {r:?}"
    );
    assert_eq!(r.stdout.trim(), "Signed in as pat.", "{r:?}");
    assert_eq!(env.json(&["whoami"])["username"], "pat");
}

/// sign-in asks for the password, the MFA choice (by number) and the
/// authenticator code.
#[test]
fn sign_in_prompts_for_password_mfa_choice_and_code() {
    let env = Env::start(&pool(OPTIONAL_MFA));
    let code = env.totp(TOTP_SECRET);
    let r = env
        .run_in(
            &["--prompt", "sign-in", "--username", "mia"],
            &format!("{PASSWORD}\n2\n{code}\n"),
        )
        .ok();
    r.hides(PASSWORD);
    assert!(r.stderr.contains("Password: "), "{r:?}");
    assert!(
        r.stderr.contains("1) SMS") && r.stderr.contains("2) TOTP"),
        "{r:?}"
    );
    assert!(
        r.stderr.contains("Code from your authenticator app: "),
        "{r:?}"
    );
    assert_eq!(r.stdout.trim(), "Signed in as mia.");

    // By name, SMS; with --json the result is still one object.
    env.json(&["sign-out"]);
    let r = env
        .run_in(
            &["--json", "--prompt", "sign-in", "--username", "mia"],
            &format!("{PASSWORD}\nsms\n{CODE}\n"),
        )
        .ok();
    assert!(r.stderr.contains("Code sent by SMS to "), "{r:?}");
    assert_eq!(
        r.json(),
        serde_json::json!({"isSignedIn": true, "nextStep": {"signInStep": "DONE"}})
    );
}

/// A new password (typed once without a terminal) and the missing
/// attribute are asked for.
#[test]
fn new_password_and_missing_attribute_are_asked() {
    let env = Env::start(&pool(""));
    let r = env
        .run_in(
            &["--prompt", "sign-in", "--username", "tom"],
            "Temp-Passw0rd!\nN3w-Passw0rd!\nTom\n",
        )
        .ok();
    r.hides("N3w-Passw0rd!").hides("Temp-Passw0rd!");
    assert!(
        r.stderr.contains("New password: ") && r.stderr.contains("name: "),
        "{r:?}"
    );
    assert_eq!(r.stdout.trim(), "Signed in as tom.");
}

/// USER_AUTH: the first factor is chosen at the prompt, then the emailed
/// code; an unconfirmed account is confirmed on the way.
#[test]
fn first_factor_choice_and_unconfirmed_account() {
    let env = Env::start(&pool(""));
    let r = env
        .run_in(
            &[
                "--prompt",
                "sign-in",
                "--username",
                "alice",
                "--flow",
                "USER_AUTH",
            ],
            &format!("EMAIL_OTP\n{CODE}\n"),
        )
        .ok();
    assert!(
        r.stderr
            .contains("Sign in with [PASSWORD, PASSWORD_SRP, EMAIL_OTP]"),
        "{r:?}"
    );
    assert!(r.stderr.contains("Code sent by EMAIL to "), "{r:?}");
    assert_eq!(r.stdout.trim(), "Signed in as alice.");

    env.json(&[
        "sign-up",
        "--username",
        "uma",
        "--password",
        PASSWORD,
        "--attribute",
        "email=uma@example.com",
        "--attribute",
        "name=Uma",
    ]);
    let r = Env::run_cmd(
        env.cmd_at(&env.dir.join("uma.json")),
        &["--prompt", "sign-in", "--username", "uma"],
        &format!("{PASSWORD}\n{CODE}\n"),
    )
    .ok();
    assert!(r.stderr.contains("not confirmed"), "{r:?}");
    assert_eq!(r.stdout.trim(), "Signed in as uma.", "{r:?}");
}

/// TOTP setup at the prompt: the otpauth URI is shown, the app's code
/// (computed from the URI's secret, as an app would) finishes the sign-in.
#[test]
fn totp_setup_at_the_prompt() {
    let users = "[[pools.users]]\nusername = \"nina\"\npassword = \"Corr3ct-Horse!\"\nattributes = { email = \"nina@example.com\", email_verified = \"true\" }\n";
    let env = Env::start(&pool_toml(
        "mfa = \"ON\"\nmfaTypes = [\"SOFTWARE_TOKEN_MFA\"]\n",
        false,
        users,
    ));
    let mut c = env.cmd();
    c.args(["--prompt", "sign-in", "--username", "nina"]);
    let mut live = Live::spawn(c);
    live.wait_for(Stream::Err, "Password: ");
    live.send(PASSWORD);
    let err = live.wait_for(Stream::Err, "Code from your authenticator app: ");
    assert!(
        err.contains("otpauth://totp/cognito-auth:nina?secret="),
        "{err}"
    );
    let secret = otpauth_secret(&err);
    live.send(&env.totp(&secret));
    let r = live.finish().ok();
    assert_eq!(r.stdout.trim(), "Signed in as nina.", "{r:?}");
}

/// Standard input ending before an answer is a usage error (2); the step
/// is kept for confirm-sign-in.
#[test]
fn standard_input_ending_is_an_error() {
    let env = Env::start(&pool(OPTIONAL_MFA));
    let r = env.run_in(&["--prompt", "sign-in", "--username", "alice"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("standard input ended before the password"),
        "{r:?}"
    );
    let r = env.run_in(
        &["--json", "--prompt", "sign-in", "--username", "mia"],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(r.json()["error"]["name"], "InputError");
    // The MFA choice waits in the state file.
    let v = env.json(&["confirm-sign-in", "--response", "SMS"]);
    assert_eq!(
        v["nextStep"]["signInStep"], "CONFIRM_SIGN_IN_WITH_SMS_CODE",
        "{v}"
    );
}

/// On a terminal (no --prompt needed) the password is read without echo:
/// what the terminal shows never contains it.
#[test]
fn terminal_password_is_not_echoed() {
    let env = Env::start(&pool(OPTIONAL_MFA));
    let code = env.totp(TOTP_SECRET);
    let line = format!(
        "'{}' --state '{}' sign-in --username mia",
        BIN,
        env.state().display()
    );
    let mut c = Command::new("script");
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &env.dir)
        .env("COGNITO_ENDPOINT", env.mock.endpoint())
        .env("COGNITO_USER_POOL_ID", env.mock.user_pool_id())
        .env("COGNITO_CLIENT_ID", env.mock.client_id())
        .args(["-q", "-e", "-c", &line, "/dev/null"]);
    let mut live = Live::spawn(c);
    live.wait_for(Stream::Out, "Password: ");
    live.send(PASSWORD);
    live.wait_for(Stream::Out, "Second factor [SMS, TOTP]: ");
    live.send("TOTP");
    live.wait_for(Stream::Out, "Code from your authenticator app: ");
    live.send(&code);
    let screen = live.wait_for(Stream::Out, "Signed in as mia.");
    let r = live.finish().ok();
    assert!(
        !screen.contains(PASSWORD),
        "the password was echoed: {screen:?}"
    );
    // Codes are typed visibly, as usual.
    assert!(screen.contains(&code), "{screen:?}");
    r.hides(PASSWORD);
}
