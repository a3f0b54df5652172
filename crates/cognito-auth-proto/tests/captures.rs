//! Round-trips the wire exchanges of cognito-wire-spec.md (§8 and the real
//! captures quoted in §2–§4): each body decodes into the typed shape, the
//! typed fields say what the capture says, and encoding gives the same JSON
//! back. Values are the spec's (fake where the spec's are fake).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use cognito_auth_proto::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decodes a request body as a server would and checks it re-encodes to the
/// same JSON.
fn request<T: DeserializeOwned + Serialize>(body: &str) -> T {
    let typed: T = decode_request(body.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    same_json(&typed, body);
    typed
}

/// Decodes a 200 response body as a client would and checks it re-encodes
/// to the same JSON.
fn response<T: DeserializeOwned + Serialize>(body: &str) -> T {
    let typed: T = decode_response(200, None, body.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    same_json(&typed, body);
    typed
}

fn same_json<T: Serialize>(typed: &T, body: &str) {
    let original: Value = serde_json::from_str(body).unwrap();
    let encoded = serde_json::to_value(typed).unwrap();
    assert_eq!(encoded, original);
}

#[test]
fn srp_sign_in_initiate() {
    let req: InitiateAuthRequest = request(
        r#"{"AuthFlow":"USER_SRP_AUTH","ClientId":"6upe6ndundkv7f5i9jlo6a8p2t",
            "AuthParameters":{"USERNAME":"alice","SRP_A":"b1ce118779e27c1c015d7a22"}}"#,
    );
    assert_eq!(req.auth_flow, AuthFlow::UserSrpAuth);
    let p = req.auth_parameters.as_ref().unwrap();
    assert_eq!(p.get(params::USERNAME), Some("alice"));
    assert_eq!(p.get(params::SRP_A), Some("b1ce118779e27c1c015d7a22"));
    assert!(req.session.is_none());

    // The real service sends no Session with PASSWORD_VERIFIER.
    let resp: InitiateAuthResponse = response(
        r#"{"ChallengeName":"PASSWORD_VERIFIER",
            "ChallengeParameters":{"SALT":"8ce8291892390f6b53a245933faf6164","SECRET_BLOCK":"AgV4hdAD1==",
              "SRP_B":"9888c0","USERNAME":"alice","USER_ID_FOR_SRP":"alice"}}"#,
    );
    assert_eq!(resp.challenge_name, Some(ChallengeName::PasswordVerifier));
    assert!(resp.session.is_none());
    assert!(resp.authentication_result.is_none());
    let cp = resp.challenge_parameters.unwrap();
    assert_eq!(
        cp.get(params::SALT),
        Some("8ce8291892390f6b53a245933faf6164")
    );
    assert_eq!(cp.get(params::USER_ID_FOR_SRP), Some("alice"));
}

#[test]
fn srp_sign_in_password_verifier_and_tokens() {
    let req: RespondToAuthChallengeRequest = request(
        r#"{"ChallengeName":"PASSWORD_VERIFIER","ClientId":"6upe6ndundkv7f5i9jlo6a8p2t",
            "ChallengeResponses":{"USERNAME":"alice","PASSWORD_CLAIM_SECRET_BLOCK":"AgV4hdAD1==",
              "TIMESTAMP":"Tue Jan 2 15:04:05 UTC 2024",
              "PASSWORD_CLAIM_SIGNATURE":"8QnLTelswNrkTQau8DAjl2LeMk1BnTPWqIutHHKIBBM="}}"#,
    );
    assert_eq!(req.challenge_name, ChallengeName::PasswordVerifier);
    let r = req.challenge_responses.as_ref().unwrap();
    assert_eq!(
        r.get(params::TIMESTAMP),
        Some("Tue Jan 2 15:04:05 UTC 2024")
    );
    assert!(!format!("{req:?}").contains("8QnLTelswNrkTQau8DAjl2LeMk1BnTPWqIutHHKIBBM="));

    let resp: RespondToAuthChallengeResponse = response(
        r#"{"ChallengeParameters":{},"AuthenticationResult":{"AccessToken":"eyJraWQiOiJhIn0.e30.c2ln",
            "ExpiresIn":3600,"TokenType":"Bearer",
            "RefreshToken":"eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.a.b.c.d",
            "IdToken":"eyJraWQiOiJiIn0.e30.c2ln"}}"#,
    );
    assert!(resp.challenge_name.is_none());
    // `ChallengeParameters: {}` next to the tokens is kept as an empty map.
    assert_eq!(resp.challenge_parameters, Some(ParamMap::new()));
    let auth = resp.authentication_result.unwrap();
    assert_eq!(auth.expires_in, Some(3600));
    assert_eq!(auth.token_type.as_deref(), Some("Bearer"));
    assert_eq!(
        auth.access_token.as_ref().map(Sensitive::expose),
        Some("eyJraWQiOiJhIn0.e30.c2ln")
    );
    assert!(auth.refresh_token.is_some());
    assert!(auth.new_device_metadata.is_none());
}

