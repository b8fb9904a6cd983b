//! The upper level's view of a period: who reported (completeness, as
//! DHIS2's reporting rate) and the figures combined by each indicator's
//! rule (DESIGN §4), each traceable to the submissions it came from.
//! Only signed submissions count; unsigned drafts are listed, never added.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use uuid::Uuid;

use super::progress::{achievement, ValueView};
use super::submissions::received_on;
use super::{Result, Store};
use crate::calendar::{due_date, Period};
use crate::model::{Aggregation, Indicator, IndicatorValue};

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
    pub due: Option<NaiveDate>,
    pub received_on: Option<NaiveDate>,
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
    pub rows: Vec<CompletenessRow>,
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
pub fn combine(indicator: &Indicator, sources: Vec<Source>) -> Combined {
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
    Combined {
        indicator: indicator.clone(),
        value,
        numerator: num,
        denominator: den,
        text,
        sources,
    }
}

impl Store {
    /// Which child units of mine reported `period` of `plan`, as of `today`.
    pub fn completeness(
        &self,
        plan: Uuid,
        period: &Period,
        today: NaiveDate,
    ) -> Result<Completeness> {
        let me = self.my_unit_id()?;
        let subs = self.submissions(plan, period)?;
        let kind = period.kind().map(|k| k.report_kind());
        let mut rows = Vec::new();
        // The units that exist when the period's data close: a unit merged
        // or dissolved before then is not expected (the unit it joined
        // reports its figures; its own history stays).
        let (_, end) = period.data_range(self.plan(plan)?.start_year);
        let mut children: Vec<_> = self
            .units()?
            .into_iter()
            .filter(|u| u.reports_to == Some(me))
            .filter(|u| u.valid_to.is_none_or(|to| to >= end))
            .filter(|u| u.valid_from.is_none_or(|from| from <= end))
            .collect();
        children.sort_by(|a, b| crate::vn::compare(&a.name, &b.name));
        for child in children {
            let due = match kind {
                Some(k) => self
                    .due_rule(plan, child.id, k)?
                    .and_then(|r| due_date(period, r)),
                None => None,
            };
            let mine: Vec<_> = subs.iter().filter(|s| s.unit_id == child.id).collect();
            // Added to this office's list after the report was due: not
            // expected here, unless its file came all the same.
            let added_after = self
                .tracked_from(child.id)?
                .is_some_and(|from| due.unwrap_or(end) < from);
            if mine.is_empty() && added_after {
                continue;
            }
            let first_signed = mine
                .iter()
                .filter(|s| s.signed)
                .filter_map(|s| received_on(&s.received_at))
                .min();
            let current = mine.iter().find(|s| s.superseded_by.is_none());
            let state = match (first_signed, due) {
                (Some(r), Some(d)) if r > d => ReportState::Late,
                (Some(_), _) => ReportState::OnTime,
                (None, _) if !mine.is_empty() => ReportState::DraftOnly,
                (None, Some(d)) if today > d => ReportState::Missing,
                (None, None) => ReportState::Missing,
                (None, Some(_)) => ReportState::NotDue,
            };
            rows.push(CompletenessRow {
                unit_id: child.id,
                unit: child.name.clone(),
                state,
                state_label: state.label(),
                due,
                received_on: first_signed
                    .or_else(|| current.and_then(|s| received_on(&s.received_at))),
                version: current.map(|s| s.report_version),
                signer: current.and_then(|s| s.signer.clone()),
            });
        }
        let reported = rows
            .iter()
            .filter(|r| matches!(r.state, ReportState::OnTime | ReportState::Late))
            .count();
        Ok(Completeness {
            period: *period,
            expected: rows.len(),
            reported,
            on_time: rows
                .iter()
                .filter(|r| r.state == ReportState::OnTime)
                .count(),
            rows,
        })
    }

