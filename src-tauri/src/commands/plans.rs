use std::path::Path;

use serde::Serialize;
use tauri::{Emitter, State};
use uuid::Uuid;

use kehoach::model::{Aggregation, Direction, Indicator, PlanSummary, TaskNode};
use kehoach::office::PlanImportOutcome;
use kehoach::office::{Dashboard, PlanPeriods};
use kehoach::plan_import::review::PlanCorrection;
use kehoach::plan_import::Supplied;
use kehoach::store::TaskFilter;

use super::{header, RawFile};
use crate::error::{ApiError, ApiResult};
use crate::AppState;

#[tauri::command(async)]
pub fn list_plans(state: State<AppState>) -> ApiResult<Vec<PlanSummary>> {
    state.with_store(|s| s.plans())
}

#[tauri::command(async)]
pub fn task_tree(state: State<AppState>, plan_id: Uuid) -> ApiResult<Vec<TaskNode>> {
    state.with_store(|s| s.task_tree(plan_id))
}

#[tauri::command(async)]
pub fn search_tasks(
    state: State<AppState>,
    plan_id: Uuid,
    query: String,
) -> ApiResult<Vec<TaskNode>> {
    state.with_store(|s| {
        s.tasks(&TaskFilter {
            plan: Some(plan_id),
            unit: None,
            search: Some(query),
        })
    })
}

#[derive(Serialize)]
pub struct PlanImported {
    outcome: PlanImportOutcome,
    warnings: Vec<String>,
    new_units: usize,
    signed: Option<bool>,
}

/// Reads a plan file (text, .docx, or a plan PDF from above), makes the
/// corrections from the review and stores it.
/// A scan is read (OCR) before the database is taken, page by page, each
/// page said to the window as a `scan-progress` event {page, pages}: the
/// window shows it and stays usable; the reading after takes it as read.
fn read_scan_first(window: &tauri::Window, bytes: &[u8]) -> ApiResult<()> {
    #[derive(Clone, Serialize)]
    struct Progress {
        page: usize,
        pages: usize,
    }
    kehoach::office::prepare_scan(bytes, &mut |done, pages| {
        let _ = window.emit("scan-progress", Progress { page: done, pages });
    })
    .map_err(Into::into)
}

#[tauri::command(async)]
pub fn import_plan(
    window: tauri::Window,
    state: State<AppState>,
    request: tauri::ipc::Request<'_>,
) -> ApiResult<PlanImported> {
    let (file, corrections, supplied) = reviewed_file(&request)?;
    read_scan_first(&window, file.bytes)?;
    state.with_store(|s| -> Result<_, kehoach::OfficeError> {
        let (report, outcome, signed) = s.import_plan_file(file.bytes, &corrections, &supplied)?;
        Ok(PlanImported {
            outcome,
            warnings: report.warnings,
            new_units: report.new_units.len(),
            signed,
        })
    })
}

/// Assigns the units that lead and take part in a task (the officer's
/// correction of the imported plan; audited).
#[tauri::command(async)]
pub fn task_assign(
    state: State<AppState>,
    task_id: Uuid,
    lead_units: Vec<Uuid>,
    partner_units: Vec<Uuid>,
) -> ApiResult<TaskNode> {
    state.with_store(|s| {
        s.edit_task(
            task_id,
            &kehoach::plan_import::review::TaskEdit {
                title: None,
                content: None,
                lead_units: Some(lead_units),
                partner_units: Some(partner_units),
            },
        )
    })
}

/// The plan file under review, sent raw (a .docx may be megabytes, read
/// again at each correction), with the review's corrections as URL-encoded
/// JSON in the `x-corrections` header.
fn reviewed_file<'a>(
    request: &'a tauri::ipc::Request<'_>,
) -> ApiResult<(RawFile<'a>, Vec<PlanCorrection>, Supplied)> {
    let file = RawFile::of(request)?;
    let supplied = supplied(request)?;
    let text = percent_encoding::percent_decode_str(header(request, "x-corrections"))
        .decode_utf8_lossy()
        .into_owned();
    if text.trim().is_empty() {
        return Ok((file, Vec::new(), supplied));
    }
    let corrections = serde_json::from_str(&text).map_err(|e| ApiError {
        code: "invalid",
        message: format!("Những chỗ sửa gửi kèm không đọc được: {e}"),
    })?;
    Ok((file, corrections, supplied))
}

/// What the officer typed for a plan whose text does not say it: the
/// `x-supplied` header, URL-encoded JSON {number, issued_on, issuer} as typed.
fn supplied(request: &tauri::ipc::Request<'_>) -> ApiResult<Supplied> {
    let text = percent_encoding::percent_decode_str(header(request, "x-supplied"))
        .decode_utf8_lossy()
        .into_owned();
    if text.trim().is_empty() {
        return Ok(Supplied::default());
    }
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct Typed {
        number: String,
        issued_on: String,
        issuer: String,
    }
    let typed: Typed = serde_json::from_str(&text).map_err(|e| ApiError {
        code: "invalid",
        message: format!("Thông tin kế hoạch gửi kèm không đọc được: {e}"),
    })?;
    Ok(
        Supplied::from_typed(&typed.number, &typed.issued_on, &typed.issuer)
            .map_err(kehoach::StoreError::from)?,
    )
}

#[derive(Serialize)]
pub struct PlanReview {
    #[serde(flatten)]
    preview: kehoach::office::PlanPreview,
    /// The combining rules an indicator may take (for its correction form).
    rules: Vec<RuleOption>,
}

