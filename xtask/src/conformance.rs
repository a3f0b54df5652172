//! `cargo xtask conformance`: real AWS clients against a freshly started mock-cognito.
//!
//! 1. Installs the clients into ignored folders: boto3, pycognito and PyJWT into
//!    `xtask/.venv` (`python3 -m venv`, versions pinned in
//!    `xtask/conformance/requirements.txt`), the real Amplify JS v6,
//!    amazon-cognito-identity-js, the AWS SDK for JavaScript v3's Cognito client,
//!    cognito-srp-helper, esbuild and playwright-core into `xtask/.node` (`npm ci`
//!    from the committed `xtask/conformance/package{,-lock}.json`). Both are redone only
//!    when the pinned files change. With `--browser`, Debian's chromium (apt-get).
//! 2. Builds and starts mock-cognito on a free loopback port and reads the one JSON line
//!    it prints (`endpoint`, `region`, `userPoolId`, `userPoolClientId`).
//! 3. Runs the suites in `xtask/conformance/`: Python (boto3 provisioning, sign-up,
//!    confirmation with the code from `/_mock/codes`, password sign-in, JWKS-verified
//!    tokens, refresh, RevokeToken, GlobalSignOut; pycognito SRP), the Python provisioning
//!    of the sign-in step scenarios (MFA, MFA setup, USER_AUTH, custom auth, new password,
//!    password reset), Amplify in Node, the same scenarios through the cognito-auth facade
//!    (`cognito-auth-e2e`'s `conformance-runner`, over HTTP), amazon-cognito-identity-js in
//!    Node, the AWS SDK for JavaScript v3 (its own pool and clients, admin and user calls,
//!    errors as the SDK's exception classes, SRP by cognito-srp-helper), with `--browser`
//!    Amplify in headless Chromium from another origin (CORS), then the Python checks that
//!    move the mock's clock and reset it.
//! 4. Stops the mock with SIGTERM (it must exit promptly and cleanly), compares the
//!    Amplify and cognito-auth step sequences scenario by scenario (`steps_compare`),
//!    prints a side-by-side table and a summary, writes them to `target/conformance/`,
//!    and fails on any failed check.
//!
//! `--against URL` runs the same suites against a server that is already running (moto,
//! LocalStack, a mock started by hand); `--moto` starts moto from the venv itself.
//! See docs/conformance.md.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::{cargo, root, run, steps_compare};

const USAGE: &str = "\
cargo xtask conformance [options]

Runs boto3, pycognito, the real Amplify JS v6, amazon-cognito-identity-js, the AWS SDK for
JavaScript v3 and the cognito-auth facade against a freshly started mock-cognito (or another Cognito-compatible server), compares Amplify's sign-in step
sequences with cognito-auth's, and fails on any failed check or difference.

options:
  --release          build and run mock-cognito with --release (default: debug)
  --against URL      use a server that is already running at URL instead
  --moto             start moto's server (pip moto[server], in xtask/.venv) and use it
  --mock-api         with --against: the server has mock-cognito's /_mock endpoints
  --region REGION    region of the server given with --against/--moto (us-east-1)
  --skip-amplify     leave out the Node/Amplify suite
  --skip-identity-js leave out the amazon-cognito-identity-js suite
  --skip-sdk-v3      leave out the AWS SDK for JavaScript v3 suite
  --skip-rust        leave out the cognito-auth runner (and the step comparison)
  --browser          also run Amplify in headless Chromium from another origin (CORS);
                     installs Debian's chromium with apt-get when it is missing
  --chromium PATH    with --browser: this Chromium binary (default /usr/bin/chromium)
  --keep-going       exit 0 even when checks fail (the summary still lists them)
  --mock-bin PATH    start this mock-cognito binary instead of building one
";

/// Where the Python suites and the Amplify script live.
pub(crate) fn suite_dir() -> PathBuf {
    root().join("xtask").join("conformance")
}

/// Artifacts of a run: target.json, results, logs, summary.
fn out_dir() -> PathBuf {
    target_dir().join("conformance")
}

pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root().join(p) })
        .unwrap_or_else(|| root().join("target"))
}

