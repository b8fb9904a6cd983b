//! The local SQLite store: one file per office, owned by one unit ("đơn vị của
//! tôi"). WAL, foreign keys, `synchronous=FULL`; every change is one
//! transaction with its audit entry; forward-only migrations with a backup
//! taken before any of them runs.
//!
//! Not here: parsing plan texts, layout, signing, anything about the window.

pub(crate) mod audit;
pub(crate) mod backup;
pub(crate) mod dashboard;
mod error;
mod hold;
pub(crate) mod indicators;
pub(crate) mod plans;
pub(crate) mod progress;
pub(crate) mod reports;
mod schema;
pub(crate) mod settings;
pub(crate) mod signers;
pub(crate) mod submissions;
pub(crate) mod tasks;
pub(crate) mod trust;
pub(crate) mod unit_signers;
pub(crate) mod units;

pub use audit::AuditEntry;
pub use backup::DAILY_BACKUPS_KEPT;
pub use dashboard::Change;
pub use error::{io_words, Result, StoreError};
pub use hold::{lock_path, Hold};
pub use progress::{DueItem, DueScope};
pub use schema::{APPLICATION_ID, LATEST_VERSION};
pub use signers::{KeptImages, SignerEntry, SignerImage};
pub use submissions::{received_on, Submission};
pub use tasks::TaskFilter;
pub use trust::TrustedCertificate;
pub use unit_signers::UnitSigner;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::clock::{stamp, Clock};
use crate::model::Unit;

/// An open kehoach database. Writes take `&mut self`: one writer.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Where the time of every write comes from (passed in, never read here).
    clock: Arc<dyn Clock>,
    /// This process's hold on the path (none for a private temporary copy).
    _hold: Option<Arc<Hold>>,
}

/// The per-user default location of the database (XDG data dir on Linux).
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("kehoach")
        .join("kehoach.sqlite")
}

impl Store {
    /// Opens an existing database. Refuses, without writing anything, a
    /// missing file, a file that is not SQLite, another program's database, a
    /// damaged one, or one from a newer kehoach, and a database the window
    /// holds (see [`Hold`]). An older schema is migrated after a backup copy
    /// is written beside the file. What a killed run left beside the file
    /// (a half-built database, a half-written backup) is removed first.
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Store> {
        let (hold, fresh) = Hold::acquire(path)?;
        if fresh {
            clean_leftovers(path);
        }
        let store = Store::open_held(path, Some(hold.clone()), true, clock)?;
        if fresh {
            hold.share()?;
        }
        Ok(store)
    }

