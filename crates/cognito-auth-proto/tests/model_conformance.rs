//! Checks every request and response type against botocore's cognito-idp
//! model (installed from PyPI by `cargo xtask model-check`; the shapes reachable from the
//! operations we cover): for each operation a body with *every* member set
//! decodes and re-encodes unchanged (so every member name and type is right),
//! removing a required member is rejected with its path, removing an optional
//! one is accepted, and `Debug` hides the values of secret members.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use common::{PLAIN_SENSITIVE_SHAPES, SECRET_SHAPES, Sampler, model};

use cognito_auth_proto::{DecodeError, ErrorKind, ops};
use serde_json::{Map, Value, json};

/// Every member position in a sample: (path to the containing object,
/// member name, required?). Lists contribute their first element.
fn members(
    shapes: &Map<String, Value>,
    shape: &str,
    path: &mut Vec<PathSeg>,
    out: &mut Vec<(Vec<PathSeg>, String, bool)>,
) {
    let s = &shapes[shape];
    match s["type"].as_str().unwrap() {
        "structure" if s.get("document").is_none() => {
            let required: BTreeSet<&str> = s
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for (member, mshape) in s["members"].as_object().unwrap() {
                out.push((
                    path.clone(),
                    member.clone(),
                    required.contains(member.as_str()),
                ));
                path.push(PathSeg::Key(member.clone()));
                members(shapes, mshape.as_str().unwrap(), path, out);
                path.pop();
            }
        }
        "list" => {
            path.push(PathSeg::First);
            members(shapes, s["member"].as_str().unwrap(), path, out);
            path.pop();
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum PathSeg {
    Key(String),
    First,
}

fn object_at<'a>(v: &'a mut Value, path: &[PathSeg]) -> &'a mut Map<String, Value> {
    let mut cur = v;
    for seg in path {
        cur = match seg {
            PathSeg::Key(k) => cur.get_mut(k).unwrap(),
            PathSeg::First => cur.get_mut(0).unwrap(),
        };
    }
    cur.as_object_mut().unwrap()
}

/// The service's rendering of a member path (`userAttributes.1.member.name`).
fn service_path(path: &[PathSeg], member: &str) -> String {
    fn lower(s: &str) -> String {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect())
            .unwrap_or_default()
    }
    let mut parts: Vec<String> = path
        .iter()
        .map(|s| match s {
            PathSeg::Key(k) => lower(k),
            PathSeg::First => "1.member".to_owned(),
        })
        .collect();
    parts.push(lower(member));
    parts.join(".")
}

/// The list a server uses to tell "not implemented" from "no such operation".
#[test]
#[ignore = "needs botocore's cognito-idp model; run `cargo xtask model-check`"]
fn service_operations_are_exactly_the_models() {
    let m = model();
    let theirs: Vec<&str> = m.all_operations.keys().map(String::as_str).collect();
    assert_eq!(cognito_auth_proto::SERVICE_OPERATIONS, theirs.as_slice());
}

#[test]
#[ignore = "needs botocore's cognito-idp model; run `cargo xtask model-check`"]
fn every_operation_we_cover_is_in_the_model_with_a_marker() {
    let m = model();
    let ours: BTreeSet<String> = ops::ALL.iter().map(|a| a.as_str().to_owned()).collect();
    let missing: Vec<&String> = ours
        .iter()
        .filter(|o| !m.all_operations.contains_key(*o))
        .collect();
    assert!(missing.is_empty(), "not in botocore's model: {missing:?}");
    let theirs: BTreeSet<String> = m.operations.keys().cloned().collect();
    assert_eq!(ours, theirs);
    assert_eq!(ops::ALL.len(), 66);
    assert!(ops::ALL.iter().all(|a| !a.is_unknown()));
    let table: BTreeSet<String> = common::all_ops()
        .iter()
        .map(|o| o.action.as_str().to_owned())
        .collect();
    assert_eq!(table, theirs);
}

#[test]
#[ignore = "needs botocore's cognito-idp model; run `cargo xtask model-check`"]
fn model_sensitive_shapes_are_all_classified() {
    let m = model();
    for (name, s) in &m.shapes {
        if s.get("sensitive").is_some() && s["type"] == "string" {
            assert!(
                SECRET_SHAPES.contains(&name.as_str())
                    || PLAIN_SENSITIVE_SHAPES.contains(&name.as_str()),
                "sensitive shape {name} is neither a secret nor known plain"
            );
        }
    }
}

#[test]
#[ignore = "needs botocore's cognito-idp model; run `cargo xtask model-check`"]
fn fully_populated_inputs_round_trip_exactly() {
    let m = model();
    for op in common::all_ops() {
        let (input, _) = &m.operations[op.action.as_str()];
        let mut sampler = Sampler {
            shapes: &m.shapes,
            n: 0,
            secrets: vec![],
            plain: vec![],
        };
        let body = sampler.sample(input, "root");
        let bytes = serde_json::to_vec(&body).unwrap();
        let (back, debug) =
            (op.decode_input)(&bytes).unwrap_or_else(|e| panic!("{}: {e}", op.action));
        assert_eq!(back, body, "{} input does not round-trip", op.action);
        for secret in &sampler.secrets {
            assert!(
                !debug.contains(secret.as_str()),
                "{}: Debug shows secret {secret}: {debug}",
                op.action
            );
        }
        for plain in &sampler.plain {
            assert!(
                debug.contains(plain.as_str()),
                "{}: {plain} hidden",
                op.action
            );
        }
    }
}

