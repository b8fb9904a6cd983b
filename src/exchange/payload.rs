//! The embedded data of a report file, format `kehoach-report` version 1
//! (docs/exchange-format.md; JSON Schema in docs/exchange-report.schema.json).
//! Values are raw (numerators and denominators, never only a percentage),
//! so the level above can aggregate them by each indicator's rule.

use serde::{Deserialize, Serialize};

use super::ExchangeError;
use uuid::Uuid;

use crate::calendar::Period;
use crate::model::{Aggregation, ReportSection, ReportStatus, TaskStatus, UnitKind};

pub const FORMAT: &str = "kehoach-report";
/// Bumped when a reader of the previous version could misread the data;
/// added optional fields keep the version.
pub const FORMAT_VERSION: u32 = 1;
/// The embedded file's name inside the PDF.
pub const REPORT_ATTACHMENT: &str = "kehoach-report.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportPayload {
    pub format: String,
    pub format_version: u32,
    /// The kehoach version that wrote the file.
    pub app_version: String,
    pub plan: PlanRef,
    pub unit: UnitRef,
    pub period: Period,
    pub report: ReportRef,
    pub progress: Vec<ProgressEntry>,
    pub values: Vec<ValueEntry>,
    /// The report's parts (I … V) as signed.
    pub sections: Vec<ReportSection>,
    /// When the file was made (the officer's clock), RFC 3339.
    pub created_at: String,
    /// For a consolidated report: the signed files of the units below whose
    /// figures are included, so the level above can trace every number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consolidated_from: Vec<SourceFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceFile {
    pub unit_id: Uuid,
    pub unit_name: String,
    pub report_version: u32,
    /// SHA-256 of the file as received, hex.
    pub file_hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRef {
    pub id: Uuid,
    /// "38/KH-UBND"
    pub doc_number: String,
    pub version: u32,
    /// SHA-256 (hex) of the plan's content.
    pub content_hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitRef {
    pub id: Uuid,
    pub name: String,
    pub kind: UnitKind,
    pub admin_code: Option<String>,
    /// The unit it reports to, when known.
    pub reports_to: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRef {
    pub id: Uuid,
    pub version: u32,
    pub supersedes: Option<Uuid>,
    pub status: ReportStatus,
    /// "15/BC-UBND" once numbered.
    pub number: Option<String>,
    pub issued_on: Option<chrono::NaiveDate>,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressEntry {
    pub task_id: Uuid,
    /// The plan's numbering, for a person reading the JSON.
    pub task_code: String,
    pub status: TaskStatus,
    pub reason: Option<String>,
    pub narrative: String,
    pub difficulties: String,
    pub proposals: String,
    /// Đồng.
    pub budget_used: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueEntry {
    pub indicator_id: Uuid,
    pub indicator_name: String,
    pub aggregation: Aggregation,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub yes: Option<bool>,
    pub text: Option<String>,
    pub note: String,
}

impl ReportPayload {
    /// Canonical bytes: the same payload always gives the same file.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("payload serializes")
    }

    pub fn from_json(bytes: &[u8]) -> Result<ReportPayload, ExchangeError> {
        let v: serde_json::Value = serde_json::from_slice(bytes).map_err(|_| {
            ExchangeError::BadData(
                "dữ liệu kèm theo không phải JSON đọc được (đã hỏng hoặc bị thay)".to_string(),
            )
        })?;
        match (v.get("format").and_then(|f| f.as_str()), v.get("format_version").and_then(|f| f.as_u64())) {
            (Some(FORMAT), Some(n)) if n as u32 <= FORMAT_VERSION => {}
            (Some(FORMAT), Some(n)) => {
                return Err(ExchangeError::BadData(format!(
                    "dữ liệu theo định dạng phiên bản {n}, mới hơn phiên bản {FORMAT_VERSION} mà phần mềm này đọc được: hãy cập nhật kehoach"
                )))
            }
            _ => {
                return Err(ExchangeError::BadData(
                    "không phải dữ liệu báo cáo của kehoach".into(),
                ))
            }
        }
        serde_json::from_value(v).map_err(|e| {
            // Which field is wrong, in the data's own words (its path), not
            // the reader's English.
            let what = e.to_string();
            let field = what
                .split('`')
                .nth(1)
                .map(|f| format!(" (trường “{f}”)"))
                .unwrap_or_default();
            ExchangeError::BadData(format!("dữ liệu báo cáo thiếu hoặc sai một trường{field}"))
        })
    }
}
