#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Table tests of remembered devices in the sign-in machine: where
//! `DEVICE_KEY` goes, device SRP (`DEVICE_SRP_AUTH` then
//! `DEVICE_PASSWORD_VERIFIER`, checked by a real SRP server half built from
//! the verifier `ConfirmDevice` would register), `SECRET_HASH` over the
//! canonical username, and the `Device does not exist.` retry.

mod common;

use base64::Engine as _;
use cognito_auth_flow::device::{
    DEFAULT_DEVICE_NAME, confirm_device_request, forget_device_request, list_devices_request,
    update_device_status_request,
};
use cognito_auth_flow::signin::{PendingSignIn, Transition, start_sign_in_with_device};
use cognito_auth_flow::wire::{FlowRequest, Idempotency, NewDeviceMetadata};
use cognito_auth_flow::{
    AuthFlowType, ConfirmSignInInput, FlowError, PoolConfig, RememberedDevice, SignInInput,
};
use cognito_auth_proto::{ErrorKind, Sensitive};
use cognito_auth_srp::{SrpServer, Verifier};
use common::*;
use serde_json::{Value, json};

const DEVICE_KEY: &str = "us-east-1_0f0e0d0c-1111-2222-3333-444455556666";
const GROUP_KEY: &str = "-abcDEF123";

/// A device confirmed the way the facade does it, with the verifier Cognito
/// would have stored.
fn confirmed_device() -> (RememberedDevice, Verifier) {
    let meta = NewDeviceMetadata {
        device_key: Some(DEVICE_KEY.into()),
        device_group_key: Some(GROUP_KEY.into()),
    };
    let (device, req) =
        confirm_device_request(&Sensitive::new("access-token"), &meta, None, &mut Rng(9))
            .unwrap()
            .unwrap();
    let b = body(&req);
    assert_eq!(req.action().as_str(), "ConfirmDevice");
    let cfg = &b["DeviceSecretVerifierConfig"];
    let v = Verifier::from_device_config(
        cfg["Salt"].as_str().unwrap(),
        cfg["PasswordVerifier"].as_str().unwrap(),
    )
    .unwrap();
    (device, v)
}

fn device_challenge(session: &str) -> Value {
    json!({"ChallengeName": "DEVICE_SRP_AUTH", "Session": session, "ChallengeParameters": {}})
}

struct DeviceServer {
    server: SrpServer,
    secret_block: Vec<u8>,
}

impl DeviceServer {
    fn new(v: &Verifier) -> Self {
        Self {
            server: SrpServer::with_private_bytes(v, &[11u8; 32]).unwrap(),
            secret_block: (100u8..148).collect(),
        }
    }

    fn challenge(&self) -> Value {
        json!({"ChallengeName": "DEVICE_PASSWORD_VERIFIER", "Session": "s-device-verifier-0123",
        "ChallengeParameters": {
            "SALT": self.server.salt(),
            "SRP_B": self.server.srp_b(),
            "SECRET_BLOCK": base64::engine::general_purpose::STANDARD.encode(&self.secret_block),
            "USERNAME": CANONICAL,
        }})
    }

    fn verify(&self, srp_a: &str, r: &Value) -> Result<(), cognito_auth_srp::SrpError> {
        self.server.verify(
            srp_a,
            GROUP_KEY,
            DEVICE_KEY,
            &self.secret_block,
            r["TIMESTAMP"].as_str().unwrap(),
            r["PASSWORD_CLAIM_SIGNATURE"].as_str().unwrap(),
        )
    }
}

