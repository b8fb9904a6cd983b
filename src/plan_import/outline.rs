//! Text → paragraphs → the document's numbered outline.
//!
//! Web copies of official texts break lines anywhere; a new paragraph starts
//! only at a blank line, a separator ("|", "-----"), a numbering mark followed
//! by a capital ("III. ", "2.1. ", "b) ", "- "), or a change between an
//! all-capitals line and an ordinary one. Everything else continues the
//! paragraph. The outline nests numbering kinds in the order they appear.

use std::sync::LazyLock;

use regex::Regex;

/// One paragraph of the source, with its byte range in the source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub text: String,
    pub span: (usize, usize),
}

/// Kinds of numbering, as officers write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// I. II. III.
    Roman,
    /// 1. 2. (depth 1), 2.1. (depth 2), 2.1.3. (depth 3)
    Decimal(u8),
    /// a) b) đ)
    Letter,
    /// - or –
    Dash,
    /// +
    Plus,
    /// * or •
    Star,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub kind: MarkKind,
    /// "III", "2.1", "đ"; empty for bullets.
    pub label: String,
}

/// A numbered item: its heading text, the unnumbered paragraphs under it and
/// its sub-items.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub mark: Mark,
    pub text: String,
    pub span: (usize, usize),
    pub body: Vec<Paragraph>,
    pub children: Vec<Node>,
}

impl Node {
    /// Heading and body as one text.
    pub fn full_text(&self) -> String {
        let mut s = self.text.clone();
        for p in &self.body {
            s.push(' ');
            s.push_str(&p.text);
        }
        s
    }

    /// The node's span extended over its body and children.
    pub fn whole_span(&self) -> (usize, usize) {
        let mut end = self.span.1;
        if let Some(p) = self.body.last() {
            end = end.max(p.span.1);
        }
        if let Some(c) = self.children.last() {
            end = end.max(c.whole_span().1);
        }
        (self.span.0, end)
    }
}

/// The document: paragraphs before the first numbered item, then the items.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outline {
    pub preamble: Vec<Paragraph>,
    pub items: Vec<Node>,
    /// Set when the text says it was cut off ("[...]").
    pub truncated_at: Option<usize>,
}

static MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?P<roman>[IVXL]{1,5})\.|(?P<multi>\d{1,2}(?:\.\d{1,2}){1,3})\s|(?P<dec>\d{1,2}(?:\.\d{1,2}){0,3})[.)]|(?P<letter>[a-zđ])\)|(?P<dash>[-–—])|(?P<plus>\+)|(?P<star>[*•·]))\s*",
    )
    .expect("valid regex")
});

/// The numbering mark at the start of `line`, if what follows it starts like
/// a heading (a capital letter, a quote or a digit for bullets).
pub fn mark_of(line: &str) -> Option<(Mark, &str)> {
    let caps = MARK.captures(line)?;
    let rest = &line[caps.get(0)?.end()..];
    let first = rest.chars().next()?;
    let starts_upper = first.is_uppercase() || first == '“' || first == '"';
    let (kind, label) = if let Some(m) = caps.name("roman") {
        (MarkKind::Roman, m.as_str())
    } else if let Some(m) = caps.name("dec").or_else(|| caps.name("multi")) {
        let depth = m.as_str().split('.').count() as u8;
        (MarkKind::Decimal(depth), m.as_str())
    } else if let Some(m) = caps.name("letter") {
        (MarkKind::Letter, m.as_str())
    } else if caps.name("dash").is_some() {
        (MarkKind::Dash, "")
    } else if caps.name("plus").is_some() {
        (MarkKind::Plus, "")
    } else {
        (MarkKind::Star, "")
    };
    // A numbered heading needs a space after its mark ("2.1. Phát", not
    // "2.1.2020"); bullets may be glued ("-Tổ chức").
    let spaced = caps.get(0)?.as_str().ends_with(char::is_whitespace);
    let ok = match kind {
        MarkKind::Dash | MarkKind::Plus | MarkKind::Star => starts_upper || first.is_ascii_digit(),
        _ => starts_upper && spaced,
    };
    ok.then(|| {
        (
            Mark {
                kind,
                label: label.to_string(),
            },
            rest.trim_end(),
        )
    })
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '|' | '-' | '_' | '=' | '*' | ' ' | '—' | '–'))
        && (t.contains('|') || t.chars().count() >= 3)
}

