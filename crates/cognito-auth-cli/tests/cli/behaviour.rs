//! Errors and exit statuses, the state file, help, no prompts without a
//! terminal.

use crate::support::*;

fn pool() -> String {
    pool_toml("", false, &user_toml("alice", ""))
}

/// Usage errors exit 2, Cognito's refusals 1, no answer 3, a broken state
/// file 4; with --json each is one {"error":{"name","message"}} object.
#[test]
fn errors_as_json_with_exit_statuses() {
    let env = Env::start(&pool());
    let (e, code) = env.json_err(&["sign-in", "--bogus"]);
    assert_eq!((e["name"].as_str(), code), (Some("UsageError"), 2), "{e}");
    let (e, code) = env.json_err(&["tokens", "--code", "1"]);
    assert_eq!((e["name"].as_str(), code), (Some("UsageError"), 2), "{e}");
    let (e, code) = env.json_err(&["sign-in", "--flow", "SIDEWAYS", "--username", "a"]);
    assert_eq!((e["name"].as_str(), code), (Some("UsageError"), 2), "{e}");
    // Missing username and password, no prompting without a terminal.
    let (e, code) = env.json_err(&["sign-in"]);
    assert_eq!((e["name"].as_str(), code), (Some("UsageError"), 2), "{e}");
    let r = env.run(&["sign-in", "--username", "alice"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("needs a password"), "{r:?}");
    assert!(!r.stderr.contains("Password:"), "no prompt: {r:?}");
    // Client-side validation (Amplify's names) is a usage error too.
    let (e, code) = env.json_err(&["confirm-sign-up", "--username", "alice", "--code", ""]);
    assert_eq!(code, 2, "{e}");
    // Cognito refuses: 1.
    let (e, code) = env.json_err(&["sign-up", "--username", "alice", "--password", PASSWORD]);
    assert_eq!(
        (e["name"].as_str(), code),
        (Some("UsernameExistsException"), 1),
        "{e}"
    );
    assert_eq!(e["message"], "User already exists");
    let (e, code) = env.json_err(&["confirm-sign-in", "--response", "123456"]);
    assert_eq!(
        (e["name"].as_str(), code),
        (Some("SignInException"), 1),
        "{e}"
    );
    let (e, code) = env.json_err(&["auto-sign-in"]);
    assert_eq!(
        (e["name"].as_str(), code),
        (Some("AutoSignInException"), 1),
        "{e}"
    );

    // No pool configured: 2.
    let r = Env::run_cmd(
        {
            let mut c = env.cmd();
            c.env_remove("COGNITO_USER_POOL_ID");
            c
        },
        &["--json", "whoami"],
        "",
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--user-pool-id")
    );

    // Nobody listening: 3.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let r = Env::run_cmd(
        {
            let mut c = env.cmd_at(&env.dir.join("dead.json"));
            c.env("COGNITO_ENDPOINT", &dead);
            c
        },
        &["--json", "resend-sign-up-code", "--username", "alice"],
        "",
    );
    assert_eq!(r.code, 3, "{r:?}");
    assert_eq!(r.json()["error"]["name"], "NetworkError");

    // A state file that is not ours: 4, and it is left alone.
    std::fs::write(env.state(), "not json").unwrap();
    let (e, code) = env.json_err(&["whoami"]);
    assert_eq!(
        (e["name"].as_str(), code),
        (Some("StateFileError"), 4),
        "{e}"
    );
    assert_eq!(read(&env.state()), "not json");

    // Without --json: one line on standard error, nothing on standard output.
    let r = env.run(&["whoami"]);
    assert_eq!(r.code, 4);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.starts_with("cognito-auth: the state file"),
        "{r:?}"
    );
}

