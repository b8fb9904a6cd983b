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

    /// Ends a unit on `on` (its last day): dissolved, or merged into
    /// another unit. Nothing it recorded or sent is removed; it is simply no
    /// longer expected to report for periods after that day.
    pub(crate) fn end_unit(
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
        self.write(|tx| {
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
        })?;
        self.unit(unit)
    }

    /// Moves `unit` under `parent` (None: it reports to no one here).
    /// Refuses a move that would make a unit report to itself, even
    /// indirectly.
    pub(crate) fn set_reports_to(&mut self, unit: Uuid, parent: Option<Uuid>) -> Result<Unit> {
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
        self.write(|tx| {
            tx.execute(
                "UPDATE units SET reports_to = ?2 WHERE id = ?1",
                (unit, parent),
            )?;
            audit::record(
                tx,
                "unit",
                &unit.to_string(),
                "reports_to",
                Some(serde_json::json!(current.reports_to)),
                Some(serde_json::json!(parent)),
            )
        })?;
        self.unit(unit)
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

    /// Finds a unit by id, or by its full or short name (tone placement,
    /// dashes and case ignored), or by a diacritic-insensitive part of it
    /// when that part names exactly one unit.
    pub(crate) fn find_unit(&self, query: &str) -> Result<Unit> {
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
        match candidates.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(StoreError::NotFoundItem {
                what: "đơn vị",
                query: query.trim().to_string(),
            }),
            many => Err(StoreError::Ambiguous {
                what: "đơn vị",
                query: query.trim().to_string(),
                candidates: many
                    .iter()
                    .take(5)
                    .map(|u| format!("“{}”", u.name))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
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
