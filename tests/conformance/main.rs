//! `conformance-runner`: the step scenarios of `cargo xtask conformance`'s
//! Amplify suite, driven through the cognito-auth facade (`cognito_auth::Auth`)
//! over HTTP (`HttpsTransport`) against a running Cognito-compatible server —
//! mock-cognito as the xtask starts it, or moto.
//!
//! ```text
//! conformance-runner --target target.json --scenarios scenarios.json \
//!                    --out rust.json --steps rust-steps.json
//! ```
//!
//! `target.json` names the server (`endpoint`, `mockApi`); `scenarios.json`
//! (written by `xtask/conformance/py/suite_scenarios.py`) the pools and the
//! users provisioned for each scenario (`users.rust`). Every scenario records
//! each facade call with the step it answered (`SignInStep::as_str()` and
//! friends, Amplify's strings) or the error it returned, and every Cognito
//! action on the wire, in the format of the Amplify suite's `amplify-steps.json`,
//! so that the xtask can compare the two scenario by scenario. `--out` gets
//! one check per scenario (`rust.<scenario>`: pass, fail or skip).
//!
//! The exit status is 0 when the runner ran (whatever the checks say), 2 when
//! it could not (bad arguments or files).

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use serde_json::{Value, json};

mod scenarios;
mod support;
mod totp;

use support::{Env, Pool, R, Shared, User, http_get};

struct Args {
    target: String,
    scenarios: String,
    out: String,
    steps: String,
}

fn parse_args() -> R<Args> {
    let mut map = BTreeMap::new();
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let key = k
            .strip_prefix("--")
            .ok_or_else(|| format!("unexpected argument {k}"))?
            .to_owned();
        let v = it.next().ok_or_else(|| format!("--{key} needs a value"))?;
        map.insert(key, v);
    }
    let mut take = |k: &str| map.remove(k).ok_or_else(|| format!("missing --{k}"));
    let args = Args {
        target: take("target")?,
        scenarios: take("scenarios")?,
        out: take("out")?,
        steps: take("steps")?,
    };
    if let Some(k) = map.keys().next() {
        return Err(format!("unknown option --{k}"));
    }
    Ok(args)
}

fn read_json(path: &str) -> R<Value> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))
}

fn write_json(path: &str, v: &Value) -> R<()> {
    let text = serde_json::to_string_pretty(v).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| format!("{path}: {e}"))
}

fn random_run_id() -> String {
    use std::hash::{BuildHasher as _, Hasher as _};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    format!("{:08x}", h.finish() as u32)
}

async fn run(args: Args) -> R<()> {
    let target = read_json(&args.target)?;
    let file = read_json(&args.scenarios)?;
    let endpoint = target["endpoint"]
        .as_str()
        .ok_or("target.json has no endpoint")?
        .trim_end_matches('/')
        .to_owned();
    let mock_api = target["mockApi"].as_bool().unwrap_or(false);
    totp::self_test()?;
    let mut clock_offset = 0.0;
    if mock_api && let Ok((200, v)) = http_get(&endpoint, "/_mock/clock").await {
        clock_offset = v["offsetSeconds"].as_f64().unwrap_or(0.0);
    }
    let shared = Arc::new(Shared::new(
        endpoint,
        mock_api,
        random_run_id(),
        clock_offset,
    ));
    let pools: BTreeMap<String, Pool> = file["pools"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| {
            Some((
                k.clone(),
                Pool {
                    user_pool_id: v["userPoolId"].as_str()?.to_owned(),
                    client_id: v["userPoolClientId"].as_str()?.to_owned(),
                },
            ))
        })
        .collect();

    let mut checks = Vec::new();
    let mut sequences = Vec::new();
    for sc in scenarios::SCENARIOS {
        let name = format!("rust.{}", sc.name);
        let started = Instant::now();
        let user = file["scenarios"][sc.name]["users"]["rust"].clone();
        let user = User::from_json(&user);
        let confirmed = shared
            .confirmed
            .lock()
            .map(|c| c.is_some())
            .unwrap_or(false);
        let mut steps = Vec::new();
        let mut wire = Vec::new();
        let (status, detail) = if sc.needs_confirmed && !confirmed {
            (
                "skip",
                "needs rust.sign_up_confirm_sign_in_srp (no confirmed user)".to_owned(),
            )
        } else if !pools.contains_key(sc.pool) || (sc.user && user.is_none()) {
            (
                "skip",
                format!(
                    "not provisioned ({} pool{}; see the scenarios.pool.* checks)",
                    sc.pool,
                    if sc.user { " and user" } else { "" }
                ),
            )
        } else {
            let pool = pools.get(sc.pool).cloned().ok_or("pool vanished")?;
            match Env::new(shared.clone(), pool, user) {
                Err(e) => ("fail", e),
                Ok(mut env) => {
                    let result = scenarios::run(sc.name, &mut env).await;
                    steps = std::mem::take(&mut env.steps);
                    wire = env.wire.entries();
                    // Every scenario ends signed out (not recorded), like Amplify's.
                    let _ = env.auth.sign_out(cognito_auth::SignOutInput::local()).await;
                    match result {
                        Ok(d) => ("pass", d),
                        Err(e) => ("fail", e),
                    }
                }
            }
        };
        let ms = (started.elapsed().as_secs_f64() * 10_000.0).round() / 10.0;
        eprintln!(
            "  {status:<4}  {name}{}",
            if detail.is_empty() {
                String::new()
            } else {
                format!("  — {detail}")
            }
        );
        checks.push(json!({"name": name, "status": status, "detail": detail, "ms": ms}));
        sequences.push(json!({"scenario": name, "status": status, "steps": steps, "wire": wire}));
    }
    let client = format!("cognito-auth {}", env!("CARGO_PKG_VERSION"));
    write_json(
        &args.out,
        &json!({"suite": "rust", "client": client, "checks": checks}),
    )?;
    write_json(
        &args.steps,
        &json!({"client": client, "scenarios": sequences}),
    )?;
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("conformance-runner: {e}");
            return ExitCode::from(2);
        }
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("conformance-runner: no runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match rt.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("conformance-runner: {e}");
            ExitCode::from(2)
        }
    }
}
