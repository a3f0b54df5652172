//! Runs the real `cognito-auth` binary against an embedded mock-cognito.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cognito_auth_srp::totp;
use mock_cognito::{Config, MockCognito};
use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_cognito-auth");
pub const PASSWORD: &str = "Corr3ct-Horse!";
pub const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
pub const CLIENT_SECRET: &str = "cli-client-secret-0123456789abcdef";
pub const POOL_ID: &str = "us-east-1_CliPool01";
pub const CLIENT_ID: &str = "cliclient0123456789abcdefg";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A pool (TOML `[[pools]]` body without the header) with one client, with
/// or without a secret, and extra users.
pub fn pool_toml(pool_settings: &str, secret: bool, users: &str) -> String {
    let secret_line = if secret {
        format!("secret = \"{CLIENT_SECRET}\"\n")
    } else {
        String::new()
    };
    format!(
        "[[pools]]\nid = \"{POOL_ID}\"\n{pool_settings}\n[[pools.clients]]\nid = \"{CLIENT_ID}\"\n{secret_line}\n{users}"
    )
}

/// A confirmed user with a verified email (and phone when given).
pub fn user_toml(name: &str, extra: &str) -> String {
    format!(
        "[[pools.users]]\nusername = \"{name}\"\npassword = \"{PASSWORD}\"\nattributes = {{ email = \"{name}@example.com\", email_verified = \"true\", phone_number = \"+15555550100\", phone_number_verified = \"true\", name = \"{name}\" }}\n{extra}\n"
    )
}

/// A finished run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Stdout as one JSON object (exactly one line).
    pub fn json(&self) -> Value {
        let lines: Vec<&str> = self.stdout.lines().collect();
        assert_eq!(lines.len(), 1, "one JSON line expected: {self:?}");
        serde_json::from_str(lines[0]).unwrap_or_else(|e| panic!("{e}: {self:?}"))
    }

    /// Asserts success.
    pub fn ok(self) -> Self {
        assert_eq!(self.code, 0, "{self:?}");
        self
    }

    /// Asserts `secret` appears in neither stream.
    pub fn hides(&self, secret: &str) -> &Self {
        assert!(
            !self.stdout.contains(secret) && !self.stderr.contains(secret),
            "{secret:?} leaked: {self:?}"
        );
        self
    }
}

/// A mock and a scratch directory (the state file, HOME).
pub struct Env {
    pub mock: MockCognito,
    pub dir: PathBuf,
    pub secret: bool,
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Env {
    /// Starts a mock configured by `toml` (its first pool and client).
    pub fn start(toml: &str) -> Self {
        Self::start_with(toml, None)
    }

    /// Starts a mock with custom-auth triggers for its first pool.
    pub fn start_with(toml: &str, triggers: Option<mock_cognito::Triggers>) -> Self {
        let config = Config::from_toml(toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
        let secret = config
            .pools
            .first()
            .and_then(|p| p.clients.first())
            .is_some_and(|c| c.secret.is_some());
        let mut builder = MockCognito::builder().config(config);
        if let Some(t) = triggers {
            builder = builder.triggers(t);
        }
        let mock = builder.start().unwrap();
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "cli-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self { mock, dir, secret }
    }

    /// The default state file of these tests.
    pub fn state(&self) -> PathBuf {
        self.dir.join("state.json")
    }

    /// The binary with a clean environment: HOME in the scratch directory,
    /// the pool in COGNITO_* variables, no state option.
    pub fn bare(&self) -> Command {
        let mut c = Command::new(BIN);
        c.env_clear()
            .env("HOME", &self.dir)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("COGNITO_ENDPOINT", self.mock.endpoint())
            .env("COGNITO_USER_POOL_ID", self.mock.user_pool_id())
            .env("COGNITO_CLIENT_ID", self.mock.client_id());
        if self.secret {
            c.env("COGNITO_CLIENT_SECRET", CLIENT_SECRET);
        }
        c
    }

    /// The binary with `--state FILE`.
    pub fn cmd_at(&self, state: &Path) -> Command {
        let mut c = self.bare();
        c.arg("--state").arg(state);
        c
    }

    pub fn cmd(&self) -> Command {
        self.cmd_at(&self.state())
    }

    /// Runs with `args` and standard input `stdin` (closed after it).
    pub fn run_cmd(mut c: Command, args: &[&str], stdin: &str) -> Run {
        let mut child = c
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        let data = stdin.to_owned();
        let writer = std::thread::spawn(move || {
            // The binary may exit without reading everything.
            let _ = input.write_all(data.as_bytes());
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Self::run_cmd(self.cmd(), args, "")
    }

    pub fn run_in(&self, args: &[&str], stdin: &str) -> Run {
        Self::run_cmd(self.cmd(), args, stdin)
    }

    /// `--json` + args; asserts exit 0; the object.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        self.run(&a).ok().json()
    }

    /// `--json` + args; asserts failure; (error object, exit status).
    pub fn json_err(&self, args: &[&str]) -> (Value, i32) {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        let r = self.run(&a);
        assert_ne!(r.code, 0, "{r:?}");
        let v = r.json();
        assert!(
            v["error"]["name"].is_string() && v["error"]["message"].is_string(),
            "{v}"
        );
        (v["error"].clone(), r.code)
    }

    /// The newest code the mock delivered to `user`.
    pub fn code(&self, user: &str) -> String {
        self.mock
            .last_code(user)
            .unwrap_or_else(|| panic!("no code for {user}"))
    }

    /// The current TOTP code of `secret` on the mock's clock.
    pub fn totp(&self, secret: &str) -> String {
        totp::generate(
            &totp::base32_decode(secret).unwrap(),
            self.mock.clock().now_secs(),
        )
    }

    /// Moves the mock to the next TOTP window (a code is good once).
    pub fn next_totp_window(&self) {
        self.mock.clock().advance(30);
    }

    /// Signs `user` in with SRP; asserts success.
    pub fn sign_in(&self, user: &str) {
        let v = self.json(&["sign-in", "--username", user, "--password", PASSWORD]);
        assert_eq!(v["isSignedIn"], true, "{v}");
    }
}

/// A running binary driven line by line, as a person at a prompt would.
pub struct Live {
    child: Child,
    stdin: Option<ChildStdin>,
    out: Arc<Mutex<Vec<u8>>>,
    err: Arc<Mutex<Vec<u8>>>,
    readers: Vec<std::thread::JoinHandle<()>>,
}

fn pump(
    mut from: impl std::io::Read + Send + 'static,
    to: Arc<Mutex<Vec<u8>>>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => to.lock().unwrap().extend_from_slice(&buf[..n]),
            }
        }
    })
}

