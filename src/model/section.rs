use serde::{Deserialize, Serialize};

/// What a part of a plan is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// Mục đích, yêu cầu
    Purpose,
    /// Mục tiêu (chung, cụ thể)
    Objective,
    /// Nội dung, nhiệm vụ, giải pháp: the tasks
    Content,
    /// Phạm vi, thời gian thực hiện
    Scope,
    /// Kinh phí
    Budget,
    /// Tổ chức thực hiện
    Organisation,
    Other,
}

impl SectionKind {
    pub fn code(self) -> &'static str {
        match self {
            SectionKind::Purpose => "purpose",
            SectionKind::Objective => "objective",
            SectionKind::Content => "content",
            SectionKind::Scope => "scope",
            SectionKind::Budget => "budget",
            SectionKind::Organisation => "organisation",
            SectionKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> SectionKind {
        [
            SectionKind::Purpose,
            SectionKind::Objective,
            SectionKind::Content,
            SectionKind::Scope,
            SectionKind::Budget,
            SectionKind::Organisation,
        ]
        .into_iter()
        .find(|k| k.code() == s)
        .unwrap_or(SectionKind::Other)
    }

    /// From a heading as plans write it ("II. MỤC TIÊU", "2. Mục tiêu cụ thể").
    pub fn of_heading(heading: &str) -> SectionKind {
        let f = crate::vn::fold(heading);
        if f.starts_with("muc dich") || f.starts_with("yeu cau") {
            SectionKind::Purpose
        } else if f.starts_with("muc tieu") {
            SectionKind::Objective
        } else if f.starts_with("to chuc thuc hien") || f.starts_with("trach nhiem") {
            SectionKind::Organisation
        } else if f.starts_with("kinh phi") {
            SectionKind::Budget
        } else if f.starts_with("pham vi") || f.starts_with("thoi gian") {
            SectionKind::Scope
        } else if f.contains("noi dung")
            || f.contains("nhiem vu")
            || f.starts_with("giai phap")
            || f.contains("hoat dong")
        {
            SectionKind::Content
        } else {
            SectionKind::Other
        }
    }
}

/// A part of the plan's text, with its own numbering: "I. MỤC ĐÍCH, YÊU
/// CẦU", "2. Mục tiêu cụ thể". Tasks are kept as tasks; the other parts keep
/// their text (objectives, budget, scope) for reading and for reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSection {
    /// "I", "II.2"
    pub code: String,
    pub heading: String,
    pub kind: SectionKind,
    /// 1 for the plan's parts, 2 for their sub-parts.
    pub level: u8,
    /// The text under the heading (sub-items included), for parts that are
    /// not tasks.
    pub text: String,
    pub source_span: Option<(usize, usize)>,
}
