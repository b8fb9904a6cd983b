//! Files between levels: what a report file carries (the report as
//! signed and the raw data behind it, gathered from the store), and when
//! files are received.

use crate::exchange::payload::{
    PlanRef, ProgressEntry, ReportPayload, ReportRef, SourceFile, UnitRef, ValueEntry, FORMAT,
    FORMAT_VERSION,
};
use crate::model::Report;

use super::Office;
use crate::store::Result;

impl Office {
    /// When received files arrive: now, or noon of a given day (`--today`,
    /// so runs can be reproduced), RFC 3339 with the office's offset.
    pub fn received_at(&self, today: Option<chrono::NaiveDate>) -> String {
        match today {
            Some(d) => format!("{}T12:00:00+07:00", d.format("%Y-%m-%d")),
            None => crate::clock::stamp(self.now()),
        }
    }
}

impl Office {
    /// The embedded data of `report`'s file; `created_at` is the officer's
    /// clock, passed in.
    pub fn report_payload(&self, report: &Report, created_at: &str) -> Result<ReportPayload> {
        let plan = self.plan(report.plan_id)?;
        let unit = self.unit(report.unit_id)?;
        let progress = self
            .progress(plan.id, unit.id, &report.period)?
            .into_iter()
            .map(|(code, p)| ProgressEntry {
                task_id: p.task_id,
                task_code: code,
                status: p.status,
                reason: p.reason,
                narrative: p.narrative,
                difficulties: p.difficulties,
                proposals: p.proposals,
                budget_used: p.budget_used,
            })
            .collect();
        let values = self
            .report_values(plan.id, unit.id, &report.period)?
            .into_iter()
            .filter_map(|v| {
                let ind = v.indicator;
                v.value.map(|x| ValueEntry {
                    indicator_id: ind.id,
                    indicator_name: ind.name,
                    aggregation: ind.aggregation,
                    value: x.value,
                    numerator: x.numerator,
                    denominator: x.denominator,
                    yes: x.yes,
                    text: x.text,
                    note: x.note,
                })
            })
            .collect();
        let consolidated_from = if unit.id == self.my_unit_id()? {
            self.current_payloads(plan.id, &report.period)?
                .into_iter()
                .filter(|(s, _)| s.signed)
                .map(|(s, p)| SourceFile {
                    unit_id: s.unit_id,
                    unit_name: p.unit.name,
                    report_version: s.report_version,
                    file_hash: s.file_hash,
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(ReportPayload {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            app_version: env!("CARGO_PKG_VERSION").into(),
            plan: PlanRef {
                id: plan.id,
                doc_number: plan.doc_number.clone(),
                version: plan.version,
                content_hash: plan.content_hash.clone(),
            },
            unit: UnitRef {
                id: unit.id,
                name: unit.name.clone(),
                kind: unit.kind,
                admin_code: unit.admin_code.clone(),
                reports_to: unit.reports_to,
            },
            period: report.period,
            report: ReportRef {
                id: report.id,
                version: report.version,
                supersedes: report.supersedes,
                status: report.status,
                number: report.number.map(|_| {
                    report
                        .doc_number()
                        .trim_start_matches("Số:")
                        .trim()
                        .to_string()
                }),
                issued_on: report.issued_on,
                summary: report.summary.clone(),
            },
            progress,
            values,
            sections: report.sections.clone(),
            created_at: created_at.into(),
            consolidated_from,
        })
    }
}
