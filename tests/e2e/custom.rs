//! Custom authentication through the facade: CUSTOM_WITHOUT_SRP and
//! CUSTOM_WITH_SRP against trigger closures registered on the embedded mock
//! (several rounds, a wrong answer, failure, ClientMetadata reaching the
//! triggers), and the mock's built-in custom challenge.
//!
//! The create trigger publishes what it saw (the session history and the
//! client metadata) as public challenge parameters, so the test observes the
//! triggers' inputs through the steps the facade returns.

use cognito_auth::{
    AuthError, AuthFlowType, ChallengeResponse, ConfirmSignInInput, SignInInput, SignInStep,
};
use cognito_auth_e2e::{
    Env, e2e,
    mock_cognito::{MockCognitoBuilder, PoolConfig, Triggers},
};
use serde_json::{Value, json};

use crate::mfa::{PW, assert_signed_in_as, confirm, email_pool, email_user, pending};

fn custom_pool(secret: bool) -> PoolConfig {
    let mut p = email_pool(secret, "OFF", &[]);
    p.users.push(email_user("cody@example.com"));
    p
}

fn history(ev: &Value) -> Vec<Value> {
    ev["request"]["session"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn count(h: &[Value], name: &str, result: bool) -> usize {
    h.iter()
        .filter(|s| s["challengeName"] == name && s["challengeResult"] == result)
        .count()
}

/// Two questions ("what is n + n?"); a wrong answer asks the same round
/// again; two wrong answers fail. With SRP_A first, the password is checked
/// before the questions. The verify trigger counts every answer as wrong when
/// the answer's ClientMetadata says `reject=true`.
fn two_questions() -> Triggers {
    Triggers::new(
        |ev| {
            let h = history(ev);
            let failed_builtin = h
                .iter()
                .any(|s| s["challengeName"] != "CUSTOM_CHALLENGE" && s["challengeResult"] == false);
            let r = if failed_builtin || count(&h, "CUSTOM_CHALLENGE", false) >= 2 {
                json!({"issueTokens": false, "failAuthentication": true})
            } else if h.last().is_some_and(|s| s["challengeName"] == "SRP_A") {
                json!({"challengeName": "PASSWORD_VERIFIER", "issueTokens": false, "failAuthentication": false})
            } else if count(&h, "CUSTOM_CHALLENGE", true) >= 2 {
                json!({"issueTokens": true, "failAuthentication": false})
            } else {
                json!({"challengeName": "CUSTOM_CHALLENGE", "issueTokens": false, "failAuthentication": false})
            };
            Ok(r)
        },
        |ev| {
            let h = history(ev);
            let round = count(&h, "CUSTOM_CHALLENGE", true) + 1;
            let names: Vec<&str> = h
                .iter()
                .filter_map(|s| s["challengeName"].as_str())
                .collect();
            Ok(json!({
                "publicChallengeParameters": {
                    "question": format!("what is {round} + {round}?"),
                    "round": round.to_string(),
                    "history": names.join(","),
                    "metadata": ev["request"]["clientMetadata"].to_string(),
                },
                "privateChallengeParameters": {"answer": (2 * round).to_string()},
                "challengeMetadata": format!("ROUND_{round}"),
            }))
        },
        |ev| {
            let req = &ev["request"];
            let rejected = req["clientMetadata"]["reject"] == "true";
            let right = req["challengeAnswer"] == req["privateChallengeParameters"]["answer"];
            Ok(json!({"answerCorrect": right && !rejected}))
        },
    )
}

fn with_triggers(b: MockCognitoBuilder) -> MockCognitoBuilder {
    b.triggers(two_questions())
}

fn info(step: &SignInStep) -> &std::collections::BTreeMap<String, String> {
    match step {
        SignInStep::ConfirmSignInWithCustomChallenge { additional_info } => additional_info,
        other => panic!("expected a custom challenge, got {other:?}"),
    }
}

fn answer(a: &str) -> ConfirmSignInInput {
    ConfirmSignInInput::new(ChallengeResponse::CustomAnswer(a.into())).client_metadata("app", "e2e")
}

/// CUSTOM_WITHOUT_SRP: two rounds with a wrong answer in between, the
/// challenge parameters on each step, ClientMetadata of the answers reaching
/// create and verify (InitiateAuth's does not reach the challenge triggers,
/// as in Cognito); then a sign-in failed by two wrong answers.
async fn custom_without_srp(env: Env) {
    let auth = env.auth();
    let e = auth
        .sign_in(
            SignInInput::new("cody@example.com", PW).auth_flow_type(AuthFlowType::CustomWithoutSrp),
        )
        .await
        .unwrap_err();
    assert_eq!(e.name(), "CustomAuthSignInPassword");
    let out = auth
        .sign_in(
            SignInInput::without_password("cody@example.com")
                .auth_flow_type(AuthFlowType::CustomWithoutSrp)
                .client_metadata("app", "from-sign-in"),
        )
        .await
        .unwrap();
    let i = info(&out.next_step);
    assert_eq!(i["question"], "what is 1 + 1?");
    assert_eq!(i["history"], "");
    assert_eq!(
        i["metadata"], "null",
        "InitiateAuth's ClientMetadata reached CreateAuthChallenge"
    );
    assert!(
        !i["USERNAME"].contains('@'),
        "USERNAME is the internal name"
    );

    let e = confirm(&auth, "").await.unwrap_err();
    assert_eq!(e.name(), "EmptyChallengeResponse");
    let out = auth.confirm_sign_in(answer("2")).await.unwrap();
    let i = info(&out.next_step);
    assert_eq!(
        (i["round"].as_str(), i["history"].as_str()),
        ("2", "CUSTOM_CHALLENGE")
    );
    assert_eq!(i["metadata"], r#"{"app":"e2e"}"#);
    // A wrong answer: the same round again.
    let out = auth.confirm_sign_in(answer("5")).await.unwrap();
    let i = info(&out.next_step);
    assert_eq!(i["round"], "2");
    assert_eq!(i["history"], "CUSTOM_CHALLENGE,CUSTOM_CHALLENGE");
    let out = auth.confirm_sign_in(answer("4")).await.unwrap();
    assert_signed_in_as(&auth, &out, "cody@example.com").await;
    let details = auth
        .get_current_user()
        .await
        .unwrap()
        .sign_in_details
        .unwrap();
    assert_eq!(details.auth_flow_type, AuthFlowType::CustomWithoutSrp);

    // The right answer, but the verify trigger is told to reject it through
    // ClientMetadata; a second wrong answer fails the sign-in.
    let auth = env.auth();
    auth.sign_in(
        SignInInput::without_password("cody@example.com")
            .auth_flow_type(AuthFlowType::CustomWithoutSrp),
    )
    .await
    .unwrap();
    let out = auth
        .confirm_sign_in(answer("2").client_metadata("reject", "true"))
        .await
        .unwrap();
    assert_eq!(info(&out.next_step)["round"], "1");
    let e = auth.confirm_sign_in(answer("nope")).await.unwrap_err();
    assert_eq!(e.name(), "NotAuthorizedException", "{e}");
    assert!(auth.stored_tokens().is_none());
    // Cognito ended that session; answering again says so.
    let e = auth.confirm_sign_in(answer("2")).await.unwrap_err();
    assert!(matches!(e, AuthError::SignInExpired), "{e}");
}
e2e!(
    custom_without_srp,
    custom_without_srp,
    custom_pool,
    with_triggers
);

/// CUSTOM_WITH_SRP: SRP_A and PASSWORD_VERIFIER pass first (the triggers see
/// both in the history, and the sign-in's ClientMetadata, sent with the
/// verifier answer), then the questions; a wrong password fails.
async fn custom_with_srp(env: Env) {
    let auth = env.auth();
    let out = auth
        .sign_in(
            SignInInput::new("cody@example.com", PW)
                .auth_flow_type(AuthFlowType::CustomWithSrp)
                .client_metadata("app", "with-srp"),
        )
        .await
        .unwrap();
    let i = info(&out.next_step);
    assert_eq!(i["history"], "SRP_A,PASSWORD_VERIFIER");
    assert_eq!(i["metadata"], r#"{"app":"with-srp"}"#);
    let out = auth.confirm_sign_in(answer("2")).await.unwrap();
    assert_eq!(
        info(&out.next_step)["history"],
        "SRP_A,PASSWORD_VERIFIER,CUSTOM_CHALLENGE"
    );
    let out = auth.confirm_sign_in(answer("4")).await.unwrap();
    assert_signed_in_as(&auth, &out, "cody@example.com").await;

    let e = env
        .auth()
        .sign_in(
            SignInInput::new("cody@example.com", "wrong-Passw0rd!")
                .auth_flow_type(AuthFlowType::CustomWithSrp),
        )
        .await
        .unwrap_err();
    assert_eq!(e.name(), "NotAuthorizedException", "{e}");
}
e2e!(custom_with_srp, custom_with_srp, custom_pool, with_triggers);

/// Without registered triggers, a configured pool has the mock's built-in
/// custom challenge: a code delivered to the user.
async fn builtin_custom_challenge(env: Env) {
    let auth = env.auth();
    let out = auth
        .sign_in(
            SignInInput::without_password("cody@example.com")
                .auth_flow_type(AuthFlowType::CustomWithoutSrp),
        )
        .await
        .unwrap();
    let i = info(&out.next_step);
    assert_eq!(i["CODE_DELIVERY_DELIVERY_MEDIUM"], "EMAIL");
    assert_eq!(i["CODE_DELIVERY_DESTINATION"], "c***@e***");
    let sent = env.mock.codes_for("cody@example.com");
    assert_eq!(sent.last().unwrap().purpose, "CUSTOM_CHALLENGE");
    let out = confirm(&auth, "000000000").await.unwrap();
    assert_eq!(
        pending(&auth),
        Some("CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE")
    );
    assert!(!out.is_signed_in);
    let out = confirm(&auth, env.code("cody@example.com")).await.unwrap();
    assert_signed_in_as(&auth, &out, "cody@example.com").await;
    assert!(matches!(
        confirm(&auth, "x").await.unwrap_err(),
        AuthError::NoSignInInProgress
    ));
}
e2e!(
    builtin_custom_challenge,
    builtin_custom_challenge,
    custom_pool
);
