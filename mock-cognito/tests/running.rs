//! Running the mock: the embedded server over loopback, the binary, the
//! state file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use mock_cognito::{Config, MockCognito, PoolConfig, UserConfig};
use serde_json::{Value, json};

/// A minimal HTTP/1.1 client: one request, `Connection: close`.
fn http(
    endpoint: &str,
    method: &str,
    path: &str,
    target: Option<&str>,
    body: &str,
) -> (u16, String, Value) {
    let addr = endpoint.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(t) = target {
        req.push_str(&format!(
            "X-Amz-Target: AWSCognitoIdentityProviderService.{t}\r\n"
        ));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    (
        status,
        head.to_owned(),
        serde_json::from_str(body).unwrap_or(Value::Null),
    )
}

#[test]
fn embedded_server_over_loopback() {
    let mock = MockCognito::builder()
        .pool(PoolConfig {
            users: vec![UserConfig {
                username: "alice".into(),
                password: Some("Passw0rd!".into()),
                ..UserConfig::default()
            }],
            ..PoolConfig::default()
        })
        .start()
        .unwrap();
    assert!(mock.endpoint().starts_with("http://127.0.0.1:"));
    let body = json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": mock.client_id(),
                      "AuthParameters": {"USERNAME": "alice", "PASSWORD": "Passw0rd!"}});
    let (status, head, v) = http(
        mock.endpoint(),
        "POST",
        "/",
        Some("InitiateAuth"),
        &body.to_string(),
    );
    assert_eq!(status, 200, "{v}");
    assert!(
        head.to_lowercase()
            .contains("content-type: application/x-amz-json-1.1")
    );
    let id = v["AuthenticationResult"]["IdToken"].as_str().unwrap();
    // The issuer is the mock's own URL, so stock verifiers find the JWKS.
    let payload = id.split('.').nth(1).unwrap();
    use base64::Engine as _;
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        claims["iss"],
        format!("{}/{}", mock.endpoint(), mock.user_pool_id())
    );
    let (status, _, jwks) = http(
        mock.endpoint(),
        "GET",
        &format!("/{}/.well-known/jwks.json", mock.user_pool_id()),
        None,
        "",
    );
    assert_eq!(status, 200);
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
    // Errors over the wire.
    let (status, head, v) = http(mock.endpoint(), "POST", "/", Some("InitiateAuth"), "{bad");
    assert_eq!(status, 400);
    assert_eq!(v["__type"], "SerializationException");
    assert!(
        head.to_lowercase()
            .contains("access-control-allow-origin: *")
    );
    // Oversized bodies are refused before being read whole.
    let big = " ".repeat(mock_cognito::MAX_BODY_BYTES + 10);
    let (status, _, v) = http(mock.endpoint(), "POST", "/", Some("SignUp"), &big);
    assert_eq!(status, 413);
    assert_eq!(v["__type"], "RequestEntityTooLargeException");
    // Codes, clock and reset through the handle.
    let (status, _, _) = http(
        mock.endpoint(),
        "POST",
        "/",
        Some("SignUp"),
        &json!({"ClientId": mock.client_id(), "Username": "bob", "Password": "Passw0rd!",
                "UserAttributes": [{"Name": "email", "Value": "bob@example.com"}]})
        .to_string(),
    );
    assert_eq!(status, 200);
    assert_eq!(mock.codes_for("bob").len(), 1);
    assert!(mock.last_code("bob").is_some());
    mock.clock().advance(60);
    assert!(mock.clock().offset_ms() >= 60_000);
    mock.reset();
    assert!(mock.codes().is_empty());
    assert_eq!(mock.clock().offset_ms(), 0);
    let t = mock.in_process_transport();
    let _ = t.service();
}