#[derive(Debug, Default)]
struct Options {
    release: bool,
    against: Option<String>,
    moto: bool,
    mock_api: bool,
    region: Option<String>,
    skip_amplify: bool,
    skip_identity_js: bool,
    skip_sdk_v3: bool,
    skip_rust: bool,
    browser: bool,
    chromium: Option<PathBuf>,
    keep_going: bool,
    mock_bin: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--release" => o.release = true,
            "--against" => {
                o.against = Some(it.next().ok_or("--against needs a URL")?.clone());
            }
            "--moto" => o.moto = true,
            "--mock-api" => o.mock_api = true,
            "--region" => o.region = Some(it.next().ok_or("--region needs a value")?.clone()),
            "--skip-amplify" => o.skip_amplify = true,
            "--skip-identity-js" => o.skip_identity_js = true,
            "--skip-sdk-v3" => o.skip_sdk_v3 = true,
            "--browser" => o.browser = true,
            "--chromium" => {
                o.chromium = Some(PathBuf::from(it.next().ok_or("--chromium needs a path")?));
            }
            "--skip-rust" => o.skip_rust = true,
            "--keep-going" => o.keep_going = true,
            "--mock-bin" => {
                let p = PathBuf::from(it.next().ok_or("--mock-bin needs a path")?);
                o.mock_bin = Some(if p.is_absolute() {
                    p
                } else {
                    std::env::current_dir().map(|d| d.join(&p)).unwrap_or(p)
                });
            }
            other => return Err(format!("unknown option `{other}`\n\n{USAGE}")),
        }
    }
    if [o.against.is_some(), o.moto, o.mock_bin.is_some()]
        .iter()
        .filter(|x| **x)
        .count()
        > 1
    {
        return Err("--against, --moto and --mock-bin exclude each other".into());
    }
    if o.chromium.is_some() && !o.browser {
        return Err("--chromium only makes sense with --browser".into());
    }
    if o.mock_api && o.against.is_none() {
        return Err("--mock-api only makes sense with --against".into());
    }
    Ok(o)
}

/// The server the suites talk to, as written to `target.json`.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub endpoint: String,
    pub region: String,
    pub user_pool_id: Option<String>,
    pub user_pool_client_id: Option<String>,
    pub mock_api: bool,
    pub server: String,
}

impl Target {
    fn to_json(&self) -> Value {
        json!({
            "endpoint": self.endpoint,
            "region": self.region,
            "userPoolId": self.user_pool_id,
            "userPoolClientId": self.user_pool_client_id,
            "mockApi": self.mock_api,
            "server": self.server,
        })
    }
}

