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
    /// `detail` is SQLite's own words, kept for a log, not shown.
    #[error("Cơ sở dữ liệu “{path}” bị hỏng: SQLite không đọc được nội dung của nó. Tệp không bị thay đổi; hãy khôi phục từ bản sao lưu.")]
    Corrupt { path: PathBuf, detail: String },
    /// Another kehoach holds the database: the window for its whole life,
    /// or a command for a moment. Nothing is wrong with the file.
    #[error("{}", in_use(path, *by_window))]
    InUse { path: PathBuf, by_window: bool },
    #[error("Cơ sở dữ liệu đang bận: một chương trình khác đang ghi vào đó lâu hơn thường lệ. Dữ liệu không sao và chưa có gì thay đổi; hãy thử lại sau giây lát.")]
    Busy,
    #[error("Ổ đĩa chứa cơ sở dữ liệu đã đầy: thay đổi này chưa được ghi, mọi dữ liệu đã lưu trước đó vẫn còn nguyên. Hãy xóa bớt tệp không cần trên ổ đĩa rồi làm lại.")]
    DiskFull,
    #[error("Không ghi được vào cơ sở dữ liệu: tệp hoặc thư mục chứa nó chỉ cho phép đọc. Chưa có gì thay đổi.")]
    ReadOnly,
    /// SQLite could not read or write the disk (full, removed, failing):
    /// not damage to the database.
    #[error("Không đọc hoặc ghi được ổ đĩa chứa cơ sở dữ liệu: ổ đĩa có thể đã đầy, bị rút ra hoặc bị lỗi. Chưa có gì thay đổi và dữ liệu đã lưu vẫn còn nguyên; hãy giải phóng chỗ trống hoặc kiểm tra ổ đĩa rồi làm lại.")]
    DiskIo,
    #[error("Cơ sở dữ liệu “{path}” được tạo bởi phiên bản kehoach mới hơn (lược đồ số {found}; phiên bản này chỉ đọc được đến số {supported}). Hãy cập nhật kehoach; tệp không bị thay đổi.")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("Không đọc hoặc ghi được tệp “{path}”: {}", io_words(source))]
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
    /// The database itself refused to change a signed or received record
    /// (its triggers); the reason is theirs, in Vietnamese.
    #[error("{0}")]
    Immutable(String),
    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Sqlite(rusqlite::Error),
}

/// An I/O error in the officer's words (the system's are English).
pub fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "không có tệp hoặc thư mục này".into(),
        K::PermissionDenied => "không có quyền đọc hoặc ghi ở đây".into(),
        K::AlreadyExists => "tệp đã có".into(),
        K::StorageFull => "ổ đĩa đã đầy".into(),
        K::ReadOnlyFilesystem => "ổ đĩa chỉ cho phép đọc".into(),
        K::IsADirectory => "đây là một thư mục, không phải tệp".into(),
        K::NotADirectory => "đường dẫn có một phần không phải thư mục".into(),
        K::InvalidFilename => "tên tệp không hợp lệ".into(),
        K::FileTooLarge => "tệp quá lớn".into(),
        K::Interrupted | K::TimedOut => "bị ngắt giữa chừng, hãy làm lại".into(),
        K::UnexpectedEof => "tệp bị cắt cụt".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!("lỗi đọc ghi của hệ thống (mã {code})"),
            None => "lỗi đọc ghi của hệ thống".into(),
        },
    }
}

fn in_use(path: &std::path::Path, by_window: bool) -> String {
    if by_window {
        format!("Cơ sở dữ liệu “{}” đang được mở trong một cửa sổ ứng dụng kehoach. Để không mất dữ liệu đang làm trong cửa sổ đó, cơ sở dữ liệu không được mở thêm ở đây: hãy làm việc trong cửa sổ đang mở, hoặc đóng nó rồi làm lại.", path.display())
    } else {
        format!("Cơ sở dữ liệu “{}” đang được một chương trình kehoach khác dùng. Chưa có gì thay đổi; hãy đợi chương trình đó xong (hoặc đóng nó) rồi làm lại.", path.display())
    }
}

impl From<rusqlite::Error> for StoreError {
    /// SQLite's conditions an officer can act on get their own words; a
    /// busy database is never called damaged.
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Busy,
            Some(C::DiskFull) => StoreError::DiskFull,
            Some(C::ReadOnly) => StoreError::ReadOnly,
            Some(C::SystemIoFailure | C::CannotOpen) => StoreError::DiskIo,
            Some(C::DatabaseCorrupt | C::NotADatabase) => StoreError::Corrupt {
                path: PathBuf::new(),
                detail: e.to_string(),
            },
            Some(C::ConstraintViolation) => match &e {
                rusqlite::Error::SqliteFailure(f, Some(message))
                    if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_TRIGGER =>
                {
                    StoreError::Immutable(message.clone())
                }
                _ => StoreError::Sqlite(e),
            },
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl From<crate::model::Invalid> for StoreError {
    fn from(e: crate::model::Invalid) -> StoreError {
        StoreError::Invalid {
            field: e.field,
            message: e.message,
        }
    }
}

impl StoreError {
    /// Bad input in `field`, said in the officer's words.
    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> StoreError {
        StoreError::Invalid {
            field,
            message: message.into(),
        }
    }
}
