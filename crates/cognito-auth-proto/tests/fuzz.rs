//! Property tests: whatever bytes or JSON arrive, decoding never panics and
//! answers only with the value, a `SerializationException` or an
//! `InvalidParameterException` worded like the service (servers), or a
//! service error / malformed-body error (clients).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::OnceLock;

use cognito_auth_proto::{DecodeError, ErrorKind, ServiceError};
use common::{OpFns, Sampler, all_ops, model};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn ops() -> &'static [OpFns] {
    static OPS: OnceLock<Vec<OpFns>> = OnceLock::new();
    OPS.get_or_init(all_ops)
}

/// Member names of the model (to reach deep into shapes) and one fully
/// populated input body per operation (index-aligned with `ops()`).
struct Corpus {
    names: Vec<String>,
    enum_values: Vec<String>,
    samples: Vec<Value>,
}

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        if !common::model_path().exists() {
            return fallback_corpus();
        }
        let m = model();
        let mut names = std::collections::BTreeSet::new();
        let mut enum_values = std::collections::BTreeSet::new();
        for s in m.shapes.values() {
            if let Some(members) = s.get("members").and_then(Value::as_object) {
                names.extend(members.keys().cloned());
            }
            if let Some(values) = s.get("enum").and_then(Value::as_array) {
                enum_values.extend(values.iter().filter_map(Value::as_str).map(str::to_owned));
            }
        }
        let samples = ops()
            .iter()
            .map(|op| {
                let (input, _) = &m.operations[op.action.as_str()];
                Sampler::new(&m.shapes).sample(input, "root")
            })
            .collect();
        Corpus {
            names: names.into_iter().collect(),
            enum_values: enum_values.into_iter().collect(),
            samples,
        }
    })
}

/// Without botocore's model (plain `cargo test`): member names and enum
/// values from our own types, so the generic properties still reach past the
/// top level. `samples` stays empty; the test that needs them is ignored.
fn fallback_corpus() -> Corpus {
    use cognito_auth_proto::{
        AuthFactor, AuthFlow, ChallengeName, DeliveryMedium, ExplicitAuthFlow,
    };
    let names = [
        "ClientId",
        "Username",
        "Password",
        "SecretHash",
        "UserAttributes",
        "ValidationData",
        "Name",
        "Value",
        "ClientMetadata",
        "AuthFlow",
        "AuthParameters",
        "ChallengeName",
        "ChallengeResponses",
        "Session",
        "AccessToken",
        "RefreshToken",
        "UserPoolId",
        "ConfirmationCode",
        "UserCode",
        "Token",
        "PoolName",
        "Policies",
        "PasswordPolicy",
        "MinimumLength",
        "ExplicitAuthFlows",
        "Limit",
        "Filter",
        "SMSMfaSettings",
        "Enabled",
        "PreferredMfa",
        "DeviceKey",
        "UserContextData",
        "EncodedData",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let enum_values = ChallengeName::KNOWN
        .iter()
        .map(|v| v.as_str().to_owned())
        .chain(AuthFlow::KNOWN.iter().map(|v| v.as_str().to_owned()))
        .chain(AuthFactor::KNOWN.iter().map(|v| v.as_str().to_owned()))
        .chain(DeliveryMedium::KNOWN.iter().map(|v| v.as_str().to_owned()))
        .chain(
            ExplicitAuthFlow::KNOWN
                .iter()
                .map(|v| v.as_str().to_owned()),
        )
        .collect();
    Corpus {
        names,
        enum_values,
        samples: Vec::new(),
    }
}

/// Checks the server-side contract for one body against every operation.
fn check_request_body(body: &[u8]) -> Result<(), TestCaseError> {
    for op in ops() {
        match (op.decode_input)(body) {
            Ok((value, _)) => {
                // What decoded re-encodes to something that decodes the same.
                let again = (op.decode_input)(&serde_json::to_vec(&value).unwrap());
                prop_assert_eq!(again.map(|(v, _)| v).ok(), Some(value), "{}", op.action);
            }
            Err(e) => check_service_error(&e, op)?,
        }
    }
    Ok(())
}

fn check_service_error(e: &ServiceError, op: &OpFns) -> Result<(), TestCaseError> {
    match e.kind {
        ErrorKind::Serialization => prop_assert!(!e.message.is_empty()),
        ErrorKind::InvalidParameter => {
            let (count, rest) = e
                .message
                .split_once(' ')
                .ok_or_else(|| TestCaseError::fail(e.message.clone()))?;
            let n: usize = count
                .parse()
                .map_err(|_| TestCaseError::fail(e.message.clone()))?;
            prop_assert!((1..=16).contains(&n), "{}", e.message);
            let noun = if n == 1 { "error" } else { "errors" };
            let prefix = format!("validation {noun} detected: ");
            prop_assert!(rest.starts_with(&prefix), "{}", e.message);
            let details: Vec<&str> = rest[prefix.len()..].split("; ").collect();
            prop_assert_eq!(details.len(), n, "{}", &e.message);
            for d in details {
                prop_assert!(d.starts_with("Value null at '"), "{}", d);
                prop_assert!(
                    d.ends_with("' failed to satisfy constraint: Member must not be null"),
                    "{}",
                    d
                );
            }
        }
        ref other => prop_assert!(false, "{}: unexpected {other:?}: {}", op.action, e.message),
    }
    Ok(())
}

fn json_value() -> impl Strategy<Value = Value> {
    let c = corpus();
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[ -~]{0,12}".prop_map(Value::String),
        proptest::sample::select(c.enum_values.clone()).prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(corpus().names.clone()),
        1 => "[A-Za-z_:.]{0,12}",
    ]
}

