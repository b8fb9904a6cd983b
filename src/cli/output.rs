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
        let dir = ind.direction.label();
        let rule = match &ind.aggregation {
            Aggregation::Ratio {
                numerator,
                denominator,
            } => {
                format!("tỷ lệ = {numerator} / {denominator}")
            }
            other => other.label().to_string(),
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

/// The plan's identity, period, phases and signer, as read; what the text
/// does not say is said so.
fn plan_heading(p: &kehoach::model::Plan, missing: &[&str]) -> String {
    let unsaid = "(văn bản không ghi)";
    let mut s = format!(
        "KẾ HOẠCH số {} {} của {}\n{}\nThời gian thực hiện: {}-{}\n",
        if missing.contains(&"số hiệu") {
            unsaid
        } else {
            &p.doc_number
        },
        if missing.contains(&"ngày ban hành") {
            format!("ngày ban hành {unsaid}")
        } else {
            vn::format_long_date(p.issued_on)
        },
        p.issuer,
        p.title,
        p.start_year,
        p.end_year
    );
    for ph in &p.phases {
        s += &format!("  {}: {}-{}\n", ph.name, ph.start_year, ph.end_year);
    }
    if let (Some(t), Some(n)) = (&p.signer_title, &p.signer_name) {
        s += &format!("Người ký: {n} ({})\n", t.replace('\n', " / "));
    }
    s
}

pub fn import_report(
    doc: &kehoach::model::PlanDocument,
    missing: &[&str],
    new_units: &[Unit],
    warnings: &[String],
    outcome: Option<&kehoach::office::PlanImportOutcome>,
) -> String {
    use kehoach::office::PlanImportOutcome as O;
    let mut s = plan_heading(&doc.plan, missing);
    let unit_name = |id: &Uuid| {
        doc.units
            .iter()
            .find(|u| u.id == *id)
            .map(|u| u.short_name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    if !doc.sections.is_empty() {
        s += "\nCÁC PHẦN\n";
        for sec in &doc.sections {
            s += &format!(
                "{}{} {}\n",
                "  ".repeat(sec.level as usize - 1),
                sec.code,
                sec.heading
            );
        }
    }
    s += "\nNHIỆM VỤ\n";
    for t in &doc.tasks {
        let depth = t.code.matches('.').count().saturating_sub(1);
        s += &format!("{}{} {}\n", "  ".repeat(depth), t.code, t.title);
        let leads: Vec<String> = t.lead_units.iter().map(unit_name).collect();
        let groups = |role| {
            t.unit_groups
                .iter()
                .filter(|g| g.role == role)
                .map(|g| g.label.clone())
                .collect::<Vec<_>>()
        };
        let lead_groups = groups(kehoach::model::TaskUnitRole::Lead);
        let partner_groups = groups(kehoach::model::TaskUnitRole::Partner);
        if !leads.is_empty() || !lead_groups.is_empty() {
            let mut all = leads.clone();
            all.extend(lead_groups.iter().map(|g| format!("[{g}]")));
            s += &format!("{}  Chủ trì: {}\n", "  ".repeat(depth), all.join("; "));
        }
        if !t.partner_units.is_empty() || !partner_groups.is_empty() {
            let mut all: Vec<String> = t.partner_units.iter().map(unit_name).collect();
            all.extend(partner_groups.iter().map(|g| format!("[{g}]")));
            s += &format!("{}  Phối hợp: {}\n", "  ".repeat(depth), all.join("; "));
        }
    }
    if !doc.indicators.is_empty() {
        s += "\nCHỈ TIÊU\n";
        for (i, ind) in doc.indicators.iter().enumerate() {
            let dir = match ind.direction {
                Direction::Up => "tăng",
                Direction::Down => "giảm",
            };
            s += &format!(
                "{}. {}: {} {} ({dir}){}\n",
                kehoach::plan_import::review::indicator_item(i),
                ind.name,
                ind.target_value
                    .map(|v| vn::format_decimal(v, 2))
                    .unwrap_or_default(),
                ind.measure_unit,
                ind.target_date
                    .map(|d| format!(", đến {}", vn::format_short_date(d)))
                    .unwrap_or_default()
            );
        }
    }
    if !doc.schedule.is_empty() {
        s += "\nLỊCH BÁO CÁO\n";
        for r in &doc.schedule {
            let due = match (r.due_day, r.due_month, r.review_year) {
                (Some(d), Some(m), _) => format!(
                    " trước ngày {d:02}/{m:02}{}",
                    if r.due_next_year {
                        " năm sau"
                    } else {
                        " hằng năm"
                    }
                ),
                (_, _, Some(y)) => format!(" năm {y}"),
                _ => String::new(),
            };
            s += &format!("- {}{due}", r.kind.label());
            if let Some(who) = &r.reporter {
                s += &format!("; đơn vị báo cáo: {who}");
            }
            if let Some(to) = &r.recipient {
                s += &format!("; gửi {to}");
            }
            if let Some(via) = &r.via {
                s += &format!(" (qua {via})");
            }
            s += "\n";
        }
    }
    s += &format!(
        "\nTổng cộng: {} nhiệm vụ, {} chỉ tiêu, {} quy định báo cáo, {} căn cứ, {} nơi nhận, {} đơn vị mới.\n",
        doc.tasks.len(),
        doc.indicators.len(),
        doc.schedule.len(),
        doc.references.len(),
        doc.recipients.len(),
        new_units.len()
    );
    if !warnings.is_empty() {
        s += "\nCẦN KIỂM TRA\n";
        for w in warnings {
            s += &format!("- {w}\n");
        }
    }
    s += match outcome {
        None => "\n(Chạy thử: chưa lưu gì.)\n".to_string(),
        Some(O::Added) => "\nĐã lưu kế hoạch vào cơ sở dữ liệu.\n".to_string(),
        Some(O::Unchanged) => {
            "\nKế hoạch này đã có, nội dung không đổi: không thay đổi gì.\n".to_string()
        }
        Some(O::NewVersion { version, diff }) => format!(
            "\nĐã lưu phiên bản {version} của kế hoạch. Thay đổi so với phiên bản trước:\n{}",
            diff.iter().map(|d| format!("  {d}\n")).collect::<String>()
        ),
    }
    .as_str();
    s
}

/// A period with its data range and due date, for listing.
#[derive(serde::Serialize)]
pub struct PeriodRow {
    pub period: kehoach::calendar::Period,
    pub label: String,
    pub data_from: chrono::NaiveDate,
    pub data_to: chrono::NaiveDate,
    pub due: Option<chrono::NaiveDate>,
    pub days_left: Option<i64>,
}

impl PeriodRow {
    pub fn new(
        period: kehoach::calendar::Period,
        start_year: i32,
        rule: Option<kehoach::calendar::DueRule>,
    ) -> Self {
        let (data_from, data_to) = period.data_range(start_year);
        PeriodRow {
            period,
            label: period.label(),
            data_from,
            data_to,
            due: rule.and_then(|r| kehoach::calendar::due_date(&period, r)),
            days_left: None,
        }
    }
}

impl PeriodRow {
    /// A period of the plan's reporting list.
    pub fn from_plan(p: kehoach::office::PlanPeriod) -> Self {
        PeriodRow {
            period: p.period,
            label: p.label,
            data_from: p.data_from,
            data_to: p.data_to,
            due: p.due,
            days_left: None,
        }
    }
}

fn due_text(r: &PeriodRow) -> String {
    match r.due {
        Some(d) => format!("hạn gửi {}", vn::format_short_date(d)),
        None => "chưa đặt hạn gửi".into(),
    }
}

pub fn period_list(rows: &[PeriodRow], unit: &str) -> String {
    let mut s = format!("Các kỳ báo cáo của “{unit}”:\n");
    for r in rows {
        s += &format!(
            "{:<8} {:<24} số liệu {} – {}; {}\n",
            r.period.to_string(),
            r.label,
            vn::format_short_date(r.data_from),
            vn::format_short_date(r.data_to),
            due_text(r)
        );
    }
    s
}

pub fn dashboard(d: &kehoach::office::Dashboard) -> String {
    let mut s = String::new();
    if d.plan_ended {
        s += &format!(
            "Kế hoạch {} đã hết thời gian thực hiện ({}-{}); các kỳ cuối của kế hoạch:\n",
            d.plan.doc_number, d.plan.start_year, d.plan.end_year
        );
    }
    for p in &d.periods {
        s += &format!("Kỳ {} ({})", p.period, p.label);
        s += &match (p.due, p.days_left) {
            _ if p.reported => ": đã báo cáo".to_string(),
            (Some(due), Some(left)) if left >= 0 => {
                format!(": hạn gửi {}, còn {left} ngày", vn::format_short_date(due))
            }
            (Some(due), Some(left)) => format!(
                ": hạn gửi {}, đã quá hạn {} ngày",
                vn::format_short_date(due),
                -left
            ),
            _ => ": chưa đặt hạn gửi".to_string(),
        };
        s += ".\n";
    }
    if let Some(r) = &d.reporting {
        // What stands out, said only when there is some (never "0 …").
        let parts: Vec<String> = [
            (
                d.tasks_without_progress.len(),
                "nhiệm vụ của đơn vị chưa có kết quả",
            ),
            (d.overdue_tasks.len(), "nhiệm vụ chậm tiến độ"),
            (
                d.changes_since_last_report.len(),
                "thay đổi từ lần báo cáo trước",
            ),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        let label = r.label();
        s += &if parts.is_empty() {
            format!("Đang báo cáo kỳ {r} ({label}): đã có kết quả mọi nhiệm vụ của đơn vị.\n")
        } else {
            format!("Đang báo cáo kỳ {r} ({label}): {}.\n", parts.join("; "))
        };
    }
    for v in &d.indicators {
        if let Some(a) = v.view.achievement {
            s += &format!(
                "  {}: đạt {} mục tiêu ({})\n",
                v.view.indicator.name,
                vn::format_percent(a, 1),
                v.period_label
            );
        }
    }
    s += "Việc cần làm:\n";
    for step in &d.next_steps {
        s += &format!("  [{}] {}\n", if step.done { "x" } else { " " }, step.text);
    }
    s
}

pub fn progress_list(
    rows: &[(String, kehoach::model::Progress)],
    missing: &[&str],
    period: &kehoach::calendar::Period,
    unit: &str,
) -> String {
    let mut s = format!(
        "Kết quả thực hiện kỳ {period} ({}) của “{unit}”:\n",
        period.label()
    );
    for (code, p) in rows {
        s += &format!("{code}  {}", p.status.label());
        if let Some(r) = &p.reason {
            s += &format!(" (lý do: {r})");
        }
        if let Some(b) = p.budget_used {
            s += &format!("; kinh phí {} đồng", vn::format_integer(b));
        }
        s += "\n";
        if !p.narrative.is_empty() {
            s += &format!("      {}\n", p.narrative);
        }
        for e in &p.evidence {
            s += &format!("      Căn cứ: {e}\n");
        }
    }
    s += &format!(
        "Đã ghi {} nhiệm vụ; {} nhiệm vụ của đơn vị chưa có kết quả kỳ này",
        rows.len(),
        missing.len()
    );
    if !missing.is_empty() {
        s += &format!(": {}", missing.join(", "));
    }
    s += ".\n";
    s
}

pub fn value_list(
    rows: &[kehoach::model::ValueView],
    period: &kehoach::calendar::Period,
    unit: &str,
) -> String {
    let mut s = format!("Chỉ tiêu kỳ {period} ({}) của “{unit}”:\n", period.label());
    for (i, r) in rows.iter().enumerate() {
        let ind = &r.indicator;
        let v = r.value.as_ref();
        let shown = match (
            v.and_then(|v| v.numerator),
            v.and_then(|v| v.denominator),
            v.and_then(|v| v.value),
            v.and_then(|v| v.yes),
            v.and_then(|v| v.text.clone()),
        ) {
            (Some(n), Some(d), Some(rate), _, _) => format!(
                "{} / {} = {}",
                vn::format_decimal(n, 2),
                vn::format_decimal(d, 2),
                vn::format_percent(rate, 2)
            ),
            (_, _, Some(x), _, _) => format!("{} {}", vn::format_decimal(x, 2), ind.measure_unit),
            (_, _, _, Some(y), _) => (if y { "có" } else { "không" }).to_string(),
            (_, _, _, _, Some(t)) => t,
            _ => "chưa nhập".into(),
        };
        s += &format!("{}. {}: {shown}", i + 1, ind.name);
        if let Some(c) = r.cumulative {
            if matches!(ind.aggregation, Aggregation::Sum) {
                s += &format!("; lũy kế {}", vn::format_decimal(c, 2));
            }
        }
        if let Some(t) = ind.target_value {
            s += &format!(
                "; mục tiêu {} {}",
                vn::format_decimal(t, 2),
                ind.measure_unit
            );
        }
        if let Some(a) = r.achievement {
            s += &format!("; đạt {} mục tiêu", vn::format_percent(a, 1));
        }
        s += "\n";
    }
    s
}

pub fn due_list(items: &[kehoach::store::DueItem], unit: &str) -> String {
    let mut s = format!("Việc báo cáo của “{unit}”:\n");
    if items.is_empty() {
        s += "Không có báo cáo nào đến hạn.\n";
    }
    for i in items {
        let state = if i.reported {
            "đã báo cáo".to_string()
        } else if i.days_left < 0 {
            format!("QUÁ HẠN {} ngày", -i.days_left)
        } else {
            format!("còn {} ngày", i.days_left)
        };
        s += &format!(
            "- Kế hoạch {}: báo cáo {} ({}), hạn {}: {state}\n",
            i.doc_number,
            i.label,
            i.period,
            vn::format_short_date(i.due)
        );
    }
    s
}

fn local(t: chrono::DateTime<chrono::Utc>) -> String {
    let vn = chrono::FixedOffset::east_opt(7 * 3600).expect("offset");
    t.with_timezone(&vn).format("%d/%m/%Y %H:%M").to_string()
}

pub fn signature_checks(
    checks: &[kehoach::verify::SignatureCheck],
    file: &std::path::Path,
) -> String {
    if checks.is_empty() {
        return format!("{}: không có chữ ký số.\n", file.display());
    }
    let yes_no = |b: bool| if b { "có" } else { "KHÔNG" };
    let mut s = format!("{}: {} chữ ký số.\n", file.display(), checks.len());
    for c in checks {
        s.push_str(&format!(
            "\nChữ ký {}: {}\n",
            c.number,
            if c.valid {
                "HỢP LỆ"
            } else {
                "KHÔNG HỢP LỆ"
            }
        ));
        match &c.signer {
            Some(who) => {
                s.push_str(&format!("  Người ký: {}", who.name));
                if let Some(o) = &who.organisation {
                    s.push_str(&format!(" ({o})"));
                }
                s.push_str(&format!(
                    "\n  Chứng thư: do {} cấp, hiệu lực {} – {}\n",
                    who.issuer,
                    local(who.not_before),
                    local(who.not_after)
                ));
            }
            None => s.push_str("  Người ký: không xác định\n"),
        }
        s.push_str(&format!(
            "  Thời điểm ký: {}\n",
            c.signed_at.as_deref().unwrap_or("không ghi")
        ));
        s.push_str(&format!(
            "  Nội dung còn nguyên vẹn: {}\n  Chữ ký bao trọn tệp: {}{}\n",
            yes_no(c.intact),
            yes_no(c.covers_whole_file),
            if c.covers_whole_file {
                String::new()
            } else if c.changed_after.is_none() && c.range_ok {
                " (sau đó chỉ thêm chữ ký khác)".to_string()
            } else {
                String::new()
            }
        ));
        s.push_str(&format!(
            "  Tin cậy: {}\n",
            match &c.trusted_by {
                Some(ca) => format!("có, qua “{ca}”"),
                None => "KHÔNG".to_string(),
            }
        ));
        for p in &c.problems {
            s.push_str(&format!("  - {p}\n"));
        }
    }
    s
}

pub fn key_scan(found: &kehoach::sign::modules::Scan) -> String {
    let mut s = String::new();
    if found.keys.is_empty() {
        s += "Không thấy chứng thư ký số nào trên các thiết bị đang cắm.\n";
    } else {
        s += "Chứng thư ký số trên các thiết bị đang cắm:\n";
        for k in &found.keys {
            s += &format!("- {} [{}, khe {}]\n", k.choice, k.module_name, k.slot);
        }
    }
    s += &format!(
        "Thư viện PKCS#11 đã tìm: {}.\n",
        if found.modules.is_empty() {
            "không có".to_string()
        } else {
            found.modules.join(", ")
        }
    );
    for u in &found.unreadable {
        s += &format!("Không đọc được {u}\n");
    }
    s
}

pub fn token_list(tokens: &[kehoach::sign::token::TokenInfo]) -> String {
    if tokens.is_empty() {
        return "Không thấy thiết bị ký số nào.\n".into();
    }
    let mut s = String::new();
    for t in tokens {
        s.push_str(&format!(
            "Khe {}: {} ({}, số sê-ri {})\n",
            t.slot, t.label, t.manufacturer, t.serial
        ));
        if t.certificates.is_empty() {
            s.push_str("  (không có chứng thư)\n");
        }
        for c in &t.certificates {
            s.push_str(&format!(
                "  - {}{} — do {} cấp, hiệu lực {} – {}{}\n",
                c.info.name,
                c.info
                    .organisation
                    .as_ref()
                    .map(|o| format!(", {o}"))
                    .unwrap_or_default(),
                c.info.issuer,
                local(c.info.not_before),
                local(c.info.not_after),
                if c.info.can_sign_documents {
                    ""
                } else {
                    " (không dùng để ký văn bản)"
                }
            ));
        }
    }
    s
}

pub fn trust_list(list: &[kehoach::store::TrustedCertificate]) -> String {
    if list.is_empty() {
        return "Chưa có chứng thư nào được tin cậy: thêm bằng `kehoach trust add TỆP`.\n".into();
    }
    list.iter()
        .map(|t| {
            format!(
                "{} — hiệu lực {} – {}; SHA-256 {}\n",
                t.name,
                local(t.info.not_before),
                local(t.info.not_after),
                &t.fingerprint[..16]
            )
        })
        .collect()
}

pub fn import_summary(outcomes: &[serde_json::Value]) -> String {
    let count = |k: &str| {
        outcomes
            .iter()
            .filter(|o| o["result"]["outcome"] == k)
            .count()
    };
    format!(
        "{} tệp: {} nhận mới, {} thay phiên bản cũ, {} đã có từ trước, {} không nhận.\n",
        outcomes.len(),
        count("accepted"),
        count("superseded"),
        count("duplicate"),
        count("refused") + count("same_name") + count("unknown_signer")
    )
}

pub fn completeness(c: &kehoach::consolidation::Completeness) -> String {
    let mut s = format!(
        "Kỳ {}: {}/{} đơn vị đã gửi báo cáo đã ký ({} đúng hạn).\n",
        c.period, c.reported, c.expected, c.on_time
    );
    for r in &c.rows {
        s.push_str(&format!(
            "  {:<45} {}{}{}{}\n",
            r.unit,
            r.state.label(),
            Some(&r.due_label)
                .filter(|d| !d.is_empty())
                .map(|d| format!("; hạn {d}"))
                .unwrap_or_default(),
            Some(&r.received_label)
                .filter(|d| !d.is_empty())
                .map(|d| format!("; nhận {d}"))
                .unwrap_or_default(),
            r.signer
                .as_ref()
                .map(|n| format!("; người ký {n}"))
                .unwrap_or_default()
        ));
    }
    s += "Cần xử lý:\n";
    for line in &c.needs_action {
        s += &format!("  {line}\n");
    }
    s
}

pub fn completeness_matrix(m: &kehoach::consolidation::CompletenessMatrix) -> String {
    let mut s = format!(
        "{:<45} {}\n",
        "Đơn vị",
        m.periods
            .iter()
            .map(|p| format!("{:<24}", p.period.to_string()))
            .collect::<String>()
    );
    for r in &m.rows {
        s.push_str(&format!(
            "{:<45} {}\n",
            r.unit,
            r.cells
                .iter()
                .map(|c| format!("{:<24}", c.as_ref().map_or("—", |c| c.state_label)))
                .collect::<String>()
        ));
    }
    s
}

pub fn consolidation(c: &kehoach::consolidation::Consolidation) -> String {
    let mut s = completeness(&c.completeness);
    s.push_str("\nSố liệu tổng hợp:\n");
    for v in &c.values {
        s.push_str(&format!("- {}: {}\n", v.indicator.name, v.label));
        for src in &v.sources {
            s.push_str(&format!(
                "    {}: {}{}\n",
                src.unit,
                src.label,
                if src.submission.is_none() {
                    " (số liệu của đơn vị)"
                } else {
                    ""
                }
            ));
        }
    }
    s
}

pub fn unit_signers(list: &[kehoach::store::UnitSigner]) -> String {
    if list.is_empty() {
        return "Chưa ghi nhận người ký nào (người ký của tệp đã ký đầu tiên của một đơn vị được ghi nhận khi nhận tệp).\n".into();
    }
    let mut s = String::new();
    for u in list {
        s += &format!(
            "{}: {}{} — dấu vân tay {}… ({})\n",
            u.unit,
            u.name,
            u.organisation
                .as_ref()
                .map(|o| format!(", {o}"))
                .unwrap_or_default(),
            &u.fingerprint[..16.min(u.fingerprint.len())],
            if u.how == "officer" {
                "cán bộ ghi nhận"
            } else {
                "từ tệp đầu tiên"
            }
        );
    }
    s
}

/// What a filled indicator sheet changes (or would change).
pub fn sheet_import(
    i: &kehoach::office::SheetImport,
    period: &kehoach::calendar::Period,
    unit: &str,
) -> String {
    let mut s = if i.stored {
        format!(
            "Đã nhập bảng “{}” cho kỳ {period} ({}) của “{unit}”",
            i.sheet,
            period.label()
        )
    } else {
        format!(
            "Xem trước bảng “{}” cho kỳ {period} ({}) của “{unit}” (chưa lưu)",
            i.sheet,
            period.label()
        )
    };
    s += &match i.changes.len() {
        0 => ": không có số liệu nào thay đổi.\n".to_string(),
        n => format!(": {n} chỉ tiêu thay đổi.\n"),
    };
    for c in &i.changes {
        s += &format!(
            "{}. {} ({}): {} → {}\n",
            c.no, c.indicator, c.at, c.before, c.after
        );
    }
    if i.unchanged > 0 {
        s += &format!("{} chỉ tiêu giữ nguyên số liệu đã có.\n", i.unchanged);
    }
    if !i.not_given.is_empty() {
        s += &format!(
            "Bảng không ghi số liệu cho {} chỉ tiêu (giữ nguyên): {}.\n",
            i.not_given.len(),
            i.not_given.join("; ")
        );
    }
    s
}

/// What a leader's edited Word file changes, section by section.
pub fn docx_edit(e: &kehoach::word::read::DocxEdit, dry_run: bool) -> String {
    let mut s = match (e.changes.len(), dry_run) {
        (0, _) => "Tệp Word không thay đổi nội dung các phần I–V.\n".to_string(),
        (n, true) => format!("Tệp Word thay đổi {n} phần (chưa lưu):\n"),
        (n, false) => format!("Đã lưu {n} phần sửa từ tệp Word:\n"),
    };
    for c in &e.changes {
        s += &format!("\n{}. {}\n", c.code, c.heading);
        for l in &c.removed {
            s += &format!("  − {l}\n");
        }
        for l in &c.added {
            s += &format!("  + {l}\n");
        }
    }
    if !e.ignored.is_empty() {
        s += &format!(
            "\nKhông lấy từ tệp Word (chỉ sửa được trong kehoach): {}.\n",
            e.ignored.join("; ")
        );
    }
    s
}
