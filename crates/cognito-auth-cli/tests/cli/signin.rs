//! Sign-in flows without a second factor: SRP, password, custom challenge,
//! USER_AUTH, NEW_PASSWORD_REQUIRED; where the password may come from.

use crate::support::*;

fn users(secret: bool) -> String {
    let mut users = user_toml("alice", "");
    users.push_str(
        "[[pools.users]]\nusername = \"tom\"\npassword = \"Temp-Passw0rd!\"\nstatus = \"FORCE_CHANGE_PASSWORD\"\nattributes = { email = \"tom@example.com\", email_verified = \"true\" }\n",
    );
    pool_toml(
        "aliasAttributes = [\"email\"]\nrequiredAttributes = [\"name\"]\nallowedFirstAuthFactors = [\"PASSWORD\", \"EMAIL_OTP\", \"SMS_OTP\"]\n",
        secret,
        &users,
    )
}

/// SRP (default) and USER_PASSWORD_AUTH, by username and by alias, with
/// the password from --password, --password-stdin and COGNITO_PASSWORD;
/// the password is never printed, the tokens only by `tokens`.
#[test]
fn password_flows_and_sources() {
    for secret in [false, true] {
        let env = Env::start(&users(secret));
        for (login, flow) in [
            ("alice", "USER_SRP_AUTH"),
            ("alice@example.com", "USER_SRP_AUTH"),
            ("alice", "USER_PASSWORD_AUTH"),
            ("alice@example.com", "user_password_auth"),
        ] {
            let r = env
                .run(&[
                    "--json",
                    "sign-in",
                    "--username",
                    login,
                    "--flow",
                    flow,
                    "--password",
                    PASSWORD,
                ])
                .ok();
            r.hides(PASSWORD);
            let v = r.json();
            assert_eq!(
                v,
                serde_json::json!({"isSignedIn": true, "nextStep": {"signInStep": "DONE"}})
            );
            let me = env.json(&["whoami"]);
            assert_eq!(me["username"], "alice");
            assert_eq!(me["signInDetails"]["loginId"], login);
            assert_eq!(
                me["signInDetails"]["authFlowType"],
                flow.to_ascii_uppercase()
            );
            let token = env.run(&["tokens", "--access"]).ok().stdout;
            assert!(!r.stdout.contains(token.trim()));
            env.json(&["sign-out"]);
        }
        // --password-stdin: the first line of standard input.
        let r = env
            .run_in(
                &[
                    "--json",
                    "sign-in",
                    "--username",
                    "alice",
                    "--password-stdin",
                ],
                &format!("{PASSWORD}\n"),
            )
            .ok();
        r.hides(PASSWORD);
        assert_eq!(r.json()["isSignedIn"], true);
        env.json(&["sign-out"]);
        // COGNITO_PASSWORD.
        let mut c = env.cmd();
        c.env("COGNITO_PASSWORD", PASSWORD);
        let r = Env::run_cmd(c, &["--json", "sign-in", "--username", "alice"], "").ok();
        r.hides(PASSWORD);
        assert_eq!(r.json()["isSignedIn"], true);
        // The state file keeps tokens, never the password.
        assert!(!read(&env.state()).contains(PASSWORD));
    }
}