    /// Opens `path` under `hold` (this process's, already taken), or with
    /// none for a private copy no other process knows of.
    fn open_held(
        path: &Path,
        hold: Option<Arc<Hold>>,
        backup_first: bool,
        clock: Arc<dyn Clock>,
    ) -> Result<Store> {
        check_header(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| failed_open(path, e))?;
        // Before anything reads: a database busy for a moment is waited for.
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let app_id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|e| not_sqlite(path, e))?;
        if app_id != APPLICATION_ID {
            return Err(StoreError::ForeignDatabase(path.to_path_buf()));
        }
        let check: String = conn
            .pragma_query_value(None, "quick_check", |r| r.get(0))
            .map_err(|e| failed_open(path, e))?;
        if check != "ok" {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: check,
            });
        }
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > LATEST_VERSION {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found: version,
                supported: LATEST_VERSION,
            });
        }
        let alone = hold.as_ref().is_none_or(|h| h.is_exclusive());
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            _hold: hold,
            clock,
        };
        store.configure()?;
        if version < LATEST_VERSION {
            // Only one process migrates: another one has it open now.
            if !alone {
                return Err(StoreError::InUse {
                    path: path.to_path_buf(),
                    by_window: false,
                });
            }
            if backup_first {
                let dest = backup_path(path, version, store.clock.now());
                store.backup_to(&dest)?;
            }
            schema::migrate(&mut store.conn, version, LATEST_VERSION)?;
        }
        Ok(store)
    }

    /// Creates a new database owned by `my_unit`. Refuses an existing path.
    /// The file appears only once complete: it is built under a temporary
    /// name and renamed.
    pub fn create(
        path: &Path,
        my_unit: &Unit,
        officer: &str,
        clock: Arc<dyn Clock>,
    ) -> Result<Store> {
        Store::create_with(path, officer, clock, |mut store| {
            store.add_unit(my_unit)?;
            store.set_my_unit(my_unit.id)?;
            Ok(store)
        })
    }

    /// Like [`Store::create`], with `fill` run on the new database before it
    /// is put in place (used to build the demo database).
    pub fn create_with(
        path: &Path,
        officer: &str,
        clock: Arc<dyn Clock>,
        fill: impl FnOnce(Store) -> Result<Store>,
    ) -> Result<Store> {
        if path.exists() {
            return Err(StoreError::AlreadyExists(path.to_path_buf()));
        }
        let dir = parent_dir(path);
        fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let (hold, fresh) = Hold::acquire(path)?;
        if fresh {
            clean_leftovers(path);
        }
        let tmp = temp_name(path);
        let built = (|| {
            let conn = Connection::open(&tmp)?;
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
            let mut store = Store {
                conn,
                path: tmp.clone(),
                _hold: None,
                clock: clock.clone(),
            };
            store.configure()?;
            schema::migrate(&mut store.conn, 0, LATEST_VERSION)?;
            store.set_setting("officer_name", officer)?;
            let store = fill(store)?;
            // Fold the WAL into the main file so the rename moves everything.
            store.conn.pragma_update(None, "journal_mode", "DELETE")?;
            Ok(())
        })();
        if let Err(e) = built {
            remove_with_sidecars(&tmp);
            return Err(e);
        }
        sync_file(&tmp)?;
        if let Err(e) = rename_new(&tmp, path) {
            remove_with_sidecars(&tmp);
            return Err(e);
        }
        sync_dir(dir);
        let store = Store::open_held(path, Some(hold.clone()), true, clock)?;
        if fresh {
            hold.share()?;
        }
        Ok(store)
    }

    /// Writes an empty database at an old schema version, as an older
    /// kehoach would have. Only for making test fixtures.
    #[doc(hidden)]
    pub fn create_at_schema_version(path: &Path, version: i64) -> Result<rusqlite::Connection> {
        if path.exists() {
            return Err(StoreError::AlreadyExists(path.to_path_buf()));
        }
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        schema::migrate(&mut conn, 0, version)?;
        Ok(conn)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// SQLite's online backup into `dest` (written to a temporary name,
    /// synced, then put in place; never over an existing file).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::AlreadyExists(dest.to_path_buf()));
        }
        clean_temp_files_of(dest);
        let tmp = temp_name(dest);
        let written = (|| {
            {
                let mut out = Connection::open(&tmp)?;
                let backup = rusqlite::backup::Backup::new(&self.conn, &mut out)?;
                backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
                drop(backup);
                // One self-contained file: no -wal beside it.
                out.pragma_update(None, "journal_mode", "DELETE")?;
            }
            sync_file(&tmp)?;
            rename_new(&tmp, dest)
        })();
        if written.is_err() {
            remove_with_sidecars(&tmp);
        }
        written
    }

    fn configure(&mut self) -> Result<()> {
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        self.conn
            .create_collation("vi", |a: &str, b: &str| crate::vn::compare(a, b))?;
        Ok(())
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it is saved, or none.
    /// Everything it writes carries the one moment the clock gives now.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let at = stamp(self.clock.now());
        let tx = Tx {
            tx: self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?,
            at,
        };
        let out = f(&tx)?;
        tx.tx.commit()?;
        Ok(out)
    }

    /// The clock this store was opened with.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// One write transaction and the moment it is made at (every row and audit
/// entry it writes is stamped with the same time).
pub(crate) struct Tx<'c> {
    tx: Transaction<'c>,
    at: String,
}

impl Tx<'_> {
    /// The moment of this transaction, RFC 3339 to the second.
    pub(crate) fn at(&self) -> &str {
        &self.at
    }
}

impl<'c> std::ops::Deref for Tx<'c> {
    type Target = Transaction<'c>;
    fn deref(&self) -> &Transaction<'c> {
        &self.tx
    }
}

