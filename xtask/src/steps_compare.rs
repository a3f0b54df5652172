//! Compares the step sequences of the same scenarios run through the real
//! Amplify JS v6 (`amplify-steps.json`) and through the cognito-auth facade
//! (`rust-steps.json`, from `cognito-auth-e2e`'s `conformance-runner`):
//! Amplify's `nextStep` strings against `SignInStep::as_str()` and friends,
//! call by call, errors by name. Any difference fails the scenario's
//! `compare.<scenario>` check, except the deliberate ones listed in
//! [`DELIBERATE`], each with the reason. Also prints a side-by-side table and
//! which steps each client reached.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::Value;

/// A difference between Amplify and cognito-auth that is on purpose: in
/// `scenario`, Amplify's steps `amplify` correspond to cognito-auth's `rust`.
/// Steps are written as [`step_key`] renders them.
pub(crate) struct Deliberate {
    pub scenario: &'static str,
    pub amplify: &'static [&'static str],
    pub rust: &'static [&'static str],
    pub why: &'static str,
}

pub(crate) const DELIBERATE: &[Deliberate] = &[
    // The seed API (the user's request) has no resetPassword / confirmResetPassword,
    // so cognito-auth has none; after the RESET_PASSWORD step the Rust runner resets
    // the password with ForgotPassword / ConfirmForgotPassword on the wire. The wire
    // calls must meet the same answers as Amplify's (the wrong code refused alike).
    Deliberate {
        scenario: "reset_password",
        amplify: &[
            "resetPassword → CONFIRM_RESET_PASSWORD_WITH_CODE",
            "confirmResetPassword ✗ CodeMismatchException",
            "confirmResetPassword → -",
        ],
        rust: &[
            "wire:ForgotPassword → -",
            "wire:ConfirmForgotPassword ✗ CodeMismatchException",
            "wire:ConfirmForgotPassword → -",
        ],
        why: "cognito-auth has no password-reset API (not in the seed); the reset is done on the wire",
    },
    // Auto sign-in with USER_AUTH: cognito-auth passes SignUp's Session to
    // ConfirmSignUp and signs in with the Session ConfirmSignUp returns (the chain
    // Cognito documents; docs/flows.md "Sign-up, confirmation, auto sign-in").
    // Amplify never passes SignUp's Session to ConfirmSignUp, so Cognito returns no
    // Session and Amplify's USER_AUTH auto sign-in is asked for a first factor.
    Deliberate {
        scenario: "auto_sign_in_user_auth",
        amplify: &[
            "autoSignIn → CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION",
            "confirmSignIn → CONFIRM_SIGN_IN_WITH_PASSWORD",
            "confirmSignIn → DONE",
        ],
        rust: &["autoSignIn → DONE"],
        why: "cognito-auth chains SignUp's Session through ConfirmSignUp, so USER_AUTH auto sign-in needs no factor; Amplify drops it",
    },
];

/// The steps every run against mock-cognito must reach, through both clients:
/// every `signInStep` of the seed, the ones Amplify adds, the sign-up steps,
/// and `autoSignIn` ending in `DONE`.
pub(crate) const REQUIRED_STEPS: &[&str] = &[
    "CONFIRM_SIGN_IN_WITH_SMS_CODE",
    "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
    "CONFIRM_SIGN_IN_WITH_TOTP_CODE",
    "CONTINUE_SIGN_IN_WITH_MFA_SELECTION",
    "CONTINUE_SIGN_IN_WITH_TOTP_SETUP",
    "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP",
    "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION",
    "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION",
    "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE",
    "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED",
    "CONFIRM_SIGN_IN_WITH_PASSWORD",
    "RESET_PASSWORD",
    "CONFIRM_SIGN_UP",
    "COMPLETE_AUTO_SIGN_IN",
    "DONE",
    "autoSignIn → DONE",
];

