//! Sign-in flows through the in-process service.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::json;
use support::{Mock, PASSWORD};

#[test]
fn user_password_auth_issues_tokens_without_challenge() {
    let m = Mock::new();
    m.confirmed_user("alice", Some("alice@example.com"));
    let a = m.password_auth("alice", PASSWORD);
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.body.get("ChallengeName").is_none());
    let r = &a.body["AuthenticationResult"];
    assert_eq!(r["TokenType"], "Bearer");
    assert_eq!(r["ExpiresIn"], 3600);
    assert!(r["RefreshToken"].as_str().unwrap().split('.').count() == 5);
    let id = Mock::claims(r["IdToken"].as_str().unwrap());
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["cognito:username"], "alice");
    assert_eq!(id["email"], "alice@example.com");
    assert_eq!(id["email_verified"], true);
    assert_eq!(id["aud"], m.client);
    let access = Mock::claims(r["AccessToken"].as_str().unwrap());
    assert_eq!(access["token_use"], "access");
    assert_eq!(access["client_id"], m.client);
    assert_eq!(access["scope"], "aws.cognito.signin.user.admin");
    assert_eq!(access["origin_jti"], id["origin_jti"]);
    assert_ne!(access["jti"], id["jti"]);
    assert!(access.get("aud").is_none());
}

#[test]
fn wrong_password_is_refused_with_cognitos_message() {
    let m = Mock::new();
    m.confirmed_user("bob", None);
    let a = m.password_auth("bob", "Wrong0rd!");
    assert_eq!(a.status, 400);
    assert_eq!(a.error_type(), "NotAuthorizedException");
    assert_eq!(a.message(), "Incorrect username or password.");
}

#[test]
fn srp_sign_in_verifies_the_proof() {
    let m = Mock::new();
    m.confirmed_user("carol", None);
    let ok = m.srp_sign_in("carol", PASSWORD);
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.body["AuthenticationResult"]["AccessToken"].is_string());
    let bad = m.srp_sign_in("carol", "Passw0rd?");
    assert_eq!(bad.error_type(), "NotAuthorizedException");
    assert_eq!(bad.message(), "Incorrect username or password.");
}

