//! What the officer reads of figures, dates and due dates: the one source
//! of display text for the window and the command line (neither formats a
//! number or a date itself). Pure.

use chrono::NaiveDate;

use crate::model::{Aggregation, Indicator};
use crate::vn;

/// A figure as read: "1.234,5", "—" when there is none.
pub fn figure(x: Option<f64>) -> String {
    x.map(|v| vn::format_decimal(v, 2))
        .unwrap_or_else(|| "—".into())
}

/// A figure as put back in a field to edit: "1.234,56789", empty when none.
pub fn figure_to_edit(x: Option<f64>) -> String {
    x.map(|v| vn::format_decimal(v, 6)).unwrap_or_default()
}

/// A figure just saved, as said back: "1.234,5", empty when none.
pub fn saved(x: Option<f64>) -> String {
    x.map(|v| vn::format_decimal(v, 2)).unwrap_or_default()
}

/// A date as read: "05/07/2026", empty when none.
pub fn date(d: Option<NaiveDate>) -> String {
    d.map(vn::format_short_date).unwrap_or_default()
}

/// A date and time stored as RFC 3339, read as its date: "05/07/2026".
pub fn date_of(stamp: &str) -> String {
    date(
        chrono::DateTime::parse_from_rfc3339(stamp)
            .ok()
            .map(|t| t.date_naive()),
    )
}

/// Where a report due stands: "đã báo cáo", "hạn 10/07/2026, còn 5 ngày",
/// "hạn 10/07/2026, quá 3 ngày", "chưa đặt hạn".
pub fn due(due: Option<NaiveDate>, days_left: Option<i64>, reported: bool) -> String {
    match (reported, due, days_left) {
        (true, _, _) => "đã báo cáo".into(),
        (false, Some(d), Some(n)) if n >= 0 => format!("hạn {}, còn {n} ngày", date(Some(d))),
        (false, Some(d), Some(n)) => format!("hạn {}, quá {} ngày", date(Some(d)), -n),
        (false, Some(d), None) => format!("hạn {}", date(Some(d))),
        (false, None, _) => "chưa đặt hạn".into(),
    }
}

/// A finalised report's number and date as read: "số 01/BC-UBND, ngày
/// 05/07/2026"; empty for a draft.
pub fn report_number(r: &crate::model::Report) -> String {
    match (r.number, r.issued_on) {
        (Some(_), Some(d)) => format!("số {}, ngày {}", r.doc_number(), date(Some(d))),
        (Some(_), None) => format!("số {}", r.doc_number()),
        _ => String::new(),
    }
}

/// An indicator's target as read: "mục tiêu 95,5 %", or that none is set.
pub fn target(ind: &Indicator) -> String {
    match ind.target_value {
        None => "chưa ghi mục tiêu".into(),
        Some(t) => format!("mục tiêu {} {}", vn::format_decimal(t, 3), ind.measure_unit)
            .trim()
            .to_string(),
    }
}

/// A combined or single figure by the indicator's rule: a sum, "95,5%
/// (191 / 200)" for a ratio, "3 / 4 đơn vị có" for yes/no, the text.
pub fn combined(
    aggregation: &Aggregation,
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    text: Option<&str>,
) -> String {
    match aggregation {
        Aggregation::Sum => figure(value),
        Aggregation::Ratio { .. } => format!(
            "{}% ({} / {})",
            figure(value),
            figure(numerator),
            figure(denominator)
        ),
        Aggregation::YesNo => format!("{} / {} đơn vị có", figure(numerator), figure(denominator)),
        Aggregation::Text => text.map(str::to_string).unwrap_or_else(|| "—".into()),
    }
}

/// One unit's contribution by the indicator's rule: "191 / 200" for a
/// ratio, "có" / "không" for a yes/no answer (or a lower level's "3 / 4"),
/// the text, the figure.
pub fn source(
    aggregation: &Aggregation,
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    yes: Option<bool>,
    text: Option<&str>,
) -> String {
    match aggregation {
        Aggregation::Ratio { .. } => format!("{} / {}", figure(numerator), figure(denominator)),
        Aggregation::YesNo => match yes {
            Some(true) => "có".into(),
            Some(false) => "không".into(),
            None => format!("{} / {}", figure(numerator), figure(denominator)),
        },
        Aggregation::Text => text.unwrap_or_default().to_string(),
        Aggregation::Sum => figure(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_and_dates_read_the_vietnamese_way() {
        assert_eq!(figure(Some(1234.5)), "1.234,5");
        assert_eq!(figure(None), "—");
        assert_eq!(figure_to_edit(Some(2.875)), "2,875");
        assert_eq!(figure_to_edit(None), "");
        let d = NaiveDate::from_ymd_opt(2026, 7, 10).unwrap();
        assert_eq!(date(Some(d)), "10/07/2026");
        assert_eq!(date_of("2026-07-10T12:00:00+07:00"), "10/07/2026");
        assert_eq!(due(Some(d), Some(5), false), "hạn 10/07/2026, còn 5 ngày");
        assert_eq!(due(Some(d), Some(-3), false), "hạn 10/07/2026, quá 3 ngày");
        assert_eq!(due(None, None, false), "chưa đặt hạn");
        assert_eq!(due(Some(d), Some(-3), true), "đã báo cáo");
    }

    #[test]
    fn a_yes_no_source_reads_yes_or_no() {
        let yn = Aggregation::YesNo;
        assert_eq!(source(&yn, None, None, None, Some(true), None), "có");
        assert_eq!(source(&yn, None, Some(3.0), Some(4.0), None, None), "3 / 4");
        assert_eq!(
            combined(&yn, Some(3.0), Some(3.0), Some(4.0), None),
            "3 / 4 đơn vị có"
        );
    }
}
