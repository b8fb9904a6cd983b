//! The officer's corrections to a plan as read, made in the review before
//! it is stored: a task's title, content or lead units; an indicator's name,
//! unit, target, direction or rule; an item that is not the plan's (a
//! heading read as a task) left out. Pure: the document as read and the
//! corrections come in, the document to store comes out, or a message
//! naming the item. The same checks as corrections after storing
//! ([`TaskEdit`], [`IndicatorEdit`]).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{IndicatorEdit, Result, StoreError, TaskEdit};
use crate::model::{Aggregation, Direction, PlanDocument};
use crate::vn;

/// How the review names an indicator: "CT1" is the first the import read.
pub fn indicator_item(index: usize) -> String {
    format!("CT{}", index + 1)
}

/// One correction, naming its item as the review shows it: a task by its
/// code in the plan ("II.1.a"), an indicator as "CT3". `None` leaves a
/// field as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanCorrection {
    Task {
        item: String,
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        content: Option<String>,
        #[serde(default)]
        lead_units: Option<Vec<Uuid>>,
        #[serde(default)]
        partner_units: Option<Vec<Uuid>>,
    },
    Indicator {
        item: String,
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        measure_unit: Option<String>,
        /// As typed, the Vietnamese way ("1.234,5"); empty: no target.
        #[serde(default)]
        target: Option<String>,
        #[serde(default)]
        direction: Option<Direction>,
        #[serde(default)]
        aggregation: Option<Aggregation>,
    },
    /// A new name for a task (its title) or an indicator.
    Rename { item: String, title: String },
    /// Leaves the item out; a task goes with the tasks under it, and the
    /// indicators written in it stay as the plan's own.
    Drop { item: String },
}

impl PlanCorrection {
    pub fn item(&self) -> &str {
        match self {
            PlanCorrection::Task { item, .. }
            | PlanCorrection::Indicator { item, .. }
            | PlanCorrection::Rename { item, .. }
            | PlanCorrection::Drop { item } => item,
        }
    }
}

const FIELD: &str = "Sửa trước khi lưu";

enum Item {
    Task(usize),
    Indicator(usize),
}

fn find(doc: &PlanDocument, item: &str) -> Result<Item> {
    let wanted = vn::nfc(item.trim());
    let tasks: Vec<usize> = (0..doc.tasks.len())
        .filter(|&i| doc.tasks[i].code == wanted)
        .collect();
    if let [i] = tasks[..] {
        return Ok(Item::Task(i));
    }
    if tasks.len() > 1 {
        return Err(StoreError::invalid(
            FIELD,
            format!(
                "có {} nhiệm vụ cùng mã “{wanted}”; không biết sửa nhiệm vụ nào.",
                tasks.len()
            ),
        ));
    }
    if let Some(i) = (0..doc.indicators.len()).find(|&i| indicator_item(i) == wanted) {
        return Ok(Item::Indicator(i));
    }
    Err(StoreError::invalid(
        FIELD,
        format!("không có mục “{wanted}” trong kế hoạch vừa đọc (nhiệm vụ ghi theo mã như II.1, chỉ tiêu như CT1)."),
    ))
}

