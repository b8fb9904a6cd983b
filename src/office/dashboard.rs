//! What the officer sees first for a plan: the period being reported, the
//! days left, what is missing, how the indicators stand, what changed since
//! the last report.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::Office;
use crate::calendar::{due_date, Period, PeriodKind};
use crate::model::ValueView;
use crate::model::{PlanSummary, TaskStatus};
use crate::store::{Change, Result};

#[derive(Debug, Clone, Serialize)]
pub struct CurrentPeriod {
    pub period: Period,
    pub label: String,
    pub due: Option<NaiveDate>,
    pub days_left: Option<i64>,
    pub reported: bool,
    /// Where it stands, as read: "hạn 10/07/2026, còn 5 ngày", "đã báo cáo".
    pub due_label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskRef {
    pub code: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub plan: PlanSummary,
    pub today: NaiveDate,
    /// The plan's data period is over (its last year has closed).
    pub plan_ended: bool,
    /// The six-monthly and yearly periods now (or the plan's last ones).
    pub periods: Vec<CurrentPeriod>,
    /// The period the officer is reporting on: the first of `periods` not
    /// reported yet.
    pub reporting: Option<Period>,
    pub tasks_without_progress: Vec<TaskRef>,
    /// Tasks marked late, or past their deadline and not done.
    pub overdue_tasks: Vec<TaskRef>,
    pub indicators: Vec<IndicatorStanding>,
    /// Progress and values written since this unit's last report (lock).
    pub changes_since_last_report: Vec<Change>,
}

/// How an indicator stands: its figure in the period being reported on, or,
/// when that has none yet, in the latest period of `periods` that has one
/// (after the half-year is signed, the year starts empty).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorStanding {
    pub period: Period,
    pub period_label: String,
    /// As read: "191 / 200 (95,5%) — 6 tháng đầu năm 2026", or that the
    /// period has no figure yet.
    pub standing_label: String,
    #[serde(flatten)]
    pub view: ValueView,
}

impl IndicatorStanding {
    fn new(period: Period, view: ValueView) -> IndicatorStanding {
        let period_label = period.label();
        let standing_label = match view.achievement {
            None => format!("chưa có số liệu {period_label}"),
            Some(a) => format!(
                "{} / {} ({}%) — {period_label}",
                crate::label::figure(view.cumulative),
                crate::label::figure(view.indicator.target_value),
                crate::vn::format_decimal(a, 1)
            ),
        };
        IndicatorStanding {
            period,
            period_label,
            standing_label,
            view,
        }
    }
}

impl Office {
    pub fn dashboard(&self, plan_id: Uuid, unit: Uuid, today: NaiveDate) -> Result<Dashboard> {
        let summary = self.plans()?.into_iter().find(|p| p.id == plan_id).ok_or(
            crate::store::StoreError::NotFoundItem {
                what: "kế hoạch",
                query: plan_id.to_string(),
            },
        )?;
        let (_, plan_end) = crate::calendar::plan_data_range(summary.start_year, summary.end_year);
        let plan_ended = today > plan_end;
        let as_of = today.min(plan_end);
        let mut periods = Vec::new();
        for kind in [PeriodKind::Half, PeriodKind::Year] {
            let period = Period::containing(as_of, kind);
            let due = self
                .due_rule(plan_id, unit, kind.report_kind())?
                .and_then(|r| due_date(&period, r));
            let reported = self.store.lock_of(plan_id, unit, &period)?.is_some();
            let days_left = due.map(|d| (d - today).num_days());
            periods.push(CurrentPeriod {
                period,
                label: period.label(),
                due,
                days_left,
                reported,
                due_label: crate::label::due(due, days_left, reported),
            });
        }
        let reporting = periods
            .iter()
            .find(|p| !p.reported && p.due.is_some())
            .map(|p| p.period);
        let tasks_without_progress = match &reporting {
            Some(p) => self
                .tasks_without_progress(plan_id, unit, p)?
                .into_iter()
                .map(|(_, code, title)| TaskRef { code, title })
                .collect(),
            None => Vec::new(),
        };
        // The reporting period first, then the others, latest first.
        let mut candidates: Vec<Period> = reporting.into_iter().collect();
        for p in periods.iter().rev() {
            if !candidates.contains(&p.period) {
                candidates.push(p.period);
            }
        }
        let mut indicators: Vec<IndicatorStanding> = Vec::new();
        for period in &candidates {
            // Start-up path: earlier periods are read only when needed.
            if !indicators.is_empty() && indicators.iter().all(|s| s.view.value.is_some()) {
                break;
            }
            for view in self.values(plan_id, unit, period)? {
                let standing = IndicatorStanding::new(*period, view);
                match indicators
                    .iter_mut()
                    .find(|s| s.view.indicator.id == standing.view.indicator.id)
                {
                    None => indicators.push(standing),
                    Some(s) if s.view.value.is_none() && standing.view.value.is_some() => {
                        *s = standing
                    }
                    Some(_) => {}
                }
            }
        }
        let overdue_tasks = self.overdue_tasks(plan_id, unit, today)?;
        let since = self.store.last_locked_at(plan_id, unit)?;
        let changes_since_last_report = self.store.changes_since(plan_id, unit, &since)?;
        Ok(Dashboard {
            plan: summary,
            today,
            plan_ended,
            periods,
            reporting,
            tasks_without_progress,
            overdue_tasks,
            indicators,
            changes_since_last_report,
        })
    }

    /// Tasks whose latest status (in any period) is "chậm tiến độ", or whose
    /// deadline has passed without being done.
    fn overdue_tasks(&self, plan: Uuid, unit: Uuid, today: NaiveDate) -> Result<Vec<TaskRef>> {
        Ok(self
            .store
            .latest_task_statuses(plan, unit)?
            .into_iter()
            .filter(|(_, _, deadline, status)| {
                *status == Some(TaskStatus::ChamTienDo)
                    || (deadline.is_some_and(|d| d < today)
                        && *status != Some(TaskStatus::HoanThanh))
            })
            .map(|(code, title, _, _)| TaskRef { code, title })
            .collect())
    }
}
