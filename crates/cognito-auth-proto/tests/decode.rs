//! `decode_request` (server side) and `decode_response` (client side) on
//! edge cases: empty bodies, nulls, unknown members, wrong JSON, wrong types,
//! missing members, error statuses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use cognito_auth_proto::*;

fn err<T: std::fmt::Debug>(r: Result<T, ServiceError>) -> ServiceError {
    r.expect_err("expected an error")
}

const NULL_MSG: &str = "failed to satisfy constraint: Member must not be null";

#[test]
fn empty_and_blank_bodies_count_as_empty_objects() {
    for body in [&b""[..], b"   ", b"\r\n\t", b"{}"] {
        let r: AssociateSoftwareTokenRequest = decode_request(body).unwrap();
        assert_eq!(r, AssociateSoftwareTokenRequest::default());
        let e = err(decode_request::<GetUserRequest>(body));
        assert_eq!(e.kind, ErrorKind::InvalidParameter);
        assert_eq!(
            e.message,
            format!("1 validation error detected: Value null at 'accessToken' {NULL_MSG}")
        );
    }
}

#[test]
fn every_missing_member_is_listed_in_model_order() {
    let e = err(decode_request::<AdminRespondToAuthChallengeRequest>(b"{}"));
    assert_eq!(e.kind, ErrorKind::InvalidParameter);
    assert_eq!(
        e.message,
        format!(
            "3 validation errors detected: Value null at 'userPoolId' {NULL_MSG}; \
             Value null at 'clientId' {NULL_MSG}; Value null at 'challengeName' {NULL_MSG}"
        )
    );
    let e = err(decode_request::<SetUserMfaPreferenceRequest>(
        br#"{"SMSMfaSettings":{"Enabled":true}}"#,
    ));
    assert!(
        e.message
            .starts_with("1 validation error detected: Value null at 'accessToken'")
    );
}

#[test]
fn nested_required_members_carry_their_path() {
    let e = err(decode_request::<CreateUserPoolRequest>(
        br#"{"PoolName":"p","AccountRecoverySetting":{"RecoveryMechanisms":[{"Priority":1,"Name":"verified_email"},{"Priority":2}]},
            "UserPoolAddOns":{}}"#,
    ));
    assert_eq!(
        e.message,
        format!(
            "2 validation errors detected: \
             Value null at 'accountRecoverySetting.recoveryMechanisms.2.member.name' {NULL_MSG}; \
             Value null at 'userPoolAddOns.advancedSecurityMode' {NULL_MSG}"
        )
    );
}

#[test]
fn null_members_are_absent() {
    let r: SignUpRequest = decode_request(
        br#"{"ClientId":"c","Username":"u","Password":null,"UserAttributes":null,"SecretHash":null}"#,
    )
    .unwrap();
    assert!(r.password.is_none() && r.user_attributes.is_none() && r.secret_hash.is_none());
    let e = err(decode_request::<SignUpRequest>(
        br#"{"ClientId":null,"Username":"u"}"#,
    ));
    assert_eq!(
        e.message,
        format!("1 validation error detected: Value null at 'clientId' {NULL_MSG}")
    );
}

#[test]
fn unknown_members_are_ignored() {
    let r: InitiateAuthRequest = decode_request(
        br#"{"AuthFlow":"USER_SRP_AUTH","ClientId":"c","FutureMember":{"x":[1,2]},"AuthParameters":{"USERNAME":"a"}}"#,
    )
    .unwrap();
    assert_eq!(r.client_id, "c");
    let resp: GetUserResponse = decode_response(
        200,
        None,
        br#"{"Username":"u","UserAttributes":[],"BrandNew":true}"#,
    )
    .unwrap();
    assert_eq!(resp.username, "u");
}

#[test]
fn malformed_json_is_a_serialization_exception() {
    for body in [
        &b"{"[..],
        b"{\"ClientId\":}",
        b"{} trailing",
        b"not json",
        b"{\"a\":1,}",
        b"\xff\xfe{}",
        b"{\"ClientId\":\"\xc3\x28\"}",
    ] {
        let e = err(decode_request::<SignUpRequest>(body));
        assert_eq!(e.kind, ErrorKind::Serialization, "{body:?}");
        assert!(!e.message.is_empty());
        assert_eq!(e.http_status(), 400);
    }
}

#[test]
fn non_object_bodies_are_serialization_exceptions() {
    for (body, msg) in [
        (&b"[]"[..], "Start of list found where not expected"),
        (
            b"[{\"ClientId\":\"c\"}]",
            "Start of list found where not expected",
        ),
        (
            b"null",
            "Expected a JSON object as the request body, found null",
        ),
        (
            b"\"x\"",
            "Expected a JSON object as the request body, found a string",
        ),
        (
            b"42",
            "Expected a JSON object as the request body, found a number",
        ),
        (
            b"true",
            "Expected a JSON object as the request body, found a boolean",
        ),
    ] {
        let e = err(decode_request::<GlobalSignOutRequest>(body));
        assert_eq!(e.kind, ErrorKind::Serialization);
        assert_eq!(e.message, msg);
    }
}