/// One step as the table shows it and the comparison compares it:
/// `call → STEP` (`-` when the call has no step), `call ✗ ErrorName` for an
/// error; `(isSignedIn=…)` / `(complete)` when the flags say more than the step.
pub(crate) fn step_key(s: &Value) -> String {
    let call = s.get("call").and_then(Value::as_str).unwrap_or("?");
    if let Some(e) = s.get("error").and_then(Value::as_str) {
        return format!("{call} ✗ {e}");
    }
    let step = s.get("nextStep").and_then(Value::as_str);
    let mut k = format!("{call} → {}", step.unwrap_or("-"));
    if let Some(signed) = s.get("isSignedIn").and_then(Value::as_bool)
        && signed != (step == Some("DONE"))
    {
        let _ = write!(k, " (isSignedIn={signed})");
    }
    if s.get("isSignUpComplete").and_then(Value::as_bool) == Some(true) {
        k.push_str(" (complete)");
    }
    k
}

/// A scenario's record from a steps file.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub status: String,
    pub steps: Vec<String>,
    pub raw_steps: Vec<Value>,
    /// The Cognito actions on the wire, as [`wire_key`] renders them.
    pub wire: Vec<String>,
}

/// One Cognito action as the wire section shows it: `Action(FLOW or CHALLENGE)`,
/// `+S` when a Session went along, `!Error` when it failed.
pub(crate) fn wire_key(w: &Value) -> String {
    let mut k = w
        .get("action")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_owned();
    for f in ["authFlow", "challengeName"] {
        if let Some(v) = w.get(f).and_then(Value::as_str) {
            let _ = write!(k, "({v})");
        }
    }
    if w.get("session").and_then(Value::as_bool) == Some(true) {
        k.push_str("+S");
    }
    if let Some(e) = w.get("error").and_then(Value::as_str) {
        let _ = write!(k, "!{e}");
    }
    k
}

/// `{scenario name without the client prefix → record}` and the client's name.
pub(crate) fn read_steps(doc: &Value) -> BTreeMap<String, Record> {
    doc.get("scenarios")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| {
            let name = s.get("scenario")?.as_str()?;
            let short = name.split_once('.').map_or(name, |(_, n)| n).to_owned();
            let raw_steps: Vec<Value> = s
                .get("steps")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            Some((
                short,
                Record {
                    status: s
                        .get("status")
                        .and_then(Value::as_str)
                        .unwrap_or("?")
                        .to_owned(),
                    steps: raw_steps.iter().map(step_key).collect(),
                    raw_steps,
                    wire: s
                        .get("wire")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .map(wire_key)
                        .collect(),
                },
            ))
        })
        .collect()
}

/// How one row of the side-by-side table compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    Same,
    Deliberate,
    Differs,
}

/// The aligned rows of one scenario and whether any differs.
pub(crate) fn align(
    scenario: &str,
    amplify: &[String],
    rust: &[String],
) -> (Vec<(String, String, Mark)>, Vec<&'static str>) {
    let rules: Vec<&Deliberate> = DELIBERATE
        .iter()
        .filter(|d| d.scenario == scenario)
        .collect();
    let mut used = Vec::new();
    let mut rows = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < amplify.len() || j < rust.len() {
        if let Some(rule) = rules
            .iter()
            .find(|d| matches_at(amplify, i, d.amplify) && matches_at(rust, j, d.rust))
        {
            let n = rule.amplify.len().max(rule.rust.len());
            for k in 0..n {
                rows.push((
                    rule.amplify
                        .get(k)
                        .map_or(String::new(), |s| (*s).to_owned()),
                    rule.rust.get(k).map_or(String::new(), |s| (*s).to_owned()),
                    Mark::Deliberate,
                ));
            }
            i += rule.amplify.len();
            j += rule.rust.len();
            used.push(rule.why);
            continue;
        }
        let a = amplify.get(i).cloned().unwrap_or_default();
        let r = rust.get(j).cloned().unwrap_or_default();
        let mark = if i < amplify.len() && j < rust.len() && a == r {
            Mark::Same
        } else {
            Mark::Differs
        };
        rows.push((a, r, mark));
        i += 1;
        j += 1;
    }
    (rows, used)
}

fn matches_at(steps: &[String], at: usize, pattern: &[&str]) -> bool {
    !pattern.is_empty()
        && steps.len() >= at + pattern.len()
        && steps[at..at + pattern.len()]
            .iter()
            .zip(pattern)
            .all(|(s, p)| s == p)
}

/// One comparison check.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub name: String,
    pub status: &'static str,
    pub detail: String,
}