/// The default state file lives in $XDG_CONFIG_HOME/cognito-auth (else
/// ~/.config/cognito-auth), mode 0600 in a 0700 directory; it remembers the
/// pool; a file others can read is tightened; a session is not mixed with
/// another pool.
#[test]
fn state_file_location_mode_and_pool() {
    let env = Env::start(&pool());
    let xdg = env.dir.join("xdg");
    let mut c = env.bare();
    c.env("XDG_CONFIG_HOME", &xdg);
    let r = Env::run_cmd(
        c,
        &[
            "--json",
            "sign-in",
            "--username",
            "alice",
            "--password",
            PASSWORD,
        ],
        "",
    )
    .ok();
    assert_eq!(r.json()["isSignedIn"], true);
    let file = xdg.join("cognito-auth").join("state.json");
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(&xdg.join("cognito-auth")), 0o700);
    let state: serde_json::Value = serde_json::from_str(&read(&file)).unwrap();
    assert_eq!(state["pool"]["userPoolId"], POOL_ID);
    assert_eq!(state["pool"]["clientId"], CLIENT_ID);
    assert!(state["session"]["tokens"]["access_token"].is_string());
    // No leftovers of the atomic write.
    let names: Vec<String> = std::fs::read_dir(xdg.join("cognito-auth"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["state.json".to_owned()]);

    // HOME/.config without XDG_CONFIG_HOME; later commands need no pool.
    let r = Env::run_cmd(
        env.bare(),
        &[
            "--json",
            "sign-in",
            "--username",
            "alice",
            "--password",
            PASSWORD,
        ],
        "",
    )
    .ok();
    assert_eq!(r.json()["isSignedIn"], true);
    let home_file = env
        .dir
        .join(".config")
        .join("cognito-auth")
        .join("state.json");
    assert_eq!(mode(&home_file), 0o600);
    let mut c = env.bare();
    for v in [
        "COGNITO_ENDPOINT",
        "COGNITO_USER_POOL_ID",
        "COGNITO_CLIENT_ID",
    ] {
        c.env_remove(v);
    }
    let r = Env::run_cmd(c, &["--json", "whoami"], "").ok();
    assert_eq!(r.json()["username"], "alice");

    // Options instead of variables, and COGNITO_STATE_FILE.
    let via_env = env.dir.join("elsewhere").join("s.json");
    let mut c = std::process::Command::new(BIN);
    c.env_clear()
        .env("HOME", &env.dir)
        .env("COGNITO_STATE_FILE", &via_env);
    let endpoint = env.mock.endpoint().to_owned();
    let (pool_id, client_id) = (env.mock.user_pool_id(), env.mock.client_id());
    let r = Env::run_cmd(
        c,
        &[
            "--endpoint",
            &endpoint,
            "--user-pool-id",
            &pool_id,
            "--client-id",
            &client_id,
            "--json",
            "sign-in",
            "--username",
            "alice",
            "--password",
            PASSWORD,
        ],
        "",
    )
    .ok();
    assert_eq!(r.json()["isSignedIn"], true);
    assert_eq!(mode(&via_env), 0o600);

    // Readable by others: warned about and fixed.
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&home_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let r = Env::run_cmd(env.bare(), &["--json", "whoami"], "").ok();
    assert!(r.stderr.contains("readable by others"), "{r:?}");
    assert_eq!(mode(&home_file), 0o600);

    // Another pool with this session: refused (2), the file untouched.
    let before = read(&home_file);
    let r = Env::run_cmd(
        env.bare(),
        &["--json", "--user-pool-id", "us-east-1_Other0001", "whoami"],
        "",
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains(POOL_ID)
    );
    assert_eq!(read(&home_file), before);
}

