//! mock-cognito: a local Amazon Cognito user-pool server that speaks the same
//! wire protocol (awsJson1_1 over `POST /` with `X-Amz-Target`) and really
//! verifies SRP, so real clients (boto3, pycognito, Amplify JS, cognito-auth)
//! cannot tell it from the service.
//!
//! Three ways to use it:
//! * the `mock-cognito` binary (`--host/--port/--config/--state`);
//! * [`MockCognito::builder`]: an embedded server on an ephemeral loopback
//!   port with its own thread and runtime, stopped on drop;
//! * [`MockService::handle`] / [`InProcessTransport`]: no socket at all.
//!
//! See `docs/mock.md` for the configuration file, the `/_mock/*` endpoints and
//! what is not implemented yet.

mod admin;
mod auth;
mod clock;
mod common;
pub mod config;
pub mod custom;
mod devices;
mod dispatch;
mod embedded;
mod error;
mod groups;
mod ids;
pub mod jwt;
mod mfa;
mod mock_api;
mod password;
pub mod persist;
mod provision;
mod server;
mod service;
mod signin;
mod srp_cache;
mod state;
mod tokens;
mod transport;
mod user_auth;
mod users;

use std::path::PathBuf;

pub use clock::Clock;
pub use config::{
    ClientConfig, Config, ConfigError, DeviceConfig, GroupConfig, IssuerMode, PoolConfig,
    UserConfig,
};
pub use custom::Triggers;
pub use embedded::{MockCognito, MockCognitoBuilder};
pub use password::PasswordPolicy;
pub use server::{bind, endpoint_for, serve};
pub use service::{MAX_BODY_BYTES, MockService};
pub use state::SentCode;
pub use transport::InProcessTransport;

/// Why the mock could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The configuration is unusable.
    #[error("{0}")]
    Config(String),
    /// The state file could not be read or is corrupt.
    #[error("{0}")]
    State(String),
    /// Binding or spawning failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl From<ConfigError> for StartError {
    fn from(e: ConfigError) -> Self {
        Self::Config(e.to_string())
    }
}

/// Builds a service from a configuration, loading and then persisting state in
/// `state_file` if given.
pub fn build_service(
    config: &Config,
    state_file: Option<PathBuf>,
) -> Result<MockService, StartError> {
    config.validate()?;
    let clock = Clock::new();
    match state_file {
        None => MockService::build(config, clock, None, None),
        Some(path) => {
            let loaded = persist::load(&path).map_err(StartError::State)?;
            let fresh = loaded.is_none();
            let persister = persist::Persister::new(path);
            let svc = MockService::build(config, clock, loaded, Some(persister.clone()))?;
            persister.start(std::sync::Arc::downgrade(&svc.inner));
            if fresh {
                svc.flush()?;
            }
            Ok(svc)
        }
    }
}
