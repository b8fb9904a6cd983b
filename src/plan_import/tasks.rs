//! The outline's task sections → task drafts with their units.
//!
//! Task sections are those headed "Nội dung", "Nhiệm vụ", "Giải pháp" or
//! "Hoạt động"; "Tổ chức thực hiện" gives one task per unit named.

use std::sync::LazyLock;

use regex::Regex;

use super::outline::{MarkKind, Node, Outline};
use super::units::{begins_with_unit, split_units, UnitMention};
use crate::vn;

#[derive(Debug, Clone, PartialEq)]
pub struct TaskDraft {
    pub code: String,
    pub title: String,
    pub content: String,
    pub leads: Vec<UnitMention>,
    pub partners: Vec<UnitMention>,
    pub span: (usize, usize),
    pub children: Vec<TaskDraft>,
}

static UNIT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:[Đđ]ơn vị|[Cc]ơ quan)\s+)?(chủ trì|Chủ trì|thực hiện|phối hợp|Phối hợp)(?:\s+thực hiện)?\s*:\s*(.*)$")
        .expect("valid regex")
});
static INLINE_UNITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(\s*(?:[Đđ]ơn vị\s+|[Cc]ơ quan\s+)?(?:[Cc]hủ trì|thực hiện)\s*:\s*([^;)]+)(?:;\s*(?:[Đđ]ơn vị\s+|[Cc]ơ quan\s+)?[Pp]hối hợp\s*:\s*([^)]+))?\)")
        .expect("valid regex")
});
static PROSE_UNITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[Đđ]ơn vị|[Cc]ơ quan)\s+(chủ trì|thực hiện|phối hợp)\s*:\s*([^.]+)")
        .expect("valid regex")
});

/// Words that begin a duty after a unit's name in "Tổ chức thực hiện".
const DUTY_VERBS: [&str; 24] = [
    "Là ",
    "Chủ trì",
    "Tổ chức",
    "Phối hợp",
    "Hướng dẫn",
    "Theo dõi",
    "Tham mưu",
    "Xây dựng",
    "Triển khai",
    "Thực hiện",
    "Đẩy mạnh",
    "Tăng cường",
    "Chỉ đạo",
    "Bố trí",
    "Cân đối",
    "Căn cứ",
    "Có trách nhiệm",
    "Thường trực",
    "Định kỳ",
    "Rà soát",
    "Tuyên truyền",
    "Nghiên cứu",
    "Kiểm tra",
    "Đôn đốc",
];

fn is_task_section(heading: &str) -> bool {
    let f = vn::fold(heading);
    !f.starts_with("to chuc thuc hien")
        && !f.starts_with("muc")
        && !f.starts_with("kinh phi")
        && !f.starts_with("pham vi")
        && (f.contains("noi dung")
            || f.contains("nhiem vu")
            || f.starts_with("giai phap")
            || f.contains("hoat dong"))
}

fn is_organisation_section(heading: &str) -> bool {
    let f = vn::fold(heading);
    f.starts_with("to chuc thuc hien") || f.starts_with("trach nhiem")
}

/// "Nội dung hoạt động:" and the like: a label whose items belong to the
/// task above it.
fn is_container(text: &str) -> bool {
    let f = vn::fold(text);
    [
        "noi dung hoat dong",
        "cac noi dung hoat dong",
        "noi dung",
        "hoat dong",
        "cac hoat dong",
        "nhiem vu cu the",
        "nhiem vu",
        "noi dung thuc hien",
        "cac nhiem vu",
    ]
    .contains(&f.as_str())
}

/// A short title for a long paragraph: its first sentence or clause.
pub fn title_of(text: &str) -> String {
    let text = text
        .trim()
        .trim_end_matches([':', '.', ';'])
        .trim_end()
        .replace(", cụ thể như sau", "")
        .replace(" cụ thể như sau", "");
    if text.chars().count() <= 200 {
        return text;
    }
    let mut end = None;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | ';' | ':') && i >= 20 {
            let next = text[i + c.len_utf8()..].chars().next();
            if next.is_none_or(char::is_whitespace) {
                end = Some(i);
                break;
            }
        }
    }
    match end {
        Some(i) if text[..i].chars().count() <= 180 => text[..i].to_string(),
        _ => {
            let cut: String = text.chars().take(170).collect();
            let at = cut.rfind(' ').unwrap_or(cut.len());
            format!("{}…", &cut[..at])
        }
    }
}