#[test]
fn get_user_with_issued_access_token() {
    let m = Mock::new();
    m.confirmed_user("dave", Some("dave@example.com"));
    let r = m.sign_in("dave");
    let u = m.ok("GetUser", json!({"AccessToken": r["AccessToken"]}));
    assert_eq!(u["Username"], "dave");
    assert!(
        u["UserAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["Name"] == "sub")
    );
}

#[test]
fn explicit_auth_flows_are_enforced() {
    let m =
        Mock::toml("[[pools]]\n[[pools.clients]]\nexplicitAuthFlows = [\"ALLOW_USER_SRP_AUTH\"]\n");
    m.confirmed_user("ann", None);
    let a = m.password_auth("ann", PASSWORD);
    assert_eq!(a.error_type(), "InvalidParameterException");
    assert_eq!(
        a.message(),
        "USER_PASSWORD_AUTH flow not enabled for this client"
    );
    assert_eq!(m.srp_sign_in("ann", PASSWORD).status, 200);
    let (t, msg) = m.fail(
        "InitiateAuth",
        json!({"AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "ClientId": m.client,
               "AuthParameters": {"USERNAME": "ann", "PASSWORD": PASSWORD}}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        (
            "InvalidParameterException",
            "Initiate Auth method not supported."
        )
    );
    let (t, _) = m.fail(
        "InitiateAuth",
        json!({"AuthFlow": "MAGIC", "ClientId": m.client, "AuthParameters": {}}),
    );
    assert_eq!(t, "InvalidParameterException");
}

#[test]
fn missing_parameters_are_named() {
    let m = Mock::new();
    let (t, msg) = m.fail(
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": m.client, "AuthParameters": {"PASSWORD": "x"}}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        (
            "InvalidParameterException",
            "Missing required parameter USERNAME"
        )
    );
    let (_, msg) = m.fail(
        "InitiateAuth",
        json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": m.client, "AuthParameters": {"USERNAME": "x"}}),
    );
    assert_eq!(msg, "Missing required parameter SRP_A");
    let (_, msg) = m.fail(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": m.client, "ChallengeResponses": {"USERNAME": "x"}}),
    );
    assert_eq!(msg, "Missing required parameter Session");
}

#[test]
fn admin_initiate_auth_password_and_srp() {
    let m = Mock::new();
    m.confirmed_user("ben", None);
    let r = m.ok(
        "AdminInitiateAuth",
        json!({"UserPoolId": m.pool, "ClientId": m.client, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
               "AuthParameters": {"USERNAME": "ben", "PASSWORD": PASSWORD}}),
    );
    assert!(r["AuthenticationResult"]["IdToken"].is_string());
    let r = m.ok(
        "AdminInitiateAuth",
        json!({"UserPoolId": m.pool, "ClientId": m.client, "AuthFlow": "ADMIN_NO_SRP_AUTH",
               "AuthParameters": {"USERNAME": "ben", "PASSWORD": PASSWORD}}),
    );
    assert!(r["AuthenticationResult"]["IdToken"].is_string());
    // SRP through the admin pair.
    use cognito_auth_srp::{OsRandom, PasswordVerifierChallenge, SrpClient};
    let c = SrpClient::new(&mut OsRandom).unwrap();
    let init = m.ok(
        "AdminInitiateAuth",
        json!({"UserPoolId": m.pool, "ClientId": m.client, "AuthFlow": "USER_SRP_AUTH",
               "AuthParameters": {"USERNAME": "ben", "SRP_A": c.srp_a()}}),
    );
    let p = &init["ChallengeParameters"];
    let pool_name = m.pool_name();
    let claim = c
        .password_claim(
            &PasswordVerifierChallenge {
                pool_name: &pool_name,
                user_id_for_srp: p["USER_ID_FOR_SRP"].as_str().unwrap(),
                salt_hex: p["SALT"].as_str().unwrap(),
                srp_b_hex: p["SRP_B"].as_str().unwrap(),
                secret_block_b64: p["SECRET_BLOCK"].as_str().unwrap(),
            },
            PASSWORD,
            &cognito_auth_srp::timestamp::format(m.svc.clock().now_secs()),
        )
        .unwrap();
    let r = m.ok(
        "AdminRespondToAuthChallenge",
        json!({"UserPoolId": m.pool, "ClientId": m.client, "ChallengeName": "PASSWORD_VERIFIER",
               "ChallengeResponses": {"USERNAME": "ben", "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
                                      "PASSWORD_CLAIM_SIGNATURE": claim.signature, "TIMESTAMP": claim.timestamp}}),
    );
    assert!(r["AuthenticationResult"]["AccessToken"].is_string());
    // Admin calls must name the client's own pool.
    let other = m.ok("CreateUserPool", json!({"PoolName": "other"}))["UserPool"]["Id"].clone();
    let (t, _) = m.fail(
        "AdminInitiateAuth",
        json!({"UserPoolId": other, "ClientId": m.client, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
               "AuthParameters": {"USERNAME": "ben", "PASSWORD": PASSWORD}}),
    );
    assert_eq!(t, "ResourceNotFoundException");
}

#[test]
fn user_status_rules() {
    let m = Mock::new();
    m.ok(
        "SignUp",
        json!({"ClientId": m.client, "Username": "cat", "Password": PASSWORD}),
    );
    assert_eq!(
        m.password_auth("cat", "Wr0ng!pass").message(),
        "Incorrect username or password."
    );
    let a = m.password_auth("cat", PASSWORD);
    assert_eq!(
        (a.error_type(), a.message()),
        ("UserNotConfirmedException", "User is not confirmed.")
    );
    let a = m.srp_sign_in("cat", PASSWORD);
    assert_eq!(a.error_type(), "UserNotConfirmedException");
    m.confirmed_user("dan", Some("dan@example.com"));
    m.ok(
        "AdminResetUserPassword",
        json!({"UserPoolId": m.pool, "Username": "dan"}),
    );
    let a = m.password_auth("dan", PASSWORD);
    assert_eq!(
        (a.error_type(), a.message()),
        (
            "PasswordResetRequiredException",
            "Password reset required for the user"
        )
    );
    let code = m.last_code("dan");
    m.ok(
        "ConfirmForgotPassword",
        json!({"ClientId": m.client, "Username": "dan", "ConfirmationCode": code, "Password": "Res3t-pass"}),
    );
    assert_eq!(m.password_auth("dan", "Res3t-pass").status, 200);
    m.ok(
        "AdminDisableUser",
        json!({"UserPoolId": m.pool, "Username": "dan"}),
    );
    assert_eq!(
        m.srp_sign_in("dan", "Res3t-pass").message(),
        "User is disabled."
    );
}

#[test]
fn unknown_users_legacy_and_prevented() {
    let m = Mock::new();
    let a = m.password_auth("nobody", PASSWORD);
    assert_eq!(
        (a.error_type(), a.message()),
        ("UserNotFoundException", "User does not exist.")
    );
    assert_eq!(
        m.srp_sign_in("nobody", PASSWORD).error_type(),
        "UserNotFoundException"
    );
    let p = Mock::toml("[[pools]]\n[[pools.clients]]\npreventUserExistenceErrors = true\n");
    let a = p.password_auth("nobody", PASSWORD);
    assert_eq!(a.message(), "Incorrect username or password.");
    // SRP: a challenge that looks real, then the same refusal as a wrong password.
    let a = p.srp_sign_in("nobody", PASSWORD);
    assert_eq!(
        (a.error_type(), a.message()),
        ("NotAuthorizedException", "Incorrect username or password.")
    );
}

#[test]
fn repeated_failures_lock_out() {
    let m = Mock::new();
    m.confirmed_user("eve", None);
    for _ in 0..5 {
        assert_eq!(
            m.password_auth("eve", "Wr0ng!pass").message(),
            "Incorrect username or password."
        );
    }
    let a = m.password_auth("eve", PASSWORD);
    assert_eq!(
        (a.error_type(), a.message()),
        ("NotAuthorizedException", "Password attempts exceeded")
    );
    m.svc.clock().advance(2);
    assert_eq!(m.password_auth("eve", PASSWORD).status, 200);
}

/// The documented schedule: 2^(n-5) s after the n-th failure (n ≥ 5),
/// attempts during a lock-out refused without counting, SRP proofs counted
/// like passwords, the count reset by 15 minutes without attempts.
#[test]
fn lock_out_doubles_ignores_attempts_while_locked_and_resets_after_quiet() {
    let m = Mock::new();
    m.confirmed_user("lou", None);
    let wrong = |m: &Mock| m.password_auth("lou", "Wr0ng!pass");
    for _ in 0..5 {
        assert_eq!(wrong(&m).message(), "Incorrect username or password.");
    }
    // n = 5: locked 1 s. Attempts inside it do not count.
    for _ in 0..3 {
        assert_eq!(wrong(&m).message(), "Password attempts exceeded");
    }
    m.svc.clock().advance_ms(1001);
    // n = 6 (an SRP proof with the wrong password counts too): 2 s.
    assert_eq!(
        m.srp_sign_in("lou", "Wr0ng!pass").message(),
        "Incorrect username or password."
    );
    m.svc.clock().advance_ms(1500);
    assert_eq!(
        m.password_auth("lou", PASSWORD).message(),
        "Password attempts exceeded"
    );
    m.svc.clock().advance_ms(600);
    // n = 7: 4 s.
    assert_eq!(wrong(&m).message(), "Incorrect username or password.");
    m.svc.clock().advance_ms(3900);
    assert_eq!(
        m.password_auth("lou", PASSWORD).message(),
        "Password attempts exceeded"
    );
    // Fifteen quiet minutes start the count again: one failure is no lock-out.
    m.svc.clock().advance(15 * 60 + 5);
    assert_eq!(wrong(&m).message(), "Incorrect username or password.");
    assert_eq!(m.password_auth("lou", PASSWORD).status, 200);
    // Failures less than 15 minutes apart keep counting.
    for _ in 0..4 {
        assert_eq!(wrong(&m).message(), "Incorrect username or password.");
    }
    m.svc.clock().advance(60);
    assert_eq!(wrong(&m).message(), "Incorrect username or password.");
    assert_eq!(
        m.password_auth("lou", PASSWORD).message(),
        "Password attempts exceeded"
    );
}

#[test]
fn force_change_password_leads_to_new_password_required() {
    let m = Mock::toml("[[pools]]\nrequiredAttributes = [\"name\"]\n");
    m.ok(
        "AdminCreateUser",
        json!({"UserPoolId": m.pool, "Username": "fay", "TemporaryPassword": "Temp0rary!", "MessageAction": "SUPPRESS",
               "UserAttributes": [{"Name": "email", "Value": "fay@example.com"}]}),
    );
    let a = m.password_auth("fay", "Temp0rary!");
    assert_eq!(a.status, 200);
    assert_eq!(a.body["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    assert!(a.body.get("AuthenticationResult").is_none());
    let p = &a.body["ChallengeParameters"];
    assert_eq!(p["USER_ID_FOR_SRP"], "fay");
    assert_eq!(p["requiredAttributes"], "[\"userAttributes.name\"]");
    let ua: serde_json::Value =
        serde_json::from_str(p["userAttributes"].as_str().unwrap()).unwrap();
    assert_eq!(ua["email"], "fay@example.com");
    let session = a.body["Session"].as_str().unwrap().to_owned();
    // A weak password or a missing required attribute keeps the session usable.
    let (t, _) = m.fail(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": m.client, "Session": session,
               "ChallengeResponses": {"USERNAME": "fay", "NEW_PASSWORD": "weak", "userAttributes.name": "Fay"}}),
    );
    assert_eq!(t, "InvalidPasswordException");
    let (t, _) = m.fail(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": m.client, "Session": session,
               "ChallengeResponses": {"USERNAME": "fay", "NEW_PASSWORD": "N3w-Passw0rd"}}),
    );
    assert_eq!(t, "InvalidParameterException");
    let r = m.ok(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": m.client, "Session": session,
               "ChallengeResponses": {"USERNAME": "fay", "NEW_PASSWORD": "N3w-Passw0rd", "userAttributes.name": "Fay"}}),
    );
    assert!(r["AuthenticationResult"]["AccessToken"].is_string());
    let id = Mock::claims(r["AuthenticationResult"]["IdToken"].as_str().unwrap());
    assert_eq!(id["name"], "Fay");
    let u = m.ok(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": "fay"}),
    );
    assert_eq!(u["UserStatus"], "CONFIRMED");
    assert_eq!(m.srp_sign_in("fay", "N3w-Passw0rd").status, 200);
    assert_eq!(m.password_auth("fay", "Temp0rary!").status, 400);
}

