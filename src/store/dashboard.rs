//! Rows behind the dashboard: each task's latest status, what changed
//! since a moment, when a unit last reported. Every query goes through an
//! index (unit, period).

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::{Result, Store};
use crate::model::TaskStatus;

/// A progress or value written (since the unit's last report).
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// "progress" or "indicator_value"
    pub entity: &'static str,
    /// Task code or indicator name.
    pub what: String,
    pub period: String,
    pub updated_at: String,
    pub updated_by: String,
}

impl Store {
    /// When `unit` last locked a period of `plan` (its last report), or "".
    pub(crate) fn last_locked_at(&self, plan: Uuid, unit: Uuid) -> Result<String> {
        Ok(self.conn().query_row(
            "SELECT COALESCE(MAX(locked_at), '') FROM period_locks WHERE plan_id = ?1 AND unit_id = ?2",
            rusqlite::params![plan, unit],
            |r| r.get(0),
        )?)
    }

    /// The tasks of `unit` in `plan`, in order: code, title, deadline and
    /// the status last recorded in any period.
    #[allow(clippy::type_complexity)]
    pub(crate) fn latest_task_statuses(
        &self,
        plan: Uuid,
        unit: Uuid,
    ) -> Result<Vec<(String, String, Option<NaiveDate>, Option<TaskStatus>)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT t.code, t.title, t.deadline,
                    (SELECT p.status FROM progress p WHERE p.task_id = t.id AND p.unit_id = ?2
                     ORDER BY p.updated_at DESC, p.period DESC LIMIT 1)
             FROM tasks t
             WHERE t.plan_id = ?1 AND t.retired = 0
               AND EXISTS (SELECT 1 FROM task_units tu WHERE tu.task_id = t.id AND tu.unit_id = ?2)
             ORDER BY t.position",
        )?;
        let rows = stmt.query_map(rusqlite::params![plan, unit], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<NaiveDate>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (code, title, deadline, status) = row?;
            out.push((
                code,
                title,
                deadline,
                status.as_deref().and_then(TaskStatus::parse),
            ));
        }
        Ok(out)
    }

    /// How many tasks in force of `plan` `unit` leads, and how many it
    /// takes part in without leading.
    pub(crate) fn task_role_counts(&self, plan: Uuid, unit: Uuid) -> Result<(u32, u32)> {
        Ok(self.conn().query_row(
            "SELECT COALESCE(SUM(lead), 0), COALESCE(SUM(1 - lead), 0) FROM (
                SELECT MAX(tu.role = 'lead') AS lead FROM task_units tu
                JOIN tasks t ON t.id = tu.task_id
                WHERE t.plan_id = ?1 AND t.retired = 0 AND tu.unit_id = ?2
                GROUP BY t.id)",
            rusqlite::params![plan, unit],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Progress and values of `unit` written after `since`.
    pub(crate) fn changes_since(&self, plan: Uuid, unit: Uuid, since: &str) -> Result<Vec<Change>> {
        let mut out = Vec::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT t.code, p.period, p.updated_at, p.updated_by FROM progress p
             JOIN tasks t ON t.id = p.task_id
             WHERE p.unit_id = ?1 AND t.plan_id = ?2 AND p.updated_at > ?3 ORDER BY p.updated_at",
        )?;
        for row in stmt.query_map(rusqlite::params![unit, plan, since], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })? {
            let (what, period, updated_at, updated_by) = row?;
            out.push(Change {
                entity: "progress",
                what,
                period,
                updated_at,
                updated_by,
            });
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT i.name, v.period, v.updated_at, v.updated_by FROM indicator_values v
             JOIN indicators i ON i.id = v.indicator_id
             WHERE v.unit_id = ?1 AND i.plan_id = ?2 AND v.updated_at > ?3 ORDER BY v.updated_at",
        )?;
        for row in stmt.query_map(rusqlite::params![unit, plan, since], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })? {
            let (what, period, updated_at, updated_by) = row?;
            out.push(Change {
                entity: "indicator_value",
                what,
                period,
                updated_at,
                updated_by,
            });
        }
        Ok(out)
    }
}