#[test]
fn wrong_password_error() {
    let body =
        br#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#;
    let e = decode_response::<RespondToAuthChallengeResponse>(
        400,
        Some("NotAuthorizedException:"),
        body,
    )
    .unwrap_err();
    let se = e.service_error().unwrap();
    assert_eq!(se.kind, ErrorKind::NotAuthorized);
    assert_eq!(se.message, "Incorrect username or password.");
    assert_eq!(se.to_body(), body.to_vec());
    // Browser clients see no headers: the body alone must do.
    let e = decode_response::<InitiateAuthResponse>(
        400,
        None,
        br#"{"__type":"UserNotConfirmedException","message":"User is not confirmed."}"#,
    )
    .unwrap_err();
    assert_eq!(e.service_error().unwrap().kind, ErrorKind::UserNotConfirmed);
}

#[test]
fn refresh_without_rotation_has_no_refresh_token() {
    let req: InitiateAuthRequest = request(
        r#"{"AuthFlow":"REFRESH_TOKEN_AUTH","ClientId":"6upe6ndundkv7f5i9jlo6a8p2t",
            "AuthParameters":{"REFRESH_TOKEN":"eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.x.y.z.w"}}"#,
    );
    assert_eq!(req.auth_flow, AuthFlow::RefreshTokenAuth);
    assert!(!format!("{req:?}").contains("eyJjdHkiOiJKV1Qi"));
    let resp: InitiateAuthResponse = response(
        r#"{"ChallengeParameters":{},"AuthenticationResult":{"AccessToken":"eyJraWQiOiJhIn0.e30.c2ln",
            "ExpiresIn":3600,"TokenType":"Bearer","IdToken":"eyJraWQiOiJiIn0.e30.c2ln"}}"#,
    );
    let auth = resp.authentication_result.unwrap();
    assert!(auth.refresh_token.is_none());
    assert!(auth.id_token.is_some());
    // Re-encoding does not invent a RefreshToken member.
    let json = serde_json::to_string(&auth).unwrap();
    assert!(!json.contains("RefreshToken"));
}