/// Reads a plan file for review with the corrections made so far; stores
/// nothing.
#[tauri::command(async)]
pub fn preview_plan(
    window: tauri::Window,
    state: State<AppState>,
    request: tauri::ipc::Request<'_>,
) -> ApiResult<PlanReview> {
    let (file, corrections, supplied) = reviewed_file(&request)?;
    read_scan_first(&window, file.bytes)?;
    state.with_store(|s| {
        Ok::<_, kehoach::OfficeError>(PlanReview {
            preview: kehoach::office::preview_plan(Some(s), file.bytes, &corrections, &supplied)?,
            rules: rule_options(),
        })
    })
}

#[tauri::command(async)]
pub fn dashboard(state: State<AppState>, plan_id: Uuid) -> ApiResult<Dashboard> {
    let today = state.today();
    state.with_store(|s| s.dashboard(plan_id, s.my_unit_id()?, today))
}

/// The plan's reporting periods, for the period chooser.
#[tauri::command(async)]
pub fn plan_periods(state: State<AppState>, plan_id: Uuid) -> ApiResult<PlanPeriods> {
    let today = state.today();
    state.with_store(|s| s.plan_periods(plan_id, s.my_unit_id()?, today))
}

/// Corrects a task's title and content (audited).
#[tauri::command(async)]
pub fn task_edit(
    state: State<AppState>,
    task_id: Uuid,
    title: String,
    content: String,
) -> ApiResult<TaskNode> {
    state.with_store(|s| {
        s.edit_task(
            task_id,
            &kehoach::plan_import::review::TaskEdit {
                title: Some(title),
                content: Some(content),
                lead_units: None,
                partner_units: None,
            },
        )
    })
}

#[derive(Serialize)]
pub struct IndicatorRow {
    indicator: Indicator,
    direction_label: &'static str,
    rule_label: &'static str,
    target_label: String,
    target_text: String,
}

#[derive(Serialize)]
pub struct RuleOption {
    code: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
pub struct PlanIndicators {
    indicators: Vec<IndicatorRow>,
    rules: Vec<RuleOption>,
}

fn rule_options() -> Vec<RuleOption> {
    Aggregation::each()
        .iter()
        .map(|a| RuleOption {
            code: a.code(),
            label: a.label(),
        })
        .collect()
}

/// A plan's indicators with their rules in words, for the plan screen.
#[tauri::command(async)]
pub fn plan_indicators(state: State<AppState>, plan_id: Uuid) -> ApiResult<PlanIndicators> {
    let rules = rule_options();
    state.with_store(|s| {
        Ok::<_, kehoach::StoreError>(PlanIndicators {
            indicators: s
                .indicators(plan_id)?
                .into_iter()
                .map(|i| IndicatorRow {
                    direction_label: i.direction.label(),
                    rule_label: i.aggregation.label(),
                    target_label: kehoach::label::target(&i),
                    target_text: kehoach::label::figure_to_edit(i.target_value),
                    indicator: i,
                })
                .collect(),
            rules,
        })
    })
}

/// Corrects an indicator (audited; the rule is fixed once figures exist).
#[tauri::command(async)]
pub fn indicator_edit(
    state: State<AppState>,
    indicator_id: Uuid,
    name: String,
    measure_unit: String,
    target: String,
    direction: Direction,
    aggregation: Aggregation,
) -> ApiResult<Indicator> {
    let edit = kehoach::plan_import::review::IndicatorEdit {
        name,
        measure_unit,
        target,
        direction,
        aggregation,
    };
    state.with_store(|s| s.edit_indicator(indicator_id, &edit))
}

/// Where "Ký và lưu tệp kế hoạch…" proposes to save the plan file.
#[tauri::command(async)]
pub fn plan_save_suggestion(state: State<AppState>, plan_id: Uuid) -> ApiResult<String> {
    state.with_store(|s| {
        s.plan_file_name(plan_id)
            .map(|name| state.export_dir.join(name).display().to_string())
    })
}

fn sign_options(s: &kehoach::Office) -> kehoach::sign::SignOptions<'static> {
    let vn = chrono::FixedOffset::east_opt(7 * 3600).expect("offset");
    kehoach::sign::SignOptions::at(s.now().with_timezone(&vn))
}

/// The plan file to send down, signed with a .p12 file (the password is
/// used once), written where the officer chose. Returns the warnings.
#[tauri::command(async)]
pub fn plan_export_signed(
    state: State<AppState>,
    plan_id: Uuid,
    path: String,
    p12: Vec<u8>,
    password: String,
) -> ApiResult<Vec<String>> {
    let key = kehoach::sign::P12Signer::open(&p12, &password)?;
    drop(password);
    state.with_store(|s| s.export_signed_plan_to(plan_id, &key, &sign_options(s), Path::new(&path)))
}

/// The same, signed with a USB token (the PIN is used for one login).
#[tauri::command(async)]
pub fn plan_export_signed_token(
    state: State<AppState>,
    plan_id: Uuid,
    path: String,
    module: String,
    slot: Option<u64>,
    pin: String,
) -> ApiResult<Vec<String>> {
    let key = kehoach::sign::token::TokenSigner::open(Path::new(&module), slot, &pin)?;
    drop(pin);
    state.with_store(|s| s.export_signed_plan_to(plan_id, &key, &sign_options(s), Path::new(&path)))
}