    /// Who reported for which period: the last `last` reporting periods
    /// begun by `today` (each year's six-month and yearly reports, and any
    /// period a file was received for), oldest first, one row per unit
    /// expected in any of them; a cell is None where the unit was not
    /// expected (it did not exist then, or this office began following it
    /// after the report was due).
    pub fn completeness_matrix(
        &self,
        plan: Uuid,
        today: NaiveDate,
        last: usize,
    ) -> Result<CompletenessMatrix> {
        let p = self.plan(plan)?;
        let mut periods: Vec<Period> = (p.start_year..=p.end_year.min(today.year()))
            .flat_map(|year| [Period::Half { year, half: 1 }, Period::Year { year }])
            .collect();
        let received: Vec<String> = {
            let mut stmt = self
                .conn()
                .prepare("SELECT DISTINCT period FROM submissions WHERE plan_id = ?1")?;
            let rows = stmt.query_map([plan], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        periods.extend(received.iter().filter_map(|s| Period::parse(s).ok()));
        let start = |x: &Period| x.data_range(p.start_year).0;
        let end = |x: &Period| x.data_range(p.start_year).1;
        periods.retain(|x| start(x) <= today);
        periods.sort_by_key(|x| (end(x), start(x)));
        periods.dedup();
        let periods = periods[periods.len().saturating_sub(last)..].to_vec();

        let mut rows: Vec<MatrixRow> = Vec::new();
        for (i, period) in periods.iter().enumerate() {
            for r in self.completeness(plan, period, today)?.rows {
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
        Ok(CompletenessMatrix {
            periods: periods
                .iter()
                .map(|x| PeriodColumn {
                    period: *x,
                    label: x.label(),
                })
                .collect(),
            rows,
        })
    }

    /// My unit's figures for `period` combined with my children's signed
    /// submissions, indicator by indicator, with their sources.
    pub fn consolidate(
        &self,
        plan: Uuid,
        period: &Period,
        today: NaiveDate,
    ) -> Result<Consolidation> {
        let me = self.unit(self.my_unit_id()?)?;
        let payloads = self.current_payloads(plan, period)?;
        let mut values = Vec::new();
        for ind in self.indicators(plan)? {
            let mut sources = Vec::new();
            if let Some(v) = self
                .values(plan, me.id, period)?
                .into_iter()
                .find(|v| v.indicator.id == ind.id)
                .and_then(|v| v.value)
            {
                sources.push(Source {
                    unit_id: me.id,
                    unit: me.name.clone(),
                    submission: None,
                    signer: None,
                    value: v.value,
                    numerator: v.numerator,
                    denominator: v.denominator,
                    yes: v.yes,
                    text: v.text,
                });
            }
            for (sub, payload) in payloads.iter().filter(|(s, _)| s.signed) {
                if let Some(v) = payload.values.iter().find(|v| v.indicator_id == ind.id) {
                    sources.push(Source {
                        unit_id: sub.unit_id,
                        unit: payload.unit.name.clone(),
                        submission: Some(sub.id),
                        signer: sub.signer.clone(),
                        value: v.value,
                        numerator: v.numerator,
                        denominator: v.denominator,
                        yes: v.yes,
                        text: v.text.clone(),
                    });
                }
            }
            values.push(combine(&ind, sources));
        }
        Ok(Consolidation {
            period: *period,
            completeness: self.completeness(plan, period, today)?,
            values,
        })
    }

    /// The indicator values a report of `unit` shows: its own, or, when it
    /// has received signed reports from its children for the period, the
    /// combined figures (so the report's text and its data agree).
    pub(crate) fn report_values(
        &self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
    ) -> Result<Vec<ValueView>> {
        let own = self.values(plan, unit, period)?;
        let has_children_data = unit == self.my_unit_id()?
            && self
                .current_payloads(plan, period)?
                .iter()
                .any(|(s, _)| s.signed);
        if !has_children_data {
            return Ok(own);
        }
        let combined = self.consolidate(plan, period, NaiveDate::MAX)?;
        Ok(own
            .into_iter()
            .zip(combined.values)
            .map(|(view, c)| {
                let value = (c.value.is_some() || c.text.is_some()).then(|| IndicatorValue {
                    indicator_id: c.indicator.id,
                    unit_id: unit,
                    period: *period,
                    value: c.value,
                    numerator: c.numerator,
                    denominator: c.denominator,
                    yes: None,
                    text: c.text.clone(),
                    note: format!("Tổng hợp từ {} đơn vị", c.sources.len()),
                    updated_at: String::new(),
                    updated_by: String::new(),
                });
                let achievement = match (c.value, c.indicator.target_value) {
                    (Some(v), Some(t)) => achievement(v, t, c.indicator.direction),
                    _ => None,
                };
                ValueView {
                    indicator: view.indicator,
                    value,
                    cumulative: c.value,
                    achievement,
                }
            })
            .collect())
    }
}