/// Paths of every value inside `v` (object members and list elements).
fn paths(v: &Value, cur: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                cur.push(PathStep::Key(k.clone()));
                out.push(cur.clone());
                paths(x, cur, out);
                cur.pop();
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                cur.push(PathStep::Index(i));
                out.push(cur.clone());
                paths(x, cur, out);
                cur.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

#[derive(Clone, Debug)]
enum Mutation {
    Remove,
    Null,
    Replace(Value),
}

/// Applies `mutation` at `path` (which exists in `v`).
fn mutate(v: &mut Value, path: &[PathStep], mutation: Mutation) {
    let Some((last, parent_path)) = path.split_last() else {
        return;
    };
    let mut parent = &mut *v;
    for step in parent_path {
        parent = match step {
            PathStep::Key(k) => parent.get_mut(k.as_str()).unwrap(),
            PathStep::Index(i) => parent.get_mut(*i).unwrap(),
        };
    }
    match (last, parent) {
        (PathStep::Key(k), Value::Object(m)) => match mutation {
            Mutation::Remove => {
                m.remove(k);
            }
            Mutation::Null => {
                m.insert(k.clone(), Value::Null);
            }
            Mutation::Replace(x) => {
                m.insert(k.clone(), x);
            }
        },
        (PathStep::Index(i), Value::Array(items)) => match mutation {
            Mutation::Remove => {
                items.remove(*i);
            }
            Mutation::Null => items[*i] = Value::Null,
            Mutation::Replace(x) => items[*i] = x,
        },
        _ => unreachable!("path exists"),
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => Just(Mutation::Remove),
        1 => Just(Mutation::Null),
        2 => json_value().prop_map(Mutation::Replace),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..256)) {
        check_request_body(&body)?;
    }

    #[test]
    fn json_like_text_never_panics(body in r#"[{}\[\]":,0-9a-zA-Z .eE+\\-]{0,160}"#) {
        check_request_body(body.as_bytes())?;
    }

    #[test]
    fn arbitrary_json_values_never_panic(v in json_value()) {
        check_request_body(&serde_json::to_vec(&v).unwrap())?;
    }

    #[test]
    #[ignore = "needs botocore's cognito-idp model; run `cargo xtask model-check`"]
    fn arbitrary_json_objects_with_model_member_names(
        members in proptest::collection::vec((key(), json_value()), 0..10)
    ) {
        let v = Value::Object(members.into_iter().collect());
        check_request_body(&serde_json::to_vec(&v).unwrap())?;
    }

    #[test]
    #[ignore = "needs botocore's cognito-idp model; run `cargo xtask model-check`"]
    fn mutated_valid_requests(
        op_index in 0usize..66,
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), mutation()), 1..4),
    ) {
        let op = &ops()[op_index % ops().len()];
        let mut body = corpus().samples[op_index % ops().len()].clone();
        for (at, m) in edits {
            let mut all = Vec::new();
            paths(&body, &mut Vec::new(), &mut all);
            if all.is_empty() {
                break;
            }
            let path = all[at.index(all.len())].clone();
            mutate(&mut body, &path, m);
        }
        let bytes = serde_json::to_vec(&body).unwrap();
        match (op.decode_input)(&bytes) {
            Ok(_) => {}
            Err(e) => check_service_error(&e, op)?,
        }
        // And against every other operation too.
        check_request_body(&bytes)?;
    }

    #[test]
    fn responses_never_panic(
        status in 100u16..600,
        header in proptest::option::of("[ -~]{0,40}"),
        body in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..200),
            json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        ],
    ) {
        for op in ops() {
            match (op.decode_output)(status, header.as_deref(), &body) {
                Ok(_) => prop_assert!((200..300).contains(&status)),
                Err(DecodeError::Service(_)) => prop_assert!(!(200..300).contains(&status)),
                Err(DecodeError::Malformed(m)) => {
                    prop_assert!((200..300).contains(&status));
                    prop_assert_eq!(m.status, status);
                    prop_assert_eq!(m.body_len, body.len());
                    // Display and Debug work on any input.
                    let _ = format!("{m:?} {m}");
                }
            }
        }
    }
}
