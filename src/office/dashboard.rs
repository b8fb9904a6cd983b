//! What the officer sees first for a plan: the period being reported, the
//! days left, what is missing, how the indicators stand, what changed since
//! the last report.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::Office;
use crate::calendar::{due_date, Period};
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

/// One thing to do next, as the "Việc cần làm" panel shows it: what it
/// is, whether it is done, and the screen where it is done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextStep {
    pub done: bool,
    pub text: String,
    /// The window's screen: "plan", "entry", "report", "settings",
    /// "consolidate".
    pub screen: &'static str,
    /// The link's words: "Phân công nhiệm vụ".
    pub action: &'static str,
}

/// What the next steps are read from: plain facts about the plan, the
/// unit and the period being reported.
#[derive(Debug, Clone, Default)]
pub struct StepFacts {
    pub leads: u32,
    pub partners: u32,
    /// The report settings not written yet, as named in the settings form.
    pub missing_settings: Vec<&'static str>,
    pub signer_name: String,
    pub signer_title: String,
    /// The period being reported, its due date and days left.
    pub reporting: Option<(String, NaiveDate, i64)>,
    pub tasks_without_progress: usize,
    pub indicators_without_value: usize,
}

/// The next steps, in the order an officer takes them: the tasks of the
/// unit, the report settings, the signer, then the period's results and
/// report. Pure.
pub fn next_steps(f: &StepFacts) -> Vec<NextStep> {
    let step = |done, text: String, screen, action| NextStep {
        done,
        text,
        screen,
        action,
    };
    let mut out = Vec::new();
    let assigned = f.leads + f.partners > 0;
    out.push(if assigned {
        let mut parts = Vec::new();
        if f.leads > 0 {
            parts.push(format!("chủ trì {} nhiệm vụ", f.leads));
        }
        if f.partners > 0 {
            parts.push(format!("phối hợp {} nhiệm vụ", f.partners));
        }
        step(
            true,
            format!("Đơn vị {}.", parts.join(", ")),
            "plan",
            "Xem phân công",
        )
    } else {
        step(
            false,
            "Kế hoạch chưa giao nhiệm vụ nào cho đơn vị: chọn các nhiệm vụ đơn vị chủ trì hoặc phối hợp."
                .into(),
            "plan",
            "Phân công nhiệm vụ",
        )
    });
    out.push(if f.missing_settings.is_empty() {
        step(
            true,
            "Thiết lập báo cáo đã đủ (ký hiệu, địa danh, nơi gửi, nơi nhận).".into(),
            "settings",
            "Xem thiết lập",
        )
    } else {
        step(
            false,
            format!(
                "Thiết lập báo cáo còn thiếu: {}.",
                f.missing_settings.join(", ")
            ),
            "settings",
            "Ghi thiết lập báo cáo",
        )
    });
    let signer = f.signer_name.trim();
    out.push(if signer.is_empty() || f.signer_title.trim().is_empty() {
        step(
            false,
            "Chưa ghi người ký báo cáo (họ tên, thẩm quyền ký và chức vụ).".into(),
            "settings",
            "Ghi người ký",
        )
    } else {
        step(
            true,
            format!("Người ký báo cáo: {signer} ({}).", f.signer_title.trim()),
            "settings",
            "Xem người ký",
        )
    });
    match &f.reporting {
        None => out.push(step(
            false,
            "Chưa có hạn gửi báo cáo: kế hoạch không ghi, cấp trên chưa giao. Hạn được đặt ở màn hình Tổng hợp."
                .into(),
            "consolidate",
            "Đặt hạn gửi",
        )),
        Some((label, due, days_left)) => {
            let when = if *days_left >= 0 {
                format!("còn {days_left} ngày")
            } else {
                format!("đã quá hạn {} ngày", -days_left)
            };
            let due = crate::vn::format_short_date(*due);
            let mut missing = Vec::new();
            if assigned && f.tasks_without_progress > 0 {
                missing.push(format!(
                    "{} nhiệm vụ chưa có kết quả",
                    f.tasks_without_progress
                ));
            }
            if f.indicators_without_value > 0 {
                missing.push(format!(
                    "{} chỉ tiêu chưa có số liệu",
                    f.indicators_without_value
                ));
            }
            out.push(if missing.is_empty() {
                step(
                    true,
                    format!("Kết quả {label} đã nhập đủ."),
                    "entry",
                    "Xem kết quả",
                )
            } else {
                step(
                    false,
                    format!("Kết quả {label}: còn {}.", missing.join(", ")),
                    "entry",
                    "Nhập kết quả",
                )
            });
            out.push(step(
                false,
                format!("Gửi báo cáo {label}: hạn {due}, {when}."),
                "report",
                "Lập báo cáo",
            ));
        }
    }
    out
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
    /// What to do next ("Việc cần làm").
    pub next_steps: Vec<NextStep>,
    /// Tasks the unit leads and takes part in: 0 and 0 until assigned.
    pub leads: u32,
    pub partners: u32,
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
        let (periods, reporting) = self.dashboard_periods(plan_id, unit, today)?;
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
        // The half-year just reported, whose figures stand until the next
        // has some.
        if let Some(before) = reporting.and_then(|r| r.previous()) {
            if !candidates.contains(&before) {
                candidates.push(before);
            }
        }
        let mut indicators: Vec<IndicatorStanding> = Vec::new();
        let mut indicators_without_value = 0;
        for period in &candidates {
            // Start-up path: earlier periods are read only when needed.
            if !indicators.is_empty() && indicators.iter().all(|s| s.view.value.is_some()) {
                break;
            }
            let views = self.values(plan_id, unit, period)?;
            if Some(*period) == reporting {
                indicators_without_value = views.iter().filter(|v| v.value.is_none()).count();
            }
            for view in views {
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
        let (leads, partners) = self.store.task_role_counts(plan_id, unit)?;
        let settings = self.report_settings()?;
        let mut missing_settings = Vec::new();
        for (missing, name) in [
            (settings.symbol.is_empty(), "ký hiệu"),
            (settings.place.is_empty(), "địa danh"),
            (settings.recipients_to.is_empty(), "kính gửi"),
            (settings.distribution.is_empty(), "nơi nhận"),
        ] {
            if missing {
                missing_settings.push(name);
            }
        }
        let reporting_now = reporting.and_then(|r| periods.iter().find(|p| p.period == r));
        let facts = StepFacts {
            leads,
            partners,
            missing_settings,
            signer_name: settings.signer.name.clone(),
            signer_title: settings
                .signer
                .authority
                .last()
                .cloned()
                .unwrap_or_default(),
            reporting: reporting_now.and_then(|p| Some((p.label.clone(), p.due?, p.days_left?))),
            tasks_without_progress: tasks_without_progress.len(),
            indicators_without_value,
        };
        let next_steps = next_steps(&facts);
        Ok(Dashboard {
            next_steps,
            leads,
            partners,
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

    /// The periods now, one of each reporting kind of the plan (or its last
    /// ones, when it is over), and the one being reported: the first not
    /// reported that has a due date.
    pub(super) fn dashboard_periods(
        &self,
        plan_id: Uuid,
        unit: Uuid,
        today: NaiveDate,
    ) -> Result<(Vec<CurrentPeriod>, Option<Period>)> {
        let plan = self.plan(plan_id)?;
        let (_, plan_end) = crate::calendar::plan_data_range(plan.start_year, plan.end_year);
        let as_of = today.min(plan_end);
        let mut periods = Vec::new();
        for (kind, rule) in self.reporting_kinds(plan_id, unit)? {
            let now = Period::containing(as_of, kind);
            // The period before, while its report is not sent: on 5/7 the
            // first half-year's report is due, though its data closed on 14/6.
            let before = now.previous().filter(|p| {
                super::periods::asked_of_plan(p, plan.start_year, plan.end_year, plan.issued_on)
            });
            for period in before.into_iter().chain([now]) {
                let due = rule.and_then(|r| due_date(&period, r));
                let reported = self.store.lock_of(plan_id, unit, &period)?.is_some();
                if reported && period != now {
                    continue;
                }
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
        }
        periods.sort_by_key(|p| super::periods::closing_order(&p.period, plan.start_year));
        let reporting = periods
            .iter()
            .find(|p| !p.reported && p.due.is_some())
            .map(|p| p.period);
        Ok((periods, reporting))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        crate::vn::parse_date(s).unwrap()
    }

    /// Each case: the facts, then each step as (done, text).
    #[test]
    fn next_steps_table() {
        let ready = StepFacts {
            leads: 4,
            partners: 9,
            missing_settings: vec![],
            signer_name: "Lê Văn Minh".into(),
            signer_title: "CHỦ TỊCH".into(),
            reporting: Some(("6 tháng đầu năm 2026".into(), day("10/07/2026"), 5)),
            tasks_without_progress: 0,
            indicators_without_value: 0,
        };
        let new_plan = StepFacts {
            leads: 0,
            partners: 0,
            missing_settings: vec!["ký hiệu", "nơi nhận"],
            signer_name: String::new(),
            signer_title: String::new(),
            reporting: None,
            tasks_without_progress: 7,
            indicators_without_value: 0,
        };
        let late = StepFacts {
            leads: 1,
            partners: 0,
            reporting: Some(("năm 2025".into(), day("15/12/2025"), -3)),
            tasks_without_progress: 1,
            indicators_without_value: 2,
            ..ready.clone()
        };
        let cases: [(&StepFacts, &[(bool, &str)]); 3] = [
            (
                &ready,
                &[
                    (true, "Đơn vị chủ trì 4 nhiệm vụ, phối hợp 9 nhiệm vụ."),
                    (true, "Thiết lập báo cáo đã đủ (ký hiệu, địa danh, nơi gửi, nơi nhận)."),
                    (true, "Người ký báo cáo: Lê Văn Minh (CHỦ TỊCH)."),
                    (true, "Kết quả 6 tháng đầu năm 2026 đã nhập đủ."),
                    (false, "Gửi báo cáo 6 tháng đầu năm 2026: hạn 10/07/2026, còn 5 ngày."),
                ],
            ),
            (
                &new_plan,
                &[
                    (false, "Kế hoạch chưa giao nhiệm vụ nào cho đơn vị: chọn các nhiệm vụ đơn vị chủ trì hoặc phối hợp."),
                    (false, "Thiết lập báo cáo còn thiếu: ký hiệu, nơi nhận."),
                    (false, "Chưa ghi người ký báo cáo (họ tên, thẩm quyền ký và chức vụ)."),
                    (false, "Chưa có hạn gửi báo cáo: kế hoạch không ghi, cấp trên chưa giao. Hạn được đặt ở màn hình Tổng hợp."),
                ],
            ),
            (
                &late,
                &[
                    (true, "Đơn vị chủ trì 1 nhiệm vụ."),
                    (true, "Thiết lập báo cáo đã đủ (ký hiệu, địa danh, nơi gửi, nơi nhận)."),
                    (true, "Người ký báo cáo: Lê Văn Minh (CHỦ TỊCH)."),
                    (false, "Kết quả năm 2025: còn 1 nhiệm vụ chưa có kết quả, 2 chỉ tiêu chưa có số liệu."),
                    (false, "Gửi báo cáo năm 2025: hạn 15/12/2025, đã quá hạn 3 ngày."),
                ],
            ),
        ];
        for (facts, want) in cases {
            let got: Vec<(bool, String)> = next_steps(facts)
                .into_iter()
                .map(|s| (s.done, s.text))
                .collect();
            let want: Vec<(bool, String)> = want.iter().map(|(d, t)| (*d, t.to_string())).collect();
            assert_eq!(got, want);
        }
    }
}
