use serde::{Deserialize, Serialize};

/// Kinds of report a plan asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// 6 tháng
    SixMonths,
    /// năm
    Year,
    /// quý
    Quarter,
    /// tháng
    Month,
    /// sơ kết, đánh giá giữa kỳ
    MidTerm,
    /// tổng kết, đánh giá cuối kỳ
    Final,
}

impl ReportKind {
    /// The kinds due at fixed dates every period (a due date can be set).
    pub const PERIODIC: [ReportKind; 4] = [
        ReportKind::SixMonths,
        ReportKind::Year,
        ReportKind::Quarter,
        ReportKind::Month,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReportKind::SixMonths => "six_months",
            ReportKind::Year => "year",
            ReportKind::Quarter => "quarter",
            ReportKind::Month => "month",
            ReportKind::MidTerm => "mid_term",
            ReportKind::Final => "final",
        }
    }

    pub fn parse(s: &str) -> Option<ReportKind> {
        [
            ReportKind::SixMonths,
            ReportKind::Year,
            ReportKind::Quarter,
            ReportKind::Month,
            ReportKind::MidTerm,
            ReportKind::Final,
        ]
        .into_iter()
        .find(|k| k.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportKind::SixMonths => "báo cáo 6 tháng",
            ReportKind::Year => "báo cáo năm",
            ReportKind::Quarter => "báo cáo quý",
            ReportKind::Month => "báo cáo tháng",
            ReportKind::MidTerm => "sơ kết (đánh giá giữa kỳ)",
            ReportKind::Final => "tổng kết (đánh giá cuối kỳ)",
        }
    }
}

/// A reporting rule of a plan: what is reported, by when, by whom, to whom.
/// "định kỳ 6 tháng (trước ngày 10/7 hàng năm) … gửi UBND huyện (qua phòng
/// Lao động Thương binh và xã hội)".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleRule {
    pub kind: ReportKind,
    /// Day and month of the due date, when the plan gives one.
    pub due_day: Option<u32>,
    pub due_month: Option<u32>,
    /// "trước ngày 10/01 năm sau": the due date falls in the next year.
    pub due_next_year: bool,
    /// For reviews: the year of the sơ kết / tổng kết.
    pub review_year: Option<i32>,
    /// Who reports, as the plan names them.
    pub reporter: Option<String>,
    /// To whom.
    pub recipient: Option<String>,
    /// Through whom ("qua phòng Lao động - Thương binh và Xã hội").
    pub via: Option<String>,
    /// The sentence the rule was read from.
    pub source: String,
    /// Byte range of its paragraph in the plan's source text.
    #[serde(default)]
    pub source_span: Option<(usize, usize)>,
}
