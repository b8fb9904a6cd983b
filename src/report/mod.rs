//! What a report says: the draft of a unit's report on a plan for a period,
//! assembled from its progress and values in the usual outline (I. chỉ đạo,
//! II. kết quả, III. đánh giá, IV. phương hướng, V. kiến nghị) with the
//! indicator table. Pure: everything is passed in; the officer edits the
//! text afterwards.

use std::collections::BTreeSet;

use uuid::Uuid;

use crate::calendar::Period;
use crate::model::ValueView;
use crate::model::{
    IndicatorRow, Plan, Progress, Report, ReportSection, ReportStatus, Signer, TaskNode,
    TaskStatus, Unit,
};
use crate::vn;

/// A unit's settings for its reports (from the store's settings).
#[derive(Debug, Clone, Default)]
pub struct ReportSettings {
    pub symbol: String,
    pub place: String,
    pub parent_agency: Option<String>,
    pub recipients_to: Vec<String>,
    pub signer: Signer,
    pub distribution: Vec<String>,
}

/// What the draft is made from.
pub struct ReportData<'a> {
    pub plan: &'a Plan,
    /// How the plan's issuer is named in the trích yếu: "UBND tỉnh Thái Bình".
    pub issuer_short: &'a str,
    pub unit: &'a Unit,
    pub period: Period,
    /// The plan's task tree.
    pub tasks: &'a [TaskNode],
    /// The unit's progress for the period, by task code.
    pub progress: &'a [(String, Progress)],
    pub values: &'a [ValueView],
}

/// "30/6/2017": dates inside sentences, as officers write them.
fn short(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}/{}/{}", d.day(), d.month(), d.year())
}

/// "- a;\n- b;\n- c." as lists are written in official documents.
fn items<S: AsRef<str>>(list: &[S]) -> String {
    list.iter()
        .enumerate()
        .map(|(i, x)| {
            let end = if i + 1 == list.len() { "." } else { ";" };
            format!("- {}{end}", x.as_ref().trim().trim_end_matches(['.', ';']))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn sentence(s: &str) -> String {
    let t = s.trim().trim_end_matches(['.', ';']);
    format!("{t}.")
}

/// "Kết quả thực hiện Kế hoạch số 38/KH-UBND ngày 30/6/2017 của UBND tỉnh
/// Thái Bình 6 tháng đầu năm 2026".
pub fn summary(plan: &Plan, issuer_short: &str, period: &Period) -> String {
    format!(
        "Kết quả thực hiện Kế hoạch số {} ngày {} của {} {}",
        plan.doc_number,
        short(plan.issued_on),
        issuer_short,
        period.label()
    )
}

fn progress_of<'a>(data: &'a ReportData, node: &TaskNode) -> Vec<(&'a str, &'a Progress, String)> {
    let prefix = format!("{}.", node.task.code);
    let title_of = |code: &str| -> String {
        fn find<'t>(nodes: &'t [TaskNode], code: &str) -> Option<&'t TaskNode> {
            nodes.iter().find_map(|n| {
                if n.task.code == code {
                    Some(n)
                } else {
                    find(&n.children, code)
                }
            })
        }
        find(data.tasks, code)
            .map(|n| n.task.title.clone())
            .unwrap_or_default()
    };
    data.progress
        .iter()
        .filter(|(code, _)| *code == node.task.code || code.starts_with(&prefix))
        .map(|(code, p)| (code.as_str(), p, title_of(code)))
        .collect()
}

