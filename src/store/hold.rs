//! A process's hold on a database path: a lock on a file beside the
//! database (`NAME.lock`) taken before SQLite opens it.
//!
//! SQLite's own locks are POSIX advisory locks, which belong to the process
//! and are all dropped when *any* descriptor of the file is closed in that
//! process (GTK's file chooser opens and closes files in the folders it
//! shows). Another process would then think itself alone and reset the
//! write-ahead log under the first one, losing what it saved. The hold is a
//! lock on an open file description (`flock` on Unix, `LockFileEx` on
//! Windows, through `std::fs::File::lock`): only our own handle releases it,
//! whatever another descriptor does.
//!
//! - The window holds its database alone for the life of the process
//!   ([`Hold::alone`]): no other kehoach process opens it meanwhile.
//! - The command line and the library share it ([`Store::open`]): several
//!   may run together; none runs while the window holds it.
//! - A process that opens a path it already holds reuses its hold (two
//!   handles of one process on the lock file would exclude each other).
//! - Whoever holds a path exclusively writes who it is into the lock file,
//!   so one kept out can say who has it.
//!
//! Not here: what the database contains; SQLite's own locking.
//!
//! [`Store::open`]: super::Store::open

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use super::{Result, StoreError};

/// How long a process waits for another one to finish with the database
/// before saying it is in use (as SQLite's busy timeout).
const WAIT: Duration = Duration::from_secs(5);

/// Who holds a database alone, as written in the lock file.
const WINDOW: &str = "kehoach-app";
const COMMAND: &str = "kehoach";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The window: exclusive for the life of the process.
    Alone,
    /// Exclusive for a moment (cleaning up, migrating, creating), then shared.
    Exclusive,
    Shared,
}

/// A lock on `NAME.lock` beside a database, held until dropped.
#[derive(Debug)]
pub struct Hold {
    file: File,
    db: PathBuf,
    mode: Mutex<Mode>,
}

/// The holds of this process, by lock file.
static HOLDS: Mutex<Vec<(PathBuf, Weak<Hold>)>> = Mutex::new(Vec::new());

/// The lock file of a database: `NAME.lock` beside it, as an absolute path
/// (the folder resolved, so two spellings of one path are one hold).
pub fn lock_path(db: &Path) -> PathBuf {
    let dir = db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kehoach.sqlite".into());
    dir.join(format!("{name}.lock"))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Hold {
    /// The window's hold: the database alone, for as long as the returned
    /// hold lives. Waits a moment for a command that is running; refuses
    /// when another window has the database.
    pub fn alone(db: &Path) -> Result<Arc<Hold>> {
        let key = lock_path(db);
        let mut holds = HOLDS.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(hold) = live(&mut holds, &key) {
            if *hold.mode() == Mode::Alone {
                return Ok(hold);
            }
            return Err(StoreError::InUse {
                path: db.to_path_buf(),
                by_window: false,
            });
        }
        let file = open_lock_file(&key)?;
        wait_for(db, &file, true)?;
        let hold = Arc::new(Hold {
            file,
            db: db.to_path_buf(),
            mode: Mutex::new(Mode::Alone),
        });
        hold.sign(WINDOW);
        holds.push((key, Arc::downgrade(&hold)));
        Ok(hold)
    }

    /// The hold for opening or creating `db` in this process: the one it
    /// already has, else a new one, exclusive when no other process has the
    /// database (then leftovers may be cleaned and migrations run), shared
    /// otherwise. Returns whether it is newly exclusive.
    pub(crate) fn acquire(db: &Path) -> Result<(Arc<Hold>, bool)> {
        let key = lock_path(db);
        let mut holds = HOLDS.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(hold) = live(&mut holds, &key) {
            return Ok((hold, false));
        }
        let file = open_lock_file(&key)?;
        let exclusive = match file.try_lock() {
            Ok(()) => true,
            Err(TryLockError::WouldBlock) => {
                wait_for(db, &file, false)?;
                false
            }
            Err(TryLockError::Error(e)) => return Err(io(&key)(e)),
        };
        let hold = Arc::new(Hold {
            file,
            db: db.to_path_buf(),
            mode: Mutex::new(if exclusive {
                Mode::Exclusive
            } else {
                Mode::Shared
            }),
        });
        if exclusive {
            hold.sign(COMMAND);
        }
        holds.push((key, Arc::downgrade(&hold)));
        Ok((hold, exclusive))
    }

    /// Whether no other process can have the database now.
    pub(crate) fn is_exclusive(&self) -> bool {
        *self.mode() != Mode::Shared
    }

    /// A moment's exclusive hold becomes shared, so other commands can run.
    pub(crate) fn share(&self) -> Result<()> {
        let mut mode = self.mode();
        if *mode != Mode::Exclusive {
            return Ok(());
        }
        // Released, then taken shared: another process may come between;
        // only the window takes it exclusively for long, and then this
        // process says the database is in use.
        // What unlocking says is not relied on: std unlocks twice on
        // Windows (a shared and an exclusive lock may both be held) and takes
        // "not locked" from the second call, which Wine answers as "lock
        // violation". Taking the shared lock below is the test: on Windows
        // it is granted only once the exclusive one is gone; flock turns the
        // one into the other on the same descriptor.
        let _ = self.file.unlock();
        *mode = Mode::Shared;
        drop(mode);
        wait_for(&self.db, &self.file, false)
    }

    fn mode(&self) -> std::sync::MutexGuard<'_, Mode> {
        self.mode.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Writes who holds the database into the lock file (best effort: it
    /// only makes the message of one kept out clearer).
    fn sign(&self, who: &str) {
        let mut f = &self.file;
        let _ = f.set_len(0);
        let _ = f.rewind();
        let _ = writeln!(f, "{who} {}", std::process::id());
        let _ = f.sync_data();
    }
}

/// This process's live hold on `key`; holds since dropped are forgotten.
fn live(holds: &mut Vec<(PathBuf, Weak<Hold>)>, key: &Path) -> Option<Arc<Hold>> {
    holds.retain(|(_, w)| w.strong_count() > 0);
    holds
        .iter()
        .filter(|(k, _)| k == key)
        .find_map(|(_, w)| w.upgrade())
}

fn open_lock_file(key: &Path) -> Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(key)
        .map_err(io(key))
}

/// Takes `file`'s lock (exclusive or shared), waiting up to [`WAIT`] for
/// a command that holds it exclusively; at once when the window has it.
fn wait_for(db: &Path, file: &File, exclusive: bool) -> Result<()> {
    let started = Instant::now();
    loop {
        let tried = if exclusive {
            file.try_lock()
        } else {
            file.try_lock_shared()
        };
        match tried {
            Ok(()) => return Ok(()),
            Err(TryLockError::Error(e)) => return Err(io(db)(e)),
            Err(TryLockError::WouldBlock) => {}
        }
        let by_window = holder(db).as_deref() == Some(WINDOW);
        if by_window || started.elapsed() >= WAIT {
            return Err(StoreError::InUse {
                path: db.to_path_buf(),
                by_window,
            });
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Who wrote itself into the lock file (unreadable on Windows while held).
fn holder(db: &Path) -> Option<String> {
    let mut text = String::new();
    File::open(lock_path(db))
        .and_then(|mut f| f.read_to_string(&mut text))
        .ok()?;
    text.split_whitespace().next().map(str::to_string)
}