/// All capitals, as headers and titles are written. Document symbols like
/// "161/QĐ-TTg" do not count against it.
pub fn is_caps(line: &str) -> bool {
    let mut letters = 0;
    for w in line.split_whitespace() {
        if w.contains('/') || w.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        for c in w.chars().filter(|c| c.is_alphabetic()) {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

/// Starts of paragraphs that carry no numbering but always stand alone.
fn starts_block(line: &str) -> bool {
    const OPENERS: [&str; 8] = [
        "Căn cứ",
        "Nơi nhận",
        "Số:",
        "TM.",
        "KT.",
        "TL.",
        "TUQ.",
        "Q. ",
    ];
    const DOC_TYPES: [&str; 5] = [
        "KẾ HOẠCH",
        "KẾ HOẠCH HÀNH ĐỘNG",
        "CHƯƠNG TRÌNH",
        "QUYẾT ĐỊNH",
        "BÁO CÁO",
    ];
    // "Thái Bình, ngày 10 tháng 01 năm 2024"
    let place_and_date = line.contains(", ngày ")
        && line.contains(" tháng ")
        && line.contains(" năm ")
        && line.split_whitespace().count() <= 14;
    OPENERS.iter().any(|o| line.starts_with(o)) || DOC_TYPES.contains(&line) || place_and_date
}

/// Does `line` continue the paragraph `so_far` (a hard line break), rather
/// than start a new one?
fn continues_paragraph(so_far: &str, line: &str) -> bool {
    let (caps_before, caps_now) = (is_caps(so_far), is_caps(line));
    if caps_before && !caps_now {
        return false; // "CỘNG HÒA …" then "Độc lập - Tự do - Hạnh phúc"
    }
    if caps_now && !caps_before && line.split_whitespace().count() >= 2 {
        return false; // a heading in capitals after ordinary text
    }
    let sentence_ended = so_far.ends_with(['.', ':']);
    let starts_upper = line.chars().next().is_some_and(char::is_uppercase);
    // "1. Mục tiêu chung" then "Thúc đẩy …": a short label heading ends at
    // its line ("11. Ủy ban Mặt trận tổ quốc Việt" / "Nam tỉnh" is longer).
    let short_label = mark_of(so_far).is_some_and(|(m, rest)| {
        !matches!(m.kind, MarkKind::Dash | MarkKind::Plus | MarkKind::Star)
            && rest.split_whitespace().count() <= 4
            && !rest.ends_with([',', '-', '–'])
            && !["và", "của", "các", "với"]
                .iter()
                .any(|w| rest.ends_with(&format!(" {w}")))
    });
    !((sentence_ended || short_label) && starts_upper && !caps_before)
}

/// A dash at the start of a line may be a hyphen the line break landed on
/// ("… các ngành Lao động\n- Thương binh và Xã hội"). It is a bullet after a
/// finished sentence, a short heading, another bullet or capitals.
fn is_broken_bullet(mark: &Mark, so_far: &str) -> bool {
    if !matches!(mark.kind, MarkKind::Dash) {
        return false;
    }
    let finished = so_far.ends_with(['.', ':', ';', '!', '?', ')', '”', '"', '…']);
    let prev_mark = mark_of(so_far).map(|(m, _)| m.kind);
    let prev_bullet = matches!(
        prev_mark,
        Some(MarkKind::Dash | MarkKind::Plus | MarkKind::Star)
    );
    let short_heading = prev_mark.is_some() && so_far.split_whitespace().count() <= 15;
    !(finished || prev_bullet || short_heading || is_caps(so_far))
}

/// Joins the source's lines into paragraphs.
pub fn paragraphs(text: &str) -> (Vec<Paragraph>, Option<usize>) {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut open = false;
    let mut truncated_at = None;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim();
        if line.is_empty() || is_separator(line) {
            open = false;
            continue;
        }
        if line == "[...]" || line == "[…]" {
            truncated_at.get_or_insert(start);
            open = false;
            continue;
        }
        let lead = start + (raw.len() - raw.trim_start().len());
        let end = lead + line.len();
        let continues = open
            && !starts_block(line)
            && out.last().is_some_and(|p| match mark_of(line) {
                None => continues_paragraph(&p.text, line),
                Some((m, _)) => is_broken_bullet(&m, &p.text),
            });
        if continues {
            let p = out.last_mut().expect("open paragraph");
            p.text.push(' ');
            p.text.push_str(line);
            p.span.1 = end;
        } else {
            out.push(Paragraph {
                text: line.to_string(),
                span: (lead, end),
            });
            open = true;
        }
    }
    for p in &mut out {
        p.text = crate::vn::squeeze(&p.text);
    }
    (out, truncated_at)
}

/// Nests paragraphs under their numbering.
pub fn outline(text: &str) -> Outline {
    let (paras, truncated_at) = paragraphs(text);
    outline_of(paras, truncated_at)
}

/// [`outline`] of paragraphs already read.
pub fn outline_of(paras: Vec<Paragraph>, truncated_at: Option<usize>) -> Outline {
    let mut doc = Outline {
        truncated_at,
        ..Outline::default()
    };
    // Path of open nodes, as indices into each level's children.
    let mut kinds: Vec<MarkKind> = Vec::new();
    for p in paras {
        let Some((mark, rest)) = mark_of(&p.text) else {
            match last_open(&mut doc.items, kinds.len()) {
                Some(node) => node.body.push(p),
                None => doc.preamble.push(p),
            }
            continue;
        };
        let node = Node {
            text: rest.to_string(),
            mark: mark.clone(),
            span: p.span,
            body: Vec::new(),
            children: Vec::new(),
        };
        let depth = kinds
            .iter()
            .position(|k| *k == mark.kind)
            .unwrap_or(kinds.len());
        kinds.truncate(depth);
        kinds.push(mark.kind);
        match depth {
            0 => doc.items.push(node),
            d => match last_open(&mut doc.items, d) {
                Some(parent) => parent.children.push(node),
                None => doc.items.push(node),
            },
        }
    }
    doc
}

/// The last node at `depth` (1 = top level) along the last branch.
fn last_open(items: &mut [Node], depth: usize) -> Option<&mut Node> {
    let mut node = items.last_mut()?;
    for _ in 1..depth {
        if node.children.is_empty() {
            return Some(node);
        }
        node = node.children.last_mut()?;
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_need_a_capital_after_them() {
        assert_eq!(mark_of("III. NỘI DUNG").unwrap().0.kind, MarkKind::Roman);
        assert_eq!(
            mark_of("2.1. Phát triển").unwrap().0.kind,
            MarkKind::Decimal(2)
        );
        assert_eq!(mark_of("2.1 Phát triển").unwrap().0.label, "2.1");
        assert_eq!(mark_of("đ) Đơn vị phối hợp").unwrap().0.label, "đ");
        assert_eq!(mark_of("- Tăng cường").unwrap().0.kind, MarkKind::Dash);
        assert!(mark_of("- giáo dục thường xuyên cấp huyện").is_none());
        assert!(mark_of("2020.").is_none());
        assert!(mark_of("10/4/2013 của Bộ Chính trị").is_none());
        assert!(mark_of("b) tăng cường").is_none());
    }

    #[test]
    fn hard_line_breaks_are_joined() {
        let text = "III. NỘI DUNG THỰC\nHIỆN\n1. Triển khai các hoạt động xây dựng\ncộng đồng gắn kết\na) Nội dung hoạt động:\n- Tăng cường sự tham gia của người\ndân trong quá trình\n- Đầu tư cơ sở vật chất; Trung tâm giáo dục nghề nghiệp\n- giáo dục thường xuyên cấp huyện.\n";
        let (paras, _) = paragraphs(text);
        let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "III. NỘI DUNG THỰC HIỆN",
                "1. Triển khai các hoạt động xây dựng cộng đồng gắn kết",
                "a) Nội dung hoạt động:",
                "- Tăng cường sự tham gia của người dân trong quá trình",
                "- Đầu tư cơ sở vật chất; Trung tâm giáo dục nghề nghiệp - giáo dục thường xuyên cấp huyện.",
            ]
        );
        assert_eq!(
            &text[paras[1].span.0..paras[1].span.1],
            "1. Triển khai các hoạt động xây dựng\ncộng đồng gắn kết"
        );
    }

    #[test]
    fn caps_blocks_and_separators_split_paragraphs() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH THÁI BÌNH\n-------\n|\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n";
        let (paras, _) = paragraphs(text);
        let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc"
            ]
        );
    }

    #[test]
    fn numbering_kinds_nest_in_order_of_appearance() {
        let text = "Lời mở đầu.\n\nI. MỤC TIÊU\n1. Mục tiêu chung\n\nNội dung chung.\n2. Mục tiêu cụ thể\n2.1. Phát triển con người\n- Nâng cao nhận thức\n2.2. Bền vững\nII. NHIỆM VỤ\n1. Tuyên truyền\na) Nội dung:\n- Một\n- Hai\nb) Đơn vị chủ trì: Sở Y tế.\n2. Y tế\n[...]\n";
        let doc = outline(text);
        assert_eq!(doc.preamble.len(), 1);
        assert!(doc.truncated_at.is_some());
        assert_eq!(doc.items.len(), 2);
        let muc_tieu = &doc.items[0];
        assert_eq!(muc_tieu.children.len(), 2);
        assert_eq!(muc_tieu.children[0].body[0].text, "Nội dung chung.");
        let cu_the = &muc_tieu.children[1];
        assert_eq!(cu_the.children.len(), 2);
        assert_eq!(cu_the.children[0].children[0].text, "Nâng cao nhận thức");
        let nhiem_vu = &doc.items[1];
        assert_eq!(nhiem_vu.children.len(), 2);
        let tuyen_truyen = &nhiem_vu.children[0];
        assert_eq!(tuyen_truyen.children.len(), 2);
        assert_eq!(tuyen_truyen.children[0].children.len(), 2);
        assert_eq!(tuyen_truyen.children[1].text, "Đơn vị chủ trì: Sở Y tế.");
    }
}

#[cfg(test)]
mod broken_dash_tests {
    use super::*;

    #[test]
    fn a_line_break_before_a_hyphen_is_not_a_bullet() {
        let text = "a) Rà soát hệ thống pháp luật, chính\nsách, chương trình, chiến lược, mục tiêu, tổ chức bộ máy của các ngành Lao động\n- Thương binh và Xã hội; Giáo dục và Đào tạo.\n";
        let (paras, _) = paragraphs(text);
        assert_eq!(paras.len(), 1, "{paras:#?}");
    }
}