/// The draft of the report. `id`, `version` and `supersedes` come from the
/// store; numbering and dating happen when it is finalised.
pub fn draft(
    data: &ReportData,
    settings: &ReportSettings,
    id: Uuid,
    version: u32,
    supersedes: Option<Uuid>,
) -> Report {
    let plan = data.plan;
    let all: Vec<&Progress> = data.progress.iter().map(|(_, p)| p).collect();
    let count = |s: TaskStatus| all.iter().filter(|p| p.status == s).count();

    // I. Chỉ đạo, triển khai: the documents cited as evidence.
    let documents: BTreeSet<&str> = all
        .iter()
        .flat_map(|p| p.evidence.iter().map(String::as_str))
        .collect();
    let mut direction = format!(
        "Thực hiện Kế hoạch số {} ngày {} của {}, {} đã chỉ đạo các cơ quan, đơn vị triển khai thực hiện các nhiệm vụ được giao.",
        plan.doc_number,
        short(plan.issued_on),
        data.issuer_short,
        data.unit.name
    );
    if !documents.is_empty() {
        direction.push_str("\n\nTrong kỳ, đã ban hành và thực hiện các văn bản:\n");
        direction.push_str(&items(
            &documents
                .iter()
                .collect::<Vec<_>>()
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>(),
        ));
    }

    // II. Kết quả, by task group, in plan order.
    let mut results = String::new();
    let mut group_no = 0;
    let mut budget_total: i64 = 0;
    for group in data.tasks {
        let items = progress_of(data, group);
        if items.is_empty() {
            continue;
        }
        group_no += 1;
        if !results.is_empty() {
            results.push_str("\n\n");
        }
        results.push_str(&format!(
            "{group_no}. {}",
            sentence(&group.task.title).trim_end_matches('.')
        ));
        for (code, p, title) in items {
            let mut line = if code == group.task.code {
                String::new()
            } else {
                format!("{}: ", title.trim_end_matches('.'))
            };
            line.push_str(if p.narrative.is_empty() {
                ""
            } else {
                p.narrative.trim_end_matches('.')
            });
            if !p.narrative.is_empty() {
                line.push_str(&format!(" ({}).", p.status.label()));
            } else {
                line.push_str(&format!("{}.", vn::capitalize(p.status.label())));
            }
            if let Some(b) = p.budget_used {
                budget_total += b;
                line.push_str(&format!(
                    " Kinh phí đã sử dụng: {} đồng.",
                    vn::format_integer(b)
                ));
            }
            results.push_str(&format!("\n- {line}"));
        }
    }
    if results.is_empty() {
        results = "Trong kỳ chưa ghi nhận kết quả thực hiện nhiệm vụ.".into();
    } else if budget_total > 0 {
        results.push_str(&format!(
            "\n\nTổng kinh phí đã sử dụng trong kỳ: {} đồng.",
            vn::format_integer(budget_total)
        ));
    }
    let figures: Vec<String> = data.values.iter().filter_map(figure_sentence).collect();
    if !figures.is_empty() {
        results.push_str("\n\nKết quả thực hiện các chỉ tiêu:\n");
        results.push_str(&items(&figures));
    }

    // III. Đánh giá chung.
    let (done, doing) = (
        count(TaskStatus::HoanThanh),
        count(TaskStatus::DangThucHien),
    );
    let codes_of = |s: TaskStatus| -> Vec<&str> {
        data.progress
            .iter()
            .filter(|(_, p)| p.status == s)
            .map(|(c, _)| c.as_str())
            .collect()
    };
    let done_codes = codes_of(TaskStatus::HoanThanh);
    let mut strengths = counted(&[
        (done, "nhiệm vụ đã hoàn thành"),
        (doing, "nhiệm vụ đang được triển khai theo kế hoạch"),
    ])
    .map(|c| {
        // The finished tasks by code: what was done, not only how many.
        let c = if done_codes.is_empty() {
            c
        } else {
            c.replacen(
                "nhiệm vụ đã hoàn thành",
                &format!("nhiệm vụ đã hoàn thành ({})", done_codes.join(", ")),
                1,
            )
        };
        format!("Trong kỳ, {c}.")
    })
    .unwrap_or_else(|| "Trong kỳ chưa có nhiệm vụ hoàn thành hoặc đang triển khai.".into());
    // The indicators, against their targets, as an officer writes them.
    let standings: Vec<String> = data
        .values
        .iter()
        .filter_map(|v| {
            let a = v.achievement?;
            let name = lower_first(v.indicator.name.trim_end_matches('.'));
            Some(if a >= 100.0 {
                format!(
                    "{name} đạt và vượt kế hoạch ({}%)",
                    vn::format_decimal(a, 1)
                )
            } else {
                format!("{name} đạt {}% kế hoạch", vn::format_decimal(a, 1))
            })
        })
        .collect();
    if !standings.is_empty() {
        strengths.push_str(&format!(" Về chỉ tiêu: {}.", standings.join("; ")));
    }
    let mut assessment = format!("1. Ưu điểm\n\n{strengths}");
    // Tồn tại says what is behind and what stands in the way; why it is
    // behind goes to Nguyên nhân, once.
    let problems: Vec<String> = data
        .progress
        .iter()
        .filter(|(_, p)| !p.difficulties.trim().is_empty())
        .map(|(code, p)| {
            let difficulties = lower_first(p.difficulties.trim().trim_end_matches('.'));
            if p.status.needs_reason() {
                format!("Nhiệm vụ {code} {}: {difficulties}", p.status.label())
            } else {
                format!("Nhiệm vụ {code} còn khó khăn: {difficulties}")
            }
        })
        .collect();
    let behind = |s: TaskStatus, what: &str| {
        let codes = codes_of(s);
        let n = codes.len();
        (n, format!("{what} ({})", codes.join(", ")))
    };
    let (late_n, late_what) = behind(TaskStatus::ChamTienDo, "nhiệm vụ chậm tiến độ");
    let (not_n, not_what) = behind(TaskStatus::KhongThucHien, "nhiệm vụ không thực hiện được");
    assessment.push_str("\n\n2. Tồn tại, hạn chế\n");
    let behind = counted(&[(late_n, &late_what), (not_n, &not_what)]);
    if problems.is_empty() && behind.is_none() {
        assessment.push_str("\nChưa ghi nhận tồn tại, hạn chế.");
    } else {
        if let Some(c) = behind {
            assessment.push_str(&format!("\nCòn {c}."));
        }
        if !problems.is_empty() {
            assessment.push('\n');
            assessment.push_str(&items(&problems));
        }
    }
    let reasons: BTreeSet<String> = all.iter().filter_map(|p| p.reason.clone()).collect();
    assessment.push_str("\n\n3. Nguyên nhân\n");
    if reasons.is_empty() {
        assessment.push('\n');
        assessment.push_str(REASONS_TO_WRITE);
    } else {
        assessment.push('\n');
        assessment.push_str(&items(
            &reasons
                .iter()
                .collect::<Vec<_>>()
                .iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>(),
        ));
    }

    // IV. Phương hướng: what is not finished goes on.
    let ongoing: Vec<String> = data
        .progress
        .iter()
        .filter(|(_, p)| p.status != TaskStatus::HoanThanh)
        .map(|(code, _)| code.clone())
        .collect();
    let next = if ongoing.is_empty() {
        "Tiếp tục duy trì kết quả đạt được, triển khai các nhiệm vụ của kỳ tới theo Kế hoạch."
            .to_string()
    } else {
        format!(
            "Tiếp tục triển khai các nhiệm vụ chưa hoàn thành ({}); tập trung khắc phục những tồn tại, hạn chế nêu trên.",
            ongoing.join(", ")
        )
    };

    // V. Đề xuất, kiến nghị.
    let proposals: Vec<&str> = all
        .iter()
        .map(|p| p.proposals.as_str())
        .filter(|p| !p.is_empty())
        .collect();
    let requests = if proposals.is_empty() {
        "Không có.".to_string()
    } else {
        items(&proposals)
    };

    let section = |code: &str, heading: &str, text: String| ReportSection {
        code: code.into(),
        heading: heading.into(),
        text,
    };
    Report {
        id,
        plan_id: plan.id,
        unit_id: data.unit.id,
        period: data.period,
        version,
        supersedes,
        status: ReportStatus::Draft,
        parent_agency: settings.parent_agency.clone(),
        agency: vn::upper(&data.unit.name),
        symbol: settings.symbol.clone(),
        number: None,
        issued_on: None,
        place: settings.place.clone(),
        summary: summary(plan, data.issuer_short, &data.period),
        recipients_to: settings.recipients_to.clone(),
        sections: vec![
            section("I", "CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI", direction),
            section("II", "KẾT QUẢ THỰC HIỆN", results),
            section("III", "ĐÁNH GIÁ CHUNG", assessment),
            section("IV", "PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", next),
            section("V", "ĐỀ XUẤT, KIẾN NGHỊ", requests),
        ],
        indicators: indicator_rows(data.values),
        signer: settings.signer.clone(),
        distribution: settings.distribution.clone(),
    }
}

