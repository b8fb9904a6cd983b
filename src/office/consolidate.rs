//! The upper level's view of a period, gathered: who was expected, what
//! came from each, the figures to combine (the rules are
//! `crate::consolidation`).

use chrono::NaiveDate;
use uuid::Uuid;

use super::Office;
use crate::calendar::{due_date, Period};
use crate::consolidation::{
    combine, matrix, matrix_periods, Completeness, CompletenessMatrix, CompletenessRow,
    Consolidation, ReportState, Source,
};
use crate::model::{achievement, IndicatorValue, ValueView};
use crate::store::{received_on, Result};

impl Office {
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
            let received_on =
                first_signed.or_else(|| current.and_then(|s| received_on(&s.received_at)));
            let state = ReportState::of(first_signed, due, !mine.is_empty(), today);
            rows.push(CompletenessRow {
                unit_id: child.id,
                unit: child.name.clone(),
                state,
                state_label: state.label(),
                urgency: crate::consolidation::urgency(state),
                due,
                received_on,
                due_label: crate::label::date(due),
                received_label: crate::label::date(received_on),
                version: current.map(|s| s.report_version),
                signer: current.and_then(|s| s.signer.clone()),
            });
        }
        let reported = rows.iter().filter(|r| r.state.reported()).count();
        Ok(Completeness {
            needs_action: crate::consolidation::needs_action(&rows),
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
        let received = self.store.received_periods(plan)?;
        let periods = matrix_periods(p.start_year, p.end_year, &received, today, last);
        let each = periods
            .iter()
            .map(|period| self.completeness(plan, period, today))
            .collect::<Result<Vec<_>>>()?;
        Ok(matrix(&periods, each))
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
        let payloads = self.store.current_payloads(plan, period)?;
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
                    label: String::new(),
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
                        label: String::new(),
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
                    // The children's figures of a year before are not
                    // consolidated here: nothing is compared rather than
                    // this office's own figure against their total.
                    last_year: None,
                }
            })
            .collect())
    }
}
