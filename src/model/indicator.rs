use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Whether a higher or a lower value is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// e.g. "tỷ lệ trẻ đi học mẫu giáo đạt 100%"
    Up,
    /// e.g. "tỷ lệ hộ nghèo giảm còn 2,87%"
    Down,
}

/// How a parent unit combines its children's values (DESIGN.md §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Aggregation {
    /// Counts and money: the parent's value is the sum.
    Sum,
    /// Rates: Σnumerator / Σdenominator, never a mean of percentages.
    Ratio {
        numerator: String,
        denominator: String,
    },
    /// "đã ban hành kế hoạch": how many units said yes, out of N.
    YesNo,
    /// Narratives, compiled per unit.
    Text,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Up => "càng cao càng tốt",
            Direction::Down => "càng thấp càng tốt",
        }
    }
}

impl Aggregation {
    pub fn code(&self) -> &'static str {
        match self {
            Aggregation::Sum => "sum",
            Aggregation::Ratio { .. } => "ratio",
            Aggregation::YesNo => "yes_no",
            Aggregation::Text => "text",
        }
    }

    /// One of each rule, in the order they are offered (a ratio's labels
    /// empty: the officer writes them).
    pub fn each() -> [Aggregation; 4] {
        [
            Aggregation::Sum,
            Aggregation::Ratio {
                numerator: String::new(),
                denominator: String::new(),
            },
            Aggregation::YesNo,
            Aggregation::Text,
        ]
    }

    /// The rule in the officer's words.
    pub fn label(&self) -> &'static str {
        match self {
            Aggregation::Sum => "cộng",
            Aggregation::Ratio { .. } => "tỷ lệ (tổng tử số / tổng mẫu số)",
            Aggregation::YesNo => "đếm số đơn vị có",
            Aggregation::Text => "tổng hợp lời văn",
        }
    }
}

/// Chỉ tiêu: a measurable target of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: Uuid,
    pub plan_id: Uuid,
    /// The task the target is written in, if any.
    pub task_id: Option<Uuid>,
    pub name: String,
    /// Đơn vị tính: "%", "hộ", "người", "đồng".
    pub measure_unit: String,
    pub target_value: Option<f64>,
    pub target_date: Option<NaiveDate>,
    pub baseline: Option<f64>,
    pub direction: Direction,
    pub aggregation: Aggregation,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Byte range in the plan's source text the target was read from.
    #[serde(default)]
    pub source_span: Option<(usize, usize)>,
}
