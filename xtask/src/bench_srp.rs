//! `cargo xtask bench-srp`: times cognito-auth-srp's client and server halves
//! and, in the same run, the same computations done with GMP (gmpy2 from
//! PyPI, plain `powmod` per exponentiation, `xtask/bench/gmp_srp.py`) at the
//! same exponent sizes, then prints one table of times and ratios.
//!
//! Both sides run as release-mode timing loops with one estimator (batches of
//! about 20 ms; median and minimum per call: cognito-auth-srp's
//! `examples/srp_timing.rs` and the GMP script), alternating in rounds so that
//! load from other processes hits both alike; each side's best round counts.
//! The one-off cost of the fixed-base table for `g` is measured in fresh
//! processes (`examples/srp_cold.rs`).
//!
//! Options: `--quick` (short rounds), `--rounds N` (default 3), `--criterion`
//! (also run the criterion benches first; arguments after `--` go to
//! criterion).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, root, run};

/// (name, what is exponentiated, at which sizes)
const ROWS: &[(&str, &str)] = &[
    ("srp/client_a", "A = g^a; a 256 bits"),
    ("srp/client_response", "g^x (256) + base^(a+ux) (512)"),
    ("srp/client_sign_in", "whole client: A + response"),
    ("srp/client_sign_in_a1024", "whole client, a 1024 bits"),
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

/// Best (lowest) median and lowest minimum seen per name, in seconds.
#[derive(Default)]
struct Timings(BTreeMap<String, (f64, f64)>);

impl Timings {
    fn absorb(&mut self, text: &str) {
        for line in text.lines() {
            let mut cols = line.split('\t');
            let (Some(name), Some(median), Some(min)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let (Ok(median), Ok(min)) = (median.trim().parse::<f64>(), min.trim().parse::<f64>())
            else {
                continue;
            };
            let e = self
                .0
                .entry(name.to_owned())
                .or_insert((f64::INFINITY, f64::INFINITY));
            e.0 = e.0.min(median);
            e.1 = e.1.min(min);
        }
    }

    fn get(&self, name: &str) -> Option<(f64, f64)> {
        self.0.get(name).copied()
    }
}

pub(crate) fn bench_srp(args: &[String]) -> Result<(), String> {
    let root = root();
    let (ours, criterion_args): (&[String], &[String]) = match args.iter().position(|a| a == "--") {
        Some(i) => (&args[..i], &args[i + 1..]),
        None => (args, &[]),
    };
    let mut quick = false;
    let mut with_criterion = false;
    let mut rounds = 3usize;
    let mut it = ours.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--criterion" => with_criterion = true,
            "--rounds" => {
                rounds = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("--rounds needs a positive number")?;
            }
            other => return Err(format!("bench-srp: unknown option `{other}`")),
        }
    }
    let budget = if quick { "0.5" } else { "1.5" };
    // Install and build first, so the timing runs back to back.
    let python = crate::conformance::ensure_venv_with(&["requirements-bench.txt"])?;
    let mut build = cargo();
    build.args([
        "build",
        "--release",
        "-p",
        "cognito-auth-srp",
        "--example",
        "srp_timing",
        "--example",
        "srp_cold",
    ]);
    run(build)?;
    if with_criterion {
        let mut bench = cargo();
        bench
            .args(["bench", "-p", "cognito-auth-srp", "--bench", "srp", "--"])
            .args(criterion_args);
        run(bench)?;
    }
    let examples = target_dir(&root).join("release/examples");

    let mut ours_t = Timings::default();
    let mut gmp_t = Timings::default();
    let mut gmp_version = String::new();
    for round in 1..=rounds {
        eprintln!("xtask: round {round}/{rounds}: cognito-auth-srp, then GMP");
        ours_t.absorb(&capture(
            Command::new(examples.join("srp_timing")).arg(budget),
        )?);
        let text = capture(
            Command::new(&python)
                .arg(root.join("xtask/bench/gmp_srp.py"))
                .arg(budget),
        )?;
        if let Some(v) = text.lines().find_map(|l| l.strip_prefix("# ")) {
            gmp_version = v.to_owned();
        }
        gmp_t.absorb(&text);
    }
    let cold = comb_build_ns(&examples)?;

    println!();
    println!(
        "cognito-auth-srp vs GMP ({gmp_version}); N = 3072 bits; per call, best of {rounds} alternating rounds"
    );
    println!(
        "{:<25} {:<31} {:>9} {:>9} {:>8} {:>9} {:>9} {:>8} {:>10}",
        "computation",
        "exponentiations",
        "ours",
        "GMP",
        "GMP/ours",
        "ours min",
        "GMP min",
        "ratio",
        "num-bigint"
    );
    for (id, what) in ROWS.iter().copied() {
        let Some((o_med, o_min)) = ours_t.get(id) else {
            continue;
        };
        let g = gmp_t.get(id);
        let nb = id
            .strip_prefix("modexp/")
            .and_then(|rest| ours_t.get(&format!("modexp/num_bigint_{rest}")));
        println!(
            "{:<25} {:<31} {:>9} {:>9} {:>8} {:>9} {:>9} {:>8} {:>10}",
            id,
            what,
            fmt_time(o_med),
            g.map_or("-".into(), |g| fmt_time(g.0)),
            g.map_or("-".into(), |g| format!("{:.2}x", g.0 / o_med)),
            fmt_time(o_min),
            g.map_or("-".into(), |g| fmt_time(g.1)),
            g.map_or("-".into(), |g| format!("{:.2}x", g.1 / o_min)),
            nb.map_or(String::new(), |n| fmt_time(n.0)),
        );
    }
    println!(
        "one-off per process: building the fixed-base table for g (first use, or group::warm_up): {} (median of {} fresh processes)",
        fmt_time(cold.0),
        cold.1
    );
    println!(
        "\"ours\"/\"GMP\": median per call; \"min\": fastest batch. GMP/ours > 1: ours is faster."
    );
    Ok(())
}

/// Runs a program and returns its standard output.
fn capture(cmd: &mut Command) -> Result<String, String> {
    let out = cmd
        .output()
        .map_err(|e| format!("could not start {cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{cmd:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// Runs `srp_cold` in fresh processes; returns the median table-build time
/// (seconds) and the number of runs.
fn comb_build_ns(examples: &Path) -> Result<(f64, usize), String> {
    let exe = examples.join("srp_cold");
    let mut samples = Vec::new();
    for _ in 0..7 {
        let text = capture(&mut Command::new(&exe))?;
        samples.extend(
            text.lines()
                .filter_map(|l| l.strip_prefix("comb_table_build_seconds\t"))
                .filter_map(|v| v.trim().parse::<f64>().ok()),
        );
    }
    if samples.is_empty() {
        return Err("srp_cold printed no timing".into());
    }
    samples.sort_by(f64::total_cmp);
    Ok((samples[samples.len() / 2], samples.len()))
}

fn fmt_time(secs: f64) -> String {
    if secs >= 1e-3 {
        format!("{:.2} ms", secs * 1e3)
    } else {
        format!("{:.0} µs", secs * 1e6)
    }
}
