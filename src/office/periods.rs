//! A plan's reporting periods as one list: the kinds of report the plan
//! (or a due setting) asks for, each of its periods with its data range, its
//! due date and whether it was reported. `period list`, the dashboard and
//! the window's period chooser all read it, so they never disagree.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::Office;
use crate::calendar::{due_date, plan_covers, DueRule, Period, PeriodKind};
use crate::store::Result;

/// One period of a plan, as the officer chooses it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanPeriod {
    pub period: Period,
    /// "6 tháng đầu năm 2026".
    pub label: String,
    pub data_from: NaiveDate,
    pub data_to: NaiveDate,
    pub due: Option<NaiveDate>,
    pub reported: bool,
    /// "6 tháng đầu năm 2026 — hạn 10/07/2026", "… — đã báo cáo",
    /// "… — chưa đặt hạn": what a list of periods shows.
    pub choice: String,
}

/// The plan's periods in the order they close, and the one being reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanPeriods {
    pub periods: Vec<PlanPeriod>,
    /// The period the officer is reporting on now (as the dashboard says).
    pub current: Option<Period>,
}

/// The kinds a reporting list is made of, with their due rules: the
/// six-monthly and yearly periods of Nghị định 09/2019 (Điều 12), always
/// (the level above may ask for either even when the plan names one; a
/// kind without a due date says so), and the monthly or quarterly ones
/// when the plan or a due setting gives them a due date. Pure.
pub fn reporting_kinds(
    rules: &[(PeriodKind, Option<DueRule>)],
) -> Vec<(PeriodKind, Option<DueRule>)> {
    rules
        .iter()
        .filter(|(kind, rule)| {
            rule.is_some() || matches!(kind, PeriodKind::Half | PeriodKind::Year)
        })
        .copied()
        .collect()
}

/// The regular periods of `kinds` a plan from `start_year` to `end_year`
/// covers, in the order their data close (a half-year before the year
/// that closes with it), each with its due date. Pure.
pub fn plan_period_list(
    kinds: &[(PeriodKind, Option<DueRule>)],
    start_year: i32,
    end_year: i32,
    issued_on: NaiveDate,
) -> Vec<(Period, Option<NaiveDate>)> {
    let mut out = Vec::new();
    for (kind, rule) in kinds {
        // The year after the plan's last holds the data of its last days
        // (15–31/12) under Nghị định 09: `plan_covers` decides. A period
        // whose data ended before the plan was issued is not asked of it.
        for p in crate::calendar::periods_of(*kind, start_year, end_year + 1) {
            if asked_of_plan(&p, start_year, end_year, issued_on) {
                out.push((p, rule.and_then(|r| due_date(&p, r))));
            }
        }
    }
    out.sort_by_key(|(p, _)| closing_order(p, start_year));
    out
}

/// Whether the plan asks a report for `p`: within its years (and the days
/// after its last, Nghị định 09), and not ended before it was issued.
pub(super) fn asked_of_plan(
    p: &Period,
    start_year: i32,
    end_year: i32,
    issued_on: NaiveDate,
) -> bool {
    plan_covers(p, start_year, end_year) && p.data_range(start_year).1 >= issued_on
}

/// The order periods close in: by the end of their data, the shorter
/// first (the half-year before the year that ends with it).
pub(super) fn closing_order(p: &Period, start_year: i32) -> (NaiveDate, u8) {
    let span = match p.kind() {
        Some(PeriodKind::Month) => 0,
        Some(PeriodKind::Quarter) => 1,
        Some(PeriodKind::Half) => 2,
        _ => 3,
    };
    (p.data_range(start_year).1, span)
}

impl Office {
    /// The reporting kinds of `plan` for `unit`, with their due rules.
    pub fn reporting_kinds(
        &self,
        plan: Uuid,
        unit: Uuid,
    ) -> Result<Vec<(PeriodKind, Option<DueRule>)>> {
        let mut rules = Vec::new();
        for kind in [
            PeriodKind::Month,
            PeriodKind::Quarter,
            PeriodKind::Half,
            PeriodKind::Year,
        ] {
            rules.push((kind, self.due_rule(plan, unit, kind.report_kind())?));
        }
        Ok(reporting_kinds(&rules))
    }

    /// Every reporting period of `plan` for `unit`, and the one being
    /// reported as of `today`.
    pub fn plan_periods(&self, plan: Uuid, unit: Uuid, today: NaiveDate) -> Result<PlanPeriods> {
        let summary = self.plan(plan)?;
        let kinds = self.reporting_kinds(plan, unit)?;
        let mut periods = Vec::new();
        for (period, due) in plan_period_list(
            &kinds,
            summary.start_year,
            summary.end_year,
            summary.issued_on,
        ) {
            let (data_from, data_to) = period.data_range(summary.start_year);
            let reported = self.store.lock_of(plan, unit, &period)?.is_some();
            let label = period.label();
            let state = match (reported, due) {
                (true, _) => "đã báo cáo".to_string(),
                (false, Some(d)) => format!("hạn {}", crate::vn::format_short_date(d)),
                (false, None) => "chưa đặt hạn".to_string(),
            };
            periods.push(PlanPeriod {
                period,
                choice: format!("{label} — {state}"),
                label,
                data_from,
                data_to,
                due,
                reported,
            });
        }
        let current = self.dashboard_periods(plan, unit, today)?.1;
        Ok(PlanPeriods { periods, current })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(day: u32, month: u32, next_year: bool) -> Option<DueRule> {
        Some(DueRule {
            day,
            month,
            next_year,
        })
    }

    #[test]
    fn every_plan_reports_by_half_year_and_year_and_by_what_it_asks() {
        let none = [
            (PeriodKind::Month, None),
            (PeriodKind::Quarter, None),
            (PeriodKind::Half, None),
            (PeriodKind::Year, None),
        ];
        assert_eq!(
            reporting_kinds(&none),
            vec![(PeriodKind::Half, None), (PeriodKind::Year, None)]
        );
        // A plan that asks a yearly report keeps the half-years too, not
        // yet given a due date; a quarterly due date adds the quarters.
        let asked = [
            (PeriodKind::Month, None),
            (PeriodKind::Quarter, rule(5, 3, false)),
            (PeriodKind::Half, None),
            (PeriodKind::Year, rule(15, 12, false)),
        ];
        assert_eq!(
            reporting_kinds(&asked),
            vec![
                (PeriodKind::Quarter, rule(5, 3, false)),
                (PeriodKind::Half, None),
                (PeriodKind::Year, rule(15, 12, false))
            ]
        );
    }

    #[test]
    fn periods_come_in_the_order_they_close() {
        let kinds = [
            (PeriodKind::Half, rule(10, 6, false)),
            (PeriodKind::Year, rule(15, 12, false)),
        ];
        let day = |s: &str| crate::vn::parse_date(s).unwrap();
        let list = plan_period_list(&kinds, 2024, 2025, day("05/01/2024"));
        let names: Vec<String> = list.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(
            names,
            ["2024-H1", "2024-H2", "2024", "2025-H1", "2025-H2", "2025", "2026-H1", "2026"]
        );
        // Issued in August: its first report is the second half-year's.
        let late = plan_period_list(&kinds, 2024, 2025, day("15/08/2024"));
        assert_eq!(late[0].0.to_string(), "2024-H2");
        let due: Vec<String> = list
            .iter()
            .map(|(_, d)| crate::vn::format_short_date(d.unwrap()))
            .collect();
        assert_eq!(due[0], "10/06/2024");
        assert_eq!(due[1], "10/12/2024");
        assert_eq!(due[2], "15/12/2024");
    }
}