/// The plan to store: `doc` (as read) with the corrections made, in order.
/// `known_units` are the units already stored; a lead unit must be one of
/// them or one the plan adds. Nothing is changed on an error.
pub fn corrected(
    doc: &PlanDocument,
    known_units: &HashSet<Uuid>,
    corrections: &[PlanCorrection],
) -> Result<PlanDocument> {
    let mut d = doc.clone();
    let mut dropped_tasks: HashSet<Uuid> = HashSet::new();
    let mut dropped_indicators: HashSet<Uuid> = HashSet::new();
    for c in corrections {
        let c = &match c {
            PlanCorrection::Rename { item, title } => match find(doc, item)? {
                Item::Task(_) => PlanCorrection::Task {
                    item: item.clone(),
                    title: Some(title.clone()),
                    content: None,
                    lead_units: None,
                    partner_units: None,
                },
                Item::Indicator(_) => PlanCorrection::Indicator {
                    item: item.clone(),
                    name: Some(title.clone()),
                    measure_unit: None,
                    target: None,
                    direction: None,
                    aggregation: None,
                },
            },
            other => other.clone(),
        };
        let named = |what: &str| format!("{what} {}", c.item().trim());
        match (c, find(doc, c.item())?) {
            (PlanCorrection::Drop { .. }, Item::Task(i)) => {
                dropped_tasks.insert(doc.tasks[i].id);
            }
            (PlanCorrection::Drop { .. }, Item::Indicator(i)) => {
                dropped_indicators.insert(doc.indicators[i].id);
            }
            (
                PlanCorrection::Task {
                    title,
                    content,
                    lead_units,
                    partner_units,
                    ..
                },
                Item::Task(i),
            ) => {
                for u in lead_units.iter().chain(partner_units).flatten() {
                    if !known_units.contains(u) && !d.units.iter().any(|k| k.id == *u) {
                        return Err(StoreError::invalid(
                            FIELD,
                            format!(
                                "{}: đơn vị {u} không có trong danh sách đơn vị.",
                                named("nhiệm vụ")
                            ),
                        ));
                    }
                }
                let edit = TaskEdit {
                    title: title.clone(),
                    content: content.clone(),
                    lead_units: lead_units.clone(),
                    partner_units: partner_units.clone(),
                };
                d.tasks[i] = edit
                    .applied_to(&d.tasks[i])
                    .map_err(|e| naming(e, &named("nhiệm vụ")))?;
            }
            (
                PlanCorrection::Indicator {
                    name,
                    measure_unit,
                    target,
                    direction,
                    aggregation,
                    ..
                },
                Item::Indicator(i),
            ) => {
                let old = &d.indicators[i];
                let edit = IndicatorEdit {
                    name: name.clone().unwrap_or(old.name.clone()),
                    measure_unit: measure_unit.clone().unwrap_or(old.measure_unit.clone()),
                    target: target.clone().unwrap_or_else(|| {
                        old.target_value
                            .map(|v| vn::format_decimal(v, 6))
                            .unwrap_or_default()
                    }),
                    direction: direction.unwrap_or(old.direction),
                    aggregation: aggregation.clone().unwrap_or(old.aggregation.clone()),
                };
                d.indicators[i] = edit
                    .applied_to(old)
                    .map_err(|e| naming(e, &named("chỉ tiêu")))?;
            }
            (PlanCorrection::Task { item, .. }, Item::Indicator(_)) => {
                return Err(StoreError::invalid(
                    FIELD,
                    format!("“{item}” là một chỉ tiêu, không phải nhiệm vụ."),
                ))
            }
            (PlanCorrection::Indicator { item, .. }, Item::Task(_)) => {
                return Err(StoreError::invalid(
                    FIELD,
                    format!("“{item}” là một nhiệm vụ, không phải chỉ tiêu."),
                ))
            }
            (PlanCorrection::Rename { .. }, _) => unreachable!("made a task or indicator above"),
        }
    }
    // A dropped task takes the tasks under it (parents come first).
    for t in &doc.tasks {
        if t.parent_id.is_some_and(|p| dropped_tasks.contains(&p)) {
            dropped_tasks.insert(t.id);
        }
    }
    d.tasks.retain(|t| !dropped_tasks.contains(&t.id));
    d.indicators.retain(|i| !dropped_indicators.contains(&i.id));
    for ind in &mut d.indicators {
        if ind.task_id.is_some_and(|t| dropped_tasks.contains(&t)) {
            ind.task_id = None;
        }
    }
    if d.tasks.is_empty() && !doc.tasks.is_empty() {
        return Err(StoreError::invalid(
            FIELD,
            "đã bỏ hết các nhiệm vụ; một kế hoạch cần ít nhất một nhiệm vụ.",
        ));
    }
    Ok(d)
}

/// The store's message, saying which item it is about.
fn naming(e: StoreError, item: &str) -> StoreError {
    match e {
        StoreError::Invalid { field, message } => StoreError::invalid(
            FIELD,
            format!("{item}, {}: {message}", field.to_lowercase()),
        ),
        other => other,
    }
}
