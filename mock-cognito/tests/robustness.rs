//! Arbitrary input never panics and always gets a Cognito-shaped answer.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use support::Mock;

const ACTIONS: &[&str] = &[
    "SignUp",
    "ConfirmSignUp",
    "ResendConfirmationCode",
    "ForgotPassword",
    "ConfirmForgotPassword",
    "ChangePassword",
    "GetUser",
    "UpdateUserAttributes",
    "DeleteUser",
    "InitiateAuth",
    "RespondToAuthChallenge",
    "AdminInitiateAuth",
    "AdminRespondToAuthChallenge",
    "GetTokensFromRefreshToken",
    "RevokeToken",
    "GlobalSignOut",
    "AdminUserGlobalSignOut",
    "CreateUserPool",
    "DescribeUserPool",
    "UpdateUserPool",
    "ListUserPools",
    "CreateUserPoolClient",
    "DescribeUserPoolClient",
    "UpdateUserPoolClient",
    "ListUserPoolClients",
    "AdminCreateUser",
    "AdminConfirmSignUp",
    "AdminSetUserPassword",
    "AdminGetUser",
    "AdminDeleteUser",
    "AdminDisableUser",
    "AdminEnableUser",
    "AdminUpdateUserAttributes",
    "ListUsers",
    "SetUserPoolMfaConfig",
    "GetUserPoolMfaConfig",
    "AdminSetUserMFAPreference",
    "SetUserMFAPreference",
    "VerifyUserAttribute",
    "GetUserAttributeVerificationCode",
    "AdminResetUserPassword",
    "Bogus",
];

const KEYS: &[&str] = &[
    "ClientId",
    "Username",
    "Password",
    "UserPoolId",
    "AuthFlow",
    "AuthParameters",
    "ChallengeName",
    "ChallengeResponses",
    "Session",
    "AccessToken",
    "RefreshToken",
    "Token",
    "ConfirmationCode",
    "UserAttributes",
    "PoolName",
    "ClientName",
    "Filter",
    "Limit",
    "PaginationToken",
    "MaxResults",
    "ExplicitAuthFlows",
    "Policies",
    "USERNAME",
    "PASSWORD",
    "SRP_A",
    "Name",
    "Value",
    "Permanent",
    "MessageAction",
    "TemporaryPassword",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[a-zA-Z0-9_+=/ .:@-]{0,40}".prop_map(Value::String),
        prop::sample::select(vec![
            "USER_PASSWORD_AUTH",
            "USER_SRP_AUTH",
            "REFRESH_TOKEN_AUTH",
            "PASSWORD_VERIFIER",
            "NEW_PASSWORD_REQUIRED",
            "USER_AUTH",
            "CUSTOM_AUTH",
            "ADMIN_USER_PASSWORD_AUTH",
            "username = \"a\"",
            "email ^= \"",
            "FFFF",
            "0"
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS.to_vec()), inner), 0..6).prop_map(
                |kv| {
                    let mut m = Map::new();
                    for (k, v) in kv {
                        m.insert(k.to_owned(), v);
                    }
                    Value::Object(m)
                }
            ),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_requests_get_cognito_shaped_answers(
        calls in prop::collection::vec((prop::sample::select(ACTIONS.to_vec()), json_value(), any::<bool>()), 1..8)
    ) {
        let m = Mock::new();
        for (action, mut body, use_real_ids) in calls {
            if use_real_ids
                && let Value::Object(o) = &mut body {
                    o.insert("ClientId".into(), json!(m.client));
                    o.insert("UserPoolId".into(), json!(m.pool));
                }
            let a = m.call(action, body);
            prop_assert!(matches!(a.status, 200 | 400 | 413 | 500), "status {}", a.status);
            prop_assert_eq!(a.header("content-type"), Some("application/x-amz-json-1.1"));
            if a.status != 200 {
                prop_assert!(a.body["__type"].is_string(), "{}", a.body);
                prop_assert!(a.body["message"].is_string(), "{}", a.body);
                prop_assert!(a.header("x-amzn-errortype").is_some());
            }
        }
        // The configured pool and client are intact.
        let d = m.call("DescribeUserPoolClient", json!({"UserPoolId": m.pool, "ClientId": m.client}));
        prop_assert_eq!(d.status, 200);
    }

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..256), action in prop::sample::select(ACTIONS.to_vec())) {
        let m = Mock::new();
        let a = m.raw(Some(action), &body);
        prop_assert!(a.status == 200 || a.body["__type"].is_string());
    }
}
