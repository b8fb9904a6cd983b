//! The embedded default: a demo database for first start and for tests. It
//! tells one story of the two-level government (since 1/7/2025): Hưng Yên
//! province's Kế hoạch 38/KH-UBND of 15/8/2025 for 2025–2030 (written for the
//! demo after the real plans of tests/fixtures/seeds/), followed by its Sở
//! Nội vụ, to which the province's communes report.
//!
//! The administrative units (the province, the Sở, communes that exist now)
//! come from `assets/demo/units.json`; everything else — tasks, departments,
//! indicators, schedule — is read from the plan's text by the importer, as an
//! officer would import it. Ids derive from names, so every build is the same.

use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use uuid::Uuid;

use crate::clock::Clock;
use crate::model::{Unit, UnitKind};
use crate::office::Office;
use crate::plan_import::{self, ImportReport};
use crate::store::{Result, StoreError};

const DEMO_UNITS: &str = include_str!("../assets/demo/units.json");
const DEMO_PROGRESS: &str = include_str!("../assets/demo/progress.json");
/// The plan text the demo is imported from.
pub const DEMO_PLAN_TEXT: &[u8] = include_bytes!("../assets/demo/ke-hoach.txt");
/// How the demo's Sở writes its reports (the signer is fictitious).
const DEMO_REPORT_SETTINGS: [(&str, &str); 7] = [
    ("report.parent_agency", "UBND tỉnh Hưng Yên"),
    ("report.symbol", "BC-SNV"),
    ("report.place", "Hưng Yên"),
    ("report.to", "Ủy ban nhân dân tỉnh Hưng Yên"),
    ("report.signer_authority", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"),
    ("report.signer_name", "Lê Văn Minh"),
    (
        "report.distribution",
        "Như trên\nBộ Nội vụ\nGiám đốc, các Phó Giám đốc Sở\nLưu: VT, VP.",
    ),
];
const NAMESPACE: Uuid = Uuid::from_u128(0x6b65686f_6163_685f_6465_6d6f5f763200);

#[derive(Deserialize)]
struct DemoFile {
    officer: String,
    my_unit: String,
    units: Vec<DemoUnit>,
}

#[derive(Deserialize)]
struct DemoUnit {
    name: String,
    short_name: String,
    kind: String,
    reports_to: Option<String>,
    /// "2025-07-01" for a unit formed by the 2025 reorganisation.
    #[serde(default)]
    valid_from: Option<String>,
}

fn bad(message: String) -> StoreError {
    StoreError::Invalid {
        field: "Dữ liệu mẫu",
        message,
    }
}

fn unit_id(name: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, crate::vn::match_key(name).as_bytes())
}

