//! Checking what an officer types before it is stored: statuses, Vietnamese
//! numbers, money in đồng, ratios as numerator and denominator, the
//! indicator's bounds. Pure: no store; the previous value, when there is one,
//! is passed in. A value far from the previous one is a warning, not an error.

use thiserror::Error;

use crate::model::{Aggregation, Indicator, IndicatorValue, TaskStatus};
use crate::vn;

/// One rejected field, said in Vietnamese: which field, which rule.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

fn field_error(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

/// What the officer typed for a task's progress.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ProgressInput {
    pub status: String,
    pub reason: Option<String>,
    pub narrative: String,
    pub difficulties: String,
    pub proposals: String,
    /// "12.500.000"
    pub budget: Option<String>,
    pub evidence: Vec<String>,
}

/// The checked fields of a progress entry.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressFields {
    pub status: TaskStatus,
    pub reason: Option<String>,
    pub narrative: String,
    pub difficulties: String,
    pub proposals: String,
    pub budget_used: Option<i64>,
    pub evidence: Vec<String>,
}

/// Reads money in đồng: "12.500.000", "12500000"; whole, not negative.
pub fn parse_money(s: &str) -> Result<i64, FieldError> {
    let field = "Kinh phí đã sử dụng";
    let v = vn::parse_number(s).map_err(|e| field_error(field, e.to_string()))?;
    if v < 0.0 {
        return Err(field_error(field, "không được âm."));
    }
    if v.fract() != 0.0 {
        return Err(field_error(
            field,
            format!("“{}” phải là số đồng nguyên, ví dụ 12.500.000.", s.trim()),
        ));
    }
    if v > 1e15 {
        return Err(field_error(field, "số quá lớn."));
    }
    Ok(v as i64)
}

/// Checks a progress entry; every problem is listed, not only the first.
pub fn check_progress(input: &ProgressInput) -> Result<ProgressFields, Vec<FieldError>> {
    let mut errors = Vec::new();
    let status = TaskStatus::parse(&input.status);
    if status.is_none() {
        errors.push(field_error(
            "Tình trạng",
            format!(
                "“{}” không hợp lệ; chọn một trong: {}.",
                input.status.trim(),
                TaskStatus::ALL.map(|s| s.label()).join(", ")
            ),
        ));
    }
    let reason = input
        .reason
        .as_deref()
        .map(vn::clean)
        .filter(|r| !r.is_empty());
    if let Some(s) = status {
        if s.needs_reason() && reason.is_none() {
            errors.push(field_error(
                "Lý do",
                format!("cần nêu lý do khi nhiệm vụ “{}”.", s.label()),
            ));
        }
    }
    let budget_used = match input
        .budget
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
    {
        Some(b) => match parse_money(b) {
            Ok(v) => Some(v),
            Err(e) => {
                errors.push(e);
                None
            }
        },
        None => None,
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ProgressFields {
        status: status.expect("checked"),
        reason,
        narrative: vn::nfc(input.narrative.trim()),
        difficulties: vn::nfc(input.difficulties.trim()),
        proposals: vn::nfc(input.proposals.trim()),
        budget_used,
        evidence: input
            .evidence
            .iter()
            .map(|e| vn::clean(e))
            .filter(|e| !e.is_empty())
            .collect(),
    })
}

/// What the officer typed for an indicator.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ValueInput {
    pub value: Option<String>,
    pub numerator: Option<String>,
    pub denominator: Option<String>,
    pub yes: Option<bool>,
    pub text: Option<String>,
    pub note: String,
}

/// The checked value of an indicator.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ValueFields {
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub yes: Option<bool>,
    pub text: Option<String>,
    pub note: String,
}

fn number(field: &'static str, s: &str) -> Result<f64, FieldError> {
    vn::parse_number(s).map_err(|e| field_error(field, e.to_string()))
}

