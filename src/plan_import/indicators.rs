//! Quantitative targets in prose → indicators: "phấn đấu huy động 100% trẻ
//! từ 03 tuổi đến 05 tuổi vào học mẫu giáo vào cuối năm 2020"; "tỷ lệ hộ
//! nghèo … giảm còn 2,87%" (lower is better).

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Direction;
use crate::vn;

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorDraft {
    pub name: String,
    pub value: f64,
    pub measure_unit: String,
    pub direction: Direction,
    pub target_year: Option<i32>,
    /// The task the target is written in.
    pub task_code: Option<String>,
    pub source: String,
    pub source_span: Option<(usize, usize)>,
}

fn re(s: &str) -> Regex {
    Regex::new(s).expect("valid regex")
}

static PERCENT: LazyLock<Regex> = LazyLock::new(|| re(r"(\d{1,3}(?:[.,]\d{1,2})?)\s*%"));
static RATE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(tỷ lệ|tỉ lệ)\s+(.+?)\s*(?:giảm|tăng|đạt|còn|xuống|lên|dưới|trên|ở mức|là|từ|phấn đấu|bình quân|duy trì|\d)",
    )
});
static DATE_PHRASE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\s*(?:vào|đến|trong|tới)?\s*(?:cuối\s+)?năm\s+\d{4}.*$"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"năm\s+(\d{4})"));

/// Targets in one sentence; `task_code` is the task it belongs to.
pub fn in_sentence(sentence: &str, task_code: Option<&str>) -> Vec<IndicatorDraft> {
    let mut out = Vec::new();
    for clause in sentence.split([';']).flat_map(|c| c.split(", ")) {
        for m in PERCENT.captures_iter(clause) {
            let whole = m.get(0).expect("match");
            let Ok(value) = vn::parse_number(&m[1]) else {
                continue;
            };
            let before = &clause[..whole.start()];
            let after = clause[whole.end()..].trim();
            let lower_before = before.to_lowercase();
            let direction =
                if lower_before.contains("giảm") || lower_before.trim_end().ends_with("dưới") {
                    Direction::Down
                } else {
                    Direction::Up
                };
            let name = if let Some(c) = RATE_NAME.captures(clause) {
                format!("Tỷ lệ {}", c[2].trim())
            } else {
                let subject = DATE_PHRASE.replace(after, "");
                let subject = subject.trim().trim_end_matches(['.', ',']).trim();
                if subject.split_whitespace().count() >= 2 {
                    format!("Tỷ lệ {subject}")
                } else {
                    continue; // "tăng 10%" alone names nothing measurable
                }
            };
            let target_year = YEAR
                .captures(clause)
                .or_else(|| YEAR.captures(sentence))
                .and_then(|c| c[1].parse().ok());
            if out
                .iter()
                .any(|d: &IndicatorDraft| d.name == name && d.value == value)
            {
                continue;
            }
            out.push(IndicatorDraft {
                name: vn::clean(&name),
                value,
                measure_unit: "%".into(),
                direction,
                target_year,
                task_code: task_code.map(str::to_string),
                source: vn::clean(sentence),
                source_span: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kindergarten_target() {
        let d = in_sentence(
            "Triển khai thực hiện Đề án phổ cập mầm non cho trẻ 05 tuổi, phấn đấu huy động 100% trẻ từ 03 tuổi đến 05 tuổi vào học mẫu giáo vào cuối năm 2020.",
            Some("III.3.3"),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].name,
            "Tỷ lệ trẻ từ 03 tuổi đến 05 tuổi vào học mẫu giáo"
        );
        assert_eq!(d[0].value, 100.0);
        assert_eq!(d[0].direction, Direction::Up);
        assert_eq!(d[0].target_year, Some(2020));
        assert_eq!(d[0].task_code.as_deref(), Some("III.3.3"));
    }

    #[test]
    fn decreasing_rate() {
        let d = in_sentence(
            "Phấn đấu tỷ lệ hộ nghèo theo chuẩn đa chiều giảm còn 2,87% đến cuối năm 2025.",
            None,
        );
        assert_eq!(d[0].name, "Tỷ lệ hộ nghèo theo chuẩn đa chiều");
        assert_eq!(d[0].value, 2.87);
        assert_eq!(d[0].direction, Direction::Down);
        assert_eq!(d[0].target_year, Some(2025));
        let d = in_sentence(
            "Tỷ lệ lao động qua đào tạo đạt 70%, trong đó có bằng cấp đạt 30%.",
            None,
        );
        assert_eq!(d[0].name, "Tỷ lệ lao động qua đào tạo");
        assert_eq!(d[0].value, 70.0);
    }

    #[test]
    fn bare_growth_is_not_an_indicator() {
        assert!(in_sentence("Doanh thu tăng 10%.", None).is_empty());
    }
}
