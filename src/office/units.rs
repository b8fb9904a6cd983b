//! The units below and around mine: added, moved, ended, linked to the
//! sender of a file.

use chrono::NaiveDate;
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

    /// Finds a unit by id, or by its full or short name (tone placement,
    /// dashes and case ignored), or by a diacritic-insensitive part of it
    /// when that part names exactly one unit.
    pub fn find_unit(&self, query: &str) -> Result<Unit> {
        if let Ok(id) = Uuid::parse_str(query.trim()) {
            return self.unit(id);
        }
        let units = self.units()?;
        let key = vn::match_key(query);
        let exact: Vec<&Unit> = units
            .iter()
            .filter(|u| vn::match_key(&u.name) == key || vn::match_key(&u.short_name) == key)
            .collect();
        let candidates = if exact.is_empty() {
            units
                .iter()
                .filter(|u| {
                    vn::search_matches(&vn::fold(&u.name), query)
                        || vn::search_matches(&vn::fold(&u.short_name), query)
                })
                .collect()
        } else {
            exact
        };
        let candidates = candidates.into_iter().cloned().collect();
        super::the_one(
            candidates,
            "đơn vị",
            query.trim(),
            5,
            ", ",
            |u: &Unit| format!("“{}”", u.name),
        )
    }

    /// Ends a unit on `on` (its last day): dissolved, or merged into
    /// another unit. Nothing it recorded or sent is removed; it is simply no
    /// longer expected to report for periods after that day.
    pub fn end_unit(
        &mut self,
        unit: Uuid,
        on: NaiveDate,
        merged_into: Option<Uuid>,
    ) -> Result<Unit> {
        let current = self.unit(unit)?;
        if let Some(to) = current.valid_to {
            return Err(StoreError::Invalid {
                field: "Đơn vị",
                message: format!(
                    "“{}” đã thôi hoạt động từ {}.",
                    current.name,
                    to.format("%d/%m/%Y")
                ),
            });
        }
        let target = merged_into.map(|m| self.unit(m)).transpose()?;
        if let Some(t) = &target {
            if t.id == unit || t.valid_to.is_some() {
                return Err(StoreError::Invalid {
                    field: "Đơn vị",
                    message: format!("không nhập “{}” vào “{}” được.", current.name, t.name),
                });
            }
        }
        let active_children: Vec<String> = self
            .units()?
            .into_iter()
            .filter(|u| u.reports_to == Some(unit) && u.valid_to.is_none())
            .map(|u| u.name)
            .collect();
        if !active_children.is_empty() {
            return Err(StoreError::Invalid {
                field: "Đơn vị",
                message: format!(
                    "“{}” còn đơn vị trực thuộc ({}): hãy chuyển các đơn vị này trước.",
                    current.name,
                    active_children.join(", ")
                ),
            });
        }
        self.write(|tx| store::units::end_in(tx, unit, on, merged_into))?;
        self.unit(unit)
    }

    /// Moves `unit` under `parent` (None: it reports to no one here).
    /// Refuses a move that would make a unit report to itself, even
    /// indirectly.
    pub fn set_reports_to(&mut self, unit: Uuid, parent: Option<Uuid>) -> Result<Unit> {
        let current = self.unit(unit)?;
        if let Some(p) = parent {
            let parent_unit = self.unit(p)?;
            // Walk up from the new parent: meeting `unit` means a cycle.
            let mut cursor = Some(p);
            while let Some(id) = cursor {
                if id == unit {
                    return Err(StoreError::UnitCycle {
                        unit: current.name,
                        parent: parent_unit.name,
                    });
                }
                cursor = self.unit(id)?.reports_to;
            }
        }
        self.write(|tx| store::units::move_in(tx, unit, current.reports_to, parent))?;
        self.unit(unit)
    }
}
