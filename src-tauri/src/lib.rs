//! The desktop shell: opens the database, then serves the window's calls.
//! Commands are one-line calls into the `kehoach` core; no business rule here.

mod commands;
mod error;

use std::path::PathBuf;
use std::sync::Mutex;

use error::ApiError;

/// The open database, or why it could not be opened (shown in the window).
pub struct AppState {
    store: Result<Mutex<kehoach::Store>, ApiError>,
    db_path: PathBuf,
}

impl AppState {
    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut kehoach::Store) -> Result<T, kehoach::StoreError>,
    ) -> error::ApiResult<T> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
        Ok(f(&mut guard)?)
    }
}

/// `--db PATH` on the command line, else the per-user default. A missing
/// default database is created from the embedded demo plan.
fn open_store() -> AppState {
    let args: Vec<String> = std::env::args().collect();
    let given = args
        .iter()
        .position(|a| a == "--db")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let db_path = given
        .clone()
        .unwrap_or_else(kehoach::store::default_db_path);
    let store = if given.is_none() && !db_path.exists() {
        kehoach::demo::build(&db_path)
    } else {
        kehoach::Store::open(&db_path)
    };
    AppState {
        store: store.map(Mutex::new).map_err(ApiError::from),
        db_path,
    }
}

pub fn run() {
    tauri::Builder::default()
        .manage(open_store())
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::plans::list_plans,
            commands::plans::task_tree,
            commands::plans::search_tasks,
        ])
        .run(tauri::generate_context!())
        .expect("the window could not start");
}