#[test]
fn wrong_member_types_are_serialization_exceptions() {
    for (body, msg) in [
        (
            &br#"{"ClientId":"c","Username":"u","ConfirmationCode":{"verificationCode":"1"}}"#[..],
            "Start of structure or map found where not expected",
        ),
        (
            br#"{"ClientId":"c","Username":"u","ConfirmationCode":["1"]}"#,
            "Start of list found where not expected",
        ),
        (
            br#"{"ClientId":"c","Username":"u","ConfirmationCode":123456}"#,
            "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String",
        ),
    ] {
        let e = err(decode_request::<ConfirmSignUpRequest>(body));
        assert_eq!(e.kind, ErrorKind::Serialization);
        assert_eq!(e.message, msg);
    }
    for body in [
        &br#"{"ClientId":"c","Username":"u","ConfirmationCode":"1","ForceAliasCreation":"yes"}"#[..],
        br#"{"ClientId":"c","Username":"u","ConfirmationCode":"1","ClientMetadata":{"k":1}}"#,
        br#"{"ClientId":"c","Username":"u","ConfirmationCode":"1","UserContextData":"x"}"#,
    ] {
        let e = err(decode_request::<ConfirmSignUpRequest>(body));
        assert_eq!(e.kind, ErrorKind::Serialization, "{e}");
    }
    let e = err(decode_request::<ListUsersRequest>(
        br#"{"UserPoolId":"p","Limit":99999999999}"#,
    ));
    assert_eq!(e.kind, ErrorKind::Serialization);
    let e = err(decode_request::<ListUsersRequest>(
        br#"{"UserPoolId":"p","Limit":1.5}"#,
    ));
    assert_eq!(e.kind, ErrorKind::Serialization);
}

#[test]
fn deep_nesting_is_rejected_without_overflowing_the_stack() {
    let deep = format!(
        "{{\"ClientMetadata\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let e = err(decode_request::<SignUpRequest>(deep.as_bytes()));
    assert_eq!(e.kind, ErrorKind::Serialization);
    let deep_obj = format!("{}{}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
    let e = err(decode_request::<SignUpRequest>(deep_obj.as_bytes()));
    assert_eq!(e.kind, ErrorKind::Serialization);
}

#[test]
fn large_hostile_bodies_are_answered_within_a_pass_budget() {
    let mut body = String::from(r#"{"ClientId":"c","Username":"u","UserAttributes":["#);
    body.push_str(&vec![r#"{"Value":"x"}"#; 100_000].join(","));
    body.push_str("]}");
    let e = err(decode_request::<SignUpRequest>(body.as_bytes()));
    assert_eq!(e.kind, ErrorKind::InvalidParameter);
    // Only a few extra passes over 1.3 MB: the first members are named.
    assert!(
        e.message.contains("'userAttributes.1.member.name'"),
        "{}",
        e.message
    );
    assert!(!e.message.contains("'userAttributes.100.member.name'"));
    // A small body gets every member (up to 16).
    let small = format!(
        r#"{{"ClientId":"c","Username":"u","UserAttributes":[{}]}}"#,
        vec![r#"{"Value":"x"}"#; 20].join(",")
    );
    let e = err(decode_request::<SignUpRequest>(small.as_bytes()));
    assert!(
        e.message.starts_with("16 validation errors detected: "),
        "{}",
        e.message
    );
}

#[test]
fn response_statuses() {
    // 2xx with the shape.
    let r: ConfirmDeviceResponse =
        decode_response(200, None, br#"{"UserConfirmationNecessary":true}"#).unwrap();
    assert_eq!(r.user_confirmation_necessary, Some(true));
    // Empty output with an empty body.
    let _: UpdateDeviceStatusResponse = decode_response(204, None, b"").unwrap();

    // Error statuses are service errors whatever the body.
    let e = decode_response::<ConfirmDeviceResponse>(
        500,
        None,
        br#"{"__type":"InternalErrorException","message":"Internal server error."}"#,
    )
    .unwrap_err();
    assert_eq!(e.service_error().unwrap().kind, ErrorKind::InternalError);
    let e = decode_response::<ConfirmDeviceResponse>(
        400,
        Some("aws.cognito#CodeMismatchException:http://internal"),
        br#"{"message":"Invalid code"}"#,
    )
    .unwrap_err();
    assert_eq!(e.service_error().unwrap().kind, ErrorKind::CodeMismatch);
    assert_eq!(e.to_string(), "CodeMismatchException: Invalid code");
    let e = decode_response::<ConfirmDeviceResponse>(502, None, b"<html>Bad Gateway</html>")
        .unwrap_err();
    let se = e.service_error().unwrap();
    assert_eq!(se.kind.as_str(), "UnknownError");
    assert!(se.message.contains("Bad Gateway"));

    // 2xx bodies that do not fit.
    for body in [
        &b"<html/>"[..],
        b"[]",
        b"{\"UserConfirmationNecessary\":\"yes\"}",
        b"null",
    ] {
        let e = decode_response::<ConfirmDeviceResponse>(200, None, body).unwrap_err();
        let DecodeError::Malformed(m) = &e else {
            panic!("{e:?}")
        };
        assert!(!m.reason.is_empty());
        assert!(e.service_error().is_none());
    }
    // A 2xx without a required member.
    let e =
        decode_response::<SignUpResponse>(200, None, br#"{"UserConfirmed":false}"#).unwrap_err();
    assert!(e.to_string().contains("UserSub"), "{e}");
}

#[test]
fn ops_markers_tie_actions_to_types() {
    fn decode<O: Operation>(body: &[u8]) -> Result<O::Input, ServiceError> {
        decode_request::<O::Input>(body)
    }
    let r = decode::<ops::InitiateAuth>(br#"{"AuthFlow":"USER_AUTH","ClientId":"c"}"#).unwrap();
    assert_eq!(r.auth_flow, AuthFlow::UserAuth);
    assert_eq!(ops::InitiateAuth::ACTION, Action::InitiateAuth);
    assert_eq!(
        <ops::SetUserMfaPreference as Operation>::ACTION.target(),
        "AWSCognitoIdentityProviderService.SetUserMFAPreference"
    );
    assert!(ops::ALL.contains(&Action::ListUserPoolClients));
    // Every marker's action resolves from its own X-Amz-Target.
    for a in ops::ALL {
        assert_eq!(Action::from_target(&a.target()).as_ref(), Some(a));
    }
}
