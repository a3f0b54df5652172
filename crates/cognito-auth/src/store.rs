//! Where the signed-in user's tokens live between calls (and processes).

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use cognito_auth_flow::{AuthTokens, RememberedDevice, SignInDetails};
use serde::{Deserialize, Serialize};

/// The signed-in user's tokens and what the client derived from them.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSession {
    /// The tokens.
    pub tokens: AuthTokens,
    /// The canonical (internal) username.
    pub username: String,
    /// The user's `sub`.
    pub user_sub: Option<String>,
    /// Who signed in and how.
    pub sign_in_details: Option<SignInDetails>,
    /// `iat·1000 − local now` when the access token was stored: how far the
    /// local clock is behind Cognito's, in milliseconds.
    pub clock_drift_ms: i64,
}

impl fmt::Debug for StoredSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredSession")
            .field("tokens", &self.tokens)
            .field("username", &self.username)
            .field("user_sub", &self.user_sub)
            .field("sign_in_details", &self.sign_in_details)
            .field("clock_drift_ms", &self.clock_drift_ms)
            .finish()
    }
}

/// Why the token store failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Reading or writing failed.
    #[error("token store {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// The stored data is not a session this version can read.
    #[error("token store {path} holds unreadable data ({detail}); it is treated as signed out")]
    Corrupt {
        /// The file.
        path: String,
        /// What is wrong.
        detail: String,
    },
    /// A custom store's error.
    #[error("token store: {0}")]
    Other(String),
}

/// Keeps the signed-in user's session. One session per store (one "current
/// user"); use one store (file) per user to keep several.
///
/// Implementations must be safe to call from several threads; the client
/// never calls them while holding its own locks across an `.await`.
///
/// Remembered devices (the device key, group key and the device's random
/// password, per username) live beside the session and survive
/// [`clear`](TokenStore::clear) (signing out keeps the device, as Amplify
/// does). The device methods have defaults that keep nothing: a store that
/// does not override them simply never signs in as a remembered device (each
/// sign-in on a device-tracking pool then confirms a new device).
pub trait TokenStore: Send + Sync {
    /// The stored session, if any.
    fn load(&self) -> Result<Option<StoredSession>, StoreError>;
    /// Replaces the stored session.
    fn save(&self, session: &StoredSession) -> Result<(), StoreError>;
    /// Removes the stored session (not the remembered devices).
    fn clear(&self) -> Result<(), StoreError>;
    /// The remembered device kept for `username`, if any.
    fn load_device(&self, username: &str) -> Result<Option<RememberedDevice>, StoreError> {
        let _ = username;
        Ok(None)
    }
    /// Keeps `device` as `username`'s remembered device (replacing any).
    fn save_device(&self, username: &str, device: &RememberedDevice) -> Result<(), StoreError> {
        let _ = (username, device);
        Ok(())
    }
    /// Drops `username`'s remembered device.
    fn remove_device(&self, username: &str) -> Result<(), StoreError> {
        let _ = username;
        Ok(())
    }
}

/// Keeps the session (and remembered devices) in memory (lost when the
/// process exits). The default.
#[derive(Default)]
pub struct MemoryTokenStore {
    session: Mutex<Option<StoredSession>>,
    devices: Mutex<BTreeMap<String, RememberedDevice>>,
}

impl fmt::Debug for MemoryTokenStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MemoryTokenStore")
    }
}