pub(crate) fn conformance(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return Ok(());
    }
    let opts = parse(args)?;
    let out = out_dir();
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for stale in [
        "target.json",
        "provisioned.json",
        "python.json",
        "amplify.json",
        "amplify-steps.json",
        "python-scenarios.json",
        "scenarios.json",
        "rust.json",
        "rust-steps.json",
        "steps-compare.txt",
        "python-final.json",
        "identity_js.json",
        "sdk_v3.json",
        "browser.json",
    ] {
        let _ = fs::remove_file(out.join(stale));
    }

    let started = Instant::now();
    let python = ensure_venv(opts.moto)?;
    let node_dir =
        if opts.skip_amplify && opts.skip_identity_js && opts.skip_sdk_v3 && !opts.browser {
            None
        } else {
            Some(ensure_node()?)
        };
    // Chromium is installed (when missing) before any server starts: it can take a while.
    let mut crashes: Vec<String> = Vec::new();
    let mut browser_skipped: Option<String> = None;
    let chromium = if opts.browser {
        match ensure_chromium(opts.chromium.as_deref()) {
            Ok(path) => Some(path),
            Err(Chromium::Unavailable(why)) => {
                eprintln!("xtask: --browser: skipping the browser suite: {why}");
                browser_skipped = Some(why);
                None
            }
            Err(Chromium::InstallFailed(why)) => {
                crashes.push(format!("browser: {why}"));
                None
            }
        }
    } else {
        None
    };
    // The facade's runner is built before any server starts (a build can take minutes),
    // with the mock in the same cargo invocation so that both share one feature
    // resolution (built separately, the shared dependencies compile twice).
    let build_mock_here = opts.against.is_none() && !opts.moto && opts.mock_bin.is_none();
    let build_start = Instant::now();
    let (runner, built_mock) = if opts.skip_rust {
        (None, None)
    } else {
        let (runner, mock) = build_runner(opts.release, build_mock_here)?;
        (Some(runner), mock)
    };
    let early_build_time = build_start.elapsed();
    let setup_time = started.elapsed();

    let mut server: Option<Server> = None;
    let target = if let Some(url) = &opts.against {
        Target {
            endpoint: url.trim_end_matches('/').to_owned(),
            region: opts.region.clone().unwrap_or_else(|| "us-east-1".into()),
            user_pool_id: None,
            user_pool_client_id: None,
            mock_api: opts.mock_api,
            server: format!("external server at {url}"),
        }
    } else if opts.moto {
        let moto = start_moto(&python, &out)?;
        let t = Target {
            endpoint: moto.endpoint.clone(),
            region: opts.region.clone().unwrap_or_else(|| "us-east-1".into()),
            user_pool_id: None,
            user_pool_client_id: None,
            mock_api: false,
            server: "moto (started by xtask)".into(),
        };
        server = Some(moto);
        t
    } else {
        let build_start = Instant::now();
        let (bin, with_runner) = match (&opts.mock_bin, built_mock) {
            (Some(bin), _) => (bin.clone(), false),
            (None, Some(bin)) => (bin, true),
            (None, None) => (build_mock(opts.release)?, false),
        };
        let build_time = if with_runner {
            early_build_time
        } else {
            build_start.elapsed()
        };
        let (mock, t) = start_mock(&bin, &out)?;
        let profile = if opts.release { "release" } else { "debug" };
        let how = match &opts.mock_bin {
            Some(bin) => format!("prebuilt {}", bin.display()),
            None if with_runner => format!(
                "{profile}, built with the cognito-auth runner in {:.1}s",
                build_time.as_secs_f64()
            ),
            None => format!("{profile}, built in {:.1}s", build_time.as_secs_f64()),
        };
        eprintln!("xtask: mock-cognito ({how}) listening at {}", t.endpoint);
        server = Some(mock);
        t
    };

    let target_file = out.join("target.json");
    write_json(&target_file, &target.to_json())?;
    let provisioned = out.join("provisioned.json");
    let py_dir = suite_dir().join("py");
    let suites_start = Instant::now();
    let mut suite_times: Vec<(&str, Duration)> = Vec::new();

    eprintln!(
        "xtask: python suites (boto3, pycognito) against {}",
        target.endpoint
    );
    let mut cmd = Command::new(&python);
    cmd.arg(py_dir.join("conformance.py"))
        .arg("--target")
        .arg(&target_file)
        .arg("--provisioned")
        .arg(&provisioned)
        .arg("--out")
        .arg(out.join("python.json"))
        .args(["--phase", "main"])
        .current_dir(&py_dir);
    run_suite(
        &mut crashes,
        &mut suite_times,
        "python",
        cmd,
        Duration::from_secs(600),
    );

    eprintln!("xtask: provisioning the sign-in step scenarios (boto3)");
    let scenarios = out.join("scenarios.json");
    let mut cmd = Command::new(&python);
    cmd.arg(py_dir.join("conformance.py"))
        .arg("--target")
        .arg(&target_file)
        .arg("--provisioned")
        .arg(&provisioned)
        .arg("--out")
        .arg(out.join("python-scenarios.json"))
        .args(["--phase", "scenarios", "--scenarios"])
        .arg(&scenarios)
        .current_dir(&py_dir);
    run_suite(
        &mut crashes,
        &mut suite_times,
        "python-scenarios",
        cmd,
        Duration::from_secs(300),
    );

    if let Some(node_dir) = node_dir.as_ref().filter(|_| !opts.skip_amplify) {
        eprintln!("xtask: Amplify JS suite (Node {})", node_version());
        let mut cmd = Command::new("node");
        cmd.arg(suite_dir().join("js").join("amplify.cjs"))
            .arg("--node-dir")
            .arg(node_dir)
            .arg("--target")
            .arg(&target_file)
            .arg("--scenarios")
            .arg(&scenarios)
            .arg("--out")
            .arg(out.join("amplify.json"))
            .arg("--steps")
            .arg(out.join("amplify-steps.json"));
        run_suite(
            &mut crashes,
            &mut suite_times,
            "amplify",
            cmd,
            Duration::from_secs(600),
        );
    }

    if let Some(runner) = &runner {
        eprintln!("xtask: the same scenarios through cognito-auth (conformance-runner)");
        let mut cmd = Command::new(runner);
        cmd.arg("--target")
            .arg(&target_file)
            .arg("--scenarios")
            .arg(&scenarios)
            .arg("--out")
            .arg(out.join("rust.json"))
            .arg("--steps")
            .arg(out.join("rust-steps.json"));
        run_suite(
            &mut crashes,
            &mut suite_times,
            "rust",
            cmd,
            Duration::from_secs(600),
        );
    }

    if let Some(node_dir) = node_dir.as_ref().filter(|_| !opts.skip_identity_js) {
        eprintln!(
            "xtask: amazon-cognito-identity-js suite (Node {})",
            node_version()
        );
        let mut cmd = Command::new("node");
        cmd.arg(suite_dir().join("js").join("identity_js.cjs"))
            .arg("--node-dir")
            .arg(node_dir)
            .arg("--target")
            .arg(&target_file)
            .arg("--scenarios")
            .arg(&scenarios)
            .arg("--out")
            .arg(out.join("identity_js.json"));
        run_suite(
            &mut crashes,
            &mut suite_times,
            "identity-js",
            cmd,
            Duration::from_secs(600),
        );
    }

    if let Some(node_dir) = node_dir.as_ref().filter(|_| !opts.skip_sdk_v3) {
        eprintln!(
            "xtask: AWS SDK for JavaScript v3 suite (Node {})",
            node_version()
        );
        let mut cmd = Command::new("node");
        cmd.arg(suite_dir().join("js").join("sdk_v3.cjs"))
            .arg("--node-dir")
            .arg(node_dir)
            .arg("--target")
            .arg(&target_file)
            .arg("--out")
            .arg(out.join("sdk_v3.json"));
        run_suite(
            &mut crashes,
            &mut suite_times,
            "sdk-v3",
            cmd,
            Duration::from_secs(300),
        );
    }

    if let (Some(node_dir), Some(chromium)) = (&node_dir, &chromium) {
        eprintln!(
            "xtask: Amplify JS in headless Chromium ({}), page on another origin",
            chromium.display()
        );
        let mut cmd = Command::new("node");
        cmd.arg(suite_dir().join("js").join("browser.cjs"))
            .arg("--node-dir")
            .arg(node_dir)
            .arg("--target")
            .arg(&target_file)
            .arg("--scenarios")
            .arg(&scenarios)
            .arg("--out")
            .arg(out.join("browser.json"))
            .arg("--work")
            .arg(out.join("browser"))
            .arg("--chromium")
            .arg(chromium);
        run_suite(
            &mut crashes,
            &mut suite_times,
            "browser",
            cmd,
            Duration::from_secs(300),
        );
    }

    eprintln!("xtask: final python checks (mock clock, reset)");
    let mut cmd = Command::new(&python);
    cmd.arg(py_dir.join("conformance.py"))
        .arg("--target")
        .arg(&target_file)
        .arg("--provisioned")
        .arg(&provisioned)
        .arg("--out")
        .arg(out.join("python-final.json"))
        .args(["--phase", "final"])
        .current_dir(&py_dir);
    run_suite(
        &mut crashes,
        &mut suite_times,
        "python-final",
        cmd,
        Duration::from_secs(300),
    );
    let suites_time = suites_start.elapsed();

    let mut extra_checks = Vec::new();
    if let Some(server) = server.take() {
        let is_mock = server.name == "mock-cognito";
        let stop = server.stop(Duration::from_secs(10));
        if is_mock {
            extra_checks.push(match stop {
                Ok(status) if status.success() => check("pass", "mock.graceful_shutdown", ""),
                Ok(status) => check(
                    "fail",
                    "mock.graceful_shutdown",
                    &format!("exited with {status} after SIGTERM"),
                ),
                Err(e) => check("fail", "mock.graceful_shutdown", &e),
            });
        }
    }

    let mut suites = Vec::new();
    for (suite, file) in [
        ("python", "python.json"),
        ("python-scenarios", "python-scenarios.json"),
        ("amplify", "amplify.json"),
        ("rust", "rust.json"),
        ("identity-js", "identity_js.json"),
        ("sdk-v3", "sdk_v3.json"),
        ("browser", "browser.json"),
        ("python-final", "python-final.json"),
    ] {
        if (suite == "amplify" && opts.skip_amplify)
            || (suite == "rust" && opts.skip_rust)
            || (suite == "identity-js" && opts.skip_identity_js)
            || (suite == "sdk-v3" && opts.skip_sdk_v3)
            || (suite == "browser" && chromium.is_none())
        {
            if let (Some(why), "browser") = (&browser_skipped, suite) {
                suites.push((
                    suite.to_owned(),
                    vec![check("skip", "browser.chromium", why)],
                ));
            }
            continue;
        }
        match read_results(&out.join(file)) {
            Ok(checks) => suites.push((suite.to_owned(), checks)),
            Err(e) => crashes.push(format!("{suite}: no results ({e})")),
        }
    }
    if !extra_checks.is_empty() {
        suites.push(("xtask".to_owned(), extra_checks));
    }

    // Amplify's step sequences against cognito-auth's, scenario by scenario.
    let mut table = String::new();
    if !opts.skip_amplify && !opts.skip_rust {
        let read = |f: &str| -> Result<Value, String> {
            let p = out.join(f);
            let text = fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))
        };
        match (read("amplify-steps.json"), read("rust-steps.json")) {
            (Ok(a), Ok(r)) => {
                let (outcomes, text) = steps_compare::compare(&a, &r, target.mock_api);
                table = text;
                suites.push((
                    "compare".to_owned(),
                    outcomes
                        .into_iter()
                        .map(|o| check(o.status, &o.name, &o.detail))
                        .collect(),
                ));
            }
            (a, r) => {
                let why = [a.err(), r.err()].into_iter().flatten().collect::<Vec<_>>();
                crashes.push(format!("compare: no step sequences ({})", why.join("; ")));
            }
        }
        let table_file = out.join("steps-compare.txt");
        fs::write(&table_file, &table)
            .map_err(|e| format!("cannot write {}: {e}", table_file.display()))?;
        print!("{table}");
    }

    let summary = summarize(
        &target,
        &suites,
        &crashes,
        setup_time,
        suites_time,
        &suite_times,
    );
    print!("{summary}");
    let summary_file = out.join("summary.txt");
    fs::write(&summary_file, &summary)
        .map_err(|e| format!("cannot write {}: {e}", summary_file.display()))?;
    eprintln!(
        "xtask: summary in {}, step sequences in {} and {}, compared in {}",
        summary_file.display(),
        out.join("amplify-steps.json").display(),
        out.join("rust-steps.json").display(),
        out.join("steps-compare.txt").display()
    );

    let failed: usize = suites
        .iter()
        .flat_map(|(_, c)| c)
        .filter(|c| c.status == "fail")
        .count();
    if (failed > 0 || !crashes.is_empty()) && !opts.keep_going {
        return Err(format!(
            "conformance failed: {failed} failed check(s), {} crashed suite(s)",
            crashes.len()
        ));
    }
    Ok(())
}