/// Reads the task sections of `outline`: its top-level items, whatever
/// their numbering (I./II. or 1./2.).
pub fn tasks(outline: &Outline) -> Vec<TaskDraft> {
    let mut out = Vec::new();
    for section in &outline.items {
        let prefix = section.mark.label.clone();
        if is_organisation_section(&section.text) {
            out.extend(duties(section, &prefix));
        } else if is_task_section(&section.text) {
            out.extend(children_as_tasks(section, &prefix).0);
        }
    }
    out
}

/// The tasks under `node`, with the units its label items name.
fn children_as_tasks(
    node: &Node,
    prefix: &str,
) -> (Vec<TaskDraft>, Vec<UnitMention>, Vec<UnitMention>) {
    let mut tasks = Vec::new();
    let (mut leads, mut partners) = (Vec::new(), Vec::new());
    let mut bullet = 0;
    let mut items: Vec<&Node> = Vec::new();
    // Lift the items of container labels ("a) Nội dung hoạt động:").
    for c in &node.children {
        if is_container(&c.text) {
            items.extend(c.children.iter());
        } else {
            items.push(c);
        }
    }
    // "Đơn vị thực hiện: …" written as a plain paragraph after the last item
    // names the units of the group, not of that item.
    let mut last_trimmed: Option<Node> = None;
    if let Some(last) = items.last() {
        let trailing = last
            .body
            .iter()
            .rev()
            .take_while(|p| UNIT_LABEL.is_match(&p.text))
            .count();
        if trailing > 0 && last.children.is_empty() {
            let mut trimmed = (*last).clone();
            for p in trimmed.body.split_off(last.body.len() - trailing) {
                if let Some(caps) = UNIT_LABEL.captures(&p.text) {
                    let units = split_units(&caps[2]);
                    if caps[1].to_lowercase() == "phối hợp" {
                        partners.extend(units);
                    } else {
                        leads.extend(units);
                    }
                }
            }
            last_trimmed = Some(trimmed);
        }
    }
    if let Some(t) = &last_trimmed {
        items.pop();
        items.push(t);
    }
    for c in items {
        if let Some(caps) = UNIT_LABEL.captures(&c.full_text()) {
            let units = split_units(&caps[2]);
            if caps[1].to_lowercase() == "phối hợp" {
                partners.extend(units);
            } else {
                leads.extend(units);
            }
            continue;
        }
        let label = match c.mark.kind {
            MarkKind::Dash | MarkKind::Plus | MarkKind::Star => {
                bullet += 1;
                bullet.to_string()
            }
            // "1.1." under "1.": only its own part adds to the code.
            _ => c
                .mark
                .label
                .rsplit('.')
                .next()
                .unwrap_or_default()
                .to_string(),
        };
        let code = if prefix.is_empty() {
            label
        } else {
            format!("{prefix}.{label}")
        };
        tasks.push(task(c, code));
    }
    (tasks, leads, partners)
}

fn task(node: &Node, code: String) -> TaskDraft {
    let (children, mut leads, mut partners) = children_as_tasks(node, &code);
    let mut text = node.full_text();
    if let Some(c) = INLINE_UNITS.captures(&text) {
        leads.extend(split_units(&c[1]));
        if let Some(p) = c.get(2) {
            partners.extend(split_units(p.as_str()));
        }
        text = vn::clean(&INLINE_UNITS.replace(&text, ""))
            .replace(" .", ".")
            .replace(" ;", ";")
            .replace(" ,", ",");
    }
    if leads.is_empty() {
        leads = units_heading_names(&node.text);
    }
    if leads.is_empty() && partners.is_empty() {
        for c in PROSE_UNITS.captures_iter(&text) {
            let units = split_units(&c[2]);
            if &c[1] == "phối hợp" {
                partners.extend(units);
            } else {
                leads.extend(units);
            }
        }
    }
    let title = title_of(&text);
    let content = if title == text.trim_end_matches(['.', ':', ';']) {
        String::new()
    } else {
        text.clone()
    };
    TaskDraft {
        code,
        title,
        content,
        leads,
        partners,
        span: node.whole_span(),
        children,
    }
}

