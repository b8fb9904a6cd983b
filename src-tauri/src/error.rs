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
            E::InUse { .. } => "in_use",
            E::Busy => "busy",
            E::DiskFull => "disk_full",
            E::ReadOnly => "read_only",
            E::DiskIo => "disk_io",
            E::Immutable(_) => "immutable",
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

impl From<kehoach::sign::SignError> for ApiError {
    fn from(e: kehoach::sign::SignError) -> Self {
        use kehoach::sign::SignError as E;
        let code = match &e {
            E::Pkcs12 | E::WrongPin(_) => "wrong_password",
            E::PinLocked => "pin_locked",
            E::EmptyPin => "empty_pin",
            E::NotValidAt { .. } => "certificate_not_valid",
            E::Image(_) => "bad_image",
            _ => "sign",
        };
        ApiError {
            code,
            message: e.to_string(),
        }
    }
}

impl From<kehoach::OfficeError> for ApiError {
    fn from(e: kehoach::OfficeError) -> Self {
        use kehoach::OfficeError as E;
        match e {
            E::Store(e) => e.into(),
            E::Sign(e) => e.into(),
            other => ApiError {
                code: match &other {
                    E::Draft => "draft",
                    E::AlreadySigned { .. } => "already_signed",
                    E::PlanFile(_)
                    | E::PlanText(_)
                    | E::PlanFileWithoutText
                    | E::PlanHeaderMissing(_)
                    | E::Ocr(_) => "plan_file",
                    E::NotSigned { .. } => "not_signed",
                    E::Exchange(_) => "exchange",
                    E::Pdf(_) => "pdf",
                    E::Workbook(_) | E::Sheet(_) | E::SheetWrite(_) => "sheet",
                    E::Word(_) => "word",
                    _ => "job",
                },
                message: other.to_string(),
            },
        }
    }
}

impl ApiError {
    /// There is no database yet: the window shows the first-run form.
    pub fn first_run(path: &std::path::Path) -> Self {
        ApiError {
            code: "first_run",
            message: format!(
                "Chưa có cơ sở dữ liệu ở {}: hãy tạo cho đơn vị của mình trước.",
                path.display()
            ),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