/// Runs one suite's process (killed after `timeout`), noting how long it took and whether
/// it crashed.
fn run_suite<'a>(
    crashes: &mut Vec<String>,
    times: &mut Vec<(&'a str, Duration)>,
    suite: &'a str,
    cmd: Command,
    timeout: Duration,
) {
    let started = Instant::now();
    let result = run_timed(cmd, timeout);
    times.push((suite, started.elapsed()));
    note_crash(crashes, suite, result);
}

fn note_crash(crashes: &mut Vec<String>, suite: &str, result: Result<ExitStatus, String>) {
    match result {
        Ok(status) if status.success() => {}
        Ok(status) => crashes.push(format!("{suite}: exited with {status}")),
        Err(e) => crashes.push(format!("{suite}: {e}")),
    }
}

#[derive(Debug, Clone)]
struct CheckResult {
    name: String,
    status: String,
    detail: String,
    ms: f64,
}

fn check(status: &str, name: &str, detail: &str) -> CheckResult {
    CheckResult {
        name: name.to_owned(),
        status: status.to_owned(),
        detail: detail.to_owned(),
        ms: 0.0,
    }
}

fn read_results(path: &Path) -> Result<Vec<CheckResult>, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let checks = doc
        .get("checks")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{}: no `checks` array", path.display()))?;
    Ok(checks
        .iter()
        .map(|c| CheckResult {
            name: str_field(c, "name"),
            status: str_field(c, "status"),
            detail: str_field(c, "detail"),
            ms: c.get("ms").and_then(Value::as_f64).unwrap_or(0.0),
        })
        .collect())
}

