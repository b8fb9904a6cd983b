//! The upper level's view of a period: who reported (completeness, as
//! DHIS2's reporting rate) and the figures combined by each indicator's
//! rule (DESIGN §4), each traceable to the submissions it came from.
//! Only signed submissions count; unsigned drafts are listed, never added.
//!
//! Pure: the rules (a unit's state, the periods shown, how figures
//! combine) and the shapes they fill. What they are applied to is
//! gathered by the office (`office/consolidate.rs`).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use uuid::Uuid;

use crate::calendar::Period;
use crate::model::{Aggregation, Indicator};

/// Where a child unit stands for a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    /// Signed and received by the due date (or no due date is set).
    OnTime,
    /// Signed, received after the due date.
    Late,
    /// Only an unsigned draft was received.
    DraftOnly,
    /// Nothing yet, and the due date has passed.
    Missing,
    /// Nothing yet, not due yet.
    NotDue,
}

impl ReportState {
    /// Where a unit stands: when its first signed file came (if any), when
    /// it was due (if a due date is set), whether any file came, today.
    pub fn of(
        first_signed: Option<NaiveDate>,
        due: Option<NaiveDate>,
        any_file: bool,
        today: NaiveDate,
    ) -> ReportState {
        match (first_signed, due) {
            (Some(r), Some(d)) if r > d => ReportState::Late,
            (Some(_), _) => ReportState::OnTime,
            (None, _) if any_file => ReportState::DraftOnly,
            (None, Some(d)) if today > d => ReportState::Missing,
            (None, None) => ReportState::Missing,
            (None, Some(_)) => ReportState::NotDue,
        }
    }

