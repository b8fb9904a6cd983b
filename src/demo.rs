//! The embedded default: a demo database built from a real plan, Kế hoạch
//! 38/KH-UBND of Thái Bình province (2017), for first start and for tests.
//!
//! The administrative units around the plan (province, districts, communes)
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
pub const DEMO_PLAN_TEXT: &[u8] =
    include_bytes!("../tests/fixtures/seeds/003_6fafd23e193aabee.txt");
/// How the demo city writes its reports (the signer is fictitious).
const DEMO_REPORT_SETTINGS: [(&str, &str); 6] = [
    ("report.symbol", "BC-UBND"),
    ("report.place", "Thái Bình"),
    ("report.to", "Ủy ban nhân dân tỉnh Thái Bình"),
    ("report.signer_authority", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"),
    ("report.signer_name", "Lê Văn Minh"),
    (
        "report.distribution",
        "Như trên\nSở Lao động - Thương binh và Xã hội\nThường trực Thành ủy\nChủ tịch, các Phó Chủ tịch UBND thành phố\nLưu: VT, LĐTBXH.",
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
                valid_from: None,
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