fn str_field(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn summarize(
    target: &Target,
    suites: &[(String, Vec<CheckResult>)],
    crashes: &[String],
    setup: Duration,
    run: Duration,
    times: &[(&str, Duration)],
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nconformance against {} ({})",
        target.server, target.endpoint
    );
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let width = suites
        .iter()
        .flat_map(|(_, c)| c)
        .map(|c| c.name.len())
        .max()
        .unwrap_or(10);
    for (suite, checks) in suites {
        let _ = writeln!(s, "\n  {suite}");
        for c in checks {
            *counts.entry(c.status.as_str()).or_default() += 1;
            let mark = match c.status.as_str() {
                "pass" => "ok  ",
                "fail" => "FAIL",
                "skip" => "skip",
                _ => "??? ",
            };
            let _ = write!(s, "    {mark}  {:<width$}  {:>7.0} ms", c.name, c.ms);
            if c.status != "pass" && !c.detail.is_empty() {
                let _ = write!(s, "  {}", one_line(&c.detail, 160));
            }
            s.push('\n');
        }
    }
    for c in crashes {
        let _ = writeln!(s, "\n  SUITE CRASHED: {c}");
    }
    let per_suite: Vec<String> = times
        .iter()
        .map(|(name, d)| format!("{name} {:.1}s", d.as_secs_f64()))
        .collect();
    let _ = writeln!(
        s,
        "\n(setup {:.1}s, suites {:.1}s: {})",
        setup.as_secs_f64(),
        run.as_secs_f64(),
        per_suite.join(", ")
    );
    let _ = writeln!(
        s,
        "conformance: {} passed, {} failed, {} skipped",
        counts.get("pass").copied().unwrap_or(0),
        counts.get("fail").copied().unwrap_or(0) + crashes.len(),
        counts.get("skip").copied().unwrap_or(0)
    );
    s
}

