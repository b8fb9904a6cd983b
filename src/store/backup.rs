//! Backups the officer can trust: one now to a file, one each day kept for
//! a week, and a restore that checks the file first and keeps the current
//! database aside.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Result, Store, StoreError};

/// How many daily backups are kept.
pub const DAILY_BACKUPS_KEPT: usize = 7;

impl Store {
    /// Today's automatic backup into `dir` (`kehoach-YYYY-MM-DD.sqlite`),
    /// unless there is one already; the oldest beyond a week are removed.
    /// Returns the new file, if one was written.
    pub fn daily_backup(&self, dir: &Path, today: NaiveDate) -> Result<Option<PathBuf>> {
        let io = |source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        // A backup a killed run left half-written is not a backup.
        super::clean_temp_files_in(dir);
        let dest = dir.join(format!("kehoach-{}.sqlite", today.format("%Y-%m-%d")));
        let written = if dest.exists() {
            None
        } else {
            self.backup_to(&dest)?;
            Some(dest)
        };
        let mut daily: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("kehoach-") && n.ends_with(".sqlite"))
            })
            .collect();
        daily.sort();
        let excess = daily.len().saturating_sub(DAILY_BACKUPS_KEPT);
        for old in &daily[..excess] {
            std::fs::remove_file(old).map_err(io)?;
        }
        Ok(written)
    }

    /// Replaces this database's content with the backup `file`, after
    /// checking it is a sound kehoach database this version can read. The
    /// current content is first written to `aside`. Nothing changes when the
    /// file is refused; the backup file itself is only read.
    pub fn restore_from(&mut self, file: &Path, aside: &Path) -> Result<()> {
        let bytes = std::fs::read(file).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => StoreError::NotFound(file.to_path_buf()),
            _ => StoreError::Io {
                path: file.to_path_buf(),
                source: e,
            },
        })?;
        self.restore_from_bytes(&bytes, &file.display().to_string(), aside)
    }

    /// [`Store::restore_from`] for a backup given as bytes (the window sends
    /// the file it picked). It is checked as a private copy beside this
    /// database (`.NAME.….tmp`, removed after, or at the next open if the
    /// run is killed): SQLite, ours, not newer, not damaged; an older one
    /// is migrated in that copy.
    /// `name` is what the officer picked, for the messages.
    pub fn restore_from_bytes(&mut self, bytes: &[u8], name: &str, aside: &Path) -> Result<()> {
        let copy = super::temp_name(&self.path);
        let restored = (|| {
            // The copy is itself a temporary name: written straight.
            {
                use std::io::Write;
                let mut f =
                    std::fs::File::create_new(&copy).map_err(|e| super::io_error(&copy, e))?;
                f.write_all(bytes)
                    .and_then(|()| f.sync_all())
                    .map_err(|e| super::io_error(&copy, e))?;
            }
            let source = Store::open_held(&copy, None, false, self.clock.clone())?;
            source.my_unit_id()?;
            self.backup_to(aside)?;
            {
                let backup = rusqlite::backup::Backup::new(&source.conn, &mut self.conn)?;
                backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
            }
            self.configure()?;
            let check: String = self
                .conn
                .pragma_query_value(None, "quick_check", |r| r.get(0))?;
            if check != "ok" {
                return Err(StoreError::Corrupt {
                    path: self.path.clone(),
                    detail: check,
                });
            }
            Ok(())
        })();
        super::remove_with_sidecars(&copy);
        // Said of the file the officer picked, not of the private copy.
        restored.map_err(|e| {
            let picked = || std::path::PathBuf::from(name);
            match e {
                StoreError::NotSqlite(p) if p == copy => StoreError::NotSqlite(picked()),
                StoreError::ForeignDatabase(p) if p == copy => {
                    StoreError::ForeignDatabase(picked())
                }
                StoreError::Corrupt { path, detail } if path == copy => StoreError::Corrupt {
                    path: picked(),
                    detail,
                },
                StoreError::NewerSchema {
                    path,
                    found,
                    supported,
                } if path == copy => StoreError::NewerSchema {
                    path: picked(),
                    found,
                    supported,
                },
                other => other,
            }
        })
    }
}
