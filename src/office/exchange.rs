//! Files between levels: what is received, when.

use super::Office;

impl Office {
    /// When received files arrive: now, or noon of a given day (`--today`,
    /// so runs can be reproduced), RFC 3339 with the office's offset.
    pub fn received_at(&self, today: Option<chrono::NaiveDate>) -> String {
        match today {
            Some(d) => format!("{}T12:00:00+07:00", d.format("%Y-%m-%d")),
            None => crate::clock::stamp(self.now()),
        }
    }
}
