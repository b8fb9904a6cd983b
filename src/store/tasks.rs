use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Row;
use uuid::Uuid;

use super::units::unit_from_row_at;
use super::{Result, Store};
use crate::model::{Task, TaskNode, TaskUnitGroup, TaskUnitRole, Unit, UnitKind};
use crate::vn;

/// Which tasks to list. Empty filter: all tasks of all plans.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub plan: Option<Uuid>,
    /// Tasks this unit leads or takes part in.
    pub unit: Option<Uuid>,
    /// Words to find in the title or content, diacritics ignored.
    pub search: Option<String>,
}

/// The folded text a task is searched by.
pub(crate) fn search_key(title: &str, content: &str) -> String {
    vn::fold(&format!("{title} {content}"))
}

pub(crate) fn insert_task(tx: &super::Tx, t: &Task, position: i64) -> Result<()> {
    // Upsert: a task keeps its id (and its progress) from version to version.
    tx.execute(
        "INSERT INTO tasks (id, plan_id, parent_id, position, code, title, content, phase,
                            deadline, source_start, source_end, search_key, retired)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0)
         ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id,
             position = excluded.position, code = excluded.code, title = excluded.title,
             content = excluded.content, phase = excluded.phase, deadline = excluded.deadline,
             source_start = excluded.source_start, source_end = excluded.source_end,
             search_key = excluded.search_key, retired = 0",
        rusqlite::params![
            t.id,
            t.plan_id,
            t.parent_id,
            position,
            t.code,
            t.title,
            t.content,
            t.phase,
            t.deadline,
            t.source_span.map(|s| s.0 as i64),
            t.source_span.map(|s| s.1 as i64),
            search_key(&t.title, &t.content),
        ],
    )?;
    let roles = t
        .lead_units
        .iter()
        .map(|u| (u, TaskUnitRole::Lead))
        .chain(t.partner_units.iter().map(|u| (u, TaskUnitRole::Partner)));
    for (i, (unit, role)) in roles.enumerate() {
        tx.execute(
            "INSERT OR IGNORE INTO task_units (task_id, unit_id, role, position)
             VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![t.id, unit, role.code(), i as i64],
        )?;
    }
    for (i, g) in t.unit_groups.iter().enumerate() {
        let kinds: Vec<&str> = g.kinds.iter().map(|k| k.code()).collect();
        tx.execute(
            "INSERT INTO task_unit_groups (task_id, role, position, label, kinds)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![t.id, g.role.code(), i as i64, g.label, kinds.join(",")],
        )?;
    }
    Ok(())
}

const TASK_COLUMNS: &str = "t.id, t.plan_id, t.parent_id, t.code, t.title, t.content, t.phase, \
     t.deadline, t.source_start, t.source_end";

fn task_from_row(r: &Row) -> rusqlite::Result<Task> {
    let start: Option<i64> = r.get(8)?;
    let end: Option<i64> = r.get(9)?;
    Ok(Task {
        id: r.get(0)?,
        plan_id: r.get(1)?,
        parent_id: r.get(2)?,
        code: r.get(3)?,
        title: r.get(4)?,
        content: r.get(5)?,
        lead_units: Vec::new(),
        partner_units: Vec::new(),
        unit_groups: Vec::new(),
        phase: r.get(6)?,
        deadline: r.get::<_, Option<NaiveDate>>(7)?,
        source_span: start.zip(end).map(|(s, e)| (s as usize, e as usize)),
    })
}

