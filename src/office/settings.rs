//! The office's own database: backups and restoring one.

use std::path::{Path, PathBuf};

use super::Office;

impl Office {
    /// Where a backup made now goes unless the officer chooses: `dir`,
    /// under a name with the date and time.
    pub fn backup_suggestion(&self, dir: &Path) -> PathBuf {
        let stamp = self.now().format("%Y-%m-%d-%H%M%S");
        dir.join(format!("sao-luu-kehoach-{stamp}.sqlite"))
    }

    /// Where the database in use is kept when a backup is restored over it:
    /// beside it, under a name with the date and time.
    pub fn aside_path(&self) -> PathBuf {
        let stamp = self.now().format("%Y-%m-%d-%H%M%S");
        self.store
            .path()
            .with_file_name(format!("truoc-phuc-hoi-{stamp}.sqlite"))
    }
}