#[test]
fn sessions_are_single_use_bound_and_expire() {
    let m = Mock::new();
    let other_client = m.ok(
        "CreateUserPoolClient",
        json!({"UserPoolId": m.pool, "ClientName": "other", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"]}),
    )["UserPoolClient"]["ClientId"]
        .clone();
    let new_session = |name: &str| -> String {
        m.ok(
            "AdminCreateUser",
            json!({"UserPoolId": m.pool, "Username": name, "TemporaryPassword": "Temp0rary!", "MessageAction": "SUPPRESS"}),
        );
        m.password_auth(name, "Temp0rary!").body["Session"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let answer = |client: &serde_json::Value, session: &str, user: &str| {
        m.call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": client, "Session": session,
                   "ChallengeResponses": {"USERNAME": user, "NEW_PASSWORD": "N3w-Passw0rd"}}),
        )
    };
    let mine = json!(m.client);
    // Bound to the client.
    let s = new_session("gus");
    let a = answer(&other_client, &s, "gus");
    assert_eq!(
        (a.error_type(), a.message()),
        ("NotAuthorizedException", "Invalid session for the user.")
    );
    // Bound to the user.
    m.confirmed_user("hal", None);
    assert_eq!(
        answer(&mine, &s, "hal").message(),
        "Invalid session for the user."
    );
    // Single use.
    assert_eq!(answer(&mine, &s, "gus").status, 200);
    let a = answer(&mine, &s, "gus");
    assert_eq!(
        a.message(),
        "Invalid session for the user, session can only be used once."
    );
    // Unknown.
    assert_eq!(
        answer(&mine, "AYABeNotARealSessionValue", "gus").message(),
        "Invalid session for the user."
    );
    // Expires after AuthSessionValidity (3 minutes by default).
    let s = new_session("ida");
    m.svc.clock().advance(181);
    assert_eq!(
        answer(&mine, &s, "ida").message(),
        "Invalid session for the user, session is expired."
    );
    // Still "expired" long after the mock has pruned it (a session carries
    // its own expiry, like Cognito's).
    let s = new_session("ivo");
    m.svc.clock().advance(5 * 3600);
    let _ = m.password_auth("ivo", "Wr0ng!pass"); // a sign-in prunes old state
    assert_eq!(
        answer(&mine, &s, "ivo").message(),
        "Invalid session for the user, session is expired."
    );
}

#[test]
fn srp_answer_is_single_use() {
    use cognito_auth_srp::{OsRandom, PasswordVerifierChallenge, SrpClient};
    let m = Mock::new();
    m.confirmed_user("ike", None);
    let c = SrpClient::new(&mut OsRandom).unwrap();
    let init = m.ok(
        "InitiateAuth",
        json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": m.client, "AuthParameters": {"USERNAME": "ike", "SRP_A": c.srp_a()}}),
    );
    assert!(
        init.get("Session").is_none(),
        "USER_SRP_AUTH answers without a Session"
    );
    let p = &init["ChallengeParameters"];
    let pool_name = m.pool_name();
    let claim = c
        .password_claim(
            &PasswordVerifierChallenge {
                pool_name: &pool_name,
                user_id_for_srp: "ike",
                salt_hex: p["SALT"].as_str().unwrap(),
                srp_b_hex: p["SRP_B"].as_str().unwrap(),
                secret_block_b64: p["SECRET_BLOCK"].as_str().unwrap(),
            },
            PASSWORD,
            &cognito_auth_srp::timestamp::format(m.svc.clock().now_secs()),
        )
        .unwrap();
    let body = json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": m.client,
        "ChallengeResponses": {"USERNAME": "ike", "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
                               "PASSWORD_CLAIM_SIGNATURE": claim.signature, "TIMESTAMP": claim.timestamp}});
    assert_eq!(m.call("RespondToAuthChallenge", body.clone()).status, 200);
    let replay = m.call("RespondToAuthChallenge", body);
    assert_eq!(replay.message(), "Incorrect username or password.");
}