fn one_line(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max).collect();
        format!("{cut}…")
    }
}

fn write_json(path: &Path, v: &Value) -> Result<(), String> {
    let text = serde_json::to_string_pretty(v).map_err(|e| e.to_string())?;
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

// ---------------------------------------------------------------- installs

/// Makes `xtask/.venv` with the pinned clients (and moto's server when asked), and
/// returns its python. Reinstalls only when the requirement files changed.
pub(crate) fn ensure_venv(with_moto: bool) -> Result<PathBuf, String> {
    if with_moto {
        ensure_venv_with(&["requirements.txt", "requirements-moto.txt"])
    } else {
        ensure_venv_with(&["requirements.txt"])
    }
}

/// Makes `xtask/.venv` and installs these pinned requirement files (names in
/// `xtask/conformance/`), each only when it changed since it was last installed.
/// Every task that needs Python packages goes through here.
pub(crate) fn ensure_venv_with(files: &[&str]) -> Result<PathBuf, String> {
    let venv = root().join("xtask").join(".venv");
    let python = venv.join("bin").join("python");
    if !python.exists() {
        let mut cmd = Command::new("python3");
        cmd.args(["-m", "venv"]).arg(&venv);
        run(cmd).map_err(|e| format!("{e}\n(python3 with the venv module is required)"))?;
    }
    for &file in files {
        let req = suite_dir().join(file);
        let wanted = fs::read(&req).map_err(|e| format!("cannot read {}: {e}", req.display()))?;
        let stamp = venv.join(format!(".installed-{file}"));
        if fs::read(&stamp).ok().as_deref() == Some(wanted.as_slice()) {
            continue;
        }
        let mut cmd = Command::new(&python);
        cmd.args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--quiet",
            "-r",
        ])
        .arg(&req)
        .current_dir(suite_dir());
        run(cmd)?;
        fs::write(&stamp, &wanted).map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    }
    Ok(python)
}

/// Makes `xtask/.node/node_modules` from the committed package.json and lock file
/// (`npm ci`), and returns `xtask/.node`. Every task that needs npm packages goes
/// through here.
pub(crate) fn ensure_node() -> Result<PathBuf, String> {
    let dir = root().join("xtask").join(".node");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut changed = !dir.join("node_modules").join("aws-amplify").exists();
    for file in ["package.json", "package-lock.json"] {
        let src = suite_dir().join(file);
        let wanted = fs::read(&src).map_err(|e| format!("cannot read {}: {e}", src.display()))?;
        let dst = dir.join(file);
        if fs::read(&dst).ok().as_deref() != Some(wanted.as_slice()) {
            fs::write(&dst, &wanted).map_err(|e| format!("cannot write {}: {e}", dst.display()))?;
            changed = true;
        }
    }
    if changed {
        let mut cmd = Command::new("npm");
        cmd.args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir);
        run(cmd).map_err(|e| format!("{e}\n(Node.js 20+ and npm are required)"))?;
    }
    Ok(dir)
}

/// Why the browser suite cannot run.
#[derive(Debug)]
enum Chromium {
    /// No Chromium and no way to install one here: the suite is skipped, and says so.
    Unavailable(String),
    /// apt-get was there but the install failed: a failure of the run.
    InstallFailed(String),
}

const CHROMIUM: &str = "/usr/bin/chromium";