#[test]
fn choice_based_sign_in_with_email_otp() {
    let req: InitiateAuthRequest = request(
        r#"{"AuthFlow":"USER_AUTH","ClientId":"6upe6ndundkv7f5i9jlo6a8p2t","AuthParameters":{"USERNAME":"alice"}}"#,
    );
    assert_eq!(req.auth_flow, AuthFlow::UserAuth);

    let resp: InitiateAuthResponse = response(
        r#"{"ChallengeName":"SELECT_CHALLENGE","Session":"AYABeBxmN2ZsXcTfW8kDe0zTQYsAHQABAAdTZXJ2aWNl",
            "ChallengeParameters":{},"AvailableChallenges":["PASSWORD","PASSWORD_SRP","EMAIL_OTP"]}"#,
    );
    assert_eq!(resp.challenge_name, Some(ChallengeName::SelectChallenge));
    assert_eq!(
        resp.available_challenges.as_deref(),
        Some(
            &[
                ChallengeName::Password,
                ChallengeName::PasswordSrp,
                ChallengeName::EmailOtp
            ][..]
        )
    );
    let session = resp.session.clone().unwrap();
    assert!(session.expose().starts_with("AYABe"));
    assert!(!format!("{resp:?}").contains("AYABe"));

    let answer: RespondToAuthChallengeRequest = request(
        r#"{"ChallengeName":"SELECT_CHALLENGE","Session":"AYABeBxmN2ZsXcTfW8kDe0zTQYsAHQABAAdTZXJ2aWNl",
            "ClientId":"6upe6ndundkv7f5i9jlo6a8p2t","ChallengeResponses":{"USERNAME":"alice","ANSWER":"EMAIL_OTP"}}"#,
    );
    assert_eq!(answer.session.as_ref(), Some(&session));

    let otp: RespondToAuthChallengeResponse = response(
        r#"{"ChallengeName":"EMAIL_OTP","Session":"AYABfQ2h6xjkR0Xb4lK2a8yWQYsAHQABAAdTZXJ2aWNl",
            "ChallengeParameters":{"CODE_DELIVERY_DELIVERY_MEDIUM":"EMAIL","CODE_DELIVERY_DESTINATION":"a***@e***"}}"#,
    );
    assert_eq!(otp.challenge_name, Some(ChallengeName::EmailOtp));
    let cp = otp.challenge_parameters.unwrap();
    assert_eq!(cp.get(params::CODE_DELIVERY_DELIVERY_MEDIUM), Some("EMAIL"));
    assert_eq!(cp.get(params::CODE_DELIVERY_DESTINATION), Some("a***@e***"));

    let code: RespondToAuthChallengeRequest = request(
        r#"{"ChallengeName":"EMAIL_OTP","Session":"AYABfQ2h6xjkR0Xb4lK2a8yWQYsAHQABAAdTZXJ2aWNl",
            "ClientId":"6upe6ndundkv7f5i9jlo6a8p2t","ChallengeResponses":{"USERNAME":"alice","EMAIL_OTP_CODE":"123456"}}"#,
    );
    assert!(!format!("{code:?}").contains("123456"));
}

#[test]
fn new_password_required_capture() {
    let resp: RespondToAuthChallengeResponse = response(
        r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED",
            "Session":"AYABeC1bT0ZLQ3lxbVhFU2tPc2JtNklFMk13QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB",
            "ChallengeParameters":{"USER_ID_FOR_SRP":"72059404-e3d1-4d6a-b1f8-6a1f8b0e6a11",
              "requiredAttributes":"[]",
              "userAttributes":"{\"custom:status\":\"active\",\"phone_number\":\"+15555550100\",\"email\":\"a@example.com\"}"}}"#,
    );
    assert_eq!(
        resp.challenge_name,
        Some(ChallengeName::NewPasswordRequired)
    );
    let cp = resp.challenge_parameters.unwrap();
    assert_eq!(cp.get(params::REQUIRED_ATTRIBUTES), Some("[]"));
    // Nested values are JSON strings: one more parse gives the attributes.
    let attrs: std::collections::BTreeMap<String, String> =
        serde_json::from_str(cp.get(params::USER_ATTRIBUTES).unwrap()).unwrap();
    assert_eq!(attrs["custom:status"], "active");

    let answer: RespondToAuthChallengeRequest = request(
        r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED","ClientId":"6upe6ndundkv7f5i9jlo6a8p2t",
            "Session":"AYABeC1bT0ZLQ3lxbVhFU2tPc2JtNklFMk13QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB",
            "ChallengeResponses":{"USERNAME":"72059404-e3d1-4d6a-b1f8-6a1f8b0e6a11",
              "NEW_PASSWORD":"N3w-Passw0rd!","userAttributes.given_name":"Alice"}}"#,
    );
    let dbg = format!("{answer:?}");
    assert!(!dbg.contains("N3w-Passw0rd!"));
    assert!(dbg.contains("userAttributes.given_name"));
}

#[test]
fn admin_get_user_with_java_style_timestamps() {
    let resp: AdminGetUserResponse = response(
        r#"{"Enabled":true,
            "UserAttributes":[{"Name":"sub","Value":"d16b4aa8-8633-4abd-93b3-5062a8e1b5f8"},
              {"Name":"email_verified","Value":"true"},{"Name":"email","Value":"testuser@example.com"}],
            "UserCreateDate":1.682955829578E9,"UserLastModifiedDate":1.689030181063E9,
            "UserStatus":"CONFIRMED","Username":"testuser"}"#,
    );
    assert_eq!(resp.username, "testuser");
    assert_eq!(resp.user_status, Some(UserStatus::Confirmed));
    assert_eq!(resp.enabled, Some(true));
    assert_eq!(resp.user_create_date.unwrap().as_secs(), 1_682_955_829);
    assert_eq!(
        resp.user_last_modified_date.unwrap().as_secs(),
        1_689_030_181
    );
    let attrs = resp.user_attributes.unwrap();
    assert_eq!(attrs[0].name, "sub");
    // Integers (as some tools send them) decode too.
    let resp: AdminGetUserResponse = response(r#"{"Username":"u","UserCreateDate":1682955829}"#);
    assert_eq!(resp.user_create_date.unwrap().as_secs(), 1_682_955_829);
}

