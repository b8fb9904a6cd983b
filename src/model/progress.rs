use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::calendar::Period;

/// Tình trạng thực hiện một nhiệm vụ trong kỳ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    ChuaTrienKhai,
    DangThucHien,
    HoanThanh,
    ChamTienDo,
    KhongThucHien,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 5] = [
        TaskStatus::ChuaTrienKhai,
        TaskStatus::DangThucHien,
        TaskStatus::HoanThanh,
        TaskStatus::ChamTienDo,
        TaskStatus::KhongThucHien,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TaskStatus::ChuaTrienKhai => "chua_trien_khai",
            TaskStatus::DangThucHien => "dang_thuc_hien",
            TaskStatus::HoanThanh => "hoan_thanh",
            TaskStatus::ChamTienDo => "cham_tien_do",
            TaskStatus::KhongThucHien => "khong_thuc_hien",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::ChuaTrienKhai => "chưa triển khai",
            TaskStatus::DangThucHien => "đang thực hiện",
            TaskStatus::HoanThanh => "hoàn thành",
            TaskStatus::ChamTienDo => "chậm tiến độ",
            TaskStatus::KhongThucHien => "không thực hiện",
        }
    }

    /// The code or the Vietnamese words, with or without diacritics, and
    /// the other ways reports write them ("đã hoàn thành", "đang triển khai",
    /// "chưa thực hiện").
    pub fn parse(s: &str) -> Option<TaskStatus> {
        let f = crate::vn::fold(s.trim()).replace(' ', "_");
        let alias = match f.as_str() {
            "da_hoan_thanh" => Some(TaskStatus::HoanThanh),
            "dang_trien_khai" | "dang_trien_khai_thuc_hien" => Some(TaskStatus::DangThucHien),
            "chua_thuc_hien" => Some(TaskStatus::ChuaTrienKhai),
            _ => None,
        };
        alias.or_else(|| {
            TaskStatus::ALL
                .into_iter()
                .find(|t| t.code() == f || crate::vn::fold(t.label()).replace(' ', "_") == f)
        })
    }

    /// Statuses that must say why.
    pub fn needs_reason(self) -> bool {
        matches!(self, TaskStatus::ChamTienDo | TaskStatus::KhongThucHien)
    }
}

/// Kết quả thực hiện: what a unit did on a task in a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub task_id: Uuid,
    pub unit_id: Uuid,
    pub period: Period,
    pub status: TaskStatus,
    /// Why a task is late or not done.
    pub reason: Option<String>,
    /// Kết quả: what was done.
    pub narrative: String,
    /// Khó khăn, vướng mắc.
    pub difficulties: String,
    /// Đề xuất, kiến nghị.
    pub proposals: String,
    /// Kinh phí đã sử dụng, đồng.
    pub budget_used: Option<i64>,
    /// Văn bản làm căn cứ: "Kế hoạch số 12/KH-UBND ngày 05/3/2026".
    pub evidence: Vec<String>,
    pub updated_at: String,
    pub updated_by: String,
}

/// A unit's value of an indicator for a period. Ratios keep numerator and
/// denominator, so the level above can add them up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValue {
    pub indicator_id: Uuid,
    pub unit_id: Uuid,
    pub period: Period,
    /// For `sum` indicators, and the computed rate (%) of `ratio` ones.
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub yes: Option<bool>,
    pub text: Option<String>,
    pub note: String,
    pub updated_at: String,
    pub updated_by: String,
}

#[cfg(test)]
mod tests {
    use super::TaskStatus;

    #[test]
    fn statuses_are_read_as_officers_write_them() {
        for (written, status) in [
            ("hoàn thành", TaskStatus::HoanThanh),
            ("Đã hoàn thành", TaskStatus::HoanThanh),
            ("da hoan thanh", TaskStatus::HoanThanh),
            ("đang triển khai", TaskStatus::DangThucHien),
            ("chưa thực hiện", TaskStatus::ChuaTrienKhai),
            ("cham_tien_do", TaskStatus::ChamTienDo),
        ] {
            assert_eq!(TaskStatus::parse(written), Some(status), "{written}");
        }
        assert_eq!(TaskStatus::parse("xong rồi"), None);
    }
}

/// An indicator's value for a unit and period, with what is derived from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueView {
    pub indicator: super::Indicator,
    pub value: Option<IndicatorValue>,
    /// Lũy kế: for sums, the total of this and the earlier periods of the
    /// same kind within the plan; for the others, the latest value.
    pub cumulative: Option<f64>,
    /// Percentage of the target reached, lower-is-better aware.
    pub achievement: Option<f64>,
    /// The unit's value for the same period a year before (cùng kỳ năm
    /// trước), where it was recorded.
    pub last_year: Option<f64>,
}

/// Percentage of target reached: higher is better for "up" indicators,
/// lower for "down" ones (2,5% of poor households against a 2,87% target is
/// 115% achieved).
pub fn achievement(value: f64, target: f64, direction: super::Direction) -> Option<f64> {
    match direction {
        super::Direction::Up if target != 0.0 => Some(value / target * 100.0),
        super::Direction::Down if value > 0.0 => Some(target / value * 100.0),
        super::Direction::Down if value == 0.0 => Some(100.0),
        _ => None,
    }
}