/// Writes `bytes` to a new file at `path` the safe way: a temporary name
/// beside it, synced, then put in place, so a crash never leaves half a
/// file. Never replaces an existing file (a database, another report):
/// refused with [`StoreError::AlreadyExists`], even when the file appears
/// while this one is written.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    if path.exists() {
        return Err(StoreError::AlreadyExists(path.to_path_buf()));
    }
    let dir = parent_dir(path);
    clean_temp_files_of(path);
    let tmp = temp_name(path);
    let written = (|| {
        let mut f = fs::File::create_new(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if let Err(source) = written {
        let _ = fs::remove_file(&tmp);
        return Err(io_error(path, source));
    }
    if let Err(e) = rename_new(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(dir);
    Ok(())
}

fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kehoach".into())
}

/// `.NAME.<random>.tmp` beside `path`: where it is built before it appears.
fn temp_name(path: &Path) -> PathBuf {
    parent_dir(path).join(format!(
        ".{}.{}.tmp",
        file_name(path),
        uuid::Uuid::new_v4().simple()
    ))
}

/// Puts the finished `tmp` at `path` unless a file is there: a hard link
/// (atomic, never replaces) then the temporary name removed; where the
/// file system has no links (FAT on a USB stick), a rename after a check.
fn rename_new(tmp: &Path, path: &Path) -> Result<()> {
    match fs::hard_link(tmp, path) {
        Ok(()) => {
            let _ = fs::remove_file(tmp);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(StoreError::AlreadyExists(path.to_path_buf()))
        }
        Err(_) => {
            if path.exists() {
                return Err(StoreError::AlreadyExists(path.to_path_buf()));
            }
            fs::rename(tmp, path).map_err(|e| io_error(path, e))
        }
    }
}

fn io_error(path: &Path, source: std::io::Error) -> StoreError {
    if source.raw_os_error() == Some(28) || source.kind() == std::io::ErrorKind::StorageFull {
        return StoreError::DiskFull;
    }
    StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Removes a file and the journal files SQLite may have left beside it.
fn remove_with_sidecars(path: &Path) {
    let _ = fs::remove_file(path);
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let _ = fs::remove_file(PathBuf::from(side));
    }
}

/// Whether `name` is one of kehoach's temporary names, `.NAME.<32 hex
/// digits>.tmp`, or a journal SQLite keeps beside one.
fn is_temp_name(name: &str) -> bool {
    let name = ["-wal", "-shm", "-journal"]
        .iter()
        .find_map(|j| name.strip_suffix(j))
        .unwrap_or(name);
    let Some(stem) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    stem.rsplit_once('.').is_some_and(|(base, id)| {
        !base.is_empty() && id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Removes the temporary files a killed run left while writing `path`
/// (`.NAME.<id>.tmp` and their journals), before `path` is written again.
fn clean_temp_files_of(path: &Path) {
    let prefix = format!(".{}.", file_name(path));
    let Ok(entries) = fs::read_dir(parent_dir(path)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_temp_name(&name) && name.starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Removes what killed runs left in `dir`: files under kehoach's temporary
/// names (half-built databases, half-written copies and backups, with
/// their journals). Nothing else is touched.
pub(crate) fn clean_temp_files_in(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if is_temp_name(&entry.file_name().to_string_lossy()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// What killed runs left beside a database, removed on its next open while
/// no other process holds it. The database's own `-wal` is SQLite's, never
/// touched.
fn clean_leftovers(db: &Path) {
    clean_temp_files_in(parent_dir(db));
}

/// Refuses a missing path, a directory and a file too short to be SQLite,
/// from the file's metadata only. The header itself is judged by SQLite
/// (`not_sqlite`): opening and closing the file here would drop the POSIX
/// locks of this process's other connections to it, and another process
/// would then think itself alone and reset the write-ahead log under them.
fn check_header(path: &Path) -> Result<()> {
    let meta = fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::NotFound(path.to_path_buf()),
        _ => StoreError::Io {
            path: path.to_path_buf(),
            source: e,
        },
    })?;
    // An SQLite file starts with a 100-byte header.
    if !meta.is_file() || meta.len() < 100 {
        return Err(StoreError::NotSqlite(path.to_path_buf()));
    }
    Ok(())
}

/// SQLite's own verdict on a file that is not a database.
fn not_sqlite(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotSqlite(path.to_path_buf()),
        _ => failed_open(path, e),
    }
}

/// Why a database could not be opened or read: busy, full and read-only
/// are said as such; anything else SQLite reports there is damage.
fn failed_open(path: &Path, e: rusqlite::Error) -> StoreError {
    match StoreError::from(e) {
        StoreError::Sqlite(e) => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        StoreError::Corrupt { detail, .. } => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail,
        },
        other => other,
    }
}

/// A free name for the copy kept before migrating from `version`: dated,
/// and numbered when a copy of that second exists (a database reopened
/// within the second after a kill).
fn backup_path(path: &Path, version: i64, now: chrono::DateTime<chrono::FixedOffset>) -> PathBuf {
    let stamp = now.format("%Y%m%d-%H%M%S");
    let name = file_name(path);
    (1..)
        .map(|n| match n {
            1 => path.with_file_name(format!("{name}.luocdo{version}-{stamp}.bak")),
            n => path.with_file_name(format!("{name}.luocdo{version}-{stamp}-{n}.bak")),
        })
        .find(|p| !p.exists())
        .expect("a free name")
}

fn sync_file(path: &Path) -> Result<()> {
    // Opened for writing: Windows flushes a file only through a handle that
    // may write it (a read-only one is refused, "access denied").
    fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.sync_all())
        .map_err(|source| io_error(path, source))
}

fn sync_dir(dir: &Path) {
    // Makes the rename durable; not every platform can open a directory.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
