//! The desktop shell: opens the database, then serves the window's calls.
//! Commands are one-line calls into the `kehoach` core; no business rule here.

mod commands;
mod error;

use std::path::PathBuf;
use std::sync::Mutex;

use error::ApiError;

/// The database behind the window.
pub enum Database {
    Open(kehoach::Office),
    /// No file yet at the path: the window asks whose database to create.
    Missing,
    /// The file is there but could not be opened (shown in the window).
    Failed(ApiError),
}

/// The open database, or why it could not be opened (shown in the window).
pub struct AppState {
    database: Mutex<Database>,
    /// The database path held alone for the life of the window: no other
    /// kehoach process opens it meanwhile (`kehoach::store::Hold`).
    _hold: Option<std::sync::Arc<kehoach::store::Hold>>,
    db_path: PathBuf,
    /// `--today DD/MM/YYYY` for reproducible runs; else the machine's date.
    today: Option<chrono::NaiveDate>,
    /// Where exported files go (`--export-dir`, else Documents/kehoach).
    export_dir: PathBuf,
    /// `--report-startup`: print the time to an interactive dashboard and
    /// the memory in use, then quit (the startup benchmark).
    report_startup: bool,
    started: std::time::Instant,
    /// The computer's clock: every date and time the window's work carries.
    clock: std::sync::Arc<dyn kehoach::Clock>,
}

impl AppState {
    fn with_store<T, E: Into<ApiError>>(
        &self,
        f: impl FnOnce(&mut kehoach::Office) -> Result<T, E>,
    ) -> error::ApiResult<T> {
        let mut guard = self.database.lock().unwrap_or_else(|p| p.into_inner());
        match &mut *guard {
            Database::Open(store) => f(store).map_err(Into::into),
            Database::Missing => Err(ApiError::first_run(&self.db_path)),
            Database::Failed(e) => Err(e.clone()),
        }
    }

    /// Puts a database made by `create` at the path, once, on first run.
    fn create_database(
        &self,
        create: impl FnOnce(
            &std::path::Path,
            std::sync::Arc<dyn kehoach::Clock>,
        ) -> Result<kehoach::Office, kehoach::StoreError>,
    ) -> error::ApiResult<()> {
        let mut guard = self.database.lock().unwrap_or_else(|p| p.into_inner());
        if !matches!(*guard, Database::Missing) {
            return Err(kehoach::StoreError::AlreadyExists(self.db_path.clone()).into());
        }
        *guard = Database::Open(create(&self.db_path, self.clock.clone())?);
        Ok(())
    }

    fn today(&self) -> chrono::NaiveDate {
        self.today.unwrap_or_else(|| self.clock.today())
    }
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// `--db PATH` on the command line, else the per-user default. When there is
/// no file there yet, the window asks the officer whose database to create
/// (or to try the demo).
fn open_store(started: std::time::Instant) -> AppState {
    let args: Vec<String> = std::env::args().collect();
    let db_path = arg(&args, "--db")
        .map(PathBuf::from)
        .unwrap_or_else(kehoach::store::default_db_path);
    let db_path = std::path::absolute(&db_path).unwrap_or(db_path);
    // The path is held before anything opens or creates it, and for as
    // long as the window lives.
    if let Some(dir) = db_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(dir);
    }
    let clock: std::sync::Arc<dyn kehoach::Clock> = std::sync::Arc::new(kehoach::SystemClock);
    let (hold, database) = match kehoach::store::Hold::alone(&db_path) {
        Err(e) => (None, Database::Failed(e.into())),
        Ok(h) if !db_path.exists() => (Some(h), Database::Missing),
        Ok(h) => (
            Some(h),
            match kehoach::Office::open(&db_path, clock.clone()) {
                Ok(s) => Database::Open(s),
                Err(e) => Database::Failed(e.into()),
            },
        ),
    };
    let today = arg(&args, "--today").and_then(|d| kehoach::vn::parse_date(&d).ok());
    let export_dir = arg(&args, "--export-dir")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            dirs::document_dir()
                .or_else(dirs::home_dir)
                .unwrap_or_else(|| PathBuf::from("."))
                .join("kehoach")
        });
    let export_dir = std::path::absolute(&export_dir).unwrap_or(export_dir);
    // One automatic backup a day beside the database, a week of them kept.
    if let Database::Open(s) = &database {
        let dir = db_path
            .parent()
            .unwrap_or(std::path::Path::new("."))
            .join("sao-luu");
        let day = today.unwrap_or_else(|| clock.today());
        if let Err(e) = s.store().daily_backup(&dir, day) {
            eprintln!("kehoach: không sao lưu tự động được: {e}");
        }
    }
    // The file choosers open in the export folder (or the home folder),
    // not beside the database: nothing the officer browses sits next to it.
    let _ = std::fs::create_dir_all(&export_dir);
    if std::env::set_current_dir(&export_dir).is_err() {
        if let Some(home) = dirs::home_dir() {
            let _ = std::env::set_current_dir(home);
        }
    }
    AppState {
        database: Mutex::new(database),
        _hold: hold,
        db_path,
        today,
        export_dir,
        report_startup: args.iter().any(|a| a == "--report-startup"),
        started,
        clock,
    }
}

