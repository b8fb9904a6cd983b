//! kehoach: track an implementation plan (Kế hoạch) and report on it.
//!
//! The core library: everything an officer's work needs, with no UI, no
//! Tauri and no network. The CLI (`src/main.rs`) and the desktop shell
//! (`src-tauri/`) are thin front ends over these calls.

pub mod calendar;
pub mod clock;
pub mod consolidation;
pub mod demo;
pub mod exchange;
pub mod input;
pub mod label;
pub mod model;
pub mod ocr;
pub mod office;
pub mod pdf;
pub mod plan_import;
pub mod report;
pub mod sign;
pub mod store;
pub mod verify;
pub mod vn;
pub mod word;
pub mod workbook;

pub use clock::{Clock, FixedClock, SystemClock};
pub use office::{Office, OfficeError};
pub use store::{Store, StoreError};

/// The version written into files this build produces.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