/// How many decimals an indicator's figures are written with: one for a
/// percentage (as the "Tỷ lệ %" column), two for the others.
fn places(measure_unit: &str) -> usize {
    if measure_unit.trim() == "%" {
        1
    } else {
        2
    }
}

/// "tăng 0,3 điểm phần trăm so với cùng kỳ năm trước (99,2%)": this period's value
/// against the same period a year before — in percentage points for a
/// percentage, as a share of last year's figure otherwise. None when the
/// comparison cannot be made (no figure, or nothing to divide by).
pub fn against_last_year(measure_unit: &str, now: f64, before: f64) -> Option<String> {
    let percent = measure_unit.trim() == "%";
    let was = if percent {
        format!("{}%", vn::format_decimal(before, 1))
    } else {
        let unit = measure_unit.trim();
        let figure = vn::format_decimal(before, places(measure_unit));
        if unit.is_empty() {
            figure
        } else {
            format!("{figure} {unit}")
        }
    };
    let change = if percent {
        now - before
    } else if before != 0.0 {
        (now - before) / before.abs() * 100.0
    } else {
        return None;
    };
    let size = vn::format_decimal(change.abs(), 1);
    if size == "0" {
        return Some(format!("bằng cùng kỳ năm trước ({was})"));
    }
    let way = if change > 0.0 { "tăng" } else { "giảm" };
    let by = if percent {
        format!("{size} điểm phần trăm")
    } else {
        format!("{size}%")
    };
    Some(format!("{way} {by} so với cùng kỳ năm trước ({was})"))
}