/// "Tổ chức thực hiện": "1. Sở Lao động - Thương binh và Xã hội" with its
/// duties below, or "4. Sở Văn hóa, Thể thao và Du lịch - Tổ chức …" inline.
fn duties(section: &Node, prefix: &str) -> Vec<TaskDraft> {
    let mut out = Vec::new();
    for c in &section.children {
        if !begins_with_unit(&c.text) && !c.text.starts_with("Các ") {
            continue;
        }
        let text = c.text.strip_prefix("Đề nghị ").unwrap_or(&c.text);
        let (name, duty) = split_unit_and_duty(text);
        let Some(name) = name else { continue };
        let own = c.mark.label.rsplit('.').next().unwrap_or_default();
        let code = format!("{prefix}.{own}");
        let mut t = task(c, code.clone());
        t.title = title_of(&name);
        t.leads = split_units(&name);
        if let Some(d) = duty {
            t.content = d;
        }
        out.push(t);
    }
    out
}

/// Verbs that follow a unit's name in a sentence ("UBND huyện, thành phố
/// căn cứ …", "Ủy ban Mặt trận … phối hợp thực hiện …").
const SENTENCE_VERBS: [&str; 10] = [
    " phối hợp",
    " căn cứ",
    " triển khai",
    " chủ trì",
    " thực hiện",
    " có trách nhiệm",
    " xây dựng",
    " chỉ đạo",
    " tham mưu",
    " chủ động",
];

/// The units a heading starts with, when it names who does the task
/// ("UBND huyện, thành phố căn cứ vào tình hình thực tế …").
pub fn units_heading_names(text: &str) -> Vec<UnitMention> {
    if !begins_with_unit(text) && !text.starts_with("UBND") {
        return Vec::new();
    }
    let cut = SENTENCE_VERBS
        .iter()
        .filter_map(|v| text.find(v))
        .min()
        .filter(|&i| text[..i].split_whitespace().count() >= 2);
    cut.map(|i| split_units(&text[..i])).unwrap_or_default()
}