/// The window's inner size fitted into the screen's work area (the screen
/// less the taskbar and panels) with its frame: the configured size, shrunk
/// where the work area is smaller, so a 1366×768 screen shows the window
/// whole. None when it fits already.
fn fitted(inner: (u32, u32), frame: (u32, u32), work: (u32, u32)) -> Option<(u32, u32)> {
    let w = inner.0.min(work.0.saturating_sub(frame.0));
    let h = inner.1.min(work.1.saturating_sub(frame.1));
    ((w, h) != inner).then_some((w, h))
}

fn fit_to_screen(app: &tauri::App) {
    use tauri::Manager;
    let Some(win) = app.get_webview_window("main") else {
        return;
    };
    let monitor = match win.current_monitor() {
        Ok(Some(m)) => m,
        _ => match win.primary_monitor() {
            Ok(Some(m)) => m,
            _ => return,
        },
    };
    let (Ok(inner), Ok(outer)) = (win.inner_size(), win.outer_size()) else {
        return;
    };
    // Before the window is shown the frame may read as nothing: a title
    // bar's height is allowed for at least.
    let scale = monitor.scale_factor();
    let title = (32.0 * scale) as u32;
    let frame = (
        outer.width.saturating_sub(inner.width),
        outer.height.saturating_sub(inner.height).max(title),
    );
    let area = monitor.work_area();
    let work = area.size;
    if let Some((w, h)) = fitted(
        (inner.width, inner.height),
        frame,
        (work.width, work.height),
    ) {
        let _ = win.set_size(tauri::PhysicalSize::new(w, h));
        // Centred in the work area, from sizes known here (the window
        // system's own centring reads the size before it is applied).
        let left = (work.width.saturating_sub(w + frame.0) / 2) as i32;
        let top = (work.height.saturating_sub(h + frame.1) / 2) as i32;
        let _ = win.set_position(tauri::PhysicalPosition::new(
            area.position.x + left,
            area.position.y + top,
        ));
    }
}

pub fn run() {
    let started = std::time::Instant::now();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            fit_to_screen(app);
            Ok(())
        })
        .manage(open_store(started))
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::ui_ready,
            commands::setup_create,
            commands::search_filter,
            commands::setup_demo,
            commands::plans::list_plans,
            commands::plans::task_tree,
            commands::plans::search_tasks,
            commands::plans::import_plan,
            commands::plans::preview_plan,
            commands::plans::task_assign,
            commands::plans::task_edit,
            commands::plans::plan_indicators,
            commands::plans::indicator_edit,
            commands::plans::dashboard,
            commands::plans::plan_periods,
            commands::entry::entry_sheet,
            commands::entry::save_progress,
            commands::entry::save_value,
            commands::entry::sheet_save_suggestion,
            commands::reports::report_docx_suggestion,
            commands::reports::report_docx_save,
            commands::reports::report_docx_preview,
            commands::reports::report_docx_import,
            commands::entry::indicator_template_save,
            commands::entry::indicator_figures_save,
            commands::entry::indicator_sheet_preview,
            commands::entry::indicator_sheet_import,
            commands::reports::report_get,
            commands::reports::report_draft,
            commands::reports::report_redraft_replaces,
            commands::reports::report_restore_edits,
            commands::reports::report_edit,
            commands::reports::report_finalize,
            commands::reports::report_sign,
            commands::reports::report_export,
            commands::reports::report_pdf,
            commands::reports::print_window,
            commands::reports::report_save_suggestion,
            commands::reports::report_export_as,
            commands::reports::token_scan,
            commands::reports::report_sign_token,
            commands::units::units,
            commands::units::unit_add,
            commands::units::unit_move,
            commands::units::unit_end,
            commands::units::officer_set,
            commands::exchange::receive_report,
            commands::exchange::receive_size_check,
            commands::exchange::add_signer_and_import,
            commands::exchange::due_kinds,
            commands::exchange::due_set,
            commands::plans::plan_save_suggestion,
            commands::plans::plan_export_signed,
            commands::plans::plan_export_signed_token,
            commands::exchange::link_sender_and_import,
            commands::exchange::completeness,
            commands::exchange::completeness_matrix,
            commands::exchange::consolidate,
            commands::settings::trust_add,
            commands::settings::trust_list,
            commands::settings::trust_remove,
            commands::settings::settings_list,
            commands::settings::setting_set,
            commands::settings::backup_now,
            commands::settings::backup_suggestion,
            commands::settings::signer_image_set,
            commands::settings::signer_images,
            commands::settings::signers,
            commands::settings::signer_add,
            commands::settings::signer_remove,
            commands::settings::restore_backup,
            commands::settings::unit_signers,
            commands::settings::unit_signer_remove,
        ])
        .run(tauri::generate_context!())
        .expect("the window could not start");
}

#[cfg(test)]
mod tests {
    use super::fitted;

    #[test]
    fn the_window_fits_the_work_area() {
        // 1366×768 less a 40 px taskbar, a 32 px title bar.
        assert_eq!(fitted((1200, 800), (0, 32), (1366, 728)), Some((1200, 696)));
        assert_eq!(fitted((1200, 800), (0, 32), (1920, 1040)), None);
        assert_eq!(fitted((1200, 800), (4, 36), (1024, 600)), Some((1020, 564)));
    }
}