#[test]
fn srp_timestamp_must_be_current() {
    let m = Mock::new();
    m.confirmed_user("jay", None);
    let now = m.svc.clock().now_secs();
    let stale = m.srp_sign_in_with(
        "jay",
        PASSWORD,
        &|| cognito_auth_srp::timestamp::format(now - 3600),
        None,
    );
    assert_eq!(stale.message(), "Incorrect username or password.");
    let garbage = m.srp_sign_in_with("jay", PASSWORD, &|| "yesterday".into(), None);
    assert_eq!(garbage.message(), "Incorrect username or password.");
}

#[test]
fn refresh_token_auth_keeps_the_authentication() {
    let m = Mock::new();
    m.confirmed_user("kai", None);
    let t = m.sign_in("kai");
    let first = Mock::claims(t["AccessToken"].as_str().unwrap());
    m.svc.clock().advance(10);
    for flow in ["REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"] {
        let r = m.ok(
            "InitiateAuth",
            json!({"AuthFlow": flow, "ClientId": m.client, "AuthParameters": {"REFRESH_TOKEN": t["RefreshToken"]}}),
        );
        let res = &r["AuthenticationResult"];
        assert!(
            res.get("RefreshToken").is_none(),
            "no new refresh token: {res}"
        );
        let c = Mock::claims(res["AccessToken"].as_str().unwrap());
        assert_eq!(c["origin_jti"], first["origin_jti"]);
        assert_eq!(c["auth_time"], first["auth_time"]);
        assert_ne!(c["jti"], first["jti"]);
        assert!(c["iat"].as_i64().unwrap() > first["iat"].as_i64().unwrap());
    }
    let (t2, msg) = m.fail(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": m.client, "AuthParameters": {"REFRESH_TOKEN": "garbage"}}),
    );
    assert_eq!(
        (t2.as_str(), msg.as_str()),
        ("NotAuthorizedException", "Invalid Refresh Token")
    );
    m.svc.clock().advance(30 * 86_400);
    let (_, msg) = m.fail(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": m.client, "AuthParameters": {"REFRESH_TOKEN": t["RefreshToken"]}}),
    );
    assert_eq!(msg, "Refresh Token has expired");
}