/// Runs device SRP from a DEVICE_SRP_AUTH answer to tokens, checking every
/// request; returns the final transition.
fn device_srp(cfg: &PoolConfig, e: cognito_auth_flow::signin::Expect, v: &Verifier) -> Transition {
    let (e, req) = send(
        reply(
            e,
            cfg,
            device_challenge("s-device-0123456789"),
            NOW,
            &mut Rng(20),
        )
        .unwrap(),
    );
    let b = body(&req);
    assert_eq!(b["ChallengeName"], "DEVICE_SRP_AUTH");
    assert_eq!(b["Session"], "s-device-0123456789");
    let r = &b["ChallengeResponses"];
    assert_eq!(r["USERNAME"], CANONICAL);
    assert_eq!(r["DEVICE_KEY"], DEVICE_KEY);
    let srp_a = r["SRP_A"].as_str().unwrap().to_owned();
    match cfg.client_secret() {
        Some(_) => assert_eq!(r["SECRET_HASH"], hash(CANONICAL)),
        None => assert!(r.get("SECRET_HASH").is_none()),
    }
    let server = DeviceServer::new(v);
    let (e, req) = send(reply(e, cfg, server.challenge(), NOW, &mut Rng(21)).unwrap());
    let b = body(&req);
    assert_eq!(b["ChallengeName"], "DEVICE_PASSWORD_VERIFIER");
    assert_eq!(b["Session"], "s-device-verifier-0123");
    let r = &b["ChallengeResponses"];
    assert_eq!(r["USERNAME"], CANONICAL);
    assert_eq!(r["DEVICE_KEY"], DEVICE_KEY);
    assert_eq!(
        r["PASSWORD_CLAIM_SECRET_BLOCK"],
        base64::engine::general_purpose::STANDARD.encode(&server.secret_block)
    );
    match cfg.client_secret() {
        Some(_) => assert_eq!(r["SECRET_HASH"], hash(CANONICAL)),
        None => assert!(r.get("SECRET_HASH").is_none()),
    }
    server.verify(&srp_a, r).expect("the device proof verifies");
    reply(e, cfg, tokens_json(), NOW, &mut Rng(22)).unwrap()
}

fn srp_sign_in_on_device(cfg: &PoolConfig) {
    let (device, v) = confirmed_device();
    let srp = FakeSrp::new(CANONICAL, PASSWORD);
    let input = SignInInput::new("alice@example.com", PASSWORD);
    let (e, req) = start_sign_in_with_device(cfg, &input, None, Some(device), &mut Rng(3)).unwrap();
    let b = body(&req);
    // Amplify sends no DEVICE_KEY with the SRP InitiateAuth.
    assert!(b["AuthParameters"].get("DEVICE_KEY").is_none());
    let a = b["AuthParameters"]["SRP_A"].as_str().unwrap().to_owned();
    let (e, req) = send(
        reply(
            e,
            cfg,
            srp.challenge(Some("s-pv-0123456789")),
            NOW,
            &mut Rng(4),
        )
        .unwrap(),
    );
    let b = body(&req);
    assert_eq!(b["ChallengeResponses"]["DEVICE_KEY"], DEVICE_KEY);
    srp.verify(&a, &b["ChallengeResponses"]).unwrap();
    let s = signed_in(device_srp(cfg, e, &v));
    assert_eq!(s.rejected_device, None);
    assert_eq!(s.username, CANONICAL);
}

#[test]
fn srp_sign_in_on_a_remembered_device_runs_device_srp() {
    srp_sign_in_on_device(&cfg());
}

#[test]
fn device_srp_with_a_client_secret_hashes_the_canonical_username() {
    srp_sign_in_on_device(&cfg_secret());
}

#[test]
fn user_password_auth_sends_device_key_and_runs_device_srp() {
    let (device, v) = confirmed_device();
    let input = SignInInput::new("alice", PASSWORD).auth_flow_type(AuthFlowType::UserPasswordAuth);
    let (e, req) =
        start_sign_in_with_device(&cfg(), &input, None, Some(device), &mut Rng(3)).unwrap();
    let b = body(&req);
    assert_eq!(b["AuthParameters"]["DEVICE_KEY"], DEVICE_KEY);
    assert_eq!(b["AuthParameters"]["PASSWORD"], PASSWORD);
    // MFA first (the device is not remembered), then device SRP.
    let e = {
        // The canonical name comes with the first challenge.
        let t = reply(
            e,
            &cfg(),
            json!({"ChallengeName": "SMS_MFA", "Session": "s-mfa-0123456789",
                "ChallengeParameters": {"USERNAME": CANONICAL,
                    "CODE_DELIVERY_DELIVERY_MEDIUM": "SMS",
                    "CODE_DELIVERY_DESTINATION": "+*******1234"}}),
            NOW,
            &mut Rng(5),
        )
        .unwrap();
        let p = user(t);
        let (e, req) = send(
            p.answer(&cfg(), &ConfirmSignInInput::new("123456"), NOW, &mut Rng(6))
                .unwrap(),
        );
        let b = body(&req);
        assert_eq!(b["ChallengeName"], "SMS_MFA");
        assert_eq!(b["ChallengeResponses"]["DEVICE_KEY"], DEVICE_KEY);
        assert_eq!(b["ChallengeResponses"]["USERNAME"], CANONICAL);
        e
    };
    let s = signed_in(device_srp(&cfg(), e, &v));
    assert_eq!(s.rejected_device, None);
}

