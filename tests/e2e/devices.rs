//! Remembered devices through the facade: the first sign-in on a pool that
//! tracks devices confirms one (ConfirmDevice), later sign-ins prove it with
//! device SRP (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER), a remembered
//! device replaces MFA when the pool says so, `forget_device` drops it (the
//! next sign-in confirms a new one), a device forgotten elsewhere is retried
//! without its key, signing out keeps it, and `fetch_devices` lists them.
//! The requests are recorded to prove which path each sign-in took; the
//! mock's own device records (`fetch_devices`) confirm it.

use cognito_auth::{AuthFlowType, Device, SignInInput, SignInStep, SignOutInput};
use cognito_auth_e2e::mock_cognito::{DeviceConfig, PoolConfig};
use cognito_auth_e2e::{Env, PW, code, confirm, e2e, pool, user};

fn device_pool(secret: bool) -> PoolConfig {
    let mut p = pool(secret);
    p.alias_attributes = vec!["email".into()];
    p.device_configuration = Some(DeviceConfig::default());
    p.users.push(user("alice", PW, "alice@example.com"));
    p
}

/// A pool that requires SMS MFA, remembers devices only when the user says
/// so, and lets a remembered device replace MFA.
fn mfa_device_pool(secret: bool) -> PoolConfig {
    let mut p = pool(secret);
    p.device_configuration = Some(DeviceConfig {
        challenge_required_on_new_device: true,
        device_only_remembered_on_user_prompt: true,
    });
    p.mfa = Some("ON".into());
    p.mfa_types = vec!["SMS_MFA".into()];
    let mut u = user("alice", PW, "alice@example.com");
    u.attributes
        .insert("phone_number".into(), "+15550001111".into());
    u.attributes
        .insert("phone_number_verified".into(), "true".into());
    u.mfa_enabled = vec!["SMS_MFA".into()];
    p.users.push(u);
    p
}

fn has(actions: &[String], what: &str) -> bool {
    actions.iter().any(|a| a == what)
}

async fn only_device(auth: &cognito_auth::Auth) -> Device {
    let devices = auth.fetch_devices().await.unwrap();
    assert_eq!(devices.len(), 1, "{devices:?}");
    devices.into_iter().next().unwrap()
}

async fn first_sign_in_confirms_a_device_and_the_next_use_device_srp(env: Env) {
    let (b, rec) = env.recording_builder();
    let auth = b.device_name("e2e laptop").build().unwrap();
    let out = auth.sign_in(SignInInput::new("alice", PW)).await.unwrap();
    assert!(out.is_signed_in);
    let actions = rec.actions();
    assert!(has(&actions, "ConfirmDevice"), "{actions:?}");
    assert!(!has(&actions, "RespondToAuthChallenge:DEVICE_SRP_AUTH"));
    let confirm_body = &rec
        .calls()
        .into_iter()
        .find(|(a, _)| a == "ConfirmDevice")
        .unwrap()
        .1;
    assert_eq!(confirm_body["DeviceName"], "e2e laptop");
    let first = only_device(&auth).await;
    assert_eq!(first.name.as_deref(), Some("e2e laptop"));
    assert!(first.is_remembered(), "{first:?}");
    assert_eq!(
        auth.stored_tokens()
            .unwrap()
            .access_claims()
            .unwrap()
            .device_key
            .as_deref(),
        Some(first.id.as_str())
    );

    // Signing out (locally, then globally) keeps the device: each later
    // sign-in proves it with device SRP and confirms nothing new.
    for (i, sign_out) in [SignOutInput::local(), SignOutInput::global()]
        .into_iter()
        .enumerate()
    {
        auth.sign_out(sign_out).await.unwrap();
        env.mock.clock().advance_ms(5_000);
        rec.clear();
        let out = auth.sign_in(SignInInput::new("alice", PW)).await.unwrap();
        assert!(out.is_signed_in, "round {i}: {out:?}");
        let actions = rec.actions();
        assert_eq!(
            actions,
            [
                "InitiateAuth",
                "RespondToAuthChallenge:PASSWORD_VERIFIER",
                "RespondToAuthChallenge:DEVICE_SRP_AUTH",
                "RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER",
            ],
            "round {i}"
        );
        let verifier = &rec.calls()[1].1;
        assert_eq!(
            verifier["ChallengeResponses"]["DEVICE_KEY"],
            first.id.as_str()
        );
        let again = only_device(&auth).await;
        assert_eq!(again.id, first.id);
        assert!(
            again.last_authenticated_at > first.last_authenticated_at,
            "round {i}: {again:?} vs {first:?}"
        );
    }
}
e2e!(
    first_sign_in_confirms_a_device_and_the_next_use_device_srp,
    first_sign_in_confirms_a_device_and_the_next_use_device_srp,
    device_pool
);

