#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Table tests of sign-up, confirmation, resend (incl. Amplify's auto-sign-in
//! table, amplify-auth-flows §2), refresh and sign-out requests.

mod common;

use cognito_auth_flow::refresh::{
    global_sign_out_request, is_definitive_refresh_error, refresh_fallback_request,
    refresh_needs_fallback, refresh_request, refresh_result, revoke_request,
};
use cognito_auth_flow::signup::{
    AutoSignInPhase, AutoSignInState, confirm_sign_up_request, confirm_sign_up_result,
    resend_sign_up_code_request, resend_sign_up_code_result, sign_up_error, sign_up_request,
    sign_up_result,
};
use cognito_auth_flow::wire::{
    AuthenticationResult, ConfirmSignUpResponse, FlowRequest, Idempotency,
    ResendConfirmationCodeResponse, SignUpResponse,
};
use cognito_auth_flow::{
    AuthFlowType, AuthTokens, ConfirmSignUpInput, FlowError, ResendSignUpCodeInput, SignInOptions,
    SignUpInput, SignUpStep, SignUpVerificationMethod, ValidationError,
};
use cognito_auth_proto::{ErrorKind, Sensitive, ServiceError};
use common::*;
use serde_json::json;

fn seed_input() -> SignUpInput {
    SignUpInput::new("user@example.com", "TempPassword123!")
        .user_attribute("email", "user@example.com")
        .user_attribute("name", "John Doe")
        .user_attribute("phone_number", "+12345678901")
}

fn response(confirmed: bool, session: bool) -> SignUpResponse {
    serde_json::from_value(json!({
        "UserConfirmed": confirmed,
        "UserSub": "5c1e-sub",
        "CodeDeliveryDetails": if confirmed { json!(null) } else {
            json!({"Destination": "u***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"})
        },
        "Session": if session { json!("signup-session-0123456789") } else { json!(null) },
    }))
    .unwrap()
}

#[test]
fn sign_up_request_carries_every_option_in_order() {
    let input = seed_input()
        .validation_data("captcha", "ok")
        .client_metadata("source", "test");
    let req = sign_up_request(&cfg_secret(), &input).unwrap();
    assert_eq!(req.idempotency(), Idempotency::SingleUse);
    let b = body(&req);
    assert_eq!(
        b,
        json!({
            "ClientId": CLIENT,
            "SecretHash": hash("user@example.com"),
            "Username": "user@example.com",
            "Password": "TempPassword123!",
            "UserAttributes": [
                {"Name": "email", "Value": "user@example.com"},
                {"Name": "name", "Value": "John Doe"},
                {"Name": "phone_number", "Value": "+12345678901"}
            ],
            "ValidationData": [{"Name": "captcha", "Value": "ok"}],
            "ClientMetadata": {"source": "test"}
        })
    );
    assert!(!format!("{req:?}").contains("TempPassword123!"));
    // Minimal: no optional members at all, no SecretHash without a secret.
    let b = body(&sign_up_request(&cfg(), &SignUpInput::without_password("u")).unwrap());
    assert_eq!(b, json!({"ClientId": CLIENT, "Username": "u"}));
    assert_eq!(
        sign_up_request(&cfg(), &SignUpInput::new("", "pw")).unwrap_err(),
        ValidationError::EmptySignUpUsername
    );
}

#[test]
fn missing_password_error_from_cognito_becomes_empty_sign_up_password() {
    let e = ServiceError::new(
        ErrorKind::InvalidParameter,
        "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must not be null",
    );
    assert_eq!(
        sign_up_error(e),
        FlowError::Validation(ValidationError::EmptySignUpPassword)
    );
    let other = ServiceError::new(ErrorKind::UsernameExists, "User already exists");
    assert_eq!(sign_up_error(other.clone()), FlowError::Service(other));
}

