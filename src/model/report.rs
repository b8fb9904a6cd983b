use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::calendar::Period;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Dự thảo: editable.
    Draft,
    /// Numbered and dated; its content is frozen.
    Final,
    /// Signed (the signing issue): immutable.
    Signed,
}

impl ReportStatus {
    pub fn code(self) -> &'static str {
        match self {
            ReportStatus::Draft => "draft",
            ReportStatus::Final => "final",
            ReportStatus::Signed => "signed",
        }
    }

    pub fn parse(s: &str) -> ReportStatus {
        match s {
            "final" => ReportStatus::Final,
            "signed" => ReportStatus::Signed,
            _ => ReportStatus::Draft,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportStatus::Draft => "dự thảo",
            ReportStatus::Final => "đã hoàn thành",
            ReportStatus::Signed => "đã ký",
        }
    }
}

/// One of the report's parts (I. … V.), its text as the officer edited it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSection {
    /// "I", "II", …
    pub code: String,
    /// "CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI"
    pub heading: String,
    /// Paragraphs separated by blank lines; lines starting "- " are items.
    pub text: String,
}

/// A row of the appendix table of indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRow {
    pub name: String,
    pub measure_unit: String,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub cumulative: Option<f64>,
    pub percent_of_target: Option<f64>,
    pub note: String,
    /// The value of the same period a year before (cùng kỳ năm trước).
    #[serde(default)]
    pub last_year: Option<f64>,
}

/// Thẩm quyền ký and the signer: "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" /
/// "PHÓ CHỦ TỊCH", "Nguyễn Văn A".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Signer {
    pub authority: Vec<String>,
    pub name: String,
}

/// A unit's report on a plan for a period, one version of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub unit_id: Uuid,
    pub period: Period,
    pub version: u32,
    /// The version this one replaces.
    pub supersedes: Option<Uuid>,
    pub status: ReportStatus,
    /// Cơ quan chủ quản, when the issuing agency has one.
    pub parent_agency: Option<String>,
    /// Cơ quan ban hành: "ỦY BAN NHÂN DÂN THÀNH PHỐ THÁI BÌNH" as printed.
    pub agency: String,
    /// The unit's symbol for reports: "BC-UBND".
    pub symbol: String,
    /// Given when finalised; numbers restart each year.
    pub number: Option<u32>,
    pub issued_on: Option<NaiveDate>,
    /// Địa danh: "Thái Bình".
    pub place: String,
    /// Trích yếu.
    pub summary: String,
    /// Kính gửi.
    pub recipients_to: Vec<String>,
    pub sections: Vec<ReportSection>,
    pub indicators: Vec<IndicatorRow>,
    pub signer: Signer,
    /// Nơi nhận, the last line "Lưu: VT, …".
    pub distribution: Vec<String>,
}

impl Report {
    /// "Số: 15/BC-UBND" once numbered; "Số:      /BC-UBND" before.
    pub fn doc_number(&self) -> String {
        match self.number {
            Some(n) => format!("{n:02}/{}", self.symbol),
            None => format!("     /{}", self.symbol),
        }
    }
}