/// The demo's administrative units (parents first), its owner and officer.
pub fn demo_units() -> Result<(Vec<Unit>, Uuid, String)> {
    let file: DemoFile =
        serde_json::from_str(DEMO_UNITS).map_err(|e| bad(format!("tệp JSON lỗi: {e}")))?;
    let units = file
        .units
        .iter()
        .map(|u| {
            Ok(Unit {
                id: unit_id(&u.name),
                name: u.name.clone(),
                short_name: u.short_name.clone(),
                kind: UnitKind::parse(&u.kind)
                    .ok_or_else(|| bad(format!("loại đơn vị “{}”", u.kind)))?,
                admin_code: None,
                reports_to: u.reports_to.as_deref().map(unit_id),
                valid_from: u
                    .valid_from
                    .as_deref()
                    .map(|d| {
                        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                            .map_err(|_| bad(format!("ngày “{d}”")))
                    })
                    .transpose()?,
                valid_to: None,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((units, unit_id(&file.my_unit), file.officer))
}

/// The demo plan as the importer reads it, given the demo's units.
pub fn demo_plan(units: &[Unit]) -> Result<ImportReport> {
    plan_import::import_file(DEMO_PLAN_TEXT, units)
        .map_err(|e| bad(format!("không nhập được kế hoạch mẫu: {e}")))
}

#[derive(Deserialize)]
struct DemoProgress {
    due: Vec<DemoDue>,
    progress: Vec<DemoTaskProgress>,
    values: Vec<DemoValue>,
    locks: Vec<DemoLock>,
}

#[derive(Deserialize)]
struct DemoDue {
    scope: String,
    unit: String,
    kind: String,
    date: String,
    next_year: bool,
}

#[derive(Deserialize)]
struct DemoTaskProgress {
    unit: String,
    period: String,
    task: String,
    status: String,
    narrative: String,
    reason: Option<String>,
    difficulties: String,
    proposals: String,
    budget: Option<String>,
    evidence: Vec<String>,
}

#[derive(Deserialize)]
struct DemoValue {
    unit: String,
    period: String,
    indicator: usize,
    numerator: String,
    denominator: String,
}

#[derive(Deserialize)]
struct DemoLock {
    unit: String,
    period: String,
    reason: String,
}

/// Records the demo's progress, values, due dates and a signed period, as
/// an officer would.
fn record_progress(store: &mut Office, plan: Uuid) -> Result<()> {
    use crate::calendar::{DueRule, Period};
    use crate::model::ReportKind;
    use crate::store::DueScope;
    let file: DemoProgress =
        serde_json::from_str(DEMO_PROGRESS).map_err(|e| bad(format!("tệp JSON lỗi: {e}")))?;
    let period = |s: &str| Period::parse(s).map_err(|e| bad(e.to_string()));
    for d in &file.due {
        let unit = unit_id(&d.unit);
        let scope = if d.scope == "children" {
            DueScope::ChildrenOf(unit)
        } else {
            DueScope::Unit(unit)
        };
        let kind =
            ReportKind::parse(&d.kind).ok_or_else(|| bad(format!("loại báo cáo “{}”", d.kind)))?;
        let (day, month) = d
            .date
            .split_once('/')
            .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
            .ok_or_else(|| bad(format!("ngày “{}”", d.date)))?;
        store.set_due(
            plan,
            scope,
            kind,
            DueRule {
                day,
                month,
                next_year: d.next_year,
            },
        )?;
    }
    for p in &file.progress {
        let task = store.task_by_code(plan, &p.task)?.task.id;
        let input = crate::input::ProgressInput {
            status: p.status.clone(),
            reason: p.reason.clone(),
            narrative: p.narrative.clone(),
            difficulties: p.difficulties.clone(),
            proposals: p.proposals.clone(),
            budget: p.budget.clone(),
            evidence: p.evidence.clone(),
        };
        store.set_progress(task, unit_id(&p.unit), &period(&p.period)?, &input)?;
    }
    let indicators = store.indicators(plan)?;
    for v in &file.values {
        let ind = indicators
            .get(v.indicator - 1)
            .ok_or_else(|| bad(format!("chỉ tiêu số {}", v.indicator)))?;
        let input = crate::input::ValueInput {
            numerator: Some(v.numerator.clone()),
            denominator: Some(v.denominator.clone()),
            ..Default::default()
        };
        store.set_value(ind.id, unit_id(&v.unit), &period(&v.period)?, &input)?;
    }
    for l in &file.locks {
        store.lock_period(plan, unit_id(&l.unit), &period(&l.period)?, &l.reason)?;
    }
    Ok(())
}

/// Creates the demo database at `path` (refuses an existing file).
pub fn build(path: &Path, clock: Arc<dyn Clock>) -> Result<Office> {
    let (units, my_unit, officer) = demo_units()?;
    let report = demo_plan(&units)?;
    let plan = report.document.plan.id;
    Office::create_with(path, &officer, clock, |office| {
        for u in &units {
            office.add_unit(u)?;
        }
        office.import_plan(&report.document)?;
        office.set_my_unit(my_unit)?;
        for (key, value) in DEMO_REPORT_SETTINGS {
            office.set_report_setting(key, value)?;
        }
        record_progress(office, plan)
    })
}