#[test]
fn admin_create_user_capture() {
    let req: AdminCreateUserRequest = request(
        r#"{"UserPoolId":"us-east-1_mrk4RyjYz","Username":"bob","TemporaryPassword":"Temp-Passw0rd!",
            "UserAttributes":[{"Name":"email","Value":"bob@example.com"}],"MessageAction":"SUPPRESS",
            "DesiredDeliveryMediums":["EMAIL"]}"#,
    );
    assert_eq!(req.message_action, Some(MessageAction::Suppress));
    assert!(!format!("{req:?}").contains("Temp-Passw0rd!"));
    let resp: AdminCreateUserResponse = response(
        r#"{"User":{"Username":"bob","Attributes":[{"Name":"email","Value":"bob@example.com"},
            {"Name":"sub","Value":"5f1a1b2c-0000-4000-8000-000000000001"}],
            "UserCreateDate":1.729523445337E9,"UserLastModifiedDate":1.729523445337E9,
            "Enabled":true,"UserStatus":"FORCE_CHANGE_PASSWORD"}}"#,
    );
    let user = resp.user.unwrap();
    assert_eq!(user.user_status, Some(UserStatus::ForceChangePassword));
    assert_eq!(user.attributes.unwrap().last().unwrap().name, "sub");
}

#[test]
fn sign_up_and_forgot_password_code_delivery() {
    let resp: SignUpResponse = response(
        r#"{"UserConfirmed":false,"UserSub":"1c4f6d3e-0000-4000-8000-000000000002",
            "CodeDeliveryDetails":{"Destination":"j***@g***","DeliveryMedium":"EMAIL","AttributeName":"email"},
            "Session":"AYABeGx2c2lnbnVwc2Vzc2lvbmV4YW1wbGU"}"#,
    );
    assert!(!resp.user_confirmed);
    let cdd = resp.code_delivery_details.unwrap();
    assert_eq!(cdd.delivery_medium, Some(DeliveryMedium::Email));
    assert_eq!(cdd.destination.as_deref(), Some("j***@g***"));

    let resp: ForgotPasswordResponse = response(
        r#"{"CodeDeliveryDetails":{"Destination":"+********1234","DeliveryMedium":"SMS","AttributeName":"phone_number"}}"#,
    );
    assert_eq!(
        resp.code_delivery_details.unwrap().delivery_medium,
        Some(DeliveryMedium::Sms)
    );
}

#[test]
fn empty_outputs_are_empty_objects() {
    for body in [&b"{}"[..], b""] {
        let _: GlobalSignOutResponse = decode_response(200, None, body).unwrap();
        let _: ConfirmForgotPasswordResponse = decode_response(200, None, body).unwrap();
        let _: DeleteUserResponse = decode_response(200, None, body).unwrap();
    }
    assert_eq!(
        serde_json::to_string(&SetUserMfaPreferenceResponse {}).unwrap(),
        "{}"
    );
    assert_eq!(
        serde_json::to_string(&AdminDeleteUserResponse::default()).unwrap(),
        "{}"
    );
    // Members a newer service adds are ignored.
    let _: RevokeTokenResponse = decode_response(200, None, br#"{"NewThing":1}"#).unwrap();
}

#[test]
fn unknown_enum_values_survive_a_round_trip() {
    let resp: InitiateAuthResponse = response(
        r#"{"ChallengeName":"QUANTUM_MFA","Session":"AYABeHF1YW50dW1zZXNzaW9uMTIzNDU2","ChallengeParameters":{}}"#,
    );
    assert_eq!(
        resp.challenge_name,
        Some(ChallengeName::Unknown("QUANTUM_MFA".into()))
    );
}