#[test]
fn custom_without_srp_sends_device_key_and_custom_answers_carry_it() {
    let (device, _) = confirmed_device();
    let input =
        SignInInput::without_password("alice").auth_flow_type(AuthFlowType::CustomWithoutSrp);
    let (e, req) =
        start_sign_in_with_device(&cfg(), &input, None, Some(device), &mut Rng(3)).unwrap();
    assert_eq!(body(&req)["AuthParameters"]["DEVICE_KEY"], DEVICE_KEY);
    let p = user(
        reply(
            e,
            &cfg(),
            json!({"ChallengeName": "CUSTOM_CHALLENGE", "Session": "s-c-0123456789",
                "ChallengeParameters": {"USERNAME": CANONICAL, "q": "2+2"}}),
            NOW,
            &mut Rng(5),
        )
        .unwrap(),
    );
    let (_, req) = send(
        p.answer(&cfg(), &ConfirmSignInInput::new("4"), NOW, &mut Rng(6))
            .unwrap(),
    );
    assert_eq!(body(&req)["ChallengeResponses"]["DEVICE_KEY"], DEVICE_KEY);
}

#[test]
fn flows_amplify_sends_no_device_key_in_leave_it_out() {
    for (input, challenge) in [
        (SignInInput::new("alice", PASSWORD), None),
        (
            SignInInput::new("alice", PASSWORD).auth_flow_type(AuthFlowType::CustomWithSrp),
            None,
        ),
        (
            SignInInput::new("alice", PASSWORD).auth_flow_type(AuthFlowType::UserAuth),
            None,
        ),
        (
            SignInInput::new("alice", PASSWORD).auth_flow_type(AuthFlowType::UserPasswordAuth),
            Some("NEW_PASSWORD_REQUIRED"),
        ),
    ] {
        let (device, _) = confirmed_device();
        let (e, req) =
            start_sign_in_with_device(&cfg(), &input, None, Some(device), &mut Rng(3)).unwrap();
        let Some(challenge) = challenge else {
            assert!(body(&req)["AuthParameters"].get("DEVICE_KEY").is_none());
            continue;
        };
        let p = user(
            reply(
                e,
                &cfg(),
                json!({"ChallengeName": challenge, "Session": "s-n-0123456789",
                    "ChallengeParameters": {"USERNAME": CANONICAL}}),
                NOW,
                &mut Rng(5),
            )
            .unwrap(),
        );
        let (_, req) = send(
            p.answer(
                &cfg(),
                &ConfirmSignInInput::new("N3w-Passw0rd!"),
                NOW,
                &mut Rng(6),
            )
            .unwrap(),
        );
        assert!(body(&req)["ChallengeResponses"].get("DEVICE_KEY").is_none());
    }
}