/// Compares every scenario; returns the checks and the printable report.
pub(crate) fn compare(
    amplify_doc: &Value,
    rust_doc: &Value,
    require_all: bool,
) -> (Vec<Outcome>, String) {
    let amplify = read_steps(amplify_doc);
    let rust = read_steps(rust_doc);
    let mut out = Vec::new();
    let mut table = String::new();
    let amplify_version = amplify_doc
        .get("amplifyVersion")
        .and_then(Value::as_str)
        .unwrap_or("?");
    let client = rust_doc
        .get("client")
        .and_then(Value::as_str)
        .unwrap_or("cognito-auth");
    let width = amplify
        .values()
        .flat_map(|r| r.steps.iter())
        .map(|s| s.chars().count())
        .chain(
            DELIBERATE
                .iter()
                .flat_map(|d| d.amplify.iter().map(|s| s.chars().count())),
        )
        .max()
        .unwrap_or(20)
        .max(24);
    let _ = writeln!(
        table,
        "\nstep sequences, scenario by scenario: Amplify JS {amplify_version} (left) vs {client} (right)\n\
         (= same, ~ deliberate difference, ≠ difference)"
    );
    let names: BTreeSet<&String> = amplify.keys().chain(rust.keys()).collect();
    for name in names {
        let check = format!("compare.{name}");
        let (a, r) = (amplify.get(name), rust.get(name));
        let (Some(a), Some(r)) = (a, r) else {
            let side = if a.is_some() {
                "Amplify"
            } else {
                "cognito-auth"
            };
            out.push(Outcome {
                name: check,
                status: "fail",
                detail: format!("the scenario exists only for {side}"),
            });
            let _ = writeln!(table, "\n  {name}: only run through {side}");
            continue;
        };
        let (rows, used) = align(name, &a.steps, &r.steps);
        if a.status != "pass" || r.status != "pass" {
            // Not compared (a check it needs did not pass), but the steps up to the
            // failure are shown: do both clients fail alike?
            let alike = if a.steps.is_empty() && r.steps.is_empty() {
                String::new()
            } else if rows.iter().all(|r| r.2 != Mark::Differs) {
                "; the steps up to there are the same".to_owned()
            } else {
                "; the steps up to there differ".to_owned()
            };
            out.push(Outcome {
                name: check,
                status: "skip",
                detail: format!(
                    "amplify.{name}: {}, rust.{name}: {}{alike}",
                    a.status, r.status
                ),
            });
            let _ = writeln!(
                table,
                "\n  {name} — not compared (amplify {}, rust {}){alike}",
                a.status, r.status
            );
            write_rows(&mut table, &rows, width);
            continue;
        }
        let differs = rows.iter().filter(|r| r.2 == Mark::Differs).count();
        let verdict = if differs > 0 {
            "DIFFERENT"
        } else if used.is_empty() {
            "same"
        } else {
            "same but for a deliberate difference"
        };
        let _ = writeln!(table, "\n  {name} — {verdict}");
        write_rows(&mut table, &rows, width);
        for why in &used {
            let _ = writeln!(table, "    ~ {why}");
        }
        out.push(Outcome {
            name: check,
            status: if differs > 0 { "fail" } else { "pass" },
            detail: if differs > 0 {
                let first = rows.iter().find(|r| r.2 == Mark::Differs);
                first.map_or_else(String::new, |(l, r, _)| {
                    format!("{differs} step(s) differ, first: Amplify `{l}` vs cognito-auth `{r}`")
                })
            } else {
                used.join("; ")
            },
        });
    }

    // The wire is not compared (the clients may reach the same steps by different
    // requests), but where it differs it is shown.
    let wire_diffs: Vec<(&String, &Record, &Record)> = amplify
        .iter()
        .filter_map(|(n, a)| rust.get(n).map(|r| (n, a, r)))
        .filter(|(_, a, r)| a.status == "pass" && r.status == "pass" && a.wire != r.wire)
        .collect();
    if !wire_diffs.is_empty() {
        let _ = writeln!(
            table,
            "\nwhere the requests differ (informative; +S = with a Session, !E = answered error E)"
        );
        for (name, a, r) in wire_diffs {
            let _ = writeln!(table, "\n  {name}");
            let _ = writeln!(table, "    Amplify:      {}", a.wire.join(" "));
            let _ = writeln!(table, "    cognito-auth: {}", r.wire.join(" "));
        }
    }

    // Which steps each client reached (in scenarios that passed).
    let reached = |recs: &BTreeMap<String, Record>| -> BTreeMap<String, Vec<String>> {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, rec) in recs.iter().filter(|(_, r)| r.status == "pass") {
            for s in &rec.raw_steps {
                if s.get("error").is_some() {
                    continue;
                }
                let call = s.get("call").and_then(Value::as_str).unwrap_or("");
                if let Some(step) = s.get("nextStep").and_then(Value::as_str) {
                    m.entry(step.to_owned()).or_default().push(name.clone());
                    if call == "autoSignIn" {
                        m.entry(format!("autoSignIn → {step}"))
                            .or_default()
                            .push(name.clone());
                    }
                }
            }
        }
        for v in m.values_mut() {
            v.dedup();
        }
        m
    };
    let (ra, rr) = (reached(&amplify), reached(&rust));
    let same: BTreeSet<&str> = out
        .iter()
        .filter(|o| o.status == "pass")
        .filter_map(|o| o.name.strip_prefix("compare."))
        .collect();
    let _ = writeln!(
        table,
        "\nsteps reached (scenarios that passed)\n\n  {:<46} {:>8} {:>13} {:>6}  scenarios",
        "step", "Amplify", "cognito-auth", "same"
    );
    let mut missing = Vec::new();
    for step in REQUIRED_STEPS {
        let a = ra.get(*step).map_or(0, Vec::len);
        let r = rr.get(*step).map_or(0, Vec::len);
        let in_both: Vec<&String> = ra
            .get(*step)
            .into_iter()
            .flatten()
            .filter(|n| rr.get(*step).is_some_and(|v| v.contains(n)))
            .collect();
        let all_same = !in_both.is_empty() && in_both.iter().all(|n| same.contains(n.as_str()));
        if a == 0 || r == 0 {
            missing.push(*step);
        }
        let yes = |n: usize| {
            if n > 0 {
                format!("yes ({n})")
            } else {
                "NO".into()
            }
        };
        let _ = writeln!(
            table,
            "  {step:<46} {:>8} {:>13} {:>6}  {}",
            yes(a),
            yes(r),
            if all_same { "yes" } else { "no" },
            one_line_list(&in_both)
        );
    }
    out.push(if missing.is_empty() {
        Outcome {
            name: "compare.every_step_reached".into(),
            status: "pass",
            detail: String::new(),
        }
    } else if require_all {
        Outcome {
            name: "compare.every_step_reached".into(),
            status: "fail",
            detail: format!("not reached by both clients: {}", missing.join(", ")),
        }
    } else {
        Outcome {
            name: "compare.every_step_reached".into(),
            status: "skip",
            detail: format!(
                "the server cannot lead into every step (no /_mock outbox); not reached: {}",
                missing.join(", ")
            ),
        }
    });
    (out, table)
}