#[test]
fn dropping_the_handle_stops_the_server() {
    let mock = MockCognito::start().unwrap();
    let endpoint = mock.endpoint().to_owned();
    let pool = mock.user_pool_id().to_owned();
    drop(mock);
    let addr = endpoint.trim_start_matches("http://");
    // Another test's server may have been given the freed port, or the
    // connection may be refused or reset halfway: anything but an answer
    // naming our pool is fine.
    let answer = (|| -> std::io::Result<String> {
        let mut s = TcpStream::connect(addr)?;
        s.set_read_timeout(Some(Duration::from_secs(10)))?;
        s.write_all(
            format!("GET /_mock/info HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )?;
        let mut raw = String::new();
        s.read_to_string(&mut raw)?;
        Ok(raw)
    })()
    .unwrap_or_default();
    assert!(
        !answer.contains(&pool),
        "still serving after drop: {answer}"
    );
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mock-cognito"))
}

/// Starts the binary and reads its one JSON line.
fn spawn(args: &[&str]) -> (std::process::Child, Value) {
    let (child, _, v) = spawn_raw(args);
    (child, v)
}

fn spawn_raw(args: &[&str]) -> (std::process::Child, String, Value) {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let v: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
    (child, line, v)
}

fn terminate(child: &mut std::process::Child) -> std::process::ExitStatus {
    let pid = child.id().to_string();
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    for _ in 0..100 {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    child.wait().unwrap()
}

#[test]
fn binary_prints_one_json_line_and_stops_on_sigterm() {
    let (mut child, line, v) = spawn_raw(&["--port", "0"]);
    // The documented field order, for people who read the line with a regex.
    let order: Vec<usize> = [
        "\"endpoint\"",
        "\"region\"",
        "\"userPoolId\"",
        "\"userPoolClientId\"",
    ]
    .iter()
    .map(|k| line.find(k).unwrap_or(usize::MAX))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{line}");
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 4, "{v}");
    let endpoint = v["endpoint"].as_str().unwrap();
    assert!(endpoint.starts_with("http://127.0.0.1:"));
    assert_eq!(v["region"], "us-east-1");
    assert!(v["userPoolId"].as_str().unwrap().starts_with("us-east-1_"));
    assert_eq!(v["userPoolClientId"].as_str().unwrap().len(), 26);
    let (status, _, d) = http(
        endpoint,
        "POST",
        "/",
        Some("DescribeUserPoolClient"),
        &json!({"UserPoolId": v["userPoolId"], "ClientId": v["userPoolClientId"]}).to_string(),
    );
    assert_eq!(status, 200);
    let flows = d["UserPoolClient"]["ExplicitAuthFlows"].as_array().unwrap();
    assert_eq!(
        flows.len(),
        6,
        "the default client allows every flow: {flows:?}"
    );
    assert!(d["UserPoolClient"].get("ClientSecret").is_none());
    let status = terminate(&mut child);
    assert!(status.success(), "{status:?}");
}

#[test]
fn binary_rejects_bad_arguments_and_configs() {
    let out = bin().args(["--port", "nope"]).output().unwrap();
    assert!(!out.status.success());
    let dir = std::env::temp_dir().join(format!("mock-cognito-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("bad.toml");
    std::fs::write(&cfg, "[[pools]]\nmfa = \"SOMETIMES\"\n").unwrap();
    let out = bin()
        .args(["--port", "0", "--config", cfg.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("mfa"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn state_survives_restarts_and_corruption_is_an_error() {
    let dir = std::env::temp_dir().join(format!("mock-cognito-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let cfg = dir.join("config.json");
    std::fs::write(
        &cfg,
        json!({"pools": [{"id": "us-east-1_Persist1", "fixedCode": "123456",
                          "clients": [{"id": "persistclient0000000000000a"}]}]})
        .to_string(),
    )
    .unwrap();
    let args = [
        "--port",
        "0",
        "--config",
        cfg.to_str().unwrap(),
        "--state",
        state.to_str().unwrap(),
    ];
    let (mut child, v) = spawn(&args);
    assert_eq!(v["userPoolId"], "us-east-1_Persist1");
    assert_eq!(v["userPoolClientId"], "persistclient0000000000000a");
    let endpoint = v["endpoint"].as_str().unwrap().to_owned();
    let (status, _, _) = http(
        &endpoint,
        "POST",
        "/",
        Some("SignUp"),
        &json!({"ClientId": "persistclient0000000000000a", "Username": "kept", "Password": "Passw0rd!"}).to_string(),
    );
    assert_eq!(status, 200);
    assert!(terminate(&mut child).success());

    let (mut child, v) = spawn(&args);
    let endpoint = v["endpoint"].as_str().unwrap().to_owned();
    let (status, _, u) = http(
        &endpoint,
        "POST",
        "/",
        Some("AdminGetUser"),
        &json!({"UserPoolId": "us-east-1_Persist1", "Username": "kept"}).to_string(),
    );
    assert_eq!(status, 200, "{u}");
    assert_eq!(u["UserStatus"], "UNCONFIRMED");
    // Reset goes back to the configured start, ids unchanged.
    let (status, _, _) = http(&endpoint, "POST", "/_mock/reset", None, "");
    assert_eq!(status, 200);
    let (status, _, _) = http(
        &endpoint,
        "POST",
        "/",
        Some("AdminGetUser"),
        &json!({"UserPoolId": "us-east-1_Persist1", "Username": "kept"}).to_string(),
    );
    assert_eq!(status, 400);
    assert!(terminate(&mut child).success());

    std::fs::write(&state, b"{ this is not json").unwrap();
    let out = bin().args(args).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("corrupt"), "{err}");
    assert_eq!(
        std::fs::read(&state).unwrap(),
        b"{ this is not json",
        "the file was left alone"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn embedded_state_file_round_trip() {
    let dir = std::env::temp_dir().join(format!("mock-cognito-embedded-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.json");
    let (pool, client) = {
        let mock = MockCognito::builder().state_file(&path).start().unwrap();
        let svc = mock.service().clone();
        let t = mock.in_process_transport();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            use cognito_auth_transport::{Request, Transport};
            let r = t
                .send(Request::new(
                    "AWSCognitoIdentityProviderService.SignUp",
                    json!({"ClientId": svc.client_id(), "Username": "zed", "Password": "Passw0rd!"})
                        .to_string()
                        .into_bytes(),
                ))
                .await
                .unwrap();
            assert_eq!(r.status, 200);
        });
        (mock.user_pool_id(), mock.client_id())
    };
    let again = MockCognito::builder().state_file(&path).start().unwrap();
    assert_eq!(again.user_pool_id(), pool);
    assert_eq!(again.client_id(), client);
    let resp = again.service().handle_sync(
        http::Request::builder()
            .method("POST")
            .uri("/")
            .header(
                "x-amz-target",
                "AWSCognitoIdentityProviderService.AdminGetUser",
            )
            .body(bytes::Bytes::from(
                json!({"UserPoolId": pool, "Username": "zed"}).to_string(),
            ))
            .unwrap(),
    );
    assert_eq!(resp.status(), 200);
    drop(again);
    let _ = Config::default();
    let _ = std::fs::remove_dir_all(&dir);
}
