use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Indicator, PlanSection, ScheduleRule, Task, Unit};

/// Giai đoạn: a phase of a plan, e.g. "Giai đoạn 1" 2017-2020.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    pub name: String,
    pub start_year: i32,
    pub end_year: i32,
}

/// Kế hoạch: the plan document's identity and metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub id: Uuid,
    /// Số, ký hiệu: "38/KH-UBND"
    pub doc_number: String,
    /// Ngày ban hành
    pub issued_on: NaiveDate,
    /// Cơ quan ban hành: "Ủy ban nhân dân tỉnh Thái Bình"
    pub issuer: String,
    /// Địa danh: "Thái Bình"
    pub place: Option<String>,
    /// Người ký: "Nguyễn Thị Lĩnh"
    pub signer_name: Option<String>,
    /// Thẩm quyền ký + chức vụ: "TM. ỦY BAN NHÂN DÂN TỈNH / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    pub signer_title: Option<String>,
    /// Trích yếu
    pub title: String,
    pub start_year: i32,
    pub end_year: i32,
    pub phases: Vec<Phase>,
    /// Increases each time the issuer publishes a changed plan.
    pub version: u32,
    /// SHA-256 (hex) of the plan's content; see `PlanDocument::content_hash`.
    pub content_hash: String,
    /// The text the plan was read from, kept for tracing.
    pub source_text: Option<String>,
}

/// One line of a plan list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanSummary {
    pub id: Uuid,
    pub doc_number: String,
    pub issued_on: NaiveDate,
    /// `issued_on` as read: "20/08/2021".
    pub issued_label: String,
    pub issuer: String,
    pub title: String,
    pub start_year: i32,
    pub end_year: i32,
    pub version: u32,
    pub task_count: u32,
    pub indicator_count: u32,
}

/// A whole plan as it travels: metadata, the units it names, its task tree and
/// indicators. Tasks are listed parents before children.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDocument {
    pub plan: Plan,
    pub units: Vec<Unit>,
    pub tasks: Vec<Task>,
    pub indicators: Vec<Indicator>,
    /// The reporting rules the plan sets.
    #[serde(default)]
    pub schedule: Vec<ScheduleRule>,
    /// The legal bases ("Căn cứ …") and the distribution list (Nơi nhận).
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub recipients: Vec<String>,
    /// The plan's parts with their own numbering.
    #[serde(default)]
    pub sections: Vec<PlanSection>,
}

impl PlanDocument {
    /// SHA-256 over the canonical JSON of the plan's content (not its hash,
    /// version number, kept source text or unit list): two offices holding the same plan
    /// agree on it, and an unchanged re-import is recognised.
    pub fn content_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut doc = self.clone();
        doc.plan.content_hash.clear();
        doc.plan.source_text = None;
        doc.plan.version = 0;
        // Units are named by id in the tasks; their details and the order
        // they are listed in are not the plan's content.
        doc.units.clear();
        let json = serde_json::to_vec(&doc).expect("plan data serializes");
        let digest = Sha256::digest(&json);
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}
