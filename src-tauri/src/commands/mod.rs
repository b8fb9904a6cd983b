//! The window's calls, grouped by area. Each is a one-line call into the core.

pub mod entry;
pub mod exchange;
pub mod plans;
pub mod reports;
pub mod settings;
pub mod units;

use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::ApiResult;
use crate::AppState;

#[derive(Serialize)]
pub struct AppStatus {
    first_run: bool,
    unit_kinds: Vec<units::KindOption>,
    db_path: String,
    my_unit: Option<kehoach::model::Unit>,
    app_version: &'static str,
    today: chrono::NaiveDate,
    export_dir: String,
}

/// A file the officer picked in the window, with its bytes (small files:
/// they cross as JSON).
#[derive(Deserialize)]
pub struct PickedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A file the page sends raw (`sendFile` in ui/common.js): its bytes are
/// the body, its name is URL-encoded in the `x-file-name` header. Large
/// files (a batch of reports, a backup) cross without becoming JSON.
pub struct RawFile<'a> {
    pub name: String,
    pub bytes: &'a [u8],
}

impl<'a> RawFile<'a> {
    pub fn of(request: &'a tauri::ipc::Request<'_>) -> ApiResult<RawFile<'a>> {
        let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
            return Err(crate::error::ApiError {
                code: "invalid",
                message: "Tệp phải được gửi nguyên dạng nhị phân.".into(),
            });
        };
        let name = percent_encoding::percent_decode_str(header(request, "x-file-name"))
            .decode_utf8_lossy()
            .into_owned();
        Ok(RawFile { name, bytes })
    }
}

/// A header of a raw request ("" when absent).
pub fn header<'a>(request: &'a tauri::ipc::Request<'_>, name: &str) -> &'a str {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Which database is open and whose it is (none yet on first run); the
/// error if it could not open.
#[tauri::command(async)]
pub fn app_status(state: State<AppState>) -> ApiResult<AppStatus> {
    let my_unit = match state.with_store(|s| s.my_unit_id().and_then(|id| s.unit(id))) {
        Ok(unit) => Some(unit),
        Err(e) if e.code == "first_run" => None,
        Err(e) => return Err(e),
    };
    Ok(AppStatus {
        first_run: my_unit.is_none(),
        unit_kinds: units::kind_options(),
        db_path: state.db_path.display().to_string(),
        my_unit,
        app_version: kehoach::APP_VERSION,
        today: state.today(),
        export_dir: state.export_dir.display().to_string(),
    })
}

/// Which items of a list its search box keeps (the core's matching rule:
/// diacritics ignored, words from their start).
#[tauri::command(async)]
pub fn search_filter(texts: Vec<String>, query: String) -> Vec<bool> {
    kehoach::vn::filter_matches(&texts, &query)
}

/// First run: creates the database of the officer's own unit.
#[tauri::command(async)]
pub fn setup_create(
    state: State<AppState>,
    name: String,
    kind: kehoach::model::UnitKind,
    officer: String,
) -> ApiResult<()> {
    let unit = kehoach::model::Unit::new(&name, kind);
    state.create_database(|path, clock| kehoach::Office::create(path, &unit, &officer, clock))
}

/// First run: creates the demo database (the Thái Bình plan) to try things.
#[tauri::command(async)]
pub fn setup_demo(state: State<AppState>) -> ApiResult<()> {
    state.create_database(kehoach::Office::create_demo)
}

/// The window has drawn its first screen with data. With
/// `--report-startup`, prints how long that took and the resident memory,
/// then quits.
#[tauri::command(async)]
pub fn ui_ready(state: State<AppState>, app: tauri::AppHandle) {
    if !state.report_startup {
        return;
    }
    // This process, and with it the WebKit processes it started (the page
    // and the network process), which are the window's memory too.
    let field = |status: &str, name: &str| -> Option<u64> {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
    };
    let me = std::process::id() as u64;
    let own = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let own_kb = field(&own, "VmRSS:").unwrap_or(0);
    // Shared libraries counted once across them: proportional set size.
    let pss = |dir: &std::path::Path| {
        std::fs::read_to_string(dir.join("smaps_rollup"))
            .ok()
            .and_then(|s| field(&s, "Pss:"))
            .unwrap_or(0)
    };
    let children_pss: u64 = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| {
            std::fs::read_to_string(e.path().join("status"))
                .is_ok_and(|st| field(&st, "PPid:") == Some(me))
        })
        .map(|e| pss(&e.path()))
        .sum();
    let own_pss = pss(std::path::Path::new("/proc/self"));
    println!(
        "ready_ms={} rss_mb={:.1} pss_with_webkit_mb={:.1}",
        state.started.elapsed().as_millis(),
        own_kb as f64 / 1024.0,
        (own_pss + children_pss) as f64 / 1024.0
    );
    app.exit(0);
}