async fn user_password_auth_presents_the_device_too(env: Env) {
    let (b, rec) = env.recording_builder();
    let auth = b.build().unwrap();
    let input =
        || SignInInput::new("alice@example.com", PW).auth_flow_type(AuthFlowType::UserPasswordAuth);
    assert!(auth.sign_in(input()).await.unwrap().is_signed_in);
    let device = only_device(&auth).await;
    assert_eq!(device.name.as_deref(), Some("cognito-auth (Rust)"));
    auth.sign_out(SignOutInput::local()).await.unwrap();
    rec.clear();
    // Typed alias: the device was kept under the login too.
    assert!(auth.sign_in(input()).await.unwrap().is_signed_in);
    let calls = rec.calls();
    assert_eq!(
        calls[0].1["AuthParameters"]["DEVICE_KEY"],
        device.id.as_str()
    );
    assert!(has(
        &rec.actions(),
        "RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER"
    ));
    assert!(!has(&rec.actions(), "ConfirmDevice"));
    assert_eq!(only_device(&auth).await.id, device.id);
}
e2e!(
    user_password_auth_presents_the_device_too,
    user_password_auth_presents_the_device_too,
    device_pool
);

async fn remembered_device_replaces_mfa(env: Env) {
    let (b, rec) = env.recording_builder();
    let auth = b.build().unwrap();
    let sign_in = || SignInInput::new("alice", PW);
    // A new device: MFA, then the device is confirmed but not remembered.
    let out = auth.sign_in(sign_in()).await.unwrap();
    assert!(
        matches!(out.next_step, SignInStep::ConfirmSignInWithSmsCode { .. }),
        "{out:?}"
    );
    let out = confirm(&auth, code(env.code("alice"))).await.unwrap();
    assert!(out.is_signed_in);
    let device = only_device(&auth).await;
    assert!(!device.is_remembered(), "{device:?}");

    // Not remembered: MFA still, and device SRP after it.
    auth.sign_out(SignOutInput::local()).await.unwrap();
    rec.clear();
    let out = auth.sign_in(sign_in()).await.unwrap();
    assert!(
        matches!(out.next_step, SignInStep::ConfirmSignInWithSmsCode { .. }),
        "{out:?}"
    );
    let out = confirm(&auth, code(env.code("alice"))).await.unwrap();
    assert!(out.is_signed_in);
    let calls = rec.calls();
    let mfa = calls
        .iter()
        .find(|(a, b)| a == "RespondToAuthChallenge" && b["ChallengeName"] == "SMS_MFA")
        .unwrap();
    assert_eq!(
        mfa.1["ChallengeResponses"]["DEVICE_KEY"],
        device.id.as_str()
    );
    assert!(has(
        &rec.actions(),
        "RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER"
    ));

    // Remembered: device SRP instead of MFA.
    auth.remember_device().await.unwrap();
    assert!(only_device(&auth).await.is_remembered());
    auth.sign_out(SignOutInput::local()).await.unwrap();
    rec.clear();
    let out = auth.sign_in(sign_in()).await.unwrap();
    assert!(out.is_signed_in, "no MFA on a remembered device: {out:?}");
    assert!(!has(&rec.actions(), "RespondToAuthChallenge:SMS_MFA"));
    assert!(has(
        &rec.actions(),
        "RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER"
    ));
}
e2e!(
    remembered_device_replaces_mfa,
    remembered_device_replaces_mfa,
    mfa_device_pool
);