#[test]
fn unknown_device_is_retried_once_without_device_key_and_reported() {
    let (device, _) = confirmed_device();
    let input = SignInInput::new("alice", PASSWORD).auth_flow_type(AuthFlowType::UserPasswordAuth);
    let (e, first) =
        start_sign_in_with_device(&cfg_secret(), &input, None, Some(device), &mut Rng(3)).unwrap();
    let (e, retry) = send(
        e.handle(
            &cfg_secret(),
            svc(ErrorKind::ResourceNotFound, "Device does not exist."),
            NOW,
            &mut Rng(4),
        )
        .unwrap(),
    );
    let (mut b1, b2) = (body(&first), body(&retry));
    assert_eq!(b1["AuthParameters"]["DEVICE_KEY"], DEVICE_KEY);
    b1["AuthParameters"]
        .as_object_mut()
        .unwrap()
        .remove("DEVICE_KEY");
    assert_eq!(b1, b2, "the retry is the same request without DEVICE_KEY");
    assert_eq!(b2["AuthParameters"]["SECRET_HASH"], hash("alice"));
    let s = signed_in(reply(e, &cfg_secret(), tokens_json(), NOW, &mut Rng(5)).unwrap());
    assert_eq!(s.rejected_device.as_deref(), Some(DEVICE_KEY));
}

#[test]
fn unknown_device_retry_happens_once_and_other_errors_pass_through() {
    let (device, _) = confirmed_device();
    let input = SignInInput::new("alice", PASSWORD).auth_flow_type(AuthFlowType::UserPasswordAuth);
    let (e, _) =
        start_sign_in_with_device(&cfg(), &input, None, Some(device.clone()), &mut Rng(3)).unwrap();
    let (e, _) = send(
        e.handle(
            &cfg(),
            svc(ErrorKind::ResourceNotFound, "Device does not exist."),
            NOW,
            &mut Rng(4),
        )
        .unwrap(),
    );
    let err = e
        .handle(
            &cfg(),
            svc(ErrorKind::ResourceNotFound, "Device does not exist."),
            NOW,
            &mut Rng(4),
        )
        .unwrap_err();
    assert!(matches!(err, FlowError::Service(ref s) if s.kind == ErrorKind::ResourceNotFound));
    // Another error is not retried.
    let (e, _) =
        start_sign_in_with_device(&cfg(), &input, None, Some(device), &mut Rng(3)).unwrap();
    let err = e
        .handle(
            &cfg(),
            svc(ErrorKind::NotAuthorized, "Incorrect username or password."),
            NOW,
            &mut Rng(4),
        )
        .unwrap_err();
    assert!(matches!(err, FlowError::Service(ref s) if s.kind == ErrorKind::NotAuthorized));
}

#[test]
fn unknown_device_at_the_password_verifier_resends_the_same_answer() {
    let (device, _) = confirmed_device();
    let srp = FakeSrp::new(CANONICAL, PASSWORD);
    let input = SignInInput::new("alice", PASSWORD);
    let (e, req) =
        start_sign_in_with_device(&cfg(), &input, None, Some(device), &mut Rng(3)).unwrap();
    let a = body(&req)["AuthParameters"]["SRP_A"]
        .as_str()
        .unwrap()
        .to_owned();
    let (e, first) = send(
        reply(
            e,
            &cfg(),
            srp.challenge(Some("s-pv-0123456789")),
            NOW,
            &mut Rng(4),
        )
        .unwrap(),
    );
    let (e, retry) = send(
        e.handle(
            &cfg(),
            svc(ErrorKind::ResourceNotFound, "Device does not exist."),
            NOW,
            &mut Rng(4),
        )
        .unwrap(),
    );
    let (mut b1, b2) = (body(&first), body(&retry));
    b1["ChallengeResponses"]
        .as_object_mut()
        .unwrap()
        .remove("DEVICE_KEY");
    assert_eq!(b1, b2);
    srp.verify(&a, &b2["ChallengeResponses"]).unwrap();
    // Without a device, a DEVICE_SRP_AUTH now is a protocol error, tokens are fine.
    let s = signed_in(reply(e, &cfg(), tokens_json(), NOW, &mut Rng(5)).unwrap());
    assert_eq!(s.rejected_device.as_deref(), Some(DEVICE_KEY));
}

