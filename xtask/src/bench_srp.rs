//! `cargo xtask bench-srp`: the criterion benches of cognito-auth-srp and, in
//! the same run, the same computations done with GMP (gmpy2 from PyPI, plain
//! `powmod` per exponentiation, `xtask/bench/gmp_srp.py`) at the same exponent
//! sizes, then one table of medians and ratios. Also the one-off cost of the
//! fixed-base table for `g`, measured in fresh processes.
//!
//! Options: `--quick` (shorter measurement), anything after `--` goes to
//! criterion (e.g. a filter).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, root, run};

const GMPY2: &str = "gmpy2==2.3.2";

/// (criterion id, what is exponentiated, at which sizes)
const ROWS: &[(&str, &str)] = &[
    ("srp/client_a", "A = g^a; a 256 bits"),
    ("srp/client_response", "g^x (256) + S = base^(a+ux) (512)"),
    ("srp/client_sign_in", "whole client: A + response"),
    (
        "srp/client_sign_in_a1024",
        "whole client, a 1024 bits (Amplify)",
    ),
    ("srp/server_b", "B = kv + g^b; b 256 bits"),
    ("srp/server_verify", "v^u (256) + (A v^u)^b (256)"),
    ("srp/server_verification", "whole server: B + verify"),
    ("modexp/g_256", "2^e, e 256 bits"),
    ("modexp/var_256", "x^e, e 256 bits"),
    ("modexp/g_512", "2^e, e 512 bits"),
    ("modexp/var_512", "x^e, e 512 bits"),
    ("modexp/g_1024", "2^e, e 1024 bits"),
    ("modexp/var_1024", "x^e, e 1024 bits"),
];

pub(crate) fn bench_srp(args: &[String]) -> Result<(), String> {
    let root = root();
    let (ours, theirs): (Vec<&String>, Vec<&String>) = match args.iter().position(|a| a == "--") {
        Some(i) => (args[..i].iter().collect(), args[i + 1..].iter().collect()),
        None => (args.iter().collect(), Vec::new()),
    };
    let quick = ours.iter().any(|a| *a == "--quick");
    if let Some(bad) = ours.iter().find(|a| **a != "--quick") {
        return Err(format!("bench-srp: unknown option `{bad}`"));
    }
    // Install first, so the timing runs back to back.
    let python = crate::vectors::python_venv(&root, &[GMPY2])?;

    let mut bench = cargo();
    bench.args([
        "bench",
        "-p",
        "cognito-auth-srp",
        "--bench",
        "srp",
        "--",
        "--noplot",
        "--warm-up-time",
        "1",
        "--measurement-time",
        if quick { "2" } else { "5" },
    ]);
    bench.args(theirs);
    run(bench)?;
    let target = target_dir(&root);
    let mut ours_ns = BTreeMap::new();
    for (id, _) in ROWS.iter().copied() {
        let mut ids = vec![id.to_owned()];
        if let Some(rest) = id.strip_prefix("modexp/") {
            ids.push(format!("modexp/num_bigint_{rest}"));
        }
        for id in ids {
            if let Some(ns) = criterion_median_ns(&target, &id) {
                ours_ns.insert(id, ns);
            }
        }
    }

    eprintln!("xtask: timing the same computations with GMP (gmpy2)…");
    let mut gmp = Command::new(&python);
    gmp.arg(root.join("xtask/bench/gmp_srp.py"))
        .arg(if quick { "0.7" } else { "2.0" });
    let out = gmp
        .output()
        .map_err(|e| format!("could not start {gmp:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "GMP timing failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut gmp_ns = BTreeMap::new();
    let mut gmp_version = String::new();
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("# ") {
            gmp_version = v.to_owned();
        } else if let Some((name, secs)) = line.split_once('\t') {
            if let Ok(s) = secs.trim().parse::<f64>() {
                gmp_ns.insert(name.to_owned(), s * 1e9);
            }
        }
    }

    let cold = comb_build_seconds(&root)?;

    println!();
    println!("cognito-auth-srp vs GMP ({gmp_version}), N = 3072 bits; medians per run");
    println!(
        "{:<28} {:<38} {:>10} {:>10} {:>9} {:>11}",
        "computation", "exponentiations", "ours", "GMP", "GMP/ours", "num-bigint"
    );
    for (id, what) in ROWS.iter().copied() {
        let Some(o) = ours_ns.get(id).copied() else {
            continue;
        };
        let g = gmp_ns.get(id).copied();
        let nb = id
            .strip_prefix("modexp/")
            .and_then(|rest| ours_ns.get(&format!("modexp/num_bigint_{rest}")).copied());
        println!(
            "{:<28} {:<38} {:>10} {:>10} {:>9} {:>11}",
            id,
            what,
            fmt_time(o),
            g.map_or("-".into(), fmt_time),
            g.map_or("-".into(), |g| format!("{:.2}x", g / o)),
            nb.map_or(String::new(), fmt_time),
        );
    }
    println!(
        "one-off: building the fixed-base table for g (first use per process, or group::warm_up): {} (median of {} fresh processes)",
        fmt_time(cold.0),
        cold.1
    );
    println!("GMP/ours > 1 means ours is faster.");
    Ok(())
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// The median point estimate (ns) criterion saved for a benchmark id.
fn criterion_median_ns(target: &Path, id: &str) -> Option<f64> {
    let path = target.join("criterion").join(id).join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("median")?.get("point_estimate")?.as_f64()
}

/// Runs the crate's `srp_cold` example in fresh processes; returns the median
/// table-build time (ns) and the number of runs.
fn comb_build_seconds(root: &Path) -> Result<(f64, usize), String> {
    let mut build = cargo();
    build.args([
        "build",
        "--release",
        "-p",
        "cognito-auth-srp",
        "--example",
        "srp_cold",
    ]);
    run(build)?;
    let exe = target_dir(root).join("release/examples/srp_cold");
    let mut samples = Vec::new();
    for _ in 0..7 {
        let out = Command::new(&exe)
            .output()
            .map_err(|e| format!("could not start {}: {e}", exe.display()))?;
        let text = String::from_utf8_lossy(&out.stdout);
        for line in text.lines() {
            if let Some(v) = line.strip_prefix("comb_table_build_seconds\t") {
                if let Ok(s) = v.trim().parse::<f64>() {
                    samples.push(s * 1e9);
                }
            }
        }
    }
    if samples.is_empty() {
        return Err("srp_cold printed no timing".into());
    }
    samples.sort_by(f64::total_cmp);
    Ok((samples[samples.len() / 2], samples.len()))
}

fn fmt_time(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.0} µs", ns / 1e3)
    }
}
