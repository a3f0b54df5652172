//! `cargo xtask bench-mock`: sign-ins per second and p50/p99 latency of mock-cognito and
//! moto, measured in the same run on the same machine.
//!
//! Both servers are started here (mock-cognito built with `--release`, moto's server from
//! `xtask/.venv`), each gets a fresh pool, a public app client and `--users` users with a
//! permanent password (provisioned over the wire with SigV4-signed admin calls), and then,
//! for each connection count (1, 16, 64 by default), three loads run for `--duration`,
//! alternating between the servers so that outside load falls on both alike:
//!
//! * `wrk` + `xtask/bench/wrk-signin.lua`: InitiateAuth USER_PASSWORD_AUTH, the reference
//!   method (the figures in issue 3 were taken this way);
//! * the built-in generator doing the same USER_PASSWORD_AUTH sign-ins, to compare it
//!   with wrk;
//! * the built-in generator doing full SRP sign-ins: InitiateAuth USER_SRP_AUTH, then
//!   RespondToAuthChallenge PASSWORD_VERIFIER with the claim computed by
//!   `cognito-auth-srp` (a fresh `a` per sign-in, a real TIMESTAMP).
//!
//! The generator is an async hyper client on a 2-thread tokio runtime with N workers, each
//! with its own keep-alive connection (reconnecting when the server closes it); a sign-in's
//! latency is measured from its first request to its last response, client SRP work
//! included. Client and server share the machine's cores, so the table reports the CPU
//! each used (from /proc: the server's process, this process for the generator, the
//! waited-for child for wrk), as a percentage of one core.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use cognito_auth_srp::{OsRandom, PasswordVerifierChallenge, SrpClient};
use hmac::{Hmac, Mac};
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::conformance::{
    Server, build_mock, ensure_venv, mock_has_binary, start_mock, start_moto, suite_dir, target_dir,
};
use crate::{cargo, root};

const USAGE: &str = "\
cargo xtask bench-mock [options]

Sign-ins per second and p50/p99 latency, mock-cognito (release) vs moto, with wrk and a
built-in generator (USER_PASSWORD_AUTH and full SRP). Writes target/bench-mock/results.md.

options:
  --targets LIST       mock,moto (default: both; mock is left out with a warning while
                       mock-cognito has no binary)
  --connections LIST   concurrent connections (default: 1,16,64)
  --duration SECS      length of each measurement (default: 10)
  --users N            users provisioned per server (default: 64)
  --methods LIST       wrk-password,password,srp (default: all)
  --mock-bin PATH      use this mock-cognito binary instead of building one (--release)
";

const PASSWORD: &str = "Bench-Passw0rd!";
const USER_PREFIX: &str = "bench-user-";
const REGION: &str = "us-east-1";
const ACCESS_KEY: &str = "AKIDBENCHMOCK";
const SECRET_KEY: &str = "bench-mock-secret";
/// USER_HZ: 100 on every Linux architecture Rust targets.
const CLOCK_TICKS_PER_SECOND: f64 = 100.0;

#[derive(Debug, Clone)]
struct Options {
    targets: Vec<String>,
    connections: Vec<usize>,
    duration: Duration,
    users: usize,
    methods: Vec<Method>,
    mock_bin: Option<std::path::PathBuf>,
    raw_args: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    WrkPassword,
    Password,
    Srp,
}

