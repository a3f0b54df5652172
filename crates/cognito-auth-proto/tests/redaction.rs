//! `Debug` of requests and responses that carry passwords, sessions, tokens,
//! secrets or codes shows none of them, while the JSON still carries them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Debug;

use cognito_auth_proto::*;
use serde::Serialize;

/// Asserts that every secret is in the JSON form and none is in `Debug`.
fn hides<T: Debug + Serialize>(value: &T, secrets: &[&str]) {
    let json = serde_json::to_string(value).unwrap();
    let debug = format!("{value:?}");
    let pretty = format!("{value:#?}");
    for s in secrets {
        assert!(json.contains(s), "{s} missing from JSON {json}");
        assert!(!debug.contains(s), "{s} shown by Debug: {debug}");
        assert!(!pretty.contains(s), "{s} shown by pretty Debug");
    }
    assert!(debug.contains("<redacted>"));
}

#[test]
fn sign_up_and_passwords() {
    hides(
        &SignUpRequest {
            client_id: "client".into(),
            secret_hash: Some("c2VjcmV0aGFzaA==".into()),
            username: "alice".into(),
            password: Some("Hunter2-Password!".into()),
            ..Default::default()
        },
        &["c2VjcmV0aGFzaA==", "Hunter2-Password!"],
    );
    hides(
        &ConfirmSignUpRequest {
            client_id: "client".into(),
            username: "alice".into(),
            confirmation_code: "482913".into(),
            session: Some("AYABeSIGNUPSESSION0123456789".into()),
            ..Default::default()
        },
        &["482913", "AYABeSIGNUPSESSION0123456789"],
    );
    hides(
        &ConfirmForgotPasswordRequest {
            client_id: "client".into(),
            username: "alice".into(),
            confirmation_code: "771204".into(),
            password: "N3w-Passw0rd!".into(),
            ..Default::default()
        },
        &["771204", "N3w-Passw0rd!"],
    );
    hides(
        &ChangePasswordRequest {
            previous_password: Some("0ld-Passw0rd!".into()),
            proposed_password: "N3w-Passw0rd!".into(),
            access_token: "eyJhY2Nlc3MiOjF9.e30.c2ln".into(),
        },
        &[
            "0ld-Passw0rd!",
            "N3w-Passw0rd!",
            "eyJhY2Nlc3MiOjF9.e30.c2ln",
        ],
    );
    hides(
        &AdminSetUserPasswordRequest {
            user_pool_id: "us-east-1_abc".into(),
            username: "alice".into(),
            password: "Adm1n-Set-Pw!".into(),
            permanent: Some(true),
        },
        &["Adm1n-Set-Pw!"],
    );
    hides(
        &AdminCreateUserRequest {
            user_pool_id: "us-east-1_abc".into(),
            username: "bob".into(),
            temporary_password: Some("Temp-Passw0rd!".into()),
            ..Default::default()
        },
        &["Temp-Passw0rd!"],
    );
}

#[test]
fn sign_in_parameters_and_sessions() {
    let mut req = InitiateAuthRequest::new(AuthFlow::UserPasswordAuth, "client");
    req.auth_parameters = Some(
        ParamMap::new()
            .with(params::USERNAME, "alice")
            .with(params::PASSWORD, "Hunter2-Password!")
            .with(params::SECRET_HASH, "c2VjcmV0aGFzaA=="),
    );
    req.session = Some("AYABeAUTOSIGNINSESSION0123".into());
    hides(
        &req,
        &[
            "Hunter2-Password!",
            "c2VjcmV0aGFzaA==",
            "AYABeAUTOSIGNINSESSION0123",
        ],
    );
    assert!(format!("{req:?}").contains("alice"));

    for (key, secret) in [
        (params::SMS_MFA_CODE, "123456"),
        (params::SOFTWARE_TOKEN_MFA_CODE, "654321"),
        (params::EMAIL_OTP_CODE, "111222"),
        (params::SMS_OTP_CODE, "333444"),
        (params::NEW_PASSWORD, "N3w-Passw0rd!"),
        (params::ANSWER, "my-custom-answer"),
        (
            params::PASSWORD_CLAIM_SIGNATURE,
            "8QnLTelswNrkTQau8DAjl2LeMk1BnTPWqIutHHKIBBM=",
        ),
        (params::CREDENTIAL, "credential-json-blob"),
    ] {
        let mut r = AdminRespondToAuthChallengeRequest::new(
            "us-east-1_abc",
            "client",
            ChallengeName::SmsMfa,
        );
        r.challenge_responses = Some(
            ParamMap::new()
                .with(params::USERNAME, "alice")
                .with(key, secret),
        );
        r.session = Some("AYABeMFASESSION0123456789".into());
        let json = serde_json::to_string(&r).unwrap();
        let debug = format!("{r:?}");
        assert!(json.contains(secret), "{key} missing from {json}");
        assert!(!debug.contains(secret), "{key} shown: {debug}");
        assert!(!debug.contains("AYABeMFASESSION0123456789"));
    }
}