#[test]
fn amplify_sign_up_output_table() {
    use SignUpVerificationMethod::{Code, Link};
    // (confirmed, auto, method) -> (complete, step, details?, phase)
    let table = [
        (true, false, Code, true, "DONE", false, None),
        (
            true,
            true,
            Code,
            true,
            "COMPLETE_AUTO_SIGN_IN",
            false,
            Some(AutoSignInPhase::Ready),
        ),
        (false, false, Code, false, "CONFIRM_SIGN_UP", true, None),
        (false, false, Link, false, "CONFIRM_SIGN_UP", true, None),
        (
            false,
            true,
            Code,
            false,
            "CONFIRM_SIGN_UP",
            true,
            Some(AutoSignInPhase::AwaitingConfirmation),
        ),
        (
            false,
            true,
            Link,
            false,
            "COMPLETE_AUTO_SIGN_IN",
            true,
            Some(AutoSignInPhase::AwaitingLink),
        ),
    ];
    for (confirmed, auto, method, complete, step, details, phase) in table {
        let input = seed_input().auto_sign_in(auto);
        let (out, state) = sign_up_result(&input, response(confirmed, true), method, NOW);
        let row = format!("{confirmed} {auto} {method:?}");
        assert_eq!(out.is_sign_up_complete, complete, "{row}");
        assert_eq!(out.next_step.as_str(), step, "{row}");
        assert_eq!(
            out.next_step.code_delivery_details().is_some(),
            details,
            "{row}"
        );
        assert_eq!(out.user_id.as_deref(), Some("5c1e-sub"), "{row}");
        assert_eq!(state.as_ref().map(|s| s.phase), phase, "{row}");
        if let Some(s) = state {
            assert_eq!(s.username, "user@example.com");
            assert_eq!(s.password, Some(Sensitive::new("TempPassword123!")));
            assert_eq!(
                s.sign_up_session,
                Some(Sensitive::new("signup-session-0123456789"))
            );
            // Only a confirmed user can sign in with the sign-up session at once.
            assert_eq!(s.session.is_some(), confirmed, "{row}");
            assert_eq!(s.expires_at, NOW + 24 * 3600);
        }
    }
    if let SignUpStep::ConfirmSignUp {
        code_delivery_details,
    } = sign_up_result(&seed_input(), response(false, false), Code, NOW)
        .0
        .next_step
    {
        assert_eq!(
            code_delivery_details.destination.as_deref(),
            Some("u***@e***")
        );
        assert_eq!(
            code_delivery_details.attribute_name.as_deref(),
            Some("email")
        );
    } else {
        panic!("expected CONFIRM_SIGN_UP");
    }
}

#[test]
fn custom_without_srp_auto_sign_in_does_not_remember_the_password() {
    let input = seed_input()
        .auto_sign_in_with(SignInOptions::new().auth_flow_type(AuthFlowType::CustomWithoutSrp));
    let (_, state) = sign_up_result(
        &input,
        response(false, false),
        SignUpVerificationMethod::Code,
        NOW,
    );
    assert_eq!(state.unwrap().password, None);
}

fn armed() -> AutoSignInState {
    let input = seed_input().auto_sign_in(true);
    sign_up_result(
        &input,
        response(false, true),
        SignUpVerificationMethod::Code,
        NOW,
    )
    .1
    .unwrap()
}

#[test]
fn confirm_sign_up_sends_the_sign_up_session_and_arms_auto_sign_in() {
    let state = armed();
    let input = ConfirmSignUpInput::new("user@example.com", "123456").client_metadata("k", "v");
    let req = confirm_sign_up_request(&cfg_secret(), &input, Some(&state)).unwrap();
    assert_eq!(
        body(&req),
        json!({"ClientId": CLIENT, "SecretHash": hash("user@example.com"),
            "Username": "user@example.com", "ConfirmationCode": "123456",
            "ClientMetadata": {"k": "v"}, "Session": "signup-session-0123456789"})
    );
    let resp: ConfirmSignUpResponse =
        serde_json::from_value(json!({"Session": "confirm-session-0123456789"})).unwrap();
    let (out, state) = confirm_sign_up_result(&input, resp, Some(state));
    assert!(out.is_sign_up_complete);
    assert_eq!(out.next_step.as_str(), "COMPLETE_AUTO_SIGN_IN");
    let state = state.unwrap();
    assert_eq!(state.phase, AutoSignInPhase::Ready);
    assert_eq!(
        state.session,
        Some(Sensitive::new("confirm-session-0123456789"))
    );
    assert!(state.can_use_session());
    assert_eq!(state.password_sign_in().username, "user@example.com");
}

#[test]
fn confirm_sign_up_for_another_user_or_without_auto_sign_in_is_done() {
    let input = ConfirmSignUpInput::new("someone-else", "123456");
    let req = confirm_sign_up_request(&cfg(), &input, Some(&armed())).unwrap();
    assert!(body(&req).get("Session").is_none());
    let (out, state) =
        confirm_sign_up_result(&input, ConfirmSignUpResponse::default(), Some(armed()));
    assert_eq!(out.next_step, SignUpStep::Done);
    assert!(state.is_none());
    let (out, _) = confirm_sign_up_result(&input, ConfirmSignUpResponse::default(), None);
    assert_eq!(out.next_step.as_str(), "DONE");
    let forced = ConfirmSignUpInput::new("u", "1").force_alias_creation(true);
    assert_eq!(
        body(&confirm_sign_up_request(&cfg(), &forced, None).unwrap())["ForceAliasCreation"],
        true
    );
}

#[test]
fn confirm_sign_up_validation() {
    assert_eq!(
        confirm_sign_up_request(&cfg(), &ConfirmSignUpInput::new("", "1"), None)
            .unwrap_err()
            .name(),
        "EmptyConfirmSignUpUsername"
    );
    assert_eq!(
        confirm_sign_up_request(&cfg(), &ConfirmSignUpInput::new("u", ""), None)
            .unwrap_err()
            .name(),
        "EmptyConfirmSignUpCode"
    );
}