impl Method {
    fn label(self) -> &'static str {
        match self {
            Method::WrkPassword => "USER_PASSWORD_AUTH (wrk)",
            Method::Password => "USER_PASSWORD_AUTH (generator)",
            Method::Srp => "USER_SRP_AUTH + PASSWORD_VERIFIER (generator)",
        }
    }
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        targets: vec!["mock".into(), "moto".into()],
        connections: vec![1, 16, 64],
        duration: Duration::from_secs(10),
        users: 64,
        methods: vec![Method::WrkPassword, Method::Password, Method::Srp],
        mock_bin: None,
        raw_args: args.to_vec(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{a} needs a value\n\n{USAGE}"))
        };
        match a.as_str() {
            "--targets" => {
                o.targets = list(value()?);
                if o.targets.iter().any(|t| t != "mock" && t != "moto") || o.targets.is_empty() {
                    return Err(format!("--targets takes mock and/or moto\n\n{USAGE}"));
                }
            }
            "--connections" => {
                o.connections = list(value()?)
                    .iter()
                    .map(|c| c.parse::<usize>().ok().filter(|n| (1..=1024).contains(n)))
                    .collect::<Option<Vec<_>>>()
                    .ok_or("--connections takes numbers from 1 to 1024")?;
            }
            "--duration" => {
                let secs: u64 = value()?
                    .parse()
                    .ok()
                    .filter(|s| (1..=600).contains(s))
                    .ok_or("--duration takes 1 to 600 seconds")?;
                o.duration = Duration::from_secs(secs);
            }
            "--users" => {
                o.users = value()?
                    .parse()
                    .ok()
                    .filter(|n| (1..=10_000).contains(n))
                    .ok_or("--users takes 1 to 10000")?;
            }
            "--methods" => {
                o.methods = list(value()?)
                    .iter()
                    .map(|m| match m.as_str() {
                        "wrk-password" => Some(Method::WrkPassword),
                        "password" => Some(Method::Password),
                        "srp" => Some(Method::Srp),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()
                    .ok_or("--methods takes wrk-password, password, srp")?;
            }
            "--mock-bin" => {
                let p = std::path::PathBuf::from(value()?);
                o.mock_bin = Some(if p.is_absolute() {
                    p
                } else {
                    std::env::current_dir().map(|d| d.join(&p)).unwrap_or(p)
                });
            }
            other => return Err(format!("unknown option `{other}`\n\n{USAGE}")),
        }
    }
    Ok(o)
}

fn list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(crate) fn bench_mock(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return Ok(());
    }
    let opts = parse(args)?;
    // A load generator built without optimisation would spend the shared cores on itself.
    if cfg!(debug_assertions) && std::env::var_os("XTASK_BENCH_RELEASE").is_none() {
        eprintln!("xtask: rebuilding xtask with --release for the load generator");
        let status = cargo()
            .args([
                "run",
                "--release",
                "--quiet",
                "-p",
                "xtask",
                "--",
                "bench-mock",
            ])
            .args(&opts.raw_args)
            .env("XTASK_BENCH_RELEASE", "1")
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        return if status.success() {
            Ok(())
        } else {
            Err(format!("bench-mock (release) failed with {status}"))
        };
    }

    let out = target_dir().join("bench-mock");
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut notes: Vec<String> = Vec::new();

    let mut targets = opts.targets.clone();
    if targets.iter().any(|t| t == "mock") && opts.mock_bin.is_none() && !mock_has_binary()? {
        let note = "mock-cognito has no binary yet: benchmarked moto only".to_owned();
        eprintln!("xtask: warning: {note}");
        notes.push(note);
        targets.retain(|t| t != "mock");
    }
    if targets.is_empty() {
        return Err("nothing to benchmark".into());
    }

    let mut methods = opts.methods.clone();
    if methods.contains(&Method::WrkPassword) && !ensure_wrk() {
        let note = "wrk is not installed and could not be installed (apt-get install wrk): \
                    wrk rows left out"
            .to_owned();
        eprintln!("xtask: warning: {note}");
        notes.push(note);
        methods.retain(|m| *m != Method::WrkPassword);
    }

    let python = if targets.iter().any(|t| t == "moto") {
        Some(ensure_venv(true)?)
    } else {
        None
    };
    let mock_bin = if let Some(bin) = &opts.mock_bin {
        Some(bin.clone())
    } else if targets.iter().any(|t| t == "mock") {
        Some(build_mock(true)?)
    } else {
        None
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("tokio runtime: {e}"))?;

    let load_before = loadavg();
    // Every server runs for the whole benchmark (idle while another is measured), and
    // the measurements alternate between them, so that load from elsewhere on the
    // machine falls on all of them alike.
    let mut servers: Vec<(&'static str, Server)> = Vec::new();
    for name in &targets {
        let server = match name.as_str() {
            "mock" => {
                let bin = mock_bin.as_deref().ok_or("mock-cognito was not built")?;
                start_mock(bin, &out)?.0
            }
            _ => start_moto(python.as_deref().ok_or("no venv")?, &out)?,
        };
        let label = if name == "mock" {
            "mock-cognito"
        } else {
            "moto"
        };
        eprintln!("xtask: {label} at {}", server.endpoint);
        servers.push((label, server));
    }
    let result = runtime.block_on(bench_servers(&servers, &opts, &methods, &out));
    for (label, server) in servers {
        if let Err(e) = server.stop(Duration::from_secs(10)) {
            notes.push(format!("{label}: {e}"));
        }
    }
    let rows = result?;

    notes.push(format!(
        "load average (1/5/15 min) before the run: {load_before}; after: {}",
        loadavg()
    ));
    let report = render(&rows, &opts, &notes);
    print!("{report}");
    let md = out.join("results.md");
    fs::write(&md, &report).map_err(|e| format!("cannot write {}: {e}", md.display()))?;
    let js = out.join("results.json");
    let doc = json!({
        "durationSecs": opts.duration.as_secs(),
        "users": opts.users,
        "cores": cores(),
        "notes": notes,
        "rows": rows.iter().map(Row::to_json).collect::<Vec<_>>(),
    });
    fs::write(&js, serde_json::to_string_pretty(&doc).unwrap_or_default())
        .map_err(|e| format!("cannot write {}: {e}", js.display()))?;
    eprintln!("xtask: written {} and {}", md.display(), js.display());
    Ok(())
}

