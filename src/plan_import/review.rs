//! The officer's corrections to a plan as read, made in the review before
//! it is stored: a task's title, content or lead units; an indicator's name,
//! unit, target, direction or rule; an item that is not the plan's (a
//! heading read as a task) left out. Pure: the document as read and the
//! corrections come in, the document to store comes out, or a message
//! naming the item. The same checks as corrections after storing
//! ([`TaskEdit`], [`IndicatorEdit`], also used there).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::{Aggregation, Direction, Indicator, Invalid, PlanDocument, Task};
use crate::vn;

/// An officer's correction of an imported task; `None` leaves a field as is.
#[derive(Debug, Clone, Default)]
pub struct TaskEdit {
    pub title: Option<String>,
    pub content: Option<String>,
    pub lead_units: Option<Vec<Uuid>>,
    pub partner_units: Option<Vec<Uuid>>,
}

impl TaskEdit {
    /// The task with this correction made: text cleaned, an empty title
    /// refused, a lead unit never also a partner. Whether the units exist
    /// is the caller's check (stored units, or those of a plan being read).
    pub fn applied_to(&self, old: &Task) -> Result<Task, Invalid> {
        let title = self
            .title
            .as_deref()
            .map(vn::clean)
            .unwrap_or(old.title.clone());
        if title.is_empty() {
            return Err(Invalid::new("Tên nhiệm vụ", "không được để trống."));
        }
        let mut new = old.clone();
        new.title = title;
        if let Some(c) = &self.content {
            new.content = vn::nfc(c.trim());
        }
        if let Some(l) = &self.lead_units {
            new.lead_units = l.clone();
        }
        if let Some(p) = &self.partner_units {
            new.partner_units = p.clone();
        }
        let leads = new.lead_units.clone();
        new.partner_units.retain(|u| !leads.contains(u));
        Ok(new)
    }
}

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
    /// rule may still change is the office's check.
    pub fn applied_to(&self, old: &Indicator) -> Result<Indicator, Invalid> {
        let name = vn::clean(&self.name);
        if name.is_empty() {
            return Err(Invalid::new("Tên chỉ tiêu", "không được để trống."));
        }
        let target = match self.target.trim() {
            "" => None,
            t => Some(
                vn::parse_number(t).map_err(|e| Invalid::new("Chỉ tiêu cần đạt", e.to_string()))?,
            ),
        };
        let aggregation = match &self.aggregation {
            Aggregation::Ratio {
                numerator,
                denominator,
            } => {
                let (n, d) = (vn::clean(numerator), vn::clean(denominator));
                if n.is_empty() || d.is_empty() {
                    return Err(Invalid::new(
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

fn find(doc: &PlanDocument, item: &str) -> Result<Item, Invalid> {
    let wanted = vn::nfc(item.trim());
    let tasks: Vec<usize> = (0..doc.tasks.len())
        .filter(|&i| doc.tasks[i].code == wanted)
        .collect();
    if let [i] = tasks[..] {
        return Ok(Item::Task(i));
    }
    if tasks.len() > 1 {
        return Err(Invalid::new(
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
    Err(Invalid::new(
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
) -> Result<PlanDocument, Invalid> {
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
                        return Err(Invalid::new(
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
                return Err(Invalid::new(
                    FIELD,
                    format!("“{item}” là một chỉ tiêu, không phải nhiệm vụ."),
                ))
            }
            (PlanCorrection::Indicator { item, .. }, Item::Task(_)) => {
                return Err(Invalid::new(
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
        return Err(Invalid::new(
            FIELD,
            "đã bỏ hết các nhiệm vụ; một kế hoạch cần ít nhất một nhiệm vụ.",
        ));
    }
    Ok(d)
}

/// The check's message, saying which item it is about.
fn naming(e: Invalid, item: &str) -> Invalid {
    Invalid::new(
        FIELD,
        format!("{item}, {}: {}", e.field.to_lowercase(), e.message),
    )
}

/// NFC and trims every text of the document, then checks that it hangs
/// together: tasks listed parents first, every unit named is known.
pub fn normalized(
    doc: &PlanDocument,
    known_units: &HashSet<Uuid>,
) -> Result<PlanDocument, Invalid> {
    let mut d = doc.clone();
    let p = &mut d.plan;
    p.doc_number = vn::clean(&p.doc_number);
    p.issuer = vn::clean(&p.issuer);
    p.title = vn::clean(&p.title);
    p.place = p.place.as_deref().map(vn::clean);
    p.signer_name = p.signer_name.as_deref().map(vn::clean);
    p.signer_title = p.signer_title.as_deref().map(vn::nfc);
    p.source_text = p.source_text.as_deref().map(vn::nfc);
    if p.doc_number.is_empty() {
        return Err(Invalid::new("Số, ký hiệu kế hoạch", "không được để trống."));
    }
    if p.title.is_empty() {
        return Err(Invalid::new("Trích yếu kế hoạch", "không được để trống."));
    }
    if p.start_year > p.end_year {
        return Err(Invalid::new(
            "Thời gian thực hiện",
            format!(
                "năm bắt đầu {} sau năm kết thúc {}.",
                p.start_year, p.end_year
            ),
        ));
    }
    for ph in &mut p.phases {
        ph.name = vn::clean(&ph.name);
    }
    let mut units: HashSet<Uuid> = known_units.clone();
    units.extend(d.units.iter().map(|u| u.id));
    let mut seen = HashSet::new();
    for t in &mut d.tasks {
        t.code = vn::clean(&t.code);
        t.title = vn::clean(&t.title);
        t.content = vn::nfc(t.content.trim());
        t.phase = t.phase.as_deref().map(vn::clean);
        if t.plan_id != d.plan.id {
            return Err(Invalid::new(
                "Nhiệm vụ",
                format!("“{}” thuộc kế hoạch khác.", t.code),
            ));
        }
        if let Some(parent) = t.parent_id {
            if !seen.contains(&parent) {
                return Err(Invalid::new(
                    "Nhiệm vụ",
                    format!("“{}” đứng trước nhiệm vụ cha của nó.", t.code),
                ));
            }
        }
        if let Some(u) = t
            .lead_units
            .iter()
            .chain(&t.partner_units)
            .find(|u| !units.contains(u))
        {
            return Err(Invalid::new(
                "Đơn vị thực hiện",
                format!(
                    "nhiệm vụ “{}” nêu đơn vị {u} chưa có trong danh sách.",
                    t.code
                ),
            ));
        }
        seen.insert(t.id);
    }
    for i in &mut d.indicators {
        i.name = vn::clean(&i.name);
        i.measure_unit = vn::clean(&i.measure_unit);
        if i.name.is_empty() {
            return Err(Invalid::new("Tên chỉ tiêu", "không được để trống."));
        }
        if let Some(t) = i.task_id {
            if !seen.contains(&t) {
                return Err(Invalid::new(
                    "Chỉ tiêu",
                    format!("“{}” gắn với một nhiệm vụ không có trong kế hoạch.", i.name),
                ));
            }
        }
    }
    Ok(d)
}

/// New units in an order where every parent comes before its children.
pub fn sort_parents_first<'a>(
    new_units: &'a [crate::model::Unit],
    known: &HashSet<Uuid>,
) -> Result<Vec<&'a crate::model::Unit>, Invalid> {
    let mut pending: Vec<&crate::model::Unit> = new_units.iter().collect();
    let mut ordered = Vec::with_capacity(pending.len());
    let mut placed = known.clone();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|u| {
            let ready = u.reports_to.is_none_or(|p| placed.contains(&p));
            if ready {
                placed.insert(u.id);
                ordered.push(*u);
            }
            !ready
        });
        if pending.len() == before {
            return Err(Invalid::new(
                "Đơn vị",
                format!(
                    "“{}” trực thuộc một đơn vị không có trong danh sách.",
                    pending[0].name
                ),
            ));
        }
    }
    Ok(ordered)
}

/// What changed between two versions of a plan, in the officer's words.
pub fn diff(old: &PlanDocument, new: &PlanDocument) -> Vec<String> {
    let mut out = Vec::new();
    let (o, n) = (&old.plan, &new.plan);
    if o.title != n.title {
        out.push(format!("Trích yếu: “{}” → “{}”", o.title, n.title));
    }
    if (o.start_year, o.end_year) != (n.start_year, n.end_year) {
        out.push(format!(
            "Thời gian thực hiện: {}-{} → {}-{}",
            o.start_year, o.end_year, n.start_year, n.end_year
        ));
    }
    for t in &new.tasks {
        match old.tasks.iter().find(|x| x.code == t.code) {
            None => out.push(format!("Thêm nhiệm vụ {} {}", t.code, t.title)),
            Some(x) if x.title != t.title || x.content != t.content => {
                out.push(format!("Sửa nhiệm vụ {} {}", t.code, t.title))
            }
            Some(x) if x.lead_units != t.lead_units || x.partner_units != t.partner_units => {
                out.push(format!("Đổi đơn vị thực hiện nhiệm vụ {}", t.code))
            }
            _ => {}
        }
    }
    for t in &old.tasks {
        if !new.tasks.iter().any(|x| x.code == t.code) {
            out.push(format!("Bỏ nhiệm vụ {} {}", t.code, t.title));
        }
    }
    for i in &new.indicators {
        match old.indicators.iter().find(|x| x.name == i.name) {
            None => out.push(format!("Thêm chỉ tiêu “{}”", i.name)),
            Some(x) if x.target_value != i.target_value || x.target_date != i.target_date => {
                out.push(format!("Đổi mục tiêu của chỉ tiêu “{}”", i.name))
            }
            _ => {}
        }
    }
    for i in &old.indicators {
        if !new.indicators.iter().any(|x| x.name == i.name) {
            out.push(format!("Bỏ chỉ tiêu “{}”", i.name));
        }
    }
    if old.schedule != new.schedule {
        out.push("Lịch báo cáo thay đổi".into());
    }
    if out.is_empty() {
        out.push("Thay đổi nhỏ trong lời văn".into());
    }
    out
}