impl Store {
    /// The units of one task, by role, in the plan's order.
    fn task_units(&self, task: Uuid) -> Result<(Vec<Unit>, Vec<Unit>)> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT tu.role, u.id, u.name, u.short_name, u.kind, u.admin_code, u.reports_to,
                    u.valid_from, u.valid_to
             FROM task_units tu JOIN units u ON u.id = tu.unit_id
             WHERE tu.task_id = ?1 ORDER BY tu.position",
        )?;
        let mut leads = Vec::new();
        let mut partners = Vec::new();
        let mut rows = stmt.query([task])?;
        while let Some(r) = rows.next()? {
            let role: String = r.get(0)?;
            let unit = unit_from_row_at(r, 1)?;
            if role == "lead" {
                leads.push(unit);
            } else {
                partners.push(unit);
            }
        }
        Ok((leads, partners))
    }

    fn task_unit_groups(&self, task: Uuid) -> Result<Vec<TaskUnitGroup>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT role, label, kinds FROM task_unit_groups WHERE task_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([task], |r| {
            let role: String = r.get(0)?;
            let kinds: String = r.get(2)?;
            Ok(TaskUnitGroup {
                role: if role == "lead" {
                    TaskUnitRole::Lead
                } else {
                    TaskUnitRole::Partner
                },
                label: r.get(1)?,
                kinds: kinds.split(',').filter_map(UnitKind::parse).collect(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn node(&self, mut task: Task) -> Result<TaskNode> {
        let (leads, partners) = self.task_units(task.id)?;
        task.unit_groups = self.task_unit_groups(task.id)?;
        task.lead_units = leads.iter().map(|u| u.id).collect();
        task.partner_units = partners.iter().map(|u| u.id).collect();
        Ok(TaskNode {
            task,
            leads,
            partners,
            children: Vec::new(),
        })
    }

    /// Tasks matching `filter`, flat (no children), in plan order.
    pub(crate) fn tasks(&self, filter: &TaskFilter) -> Result<Vec<TaskNode>> {
        let folded = filter.search.as_deref().map(vn::fold).unwrap_or_default();
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {TASK_COLUMNS}, t.search_key FROM tasks t JOIN plans p ON p.id = t.plan_id
             WHERE t.retired = 0
               AND (?1 IS NULL OR t.plan_id = ?1)
               AND (?2 IS NULL OR EXISTS (SELECT 1 FROM task_units tu
                                          WHERE tu.task_id = t.id AND tu.unit_id = ?2))
               AND t.search_key LIKE '%' || ?3 || '%'
             ORDER BY p.issued_on DESC, t.plan_id, t.position"
        ))?;
        let rows = stmt.query_map(rusqlite::params![filter.plan, filter.unit, folded], |r| {
            Ok((task_from_row(r)?, r.get::<_, String>(10)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (task, key) = row?;
            if vn::search_matches(&key, &folded) {
                out.push(self.node(task)?);
            }
        }
        Ok(out)
    }

    /// The task of `plan` with the plan's own code ("III.2.a").
    pub(crate) fn task_by_code(&self, plan: Uuid, code: &str) -> Result<TaskNode> {
        let found = self
            .conn()
            .query_row(
                &format!("SELECT {TASK_COLUMNS} FROM tasks t WHERE t.plan_id = ?1 AND t.code = ?2 AND t.retired = 0"),
                rusqlite::params![plan, code.trim()],
                task_from_row,
            )
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => super::StoreError::NotFoundItem {
                    what: "nhiệm vụ",
                    query: code.trim().to_string(),
                },
                e => e.into(),
            })?;
        self.node(found)
    }

    /// One task of a plan in force, with its units, by id.
    pub(crate) fn task(&self, task: Uuid) -> Result<TaskNode> {
        self.node(self.conn().query_row(
            &format!("SELECT {TASK_COLUMNS} FROM tasks t WHERE t.id = ?1"),
            [task],
            task_from_row,
        )?)
    }

    /// The whole task tree of a plan.
    pub(crate) fn task_tree(&self, plan_id: Uuid) -> Result<Vec<TaskNode>> {
        self.plan(plan_id)?;
        let flat = self.tasks(&TaskFilter {
            plan: Some(plan_id),
            ..TaskFilter::default()
        })?;
        let mut children: HashMap<Option<Uuid>, Vec<TaskNode>> = HashMap::new();
        for node in flat {
            children.entry(node.task.parent_id).or_default().push(node);
        }
        fn attach(
            parent: Option<Uuid>,
            children: &mut HashMap<Option<Uuid>, Vec<TaskNode>>,
        ) -> Vec<TaskNode> {
            let mut nodes = children.remove(&parent).unwrap_or_default();
            for n in &mut nodes {
                n.children = attach(Some(n.task.id), children);
            }
            nodes
        }
        Ok(attach(None, &mut children))
    }
}

/// Writes a corrected task (`old` → `new`) inside `tx`, audited.
pub(crate) fn update_task(tx: &super::Tx, old: &Task, new: &Task) -> Result<()> {
    let task = new.id;
    tx.execute(
        "UPDATE tasks SET title = ?2, content = ?3, search_key = ?4 WHERE id = ?1",
        rusqlite::params![
            task,
            new.title,
            new.content,
            search_key(&new.title, &new.content)
        ],
    )?;
    tx.execute("DELETE FROM task_units WHERE task_id = ?1", [task])?;
    let roles = new
        .lead_units
        .iter()
        .map(|u| (u, TaskUnitRole::Lead))
        .chain(new.partner_units.iter().map(|u| (u, TaskUnitRole::Partner)));
    for (i, (unit, role)) in roles.enumerate() {
        tx.execute(
            "INSERT OR IGNORE INTO task_units (task_id, unit_id, role, position)
             VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![task, unit, role.code(), i as i64],
        )?;
    }
    let view = |t: &Task| {
        serde_json::json!({
            "title": t.title, "content": t.content,
            "lead_units": t.lead_units, "partner_units": t.partner_units,
        })
    };
    super::audit::record(
        tx,
        "task",
        &task.to_string(),
        "edit",
        Some(view(old)),
        Some(view(new)),
    )
}