#[test]
#[ignore = "needs botocore's cognito-idp model; run `cargo xtask model-check`"]
fn fully_populated_outputs_round_trip_exactly() {
    let m = model();
    for op in common::all_ops() {
        let (_, output) = &m.operations[op.action.as_str()];
        let Some(output) = output else {
            // No output in the model: the service sends `{}` (or nothing).
            for body in [&b"{}"[..], b"", b"  "] {
                let (back, _) = (op.decode_output)(200, None, body).unwrap();
                assert_eq!(back, json!({}), "{}", op.action);
            }
            continue;
        };
        let mut sampler = Sampler {
            shapes: &m.shapes,
            n: 0,
            secrets: vec![],
            plain: vec![],
        };
        let body = sampler.sample(output, "root");
        let bytes = serde_json::to_vec(&body).unwrap();
        let (back, debug) =
            (op.decode_output)(200, None, &bytes).unwrap_or_else(|e| panic!("{}: {e}", op.action));
        assert_eq!(back, body, "{} output does not round-trip", op.action);
        for secret in &sampler.secrets {
            assert!(
                !debug.contains(secret.as_str()),
                "{}: Debug shows secret {secret}",
                op.action
            );
        }
    }
}

#[test]
#[ignore = "needs botocore's cognito-idp model; run `cargo xtask model-check`"]
fn required_input_members_are_enforced_with_their_path_and_optional_ones_are_not() {
    let m = model();
    let mut required_checked = 0;
    for op in common::all_ops() {
        let (input, _) = &m.operations[op.action.as_str()];
        let mut sampler = Sampler {
            shapes: &m.shapes,
            n: 0,
            secrets: vec![],
            plain: vec![],
        };
        let body = sampler.sample(input, "root");
        let mut positions = Vec::new();
        members(&m.shapes, input, &mut Vec::new(), &mut positions);
        for (path, member, required) in positions {
            for absent in [None, Some(Value::Null)] {
                let mut v = body.clone();
                let obj = object_at(&mut v, &path);
                match &absent {
                    None => {
                        obj.remove(&member);
                    }
                    Some(null) => {
                        obj.insert(member.clone(), null.clone());
                    }
                }
                let result = (op.decode_input)(&serde_json::to_vec(&v).unwrap());
                if required {
                    let e = result
                        .err()
                        .unwrap_or_else(|| panic!("{}: missing {member} accepted", op.action));
                    assert_eq!(e.kind, ErrorKind::InvalidParameter, "{}", op.action);
                    assert_eq!(
                        e.message,
                        format!(
                            "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
                            service_path(&path, &member)
                        )
                    );
                    required_checked += 1;
                } else {
                    assert!(
                        result.is_ok(),
                        "{}: optional {member} at {path:?} rejected: {result:?}",
                        op.action,
                        result = result.err()
                    );
                }
            }
        }
    }
    assert!(required_checked > 100, "only {required_checked} checks ran");
}

#[test]
#[ignore = "needs botocore's cognito-idp model; run `cargo xtask model-check`"]
fn required_output_members_are_enforced() {
    let m = model();
    for op in common::all_ops() {
        let (_, Some(output)) = &m.operations[op.action.as_str()] else {
            continue;
        };
        let mut sampler = Sampler {
            shapes: &m.shapes,
            n: 0,
            secrets: vec![],
            plain: vec![],
        };
        let body = sampler.sample(output, "root");
        let mut positions = Vec::new();
        members(&m.shapes, output, &mut Vec::new(), &mut positions);
        for (path, member, required) in positions {
            let mut v = body.clone();
            object_at(&mut v, &path).remove(&member);
            let result = (op.decode_output)(200, None, &serde_json::to_vec(&v).unwrap());
            if required {
                match result {
                    Err(DecodeError::Malformed(m)) => {
                        assert!(m.reason.contains(&member), "{}: {}", op.action, m.reason)
                    }
                    other => panic!(
                        "{}: missing required output {member}: {:?}",
                        op.action,
                        other.map(|(v, _)| v)
                    ),
                }
            } else {
                assert!(result.is_ok(), "{}: optional output {member}", op.action);
            }
        }
    }
}

#[test]
#[ignore = "needs botocore's cognito-idp model; run `cargo xtask model-check`"]
fn absent_optional_members_are_omitted_on_output() {
    // Removing every optional member leaves only the required ones, and
    // encoding does not bring any back (no `null`, no defaults).
    let m = model();
    for op in common::all_ops() {
        let (input, _) = &m.operations[op.action.as_str()];
        let mut sampler = Sampler {
            shapes: &m.shapes,
            n: 0,
            secrets: vec![],
            plain: vec![],
        };
        let mut body = sampler.sample(input, "root");
        let required: BTreeSet<String> = m.shapes[input.as_str()]
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().map(|x| x.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default();
        body.as_object_mut()
            .unwrap()
            .retain(|k, _| required.contains(k));
        let (back, _) = (op.decode_input)(&serde_json::to_vec(&body).unwrap()).unwrap();
        assert_eq!(back, body, "{}", op.action);
    }
}
