//! Correcting an indicator the plan import read (name, unit, target,
//! direction, rule). Audited; the rule is fixed once figures exist, since
//! recorded and received values were written under it.

use rusqlite::OptionalExtension;
use uuid::Uuid;

use super::{Result, Store, StoreError};
use crate::model::{Aggregation, Direction, Indicator};

impl Store {
    /// One indicator of a plan in force (not retired by a newer version).
    pub(crate) fn indicator(&self, id: Uuid) -> Result<Indicator> {
        let plan: Uuid = self
            .conn()
            .query_row(
                "SELECT plan_id FROM indicators WHERE id = ?1 AND retired = 0",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFoundItem {
                what: "chỉ tiêu",
                query: id.to_string(),
            })?;
        Ok(self
            .indicators(plan)?
            .into_iter()
            .find(|i| i.id == id)
            .expect("listed"))
    }

    /// Whether any figure exists for the indicator here: recorded by this
    /// office, or inside a report file received for its plan.
    pub(crate) fn has_figures(&self, indicator: &Indicator) -> Result<bool> {
        let recorded: bool = self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM indicator_values WHERE indicator_id = ?1)",
            [indicator.id],
            |r| r.get(0),
        )?;
        let received: bool = self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM submissions WHERE plan_id = ?1)",
            [indicator.plan_id],
            |r| r.get(0),
        )?;
        Ok(recorded || received)
    }
}

/// Writes a corrected indicator (`old` → `new`) inside `tx`, audited.
pub(crate) fn update_indicator(tx: &super::Tx, old: &Indicator, new: &Indicator) -> Result<()> {
    let id = new.id;
    let (numerator, denominator) = match &new.aggregation {
        Aggregation::Ratio {
            numerator,
            denominator,
        } => (Some(numerator.as_str()), Some(denominator.as_str())),
        _ => (None, None),
    };
    tx.execute(
        "UPDATE indicators SET name = ?2, measure_unit = ?3, target_value = ?4,
                direction = ?5, aggregation = ?6, numerator = ?7, denominator = ?8
         WHERE id = ?1",
        rusqlite::params![
            id,
            new.name,
            new.measure_unit,
            new.target_value,
            match new.direction {
                Direction::Up => "up",
                Direction::Down => "down",
            },
            new.aggregation.code(),
            numerator,
            denominator
        ],
    )?;
    super::audit::record(
        tx,
        "indicator",
        &id.to_string(),
        "edit",
        Some(serde_json::to_value(old).expect("indicator serializes")),
        Some(serde_json::to_value(new).expect("indicator serializes")),
    )
}