#[test]
fn tokens() {
    hides(
        &AuthenticationResult {
            access_token: Some("eyJhY2Nlc3MiOjF9.e30.c2ln".into()),
            expires_in: Some(3600),
            token_type: Some("Bearer".into()),
            refresh_token: Some("eyJjdHkiOiJKV1QifQ.a.b.c.d".into()),
            id_token: Some("eyJpZCI6MX0.e30.c2ln".into()),
            new_device_metadata: None,
        },
        &[
            "eyJhY2Nlc3MiOjF9.e30.c2ln",
            "eyJjdHkiOiJKV1QifQ.a.b.c.d",
            "eyJpZCI6MX0.e30.c2ln",
        ],
    );
    hides(
        &GetTokensFromRefreshTokenRequest {
            refresh_token: "eyJjdHkiOiJKV1QifQ.a.b.c.d".into(),
            client_id: "client".into(),
            client_secret: Some("clientsecret0123456789abcdef".into()),
            ..Default::default()
        },
        &["eyJjdHkiOiJKV1QifQ.a.b.c.d", "clientsecret0123456789abcdef"],
    );
    hides(
        &RevokeTokenRequest {
            token: "eyJjdHkiOiJKV1QifQ.a.b.c.d".into(),
            client_id: "client".into(),
            client_secret: Some("clientsecret0123456789abcdef".into()),
            ..Default::default()
        },
        &["eyJjdHkiOiJKV1QifQ.a.b.c.d", "clientsecret0123456789abcdef"],
    );
    hides(
        &GlobalSignOutRequest {
            access_token: "eyJhY2Nlc3MiOjF9.e30.c2ln".into(),
        },
        &["eyJhY2Nlc3MiOjF9.e30.c2ln"],
    );
}

#[test]
fn totp_codes_and_device_verifiers() {
    hides(
        &AssociateSoftwareTokenResponse {
            secret_code: Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".into()),
            session: Some("AYABeMFASETUPSESSION01234".into()),
        },
        &[
            "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
            "AYABeMFASETUPSESSION01234",
        ],
    );
    hides(
        &VerifySoftwareTokenRequest {
            access_token: None,
            session: Some("AYABeMFASETUPSESSION01234".into()),
            user_code: "902118".into(),
            friendly_device_name: Some("phone".into()),
        },
        &["902118", "AYABeMFASETUPSESSION01234"],
    );
    hides(
        &VerifyUserAttributeRequest {
            access_token: "eyJhY2Nlc3MiOjF9.e30.c2ln".into(),
            attribute_name: "email".into(),
            code: "246810".into(),
        },
        &["246810", "eyJhY2Nlc3MiOjF9.e30.c2ln"],
    );
    hides(
        &ConfirmDeviceRequest {
            access_token: "eyJhY2Nlc3MiOjF9.e30.c2ln".into(),
            device_key: "us-east-1_0f1e2d3c-aaaa-bbbb-cccc-000000000000".into(),
            device_secret_verifier_config: Some(DeviceSecretVerifierConfig {
                password_verifier: Some("AKyKaFx0uZ9ktfNffHHkqXcG3GRN".into()),
                salt: Some("ZGV2aWNlc2FsdA==".into()),
            }),
            device_name: Some("laptop".into()),
        },
        &["AKyKaFx0uZ9ktfNffHHkqXcG3GRN", "eyJhY2Nlc3MiOjF9.e30.c2ln"],
    );
    hides(
        &CreateUserPoolClientResponse {
            user_pool_client: Some(UserPoolClient {
                client_id: Some("client".into()),
                client_secret: Some("clientsecret0123456789abcdef".into()),
                ..Default::default()
            }),
        },
        &["clientsecret0123456789abcdef"],
    );
}

#[test]
fn malformed_success_bodies_do_not_leak_tokens() {
    let body = br#"{"AuthenticationResult":{"AccessToken":"eyJraWQiOiJ3bXF3Q2ttbVFuYlluRXJEVGU2MDVOWUdMR0VTSW5iWUVmd3ZBeXJHc053PSJ9","ExpiresIn":"soon"}}"#;
    let e = decode_response::<InitiateAuthResponse>(200, None, body).unwrap_err();
    let DecodeError::Malformed(m) = &e else {
        panic!("expected Malformed, got {e:?}")
    };
    assert_eq!(m.status, 200);
    assert_eq!(m.body_len, body.len());
    assert!(m.raw_excerpt().contains("eyJraWQiOiJ3bXF3"));
    for shown in [format!("{e:?}"), e.to_string()] {
        assert!(!shown.contains("eyJraWQiOiJ3bXF3"), "{shown}");
        assert!(shown.contains("AccessToken"), "{shown}");
        assert!(shown.contains("soon"), "{shown}");
    }
}