fn write_rows(table: &mut String, rows: &[(String, String, Mark)], width: usize) {
    for (left, right, mark) in rows {
        let m = match mark {
            Mark::Same => '=',
            Mark::Deliberate => '~',
            Mark::Differs => '≠',
        };
        let pad = width.saturating_sub(left.chars().count());
        let _ = writeln!(table, "    {left}{} {m} {right}", " ".repeat(pad));
    }
}

fn one_line_list(names: &[&String]) -> String {
    let joined = names
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if joined.chars().count() > 70 {
        let cut: String = joined.chars().take(69).collect();
        format!("{cut}…")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use serde_json::json;

    fn doc(scenarios: Value) -> Value {
        json!({"amplifyVersion": "x", "client": "y", "scenarios": scenarios})
    }

    #[test]
    fn same_sequences_pass_and_different_ones_fail() {
        let a = doc(json!([
            {"scenario": "amplify.s", "status": "pass", "steps": [
                {"call": "signIn", "nextStep": "CONFIRM_SIGN_IN_WITH_SMS_CODE", "isSignedIn": false},
                {"call": "confirmSignIn", "error": "CodeMismatchException"},
                {"call": "confirmSignIn", "nextStep": "DONE", "isSignedIn": true}]},
            {"scenario": "amplify.t", "status": "pass", "steps": [
                {"call": "signIn", "nextStep": "DONE", "isSignedIn": true}]}
        ]));
        let r = doc(json!([
            {"scenario": "rust.s", "status": "pass", "steps": [
                {"call": "signIn", "nextStep": "CONFIRM_SIGN_IN_WITH_SMS_CODE", "isSignedIn": false},
                {"call": "confirmSignIn", "error": "CodeMismatchException"},
                {"call": "confirmSignIn", "nextStep": "DONE", "isSignedIn": true}]},
            {"scenario": "rust.t", "status": "pass", "steps": [
                {"call": "signIn", "nextStep": "CONFIRM_SIGN_UP", "isSignedIn": false}]}
        ]));
        let (out, table) = compare(&a, &r, false);
        let status: BTreeMap<&str, &str> =
            out.iter().map(|o| (o.name.as_str(), o.status)).collect();
        assert_eq!(status["compare.s"], "pass");
        assert_eq!(status["compare.t"], "fail");
        assert!(table.contains("≠"), "{table}");
    }

    #[test]
    fn an_error_name_difference_is_a_difference() {
        let a = doc(
            json!([{"scenario": "amplify.s", "status": "pass", "steps": [
            {"call": "confirmSignIn", "error": "CodeMismatchException"}]}]),
        );
        let r = doc(json!([{"scenario": "rust.s", "status": "pass", "steps": [
            {"call": "confirmSignIn", "error": "ExpiredCodeException"}]}]));
        let (out, _) = compare(&a, &r, false);
        assert_eq!(out[0].status, "fail");
    }

    #[test]
    fn deliberate_differences_apply_only_where_listed() {
        let amplify_steps = json!([
            {"call": "signUp", "nextStep": "CONFIRM_SIGN_UP", "isSignUpComplete": false},
            {"call": "autoSignIn", "nextStep": "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION", "isSignedIn": false},
            {"call": "confirmSignIn", "nextStep": "CONFIRM_SIGN_IN_WITH_PASSWORD", "isSignedIn": false},
            {"call": "confirmSignIn", "nextStep": "DONE", "isSignedIn": true},
            {"call": "fetchAuthSession", "nextStep": null}]);
        let rust_steps = json!([
            {"call": "signUp", "nextStep": "CONFIRM_SIGN_UP", "isSignUpComplete": false},
            {"call": "autoSignIn", "nextStep": "DONE", "isSignedIn": true},
            {"call": "fetchAuthSession", "nextStep": null}]);
        for (scenario, want) in [("auto_sign_in_user_auth", "pass"), ("auto_sign_in", "fail")] {
            let a = doc(
                json!([{"scenario": format!("amplify.{scenario}"), "status": "pass", "steps": amplify_steps}]),
            );
            let r = doc(
                json!([{"scenario": format!("rust.{scenario}"), "status": "pass", "steps": rust_steps}]),
            );
            let (out, _) = compare(&a, &r, false);
            assert_eq!(out[0].status, want, "{scenario}: {out:?}");
        }
    }

    #[test]
    fn unpassed_or_one_sided_scenarios_are_not_silently_same() {
        let a = doc(json!([
            {"scenario": "amplify.s", "status": "fail", "steps": []},
            {"scenario": "amplify.only", "status": "pass", "steps": []}]));
        let r = doc(json!([{"scenario": "rust.s", "status": "pass", "steps": []}]));
        let (out, _) = compare(&a, &r, true);
        let status: BTreeMap<&str, &str> =
            out.iter().map(|o| (o.name.as_str(), o.status)).collect();
        assert_eq!(status["compare.s"], "skip");
        assert_eq!(status["compare.only"], "fail");
        assert_eq!(status["compare.every_step_reached"], "fail");
    }

    #[test]
    fn step_keys() {
        assert_eq!(
            step_key(
                &json!({"call": "confirmSignUp", "nextStep": "COMPLETE_AUTO_SIGN_IN", "isSignUpComplete": true})
            ),
            "confirmSignUp → COMPLETE_AUTO_SIGN_IN (complete)"
        );
        assert_eq!(
            step_key(&json!({"call": "signIn", "nextStep": "DONE", "isSignedIn": false})),
            "signIn → DONE (isSignedIn=false)"
        );
        assert_eq!(
            step_key(&json!({"call": "signOut", "nextStep": null})),
            "signOut → -"
        );
    }
}
