use std::path::PathBuf;
use thiserror::Error;

/// What can go wrong with the database, said so an officer can act on it.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("Không tìm thấy cơ sở dữ liệu “{0}”. Hãy tạo mới bằng lệnh `kehoach init` hoặc `kehoach demo`, hoặc chọn đúng tệp bằng --db.")]
    NotFound(PathBuf),
    #[error(
        "Tệp “{0}” đã tồn tại; kehoach không ghi đè lên tệp có sẵn. Hãy chọn một đường dẫn khác."
    )]
    AlreadyExists(PathBuf),
    #[error("Tệp “{0}” không phải là cơ sở dữ liệu SQLite (có thể chọn nhầm tệp hoặc tệp đã hỏng). Tệp không bị thay đổi.")]
    NotSqlite(PathBuf),
    #[error(
        "Tệp “{0}” là cơ sở dữ liệu SQLite nhưng không phải của kehoach. Tệp không bị thay đổi."
    )]
    ForeignDatabase(PathBuf),
    #[error("Cơ sở dữ liệu “{path}” bị hỏng ({detail}). Tệp không bị thay đổi; hãy khôi phục từ bản sao lưu.")]
    Corrupt { path: PathBuf, detail: String },
    #[error("Cơ sở dữ liệu “{path}” được tạo bởi phiên bản kehoach mới hơn (lược đồ số {found}; phiên bản này chỉ đọc được đến số {supported}). Hãy cập nhật kehoach; tệp không bị thay đổi.")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("Không đọc hoặc ghi được tệp “{path}”: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Không tìm thấy {what} “{query}”.")]
    NotFoundItem { what: &'static str, query: String },
    #[error("“{query}” khớp với nhiều {what}: {candidates}. Hãy ghi rõ hơn hoặc dùng mã (id).")]
    Ambiguous {
        what: &'static str,
        query: String,
        candidates: String,
    },
    #[error("Không thể đặt “{parent}” làm đơn vị cấp trên của “{unit}”: “{parent}” đang trực thuộc “{unit}”, sẽ tạo thành vòng lặp.")]
    UnitCycle { unit: String, parent: String },
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("Cơ sở dữ liệu chưa có “đơn vị của tôi”. Hãy tạo bằng `kehoach init`.")]
    NoOwnUnit,
    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// Bad input in `field`, said in the officer's words.
    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> StoreError {
        StoreError::Invalid {
            field,
            message: message.into(),
        }
    }
}