/// One indicator's figure for the period, as section II says it: "Tỷ lệ …
/// đạt 99,5%, tăng 0,3 điểm phần trăm so với cùng kỳ năm trước (99,2%)".
fn figure_sentence(v: &ValueView) -> Option<String> {
    let now = v.value.as_ref()?.value?;
    let unit = v.indicator.measure_unit.trim();
    let figure = vn::format_decimal(now, places(unit));
    let figure = match unit {
        "%" => format!("{figure}%"),
        "" => figure,
        u => format!("{figure} {u}"),
    };
    let name = v.indicator.name.trim().trim_end_matches('.');
    let mut s = format!("{name} đạt {figure}");
    if let Some(c) = v.last_year.and_then(|b| against_last_year(unit, now, b)) {
        s.push_str(&format!(", {c}"));
    }
    Some(s)
}

/// The appendix table: plan target, this period, the same period a year
/// before, lũy kế, % of target.
pub fn indicator_rows(values: &[ValueView]) -> Vec<IndicatorRow> {
    values
        .iter()
        .map(|v| IndicatorRow {
            name: v.indicator.name.clone(),
            measure_unit: v.indicator.measure_unit.clone(),
            target: v.indicator.target_value,
            actual: v.value.as_ref().and_then(|x| x.value),
            cumulative: v.cumulative,
            percent_of_target: v.achievement,
            note: v.value.as_ref().map(|x| x.note.clone()).unwrap_or_default(),
            last_year: v.last_year,
        })
        .collect()
}

/// The columns of the appendix table.
pub const INDICATOR_COLUMNS: [&str; 9] = [
    "STT",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Kế hoạch",
    "Thực hiện kỳ báo cáo",
    "Cùng kỳ năm trước",
    "Lũy kế",
    "Tỷ lệ % so với kế hoạch",
    "Ghi chú",
];

/// Their widths, as fractions of the text width (the PDF and the Word file).
pub const INDICATOR_WIDTHS: [f32; 9] = [0.06, 0.26, 0.08, 0.09, 0.10, 0.10, 0.09, 0.10, 0.12];

/// The appendix table's cells, as printed: one place writes them for the
/// PDF and for the text reading.
pub fn indicator_cells(r: &Report) -> Vec<Vec<String>> {
    r.indicators
        .iter()
        .enumerate()
        .map(|(i, row)| indicator_row_cells(i + 1, row))
        .collect()
}

/// One row of the appendix table. Percentages are rounded alike: an
/// indicator measured in % shows its figures with one decimal, as the
/// "Tỷ lệ %" column does, so 97,14 % never stands beside 97,1; other
/// figures keep two.
fn indicator_row_cells(number: usize, row: &IndicatorRow) -> Vec<String> {
    let places = places(&row.measure_unit);
    let num = |v: Option<f64>| v.map(|x| vn::format_decimal(x, places)).unwrap_or_default();
    vec![
        number.to_string(),
        row.name.clone(),
        row.measure_unit.clone(),
        num(row.target),
        num(row.actual),
        num(row.last_year),
        num(row.cumulative),
        row.percent_of_target
            .map(|p| vn::format_decimal(p, 1))
            .unwrap_or_default(),
        row.note.clone(),
    ]
}

