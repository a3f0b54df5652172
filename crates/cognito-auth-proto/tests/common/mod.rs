//! Helpers shared by the integration tests: a table with one entry per
//! operation, so that tests can run over every request and response type.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Debug;

use cognito_auth_proto::{
    Action, DecodeError, Operation, ServiceError, decode_request, decode_response, ops,
};
use serde_json::{Map, Value, json};

/// A decoded value re-encoded as JSON, with its `Debug` text.
pub type Decoded = (Value, String);

/// `decode_response` of an operation's output, type-erased.
pub type DecodeOutput = fn(u16, Option<&str>, &[u8]) -> Result<Decoded, DecodeError>;

/// Type-erased entry points of one operation.
pub struct OpFns {
    pub action: Action,
    /// `decode_request` of the input, re-encoded as JSON, and its `Debug`.
    pub decode_input: fn(&[u8]) -> Result<Decoded, ServiceError>,
    /// `decode_response` of the output, re-encoded as JSON, and its `Debug`.
    pub decode_output: DecodeOutput,
}

impl OpFns {
    pub fn of<O: Operation>() -> Self
    where
        O::Input: Debug,
        O::Output: Debug,
    {
        Self {
            action: O::ACTION,
            decode_input: |body| {
                decode_request::<O::Input>(body)
                    .map(|v| (serde_json::to_value(&v).expect("encodes"), format!("{v:?}")))
            },
            decode_output: |status, header, body| {
                decode_response::<O::Output>(status, header, body)
                    .map(|v| (serde_json::to_value(&v).expect("encodes"), format!("{v:?}")))
            },
        }
    }
}

macro_rules! table {
    ($($op:ident),* $(,)?) => {
        vec![$(OpFns::of::<ops::$op>()),*]
    };
}

/// Every operation with a marker in `ops`.
pub fn all_ops() -> Vec<OpFns> {
    table![
        SignUp,
        ConfirmSignUp,
        ResendConfirmationCode,
        ForgotPassword,
        ConfirmForgotPassword,
        ChangePassword,
        InitiateAuth,
        RespondToAuthChallenge,
        AdminInitiateAuth,
        AdminRespondToAuthChallenge,
        GetTokensFromRefreshToken,
        RevokeToken,
        GlobalSignOut,
        AdminUserGlobalSignOut,
        AssociateSoftwareToken,
        VerifySoftwareToken,
        SetUserMfaPreference,
        AdminSetUserMfaPreference,
        SetUserSettings,
        AdminSetUserSettings,
        StartWebAuthnRegistration,
        CompleteWebAuthnRegistration,
        GetUser,
        UpdateUserAttributes,
        DeleteUser,
        DeleteUserAttributes,
        GetUserAttributeVerificationCode,
        VerifyUserAttribute,
        GetUserAuthFactors,
        ConfirmDevice,
        GetDevice,
        ListDevices,
        ForgetDevice,
        UpdateDeviceStatus,
        AdminCreateUser,
        AdminConfirmSignUp,
        AdminSetUserPassword,
        AdminResetUserPassword,
        AdminGetUser,
        AdminDeleteUser,
        AdminDisableUser,
        AdminEnableUser,
        AdminUpdateUserAttributes,
        AdminDeleteUserAttributes,
        ListUsers,
        CreateGroup,
        GetGroup,
        UpdateGroup,
        DeleteGroup,
        ListGroups,
        AdminAddUserToGroup,
        AdminRemoveUserFromGroup,
        AdminListGroupsForUser,
        ListUsersInGroup,
        CreateUserPool,
        DescribeUserPool,
        UpdateUserPool,
        DeleteUserPool,
        ListUserPools,
        SetUserPoolMfaConfig,
        GetUserPoolMfaConfig,
        CreateUserPoolClient,
        DescribeUserPoolClient,
        UpdateUserPoolClient,
        DeleteUserPoolClient,
        ListUserPoolClients,
    ]
}

/// Shapes whose values are secrets and must be `Sensitive`.
pub const SECRET_SHAPES: &[&str] = &[
    "TokenModelType",
    "SessionType",
    "PasswordType",
    "SecretHashType",
    "ClientSecretType",
    "SecretCodeType",
    "SoftwareTokenMFAUserCodeType",
    "ConfirmationCodeType",
];

/// Members redacted although the model does not mark them: the device SRP
/// verifier allows an offline guess of the device password.
pub const EXTRA_SECRET_MEMBERS: &[&str] = &["PasswordVerifier"];

/// Shapes the model marks sensitive that are identifiers or personal data,
/// not secrets: kept as plain strings so that logs stay useful.
pub const PLAIN_SENSITIVE_SHAPES: &[&str] = &["ClientIdType", "UsernameType", "AttributeValueType"];

