//! `mock-cognito [--host H] [--port P] [--config FILE] [--state FILE]`
//!
//! Prints one JSON line (`endpoint`, `region`, `userPoolId`,
//! `userPoolClientId`) on stdout once it accepts connections, then serves until
//! SIGINT or SIGTERM.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use mock_cognito::{Config, build_service};

const USAGE: &str = "\
usage: mock-cognito [--host HOST] [--port PORT] [--config FILE] [--state FILE]

  --host HOST     address to bind (default 127.0.0.1)
  --port PORT     port to bind, 0 for any free one (default 9229)
  --config FILE   pools, clients and users to create at start (TOML or JSON)
  --state FILE    keep all state in FILE across restarts
";

struct Args {
    host: String,
    port: u16,
    config: Option<PathBuf>,
    state: Option<PathBuf>,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        host: "127.0.0.1".into(),
        port: 9229,
        config: None,
        state: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (a.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--host" => args.host = value("--host")?,
            "--port" => {
                let v = value("--port")?;
                args.port = v
                    .parse()
                    .map_err(|_| format!("--port: {v:?} is not a port number"))?;
            }
            "--config" => args.config = Some(PathBuf::from(value("--config")?)),
            "--state" => args.state = Some(PathBuf::from(value("--state")?)),
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some(args))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("mock-cognito: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mock-cognito: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<(), String> {
    let config = match &args.config {
        Some(p) => Config::load(p).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    let service = build_service(&config, args.state.clone()).map_err(|e| e.to_string())?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    rt.block_on(async {
        let (listener, addr) = mock_cognito::bind(&args.host, args.port)
            .await
            .map_err(|e| format!("cannot bind {}:{}: {e}", args.host, args.port))?;
        let endpoint = mock_cognito::endpoint_for(addr);
        service.set_endpoint(&endpoint);
        // Fields in the documented order (serde_json's map would sort them).
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Ready<'a> {
            endpoint: &'a str,
            region: &'a str,
            user_pool_id: &'a str,
            user_pool_client_id: &'a str,
        }
        let (region, pool, client) = (
            service.region(),
            service.user_pool_id(),
            service.client_id(),
        );
        let line = serde_json::to_string(&Ready {
            endpoint: &endpoint,
            region,
            user_pool_id: &pool[..],
            user_pool_client_id: &client[..],
        })
        .map_err(|e| format!("cannot encode the start-up line: {e}"))?;
        {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{line}").map_err(|e| format!("cannot write to stdout: {e}"))?;
            out.flush()
                .map_err(|e| format!("cannot write to stdout: {e}"))?;
        }
        mock_cognito::serve(listener, service.clone(), shutdown_signal())
            .await
            .map_err(|e| format!("server failed: {e}"))
    })?;
    service
        .flush()
        .map_err(|e| format!("cannot write the state file: {e}"))?;
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
