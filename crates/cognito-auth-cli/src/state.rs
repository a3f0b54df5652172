//! The state file: tokens, a sign-in or auto sign-in in progress, and the
//! pool last used. One JSON document, written atomically with mode 0600.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use cognito_auth::{PendingState, RememberedDevice, StoreError, StoredSession, TokenStore};
use serde::{Deserialize, Serialize};

use crate::error::CliError;

/// The format version written.
const VERSION: u32 = 1;

/// The pool and app client a state file's session belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PoolRecord {
    pub user_pool_id: String,
    pub client_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The client has a secret (the secret itself is never stored).
    #[serde(default)]
    pub has_client_secret: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Doc {
    #[serde(default)]
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pool: Option<PoolRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    session: Option<StoredSession>,
    #[serde(default, skip_serializing_if = "PendingState::is_empty")]
    pending: PendingState,
    /// Remembered devices by username; they outlive sign-out, as in Amplify.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    devices: BTreeMap<String, RememberedDevice>,
}

/// The default state file: `$XDG_CONFIG_HOME/cognito-auth/state.json`, else
/// `~/.config/cognito-auth/state.json` (`%APPDATA%\cognito-auth\state.json`
/// on Windows).
pub fn default_path(env: &dyn Fn(&str) -> Option<String>) -> Result<PathBuf, CliError> {
    let base = if cfg!(windows) {
        env("APPDATA").map(PathBuf::from)
    } else {
        env("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| env("HOME").map(|h| Path::new(&h).join(".config")))
    };
    base.map(|b| b.join("cognito-auth").join("state.json"))
        .ok_or_else(|| {
            CliError::usage(
                "no home directory to keep the state in: pass --state FILE (or set COGNITO_STATE_FILE)",
            )
        })
}

/// The loaded state file; also the client's token store.
pub struct StateFile {
    path: PathBuf,
    doc: Mutex<Doc>,
    /// The pool of this run, recorded with every write.
    pool: Mutex<Option<PoolRecord>>,
    /// What is on disk (`None`: no file).
    written: Mutex<Option<Vec<u8>>>,
}

impl std::fmt::Debug for StateFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateFile")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Values behind these locks are replaced whole.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl StateFile {
    /// Reads `path` (a missing file is an empty state). An unreadable file is
    /// an error, never silently replaced: it may hold someone's session.
    pub fn open(path: PathBuf) -> Result<Self, CliError> {
        let (doc, written) = match std::fs::read(&path) {
            Ok(bytes) => {
                let doc: Doc = serde_json::from_slice(&bytes).map_err(|e| {
                    CliError::state(format!(
                        "the state file {} is not one cognito-auth can read ({e}); move it away or pass another --state",
                        path.display()
                    ))
                })?;
                if doc.version > VERSION {
                    return Err(CliError::state(format!(
                        "the state file {} was written by a newer cognito-auth (format {}); use that version or another --state",
                        path.display(),
                        doc.version
                    )));
                }
                tighten_permissions(&path)?;
                (doc, Some(bytes))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Doc::default(), None),
            Err(e) => {
                return Err(CliError::state(format!(
                    "cannot read the state file {}: {e}",
                    path.display()
                )));
            }
        };
        Ok(Self {
            path,
            doc: Mutex::new(doc),
            pool: Mutex::new(None),
            written: Mutex::new(written),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The pool recorded in the file.
    pub fn recorded_pool(&self) -> Option<PoolRecord> {
        lock(&self.doc).pool.clone()
    }

    /// True when the file holds a session or something in progress.
    pub fn holds_something(&self) -> bool {
        let d = lock(&self.doc);
        d.session.is_some() || !d.pending.is_empty()
    }

    /// The pending sign-in and auto sign-in, to restore into the client.
    pub fn pending(&self) -> PendingState {
        lock(&self.doc).pending.clone()
    }

    /// The pool of this run (recorded with the next write).
    pub fn set_pool(&self, pool: PoolRecord) {
        *lock(&self.pool) = Some(pool);
    }

    /// Stores what the client has pending, then writes the file if anything
    /// changed. No file is created for an empty state.
    pub fn finish(&self, pending: PendingState) -> Result<(), CliError> {
        lock(&self.doc).pending = pending;
        self.write().map_err(|e| CliError::state(e.to_string()))
    }

    fn write(&self) -> Result<(), StoreError> {
        let bytes = {
            let mut d = lock(&self.doc);
            let empty = d.session.is_none() && d.pending.is_empty() && d.devices.is_empty();
            if empty && lock(&self.written).is_none() {
                return Ok(());
            }
            d.version = VERSION;
            if let Some(p) = lock(&self.pool).clone() {
                d.pool = Some(p);
            }
            serde_json::to_vec_pretty(&*d).map_err(|e| StoreError::Other(e.to_string()))?
        };
        let mut written = lock(&self.written);
        if written.as_deref() == Some(bytes.as_slice()) {
            return Ok(());
        }
        cognito_auth::store::write_private_atomic(&self.path, &bytes).map_err(|source| {
            StoreError::Io {
                path: self.path.display().to_string(),
                source,
            }
        })?;
        *written = Some(bytes);
        Ok(())
    }
}

impl TokenStore for StateFile {
    fn load(&self) -> Result<Option<StoredSession>, StoreError> {
        Ok(lock(&self.doc).session.clone())
    }

    fn save(&self, session: &StoredSession) -> Result<(), StoreError> {
        lock(&self.doc).session = Some(session.clone());
        self.write()
    }

    fn clear(&self) -> Result<(), StoreError> {
        lock(&self.doc).session = None;
        self.write()
    }

    fn load_device(&self, username: &str) -> Result<Option<RememberedDevice>, StoreError> {
        Ok(lock(&self.doc).devices.get(username).cloned())
    }

    fn save_device(&self, username: &str, device: &RememberedDevice) -> Result<(), StoreError> {
        lock(&self.doc)
            .devices
            .insert(username.to_owned(), device.clone());
        self.write()
    }

    fn remove_device(&self, username: &str) -> Result<(), StoreError> {
        lock(&self.doc).devices.remove(username);
        self.write()
    }
}

/// A state file others can read gets mode 0600 back, with a warning.
fn tighten_permissions(path: &Path) -> Result<(), CliError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let meta = std::fs::metadata(path)
            .map_err(|e| CliError::state(format!("cannot read {}: {e}", path.display())))?;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            eprintln!(
                "cognito-auth: warning: the state file {} was readable by others (mode {mode:o}); it holds tokens, so its mode is now 600",
                path.display()
            );
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(
                |e| CliError::state(format!("cannot chmod 600 {}: {e}", path.display())),
            )?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn path_with(vars: &[(&str, &str)]) -> Result<PathBuf, CliError> {
        let owned: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        default_path(&move |k: &str| {
            owned
                .iter()
                .find(|(name, _)| name == k)
                .map(|(_, v)| v.clone())
        })
    }

    #[cfg(unix)]
    #[test]
    fn default_path_follows_xdg_then_home() {
        assert_eq!(
            path_with(&[("XDG_CONFIG_HOME", "/x/cfg"), ("HOME", "/home/u")]).unwrap(),
            PathBuf::from("/x/cfg/cognito-auth/state.json")
        );
        // A relative XDG_CONFIG_HOME is invalid and ignored (XDG base dir spec).
        assert_eq!(
            path_with(&[("XDG_CONFIG_HOME", "rel"), ("HOME", "/home/u")]).unwrap(),
            PathBuf::from("/home/u/.config/cognito-auth/state.json")
        );
        assert_eq!(path_with(&[]).unwrap_err().exit, crate::error::EXIT_USAGE);
    }

    #[test]
    fn an_empty_state_creates_no_file_and_writes_are_private() {
        let dir = std::env::temp_dir().join(format!("cognito-auth-state-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("sub").join("state.json");
        let s = StateFile::open(path.clone()).unwrap();
        s.finish(PendingState::default()).unwrap();
        assert!(!path.exists());
        s.set_pool(PoolRecord {
            user_pool_id: "us-east-1_X".into(),
            client_id: "c".into(),
            endpoint: None,
            has_client_secret: false,
        });
        // Through the token store, as the client saves a session.
        s.save(&StoredSession {
            tokens: cognito_auth::AuthTokens {
                access_token: "a.b.c".into(),
                id_token: None,
                refresh_token: Some("r".into()),
                expires_in: Some(3600),
                new_device_metadata: None,
            },
            username: "u".into(),
            user_sub: None,
            sign_in_details: None,
            clock_drift_ms: 0,
        })
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let again = StateFile::open(path.clone()).unwrap();
        assert!(again.holds_something());
        assert_eq!(again.recorded_pool().unwrap().user_pool_id, "us-east-1_X");
        assert_eq!(again.load().unwrap().unwrap().username, "u");
        again.clear().unwrap();
        assert!(!StateFile::open(path.clone()).unwrap().holds_something());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
