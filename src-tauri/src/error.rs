//! The one serializable error of the app: `{code, message}`, made only here,
//! at the boundary with the window.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ApiError {
    pub code: &'static str,
    pub message: String,
}

impl From<kehoach::StoreError> for ApiError {
    fn from(e: kehoach::StoreError) -> Self {
        use kehoach::StoreError as E;
        let code = match &e {
            E::NotFound(_) => "db_not_found",
            E::AlreadyExists(_) => "already_exists",
            E::NotSqlite(_) => "not_sqlite",
            E::ForeignDatabase(_) => "foreign_database",
            E::Corrupt { .. } => "corrupt",
            E::NewerSchema { .. } => "newer_schema",
            E::Io { .. } => "io",
            E::NotFoundItem { .. } => "not_found",
            E::Ambiguous { .. } => "ambiguous",
            E::UnitCycle { .. } => "unit_cycle",
            E::Invalid { .. } => "invalid",
            E::NoOwnUnit => "no_own_unit",
            E::Sqlite(_) => "database",
        };
        ApiError {
            code,
            message: e.to_string(),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
