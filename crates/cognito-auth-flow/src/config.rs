//! The app client the flows talk for.

use std::fmt;

use cognito_auth_proto::Sensitive;
use cognito_auth_srp::SrpError;

/// A user pool and app client: ids, and the client secret when the app client
/// has one (then every call carries `SECRET_HASH`).
#[derive(Clone)]
pub struct PoolConfig {
    user_pool_id: String,
    pool_name: String,
    client_id: String,
    client_secret: Option<Sensitive>,
}

impl fmt::Debug for PoolConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PoolConfig")
            .field("user_pool_id", &self.user_pool_id)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl PoolConfig {
    /// A public app client (no secret). Fails when the pool id is not of the
    /// `<region>_<name>` form.
    pub fn new(
        user_pool_id: impl Into<String>,
        client_id: impl Into<String>,
    ) -> Result<Self, SrpError> {
        let user_pool_id = user_pool_id.into();
        let pool_name = cognito_auth_srp::pool_name(&user_pool_id)?.to_owned();
        Ok(Self {
            user_pool_id,
            pool_name,
            client_id: client_id.into(),
            client_secret: None,
        })
    }

    /// Sets the app client's secret (confidential clients).
    #[must_use]
    pub fn with_client_secret(mut self, secret: impl Into<Sensitive>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// The user pool id (`us-east-1_AbCdEf`).
    pub fn user_pool_id(&self) -> &str {
        &self.user_pool_id
    }

    /// The region part of the pool id (`us-east-1`).
    pub fn region(&self) -> &str {
        self.user_pool_id
            .split_once('_')
            .map_or(self.user_pool_id.as_str(), |(r, _)| r)
    }

    /// The SRP pool name (after the `_`).
    pub fn pool_name(&self) -> &str {
        &self.pool_name
    }

    /// The app client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The client secret, if any.
    pub fn client_secret(&self) -> Option<&Sensitive> {
        self.client_secret.as_ref()
    }

    /// `SECRET_HASH` for `username`, when the client has a secret.
    pub fn secret_hash(&self, username: &str) -> Option<Sensitive> {
        self.client_secret.as_ref().map(|s| {
            Sensitive::new(cognito_auth_srp::secret_hash(
                username,
                &self.client_id,
                s.expose(),
            ))
        })
    }
}
