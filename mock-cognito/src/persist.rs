//! `--state FILE`: the state survives restarts. Writes are debounced in a
//! background thread (never on the request path) and atomic (temporary file,
//! fsync, rename). A file that cannot be read is a start-up error, never a
//! silent fresh start.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, Weak};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::service::Inner;
use crate::state::{STATE_VERSION, State};

/// How long the writer waits for more changes before writing.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// What the state file holds.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StateFile {
    /// Layout version.
    pub version: u32,
    /// The start-up state `/_mock/reset` returns to.
    pub seed: State,
    /// The current state.
    pub current: State,
}

impl std::fmt::Debug for StateFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateFile")
            .field("version", &self.version)
            .field("current", &self.current)
            .finish_non_exhaustive()
    }
}

/// Reads a state file. `Ok(None)` when it does not exist yet.
pub fn load(path: &Path) -> Result<Option<StateFile>, String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read state file {}: {e}", path.display())),
    };
    let file: StateFile = serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "state file {} is corrupt or not a mock-cognito state file ({e}); \
             move it away to start fresh",
            path.display()
        )
    })?;
    if file.version != STATE_VERSION {
        return Err(format!(
            "state file {} has layout version {}, this mock-cognito reads version {STATE_VERSION}",
            path.display(),
            file.version
        ));
    }
    Ok(Some(file))
}

/// Serialises every state-file write of the process: a snapshot is taken
/// and written under it, so a later snapshot can never be overwritten by an
/// earlier one (the background writer and an explicit flush, or the old and
/// the new service around a restart, never interleave).
static WRITE_LOCK: Mutex<()> = Mutex::new(());

/// Takes a snapshot with `make` and writes it to `path` atomically, in
/// order with every other write of the process.
pub fn write_snapshot(path: &Path, make: impl FnOnce() -> StateFile) -> std::io::Result<()> {
    let _guard = WRITE_LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    write_atomic(path, &make())
}

/// Writes `file` to `path` atomically.
pub fn write_atomic(path: &Path, file: &StateFile) -> std::io::Result<()> {
    let bytes = serde_json::to_vec(file).map_err(std::io::Error::other)?;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".into());
    let tmp_name = format!(".{name}.{}.tmp", std::process::id());
    let tmp: PathBuf = match dir {
        Some(d) => d.join(tmp_name),
        None => PathBuf::from(tmp_name),
    };
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    if let Some(d) = dir {
        // Make the rename durable; not fatal where directories cannot be opened.
        if let Ok(df) = std::fs::File::open(d) {
            let _ = df.sync_all();
        }
    }
    Ok(())
}

#[derive(Default)]
struct Flags {
    dirty: bool,
    stop: bool,
}

struct Shared {
    flags: Mutex<Flags>,
    cv: Condvar,
    thread: Mutex<Option<JoinHandle<()>>>,
}

/// Schedules state-file writes.
#[derive(Clone)]
pub struct Persister {
    path: PathBuf,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Persister {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Persister")
            .field("path", &self.path)
            .finish()
    }
}

impl Persister {
    /// A persister for `path` (no thread yet; see `Persister::start`).
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            shared: Arc::new(Shared {
                flags: Mutex::new(Flags::default()),
                cv: Condvar::new(),
                thread: Mutex::new(None),
            }),
        }
    }

    /// The file written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts the background writer for a service.
    pub(crate) fn start(&self, inner: Weak<Inner>) {
        let shared = self.shared.clone();
        let path = self.path.clone();
        let handle = std::thread::Builder::new()
            .name("mock-cognito-persist".into())
            .spawn(move || writer_loop(&shared, &path, &inner));
        if let Ok(h) = handle {
            *self
                .shared
                .thread
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(h);
        }
    }

    /// Notes that the state changed.
    pub fn mark_dirty(&self) {
        let mut f = self
            .shared
            .flags
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !f.dirty {
            f.dirty = true;
            self.shared.cv.notify_one();
        }
    }

    /// Writes the snapshot `make` takes now, on the calling thread (in order
    /// with the background writer).
    pub fn write_now(&self, make: impl FnOnce() -> StateFile) -> std::io::Result<()> {
        write_snapshot(&self.path, make)
    }

    /// Stops the writer after a final write of pending changes.
    pub fn shutdown(&self) {
        {
            let mut f = self
                .shared
                .flags
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            f.stop = true;
            self.shared.cv.notify_one();
        }
        let handle = self
            .shared
            .thread
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(h) = handle {
            let _ = h.join();
        }
    }
}

fn writer_loop(shared: &Shared, path: &Path, inner: &Weak<Inner>) {
    loop {
        let stop = {
            let mut f = shared
                .flags
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            while !f.dirty && !f.stop {
                f = shared
                    .cv
                    .wait(f)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
            }
            f.stop
        };
        if !stop {
            std::thread::sleep(DEBOUNCE);
        }
        let dirty = {
            let mut f = shared
                .flags
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            std::mem::take(&mut f.dirty)
        };
        if dirty {
            let Some(inner) = inner.upgrade() else { return };
            let written = write_snapshot(path, || StateFile {
                version: STATE_VERSION,
                seed: inner.seed_snapshot(),
                current: inner.lock().clone(),
            });
            drop(inner);
            if let Err(e) = written {
                eprintln!(
                    "mock-cognito: could not write state file {}: {e}",
                    path.display()
                );
            }
        }
        if stop {
            return;
        }
    }
}