/// What finalising needs and is missing, named for the officer.
/// "3 nhiệm vụ đã hoàn thành, 2 nhiệm vụ …": the counts that are not
/// zero, as an officer writes them (never "0 nhiệm vụ …"); None if all are.
fn counted(parts: &[(usize, &str)]) -> Option<String> {
    let said: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    (!said.is_empty()).then(|| said.join(", "))
}

/// What the draft writes where only the officer can say: an instruction,
/// to be replaced before the report is finalised.
pub const REASONS_TO_WRITE: &str = "(Nêu nguyên nhân chủ quan, khách quan.)";

/// Words an instruction in a template starts with ("(Nêu …)", "(Ghi rõ …)").
const INSTRUCTIONS: [&str; 14] = [
    "nêu",
    "ghi",
    "đánh giá",
    "bổ sung",
    "điền",
    "đề xuất",
    "trình bày",
    "liệt kê",
    "tóm tắt",
    "mô tả",
    "phân tích",
    "nhập",
    "viết",
    "cập nhật",
];

/// A paragraph of a section that is a template's instruction or a blank to
/// fill, not text: "(Nêu nguyên nhân chủ quan, khách quan.)", "(Ghi rõ
/// …)", a line of dots "……………", "[…]".
pub fn is_placeholder(paragraph: &str) -> bool {
    let t = paragraph.trim().trim_start_matches(['-', '+', '•']).trim();
    if t.chars().count() >= 3 && t.chars().all(|c| matches!(c, '.' | '…' | '_' | ' ')) {
        return true;
    }
    if t.contains("[…]") || t.contains("[...]") {
        return true;
    }
    let Some(inner) = t
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')').or_else(|| x.strip_suffix(").")))
    else {
        return false;
    };
    let lower = inner.trim().to_lowercase();
    INSTRUCTIONS.iter().any(|w| {
        lower
            .strip_prefix(w)
            .is_some_and(|rest| !rest.starts_with(char::is_alphabetic))
    })
}

/// The sections that still hold a placeholder, each with the first one, as
/// the officer reads them: "mục II. KẾT QUẢ … (“(Nêu nguyên nhân …)”)".
pub fn placeholders(r: &Report) -> Vec<String> {
    r.sections
        .iter()
        .filter_map(|s| {
            let found = s.text.lines().find(|l| is_placeholder(l))?;
            Some(format!(
                "mục {}. {} (“{}”)",
                s.code,
                s.heading,
                found.trim()
            ))
        })
        .collect()
}

pub fn missing_for_final(r: &Report) -> Vec<&'static str> {
    let mut out = Vec::new();
    if r.symbol.trim().is_empty() {
        out.push("ký hiệu văn bản (ví dụ BC-UBND)");
    }
    if r.place.trim().is_empty() {
        out.push("địa danh");
    }
    if r.signer.name.trim().is_empty() {
        out.push("họ tên người ký");
    }
    if r.signer.authority.iter().all(|a| a.trim().is_empty()) {
        out.push("thẩm quyền, chức vụ người ký");
    }
    if r.recipients_to.is_empty() && r.distribution.is_empty() {
        out.push("nơi nhận");
    }
    out
}