    /// Counted as reported: a signed file came.
    pub fn reported(self) -> bool {
        matches!(self, ReportState::OnTime | ReportState::Late)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportState::OnTime => "đúng hạn",
            ReportState::Late => "muộn",
            ReportState::DraftOnly => "chỉ có dự thảo chưa ký",
            ReportState::Missing => "chưa gửi (quá hạn)",
            ReportState::NotDue => "chưa gửi (chưa đến hạn)",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CompletenessRow {
    pub unit_id: Uuid,
    pub unit: String,
    pub state: ReportState,
    /// The state as the officer reads it.
    pub state_label: &'static str,
    /// `urgency(state)`: the window lists what needs action first.
    pub urgency: u8,
    pub due: Option<NaiveDate>,
    pub received_on: Option<NaiveDate>,
    /// `due` and `received_on` as read ("10/07/2026", or empty).
    pub due_label: String,
    pub received_label: String,
    pub version: Option<u32>,
    /// Who signed the current file (its first signature).
    pub signer: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Completeness {
    pub period: Period,
    pub expected: usize,
    /// Signed reports received (on time or late).
    pub reported: usize,
    pub on_time: usize,
    /// What needs the officer's action: `needs_action`.
    pub needs_action: Vec<String>,
    pub rows: Vec<CompletenessRow>,
}

/// Where a state stands in the order of what needs action: late and
/// missing first, then drafts only, not due yet, received late, on time.
pub fn urgency(s: ReportState) -> u8 {
    match s {
        ReportState::Missing => 0,
        ReportState::DraftOnly => 1,
        ReportState::NotDue => 2,
        ReportState::Late => 3,
        ReportState::OnTime => 4,
    }
}

/// What needs action in a period, as the officer reads it: the units late
/// with nothing signed, those that sent only a draft, those not due yet;
/// or that every signed report has come. Pure.
pub fn needs_action(rows: &[CompletenessRow]) -> Vec<String> {
    let names = |state: ReportState| -> Vec<&str> {
        rows.iter()
            .filter(|r| r.state == state)
            .map(|r| r.unit.as_str())
            .collect()
    };
    let listed = |units: &[&str]| {
        if units.len() <= 5 {
            units.join(", ")
        } else {
            format!(
                "{} và {} đơn vị khác",
                units[..5].join(", "),
                units.len() - 5
            )
        }
    };
    let mut out = Vec::new();
    if rows.is_empty() {
        out.push("Chưa có đơn vị trực thuộc nào phải gửi báo cáo kỳ này.".to_string());
        return out;
    }
    let missing = names(ReportState::Missing);
    if !missing.is_empty() {
        out.push(format!(
            "Quá hạn, chưa gửi báo cáo đã ký ({} đơn vị): {}.",
            missing.len(),
            listed(&missing)
        ));
    }
    let drafts = names(ReportState::DraftOnly);
    if !drafts.is_empty() {
        out.push(format!(
            "Mới gửi bản chưa ký ({} đơn vị): {}.",
            drafts.len(),
            listed(&drafts)
        ));
    }
    let waiting: Vec<&CompletenessRow> = rows
        .iter()
        .filter(|r| r.state == ReportState::NotDue)
        .collect();
    if !waiting.is_empty() {
        let first_due = waiting.iter().filter_map(|r| r.due).min();
        out.push(format!(
            "Chưa đến hạn ({} đơn vị){}.",
            waiting.len(),
            first_due
                .map(|d| format!(", hạn sớm nhất {}", crate::vn::format_short_date(d)))
                .unwrap_or_default()
        ));
    }
    if out.is_empty() {
        out.push(format!(
            "Đã nhận đủ báo cáo đã ký của {} đơn vị.",
            rows.len()
        ));
    }
    out
}

/// Who reported for which period (unit × period).
#[derive(Debug, Clone, Serialize)]
pub struct CompletenessMatrix {
    pub periods: Vec<PeriodColumn>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodColumn {
    pub period: Period,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub unit_id: Uuid,
    pub unit: String,
    /// One per period; None where the unit was not expected.
    pub cells: Vec<Option<MatrixCell>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixCell {
    pub state: ReportState,
    pub state_label: &'static str,
}

/// One unit's contribution to a combined figure.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub unit_id: Uuid,
    pub unit: String,
    /// The submission it came from; None for my unit's own data.
    pub submission: Option<Uuid>,
    /// Who signed that file.
    pub signer: Option<String>,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub yes: Option<bool>,
    pub text: Option<String>,
    /// The contribution as read by the indicator's rule (set by [`combine`]).
    pub label: String,
}

/// An indicator combined over my unit and its reporting children.
#[derive(Debug, Clone, Serialize)]
pub struct Combined {
    pub indicator: Indicator,
    /// sum: the total; ratio: Σnumerator / Σdenominator in %; yes_no: the
    /// count of yes.
    pub value: Option<f64>,
    /// ratio: Σnumerator; yes_no: the count of yes.
    pub numerator: Option<f64>,
    /// ratio: Σdenominator; yes_no: how many units answered.
    pub denominator: Option<f64>,
    /// text: "Unit: text" per unit, in unit order.
    pub text: Option<String>,
    /// The figure as read by the rule: "95,5% (191 / 200)", "3 / 4 đơn vị có".
    pub label: String,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Consolidation {
    pub period: Period,
    pub completeness: Completeness,
    pub values: Vec<Combined>,
}

fn add(total: &mut Option<f64>, x: Option<f64>) {
    if let Some(x) = x {
        *total = Some(total.unwrap_or(0.0) + x);
    }
}

/// Combines the sources of one indicator by its rule. Pure.
pub fn combine(indicator: &Indicator, mut sources: Vec<Source>) -> Combined {
    let (mut value, mut num, mut den, mut text) = (None, None, None, None);
    match &indicator.aggregation {
        Aggregation::Sum => {
            for s in &sources {
                add(&mut value, s.value);
            }
        }
        Aggregation::Ratio { .. } => {
            for s in sources
                .iter()
                .filter(|s| s.numerator.is_some() && s.denominator.is_some())
            {
                add(&mut num, s.numerator);
                add(&mut den, s.denominator);
            }
            value = match (num, den) {
                (Some(n), Some(d)) if d > 0.0 => Some(n / d * 100.0),
                _ => None,
            };
        }
        Aggregation::YesNo => {
            for s in &sources {
                match s.yes {
                    Some(y) => {
                        add(&mut num, Some(if y { 1.0 } else { 0.0 }));
                        add(&mut den, Some(1.0));
                    }
                    // A lower level's own consolidation: yes count of N.
                    None => {
                        add(&mut num, s.numerator);
                        add(&mut den, s.denominator);
                    }
                }
            }
            value = num;
        }
        Aggregation::Text => {
            let lines: Vec<String> = sources
                .iter()
                .filter_map(|s| {
                    s.text
                        .as_deref()
                        .filter(|t| !t.trim().is_empty())
                        .map(|t| format!("{}: {}", s.unit, t.trim()))
                })
                .collect();
            text = (!lines.is_empty()).then(|| lines.join("\n"));
        }
    }
    let rule = &indicator.aggregation;
    for s in &mut sources {
        s.label = crate::label::source(
            rule,
            s.value,
            s.numerator,
            s.denominator,
            s.yes,
            s.text.as_deref(),
        );
    }
    Combined {
        indicator: indicator.clone(),
        label: crate::label::combined(rule, value, num, den, text.as_deref()),
        value,
        numerator: num,
        denominator: den,
        text,
        sources,
    }
}

/// The periods of a who-reported table: the last `last` reporting periods
/// of a plan running `start_year`..=`end_year` begun by `today` (each
/// year's six-month and yearly reports, and any period a file was
/// `received` for), oldest first.
pub fn matrix_periods(
    start_year: i32,
    end_year: i32,
    received: &[Period],
    today: NaiveDate,
    last: usize,
) -> Vec<Period> {
    let mut periods: Vec<Period> = (start_year..=end_year.min(today.year()))
        .flat_map(|year| [Period::Half { year, half: 1 }, Period::Year { year }])
        .collect();
    periods.extend(received.iter().copied());
    let start = |x: &Period| x.data_range(start_year).0;
    let end = |x: &Period| x.data_range(start_year).1;
    periods.retain(|x| start(x) <= today);
    periods.sort_by_key(|x| (end(x), start(x)));
    periods.dedup();
    periods[periods.len().saturating_sub(last)..].to_vec()
}

/// Fills the who-reported table from each period's completeness: one row
/// per unit expected in any of them, None where it was not expected.
pub fn matrix(periods: &[Period], each: Vec<Completeness>) -> CompletenessMatrix {
    let mut rows: Vec<MatrixRow> = Vec::new();
    for (i, c) in each.into_iter().enumerate() {
        for r in c.rows {
            let at = match rows.iter().position(|m| m.unit_id == r.unit_id) {
                Some(at) => at,
                None => {
                    rows.push(MatrixRow {
                        unit_id: r.unit_id,
                        unit: r.unit.clone(),
                        cells: vec![None; periods.len()],
                    });
                    rows.len() - 1
                }
            };
            rows[at].cells[i] = Some(MatrixCell {
                state: r.state,
                state_label: r.state_label,
            });
        }
    }
    rows.sort_by(|a, b| crate::vn::compare(&a.unit, &b.unit));
    CompletenessMatrix {
        periods: periods
            .iter()
            .map(|x| PeriodColumn {
                period: *x,
                label: x.label(),
            })
            .collect(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(unit: &str, state: ReportState, due: Option<(i32, u32, u32)>) -> CompletenessRow {
        let due = due.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap());
        CompletenessRow {
            unit_id: Uuid::nil(),
            unit: unit.into(),
            state,
            state_label: state.label(),
            urgency: urgency(state),
            due,
            received_on: None,
            due_label: String::new(),
            received_label: String::new(),
            version: None,
            signer: None,
        }
    }

    /// Each case: the rows, then what needs action as said.
    #[test]
    fn needs_action_table() {
        use ReportState::*;
        let many: Vec<CompletenessRow> = (1..=7)
            .map(|i| row(&format!("Xã {i}"), Missing, Some((2026, 7, 10))))
            .collect();
        let cases: Vec<(Vec<CompletenessRow>, Vec<&str>)> = vec![
            (vec![], vec!["Chưa có đơn vị trực thuộc nào phải gửi báo cáo kỳ này."]),
            (
                vec![row("Xã A", OnTime, None), row("Xã B", Late, None)],
                vec!["Đã nhận đủ báo cáo đã ký của 2 đơn vị."],
            ),
            (
                vec![
                    row("Xã A", OnTime, None),
                    row("Xã B", Missing, Some((2026, 7, 10))),
                    row("Xã C", DraftOnly, Some((2026, 7, 10))),
                    row("Xã D", NotDue, Some((2026, 12, 15))),
                    row("Xã E", NotDue, Some((2026, 12, 10))),
                ],
                vec![
                    "Quá hạn, chưa gửi báo cáo đã ký (1 đơn vị): Xã B.",
                    "Mới gửi bản chưa ký (1 đơn vị): Xã C.",
                    "Chưa đến hạn (2 đơn vị), hạn sớm nhất 10/12/2026.",
                ],
            ),
            (
                many,
                vec!["Quá hạn, chưa gửi báo cáo đã ký (7 đơn vị): Xã 1, Xã 2, Xã 3, Xã 4, Xã 5 và 2 đơn vị khác."],
            ),
        ];
        for (rows, want) in cases {
            assert_eq!(needs_action(&rows), want);
        }
        assert!(urgency(Missing) < urgency(DraftOnly) && urgency(NotDue) < urgency(OnTime));
    }
}