#[test]
fn pending_state_keeps_the_device_across_serialisation_and_hides_its_password() {
    let (device, v) = confirmed_device();
    let password = device.device_password.expose().to_owned();
    assert!(!format!("{device:?}").contains(&password));
    let input = SignInInput::new("alice", PASSWORD).auth_flow_type(AuthFlowType::UserPasswordAuth);
    let (e, _) =
        start_sign_in_with_device(&cfg(), &input, None, Some(device), &mut Rng(3)).unwrap();
    let p = user(
        reply(
            e,
            &cfg(),
            json!({"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": "s-t-0123456789",
                "ChallengeParameters": {"USERNAME": CANONICAL}}),
            NOW,
            &mut Rng(5),
        )
        .unwrap(),
    );
    assert!(!format!("{p:?}").contains(&password));
    let p: PendingSignIn = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    let (e, req) = send(
        p.answer(&cfg(), &ConfirmSignInInput::new("654321"), NOW, &mut Rng(6))
            .unwrap(),
    );
    assert_eq!(body(&req)["ChallengeResponses"]["DEVICE_KEY"], DEVICE_KEY);
    signed_in(device_srp(&cfg(), e, &v));
}

#[test]
fn pending_state_of_an_older_version_without_device_fields_still_loads() {
    let input = SignInInput::new("alice", PASSWORD).auth_flow_type(AuthFlowType::UserPasswordAuth);
    let (e, _) = start_sign_in_with_device(&cfg(), &input, None, None, &mut Rng(3)).unwrap();
    let p = user(
        reply(
            e,
            &cfg(),
            json!({"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": "s-t-0123456789",
                "ChallengeParameters": {"USERNAME": CANONICAL}}),
            NOW,
            &mut Rng(5),
        )
        .unwrap(),
    );
    let text = serde_json::to_string(&p).unwrap();
    assert!(!text.contains("device"), "no device fields written: {text}");
    let p: PendingSignIn = serde_json::from_str(&text).unwrap();
    let (_, req) = send(
        p.answer(&cfg(), &ConfirmSignInInput::new("654321"), NOW, &mut Rng(6))
            .unwrap(),
    );
    assert!(body(&req)["ChallengeResponses"].get("DEVICE_KEY").is_none());
}

#[test]
fn confirm_device_request_names_the_device_and_the_other_requests_are_shaped() {
    let meta = NewDeviceMetadata {
        device_key: Some(DEVICE_KEY.into()),
        device_group_key: Some(GROUP_KEY.into()),
    };
    let at = Sensitive::new("at");
    let (_, req) = confirm_device_request(&at, &meta, Some("laptop"), &mut Rng(1))
        .unwrap()
        .unwrap();
    let b = body(&req);
    assert_eq!(b["DeviceName"], "laptop");
    assert_eq!(b["DeviceKey"], DEVICE_KEY);
    assert_eq!(b["AccessToken"], "at");
    assert!(
        !format!("{req:?}").contains(
            b["DeviceSecretVerifierConfig"]["PasswordVerifier"]
                .as_str()
                .unwrap()
        )
    );
    assert_eq!(req.idempotency(), Idempotency::SingleUse);
    let (_, req) = confirm_device_request(&at, &meta, None, &mut Rng(1))
        .unwrap()
        .unwrap();
    assert_eq!(body(&req)["DeviceName"], DEFAULT_DEVICE_NAME);
    let missing = NewDeviceMetadata {
        device_key: Some(DEVICE_KEY.into()),
        device_group_key: None,
    };
    assert!(
        confirm_device_request(&at, &missing, None, &mut Rng(1))
            .unwrap()
            .is_none()
    );

    let req = list_devices_request(&at, Some("page-2".into()));
    assert!(matches!(req, FlowRequest::ListDevices(_)));
    assert_eq!(
        body(&req),
        json!({"AccessToken": "at", "Limit": 60, "PaginationToken": "page-2"})
    );
    assert_eq!(req.idempotency(), Idempotency::Idempotent);
    let req = forget_device_request(&at, DEVICE_KEY);
    assert_eq!(
        body(&req),
        json!({"AccessToken": "at", "DeviceKey": DEVICE_KEY})
    );
    let req = update_device_status_request(&at, DEVICE_KEY, true);
    assert_eq!(
        body(&req),
        json!({"AccessToken": "at", "DeviceKey": DEVICE_KEY, "DeviceRememberedStatus": "remembered"})
    );
}
