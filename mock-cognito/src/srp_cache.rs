//! A bounded cache of SRP verifier tables ([`VerifierTable`]) for users who
//! sign in with SRP again and again (test suites, load generators).
//!
//! A table makes the server's `v^u` about four times cheaper but costs about
//! one `v^u` to build and 52 KiB to keep, so it is built on a user's
//! *second* SRP sign-in with the same verifier, never on the first. At most
//! [`CAPACITY`] tables are kept; the least recently used goes first. A
//! password change gives a new verifier, which no longer matches the cached
//! one, so the stale table is simply replaced. Nothing here is persisted.

use std::collections::HashMap;
use std::sync::Mutex;

use cognito_auth_srp::{Verifier, VerifierTable};

/// Most tables kept at once (52 KiB each: 6.5 MiB in all).
pub const CAPACITY: usize = 128;

/// Users remembered as "seen once" before their table is built.
const SEEN_CAPACITY: usize = 4096;

enum Entry {
    /// One SRP sign-in so far with this verifier.
    Seen(Box<Verifier>),
    /// A table and when it was last used.
    Table(VerifierTable, u64),
}

#[derive(Default)]
struct Inner {
    entries: HashMap<(String, String), Entry>,
    tables: usize,
    tick: u64,
}

/// The cache; one per service, keyed by (pool id, user key).
#[derive(Default)]
pub(crate) struct SrpTables {
    inner: Mutex<Inner>,
}

impl SrpTables {
    /// The table to use for this sign-in, if the user has one or has now
    /// earned one (built outside the cache's lock).
    pub(crate) fn get(
        &self,
        pool_id: &str,
        user_key: &str,
        verifier: &Verifier,
    ) -> Option<VerifierTable> {
        let key = (pool_id.to_owned(), user_key.to_owned());
        {
            let mut c = self.lock();
            c.tick += 1;
            let tick = c.tick;
            match c.entries.get_mut(&key) {
                Some(Entry::Table(t, used)) if t.verifier() == verifier => {
                    *used = tick;
                    return Some(t.clone());
                }
                Some(Entry::Seen(v)) if **v == *verifier => {}
                _ => {
                    // First sign-in with this verifier (or a new password).
                    if let Some(Entry::Table(..)) = c.entries.remove(&key) {
                        c.tables -= 1;
                    }
                    if c.entries.len() >= SEEN_CAPACITY + CAPACITY {
                        c.entries.retain(|_, e| matches!(e, Entry::Table(..)));
                    }
                    c.entries
                        .insert(key, Entry::Seen(Box::new(verifier.clone())));
                    return None;
                }
            }
        }
        let table = VerifierTable::new(verifier);
        let mut c = self.lock();
        c.tick += 1;
        let tick = c.tick;
        if !matches!(c.entries.get(&key), Some(Entry::Table(..))) {
            if c.tables >= CAPACITY {
                let oldest = c
                    .entries
                    .iter()
                    .filter_map(|(k, e)| match e {
                        Entry::Table(_, used) => Some((*used, k.clone())),
                        Entry::Seen(_) => None,
                    })
                    .min();
                if let Some((_, k)) = oldest {
                    c.entries.remove(&k);
                    c.tables -= 1;
                }
            }
            c.tables += 1;
        }
        c.entries.insert(key, Entry::Table(table.clone(), tick));
        Some(table)
    }

    /// Forgets everything (reset, pool deletion).
    pub(crate) fn clear(&self) {
        *self.lock() = Inner::default();
    }

    /// Tables currently kept.
    #[cfg(test)]
    fn tables(&self) -> usize {
        self.lock().tables
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_on_the_second_sign_in_replaced_on_a_new_password_and_bounded() {
        let c = SrpTables::default();
        let v1 = Verifier::from_password("P", "u", "one", &[0x55; 16]);
        let v2 = Verifier::from_password("P", "u", "two", &[0x55; 16]);
        assert!(c.get("p", "u", &v1).is_none());
        let t = c.get("p", "u", &v1).expect("second use builds");
        assert_eq!(t.verifier(), &v1);
        assert!(c.get("p", "u", &v1).is_some());
        assert_eq!(c.tables(), 1);
        // A new password: back to "seen once", the old table is dropped.
        assert!(c.get("p", "u", &v2).is_none());
        assert_eq!(c.tables(), 0);
        assert_eq!(c.get("p", "u", &v2).map(|t| t.verifier().clone()), Some(v2));
        // Never more than CAPACITY tables.
        let v = Verifier::from_password("P", "x", "pw", &[0x66; 16]);
        for i in 0..CAPACITY + 3 {
            let user = format!("user{i}");
            let _ = c.get("p", &user, &v);
            assert!(c.get("p", &user, &v).is_some());
        }
        assert_eq!(c.tables(), CAPACITY);
        c.clear();
        assert_eq!(c.tables(), 0);
    }
}
