use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row};
use uuid::Uuid;

use super::{audit, Result, Store, StoreError};
use crate::model::{Unit, UnitKind, UnitNode};
use crate::vn;

const UNIT_COLUMNS: &str =
    "id, name, short_name, kind, admin_code, reports_to, valid_from, valid_to";

pub(crate) fn unit_from_row(r: &Row) -> rusqlite::Result<Unit> {
    unit_from_row_at(r, 0)
}

/// Reads a unit whose columns (in `UNIT_COLUMNS` order) start at `base`.
pub(crate) fn unit_from_row_at(r: &Row, base: usize) -> rusqlite::Result<Unit> {
    let kind: String = r.get(base + 3)?;
    Ok(Unit {
        id: r.get(base)?,
        name: r.get(base + 1)?,
        short_name: r.get(base + 2)?,
        kind: UnitKind::parse(&kind).unwrap_or(UnitKind::Khac),
        admin_code: r.get(base + 4)?,
        reports_to: r.get(base + 5)?,
        valid_from: r.get::<_, Option<NaiveDate>>(base + 6)?,
        valid_to: r.get::<_, Option<NaiveDate>>(base + 7)?,
    })
}

/// Cleans the unit's texts and checks its fields; the parent must exist.
fn validated(tx: &super::Tx, unit: &Unit) -> Result<Unit> {
    let mut u = unit.clone();
    u.name = vn::clean(&u.name);
    u.short_name = vn::clean(&u.short_name);
    if u.name.is_empty() {
        return Err(StoreError::Invalid {
            field: "Tên đơn vị",
            message: "không được để trống.".into(),
        });
    }
    if u.short_name.is_empty() {
        u.short_name = crate::model::short_name_of(&u.name);
    }
    u.admin_code = u
        .admin_code
        .map(|c| vn::clean(&c))
        .filter(|c| !c.is_empty());
    if let (Some(from), Some(to)) = (u.valid_from, u.valid_to) {
        if to < from {
            return Err(StoreError::Invalid {
                field: "Thời gian hoạt động",
                message: format!(
                    "ngày kết thúc {} trước ngày bắt đầu {}.",
                    vn::format_short_date(to),
                    vn::format_short_date(from)
                ),
            });
        }
    }
    if let Some(parent) = u.reports_to {
        if parent == u.id {
            return Err(StoreError::UnitCycle {
                unit: u.name.clone(),
                parent: u.name.clone(),
            });
        }
        let exists: Option<String> = tx
            .query_row("SELECT name FROM units WHERE id = ?1", [parent], |r| {
                r.get(0)
            })
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::NotFoundItem {
                what: "đơn vị cấp trên",
                query: parent.to_string(),
            });
        }
    }
    Ok(u)
}

/// Adds a unit followed from `today` inside `tx` (see [`Store::add_unit_on`]).
pub(crate) fn insert_unit_tracked(tx: &super::Tx, unit: &Unit, today: NaiveDate) -> Result<Unit> {
    let u = insert_unit(tx, unit)?;
    tx.execute(
        "UPDATE units SET tracked_from = ?2 WHERE id = ?1",
        rusqlite::params![u.id, today],
    )?;
    audit::record(
        tx,
        "unit",
        &u.id.to_string(),
        "track",
        None,
        Some(serde_json::json!({ "tracked_from": today })),
    )?;
    Ok(u)
}

pub(crate) fn insert_unit(tx: &super::Tx, unit: &Unit) -> Result<Unit> {
    let u = validated(tx, unit)?;
    tx.execute(
        "INSERT INTO units (id, name, short_name, kind, admin_code, reports_to, valid_from, valid_to, name_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        rusqlite::params![
            u.id,
            u.name,
            u.short_name,
            u.kind.code(),
            u.admin_code,
            u.reports_to,
            u.valid_from,
            u.valid_to,
            vn::match_key(&u.name)
        ],
    )?;
    audit::record(
        tx,
        "unit",
        &u.id.to_string(),
        "create",
        None,
        Some(serde_json::to_value(&u).expect("unit serializes")),
    )?;
    Ok(u)
}

impl Store {
    /// Adds a unit (its parent, if any, must already exist).
    pub(crate) fn add_unit(&mut self, unit: &Unit) -> Result<Unit> {
        self.write(|tx| insert_unit(tx, unit))
    }

    /// Adds a unit this office begins to follow `today` (an officer adding
    /// it to the list): reports due before today are not expected of it
    /// here — they went on paper, or to someone else — unless its file for
    /// them arrives.
    pub(crate) fn add_unit_on(&mut self, unit: &Unit, today: NaiveDate) -> Result<Unit> {
        self.write(|tx| insert_unit_tracked(tx, unit, today))
    }