#[test]
fn resend_sign_up_code_request_and_result() {
    let req = resend_sign_up_code_request(&cfg_secret(), &ResendSignUpCodeInput::new("u")).unwrap();
    assert_eq!(
        body(&req),
        json!({"ClientId": CLIENT, "SecretHash": hash("u"), "Username": "u"})
    );
    assert_eq!(
        resend_sign_up_code_request(&cfg(), &ResendSignUpCodeInput::new(""))
            .unwrap_err()
            .name(),
        "EmptySignUpUsername"
    );
    let resp: ResendConfirmationCodeResponse =
        serde_json::from_value(json!({"CodeDeliveryDetails":
        {"Destination": "+*******8901", "DeliveryMedium": "SMS", "AttributeName": "phone_number"}}))
        .unwrap();
    let d = resend_sign_up_code_result(resp);
    assert_eq!(d.destination.as_deref(), Some("+*******8901"));
    assert_eq!(d.delivery_medium.unwrap().as_str(), "SMS");
    assert_eq!(d.attribute_name.as_deref(), Some("phone_number"));
}

#[test]
fn auto_sign_in_state_serialises_and_redacts() {
    let s = armed();
    let dbg = format!("{s:?}");
    assert!(!dbg.contains("TempPassword123!") && !dbg.contains("signup-session"));
    let back: AutoSignInState = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back, s);
    assert!(!s.is_expired(NOW) && s.is_expired(NOW + 24 * 3600));
}

fn tokens() -> AuthTokens {
    let v = tokens_json();
    AuthTokens::from_result(serde_json::from_value(v["AuthenticationResult"].clone()).unwrap())
        .unwrap()
}

#[test]
fn refresh_and_sign_out_requests() {
    let t = tokens();
    let rt = t.refresh_token.clone().unwrap();
    let req = refresh_request(&cfg_secret(), &rt, None, None);
    assert_eq!(req.idempotency(), Idempotency::Idempotent);
    assert_eq!(
        body(&req),
        json!({"RefreshToken": rt.expose(), "ClientId": CLIENT, "ClientSecret": SECRET})
    );
    let req = refresh_fallback_request(&cfg_secret(), &rt, CANONICAL, None, None);
    let b = body(&req);
    assert_eq!(b["AuthFlow"], "REFRESH_TOKEN_AUTH");
    assert_eq!(b["AuthParameters"]["SECRET_HASH"], hash(CANONICAL));
    assert_eq!(b["AuthParameters"]["REFRESH_TOKEN"], rt.expose());
    assert!(!format!("{req:?}").contains(rt.expose()));
    let req = revoke_request(&cfg(), &rt);
    assert!(matches!(req, FlowRequest::RevokeToken(_)));
    assert_eq!(
        body(&req),
        json!({"Token": rt.expose(), "ClientId": CLIENT})
    );
    let req = global_sign_out_request(&t.access_token);
    assert_eq!(body(&req), json!({"AccessToken": t.access_token.expose()}));
}

#[test]
fn refresh_keeps_the_refresh_token_unless_rotated() {
    let old = tokens();
    let mut r = AuthenticationResult {
        access_token: Some("new.access.token".into()),
        expires_in: Some(3600),
        ..Default::default()
    };
    let new = refresh_result(&old, Some(r.clone())).unwrap();
    assert_eq!(new.refresh_token, old.refresh_token);
    assert_eq!(new.id_token, old.id_token);
    assert_eq!(new.access_token.expose(), "new.access.token");
    r.refresh_token = Some("rotated".into());
    assert_eq!(
        refresh_result(&old, Some(r)).unwrap().refresh_token,
        Some(Sensitive::new("rotated"))
    );
    assert!(refresh_result(&old, None).is_err());
}

#[test]
fn refresh_error_classes() {
    let e = |k: ErrorKind| ServiceError::new(k, "m");
    for k in [
        ErrorKind::NotAuthorized,
        ErrorKind::UserNotFound,
        ErrorKind::PasswordResetRequired,
        ErrorKind::UserNotConfirmed,
        ErrorKind::RefreshTokenReuse,
        ErrorKind::Unknown("TokenRevokedException".into()),
    ] {
        assert!(is_definitive_refresh_error(&e(k.clone())), "{k:?}");
    }
    for k in [
        ErrorKind::TooManyRequests,
        ErrorKind::InternalError,
        ErrorKind::LimitExceeded,
        ErrorKind::InvalidParameter,
    ] {
        assert!(!is_definitive_refresh_error(&e(k.clone())), "{k:?}");
    }
    assert!(refresh_needs_fallback(&e(ErrorKind::UnknownOperation)));
    assert!(refresh_needs_fallback(&e(ErrorKind::Unknown(
        "NotImplementedException".into()
    ))));
    assert!(!refresh_needs_fallback(&e(ErrorKind::NotAuthorized)));
}
