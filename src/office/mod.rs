//! The office: the officer's jobs, over one store and one clock. Each job
//! gathers what it needs from the store, decides with the pure rules of
//! its domain (`plan_import`, `input`, `report`, `exchange`,
//! `consolidation`, …), and writes in one transaction. The command line
//! and the window call these and hold no rule of their own.
//!
//! Not here: SQL (that is `store/`), layout or signature internals, the
//! wall clock (it comes in as a [`Clock`]), anything about the window.

mod consolidate;
mod dashboard;
mod entry;
mod exchange;
mod periods;
mod plan_sources;
mod plans;
mod reports;
mod settings;
mod sheets;
mod signers;
mod stored;
mod units;

pub use dashboard::{
    next_steps, CurrentPeriod, Dashboard, IndicatorStanding, NextStep, StepFacts, TaskRef,
};
pub use entry::{EntryRow, EntrySheet, EntryValue};
pub use periods::{plan_period_list, reporting_kinds, PlanPeriod, PlanPeriods};
pub use plan_sources::{prepare_scan, PlanForm, PlanOrigin, SignatureSeen};
pub use plans::{
    preview_plan, read_plan, read_plan_reviewed, read_plan_with, DoubtfulWord, PlanImportOutcome,
    PlanPreview, PreviewItem,
};
pub use reports::{ReportView, REPORT_SETTINGS};
pub use sheets::{SheetChange, SheetImport, SheetProblems};

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use thiserror::Error;

use crate::clock::Clock;
use crate::exchange::ExchangeError;
use crate::model::Unit;
use crate::pdf::PdfError;
use crate::plan_import::ImportError;
use crate::sign::SignError;
use crate::store::{Store, StoreError};

/// Why a job that spans several parts of the core was refused.
#[derive(Debug, Error)]
pub enum OfficeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error(transparent)]
    Sign(#[from] SignError),
    #[error("{0}")]
    Exchange(#[from] ExchangeError),
    #[error("Báo cáo còn là dự thảo: hãy hoàn thành (cấp số, ngày) trước khi ký.")]
    Draft,
    #[error("Báo cáo kỳ {period} chưa ký: hãy ký trước khi xuất (bản chưa ký chỉ là dự thảo).")]
    NotSigned { period: String },
    #[error("Báo cáo số {number} đã được ký (bởi {signer}): không ký lại. Tệp đã ký vẫn được lưu; muốn gửi lại, hãy xuất tệp đã ký; muốn sửa, hãy mở khóa kỳ và lập phiên bản mới.")]
    AlreadySigned { number: String, signer: String },
    /// A plan file (PDF) from the level above that cannot be taken.
    #[error("Nhập kế hoạch: {0}")]
    PlanFile(ExchangeError),
    #[error("Nhập kế hoạch: tệp kế hoạch không kèm văn bản gốc của kế hoạch")]
    PlanFileWithoutText,
    /// The text does not say these (its header is missing) and the officer
    /// has not given them.
    #[error("Nhập kế hoạch: văn bản không ghi {0} của kế hoạch (có thể đã mất phần đầu); hãy ghi các thông tin này theo bản gốc rồi lưu. Chưa có gì được lưu.")]
    PlanHeaderMissing(String),
    /// A scan that cannot be read by OCR.
    #[error("Nhập kế hoạch: {0}")]
    Ocr(crate::ocr::OcrError),
    /// A plan's text or .docx that cannot be read as a plan.
    #[error("Nhập kế hoạch: {0}")]
    PlanText(#[from] ImportError),
    /// An indicator workbook that cannot be read at all.
    #[error("Bảng tính Excel: {0}")]
    Workbook(crate::workbook::WorkbookError),
    /// A filled indicator sheet with cells that cannot be taken.
    #[error("Bảng tính Excel: {0}")]
    Sheet(sheets::SheetProblems),
    #[error("{0}")]
    SheetWrite(crate::workbook::write::WriteError),
    /// A report's Word file that cannot be made or read back.
    #[error("Tệp Word: {0}")]
    Word(crate::word::WordError),
}

/// The one item a lookup of `what` by `query` found; none or several are
/// said, naming each candidate by `name` (the first `shown`), joined by `sep`.
pub(crate) fn the_one<T>(
    found: Vec<T>,
    what: &'static str,
    query: &str,
    shown: usize,
    sep: &str,
    name: impl Fn(&T) -> String,
) -> Result<T, StoreError> {
    match found.len() {
        1 => Ok(found.into_iter().next().expect("one")),
        0 => Err(StoreError::NotFoundItem {
            what,
            query: query.to_string(),
        }),
        _ => Err(StoreError::Ambiguous {
            what,
            query: query.to_string(),
            candidates: found
                .iter()
                .take(shown)
                .map(name)
                .collect::<Vec<_>>()
                .join(sep),
        }),
    }
}

/// One office's database and the clock its work is dated by.
pub struct Office {
    store: Store,
}

impl Office {
    /// Opens an office's database (see [`Store::open`] for what is refused).
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Office, StoreError> {
        Ok(Office::new(Store::open(path, clock)?))
    }

    /// Creates the database of the office of `my_unit`.
    pub fn create(
        path: &Path,
        my_unit: &Unit,
        officer: &str,
        clock: Arc<dyn Clock>,
    ) -> Result<Office, StoreError> {
        Ok(Office::new(Store::create(path, my_unit, officer, clock)?))
    }

    /// Creates a database with `fill` run on it before it is put in place
    /// (see [`Store::create_with`]).
    pub fn create_with(
        path: &Path,
        officer: &str,
        clock: Arc<dyn Clock>,
        fill: impl FnOnce(&mut Office) -> Result<(), StoreError>,
    ) -> Result<Office, StoreError> {
        Ok(Office::new(Store::create_with(
            path,
            officer,
            clock,
            |store| {
                let mut office = Office::new(store);
                fill(&mut office)?;
                Ok(office.into_store())
            },
        )?))
    }

    /// Creates the demo database at `path` (refuses an existing file).
    pub fn create_demo(path: &Path, clock: Arc<dyn Clock>) -> Result<Office, StoreError> {
        crate::demo::build(path, clock)
    }

    pub fn new(store: Store) -> Office {
        Office { store }
    }

    /// The database, for what is storage only (its path, a backup).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The database, to restore a backup over it.
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn into_store(self) -> Store {
        self.store
    }

    pub fn clock(&self) -> &dyn Clock {
        self.store.clock().as_ref()
    }

    /// This moment by the office's clock.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.clock().now()
    }

    /// One transaction of the store (see [`Store::write`]).
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&crate::store::Tx) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.store.write(f)
    }

    /// Today by the office's clock.
    pub fn today(&self) -> NaiveDate {
        self.clock().today()
    }
}