/// Splits "Sở Văn hóa, Thể thao và Du lịch - Tổ chức …" into the unit and
/// its duty. A text that is only a name ("Sở Y tế") has no duty.
fn split_unit_and_duty(text: &str) -> (Option<String>, Option<String>) {
    let text = text.trim().trim_end_matches([':', '.']);
    if let Some((name, duty)) = text.split_once(':') {
        return (Some(name.trim().to_string()), Some(duty.trim().to_string()));
    }
    // "Sở Công thương Chủ trì, phối hợp …" (the duty on the next line).
    if let Some(i) = DUTY_VERBS
        .iter()
        .filter_map(|v| text.find(&format!(" {v}")))
        .filter(|&i| text[..i].split_whitespace().count() >= 2)
        .min()
    {
        let name = text[..i].trim().trim_end_matches(['-', '–', ',', ' ']);
        return (Some(name.to_string()), Some(text[i..].trim().to_string()));
    }
    for sep in [" - ", " – ", ", "] {
        let mut from = 0;
        while let Some(i) = text[from..].find(sep) {
            let at = from + i;
            let rest = &text[at + sep.len()..];
            if DUTY_VERBS.iter().any(|v| rest.starts_with(v)) {
                return (
                    Some(text[..at].trim().to_string()),
                    Some(rest.trim().to_string()),
                );
            }
            from = at + sep.len();
        }
    }
    if text.split_whitespace().count() <= 14 {
        (Some(text.to_string()), None)
    } else {
        (None, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan_import::outline::outline;

    fn one(s: &str) -> UnitMention {
        UnitMention::One(s.into())
    }

    #[test]
    fn groups_activities_and_their_units() {
        let text = "II. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Tuyên truyền về Cộng đồng ASEAN\na) Nội dung hoạt động:\n- Tổ chức hội nghị\n- Biên soạn tài liệu\nb) Đơn vị chủ trì: Sở Thông tin và\nTruyền thông.\nc) Đơn vị phối hợp: Sở Ngoại vụ; UBND các huyện, thành phố.\n2. Chăm sóc sức khỏe\n- Khám sàng lọc (Chủ trì: Sở Y tế; phối hợp: Sở Giáo dục và Đào tạo).\n";
        let t = tasks(&outline(text));
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].code, "II.1");
        assert_eq!(t[0].title, "Tuyên truyền về Cộng đồng ASEAN");
        let kids: Vec<(&str, &str)> = t[0]
            .children
            .iter()
            .map(|c| (c.code.as_str(), c.title.as_str()))
            .collect();
        assert_eq!(
            kids,
            [
                ("II.1.1", "Tổ chức hội nghị"),
                ("II.1.2", "Biên soạn tài liệu")
            ]
        );
        assert_eq!(t[0].leads, [one("Sở Thông tin và Truyền thông")]);
        assert_eq!(t[0].partners[0], one("Sở Ngoại vụ"));
        assert!(matches!(t[0].partners[1], UnitMention::Group { .. }));
        let kham = &t[1].children[0];
        assert_eq!(kham.title, "Khám sàng lọc");
        assert_eq!(kham.leads, [one("Sở Y tế")]);
        assert_eq!(kham.partners, [one("Sở Giáo dục và Đào tạo")]);
    }

    #[test]
    fn other_labels_and_numbering() {
        let text = "III. CÁC NHIỆM VỤ CHỦ YẾU\n1. Phát triển con người\n1.1. Giáo dục\nNâng cao chất lượng giáo dục mầm non. Cơ quan thực hiện: Phòng Giáo dục và Đào tạo, UBND các xã, thị trấn.\n1.2. Y tế\nđ) Đơn vị thực hiện: Trung tâm Y tế huyện\n";
        let t = tasks(&outline(text));
        assert_eq!(t.len(), 1);
        let giao_duc = &t[0].children[0];
        assert_eq!(giao_duc.code, "III.1.1");
        assert_eq!(giao_duc.leads[0], one("Phòng Giáo dục và Đào tạo"));
        assert!(matches!(&giao_duc.leads[1], UnitMention::Group { .. }));
        assert_eq!(t[0].children[1].leads, [one("Trung tâm Y tế huyện")]);
    }

    #[test]
    fn duties_per_unit_in_organisation_section() {
        let text = "VII. TỔ CHỨC THỰC HIỆN\nCác sở, ngành thực hiện.\n1. Sở Lao động - Thương binh và Xã hội\n- Là cơ quan thường trực.\n- Tổng hợp báo cáo.\n2. Sở Văn hóa, Thể thao và Du lịch - Tổ chức các hoạt động văn hóa, thể thao.\n3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh: Tuyên truyền, vận động.\n";
        let t = tasks(&outline(text));
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].leads, [one("Sở Lao động - Thương binh và Xã hội")]);
        assert_eq!(t[0].children.len(), 2);
        assert_eq!(t[1].leads, [one("Sở Văn hóa, Thể thao và Du lịch")]);
        assert!(
            t[1].content.starts_with("Tổ chức các hoạt động"),
            "{}",
            t[1].content
        );
        assert_eq!(t[2].leads, [one("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh")]);
    }

    #[test]
    fn long_paragraphs_get_a_short_title() {
        let long = format!(
            "Bảo tồn đa dạng sinh học: {}",
            "tiếp tục triển khai thực hiện ".repeat(10)
        );
        assert_eq!(title_of(&long), "Bảo tồn đa dạng sinh học");
    }
}