/// Wrong passwords are Cognito's errors; signing in twice needs --replace.
#[test]
fn sign_in_errors_and_replace() {
    let env = Env::start(&users(false));
    let r = env.run(&[
        "--json",
        "sign-in",
        "--username",
        "alice",
        "--password",
        "Wrong-Passw0rd!",
    ]);
    assert_eq!(r.code, 1);
    r.hides("Wrong-Passw0rd!");
    assert_eq!(
        r.json(),
        serde_json::json!({"error": {"name": "NotAuthorizedException", "message": "Incorrect username or password."}})
    );
    let r = env.run(&[
        "sign-in",
        "--username",
        "alice",
        "--password",
        "Wrong-Passw0rd!",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("Incorrect username or password."),
        "{r:?}"
    );
    r.hides("Wrong-Passw0rd!");

    env.sign_in("alice");
    let (e, code) = env.json_err(&["sign-in", "--username", "alice", "--password", PASSWORD]);
    assert_eq!(
        (e["name"].as_str(), code),
        (Some("UserAlreadyAuthenticatedException"), 1)
    );
    assert!(e["message"].as_str().unwrap().contains("--replace"), "{e}");
    let before = env.run(&["tokens", "--refresh"]).ok().stdout;
    let v = env.json(&[
        "sign-in",
        "--username",
        "alice",
        "--password",
        PASSWORD,
        "--replace",
    ]);
    assert_eq!(v["isSignedIn"], true);
    let after = env.run(&["tokens", "--refresh"]).ok().stdout;
    assert_ne!(before, after, "a new session replaced the old one");
}

/// An admin-created user chooses a new password and gives the missing
/// required attribute, in a second invocation; a weak password keeps the step.
#[test]
fn new_password_required_across_invocations() {
    for secret in [false, true] {
        let env = Env::start(&users(secret));
        let v = env.json(&[
            "sign-in",
            "--username",
            "tom",
            "--password",
            "Temp-Passw0rd!",
        ]);
        assert_eq!(v["isSignedIn"], false);
        assert_eq!(
            v["nextStep"],
            serde_json::json!({"signInStep": "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED", "missingAttributes": ["name"]})
        );
        let r = env.run_in(
            &[
                "--json",
                "confirm-sign-in",
                "--response-stdin",
                "--attribute",
                "name=Tom",
            ],
            "weak\n",
        );
        assert_eq!(r.code, 1, "{r:?}");
        assert_eq!(r.json()["error"]["name"], "InvalidPasswordException");
        r.hides("weak\n");
        let r = env
            .run_in(
                &[
                    "--json",
                    "confirm-sign-in",
                    "--response-stdin",
                    "--attribute",
                    "name=Tom",
                ],
                "N3w-Passw0rd!\n",
            )
            .ok();
        r.hides("N3w-Passw0rd!");
        assert_eq!(r.json()["isSignedIn"], true, "{r:?}");
        env.json(&["sign-out"]);
        let v = env.json(&[
            "sign-in",
            "--username",
            "tom",
            "--password",
            "N3w-Passw0rd!",
        ]);
        assert_eq!(v["isSignedIn"], true);
    }
}

/// CUSTOM_WITHOUT_SRP and CUSTOM_WITH_SRP with the mock's built-in
/// challenge (a code by email); a wrong answer gets a new round.
#[test]
fn custom_challenge() {
    for secret in [false, true] {
        let env = Env::start(&users(secret));
        for flow in ["CUSTOM_WITHOUT_SRP", "CUSTOM_WITH_SRP"] {
            let mut args = vec!["sign-in", "--username", "alice", "--flow", flow];
            if flow == "CUSTOM_WITH_SRP" {
                args.extend(["--password", PASSWORD]);
            }
            let v = env.json(&args);
            assert_eq!(v["isSignedIn"], false, "{v}");
            assert_eq!(
                v["nextStep"]["signInStep"],
                "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE"
            );
            assert!(v["nextStep"]["additionalInfo"].is_object(), "{v}");
            let code = env.code("alice");
            let wrong = if code == "000000" { "111111" } else { "000000" };
            let v = env.json(&["confirm-sign-in", "--response", wrong]);
            assert_eq!(
                v["nextStep"]["signInStep"], "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE",
                "{v}"
            );
            let v = env.json(&["confirm-sign-in", "--response", &env.code("alice")]);
            assert_eq!(v["isSignedIn"], true, "{flow}: {v}");
            assert_eq!(env.json(&["whoami"])["signInDetails"]["authFlowType"], flow);
            env.json(&["sign-out"]);
        }
        // COGNITO_PASSWORD is not sent with CUSTOM_WITHOUT_SRP.
        let mut c = env.cmd();
        c.env("COGNITO_PASSWORD", PASSWORD);
        let r = Env::run_cmd(
            c,
            &[
                "--json",
                "sign-in",
                "--username",
                "alice",
                "--flow",
                "CUSTOM_WITHOUT_SRP",
            ],
            "",
        )
        .ok();
        assert_eq!(
            r.json()["nextStep"]["signInStep"],
            "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE"
        );
    }
}

/// Two rounds of a quiz from custom triggers: each round's public
/// parameters are its additionalInfo, in text and JSON.
#[test]
fn custom_challenge_rounds_show_additional_info() {
    use serde_json::{Value, json};
    const QUIZ: [(&str, &str); 2] = [("6 x 7", "42"), ("capital of France", "Paris")];
    fn passed(event: &Value) -> usize {
        event["request"]["session"]
            .as_array()
            .map(|s| s.iter().filter(|c| c["challengeResult"] == true).count())
            .unwrap_or(0)
    }
    let triggers = mock_cognito::Triggers::new(
        |e| {
            let session = e["request"]["session"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            Ok(
                if session
                    .last()
                    .is_some_and(|l| l["challengeResult"] == false)
                {
                    json!({"issueTokens": false, "failAuthentication": true})
                } else if passed(e) == QUIZ.len() {
                    json!({"issueTokens": true, "failAuthentication": false})
                } else {
                    json!({"challengeName": "CUSTOM_CHALLENGE", "issueTokens": false, "failAuthentication": false})
                },
            )
        },
        |e| {
            let (q, a) = QUIZ[passed(e).min(QUIZ.len() - 1)];
            Ok(
                json!({"publicChallengeParameters": {"question": q}, "privateChallengeParameters": {"answer": a}, "challengeMetadata": "QUIZ"}),
            )
        },
        |e| {
            Ok(
                json!({"answerCorrect": e["request"]["challengeAnswer"] == e["request"]["privateChallengeParameters"]["answer"]}),
            )
        },
    );
    let env = Env::start_with(&users(false), Some(triggers));
    let r = env
        .run(&[
            "sign-in",
            "--username",
            "alice",
            "--flow",
            "CUSTOM_WITHOUT_SRP",
        ])
        .ok();
    assert!(r.stdout.contains("question: 6 x 7"), "{r:?}");
    assert!(
        r.stdout
            .contains("Next: cognito-auth confirm-sign-in --response ANSWER"),
        "{r:?}"
    );
    let v = env.json(&["confirm-sign-in", "--response", "42"]);
    assert_eq!(
        v["nextStep"],
        // All of ChallengeParameters, as Amplify passes them.
        json!({"signInStep": "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE", "additionalInfo": {"USERNAME": "alice", "question": "capital of France"}})
    );
    let v = env.json(&["confirm-sign-in", "--response", "Paris"]);
    assert_eq!(v["isSignedIn"], true, "{v}");
}

/// USER_AUTH: first-factor selection, email and SMS one-time codes, the
/// password after choosing PASSWORD / PASSWORD_SRP (answered from
/// --password or asked for with the step), and --preferred-challenge.
#[test]
fn user_auth_first_factor_and_otp() {
    for secret in [false, true] {
        let env = Env::start(&users(secret));
        let v = env.json(&["sign-in", "--username", "alice", "--flow", "USER_AUTH"]);
        assert_eq!(
            v["nextStep"]["signInStep"], "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION",
            "{v}"
        );
        let offered: Vec<&str> = v["nextStep"]["availableChallenges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        for f in ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"] {
            assert!(offered.contains(&f), "{offered:?}");
        }
        // Email code.
        let v = env.json(&["confirm-sign-in", "--response", "EMAIL_OTP"]);
        assert_eq!(
            v["nextStep"]["signInStep"], "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
            "{v}"
        );
        assert_eq!(
            v["nextStep"]["codeDeliveryDetails"]["deliveryMedium"],
            "EMAIL"
        );
        let v = env.json(&["confirm-sign-in", "--response", &env.code("alice")]);
        assert_eq!(v["isSignedIn"], true, "{v}");
        env.json(&["sign-out"]);

        // SMS code, chosen up front.
        let v = env.json(&[
            "sign-in",
            "--username",
            "alice",
            "--preferred-challenge",
            "SMS_OTP",
        ]);
        assert_eq!(
            v["nextStep"]["signInStep"], "CONFIRM_SIGN_IN_WITH_SMS_CODE",
            "{v}"
        );
        assert_eq!(
            v["nextStep"]["codeDeliveryDetails"]["deliveryMedium"],
            "SMS"
        );
        let v = env.json(&["confirm-sign-in", "--response", &env.code("alice")]);
        assert_eq!(v["isSignedIn"], true, "{v}");
        env.json(&["sign-out"]);

        // PASSWORD_SRP chosen; the password step answered from --password.
        env.json(&["sign-in", "--username", "alice", "--flow", "USER_AUTH"]);
        let v = env.json(&[
            "confirm-sign-in",
            "--response",
            "PASSWORD_SRP",
            "--password",
            PASSWORD,
        ]);
        assert_eq!(v["isSignedIn"], true, "{v}");
        env.json(&["sign-out"]);

        // PASSWORD chosen; the step asks; --password-stdin answers it.
        env.json(&["sign-in", "--username", "alice", "--flow", "USER_AUTH"]);
        let v = env.json(&["confirm-sign-in", "--response", "PASSWORD"]);
        assert_eq!(
            v["nextStep"]["signInStep"], "CONFIRM_SIGN_IN_WITH_PASSWORD",
            "{v}"
        );
        let r = env
            .run_in(
                &["--json", "confirm-sign-in", "--password-stdin"],
                &format!("{PASSWORD}\n"),
            )
            .ok();
        assert_eq!(r.json()["isSignedIn"], true, "{r:?}");
        env.json(&["sign-out"]);

        // A preferred PASSWORD needs the password at once.
        let v = env.json(&[
            "sign-in",
            "--username",
            "alice",
            "--preferred-challenge",
            "password",
            "--password",
            PASSWORD,
        ]);
        assert_eq!(v["isSignedIn"], true, "{v}");
    }
}

/// An unconfirmed account is the CONFIRM_SIGN_UP step, not an error.
#[test]
fn unconfirmed_account_is_a_step() {
    let env = Env::start(&pool_toml("", false, ""));
    env.json(&[
        "sign-up",
        "--username",
        "ursula",
        "--password",
        PASSWORD,
        "--attribute",
        "email=u@example.com",
    ]);
    let v = env.json(&["sign-in", "--username", "ursula", "--password", PASSWORD]);
    assert_eq!(
        v,
        serde_json::json!({"isSignedIn": false, "nextStep": {"signInStep": "CONFIRM_SIGN_UP"}})
    );
    let r = env
        .run(&["sign-in", "--username", "ursula", "--password", PASSWORD])
        .ok();
    assert!(
        r.stdout
            .contains("cognito-auth confirm-sign-up --username ursula --code CODE"),
        "{r:?}"
    );
}

/// In a pool that tracks devices, the first sign-in confirms a device and the
/// state file keeps it across sign-out, so the next invocation signs in on the
/// same device (device SRP) instead of registering another.
#[test]
fn the_device_is_remembered_across_invocations() {
    for secret in [false, true] {
        let env = Env::start(&pool_toml(
            "deviceConfiguration = { challengeRequiredOnNewDevice = false, deviceOnlyRememberedOnUserPrompt = false }\n",
            secret,
            &user_toml("alice", ""),
        ));
        let device_of_session = |env: &Env| {
            let token = env.run(&["tokens", "--access"]).ok().stdout;
            jwt_payload(token.trim())["device_key"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        env.sign_in("alice");
        let first = device_of_session(&env);
        let state = read(&env.state());
        assert!(state.contains(&first), "the state file keeps the device");
        env.json(&["sign-out"]);
        assert!(read(&env.state()).contains(&first), "sign-out keeps it");
        env.sign_in("alice");
        assert_eq!(device_of_session(&env), first, "secret={secret}");
    }
}
