//! Running the mock inside a test: [`MockCognito::builder`] starts the server
//! on an ephemeral loopback port, on its own thread with its own tokio
//! runtime (so any test runtime, or none, works), and stops it on drop.

use std::path::PathBuf;
use std::sync::mpsc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use crate::clock::Clock;
use crate::config::{Config, PoolConfig};
use crate::service::MockService;
use crate::state::SentCode;
use crate::{InProcessTransport, StartError};

/// Configures and starts an embedded mock.
#[derive(Debug, Default, Clone)]
pub struct MockCognitoBuilder {
    config: Config,
    state_file: Option<PathBuf>,
    host: Option<String>,
    triggers: Vec<(Option<String>, crate::Triggers)>,
}

impl MockCognitoBuilder {
    /// Uses a whole configuration (replaces pools added so far).
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// Adds a pool (the first pool added is the default one).
    pub fn pool(mut self, pool: PoolConfig) -> Self {
        self.config.pools.push(pool);
        self
    }

    /// Persists state in a file (loaded at start if it exists).
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Binds another loopback host than `127.0.0.1`.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// Custom-auth triggers (Rust closures) for the default pool.
    pub fn triggers(mut self, triggers: crate::Triggers) -> Self {
        self.triggers.push((None, triggers));
        self
    }

    /// Custom-auth triggers for a pool by id.
    pub fn triggers_for(
        mut self,
        user_pool_id: impl Into<String>,
        triggers: crate::Triggers,
    ) -> Self {
        self.triggers.push((Some(user_pool_id.into()), triggers));
        self
    }

    /// Builds the service without a server (for in-process use).
    pub fn build_service(&self) -> Result<MockService, StartError> {
        let svc = crate::build_service(&self.config, self.state_file.clone())?;
        for (pool, t) in &self.triggers {
            let id = pool.clone().unwrap_or_else(|| svc.user_pool_id());
            svc.set_triggers(&id, t.clone());
        }
        Ok(svc)
    }

    /// Starts the server and returns once it accepts connections.
    pub fn start(self) -> Result<MockCognito, StartError> {
        let service = self.build_service()?;
        let host = self.host.unwrap_or_else(|| "127.0.0.1".into());
        let (ready_tx, ready_rx) = mpsc::channel::<Result<String, StartError>>();
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let svc = service.clone();
        let thread = std::thread::Builder::new()
            .name("mock-cognito".into())
            .spawn(move || {
                let rt = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = ready_tx.send(Err(StartError::Io(e)));
                        return;
                    }
                };
                rt.block_on(async move {
                    let (listener, addr) = match crate::server::bind(&host, 0).await {
                        Ok(x) => x,
                        Err(e) => {
                            let _ = ready_tx.send(Err(StartError::Io(e)));
                            return;
                        }
                    };
                    let endpoint = crate::server::endpoint_for(addr);
                    svc.set_endpoint(&endpoint);
                    let _ = ready_tx.send(Ok(endpoint));
                    let _ = crate::server::serve(listener, svc, async {
                        let _ = stop_rx.await;
                    })
                    .await;
                });
            })
            .map_err(StartError::Io)?;
        let endpoint = ready_rx.recv().map_err(|_| {
            StartError::Config("the server thread ended before it was ready".into())
        })??;
        Ok(MockCognito {
            endpoint,
            service,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }
}

/// A running embedded mock. Dropping it stops the server (and writes the
/// state file, if any).
#[derive(Debug)]
pub struct MockCognito {
    endpoint: String,
    service: MockService,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MockCognito {
    /// A builder.
    pub fn builder() -> MockCognitoBuilder {
        MockCognitoBuilder::default()
    }

    /// Starts a mock with the default pool and client.
    pub fn start() -> Result<Self, StartError> {
        Self::builder().start()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The region.
    pub fn region(&self) -> &str {
        self.service.region()
    }

    /// The default pool's id.
    pub fn user_pool_id(&self) -> String {
        self.service.user_pool_id()
    }

    /// The default client's id.
    pub fn client_id(&self) -> String {
        self.service.client_id()
    }

    /// The JWKS URL of the default pool.
    pub fn jwks_uri(&self) -> String {
        format!(
            "{}/{}/.well-known/jwks.json",
            self.endpoint,
            self.user_pool_id()
        )
    }

    /// Every code delivered so far, oldest first.
    pub fn codes(&self) -> Vec<SentCode> {
        self.service.codes(None, None)
    }

    /// Codes delivered to one user (username, alias or sub), oldest first.
    pub fn codes_for(&self, username: &str) -> Vec<SentCode> {
        self.service.codes(Some(username), None)
    }

    /// The newest code delivered to a user.
    pub fn last_code(&self, username: &str) -> Option<String> {
        self.service.last_code(username)
    }

    /// The mock's clock (advance it to expire codes, sessions and tokens).
    pub fn clock(&self) -> &Clock {
        self.service.clock()
    }

    /// Back to the start-up state.
    pub fn reset(&self) {
        self.service.reset();
    }

    /// The service, for in-process calls.
    pub fn service(&self) -> &MockService {
        &self.service
    }

    /// A transport that calls the service without a socket.
    pub fn in_process_transport(&self) -> InProcessTransport {
        InProcessTransport::new(self.service.clone())
    }
}

impl Drop for MockCognito {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if let Some(p) = &self.service.inner.persister {
            let _ = self.service.flush();
            p.shutdown();
        }
    }
}
