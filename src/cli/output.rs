//! Human output of the CLI, in Vietnamese.

use uuid::Uuid;

use kehoach::model::{
    Aggregation, Direction, Indicator, Plan, PlanSummary, TaskNode, Unit, UnitNode,
};
use kehoach::vn;

fn names(units: &[Unit]) -> String {
    units
        .iter()
        .map(|u| u.short_name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn unit_list(units: &[Unit]) -> String {
    let mut s = String::new();
    for u in units {
        s += &format!(
            "{}  ({}, {})  {}\n",
            u.name,
            u.short_name,
            u.kind.label(),
            u.id
        );
    }
    s += &format!("Có {} đơn vị.\n", units.len());
    s
}

pub fn unit_tree(nodes: &[UnitNode], mine: Option<Uuid>) -> String {
    fn walk(nodes: &[UnitNode], depth: usize, mine: Option<Uuid>, s: &mut String) {
        for n in nodes {
            let me = if Some(n.unit.id) == mine {
                "  ← đơn vị của tôi"
            } else {
                ""
            };
            *s += &format!(
                "{}{} ({}){me}\n",
                "  ".repeat(depth),
                n.unit.name,
                n.unit.kind.label()
            );
            walk(&n.children, depth + 1, mine, s);
        }
    }
    let mut s = String::new();
    walk(nodes, 0, mine, &mut s);
    s
}

pub fn plan_list(plans: &[PlanSummary]) -> String {
    let mut s = String::new();
    for p in plans {
        s += &format!(
            "{}  ngày {}  {}\n    {} ({}-{}); {} nhiệm vụ, {} chỉ tiêu; phiên bản {}\n    mã: {}\n",
            p.doc_number,
            vn::format_short_date(p.issued_on),
            p.issuer,
            p.title,
            p.start_year,
            p.end_year,
            p.task_count,
            p.indicator_count,
            p.version,
            p.id
        );
    }
    if plans.is_empty() {
        s += "Chưa có kế hoạch nào.\n";
    }
    s
}

pub fn plan_detail(plan: &Plan, tasks: &[TaskNode], indicators: &[Indicator]) -> String {
    let mut s = format!(
        "KẾ HOẠCH số {} {} của {}\n{}\nThời gian thực hiện: {}-{}\n",
        plan.doc_number,
        vn::format_long_date(plan.issued_on),
        plan.issuer,
        plan.title,
        plan.start_year,
        plan.end_year
    );
    for ph in &plan.phases {
        s += &format!("  {}: {}-{}\n", ph.name, ph.start_year, ph.end_year);
    }
    if let (Some(title), Some(name)) = (&plan.signer_title, &plan.signer_name) {
        s += &format!("Người ký: {} ({})\n", name, title.replace('\n', " / "));
    }
    s += "\nNHIỆM VỤ\n";
    fn walk(nodes: &[TaskNode], depth: usize, s: &mut String) {
        for n in nodes {
            *s += &format!("{}{} {}\n", "  ".repeat(depth), n.task.code, n.task.title);
            if !n.leads.is_empty() {
                *s += &format!("{}  Chủ trì: {}\n", "  ".repeat(depth), names(&n.leads));
            }
            if !n.partners.is_empty() {
                *s += &format!("{}  Phối hợp: {}\n", "  ".repeat(depth), names(&n.partners));
            }
            walk(&n.children, depth + 1, s);
        }
    }
    walk(tasks, 0, &mut s);
    s += "\nCHỈ TIÊU\n";
    for (i, ind) in indicators.iter().enumerate() {
        let target = match ind.target_value {
            Some(v) => format!("{} {}", vn::format_decimal(v, 2), ind.measure_unit),
            None => "chưa đặt".to_string(),
        };
        let by = ind
            .target_date
            .map(|d| format!(" đến {}", vn::format_short_date(d)))
            .unwrap_or_default();
        let dir = match ind.direction {
            Direction::Up => "càng cao càng tốt",
            Direction::Down => "càng thấp càng tốt",
        };
        let rule = match &ind.aggregation {
            Aggregation::Sum => "cộng".to_string(),
            Aggregation::Ratio {
                numerator,
                denominator,
            } => {
                format!("tỷ lệ = {numerator} / {denominator}")
            }
            Aggregation::YesNo => "đếm số đơn vị có".to_string(),
            Aggregation::Text => "tổng hợp lời văn".to_string(),
        };
        s += &format!(
            "{}. {}\n   Mục tiêu: {target}{by}; {dir}; tổng hợp: {rule}\n",
            i + 1,
            ind.name
        );
    }
    s
}

pub fn task_list(tasks: &[TaskNode]) -> String {
    let mut s = String::new();
    for n in tasks {
        s += &format!("{}  {}\n", n.task.code, n.task.title);
        if !n.leads.is_empty() {
            s += &format!("      Chủ trì: {}\n", names(&n.leads));
        }
        if !n.partners.is_empty() {
            s += &format!("      Phối hợp: {}\n", names(&n.partners));
        }
    }
    s += &format!("Tìm thấy {} nhiệm vụ.\n", tasks.len());
    s
}
