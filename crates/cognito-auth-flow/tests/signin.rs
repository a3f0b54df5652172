#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Table tests of the sign-in machine: every flow, every challenge, the
//! synthetic transitions, SECRET_HASH placement and the error paths. Answers
//! are shaped like real Cognito captures (cognito-wire-spec §3, §8); SRP
//! proofs are checked by the real server half.

mod common;

use cognito_auth_flow::signin::{FlowResponse, PendingSignIn, Transition, start_sign_in};
use cognito_auth_flow::wire::{
    AssociateSoftwareTokenResponse, FlowRequest, Idempotency, VerifySoftwareTokenResponse,
};
use cognito_auth_flow::{
    AuthFactorType, AuthFlowType, ChallengeResponse, ConfirmSignInInput, FlowError, MfaType,
    ProtocolError, SignInInput, SignInStep, Unsupported, ValidationError,
};
use cognito_auth_proto::{ErrorKind, Sensitive};
use common::*;
use serde_json::{Value, json};

fn answer(p: &PendingSignIn, input: impl Into<ChallengeResponse>) -> Result<Transition, FlowError> {
    p.answer(&cfg(), &ConfirmSignInInput::new(input), NOW, &mut Rng(1))
}

/// Runs a default SRP sign-in up to the point after the verifier, returning
/// the transition the verifier answer produces.
fn srp_then(cfg: &cognito_auth_flow::PoolConfig, input: &SignInInput, next: Value) -> Transition {
    let srp = FakeSrp::new(CANONICAL, PASSWORD);
    let (e, req) = start_sign_in(cfg, input, None, &mut Rng(3)).unwrap();
    let b = body(&req);
    let a = b["AuthParameters"]["SRP_A"].as_str().unwrap().to_owned();
    let (e, req) = send(reply(e, cfg, srp.challenge(None), NOW, &mut Rng(4)).unwrap());
    let b = body(&req);
    srp.verify(&a, &b["ChallengeResponses"]).unwrap();
    reply(e, cfg, next, NOW, &mut Rng(5)).unwrap()
}