fn present(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks an indicator's value by the indicator's rule. Returns the value
/// and the warnings (a value far from `previous`).
pub fn check_value(
    indicator: &Indicator,
    input: &ValueInput,
    previous: Option<&IndicatorValue>,
) -> Result<(ValueFields, Vec<String>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = ValueFields {
        note: vn::nfc(input.note.trim()),
        ..ValueFields::default()
    };
    let in_bounds = |v: f64, field: &'static str, errors: &mut Vec<FieldError>| {
        if let Some(min) = indicator.min {
            if v < min {
                errors.push(field_error(
                    field,
                    format!(
                        "{} nhỏ hơn giới hạn {} của chỉ tiêu.",
                        vn::format_decimal(v, 2),
                        vn::format_decimal(min, 2)
                    ),
                ));
            }
        }
        if let Some(max) = indicator.max {
            if v > max {
                errors.push(field_error(
                    field,
                    format!(
                        "{} lớn hơn giới hạn {} của chỉ tiêu.",
                        vn::format_decimal(v, 2),
                        vn::format_decimal(max, 2)
                    ),
                ));
            }
        }
    };
    match &indicator.aggregation {
        Aggregation::Sum => match present(&input.value) {
            None => errors.push(field_error("Giá trị", "chưa nhập.")),
            Some(s) => match number("Giá trị", s) {
                Ok(v) => {
                    in_bounds(v, "Giá trị", &mut errors);
                    out.value = Some(v);
                }
                Err(e) => errors.push(e),
            },
        },
        Aggregation::Ratio {
            numerator,
            denominator,
        } => {
            match (present(&input.numerator), present(&input.denominator)) {
                (Some(num), Some(den)) => {
                let n = number("Tử số", num);
                let d = number("Mẫu số", den);
                match (n, d) {
                    (Ok(n), Ok(d)) => {
                        if n < 0.0 {
                            errors.push(field_error("Tử số", "không được âm."));
                        }
                        if d <= 0.0 {
                            errors.push(field_error("Mẫu số", "phải lớn hơn 0."));
                        }
                        let percent_rate = indicator.max.is_some_and(|m| m <= 100.0)
                            || indicator.measure_unit == "%";
                        if percent_rate && n > d {
                            errors.push(field_error(
                                "Tử số",
                                format!(
                                    "{} lớn hơn mẫu số {}: tỷ lệ không thể quá 100%.",
                                    vn::format_decimal(n, 2),
                                    vn::format_decimal(d, 2)
                                ),
                            ));
                        }
                        if errors.is_empty() {
                            let rate = n / d * 100.0;
                            in_bounds(rate, "Tỷ lệ", &mut errors);
                            out.numerator = Some(n);
                            out.denominator = Some(d);
                            out.value = Some(rate);
                        }
                    }
                    (n, d) => errors.extend(n.err().into_iter().chain(d.err())),
                }
                }
                _ => errors.push(field_error(
                    "Tử số, mẫu số",
                    format!("chỉ tiêu tỷ lệ cần nhập cả “{numerator}” và “{denominator}”, không chỉ tỷ lệ %, để cấp trên cộng dồn đúng."),
                )),
            }
        }
        Aggregation::YesNo => match input.yes {
            Some(y) => out.yes = Some(y),
            None => errors.push(field_error("Có / không", "chưa chọn.")),
        },
        Aggregation::Text => match present(&input.text) {
            Some(t) => out.text = Some(vn::nfc(t)),
            None => errors.push(field_error("Nội dung", "chưa nhập.")),
        },
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut warnings = Vec::new();
    if let (Some(new), Some(old)) = (out.value, previous.and_then(|p| p.value)) {
        let far = if old == 0.0 {
            new.abs() >= 100.0
        } else {
            new / old > 3.0 || new / old < 1.0 / 3.0
        };
        if far {
            warnings.push(format!(
                "Giá trị {} khác nhiều so với kỳ trước ({}, kỳ {}): hãy kiểm tra lại.",
                vn::format_decimal(new, 2),
                vn::format_decimal(old, 2),
                previous.map(|p| p.period.to_string()).unwrap_or_default()
            ));
        }
    }
    Ok((out, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Direction;
    use uuid::Uuid;

    fn indicator(aggregation: Aggregation, max: Option<f64>) -> Indicator {
        Indicator {
            id: Uuid::nil(),
            plan_id: Uuid::nil(),
            task_id: None,
            name: "Tỷ lệ hộ nghèo".into(),
            measure_unit: "%".into(),
            target_value: Some(2.87),
            target_date: None,
            baseline: None,
            direction: Direction::Down,
            aggregation,
            min: Some(0.0),
            max,
            source_span: None,
        }
    }

    fn ratio() -> Indicator {
        indicator(
            Aggregation::Ratio {
                numerator: "Số hộ nghèo".into(),
                denominator: "Tổng số hộ".into(),
            },
            Some(100.0),
        )
    }

    #[test]
    fn ratios_need_numerator_and_denominator() {
        let (v, w) = check_value(
            &ratio(),
            &ValueInput {
                numerator: Some("123".into()),
                denominator: Some("4.285".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
        assert_eq!((v.numerator, v.denominator), (Some(123.0), Some(4285.0)));
        assert!((v.value.unwrap() - 2.870478).abs() < 1e-4);
        assert!(w.is_empty());
        let e = check_value(
            &ratio(),
            &ValueInput {
                value: Some("2,87".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap_err();
        assert!(e[0].to_string().contains("không chỉ tỷ lệ %"), "{}", e[0]);
        let e = check_value(
            &ratio(),
            &ValueInput {
                numerator: Some("500".into()),
                denominator: Some("400".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap_err();
        assert_eq!(e[0].field, "Tử số");
        assert!(e[0].message.contains("quá 100%"));
    }

    #[test]
    fn bad_numbers_name_the_field_and_the_rule() {
        let sum = indicator(Aggregation::Sum, Some(1000.0));
        let e = check_value(
            &sum,
            &ValueInput {
                value: Some("12,5a".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "Giá trị: “12,5a” không phải là số: ký tự “a” ở vị trí 5 không được phép."
        );
        let e = check_value(
            &sum,
            &ValueInput {
                value: Some("1.500".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap_err();
        assert!(e[0].message.contains("lớn hơn giới hạn 1.000"), "{}", e[0]);
        let e = check_value(
            &sum,
            &ValueInput {
                value: Some("-1".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap_err();
        assert!(e[0].message.contains("nhỏ hơn giới hạn 0"));
    }

    #[test]
    fn a_far_value_is_a_warning_not_an_error() {
        let sum = indicator(Aggregation::Sum, None);
        let prev = IndicatorValue {
            indicator_id: Uuid::nil(),
            unit_id: Uuid::nil(),
            period: crate::calendar::Period::parse("2025").unwrap(),
            value: Some(12.0),
            numerator: None,
            denominator: None,
            yes: None,
            text: None,
            note: String::new(),
            updated_at: String::new(),
            updated_by: String::new(),
        };
        let (v, w) = check_value(
            &sum,
            &ValueInput {
                value: Some("120".into()),
                ..Default::default()
            },
            Some(&prev),
        )
        .unwrap();
        assert_eq!(v.value, Some(120.0));
        assert!(
            w[0].contains("khác nhiều so với kỳ trước (12, kỳ 2025)"),
            "{w:?}"
        );
    }

    #[test]
    fn progress_needs_a_status_and_a_reason_when_late() {
        let ok = check_progress(&ProgressInput {
            status: "hoàn thành".into(),
            budget: Some("12.500.000".into()),
            evidence: vec!["Kế hoạch số 12/KH-UBND ngày 05/3/2026".into()],
            ..Default::default()
        })
        .unwrap();
        assert_eq!(ok.status, TaskStatus::HoanThanh);
        assert_eq!(ok.budget_used, Some(12_500_000));
        let e = check_progress(&ProgressInput {
            status: "cham tien do".into(),
            budget: Some("1,5".into()),
            ..Default::default()
        })
        .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|x| x.field).collect();
        assert_eq!(fields, ["Lý do", "Kinh phí đã sử dụng"]);
        let e = check_progress(&ProgressInput {
            status: "xong rồi".into(),
            ..Default::default()
        })
        .unwrap_err();
        assert!(
            e[0].message
                .contains("chưa triển khai, đang thực hiện, hoàn thành"),
            "{}",
            e[0]
        );
    }
}