impl MemoryTokenStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<StoredSession>> {
        // A panic while holding this lock cannot leave a half-written value
        // (assignments are atomic here), so a poisoned lock is still usable.
        self.session.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn devices(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, RememberedDevice>> {
        // As above: single inserts and removals only.
        self.devices.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl TokenStore for MemoryTokenStore {
    fn load(&self) -> Result<Option<StoredSession>, StoreError> {
        Ok(self.slot().clone())
    }

    fn save(&self, session: &StoredSession) -> Result<(), StoreError> {
        *self.slot() = Some(session.clone());
        Ok(())
    }

    fn clear(&self) -> Result<(), StoreError> {
        *self.slot() = None;
        Ok(())
    }

    fn load_device(&self, username: &str) -> Result<Option<RememberedDevice>, StoreError> {
        Ok(self.devices().get(username).cloned())
    }

    fn save_device(&self, username: &str, device: &RememberedDevice) -> Result<(), StoreError> {
        self.devices().insert(username.to_owned(), device.clone());
        Ok(())
    }

    fn remove_device(&self, username: &str) -> Result<(), StoreError> {
        self.devices().remove(username);
        Ok(())
    }
}

/// Keeps the session in a JSON file, readable and writable by the owner only
/// (mode 0600 on Unix). Writes are atomic: a temporary file in the same
/// directory is written, flushed to disk and renamed over the old one, so a
/// crash leaves either the old or the new session, never a partial one.
///
/// Remembered devices go to a second file beside it,
/// [`devices_path`](FileTokenStore::devices_path) (`<file>.devices.json`,
/// same permissions, same atomic writes), so that signing out (which removes
/// the session file) keeps them.
#[derive(Debug, Clone)]
pub struct FileTokenStore {
    path: PathBuf,
}

impl FileTokenStore {
    /// A store at `path` (created on first save; parent directories too).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file holding the remembered devices.
    pub fn devices_path(&self) -> PathBuf {
        let mut name = self
            .path
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_else(|| "tokens".into());
        name.push(".devices.json");
        self.path.with_file_name(name)
    }

    fn load_devices(&self) -> Result<BTreeMap<String, RememberedDevice>, StoreError> {
        let path = self.devices_path();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
            Err(source) => {
                return Err(StoreError::Io {
                    path: path.display().to_string(),
                    source,
                });
            }
        };
        serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
            path: path.display().to_string(),
            detail: e.to_string(),
        })
    }

    fn save_devices(&self, devices: &BTreeMap<String, RememberedDevice>) -> Result<(), StoreError> {
        let path = self.devices_path();
        let bytes =
            serde_json::to_vec_pretty(devices).map_err(|e| StoreError::Other(e.to_string()))?;
        write_private_atomic(&path, &bytes).map_err(|source| StoreError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    fn io(&self, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: self.path.display().to_string(),
            source,
        }
    }
}

/// Writes `bytes` to `path` atomically (a temporary file in the same
/// directory, synced, then renamed over `path`) with owner-only permissions
/// (0600); a missing directory is created owner-only (0700).
pub fn write_private_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt as _;
            b.mode(0o700);
        }
        b.create(dir)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "tokens".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    let result = (|| {
        let mut f = opts.open(&tmp)?;
        #[cfg(unix)]
        {
            // The mode above only applies to new files; make sure.
            use std::os::unix::fs::PermissionsExt as _;
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

impl TokenStore for FileTokenStore {
    fn load(&self) -> Result<Option<StoredSession>, StoreError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io(e)),
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| StoreError::Corrupt {
                path: self.path.display().to_string(),
                detail: e.to_string(),
            })
    }

    fn save(&self, session: &StoredSession) -> Result<(), StoreError> {
        let bytes =
            serde_json::to_vec_pretty(session).map_err(|e| StoreError::Other(e.to_string()))?;
        write_private_atomic(&self.path, &bytes).map_err(|e| self.io(e))
    }

    fn clear(&self) -> Result<(), StoreError> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(self.io(e)),
        }
    }

    fn load_device(&self, username: &str) -> Result<Option<RememberedDevice>, StoreError> {
        Ok(self.load_devices()?.remove(username))
    }

    fn save_device(&self, username: &str, device: &RememberedDevice) -> Result<(), StoreError> {
        // An unreadable devices file is replaced rather than blocking sign-in.
        let mut devices = self.load_devices().unwrap_or_default();
        devices.insert(username.to_owned(), device.clone());
        self.save_devices(&devices)
    }

    fn remove_device(&self, username: &str) -> Result<(), StoreError> {
        let mut devices = self.load_devices().unwrap_or_default();
        if devices.remove(username).is_some() {
            self.save_devices(&devices)?;
        }
        Ok(())
    }
}