#[test]
fn srp_default_flow_signs_in_with_a_proof_the_server_accepts() {
    let srp = FakeSrp::new(CANONICAL, PASSWORD);
    let input = SignInInput::new("alice@example.com", PASSWORD);
    let (e, req) = start_sign_in(&cfg(), &input, None, &mut Rng(9)).unwrap();
    assert_eq!(req.idempotency(), Idempotency::Idempotent);
    let b = body(&req);
    assert_eq!(b["AuthFlow"], "USER_SRP_AUTH");
    assert_eq!(b["ClientId"], CLIENT);
    assert_eq!(b["AuthParameters"]["USERNAME"], "alice@example.com");
    let a = b["AuthParameters"]["SRP_A"].as_str().unwrap().to_owned();
    assert!(
        a.len() > 700
            && a.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert!(b.get("Session").is_none() && b["AuthParameters"].get("SECRET_HASH").is_none());

    let (e, req) = send(reply(e, &cfg(), srp.challenge(None), NOW, &mut Rng(1)).unwrap());
    assert_eq!(req.idempotency(), Idempotency::SingleUse);
    let b = body(&req);
    assert_eq!(b["ChallengeName"], "PASSWORD_VERIFIER");
    assert!(
        b.get("Session").is_none(),
        "USER_SRP_AUTH's verifier has no session"
    );
    assert_eq!(
        b["ChallengeResponses"]["TIMESTAMP"],
        "Tue Jan 2 15:04:05 UTC 2024"
    );
    srp.verify(&a, &b["ChallengeResponses"]).unwrap();

    let s = signed_in(reply(e, &cfg(), tokens_json(), NOW, &mut Rng(1)).unwrap());
    assert_eq!(s.username, CANONICAL);
    assert_eq!(s.details.login_id, "alice@example.com");
    assert_eq!(s.details.auth_flow_type, AuthFlowType::UserSrpAuth);
    assert_eq!(s.tokens.expires_in, Some(3600));
    assert_eq!(
        s.tokens.access_claims().unwrap().sub.as_deref(),
        Some(CANONICAL)
    );
}

#[test]
fn wrong_password_proof_is_rejected_by_the_server_half() {
    let srp = FakeSrp::new(CANONICAL, PASSWORD);
    let input = SignInInput::new("alice", "not-the-password");
    let (e, req) = start_sign_in(&cfg(), &input, None, &mut Rng(9)).unwrap();
    let a = body(&req)["AuthParameters"]["SRP_A"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, req) = send(reply(e, &cfg(), srp.challenge(None), NOW, &mut Rng(1)).unwrap());
    assert!(srp.verify(&a, &body(&req)["ChallengeResponses"]).is_err());
}

#[test]
fn secret_hash_uses_typed_name_first_then_the_canonical_name() {
    let srp = FakeSrp::new(CANONICAL, PASSWORD);
    let c = cfg_secret();
    let input = SignInInput::new("alice@example.com", PASSWORD);
    let (e, req) = start_sign_in(&c, &input, None, &mut Rng(9)).unwrap();
    let b = body(&req);
    assert_eq!(
        b["AuthParameters"]["SECRET_HASH"],
        hash("alice@example.com")
    );
    let a = b["AuthParameters"]["SRP_A"].as_str().unwrap().to_owned();
    let (e, req) = send(reply(e, &c, srp.challenge(None), NOW, &mut Rng(1)).unwrap());
    let b = body(&req);
    assert_eq!(b["ChallengeResponses"]["SECRET_HASH"], hash(CANONICAL));
    srp.verify(&a, &b["ChallengeResponses"]).unwrap();
    // The MFA answer that follows is hashed over the canonical name too.
    let p = user(
        reply(
            e,
            &c,
            json!({"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": "sess-mfa-0123456789",
                "ChallengeParameters": {"USERNAME": CANONICAL}}),
            NOW,
            &mut Rng(1),
        )
        .unwrap(),
    );
    let (_, req) = send(
        p.answer(&c, &ConfirmSignInInput::new("123456"), NOW, &mut Rng(1))
            .unwrap(),
    );
    let b = body(&req);
    assert_eq!(b["ChallengeResponses"]["USERNAME"], CANONICAL);
    assert_eq!(b["ChallengeResponses"]["SECRET_HASH"], hash(CANONICAL));
    assert_eq!(b["ChallengeResponses"]["SOFTWARE_TOKEN_MFA_CODE"], "123456");
    assert_eq!(b["Session"], "sess-mfa-0123456789");
}

#[test]
fn user_password_auth_then_sms_mfa() {
    let input = SignInInput::new("alice", PASSWORD).auth_flow_type(AuthFlowType::UserPasswordAuth);
    let (e, req) = start_sign_in(&cfg_secret(), &input, None, &mut Rng(1)).unwrap();
    let b = body(&req);
    assert_eq!(b["AuthFlow"], "USER_PASSWORD_AUTH");
    assert_eq!(b["AuthParameters"]["PASSWORD"], PASSWORD);
    assert_eq!(b["AuthParameters"]["SECRET_HASH"], hash("alice"));
    assert!(
        !format!("{req:?}").contains(PASSWORD),
        "Debug leaks the password"
    );
    let p = user(
        reply(
            e,
            &cfg_secret(),
            json!({"ChallengeName": "SMS_MFA", "Session": "s1-0123456789abcdefghij",
                "ChallengeParameters": {"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS",
                    "CODE_DELIVERY_DESTINATION": "+*******8901", "USER_ID_FOR_SRP": CANONICAL}}),
            NOW,
            &mut Rng(1),
        )
        .unwrap(),
    );
    assert_eq!(p.step().as_str(), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    let d = p.step().code_delivery_details().unwrap();
    assert_eq!(d.destination.as_deref(), Some("+*******8901"));
    assert_eq!(d.delivery_medium.as_ref().map(|m| m.as_str()), Some("SMS"));
    assert_eq!(
        p.username(),
        CANONICAL,
        "USER_ID_FOR_SRP is the fallback canonical name"
    );
    let (e, req) = send(
        p.answer(
            &cfg_secret(),
            &ConfirmSignInInput::new(ChallengeResponse::Code("654321".into())),
            NOW,
            &mut Rng(1),
        )
        .unwrap(),
    );
    let b = body(&req);
    assert_eq!(b["ChallengeName"], "SMS_MFA");
    assert_eq!(b["ChallengeResponses"]["SMS_MFA_CODE"], "654321");
    assert_eq!(b["ChallengeResponses"]["USERNAME"], CANONICAL);
    assert_eq!(b["ChallengeResponses"]["SECRET_HASH"], hash(CANONICAL));
    signed_in(reply(e, &cfg_secret(), tokens_json(), NOW, &mut Rng(1)).unwrap());
}

#[test]
fn custom_with_srp_then_two_custom_challenges() {
    let input = SignInInput::new("alice", PASSWORD).auth_flow_type(AuthFlowType::CustomWithSrp);
    let (_, req) = start_sign_in(&cfg(), &input, None, &mut Rng(1)).unwrap();
    let b = body(&req);
    assert_eq!(b["AuthFlow"], "CUSTOM_AUTH");
    assert_eq!(b["AuthParameters"]["CHALLENGE_NAME"], "SRP_A");
    assert!(b["AuthParameters"]["SRP_A"].is_string());

    let custom = |q: &str| {
        json!({"ChallengeName": "CUSTOM_CHALLENGE", "Session": format!("sess-{q}-0123456789abcdef"),
            "ChallengeParameters": {"USERNAME": CANONICAL, "question": q}})
    };
    let p = user(srp_then(&cfg(), &input, custom("2+2")));
    match p.step() {
        SignInStep::ConfirmSignInWithCustomChallenge { additional_info } => {
            assert_eq!(
                additional_info.get("question").map(String::as_str),
                Some("2+2")
            );
        }
        other => panic!("{other:?}"),
    }
    let (e, req) = send(answer(&p, "4").unwrap());
    let b = body(&req);
    assert_eq!(b["ChallengeName"], "CUSTOM_CHALLENGE");
    assert_eq!(b["ChallengeResponses"]["ANSWER"], "4");
    assert_eq!(b["Session"], "sess-2+2-0123456789abcdef");
    let p = user(reply(e, &cfg(), custom("3+3"), NOW, &mut Rng(1)).unwrap());
    let (e, req) = send(answer(&p, ChallengeResponse::CustomAnswer("6".into())).unwrap());
    assert_eq!(body(&req)["Session"], "sess-3+3-0123456789abcdef");
    signed_in(reply(e, &cfg(), tokens_json(), NOW, &mut Rng(1)).unwrap());
}

#[test]
fn custom_with_srp_that_goes_straight_to_a_custom_challenge_is_mapped() {
    let input = SignInInput::new("alice", PASSWORD).auth_flow_type(AuthFlowType::CustomWithSrp);
    let (e, _) = start_sign_in(&cfg(), &input, None, &mut Rng(1)).unwrap();
    let p = user(
        reply(
            e,
            &cfg(),
            json!({"ChallengeName": "CUSTOM_CHALLENGE", "Session": "s-0123456789abcdefghij",
                "ChallengeParameters": {"USERNAME": "alice"}}),
            NOW,
            &mut Rng(1),
        )
        .unwrap(),
    );
    assert_eq!(p.step().as_str(), "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE");
}

#[test]
fn custom_without_srp_takes_no_password() {
    let bad = SignInInput::new("alice", "pw").auth_flow_type(AuthFlowType::CustomWithoutSrp);
    assert_eq!(
        start_sign_in(&cfg(), &bad, None, &mut Rng(1)).unwrap_err(),
        FlowError::Validation(ValidationError::CustomAuthSignInPassword)
    );
    let ok = SignInInput::without_password("alice")
        .auth_flow_type(AuthFlowType::CustomWithoutSrp)
        .client_metadata("k", "v");
    let (_, req) = start_sign_in(&cfg_secret(), &ok, None, &mut Rng(1)).unwrap();
    let b = body(&req);
    assert_eq!(b["AuthFlow"], "CUSTOM_AUTH");
    assert_eq!(
        b["AuthParameters"],
        json!({"USERNAME": "alice", "SECRET_HASH": hash("alice")})
    );
    assert_eq!(b["ClientMetadata"], json!({"k": "v"}));
}

fn select_challenge(available: &[&str]) -> Value {
    json!({"ChallengeName": "SELECT_CHALLENGE", "Session": "sel-0123456789abcdefghij",
        "ChallengeParameters": {}, "AvailableChallenges": available})
}

fn start_user_auth() -> PendingSignIn {
    let input =
        SignInInput::without_password("alice@example.com").auth_flow_type(AuthFlowType::UserAuth);
    let (e, req) = start_sign_in(&cfg(), &input, None, &mut Rng(1)).unwrap();
    let b = body(&req);
    assert_eq!(b["AuthFlow"], "USER_AUTH");
    assert_eq!(
        b["AuthParameters"],
        json!({"USERNAME": "alice@example.com"})
    );
    user(
        reply(
            e,
            &cfg(),
            select_challenge(&["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]),
            NOW,
            &mut Rng(1),
        )
        .unwrap(),
    )
}

#[test]
fn user_auth_first_factor_selection_then_email_otp() {
    let p = start_user_auth();
    assert_eq!(
        p.step(),
        &SignInStep::ContinueSignInWithFirstFactorSelection {
            available_challenges: vec![
                AuthFactorType::Password,
                AuthFactorType::PasswordSrp,
                AuthFactorType::EmailOtp
            ]
        }
    );
    let (e, req) = send(answer(&p, AuthFactorType::EmailOtp).unwrap());
    let b = body(&req);
    assert_eq!(b["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(
        b["ChallengeResponses"],
        json!({"USERNAME": "alice@example.com", "ANSWER": "EMAIL_OTP"})
    );
    let p = user(
        reply(
            e,
            &cfg(),
            json!({"ChallengeName": "EMAIL_OTP", "Session": "otp-0123456789abcdefghij",
                "ChallengeParameters": {"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL",
                    "CODE_DELIVERY_DESTINATION": "a***@e***"}}),
            NOW,
            &mut Rng(1),
        )
        .unwrap(),
    );
    assert_eq!(p.step().as_str(), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    let (e, req) = send(answer(&p, "123456").unwrap());
    assert_eq!(body(&req)["ChallengeResponses"]["EMAIL_OTP_CODE"], "123456");
    signed_in(reply(e, &cfg(), tokens_json(), NOW, &mut Rng(1)).unwrap());
}

#[test]
fn choosing_password_is_a_local_transition_then_select_challenge_with_password() {
    let p = start_user_auth();
    let p = user(answer(&p, "PASSWORD").unwrap());
    assert_eq!(p.step(), &SignInStep::ConfirmSignInWithPassword);
    let (e, req) = send(answer(&p, ChallengeResponse::Password(PASSWORD.into())).unwrap());
    let b = body(&req);
    assert_eq!(b["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(b["Session"], "sel-0123456789abcdefghij");
    assert_eq!(b["ChallengeResponses"]["ANSWER"], "PASSWORD");
    assert_eq!(b["ChallengeResponses"]["PASSWORD"], PASSWORD);
    signed_in(reply(e, &cfg(), tokens_json(), NOW, &mut Rng(1)).unwrap());
}

#[test]
fn choosing_password_srp_runs_srp_inside_select_challenge() {
    let srp = FakeSrp::new(CANONICAL, PASSWORD);
    let p = start_user_auth();
    let p = user(answer(&p, AuthFactorType::PasswordSrp).unwrap());
    let (e, req) = send(answer(&p, PASSWORD).unwrap());
    let b = body(&req);
    assert_eq!(b["ChallengeResponses"]["ANSWER"], "PASSWORD_SRP");
    let a = b["ChallengeResponses"]["SRP_A"]
        .as_str()
        .unwrap()
        .to_owned();
    let (e, req) = send(
        reply(
            e,
            &cfg(),
            srp.challenge(Some("pv-0123456789abcdefghij")),
            NOW,
            &mut Rng(1),
        )
        .unwrap(),
    );
    let b = body(&req);
    assert_eq!(b["Session"], "pv-0123456789abcdefghij");
    srp.verify(&a, &b["ChallengeResponses"]).unwrap();
    signed_in(reply(e, &cfg(), tokens_json(), NOW, &mut Rng(1)).unwrap());
}

#[test]
fn first_factor_not_offered_and_webauthn_are_refused() {
    let input = SignInInput::without_password("a").auth_flow_type(AuthFlowType::UserAuth);
    let (e, _) = start_sign_in(&cfg(), &input, None, &mut Rng(1)).unwrap();
    let p = user(
        reply(
            e,
            &cfg(),
            select_challenge(&["EMAIL_OTP", "WEB_AUTHN"]),
            NOW,
            &mut Rng(1),
        )
        .unwrap(),
    );
    assert!(matches!(
        answer(&p, "SMS_OTP").unwrap_err(),
        FlowError::Validation(ValidationError::FactorNotOffered { .. })
    ));
    assert_eq!(
        answer(&p, AuthFactorType::WebAuthn).unwrap_err(),
        FlowError::Unsupported(Unsupported::WebAuthn)
    );
}

#[test]
fn user_auth_preferred_challenges_build_the_right_initiate_auth() {
    let session = Some(Sensitive::new("confirm-signup-session-0123456789"));
    let cases: Vec<(Option<AuthFactorType>, Option<&str>, Value, bool)> = vec![
        (None, None, json!({"USERNAME": "bob"}), true),
        (
            Some(AuthFactorType::Password),
            Some(PASSWORD),
            json!({"USERNAME": "bob", "PASSWORD": PASSWORD, "PREFERRED_CHALLENGE": "PASSWORD"}),
            true,
        ),
        (
            Some(AuthFactorType::EmailOtp),
            None,
            json!({"USERNAME": "bob", "PREFERRED_CHALLENGE": "EMAIL_OTP"}),
            true,
        ),
        (
            Some(AuthFactorType::SmsOtp),
            None,
            json!({"USERNAME": "bob", "PREFERRED_CHALLENGE": "SMS_OTP"}),
            true,
        ),
    ];
    for (pref, pw, params, with_session) in cases {
        let mut input = match pw {
            Some(pw) => SignInInput::new("bob", pw),
            None => SignInInput::without_password("bob"),
        };
        if let Some(f) = pref.clone() {
            input = input.preferred_challenge(f);
        }
        input = input.auth_flow_type(AuthFlowType::UserAuth);
        let (_, req) = start_sign_in(&cfg(), &input, session.clone(), &mut Rng(1)).unwrap();
        let b = body(&req);
        assert_eq!(b["AuthFlow"], "USER_AUTH", "{pref:?}");
        assert_eq!(b["AuthParameters"], params, "{pref:?}");
        assert_eq!(b.get("Session").is_some(), with_session, "{pref:?}");
    }
    // PASSWORD_SRP never sends the session and carries SRP_A.
    let input = SignInInput::new("bob", PASSWORD).preferred_challenge(AuthFactorType::PasswordSrp);
    let (_, req) = start_sign_in(&cfg(), &input, session, &mut Rng(1)).unwrap();
    let b = body(&req);
    assert_eq!(
        b["AuthFlow"], "USER_AUTH",
        "preferred challenge implies USER_AUTH"
    );
    assert_eq!(b["AuthParameters"]["PREFERRED_CHALLENGE"], "PASSWORD_SRP");
    assert!(b["AuthParameters"]["SRP_A"].is_string() && b.get("Session").is_none());
    // Asking for a code makes InitiateAuth single-use (a retry would send a second code).
    let input = SignInInput::without_password("bob").preferred_challenge(AuthFactorType::EmailOtp);
    let (_, req) = start_sign_in(&cfg(), &input, None, &mut Rng(1)).unwrap();
    assert_eq!(req.idempotency(), Idempotency::SingleUse);
}

#[test]
fn user_auth_sms_otp_answer_uses_sms_otp_code() {
    let input = SignInInput::without_password("bob").preferred_challenge(AuthFactorType::SmsOtp);
    let (e, _) = start_sign_in(&cfg(), &input, None, &mut Rng(1)).unwrap();
    let p = user(
        reply(
            e,
            &cfg(),
            json!({"ChallengeName": "SMS_OTP", "Session": "s-0123456789abcdefghij",
                "ChallengeParameters": {"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS",
                    "CODE_DELIVERY_DESTINATION": "+*******1234"}}),
            NOW,
            &mut Rng(1),
        )
        .unwrap(),
    );
    assert_eq!(p.step().as_str(), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    let (_, req) = send(answer(&p, "111222").unwrap());
    let b = body(&req);
    assert_eq!(b["ChallengeName"], "SMS_OTP");
    assert_eq!(b["ChallengeResponses"]["SMS_OTP_CODE"], "111222");
}

#[test]
fn unsupported_features_are_typed_errors() {
    let input = SignInInput::without_password("bob").preferred_challenge(AuthFactorType::WebAuthn);
    assert_eq!(
        start_sign_in(&cfg(), &input, None, &mut Rng(1)).unwrap_err(),
        FlowError::Unsupported(Unsupported::WebAuthn)
    );
    let input = SignInInput::new("bob", PASSWORD).auth_flow_type(AuthFlowType::UserPasswordAuth);
    let (e, _) = start_sign_in(&cfg(), &input, None, &mut Rng(1)).unwrap();
    let err = reply(
        e,
        &cfg(),
        json!({"ChallengeName": "WEB_AUTHN", "Session": "s-0123456789abcdefghij", "ChallengeParameters": {}}),
        NOW,
        &mut Rng(1),
    )
    .unwrap_err();
    assert_eq!(err, FlowError::Unsupported(Unsupported::WebAuthn));
}

#[test]
fn device_challenges_without_a_remembered_device_are_protocol_errors() {
    for challenge in ["DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"] {
        let input =
            SignInInput::new("bob", PASSWORD).auth_flow_type(AuthFlowType::UserPasswordAuth);
        let (e, _) = start_sign_in(&cfg(), &input, None, &mut Rng(1)).unwrap();
        let err = reply(
            e,
            &cfg(),
            json!({"ChallengeName": challenge, "Session": "s-0123456789abcdefghij", "ChallengeParameters": {}}),
            NOW,
            &mut Rng(1),
        )
        .unwrap_err();
        assert_eq!(
            err,
            FlowError::Protocol(ProtocolError::UnexpectedChallenge {
                got: challenge.into()
            }),
            "{challenge}"
        );
    }
}

fn after_password(challenge: Value) -> Result<Transition, FlowError> {
    let input = SignInInput::new("alice", PASSWORD).auth_flow_type(AuthFlowType::UserPasswordAuth);
    let (e, _) = start_sign_in(&cfg(), &input, None, &mut Rng(1)).unwrap();
    reply(e, &cfg(), challenge, NOW, &mut Rng(1))
}

#[test]
fn every_challenge_maps_to_its_step() {
    let c = |name: &str, params: Value| {
        json!({"ChallengeName": name, "Session": "s-0123456789abcdefghij",
            "ChallengeParameters": params})
    };
    let table: Vec<(Value, &str)> = vec![
        (c("SMS_MFA", json!({})), "CONFIRM_SIGN_IN_WITH_SMS_CODE"),
        (c("SMS_OTP", json!({})), "CONFIRM_SIGN_IN_WITH_SMS_CODE"),
        (c("EMAIL_OTP", json!({})), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE"),
        (
            c("SOFTWARE_TOKEN_MFA", json!({})),
            "CONFIRM_SIGN_IN_WITH_TOTP_CODE",
        ),
        (
            c(
                "SELECT_MFA_TYPE",
                json!({"MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"}),
            ),
            "CONTINUE_SIGN_IN_WITH_MFA_SELECTION",
        ),
        (
            c(
                "MFA_SETUP",
                json!({"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]"}),
            ),
            "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION",
        ),
        (
            c("MFA_SETUP", json!({"MFAS_CAN_SETUP": "[\"EMAIL_OTP\"]"})),
            "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP",
        ),
        (
            c("CUSTOM_CHALLENGE", json!({"x": "y"})),
            "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE",
        ),
        (
            c(
                "NEW_PASSWORD_REQUIRED",
                json!({"requiredAttributes": "[]", "userAttributes": "{}"}),
            ),
            "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED",
        ),
        (
            c("SELECT_CHALLENGE", json!({})),
            "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION",
        ),
        (c("PASSWORD", json!({})), "CONFIRM_SIGN_IN_WITH_PASSWORD"),
        (
            c("PASSWORD_SRP", json!({})),
            "CONFIRM_SIGN_IN_WITH_PASSWORD",
        ),
    ];
    for (challenge, step) in table {
        let p = user(after_password(challenge.clone()).unwrap());
        assert_eq!(p.step().as_str(), step, "{challenge}");
    }
    // MFA_SETUP offering only TOTP goes straight to AssociateSoftwareToken.
    let (_, req) = send(
        after_password(c(
            "MFA_SETUP",
            json!({"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]"}),
        ))
        .unwrap(),
    );
    assert!(matches!(req, FlowRequest::AssociateSoftwareToken(_)));
    // Errors that are steps.
    for (kind, step) in [
        (ErrorKind::UserNotConfirmed, SignInStep::ConfirmSignUp),
        (ErrorKind::PasswordResetRequired, SignInStep::ResetPassword),
    ] {
        let input = SignInInput::new("alice", PASSWORD);
        let (e, _) = start_sign_in(&cfg(), &input, None, &mut Rng(1)).unwrap();
        match e
            .handle(&cfg(), svc(kind.clone(), "m"), NOW, &mut Rng(1))
            .unwrap()
        {
            Transition::Finished(s) => assert_eq!(s, step),
            other => panic!("{other:?}"),
        }
    }
    let input = SignInInput::new("alice", PASSWORD);
    let (e, _) = start_sign_in(&cfg(), &input, None, &mut Rng(1)).unwrap();
    let err = e
        .handle(
            &cfg(),
            svc(ErrorKind::NotAuthorized, "Incorrect username or password."),
            NOW,
            &mut Rng(1),
        )
        .unwrap_err();
    match err {
        FlowError::Service(s) => assert_eq!(s.message, "Incorrect username or password."),
        other => panic!("{other:?}"),
    }
}

#[test]
fn select_mfa_type_validates_and_answers_with_cognito_names() {
    let p = user(
        after_password(
            json!({"ChallengeName": "SELECT_MFA_TYPE", "Session": "s-0123456789abcdefghij",
            "ChallengeParameters": {"MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"}}),
        )
        .unwrap(),
    );
    assert_eq!(
        p.step(),
        &SignInStep::ContinueSignInWithMfaSelection {
            allowed_mfa_types: vec![MfaType::Sms, MfaType::Totp]
        }
    );
    for bad in ["EMAIL", "sms", "FOO"] {
        match answer(&p, bad).unwrap_err() {
            FlowError::Validation(e) => assert_eq!(e.name(), "IncorrectMFAMethod", "{bad}"),
            other => panic!("{other:?}"),
        }
    }
    for (choice, wire) in [
        (MfaType::Totp, "SOFTWARE_TOKEN_MFA"),
        (MfaType::Sms, "SMS_MFA"),
    ] {
        let (_, req) = send(answer(&p, choice).unwrap());
        let b = body(&req);
        assert_eq!(b["ChallengeName"], "SELECT_MFA_TYPE");
        assert_eq!(b["ChallengeResponses"]["ANSWER"], wire);
    }
}

#[test]
fn totp_setup_associates_verifies_then_answers_mfa_setup() {
    let (e, req) = send(
        after_password(json!({"ChallengeName": "MFA_SETUP", "Session": "setup-0-0123456789abcdef",
            "ChallengeParameters": {"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]", "USERNAME": CANONICAL}}))
        .unwrap(),
    );
    assert_eq!(body(&req), json!({"Session": "setup-0-0123456789abcdef"}));
    let p = user(
        e.handle(
            &cfg(),
            Ok(FlowResponse::AssociateSoftwareToken(
                AssociateSoftwareTokenResponse {
                    secret_code: Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".into()),
                    session: Some("setup-1-0123456789abcdef".into()),
                },
            )),
            NOW,
            &mut Rng(1),
        )
        .unwrap(),
    );
    let SignInStep::ContinueSignInWithTotpSetup { totp_setup_details } = p.step().clone() else {
        panic!("{:?}", p.step())
    };
    assert_eq!(
        totp_setup_details.setup_uri("My App", None),
        format!(
            "otpauth://totp/My%20App:{CANONICAL}?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=My%20App"
        )
    );
    assert!(
        !format!("{p:?} {totp_setup_details:?}").contains("JBSWY3DP"),
        "secret in Debug"
    );
    let input = ConfirmSignInInput::new("123456").friendly_device_name("phone");
    let t = p.answer(&cfg(), &input, NOW, &mut Rng(1)).unwrap();
    let (e, req) = send(t);
    assert_eq!(
        body(&req),
        json!({"Session": "setup-1-0123456789abcdef", "UserCode": "123456", "FriendlyDeviceName": "phone"})
    );
    let (e, req) = send(
        e.handle(
            &cfg(),
            Ok(FlowResponse::VerifySoftwareToken(
                VerifySoftwareTokenResponse {
                    status: Some("SUCCESS".into()),
                    session: Some("setup-2-0123456789abcdef".into()),
                },
            )),
            NOW,
            &mut Rng(1),
        )
        .unwrap(),
    );
    let b = body(&req);
    assert_eq!(b["ChallengeName"], "MFA_SETUP");
    assert_eq!(b["Session"], "setup-2-0123456789abcdef");
    assert_eq!(b["ChallengeResponses"], json!({"USERNAME": CANONICAL}));
    signed_in(reply(e, &cfg(), tokens_json(), NOW, &mut Rng(1)).unwrap());

    // A code Cognito's verifier rejects with status ERROR is an error, and the
    // pending state can be answered again.
    let (e, _) = send(p.answer(&cfg(), &input, NOW, &mut Rng(1)).unwrap());
    let err = e
        .handle(
            &cfg(),
            Ok(FlowResponse::VerifySoftwareToken(
                VerifySoftwareTokenResponse {
                    status: Some("ERROR".into()),
                    session: None,
                },
            )),
            NOW,
            &mut Rng(1),
        )
        .unwrap_err();
    assert_eq!(
        err,
        FlowError::Protocol(ProtocolError::TotpVerificationFailed)
    );
}

#[test]
fn mfa_setup_selection_email_is_local_then_sends_the_address() {
    let p = user(
        after_password(json!({"ChallengeName": "MFA_SETUP", "Session": "setup-0-0123456789abcdef",
            "ChallengeParameters": {"MFAS_CAN_SETUP": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]"}}))
        .unwrap(),
    );
    assert_eq!(
        p.step(),
        &SignInStep::ContinueSignInWithMfaSetupSelection {
            allowed_mfa_types: vec![MfaType::Totp, MfaType::Email]
        }
    );
    assert!(matches!(
        answer(&p, MfaType::Sms).unwrap_err(),
        FlowError::Validation(ValidationError::IncorrectMfaMethod { .. })
    ));
    // A TOTP code before TOTP setup started is refused, not guessed.
    assert!(matches!(
        answer(&p, ChallengeResponse::Code("123456".into())).unwrap_err(),
        FlowError::Validation(ValidationError::WrongChallengeResponse { .. })
    ));
    // Text "TOTP" (Amplify's string) starts TOTP setup.
    let (_, req) = send(answer(&p, "TOTP").unwrap());
    assert!(matches!(req, FlowRequest::AssociateSoftwareToken(_)));
    // Explicit choice: email, locally.
    let p = user(answer(&p, MfaType::Email).unwrap());
    assert_eq!(p.step(), &SignInStep::ContinueSignInWithEmailSetup);
    let (e, req) = send(
        answer(
            &p,
            ChallengeResponse::SetupEmail("alice@example.com".into()),
        )
        .unwrap(),
    );
    let b = body(&req);
    assert_eq!(b["ChallengeName"], "MFA_SETUP");
    assert_eq!(b["Session"], "setup-0-0123456789abcdef");
    assert_eq!(b["ChallengeResponses"]["EMAIL"], "alice@example.com");
    let p = user(
        reply(e, &cfg(), json!({"ChallengeName": "EMAIL_OTP", "Session": "otp-0123456789abcdefghij",
                "ChallengeParameters": {"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL", "CODE_DELIVERY_DESTINATION": "a***@e***"}}),
            NOW,
            &mut Rng(1),
        )
        .unwrap(),
    );
    assert_eq!(p.step().as_str(), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
}

#[test]
fn mfa_setup_amplify_strings_are_classified_by_shape() {
    let p = user(
        after_password(
            json!({"ChallengeName": "MFA_SETUP", "Session": "setup-0-0123456789abcdef",
            "ChallengeParameters": {"MFAS_CAN_SETUP": "[\"EMAIL_OTP\"]"}}),
        )
        .unwrap(),
    );
    let (_, req) = send(answer(&p, "me@example.com").unwrap());
    assert_eq!(body(&req)["ChallengeResponses"]["EMAIL"], "me@example.com");
    assert!(matches!(
        answer(&p, "what?").unwrap_err(),
        FlowError::Validation(ValidationError::WrongChallengeResponse { .. })
    ));
    assert!(matches!(
        answer(&p, "TOTP").unwrap_err(),
        FlowError::Validation(ValidationError::IncorrectMfaMethod { .. })
    ));
}

#[test]
fn mfa_setup_with_only_sms_or_nothing_is_an_error() {
    assert_eq!(
        after_password(
            json!({"ChallengeName": "MFA_SETUP", "Session": "s-0123456789abcdefghij",
            "ChallengeParameters": {"MFAS_CAN_SETUP": "[\"SMS_MFA\"]"}})
        )
        .unwrap_err(),
        FlowError::Unsupported(Unsupported::SmsMfaSetup)
    );
    assert!(matches!(
        after_password(
            json!({"ChallengeName": "MFA_SETUP", "Session": "s-0123456789abcdefghij",
            "ChallengeParameters": {}})
        )
        .unwrap_err(),
        FlowError::Protocol(ProtocolError::NoSetupOption { .. })
    ));
}

#[test]
fn new_password_required_sends_password_and_missing_attributes() {
    let p = user(
        after_password(
            json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "np-0123456789abcdefghij",
            "ChallengeParameters": {"USER_ID_FOR_SRP": CANONICAL,
                "requiredAttributes": "[\"userAttributes.name\",\"userAttributes.phone_number\"]",
                "userAttributes": "{\"email\":\"alice@example.com\"}"}}),
        )
        .unwrap(),
    );
    assert_eq!(
        p.step(),
        &SignInStep::ConfirmSignInWithNewPasswordRequired {
            missing_attributes: vec!["name".into(), "phone_number".into()]
        }
    );
    let input = ConfirmSignInInput::new(ChallengeResponse::NewPassword("N3w-password!".into()))
        .user_attribute("name", "Alice")
        .user_attribute("phone_number", "");
    let (_, req) = send(p.answer(&cfg(), &input, NOW, &mut Rng(1)).unwrap());
    let b = body(&req);
    assert_eq!(b["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    assert_eq!(
        b["ChallengeResponses"],
        json!({"USERNAME": CANONICAL, "NEW_PASSWORD": "N3w-password!", "userAttributes.name": "Alice"})
    );
}

#[test]
fn validation_errors_carry_amplify_names() {
    let table: Vec<(SignInInput, &str)> = vec![
        (SignInInput::new("", "pw"), "EmptySignInUsername"),
        (SignInInput::without_password("a"), "EmptySignInPassword"),
        (SignInInput::new("a", ""), "EmptySignInPassword"),
        (
            SignInInput::without_password("a").auth_flow_type(AuthFlowType::UserPasswordAuth),
            "EmptySignInPassword",
        ),
        (
            SignInInput::without_password("a").auth_flow_type(AuthFlowType::CustomWithSrp),
            "EmptySignInPassword",
        ),
        (
            SignInInput::without_password("a").preferred_challenge(AuthFactorType::Password),
            "EmptySignInPassword",
        ),
        (
            SignInInput::new("a", "pw")
                .auth_flow_type(AuthFlowType::UserSrpAuth)
                .preferred_challenge(AuthFactorType::EmailOtp),
            "InvalidPreferredChallenge",
        ),
    ];
    for (input, name) in table {
        match start_sign_in(&cfg(), &input, None, &mut Rng(1)).unwrap_err() {
            FlowError::Validation(v) => {
                assert_eq!(v.name(), name, "{input:?}");
                assert!(!v.to_string().is_empty());
            }
            other => panic!("{input:?}: {other:?}"),
        }
    }
    let p = user(after_password(json!({"ChallengeName": "SMS_MFA", "Session": "s-0123456789abcdefghij", "ChallengeParameters": {}})).unwrap());
    match answer(&p, "").unwrap_err() {
        FlowError::Validation(v) => assert_eq!(v.name(), "EmptyChallengeResponse"),
        other => panic!("{other:?}"),
    }
    match answer(&p, MfaType::Totp).unwrap_err() {
        FlowError::Validation(ValidationError::WrongChallengeResponse { step, .. }) => {
            assert_eq!(step, "CONFIRM_SIGN_IN_WITH_SMS_CODE")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_server_answers_are_typed_errors_not_panics() {
    // PASSWORD_VERIFIER when no SRP was started.
    assert!(matches!(
        after_password(json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {}}))
            .unwrap_err(),
        FlowError::Protocol(ProtocolError::UnexpectedChallenge { .. })
    ));
    // Unknown and admin-only challenges.
    for name in ["ADMIN_NO_SRP_AUTH", "SOMETHING_NEW"] {
        assert!(matches!(
            after_password(json!({"ChallengeName": name, "ChallengeParameters": {}})).unwrap_err(),
            FlowError::Protocol(ProtocolError::UnexpectedChallenge { .. })
        ));
    }
    // Neither tokens nor challenge.
    assert!(matches!(
        after_password(json!({})).unwrap_err(),
        FlowError::Protocol(ProtocolError::NoResult { .. })
    ));
    // Tokens without an access token.
    assert!(matches!(
        after_password(json!({"AuthenticationResult": {"IdToken": "x"}})).unwrap_err(),
        FlowError::Protocol(ProtocolError::BadToken { .. })
    ));
    // A verifier challenge missing SALT.
    let input = SignInInput::new("alice", PASSWORD);
    let (e, _) = start_sign_in(&cfg(), &input, None, &mut Rng(1)).unwrap();
    let err = reply(
        e,
        &cfg(),
        json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters":
                {"SRP_B": "abcd", "SECRET_BLOCK": "AAAA", "USER_ID_FOR_SRP": "u"}}),
        NOW,
        &mut Rng(1),
    )
    .unwrap_err();
    assert_eq!(
        err,
        FlowError::Protocol(ProtocolError::MissingChallengeParameter {
            challenge: "PASSWORD_VERIFIER".into(),
            name: "SALT"
        })
    );
    // B ≡ 0 mod N is refused by the SRP math.
    let (e, _) = start_sign_in(&cfg(), &input, None, &mut Rng(1)).unwrap();
    let err = reply(
        e,
        &cfg(),
        json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters":
                {"SRP_B": "0", "SALT": "ab", "SECRET_BLOCK": "AAAA", "USER_ID_FOR_SRP": "u"}}),
        NOW,
        &mut Rng(1),
    )
    .unwrap_err();
    assert!(matches!(err, FlowError::Srp(_)));
    // Undecodable JSON, service errors and empty bodies.
    let ia = cognito_auth_proto::Action::InitiateAuth;
    assert!(matches!(
        FlowResponse::decode(&ia, 200, None, b"{\"ChallengeParameters\": 5}"),
        Err(ProtocolError::Malformed { .. })
    ));
    assert!(matches!(
        FlowResponse::decode(&ia, 200, None, b""),
        Ok(Ok(_))
    ));
    let err = FlowResponse::decode(
        &ia,
        400,
        Some("NotAuthorizedException:"),
        br#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#,
    )
    .unwrap()
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotAuthorized);
}

#[test]
fn pending_sign_in_round_trips_through_serde_without_leaking_in_debug() {
    let p = user(
        after_password(
            json!({"ChallengeName": "SMS_MFA", "Session": "secret-session-0123456789",
            "ChallengeParameters": {"USERNAME": CANONICAL, "CODE_DELIVERY_DESTINATION": "+***1"}}),
        )
        .unwrap(),
    );
    assert!(!format!("{p:?}").contains("secret-session"));
    let text = serde_json::to_string(&p).unwrap();
    let back: PendingSignIn = serde_json::from_str(&text).unwrap();
    assert_eq!(back.step(), p.step());
    assert_eq!(back.username(), CANONICAL);
    assert_eq!(back.expires_at(), NOW + 15 * 60);
    assert!(!back.is_expired(NOW + 60) && back.is_expired(NOW + 15 * 60));
    // The restored state answers exactly like the original.
    let (_, a) = send(answer(&p, "123456").unwrap());
    let (_, b) = send(answer(&back, "123456").unwrap());
    assert_eq!(body(&a), body(&b));
    assert_eq!(body(&b)["Session"], "secret-session-0123456789");
}
