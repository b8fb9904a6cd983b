//! The embedded default: a demo database built from a real plan, Kế hoạch
//! 38/KH-UBND of Thái Bình province (2017), for first start and for tests.
//!
//! Until the plan importer exists the structure comes from a hand-checked
//! file (`assets/demo/`); ids are derived from its keys so that every build of
//! the demo is the same.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::model::{
    Aggregation, Direction, Indicator, Phase, Plan, PlanDocument, Task, Unit, UnitKind,
};
use crate::store::{Result, Store, StoreError};

const DEMO_JSON: &str = include_str!("../assets/demo/thai-binh-38-kh-ubnd.json");
const DEMO_SOURCE_TEXT: &str = include_str!("../tests/fixtures/seeds/003_6fafd23e193aabee.txt");
const NAMESPACE: Uuid = Uuid::from_u128(0x6b65686f_6163_685f_6465_6d6f5f763100);

#[derive(Deserialize)]
struct DemoFile {
    my_unit: String,
    officer: String,
    units: Vec<DemoUnit>,
    plan: DemoPlan,
    tasks: Vec<DemoTask>,
    indicators: Vec<DemoIndicator>,
}

#[derive(Deserialize)]
struct DemoUnit {
    key: String,
    name: String,
    short_name: String,
    kind: String,
    reports_to: Option<String>,
    admin_code: Option<String>,
}

#[derive(Deserialize)]
struct DemoPlan {
    doc_number: String,
    issued_on: NaiveDate,
    issuer: String,
    place: Option<String>,
    signer_name: Option<String>,
    signer_title: Option<String>,
    title: String,
    start_year: i32,
    end_year: i32,
    phases: Vec<Phase>,
}

#[derive(Deserialize)]
struct DemoTask {
    code: String,
    title: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    lead: Vec<String>,
    #[serde(default)]
    partners: Vec<String>,
    #[serde(default)]
    children: Vec<DemoTask>,
}

#[derive(Deserialize)]
struct DemoIndicator {
    key: String,
    task: Option<String>,
    name: String,
    measure_unit: String,
    target_value: Option<f64>,
    target_date: Option<NaiveDate>,
    direction: Direction,
    aggregation: Aggregation,
    min: Option<f64>,
    max: Option<f64>,
}

fn id(kind: &str, key: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{kind}/{key}").as_bytes())
}

fn bad(message: String) -> StoreError {
    StoreError::Invalid {
        field: "Dữ liệu mẫu",
        message,
    }
}

/// The demo plan as a document, and the unit the demo database belongs to.
pub fn demo_document() -> Result<(PlanDocument, Uuid, String)> {
    let file: DemoFile =
        serde_json::from_str(DEMO_JSON).map_err(|e| bad(format!("tệp JSON lỗi: {e}")))?;
    let unit_id = |key: &str| -> Result<Uuid> {
        file.units
            .iter()
            .any(|u| u.key == key)
            .then(|| id("unit", key))
            .ok_or_else(|| bad(format!("không có đơn vị “{key}”")))
    };
    let units = file
        .units
        .iter()
        .map(|u| {
            Ok(Unit {
                id: id("unit", &u.key),
                name: u.name.clone(),
                short_name: u.short_name.clone(),
                kind: UnitKind::parse(&u.kind)
                    .ok_or_else(|| bad(format!("loại đơn vị “{}”", u.kind)))?,
                admin_code: u.admin_code.clone(),
                reports_to: u.reports_to.as_deref().map(unit_id).transpose()?,
                valid_from: None,
                valid_to: None,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let plan_id = id("plan", &file.plan.doc_number);
    let mut tasks = Vec::new();
    fn flatten(
        t: &DemoTask,
        parent: Option<Uuid>,
        plan_id: Uuid,
        unit_id: &dyn Fn(&str) -> Result<Uuid>,
        out: &mut Vec<Task>,
    ) -> Result<()> {
        let task_id = id("task", &t.code);
        out.push(Task {
            id: task_id,
            plan_id,
            parent_id: parent,
            code: t.code.clone(),
            title: t.title.clone(),
            content: t.content.clone(),
            lead_units: t.lead.iter().map(|k| unit_id(k)).collect::<Result<_>>()?,
            partner_units: t
                .partners
                .iter()
                .map(|k| unit_id(k))
                .collect::<Result<_>>()?,
            unit_groups: Vec::new(),
            phase: None,
            deadline: None,
            source_span: None,
        });
        for c in &t.children {
            flatten(c, Some(task_id), plan_id, unit_id, out)?;
        }
        Ok(())
    }
    for t in &file.tasks {
        flatten(t, None, plan_id, &unit_id, &mut tasks)?;
    }
    let task_codes: HashMap<&str, Uuid> = tasks.iter().map(|t| (t.code.as_str(), t.id)).collect();
    let indicators = file
        .indicators
        .iter()
        .map(|i| {
            Ok(Indicator {
                id: id("indicator", &i.key),
                plan_id,
                task_id: match &i.task {
                    Some(code) => Some(
                        *task_codes
                            .get(code.as_str())
                            .ok_or_else(|| bad(format!("không có nhiệm vụ “{code}”")))?,
                    ),
                    None => None,
                },
                name: i.name.clone(),
                measure_unit: i.measure_unit.clone(),
                target_value: i.target_value,
                target_date: i.target_date,
                baseline: None,
                direction: i.direction,
                aggregation: i.aggregation.clone(),
                min: i.min,
                max: i.max,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let p = file.plan;
    let plan = Plan {
        id: plan_id,
        doc_number: p.doc_number,
        issued_on: p.issued_on,
        issuer: p.issuer,
        place: p.place,
        signer_name: p.signer_name,
        signer_title: p.signer_title,
        title: p.title,
        start_year: p.start_year,
        end_year: p.end_year,
        phases: p.phases,
        version: 1,
        content_hash: String::new(),
        source_text: Some(DEMO_SOURCE_TEXT.to_string()),
    };
    let my_unit = unit_id(&file.my_unit)?;
    Ok((
        PlanDocument {
            plan,
            units,
            tasks,
            indicators,
            schedule: Vec::new(),
            references: Vec::new(),
            recipients: Vec::new(),
        },
        my_unit,
        file.officer,
    ))
}

/// Creates the demo database at `path` (refuses an existing file).
pub fn build(path: &Path) -> Result<Store> {
    let (doc, my_unit, officer) = demo_document()?;
    Store::create_with(path, &officer, |store| {
        store.add_plan_document(&doc)?;
        store.set_my_unit(my_unit)
    })
}