#[test]
fn get_tokens_from_refresh_token_without_rotation() {
    let m = Mock::new();
    m.confirmed_user("lou", None);
    let t = m.sign_in("lou");
    let r = m.ok(
        "GetTokensFromRefreshToken",
        json!({"ClientId": m.client, "RefreshToken": t["RefreshToken"]}),
    );
    assert!(r["AuthenticationResult"]["AccessToken"].is_string());
    assert!(r["AuthenticationResult"].get("RefreshToken").is_none());
}

#[test]
fn refresh_token_rotation_grace_and_reuse() {
    let m = Mock::toml(
        "[[pools]]\n[[pools.clients]]\nrefreshTokenRotation = true\nretryGracePeriodSeconds = 10\n",
    );
    m.confirmed_user("max", None);
    let t = m.sign_in("max");
    let old = t["RefreshToken"].clone();
    let (e, _) = m.fail(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": m.client, "AuthParameters": {"REFRESH_TOKEN": old}}),
    );
    assert_eq!(
        e, "NotAuthorizedException",
        "rotation clients must use GetTokensFromRefreshToken"
    );
    let r1 = m.ok(
        "GetTokensFromRefreshToken",
        json!({"ClientId": m.client, "RefreshToken": old}),
    );
    let new = r1["AuthenticationResult"]["RefreshToken"].clone();
    assert!(new.is_string());
    assert_ne!(new, old);
    // Within the grace period the old token still works.
    m.svc.clock().advance(5);
    m.ok(
        "GetTokensFromRefreshToken",
        json!({"ClientId": m.client, "RefreshToken": old}),
    );
    // After it, reuse is detected.
    m.svc.clock().advance(10);
    let (e, _) = m.fail(
        "GetTokensFromRefreshToken",
        json!({"ClientId": m.client, "RefreshToken": old}),
    );
    assert_eq!(e, "RefreshTokenReuseException");
}

#[test]
fn refresh_with_client_secret() {
    let secret = "abcdefghijklmnopqrstuvwxyz0123456789";
    let m = Mock::toml(&format!(
        "[[pools]]\n[[pools.clients]]\nsecret = \"{secret}\"\n"
    ));
    m.confirmed_user("ned", None);
    let hash = cognito_auth_srp::secret_hash("ned", &m.client, secret);
    let t = m.ok(
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": m.client,
               "AuthParameters": {"USERNAME": "ned", "PASSWORD": PASSWORD, "SECRET_HASH": hash}}),
    )["AuthenticationResult"]
        .clone();
    let (e, _) = m.fail(
        "GetTokensFromRefreshToken",
        json!({"ClientId": m.client, "RefreshToken": t["RefreshToken"]}),
    );
    assert_eq!(e, "NotAuthorizedException");
    m.ok(
        "GetTokensFromRefreshToken",
        json!({"ClientId": m.client, "RefreshToken": t["RefreshToken"], "ClientSecret": secret}),
    );
    m.ok(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": m.client,
               "AuthParameters": {"REFRESH_TOKEN": t["RefreshToken"], "SECRET_HASH": hash}}),
    );
}