/// wrk on PATH, installing Debian's package when running as root.
fn ensure_wrk() -> bool {
    let have = || {
        Command::new("wrk")
            .arg("--version")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).contains("wrk"))
            .unwrap_or(false)
    };
    if have() {
        return true;
    }
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    if !is_root {
        return false;
    }
    eprintln!("xtask: installing wrk (apt-get install wrk)");
    let install = || {
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "wrk"])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    };
    if install() {
        return have();
    }
    let _ = Command::new("apt-get").args(["update", "-qq"]).status();
    install() && have()
}

// ---------------------------------------------------------------- one server

#[derive(Debug, Clone)]
struct Row {
    server: String,
    method: Method,
    connections: usize,
    sign_ins: u64,
    errors: u64,
    first_error: Option<String>,
    elapsed: Duration,
    p50: Duration,
    p99: Duration,
    server_cpu: f64,
    client_cpu: f64,
    /// Wall time the CPU percentages refer to.
    elapsed_wall: Duration,
}

impl Row {
    fn rate(&self) -> f64 {
        self.sign_ins as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Server CPU time per sign-in: the cost that does not depend on who else shares the
    /// cores.
    fn server_ms_per_sign_in(&self) -> f64 {
        if self.sign_ins == 0 {
            return 0.0;
        }
        self.server_cpu / 100.0 * self.elapsed_wall.as_secs_f64() * 1000.0 / self.sign_ins as f64
    }

    fn to_json(&self) -> Value {
        json!({
            "server": self.server,
            "method": self.method.label(),
            "connections": self.connections,
            "signInsPerSecond": round1(self.rate()),
            "signIns": self.sign_ins,
            "errors": self.errors,
            "firstError": self.first_error,
            "p50Ms": round1(ms(self.p50)),
            "p99Ms": round1(ms(self.p99)),
            "serverCpuPercent": round1(self.server_cpu),
            "serverCpuMsPerSignIn": (self.server_ms_per_sign_in() * 100.0).round() / 100.0,
            "clientCpuPercent": round1(self.client_cpu),
        })
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Everything the sign-in loops need about one provisioned server.
#[derive(Debug)]
struct Bench {
    endpoint: String,
    host: String,
    pool_id: String,
    client_id: String,
    users: usize,
}

type HttpClient = Client<HttpConnector, Full<Bytes>>;

fn http_client(max_idle: usize) -> HttpClient {
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(max_idle)
        .build(connector)
}

async fn bench_servers(
    servers: &[(&'static str, Server)],
    opts: &Options,
    methods: &[Method],
    out: &Path,
) -> Result<Vec<Row>, String> {
    let mut benches = Vec::new();
    for (label, server) in servers {
        let host = server
            .endpoint
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let (pool_id, client_id) =
            provision(&http_client(4), &server.endpoint, &host, opts.users).await?;
        let bench = Arc::new(Bench {
            endpoint: server.endpoint.clone(),
            host,
            pool_id,
            client_id,
            users: opts.users,
        });
        eprintln!(
            "xtask: {label}: pool {} with {} users; warming up",
            bench.pool_id, bench.users
        );
        for method in [Method::Password, Method::Srp] {
            if methods.contains(&method) {
                let warm = generate(&bench, method, 4, Duration::from_secs(1)).await;
                if warm.sign_ins == 0 {
                    return Err(format!(
                        "{label}: no {} sign-in succeeded while warming up: {}",
                        method.label(),
                        warm.first_error.unwrap_or_default()
                    ));
                }
            }
        }
        benches.push((*label, server.pid(), bench));
    }

    let mut rows = Vec::new();
    for &connections in &opts.connections {
        for &method in methods {
            for (label, pid, bench) in &benches {
                let row =
                    measure(label, *pid, bench, method, connections, opts.duration, out).await?;
                rows.push(row);
                // Let connections in TIME_WAIT and the server's queues drain between runs.
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    }
    Ok(rows)
}

async fn measure(
    label: &str,
    pid: u32,
    bench: &Arc<Bench>,
    method: Method,
    connections: usize,
    duration: Duration,
    out: &Path,
) -> Result<Row, String> {
    let server_before = process_cpu(pid);
    let (wall, mut row) = if method == Method::WrkPassword {
        let before = children_cpu();
        let start = Instant::now();
        let mut row = run_wrk(bench, connections, duration, out).await?;
        let wall = start.elapsed();
        row.client_cpu = percent(children_cpu() - before, wall);
        (wall, row)
    } else {
        let before = self_cpu();
        let start = Instant::now();
        let mut row = generate(bench, method, connections, duration).await;
        let wall = start.elapsed();
        row.client_cpu = percent(self_cpu() - before, wall);
        (wall, row)
    };
    row.server = label.to_owned();
    row.server_cpu = percent(process_cpu(pid) - server_before, wall);
    row.elapsed_wall = wall;
    eprintln!(
        "xtask: {label:<12} {:<46} c={connections:<3} {:>8.1}/s p50 {:>7.1} ms p99 {:>7.1} ms errors {} (server CPU {:.0}%, {:.2} ms/sign-in; client CPU {:.0}%)",
        method.label(),
        row.rate(),
        ms(row.p50),
        ms(row.p99),
        row.errors,
        row.server_cpu,
        row.server_ms_per_sign_in(),
        row.client_cpu
    );
    Ok(row)
}

// ---------------------------------------------------------------- provisioning

async fn provision(
    http: &HttpClient,
    endpoint: &str,
    host: &str,
    users: usize,
) -> Result<(String, String), String> {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let pool = admin(
        http,
        endpoint,
        host,
        "CreateUserPool",
        json!({ "PoolName": format!("bench-{stamp}") }),
    )
    .await?;
    let pool_id = pool
        .pointer("/UserPool/Id")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("CreateUserPool answered without an Id: {pool}"))?
        .to_owned();
    let client = admin(
        http,
        endpoint,
        host,
        "CreateUserPoolClient",
        json!({
            "UserPoolId": pool_id,
            "ClientName": "bench",
            "GenerateSecret": false,
            "ExplicitAuthFlows": [
                "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"
            ],
        }),
    )
    .await?;
    let client_id = client
        .pointer("/UserPoolClient/ClientId")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("CreateUserPoolClient answered without a ClientId: {client}"))?
        .to_owned();
    for i in 0..users {
        let username = format!("{USER_PREFIX}{i}");
        admin(
            http,
            endpoint,
            host,
            "AdminCreateUser",
            json!({
                "UserPoolId": pool_id,
                "Username": username,
                "MessageAction": "SUPPRESS",
                "TemporaryPassword": "Temp-Passw0rd!",
            }),
        )
        .await?;
        admin(
            http,
            endpoint,
            host,
            "AdminSetUserPassword",
            json!({
                "UserPoolId": pool_id,
                "Username": username,
                "Password": PASSWORD,
                "Permanent": true,
            }),
        )
        .await?;
    }
    Ok((pool_id, client_id))
}

/// A SigV4-signed admin call (dummy credentials; the servers accept any signature).
async fn admin(
    http: &HttpClient,
    endpoint: &str,
    host: &str,
    action: &str,
    body: Value,
) -> Result<Value, String> {
    let body = body.to_string();
    let target = format!("AWSCognitoIdentityProviderService.{action}");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (amz_date, authorization) = sigv4(host, &target, body.as_bytes(), now);
    let req = Request::post(format!("{endpoint}/"))
        .header("host", host)
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", &target)
        .header("x-amz-date", amz_date)
        .header("authorization", authorization)
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| format!("{action}: {e}"))?;
    let (status, bytes) = send(http, req)
        .await
        .map_err(|e| format!("{action}: {e}"))?;
    let text = String::from_utf8_lossy(&bytes);
    if status != 200 {
        return Err(format!("{action} answered {status}: {text}"));
    }
    serde_json::from_slice(&bytes).map_err(|e| format!("{action}: not JSON ({e}): {text}"))
}

/// `(x-amz-date, Authorization)` for a POST / with the four headers we send.
fn sigv4(host: &str, target: &str, body: &[u8], unix: u64) -> (String, String) {
    let (y, m, d) = civil_from_days((unix / 86_400) as i64);
    let secs = unix % 86_400;
    let date = format!("{y:04}{m:02}{d:02}");
    let amz_date = format!(
        "{date}T{:02}{:02}{:02}Z",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    );
    let signed_headers = "content-type;host;x-amz-date;x-amz-target";
    let canonical = format!(
        "POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:{host}\nx-amz-date:{amz_date}\n\
         x-amz-target:{target}\n\n{signed_headers}\n{}",
        hex(&Sha256::digest(body))
    );
    let scope = format!("{date}/{REGION}/cognito-idp/aws4_request");
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let mut key = hmac(format!("AWS4{SECRET_KEY}").as_bytes(), date.as_bytes());
    for part in [REGION, "cognito-idp", "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    let signature = hex(&hmac(&key, to_sign.as_bytes()));
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{scope}, SignedHeaders={signed_headers}, \
         Signature={signature}"
    );
    (amz_date, authorization)
}

fn hmac(key: &[u8], msg: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length; the error branch cannot happen.
    match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(msg);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// (year, month, day) of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

// ---------------------------------------------------------------- the generator

async fn send(http: &HttpClient, req: Request<Full<Bytes>>) -> Result<(u16, Bytes), String> {
    let fut = async {
        let resp = http.request(req).await.map_err(|e| format!("HTTP: {e}"))?;
        let status = resp.status().as_u16();
        let body = resp
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("HTTP body: {e}"))?
            .to_bytes();
        Ok::<_, String>((status, body))
    };
    tokio::time::timeout(Duration::from_secs(30), fut)
        .await
        .map_err(|_| "no answer within 30 s".to_owned())?
}

async fn call(
    http: &HttpClient,
    bench: &Bench,
    action: &str,
    body: String,
) -> Result<(u16, Bytes), String> {
    let req = Request::post(format!("{}/", bench.endpoint))
        .header("host", &bench.host)
        .header("content-type", "application/x-amz-json-1.1")
        .header(
            "x-amz-target",
            format!("AWSCognitoIdentityProviderService.{action}"),
        )
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| e.to_string())?;
    send(http, req).await
}

fn has_tokens(status: u16, body: &[u8]) -> Result<(), String> {
    if status == 200 && contains(body, b"\"AccessToken\"") {
        Ok(())
    } else {
        Err(format!("{status}: {}", String::from_utf8_lossy(body)))
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

async fn password_sign_in(http: &HttpClient, bench: &Bench, user: usize) -> Result<(), String> {
    let body = json!({
        "AuthFlow": "USER_PASSWORD_AUTH",
        "ClientId": bench.client_id,
        "AuthParameters": { "USERNAME": format!("{USER_PREFIX}{user}"), "PASSWORD": PASSWORD },
    });
    let (status, bytes) = call(http, bench, "InitiateAuth", body.to_string()).await?;
    has_tokens(status, &bytes)
}

async fn srp_sign_in(http: &HttpClient, bench: &Bench, user: usize) -> Result<(), String> {
    let username = format!("{USER_PREFIX}{user}");
    let client = SrpClient::new(&mut OsRandom).map_err(|e| format!("SRP: {e}"))?;
    let body = json!({
        "AuthFlow": "USER_SRP_AUTH",
        "ClientId": bench.client_id,
        "AuthParameters": { "USERNAME": username, "SRP_A": client.srp_a() },
    });
    let (status, bytes) = call(http, bench, "InitiateAuth", body.to_string()).await?;
    if status != 200 {
        return Err(format!(
            "InitiateAuth {status}: {}",
            String::from_utf8_lossy(&bytes)
        ));
    }
    let challenge: Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("InitiateAuth: not JSON ({e})"))?;
    let param = |k: &str| -> Result<&str, String> {
        challenge
            .pointer(&format!("/ChallengeParameters/{k}"))
            .and_then(Value::as_str)
            .ok_or_else(|| format!("PASSWORD_VERIFIER challenge without {k}: {challenge}"))
    };
    let user_id = param("USER_ID_FOR_SRP")?;
    let pool_name = cognito_auth_srp::pool_name(&bench.pool_id).map_err(|e| e.to_string())?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let timestamp = cognito_auth_srp::timestamp::format(now);
    let claim = client
        .password_claim(
            &PasswordVerifierChallenge {
                pool_name,
                user_id_for_srp: user_id,
                salt_hex: param("SALT")?,
                srp_b_hex: param("SRP_B")?,
                secret_block_b64: param("SECRET_BLOCK")?,
            },
            PASSWORD,
            &timestamp,
        )
        .map_err(|e| format!("SRP: {e}"))?;
    let mut body = json!({
        "ChallengeName": "PASSWORD_VERIFIER",
        "ClientId": bench.client_id,
        "ChallengeResponses": {
            // Cognito's canonical name for the user; moto wants its USERNAME here too.
            "USERNAME": param("USERNAME").unwrap_or(user_id),
            "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
            "TIMESTAMP": claim.timestamp,
            "PASSWORD_CLAIM_SIGNATURE": claim.signature,
        },
    });
    if let (Some(session), Some(obj)) = (
        challenge.get("Session").and_then(Value::as_str),
        body.as_object_mut(),
    ) {
        obj.insert("Session".into(), Value::String(session.to_owned()));
    }
    let (status, bytes) = call(http, bench, "RespondToAuthChallenge", body.to_string()).await?;
    has_tokens(status, &bytes)
}

#[derive(Debug, Default)]
struct WorkerResult {
    latencies_us: Vec<u32>,
    errors: u64,
    first_error: Option<String>,
}

/// `connections` workers signing in back to back until `duration` has passed.
async fn generate(
    bench: &Arc<Bench>,
    method: Method,
    connections: usize,
    duration: Duration,
) -> Row {
    let start = Instant::now();
    let deadline = start + duration;
    let mut handles = Vec::with_capacity(connections);
    for w in 0..connections {
        let bench = Arc::clone(bench);
        handles.push(tokio::spawn(async move {
            // One client per worker, at most one idle connection: one connection each.
            let http = http_client(1);
            let mut r = WorkerResult::default();
            let mut user = w % bench.users;
            while Instant::now() < deadline {
                let t0 = Instant::now();
                let outcome = match method {
                    Method::Srp => srp_sign_in(&http, &bench, user).await,
                    _ => password_sign_in(&http, &bench, user).await,
                };
                match outcome {
                    Ok(()) => r
                        .latencies_us
                        .push(u32::try_from(t0.elapsed().as_micros()).unwrap_or(u32::MAX)),
                    Err(e) => {
                        r.errors += 1;
                        r.first_error.get_or_insert(e);
                    }
                }
                user = (user + connections) % bench.users;
            }
            r
        }));
    }
    let mut all = WorkerResult::default();
    for h in handles {
        match h.await {
            Ok(r) => {
                all.latencies_us.extend(r.latencies_us);
                all.errors += r.errors;
                if all.first_error.is_none() {
                    all.first_error = r.first_error;
                }
            }
            Err(e) => {
                all.errors += 1;
                all.first_error
                    .get_or_insert(format!("worker panicked: {e}"));
            }
        }
    }
    let elapsed = start.elapsed();
    all.latencies_us.sort_unstable();
    Row {
        server: String::new(),
        method,
        connections,
        sign_ins: all.latencies_us.len() as u64,
        errors: all.errors,
        first_error: all.first_error,
        elapsed,
        p50: percentile(&all.latencies_us, 50.0),
        p99: percentile(&all.latencies_us, 99.0),
        server_cpu: 0.0,
        client_cpu: 0.0,
        elapsed_wall: Duration::ZERO,
    }
}

fn percentile(sorted_us: &[u32], p: f64) -> Duration {
    if sorted_us.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted_us.len() as f64).ceil() as usize;
    let idx = rank.saturating_sub(1).min(sorted_us.len() - 1);
    Duration::from_micros(u64::from(sorted_us[idx]))
}

// ---------------------------------------------------------------- wrk

async fn run_wrk(
    bench: &Bench,
    connections: usize,
    duration: Duration,
    out: &Path,
) -> Result<Row, String> {
    let script = root().join("xtask").join("bench").join("wrk-signin.lua");
    let mut cmd = tokio::process::Command::new("wrk");
    cmd.args(["-t1", &format!("-c{connections}")])
        .arg(format!("-d{}s", duration.as_secs()))
        .args(["--timeout", "10s", "-s"])
        .arg(&script)
        .arg(format!("{}/", bench.endpoint))
        .env("BENCH_CLIENT_ID", &bench.client_id)
        .env("BENCH_USER_PREFIX", USER_PREFIX)
        .env("BENCH_USERS", bench.users.to_string())
        .env("BENCH_PASSWORD", PASSWORD)
        .current_dir(out);
    let output = cmd
        .output()
        .await
        .map_err(|e| format!("cannot run wrk: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("WRK_RESULT "))
        .ok_or_else(|| {
            format!(
                "wrk printed no result ({}):\n{stdout}\n{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            )
        })?;
    let v: Value = serde_json::from_str(line).map_err(|e| format!("wrk result: {e}: {line}"))?;
    let n = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0);
    let errors =
        n("non2xx") + n("connect_errors") + n("read_errors") + n("write_errors") + n("timeouts");
    Ok(Row {
        server: String::new(),
        method: Method::WrkPassword,
        connections,
        sign_ins: n("requests").saturating_sub(n("non2xx")),
        errors,
        first_error: (errors > 0).then(|| format!("wrk: {line}")),
        elapsed: Duration::from_micros(n("duration_us").max(1)),
        p50: Duration::from_micros(n("p50_us")),
        p99: Duration::from_micros(n("p99_us")),
        server_cpu: 0.0,
        client_cpu: 0.0,
        elapsed_wall: Duration::ZERO,
    })
}

// ---------------------------------------------------------------- CPU accounting

/// utime + stime (+ cutime + cstime when `children`) of a /proc stat line, in seconds.
fn stat_cpu(stat: &str, children: bool) -> f64 {
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15,
    // cutime 16, cstime 17 (1-based, as in proc(5)).
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let fields: Vec<f64> = rest
        .split_whitespace()
        .map(|f| f.parse::<f64>().unwrap_or(0.0))
        .collect();
    let get = |field: usize| fields.get(field - 3).copied().unwrap_or(0.0);
    let ticks = if children {
        get(16) + get(17)
    } else {
        get(14) + get(15)
    };
    ticks / CLOCK_TICKS_PER_SECOND
}

fn process_cpu(pid: u32) -> f64 {
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| stat_cpu(&s, false))
        .unwrap_or(0.0)
}

fn self_cpu() -> f64 {
    fs::read_to_string("/proc/self/stat")
        .map(|s| stat_cpu(&s, false))
        .unwrap_or(0.0)
}

fn children_cpu() -> f64 {
    fs::read_to_string("/proc/self/stat")
        .map(|s| stat_cpu(&s, true))
        .unwrap_or(0.0)
}

fn percent(cpu_secs: f64, wall: Duration) -> f64 {
    100.0 * cpu_secs / wall.as_secs_f64().max(1e-9)
}

fn loadavg() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn cores() -> usize {
    std::thread::available_parallelism()
        .map(std::num::NonZeroUsize::get)
        .unwrap_or(1)
}

// ---------------------------------------------------------------- report

fn render(rows: &[Row], opts: &Options, notes: &[String]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# mock-cognito vs moto: sign-ins\n");
    let _ = writeln!(
        s,
        "{} cores shared by server and client; {} s per measurement; {} users per server; \
         CPU in % of one core.\n",
        cores(),
        opts.duration.as_secs(),
        opts.users
    );
    let _ = writeln!(
        s,
        "| server | method | conns | sign-ins/s | p50 ms | p99 ms | errors | server CPU | server CPU ms/sign-in | client CPU |"
    );
    let _ = writeln!(s, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {:.1} | {:.2} | {:.2} | {} | {:.0}% | {:.2} | {:.0}% |",
            r.server,
            r.method.label(),
            r.connections,
            r.rate(),
            ms(r.p50),
            ms(r.p99),
            r.errors,
            r.server_cpu,
            r.server_ms_per_sign_in(),
            r.client_cpu
        );
    }
    let errors: Vec<&Row> = rows.iter().filter(|r| r.first_error.is_some()).collect();
    if !errors.is_empty() {
        let _ = writeln!(s, "\nFirst error per row with errors:\n");
        for r in errors {
            let _ = writeln!(
                s,
                "- {} / {} / {} conns: {}",
                r.server,
                r.method.label(),
                r.connections,
                r.first_error
                    .as_deref()
                    .unwrap_or_default()
                    .chars()
                    .take(300)
                    .collect::<String>()
            );
        }
    }
    let ratios = ratios(rows);
    if !ratios.is_empty() {
        let _ = writeln!(s, "\n{ratios}");
    }
    for n in notes {
        let _ = writeln!(s, "\nNote: {n}");
    }
    let _ = writeln!(
        s,
        "\nRun: `cargo xtask bench-mock {}`; wrk script {}.",
        opts.raw_args.join(" "),
        suite_dir()
            .parent()
            .map(|p| p.join("bench").join("wrk-signin.lua"))
            .map(|p| p.strip_prefix(root()).map(Path::to_path_buf).unwrap_or(p))
            .unwrap_or_default()
            .display()
    );
    s
}

/// mock-cognito / moto rate ratios for each method and connection count both ran.
fn ratios(rows: &[Row]) -> String {
    let mut s = String::new();
    for mock in rows.iter().filter(|r| r.server == "mock-cognito") {
        if let Some(moto) = rows.iter().find(|r| {
            r.server == "moto" && r.method == mock.method && r.connections == mock.connections
        }) && moto.rate() > 0.0
        {
            let cost = if mock.server_ms_per_sign_in() > 0.0 {
                format!(
                    "; server CPU per sign-in {:.2} vs {:.2} ms ({:.1}x less)",
                    mock.server_ms_per_sign_in(),
                    moto.server_ms_per_sign_in(),
                    moto.server_ms_per_sign_in() / mock.server_ms_per_sign_in()
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "- {} at {} conns: mock-cognito {:.1}x moto's rate{cost}",
                mock.method.label(),
                mock.connections,
                mock.rate() / moto.rate()
            );
        }
    }
    if s.is_empty() {
        s
    } else {
        format!("Ratios:\n\n{s}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigv4_matches_botocore() {
        // Pinned with botocore's SigV4Auth (service cognito-idp, us-east-1) signing the
        // same request with the same dummy credentials at 2015-08-30T12:36:00Z.
        let (date, auth) = sigv4(
            "127.0.0.1:9229",
            "AWSCognitoIdentityProviderService.ListUserPools",
            br#"{"MaxResults":10}"#,
            1_440_938_160,
        );
        assert_eq!(date, "20150830T123600Z");
        assert_eq!(
            auth,
            "AWS4-HMAC-SHA256 Credential=AKIDBENCHMOCK/20150830/us-east-1/cognito-idp/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
             Signature=f1fcb930038830b9e15c2bdca93fe4c7d4e909277fc12ee43c078f3baacd6921"
        );
    }

    #[test]
    fn percentiles_use_nearest_rank() {
        let v: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), Duration::from_micros(50));
        assert_eq!(percentile(&v, 99.0), Duration::from_micros(99));
        assert_eq!(percentile(&[7], 99.0), Duration::from_micros(7));
        assert_eq!(percentile(&[], 50.0), Duration::ZERO);
    }

    #[test]
    fn proc_stat_cpu_fields() {
        // pid (comm with ) inside) state ppid ... utime=250 stime=50 cutime=100 cstime=20
        let mut fields = vec!["0"; 20];
        fields[0] = "S"; // field 3
        fields[11] = "250"; // field 14
        fields[12] = "50"; // field 15
        fields[13] = "100"; // field 16
        fields[14] = "20"; // field 17
        let line = format!("42 (we(ird) name) {}", fields.join(" "));
        assert!((stat_cpu(&line, false) - 3.0).abs() < 1e-9);
        assert!((stat_cpu(&line, true) - 1.2).abs() < 1e-9);
    }
}