    /// The day this office began following the unit, if it was added with
    /// one ([`Store::add_unit_on`]).
    pub(crate) fn tracked_from(&self, unit: Uuid) -> Result<Option<NaiveDate>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT tracked_from FROM units WHERE id = ?1",
                [unit],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    pub(crate) fn unit(&self, id: Uuid) -> Result<Unit> {
        self.conn()
            .query_row(
                &format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = ?1"),
                [id],
                unit_from_row,
            )
            .optional()?
            .ok_or(StoreError::NotFoundItem {
                what: "đơn vị",
                query: id.to_string(),
            })
    }

    /// A unit with this name, spelled the same way up to tone placement and
    /// dashes (the indexed `name_key`), if there is one.
    pub(crate) fn unit_named(&self, name: &str) -> Result<Option<Unit>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {UNIT_COLUMNS} FROM units WHERE name_key = ?1 LIMIT 1"),
                [vn::match_key(name)],
                unit_from_row,
            )
            .optional()?)
    }

    /// All units in Vietnamese alphabetical order of their names.
    pub(crate) fn units(&self) -> Result<Vec<Unit>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {UNIT_COLUMNS} FROM units ORDER BY name COLLATE vi"
        ))?;
        let rows = stmt.query_map([], unit_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Units as a forest: roots are units with no parent here. Children are
    /// in Vietnamese alphabetical order.
    pub(crate) fn unit_tree(&self) -> Result<Vec<UnitNode>> {
        let units = self.units()?;
        fn build(parent: Option<Uuid>, units: &[Unit]) -> Vec<UnitNode> {
            units
                .iter()
                .filter(|u| u.reports_to == parent)
                .map(|u| UnitNode {
                    ended_label: u
                        .valid_to
                        .map(|d| format!("thôi hoạt động từ sau {}", crate::label::date(Some(d)))),
                    unit: u.clone(),
                    children: build(Some(u.id), units),
                })
                .collect()
        }
        Ok(build(None, &units))
    }
}

/// The tables that name a unit by id, re-pointed when a unit is linked.
const UNIT_REFERENCES: [(&str, &str); 8] = [
    ("unit_signers", "unit_id"),
    ("units", "reports_to"),
    ("task_units", "unit_id"),
    ("progress", "unit_id"),
    ("indicator_values", "unit_id"),
    ("period_locks", "unit_id"),
    ("due_dates", "unit_id"),
    ("reports", "unit_id"),
];

impl Store {
    /// Whether files were received from `unit` under its present id.
    pub(crate) fn has_submissions_from(&self, unit: Uuid) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM submissions WHERE unit_id = ?1)",
            [unit],
            |r| r.get(0),
        )?)
    }
}

/// Gives the unit `existing` the id `sender_id` inside `tx`: the new row
/// first, then every reference moved to it, then the old row goes (a
/// reference left behind fails the delete, foreign keys, and nothing
/// changes). Audited with both names.
pub(crate) fn relink_in(
    tx: &super::Tx,
    existing: Uuid,
    existing_name: &str,
    sender_id: Uuid,
    sender_name: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO units (id, name, short_name, kind, admin_code, reports_to, valid_from, valid_to, name_key, tracked_from)
         SELECT ?2, name, short_name, kind, admin_code, reports_to, valid_from, valid_to, name_key, tracked_from
         FROM units WHERE id = ?1",
        rusqlite::params![existing, sender_id],
    )?;
    for (table, column) in UNIT_REFERENCES {
        tx.execute(
            &format!("UPDATE {table} SET {column} = ?2 WHERE {column} = ?1"),
            rusqlite::params![existing, sender_id],
        )?;
    }
    tx.execute("DELETE FROM units WHERE id = ?1", [existing])?;
    audit::record(
        tx,
        "unit",
        &sender_id.to_string(),
        "link",
        Some(serde_json::json!({ "id": existing, "name": existing_name })),
        Some(serde_json::json!({ "id": sender_id, "name": sender_name })),
    )
}

/// Ends a unit on `on` inside `tx`, audited as merged or dissolved.
pub(crate) fn end_in(
    tx: &super::Tx,
    unit: Uuid,
    on: NaiveDate,
    merged_into: Option<Uuid>,
) -> Result<()> {
    tx.execute("UPDATE units SET valid_to = ?2 WHERE id = ?1", (unit, on))?;
    audit::record(
        tx,
        "unit",
        &unit.to_string(),
        if merged_into.is_some() {
            "merge"
        } else {
            "dissolve"
        },
        None,
        Some(serde_json::json!({ "valid_to": on, "merged_into": merged_into })),
    )
}

/// Puts `unit` under `parent` inside `tx`, audited with its old parent.
pub(crate) fn move_in(
    tx: &super::Tx,
    unit: Uuid,
    old: Option<Uuid>,
    parent: Option<Uuid>,
) -> Result<()> {
    tx.execute(
        "UPDATE units SET reports_to = ?2 WHERE id = ?1",
        (unit, parent),
    )?;
    audit::record(
        tx,
        "unit",
        &unit.to_string(),
        "reports_to",
        Some(serde_json::json!(old)),
        Some(serde_json::json!(parent)),
    )
}