/// A client secret recorded for a session must be given again.
#[test]
fn a_session_with_a_client_secret_needs_it() {
    let env = Env::start(&pool_toml("", true, &user_toml("alice", "")));
    env.sign_in("alice");
    let mut c = env.cmd();
    c.env_remove("COGNITO_CLIENT_SECRET");
    let r = Env::run_cmd(c, &["--json", "tokens", "--force-refresh"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("COGNITO_CLIENT_SECRET")
    );
    assert!(
        !read(&env.state()).contains(CLIENT_SECRET),
        "the secret is never stored"
    );
    // Still signed in.
    assert_eq!(env.json(&["whoami"])["username"], "alice");
}

/// Without a terminal and without --prompt, a sign-in that needs a step
/// prints it and exits 0, reading nothing more from standard input.
#[test]
fn no_prompt_without_a_terminal() {
    let env = Env::start(&pool_toml(
        "mfa = \"OPTIONAL\"\nmfaTypes = [\"SMS_MFA\"]\n",
        false,
        &user_toml("sam", "mfaEnabled = [\"SMS_MFA\"]"),
    ));
    let r = env
        .run_in(
            &["sign-in", "--username", "sam", "--password-stdin"],
            &format!("{PASSWORD}\n123456\n"),
        )
        .ok();
    assert!(
        r.stdout
            .contains("Sign-in continues at CONFIRM_SIGN_IN_WITH_SMS_CODE"),
        "{r:?}"
    );
    assert!(
        r.stdout
            .contains("Next: cognito-auth confirm-sign-in --response CODE"),
        "{r:?}"
    );
    assert!(r.stderr.is_empty(), "{r:?}");
    // --no-prompt wins over --prompt given earlier.
    let r = env.run_in(&["--prompt", "--no-prompt", "confirm-sign-in"], "123456\n");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("needs --response"), "{r:?}");
    assert!(r.stderr.contains("CONFIRM_SIGN_IN_WITH_SMS_CODE"), "{r:?}");
    let v = env.json(&["confirm-sign-in", "--response", &env.code("sam")]);
    assert_eq!(v["isSignedIn"], true);
}

/// `--help` documents every command and option; each command has its own.
#[test]
fn help_and_version() {
    let env = Env::start(&pool());
    let r = env.run(&["--help"]).ok();
    for word in [
        "sign-up",
        "confirm-sign-up",
        "resend-sign-up-code",
        "sign-in",
        "confirm-sign-in",
        "auto-sign-in",
        "sign-out",
        "tokens",
        "whoami",
        "--endpoint",
        "--user-pool-id",
        "--client-id",
        "--client-secret",
        "--state",
        "--json",
        "--prompt",
        "--no-prompt",
        "--password-stdin",
        "--response-stdin",
        "--attribute",
        "--flow",
        "--preferred-challenge",
        "--auto-sign-in",
        "--global",
        "--access",
        "--id",
        "--refresh",
        "--force-refresh",
        "COGNITO_ENDPOINT",
        "COGNITO_USER_POOL_ID",
        "COGNITO_CLIENT_ID",
        "COGNITO_CLIENT_SECRET",
        "COGNITO_PASSWORD",
        "COGNITO_STATE_FILE",
        "Exit status",
        "0600",
        "USER_SRP_AUTH",
        "CUSTOM_WITHOUT_SRP",
        "EMAIL_OTP",
        "isSignUpComplete",
        "allowedMFATypes",
    ] {
        assert!(r.stdout.contains(word), "--help lacks {word}");
    }
    let r = env.run(&["confirm-sign-in", "--help"]).ok();
    assert!(
        r.stdout.contains("CONTINUE_SIGN_IN_WITH_TOTP_SETUP"),
        "{r:?}"
    );
    assert!(!r.stdout.contains("resend-sign-up-code"), "{r:?}");
    let r = env.run(&["help", "sign-up"]).ok();
    assert!(r.stdout.contains("--validation-data"), "{r:?}");
    let r = env.run(&["--version"]).ok();
    assert!(r.stdout.starts_with("cognito-auth 0."), "{r:?}");
    let r = env.run(&[]);
    assert_eq!(r.code, 2);
    assert_eq!(env.json_err(&["help", "nope"]).1, 2);
}
