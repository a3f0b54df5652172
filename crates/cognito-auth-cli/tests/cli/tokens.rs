//! tokens, whoami, sign-out (local and global).

use crate::support::*;

fn pool(secret: bool, access_seconds: Option<u32>) -> String {
    let mut toml = pool_toml("", secret, &user_toml("alice", ""));
    if let Some(s) = access_seconds {
        toml = toml.replace(
            &format!("id = \"{CLIENT_ID}\"\n"),
            &format!("id = \"{CLIENT_ID}\"\naccessTokenValiditySeconds = {s}\nidTokenValiditySeconds = {s}\n"),
        );
    }
    toml
}

/// `tokens` prints both tokens and the expiry; --access/--id/--refresh one
/// raw token each; valid tokens are not refreshed, --force-refresh does.
#[test]
fn tokens_and_whoami() {
    for secret in [false, true] {
        let env = Env::start(&pool(secret, None));
        env.sign_in("alice");
        let v = env.json(&["tokens"]);
        let access = v["accessToken"].as_str().unwrap().to_owned();
        let id = v["idToken"].as_str().unwrap().to_owned();
        assert_eq!(v["username"], "alice", "{v}");
        assert!(v["userSub"].is_string());
        let exp = v["expiresAt"].as_i64().unwrap();
        assert_eq!(jwt_payload(&access)["exp"].as_i64().unwrap(), exp);
        assert!(
            v.get("refreshToken").is_none(),
            "refresh token only on request"
        );

        let raw = env.run(&["tokens", "--access"]).ok();
        assert_eq!(raw.stdout, format!("{access}\n"), "raw, for $(...)");
        assert_eq!(jwt_payload(raw.stdout.trim())["token_use"], "access");
        let raw_id = env.run(&["tokens", "--id"]).ok().stdout;
        assert_eq!(raw_id.trim(), id);
        assert_eq!(jwt_payload(&id)["token_use"], "id");
        assert_eq!(jwt_payload(&id)["cognito:username"], "alice");
        let refresh = env.run(&["tokens", "--refresh"]).ok().stdout;
        assert_eq!(refresh.lines().count(), 1, "{refresh}");
        assert!(refresh.trim().len() > 20, "{refresh}");
        assert_eq!(
            env.json(&["tokens", "--id"]),
            serde_json::json!({"idToken": id})
        );

        let text = env.run(&["tokens"]).ok().stdout;
        assert!(text.contains(&access) && text.contains(&id), "{text}");
        assert!(text.contains("expires in"), "{text}");
        assert!(!text.contains(refresh.trim()));

        // Not due: the same token.
        assert_eq!(env.run(&["tokens", "--access"]).ok().stdout.trim(), access);
        // Forced: a new one, same refresh token (no rotation).
        let forced = env
            .run(&["tokens", "--access", "--force-refresh"])
            .ok()
            .stdout;
        assert_ne!(forced.trim(), access);
        assert_eq!(env.run(&["tokens", "--refresh"]).ok().stdout, refresh);

        let me = env.json(&["whoami"]);
        assert_eq!(me["username"], "alice");
        assert_eq!(me["userId"], jwt_payload(&access)["sub"]);
        assert_eq!(
            me["signInDetails"],
            serde_json::json!({"loginId": "alice", "authFlowType": "USER_SRP_AUTH"})
        );
        let text = env.run(&["whoami"]).ok().stdout;
        assert!(text.starts_with("alice\n"), "{text}");
        assert!(
            text.contains("signed in as alice with USER_SRP_AUTH"),
            "{text}"
        );
    }
}

/// Tokens that expire within the refresh margin are refreshed by `tokens`
/// (and `whoami`) before they are printed.
#[test]
fn tokens_are_refreshed_when_due() {
    for secret in [false, true] {
        // 30 s tokens are always inside the 60 s margin.
        let env = Env::start(&pool(secret, Some(30)));
        env.sign_in("alice");
        let stored = read(&env.state());
        let a = env.run(&["tokens", "--access"]).ok().stdout;
        assert!(
            !stored.contains(a.trim()),
            "the printed token is a refreshed one"
        );
        let b = env.run(&["tokens", "--access"]).ok().stdout;
        assert_ne!(a, b, "refreshed again");
        assert!(
            read(&env.state()).contains(b.trim()),
            "kept in the state file"
        );
        assert_eq!(env.json(&["whoami"])["username"], "alice");
    }
}

/// Nobody signed in: tokens and whoami fail with exit 1.
#[test]
fn tokens_without_a_session() {
    let env = Env::start(&pool(false, None));
    for cmd in ["tokens", "whoami"] {
        let (e, code) = env.json_err(&[cmd]);
        assert_eq!(
            (e["name"].as_str(), code),
            (Some("UserUnAuthenticatedException"), 1),
            "{e}"
        );
    }
    let r = env.run(&["tokens", "--access"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty(), "nothing for $(...) to pick up: {r:?}");
    assert!(r.stderr.contains("no user is signed in"), "{r:?}");
}

/// Local sign-out revokes this session's refresh token; global sign-out
/// ends the sessions of other devices (state files) too.
#[test]
fn sign_out_local_and_global() {
    for secret in [false, true] {
        let env = Env::start(&pool(secret, None));
        env.sign_in("alice");
        let copy = env.dir.join("copy.json");
        std::fs::copy(env.state(), &copy).unwrap();
        let v = env.json(&["sign-out"]);
        assert_eq!(
            v,
            serde_json::json!({"signedOut": true, "global": false, "remote": "REVOKED"})
        );
        assert!(!read(&env.state()).contains("session"), "tokens cleared");
        // The copy's refresh token was revoked at Cognito.
        let r = Env::run_cmd(
            env.cmd_at(&copy),
            &["--json", "tokens", "--force-refresh"],
            "",
        );
        assert_eq!(r.code, 1, "{r:?}");
        assert_eq!(r.json()["error"]["name"], "UserUnAuthenticatedException");
        let v = env.json(&["sign-out"]);
        assert_eq!(v["remote"], "NOT_SIGNED_IN");

        // Two devices, one global sign-out.
        let other = env.dir.join("other.json");
        env.sign_in("alice");
        let r = Env::run_cmd(
            env.cmd_at(&other),
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
        let v = env.json(&["sign-out", "--global"]);
        assert_eq!(v["remote"], "GLOBAL_SIGNED_OUT", "{v}");
        let r = Env::run_cmd(
            env.cmd_at(&other),
            &["--json", "tokens", "--force-refresh"],
            "",
        );
        assert_eq!(r.code, 1, "{r:?}");
        let r = env.run(&["sign-out", "--global"]).ok();
        assert_eq!(r.stdout.trim(), "Nobody was signed in.");
    }
}