/// Debian's Chromium (`/usr/bin/chromium`, or `explicit`), installed with apt-get when
/// missing. Never a browser build downloaded by a tool.
fn ensure_chromium(explicit: Option<&Path>) -> Result<PathBuf, Chromium> {
    if let Some(path) = explicit {
        return if path.exists() {
            Ok(path.to_path_buf())
        } else {
            Err(Chromium::InstallFailed(format!(
                "--chromium {} does not exist",
                path.display()
            )))
        };
    }
    let path = PathBuf::from(CHROMIUM);
    if path.exists() {
        return Ok(path);
    }
    let apt = Command::new("apt-get")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !apt {
        return Err(Chromium::Unavailable(format!(
            "{CHROMIUM} is missing and apt-get is unavailable (install Debian's or your \
             system's chromium, or pass --chromium PATH)"
        )));
    }
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !is_root {
        return Err(Chromium::Unavailable(format!(
            "{CHROMIUM} is missing and apt-get needs root (run `apt-get install -y chromium` \
             as root, or pass --chromium PATH)"
        )));
    }
    eprintln!(
        "xtask: --browser: installing Debian's `chromium` package and its dependencies \
         (apt-get install -y --no-install-recommends chromium; about 350 MB on disk)"
    );
    let install = || {
        Command::new("apt-get")
            .args([
                "install",
                "-y",
                "-qq",
                "--no-install-recommends",
                "chromium",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !install() {
        eprintln!("xtask: --browser: apt-get install failed; running apt-get update first");
        let _ = Command::new("apt-get").args(["update", "-qq"]).status();
        if !install() {
            return Err(Chromium::InstallFailed(
                "apt-get install -y chromium failed (see its output above)".into(),
            ));
        }
    }
    if path.exists() {
        eprintln!("xtask: --browser: installed {}", chromium_version(&path));
        Ok(path)
    } else {
        Err(Chromium::InstallFailed(format!(
            "apt-get installed chromium but {CHROMIUM} is missing"
        )))
    }
}

fn chromium_version(path: &Path) -> String {
    Command::new(path)
        .arg("--version")
        .stderr(Stdio::null())
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "chromium".into())
}

fn node_version() -> String {
    Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "?".into())
}

// ---------------------------------------------------------------- servers

/// A server process this run started; killed on drop if still running.
pub(crate) struct Server {
    pub name: String,
    pub endpoint: String,
    pub child: Child,
}

impl Server {
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM, then waits up to `grace` for the exit; SIGKILL after that.
    pub(crate) fn stop(mut self, grace: Duration) -> Result<ExitStatus, String> {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !sent {
            let _ = self.child.kill();
            return self.child.wait().map_err(|e| e.to_string());
        }
        let deadline = Instant::now() + grace;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return Ok(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50))
                }
                Ok(None) => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    return Err(format!(
                        "{} did not exit within {}s of SIGTERM (killed)",
                        self.name,
                        grace.as_secs()
                    ));
                }
                Err(e) => return Err(e.to_string()),
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub(crate) fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    l.local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// Whether the workspace's mock-cognito package has a binary target yet.
pub(crate) fn mock_has_binary() -> Result<bool, String> {
    let out = cargo()
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let meta: Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    let has = meta
        .get("packages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|p| p.get("name").and_then(Value::as_str) == Some("mock-cognito"))
        .flat_map(|p| {
            p.get("targets")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .any(|t| {
            t.get("name").and_then(Value::as_str) == Some("mock-cognito")
                && t.get("kind")
                    .and_then(Value::as_array)
                    .is_some_and(|k| k.iter().any(|k| k == "bin"))
        });
    Ok(has)
}

/// `cargo build -p mock-cognito --bin mock-cognito`, returning the binary's path.
pub(crate) fn build_mock(release: bool) -> Result<PathBuf, String> {
    if !mock_has_binary()? {
        return Err("mock-cognito has no `mock-cognito` binary yet (issue 3). \
             Run the suites against another server with --moto or --against URL."
            .into());
    }
    let mut cmd = cargo();
    cmd.args(["build", "-p", "mock-cognito", "--bin", "mock-cognito"]);
    if release {
        cmd.arg("--release");
    }
    run(cmd)?;
    let bin = target_dir()
        .join(if release { "release" } else { "debug" })
        .join("mock-cognito");
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!(
            "built mock-cognito but {} is missing",
            bin.display()
        ))
    }
}

/// `cargo build -p cognito-auth-e2e --bin conformance-runner` (and, with
/// `with_mock`, `-p mock-cognito --bin mock-cognito` in the same invocation),
/// returning the runner and the mock binary.
fn build_runner(release: bool, with_mock: bool) -> Result<(PathBuf, Option<PathBuf>), String> {
    let with_mock = with_mock && mock_has_binary()?;
    let mut cmd = cargo();
    cmd.args([
        "build",
        "-p",
        "cognito-auth-e2e",
        "--bin",
        "conformance-runner",
    ]);
    if with_mock {
        cmd.args(["-p", "mock-cognito", "--bin", "mock-cognito"]);
    }
    if release {
        cmd.arg("--release");
    }
    run(cmd)?;
    let dir = target_dir().join(if release { "release" } else { "debug" });
    let bin = dir.join("conformance-runner");
    let mock = dir.join("mock-cognito");
    if with_mock && !mock.exists() {
        return Err(format!(
            "built mock-cognito but {} is missing",
            mock.display()
        ));
    }
    if bin.exists() {
        Ok((bin, with_mock.then_some(mock)))
    } else {
        Err(format!(
            "built conformance-runner but {} is missing",
            bin.display()
        ))
    }
}

/// Starts mock-cognito on a free port and reads the one JSON line it prints.
pub(crate) fn start_mock(bin: &Path, logs: &Path) -> Result<(Server, Target), String> {
    let port = free_port()?;
    let spawned = Instant::now();
    let stderr_log = logs.join("mock-cognito.stderr.log");
    let stderr = fs::File::create(&stderr_log)
        .map_err(|e| format!("cannot create {}: {e}", stderr_log.display()))?;
    let mut child = Command::new(bin)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let stdout = child.stdout.take().ok_or("mock-cognito: no stdout pipe")?;
    let mut server = Server {
        name: "mock-cognito".into(),
        endpoint: String::new(),
        child,
    };

    // The first line is the JSON line; later stdout lines go to a log file.
    let (tx, rx) = mpsc::channel::<String>();
    let stdout_log = logs.join("mock-cognito.stdout.log");
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        if let Some(Ok(first)) = lines.next() {
            let _ = tx.send(first);
        }
        if let Ok(mut f) = fs::File::create(&stdout_log) {
            for line in lines.map_while(Result::ok) {
                let _ = writeln!(f, "{line}");
            }
        }
    });
    let first = loop {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => break line,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = server.child.wait().map_err(|e| e.to_string())?;
                return Err(format!(
                    "mock-cognito exited ({status}) before printing its JSON line; stderr:\n{}",
                    tail(&stderr_log, 30)
                ));
            }
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            return Err(format!(
                "mock-cognito exited ({status}) before printing its JSON line; stderr:\n{}",
                tail(&stderr_log, 30)
            ));
        }
        if spawned.elapsed() > Duration::from_secs(120) {
            return Err(format!(
                "mock-cognito printed nothing within 120 s; stderr:\n{}",
                tail(&stderr_log, 30)
            ));
        }
    };
    let line: Value = serde_json::from_str(&first)
        .map_err(|e| format!("mock-cognito's first line is not JSON ({e}): {first}"))?;
    let field = |k: &str| -> Result<String, String> {
        line.get(k)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("mock-cognito's JSON line lacks `{k}`: {first}"))
    };
    let target = Target {
        endpoint: field("endpoint")?.trim_end_matches('/').to_owned(),
        region: field("region")?,
        user_pool_id: Some(field("userPoolId")?),
        user_pool_client_id: Some(field("userPoolClientId")?),
        mock_api: true,
        server: "mock-cognito".into(),
    };
    let want = format!("http://127.0.0.1:{port}");
    if target.endpoint != want {
        return Err(format!(
            "mock-cognito reports endpoint {} but was asked to listen on {want}",
            target.endpoint
        ));
    }
    server.endpoint = target.endpoint.clone();
    Ok((server, target))
}

/// Starts moto's server from the venv on a free port and waits until it answers.
pub(crate) fn start_moto(python: &Path, logs: &Path) -> Result<Server, String> {
    let port = free_port()?;
    let log_path = logs.join("moto.log");
    let log = fs::File::create(&log_path)
        .map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;
    let moto_server = python.with_file_name("moto_server");
    let child = Command::new(&moto_server)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", moto_server.display()))?;
    let mut server = Server {
        name: "moto".into(),
        endpoint: format!("http://127.0.0.1:{port}"),
        child,
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(server);
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            return Err(format!(
                "moto exited ({status}) at start:\n{}",
                tail(&log_path, 30)
            ));
        }
        if Instant::now() > deadline {
            return Err(format!(
                "moto did not listen within 60 s:\n{}",
                tail(&log_path, 30)
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn tail(path: &Path, lines: usize) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Runs a command with inherited output, killing it after `timeout`.
pub(crate) fn run_timed(mut cmd: Command, timeout: Duration) -> Result<ExitStatus, String> {
    let mut child = cmd
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("could not start {cmd:?}: {e}"))?;
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {} s (killed)", timeout.as_secs()));
            }
            Err(e) => return Err(e.to_string()),
        }
    }
}