/// Which stream to watch.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    Out,
    Err,
}

impl Live {
    pub fn spawn(mut c: Command) -> Self {
        let mut child = c
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let out = Arc::new(Mutex::new(Vec::new()));
        let err = Arc::new(Mutex::new(Vec::new()));
        let readers = vec![
            pump(child.stdout.take().unwrap(), Arc::clone(&out)),
            pump(child.stderr.take().unwrap(), Arc::clone(&err)),
        ];
        Self {
            child,
            stdin,
            out,
            err,
            readers,
        }
    }

    fn text(&self, s: Stream) -> String {
        let buf = match s {
            Stream::Out => &self.out,
            Stream::Err => &self.err,
        };
        String::from_utf8_lossy(&buf.lock().unwrap()).into_owned()
    }

    /// Waits until `stream` contains `needle` (after `from` bytes); returns
    /// the stream so far. Fails after 60 s (a hung prompt, not a speed test).
    pub fn wait_for(&mut self, s: Stream, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let t = self.text(s);
            if t.contains(needle) {
                return t;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                // Let the readers drain, then look once more.
                std::thread::sleep(Duration::from_millis(50));
                let t = self.text(s);
                assert!(
                    t.contains(needle),
                    "exited ({status}) before {needle:?}; stdout {:?} stderr {:?}",
                    self.text(Stream::Out),
                    self.text(Stream::Err)
                );
                return t;
            }
            assert!(
                Instant::now() < deadline,
                "no {needle:?}; stdout {:?} stderr {:?}",
                self.text(Stream::Out),
                self.text(Stream::Err)
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types a line.
    pub fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(line.as_bytes()).unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
    }

    /// Closes standard input and waits for the exit.
    pub fn finish(mut self) -> Run {
        drop(self.stdin.take());
        let status = self.child.wait().unwrap();
        for r in self.readers.drain(..) {
            r.join().unwrap();
        }
        Run {
            code: status.code().unwrap_or(-1),
            stdout: self.text(Stream::Out),
            stderr: self.text(Stream::Err),
        }
    }
}

/// Reads the `secret=` of an otpauth URI.
pub fn otpauth_secret(text: &str) -> String {
    let start = text.find("otpauth://").expect("an otpauth URI");
    let uri: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let secret = uri
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("secret="))
        .expect("a secret parameter");
    secret.to_owned()
}

/// Decodes a JWT's payload.
pub fn jwt_payload(token: &str) -> Value {
    let part = token.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&base64_decode(part)).unwrap()
}

/// base64url without padding (the test's own, to avoid a dependency).
fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => panic!("not base64url: {c}"),
        }
    };
    let bytes: Vec<u8> = s.bytes().filter(|b| *b != b'=').collect();
    let mut out = Vec::new();
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= val(*c) << (18 - 6 * i);
        }
        let len = chunk.len() * 3 / 4;
        for i in 0..len {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

/// The file's permission bits.
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Reads a file to a string.
pub fn read(path: &Path) -> String {
    let mut s = String::new();
    std::fs::File::open(path)
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}