pub struct Model {
    pub all_operations: BTreeMap<String, (String, Option<String>)>,
    pub operations: BTreeMap<String, (String, Option<String>)>,
    pub shapes: Map<String, Value>,
}

/// Where the model lives: `COGNITO_IDP_SHAPES`, else the file
/// `cargo xtask model-check` writes. botocore's model is installed from PyPI by
/// that task and never committed, so the tests that need it are `#[ignore]`d
/// in plain `cargo test` runs and run by `cargo xtask model-check`.
pub fn model_path() -> std::path::PathBuf {
    match std::env::var_os("COGNITO_IDP_SHAPES") {
        Some(p) => p.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/botocore/cognito-idp-shapes.json"),
    }
}

/// The message of an ignored test that needs the model.
pub const NEEDS_MODEL: &str = "needs botocore's cognito-idp model; run `cargo xtask model-check`";

/// The model restricted to the operations we cover and the shapes reachable
/// from them. `all_operations` keeps every operation name of the full model.
pub fn model() -> Model {
    let path = model_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}. This test {NEEDS_MODEL}.", path.display()));
    let v: Value = serde_json::from_str(&text).unwrap();
    let all_operations: BTreeMap<String, (String, Option<String>)> = v["operations"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, o)| {
            (
                k.clone(),
                (
                    o["input"].as_str().unwrap().to_owned(),
                    o.get("output").and_then(Value::as_str).map(str::to_owned),
                ),
            )
        })
        .collect();
    let ours: std::collections::BTreeSet<String> = all_ops()
        .iter()
        .map(|o| o.action.as_str().to_owned())
        .collect();
    let operations: BTreeMap<String, (String, Option<String>)> = all_operations
        .iter()
        .filter(|(k, _)| ours.contains(k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let full = v["shapes"].as_object().unwrap();
    let mut keep = std::collections::BTreeSet::new();
    let mut todo: Vec<String> = operations
        .values()
        .flat_map(|(i, o)| std::iter::once(i.clone()).chain(o.clone()))
        .collect();
    while let Some(name) = todo.pop() {
        if !keep.insert(name.clone()) {
            continue;
        }
        let s = &full[&name];
        if let Some(members) = s.get("members").and_then(Value::as_object) {
            todo.extend(
                members
                    .values()
                    .filter_map(|m| m.as_str().map(str::to_owned)),
            );
        }
        for k in ["member", "key", "value"] {
            if let Some(t) = s.get(k).and_then(Value::as_str) {
                todo.push(t.to_owned());
            }
        }
    }
    let shapes = full
        .iter()
        .filter(|(k, _)| keep.contains(k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Model {
        all_operations,
        operations,
        shapes,
    }
}

/// A sample body with every member set. Strings are unique per member so
/// that `Debug` output can be searched for them; `secrets` collects the
/// strings placed in secret shapes.
pub struct Sampler<'a> {
    pub shapes: &'a Map<String, Value>,
    pub n: usize,
    pub secrets: Vec<String>,
    pub plain: Vec<String>,
}

impl<'a> Sampler<'a> {
    pub fn new(shapes: &'a Map<String, Value>) -> Self {
        Self {
            shapes,
            n: 0,
            secrets: Vec::new(),
            plain: Vec::new(),
        }
    }

    pub fn sample(&mut self, shape: &str, label: &str) -> Value {
        let s = &self.shapes[shape];
        match s["type"].as_str().unwrap() {
            "structure" if s.get("document").is_some() => {
                json!({"challenge": "c2FtcGxl", "rp": {"id": "example.com"}, "n": [1, 2.5, true]})
            }
            "structure" => {
                let mut obj = Map::new();
                for (member, mshape) in s["members"].as_object().unwrap() {
                    obj.insert(
                        member.clone(),
                        self.sample(mshape.as_str().unwrap(), member),
                    );
                }
                Value::Object(obj)
            }
            "list" => Value::Array(vec![self.sample(s["member"].as_str().unwrap(), label)]),
            "map" => {
                let mut obj = Map::new();
                obj.insert(
                    format!("key{}", self.n),
                    self.sample(s["value"].as_str().unwrap(), label),
                );
                Value::Object(obj)
            }
            "string" => match s.get("enum") {
                Some(values) => values[0].clone(),
                None => {
                    self.n += 1;
                    let v = format!("v{}x{label}", self.n);
                    if SECRET_SHAPES.contains(&shape) || EXTRA_SECRET_MEMBERS.contains(&label) {
                        self.secrets.push(v.clone());
                    } else {
                        self.plain.push(v.clone());
                    }
                    Value::String(v)
                }
            },
            "boolean" => Value::Bool(true),
            "integer" | "long" => json!(7),
            "timestamp" => json!(1.682955829578E9),
            other => panic!("unexpected shape type {other} for {shape}"),
        }
    }
}
