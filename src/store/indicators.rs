//! Correcting an indicator the plan import read (name, unit, target,
//! direction, rule). Audited; the rule is fixed once figures exist, since
//! recorded and received values were written under it.

use rusqlite::OptionalExtension;
use uuid::Uuid;

use super::{Result, Store, StoreError};
use crate::model::{Aggregation, Direction, Indicator};
use crate::vn;

/// What an officer may correct in an indicator, as typed in the window.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorEdit {
    pub name: String,
    /// Đơn vị tính: "%", "hộ", "người".
    pub measure_unit: String,
    /// The target as typed, the Vietnamese way ("1.234,5"); empty: none.
    pub target: String,
    pub direction: Direction,
    pub aggregation: Aggregation,
}

impl IndicatorEdit {
    /// The indicator with this correction made: text cleaned, the target
    /// read the Vietnamese way; an empty name, a target that is not a
    /// number and a ratio without what it counts are refused. Whether the
    /// rule may still change is the store's check.
    pub(crate) fn applied_to(&self, old: &Indicator) -> Result<Indicator> {
        let name = vn::clean(&self.name);
        if name.is_empty() {
            return Err(StoreError::invalid("Tên chỉ tiêu", "không được để trống."));
        }
        let target = match self.target.trim() {
            "" => None,
            t => Some(
                vn::parse_number(t)
                    .map_err(|e| StoreError::invalid("Chỉ tiêu cần đạt", e.to_string()))?,
            ),
        };
        let aggregation = match &self.aggregation {
            Aggregation::Ratio {
                numerator,
                denominator,
            } => {
                let (n, d) = (vn::clean(numerator), vn::clean(denominator));
                if n.is_empty() || d.is_empty() {
                    return Err(StoreError::invalid(
                        "Cách tổng hợp",
                        "tỷ lệ cần ghi rõ tử số và mẫu số (ví dụ: số hộ nghèo / tổng số hộ).",
                    ));
                }
                Aggregation::Ratio {
                    numerator: n,
                    denominator: d,
                }
            }
            other => other.clone(),
        };
        Ok(Indicator {
            name,
            measure_unit: vn::clean(&self.measure_unit),
            target_value: target,
            direction: self.direction,
            aggregation,
            ..old.clone()
        })
    }
}

impl Store {
    /// One indicator of a plan in force (not retired by a newer version).
    pub fn indicator(&self, id: Uuid) -> Result<Indicator> {
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

    /// Corrects an indicator. Refuses an empty name, a target that is not a
    /// number, a ratio without what is counted, and a change of rule once
    /// this office has recorded or received any figure of the plan for it.
    pub fn edit_indicator(&mut self, id: Uuid, edit: &IndicatorEdit) -> Result<Indicator> {
        let old = self.indicator(id)?;
        let new = edit.applied_to(&old)?;
        if new.aggregation.code() != old.aggregation.code() && self.has_figures(&old)? {
            return Err(StoreError::invalid(
                "Cách tổng hợp",
                format!(
                    "chỉ tiêu “{}” đã có số liệu (nhập tại đơn vị hoặc nhận từ đơn vị cấp dưới) theo cách “{}”; không đổi cách tổng hợp được nữa.",
                    old.name,
                    old.aggregation.label()
                ),
            ));
        }
        let (numerator, denominator) = match &new.aggregation {
            Aggregation::Ratio {
                numerator,
                denominator,
            } => (Some(numerator.as_str()), Some(denominator.as_str())),
            _ => (None, None),
        };
        self.write(|tx| {
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
                Some(serde_json::to_value(&old).expect("indicator serializes")),
                Some(serde_json::to_value(&new).expect("indicator serializes")),
            )
        })?;
        self.indicator(id)
    }

    /// Whether any figure exists for the indicator here: recorded by this
    /// office, or inside a report file received for its plan.
    fn has_figures(&self, indicator: &Indicator) -> Result<bool> {
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