async fn forget_device_then_sign_in_confirms_a_new_one(env: Env) {
    let (b, rec) = env.recording_builder();
    let auth = b.build().unwrap();
    assert!(
        auth.sign_in(SignInInput::new("alice", PW))
            .await
            .unwrap()
            .is_signed_in
    );
    let old = only_device(&auth).await;
    auth.forget_device(None).await.unwrap();
    assert!(auth.fetch_devices().await.unwrap().is_empty());
    // Nothing left to forget or remember locally.
    let e = auth.forget_device(None).await.unwrap_err();
    assert_eq!(e.name(), "DeviceMetadataNotFoundException");
    let e = auth.remember_device().await.unwrap_err();
    assert_eq!(e.name(), "DeviceMetadataNotFoundException");
    // An unknown key is Cognito's error.
    let e = auth.forget_device(Some(&old.id)).await.unwrap_err();
    assert_eq!(e.name(), "ResourceNotFoundException");

    auth.sign_out(SignOutInput::local()).await.unwrap();
    rec.clear();
    assert!(
        auth.sign_in(SignInInput::new("alice", PW))
            .await
            .unwrap()
            .is_signed_in
    );
    let actions = rec.actions();
    assert!(has(&actions, "ConfirmDevice"), "{actions:?}");
    assert!(!has(&actions, "RespondToAuthChallenge:DEVICE_SRP_AUTH"));
    let new = only_device(&auth).await;
    assert_ne!(new.id, old.id);
}
e2e!(
    forget_device_then_sign_in_confirms_a_new_one,
    forget_device_then_sign_in_confirms_a_new_one,
    device_pool
);

async fn device_forgotten_elsewhere_is_retried_without_it(env: Env) {
    let (b, rec) = env.recording_builder();
    let laptop = b.build().unwrap();
    let phone = env.auth();
    assert!(
        laptop
            .sign_in(SignInInput::new("alice", PW))
            .await
            .unwrap()
            .is_signed_in
    );
    let laptop_device = only_device(&laptop).await;
    assert!(
        phone
            .sign_in(SignInInput::new("alice", PW))
            .await
            .unwrap()
            .is_signed_in
    );
    let devices = phone.fetch_devices().await.unwrap();
    assert_eq!(devices.len(), 2, "{devices:?}");
    // The phone forgets the laptop's device (by key); the phone keeps its own.
    phone.forget_device(Some(&laptop_device.id)).await.unwrap();
    assert_eq!(phone.fetch_devices().await.unwrap().len(), 1);

    laptop.sign_out(SignOutInput::local()).await.unwrap();
    rec.clear();
    assert!(
        laptop
            .sign_in(SignInInput::new("alice", PW))
            .await
            .unwrap()
            .is_signed_in
    );
    let calls = rec.calls();
    let verifiers: Vec<_> = calls
        .iter()
        .filter(|(a, b)| a == "RespondToAuthChallenge" && b["ChallengeName"] == "PASSWORD_VERIFIER")
        .collect();
    assert_eq!(verifiers.len(), 2, "{:?}", rec.actions());
    assert_eq!(
        verifiers[0].1["ChallengeResponses"]["DEVICE_KEY"],
        laptop_device.id.as_str()
    );
    assert!(
        verifiers[1].1["ChallengeResponses"]
            .get("DEVICE_KEY")
            .is_none()
    );
    assert!(has(&rec.actions(), "ConfirmDevice"));
    let devices = laptop.fetch_devices().await.unwrap();
    assert_eq!(devices.len(), 2, "the phone's and the laptop's new one");
    assert!(devices.iter().all(|d| d.id != laptop_device.id));

    // The new device is the laptop's now: the next sign-in proves it.
    laptop.sign_out(SignOutInput::local()).await.unwrap();
    rec.clear();
    assert!(
        laptop
            .sign_in(SignInInput::new("alice", PW))
            .await
            .unwrap()
            .is_signed_in
    );
    assert!(has(
        &rec.actions(),
        "RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER"
    ));
}
e2e!(
    device_forgotten_elsewhere_is_retried_without_it,
    device_forgotten_elsewhere_is_retried_without_it,
    device_pool
);

async fn pools_without_device_tracking_confirm_nothing(env: Env) {
    let (b, rec) = env.recording_builder();
    let auth = b.build().unwrap();
    assert!(
        auth.sign_in(SignInInput::new("alice", PW))
            .await
            .unwrap()
            .is_signed_in
    );
    assert_eq!(
        rec.actions(),
        ["InitiateAuth", "RespondToAuthChallenge:PASSWORD_VERIFIER"]
    );
    let e = auth.remember_device().await.unwrap_err();
    assert_eq!(e.name(), "DeviceMetadataNotFoundException");
    assert!(auth.fetch_devices().await.unwrap().is_empty());
}
e2e!(
    pools_without_device_tracking_confirm_nothing,
    pools_without_device_tracking_confirm_nothing,
    |secret| {
        let mut p = pool(secret);
        p.users.push(user("alice", PW, "alice@example.com"));
        p
    }
);
