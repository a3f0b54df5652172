//! Project automation. Run `cargo xtask help`.

mod bench_srp;
mod model_check;
mod vectors;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod bench_mock;
mod conformance;
mod steps_compare;

const HELP: &str = "\
cargo xtask <task>

tasks:
  test         fmt --check, clippy -D warnings, every test (offline)
  model-check  proto types against botocore's cognito-idp model (pip install)
  conformance  boto3, pycognito, Amplify JS v6 and cognito-auth against a fresh mock-cognito (--help)
  bench-mock   sign-ins/s and p50/p99 at 1/16/64 connections, mock-cognito vs moto (--help)
  vectors      regenerate the independent SRP vectors (pycognito, amazon-cognito-identity-js)
  bench-srp    our SRP math against GMP (gmpy2) at the same exponent sizes
  help         this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let rest = args.get(1..).unwrap_or(&[]);
    let result = match task {
        "test" => test(rest),
        "model-check" => model_check::model_check(),
        "conformance" => conformance::conformance(rest),
        "bench-mock" => bench_mock::bench_mock(rest),
        "vectors" => vectors::vectors(rest),
        "bench-srp" => bench_srp::bench_srp(rest),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate's manifest directory).
fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

fn run(mut cmd: Command) -> Result<(), String> {
    eprintln!("xtask: running {cmd:?}");
    let status = cmd
        .status()
        .map_err(|e| format!("could not start {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed with {status}"))
    }
}

fn test(extra: &[String]) -> Result<(), String> {
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--", "--check"]);
    run(fmt)?;

    let mut clippy = cargo();
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    run(clippy)?;

    let mut tests = cargo();
    tests.args(["test", "--workspace"]).args(extra);
    run(tests)?;

    // On a CPU with AVX-512 IFMA the run above took the IFMA arithmetic; the
    // SRP crate's tests and vector files go through the portable code too.
    let mut portable = cargo();
    portable
        .args(["test", "-p", "cognito-auth-srp"])
        .args(extra)
        .env("COGNITO_AUTH_SRP_PORTABLE", "1");
    run(portable)
}
