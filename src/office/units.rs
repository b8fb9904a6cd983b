//! The units below and around mine: added, moved, ended, linked to the
//! sender of a file.

use uuid::Uuid;

use super::Office;
use crate::model::Unit;
use crate::store::{self, Result, StoreError};
use crate::vn;

impl Office {
    /// Makes a unit typed in by hand the same unit as the sender of a file,
    /// who names itself by its own id: the unit takes that id, and its tasks,
    /// figures, due dates and place in the tree go with it. Refuses my own
    /// unit, another name, an id already in use, and a unit that has
    /// received files under its present id (those are kept as they came).
    pub fn link_unit(
        &mut self,
        existing: Uuid,
        sender_id: Uuid,
        sender_name: &str,
    ) -> Result<Unit> {
        let new = self.check_link(existing, sender_id, sender_name)?;
        let old_name = self.unit(existing)?.name;
        self.write(|tx| store::units::relink_in(tx, existing, &old_name, sender_id, sender_name))?;
        Ok(new)
    }

    /// The unit `existing` as it would be once linked to the sender
    /// `sender_id`, or why it may not be (see [`Office::link_unit`]).
    pub(crate) fn check_link(
        &self,
        existing: Uuid,
        sender_id: Uuid,
        sender_name: &str,
    ) -> Result<Unit> {
        let old = self.unit(existing)?;
        let refuse = |message: String| {
            Err(StoreError::Invalid {
                field: "Gắn đơn vị",
                message,
            })
        };
        if existing == self.my_unit_id()? {
            return refuse("không gắn đơn vị của chính mình với đơn vị gửi tệp.".into());
        }
        if vn::match_key(&old.name) != vn::match_key(sender_name) {
            return refuse(format!(
                "“{}” và “{sender_name}” là hai tên khác nhau; chỉ gắn đơn vị cùng tên.",
                old.name
            ));
        }
        if self.unit(sender_id).is_ok() {
            return refuse(format!(
                "mã định danh của đơn vị gửi tệp đã có trong danh sách (“{sender_name}”): không cần gắn."
            ));
        }
        if self.store.has_submissions_from(existing)? {
            return refuse(format!(
                "“{}” đã có báo cáo nhận được theo mã định danh hiện tại; không đổi được.",
                old.name
            ));
        }
        Ok(Unit {
            id: sender_id,
            ..old
        })
    }

    /// The unit named by `query`, or mine when none is named.
    pub fn unit_or_mine(&self, query: Option<&str>) -> Result<Unit> {
        match query {
            Some(q) => self.find_unit(q),
            None => self.unit(self.my_unit_id()?),
        }
    }
}