/// The report as plain text, in reading order: what a person reads on the
/// page, and what `pdftotext` must give back from the PDF.
pub fn to_text(r: &Report) -> String {
    let mut s = String::new();
    if r.status == crate::model::ReportStatus::Draft {
        s.push_str("DỰ THẢO\n");
    }
    if let Some(p) = &r.parent_agency {
        s.push_str(&format!("{}\n", vn::upper(p)));
    }
    s.push_str(&format!("{}\n", r.agency));
    s.push_str("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n");
    s.push_str(&format!("Số: {}\n", r.doc_number()));
    let date = match r.issued_on {
        Some(d) => vn::format_long_date(d),
        None => "ngày     tháng     năm".into(),
    };
    s.push_str(&format!("{}, {date}\n\n", r.place));
    s.push_str(&format!("BÁO CÁO\n{}\n\n", r.summary));
    match r.recipients_to.as_slice() {
        [] => {}
        [one] => s.push_str(&format!("Kính gửi: {one}.\n\n")),
        many => {
            s.push_str("Kính gửi:\n");
            for (i, m) in many.iter().enumerate() {
                s.push_str(&format!(
                    "- {m}{}\n",
                    if i + 1 == many.len() { "." } else { ";" }
                ));
            }
            s.push('\n');
        }
    }
    for sec in &r.sections {
        s.push_str(&format!("{}. {}\n{}\n\n", sec.code, sec.heading, sec.text));
    }
    if !r.indicators.is_empty() {
        s.push_str("Phụ lục\nKẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU\n");
        if r.number.is_some() {
            s.push_str(&format!(
                "(Kèm theo Báo cáo số {}{})\n",
                r.doc_number(),
                r.issued_on
                    .map(|d| format!(" {}", vn::format_long_date(d)))
                    .unwrap_or_default()
            ));
        }
        s.push_str(&INDICATOR_COLUMNS.join(" | "));
        s.push('\n');
        for row in indicator_cells(r) {
            s.push_str(&row.join(" | "));
            s.push('\n');
        }
        s.push('\n');
    }
    s.push_str("Nơi nhận:\n");
    if !r.distribution.is_empty() {
        s.push_str(&items(&r.distribution));
        s.push('\n');
    }
    for a in &r.signer.authority {
        s.push_str(&format!("{a}\n"));
    }
    s.push_str(&format!("{}\n", r.signer.name));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_in_the_appendix_are_rounded_alike() {
        let row = |unit: &str, target, actual| IndicatorRow {
            name: "Tỷ lệ hộ dùng nước sạch".into(),
            measure_unit: unit.into(),
            target: Some(target),
            actual: Some(actual),
            cumulative: Some(actual),
            percent_of_target: Some(actual / target * 100.0),
            note: String::new(),
            last_year: Some(actual - 2.345),
        };
        let cells = indicator_row_cells(1, &row("%", 100.0, 97.14));
        assert_eq!(cells[3..8], ["100", "97,1", "94,8", "97,1", "97,1"]);
        let cells = indicator_row_cells(2, &row("tỷ đồng", 12.5, 3.126));
        assert_eq!(cells[3..8], ["12,5", "3,13", "0,78", "3,13", "25"]);
        assert_eq!(cells.len(), INDICATOR_COLUMNS.len());
        assert!((INDICATOR_WIDTHS.iter().sum::<f32>() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn against_the_same_period_a_year_before() {
        let table: [(&str, f64, f64, Option<&str>); 7] = [
            (
                "%",
                97.1,
                94.8,
                Some("tăng 2,3 điểm phần trăm so với cùng kỳ năm trước (94,8%)"),
            ),
            (
                "%",
                2.5,
                2.87,
                Some("giảm 0,4 điểm phần trăm so với cùng kỳ năm trước (2,9%)"),
            ),
            ("%", 99.52, 99.5, Some("bằng cùng kỳ năm trước (99,5%)")),
            (
                "người",
                1250.0,
                1000.0,
                Some("tăng 25% so với cùng kỳ năm trước (1.000 người)"),
            ),
            (
                "tỷ đồng",
                3.0,
                4.0,
                Some("giảm 25% so với cùng kỳ năm trước (4 tỷ đồng)"),
            ),
            ("", 12.0, 12.0, Some("bằng cùng kỳ năm trước (12)")),
            // Nothing to compare a count with.
            ("lớp", 6.0, 0.0, None),
        ];
        for (unit, now, before, said) in table {
            assert_eq!(
                against_last_year(unit, now, before).as_deref(),
                said,
                "{unit} {now} {before}"
            );
        }
    }

    #[test]
    fn counts_are_said_only_when_not_zero() {
        let parts = |a, b| {
            counted(&[
                (a, "nhiệm vụ chậm tiến độ"),
                (b, "nhiệm vụ không thực hiện được"),
            ])
        };
        assert_eq!(parts(2, 0).as_deref(), Some("2 nhiệm vụ chậm tiến độ"));
        assert_eq!(
            parts(0, 1).as_deref(),
            Some("1 nhiệm vụ không thực hiện được")
        );
        assert_eq!(
            parts(2, 1).as_deref(),
            Some("2 nhiệm vụ chậm tiến độ, 1 nhiệm vụ không thực hiện được")
        );
        assert_eq!(parts(0, 0), None);
    }
}
