//! The plan's identity: số hiệu, date and place, issuer, title, period and
//! phases, the signature block, legal bases ("Căn cứ …") and Nơi nhận.
//! Official texts give these in fixed places; news articles in prose.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::outline::Paragraph;
use crate::model::Phase;
use crate::vn;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub doc_number: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub place: Option<String>,
    /// Cơ quan ban hành, as a name: "Ủy ban nhân dân tỉnh Thái Bình".
    pub issuer: Option<String>,
    /// "KẾ HOẠCH", "KẾ HOẠCH HÀNH ĐỘNG"
    pub doc_type: Option<String>,
    pub title: Option<String>,
    pub signer_name: Option<String>,
    /// Lines of the signing authority: "TM. ỦY BAN NHÂN DÂN TỈNH\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    pub signer_title: Option<String>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub phases: Vec<Phase>,
    pub references: Vec<String>,
    pub recipients: Vec<String>,
    /// True when the plan's number came from a decision that issues it.
    pub number_from_decision: bool,
    /// True when the issuer was read from the prose ("UBND tỉnh ban hành
    /// Kế hoạch …"), the text having no header: a suggestion the officer
    /// may correct.
    pub issuer_from_prose: bool,
}

fn re(s: &str) -> Regex {
    Regex::new(s).expect("valid regex")
}

static SO: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?m)^\s*\|?\s*Số(?:\s+hiệu)?\s*:?\s*(\d{1,5}\s*/\s*[\p{L}\d.\-]+)"));
static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?m)^\s*\|?\s*(\p{Lu}[\p{L} .]{1,40}?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})",
    )
});
static PLAN_NUMBER_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)kế hoạch(?:\s+hành động)?\s+số\s+(\d{1,5}/[\p{L}\d\-]+)(?:\s+ngày\s+(\d{1,2})[/-](\d{1,2})[/-](\d{4}))?",
    )
});
static DECISION_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"Quyết định\s+số\s+(\d{1,5}/[\p{L}\d\-]+)\s+ngày\s+(\d{1,2})[/-](\d{1,2})[/-](\d{4})\s+(?:về việc\s+)?(?:ban hành|phê duyệt)\s+Kế hoạch",
    )
});
static DATE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"Ngày\s+(\d{1,2})/(\d{1,2})/(\d{4}),\s*[^.]{0,60}?ban hành\s+Kế hoạch"));
static ISSUED_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?m)^Ngày ban hành\s*:?\s*(\d{1,2})/(\d{1,2})/(\d{4})"));
static UBND_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(tỉnh|huyện|thành phố|quận|thị xã|xã|phường|thị trấn)((?:\s+\p{Lu}\p{Ll}*)*)",
    )
});
static PERIOD: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)giai đoạn\s+(\d{4})\s*[-–]\s*(\d{4})"));
static UNTIL_YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)đến năm\s+(\d{4})"));
static PHASE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"Giai đoạn\s*(\d+|[IV]+)\s*:?\s*\(?\s*(?:[Tt]ừ\s+)?(?:năm\s+)?(\d{4})\s*[-–]\s*(\d{4})")
});
static AUTHORITY: LazyLock<Regex> = LazyLock::new(|| re(r"^(TM|KT|Q|TL|TUQ)\.\s*"));

const TITLES: [&str; 12] = [
    "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "PHÓ GIÁM ĐỐC",
    "GIÁM ĐỐC",
    "PHÓ TRƯỞNG PHÒNG",
    "TRƯỞNG PHÒNG",
    "PHÓ TRƯỞNG BAN",
    "TRƯỞNG BAN",
    "PHÓ CHÁNH VĂN PHÒNG",
    "CHÁNH VĂN PHÒNG",
    "BÍ THƯ",
    "THỦ TRƯỞNG",
];

use super::outline::is_caps;

fn date(d: &str, m: &str, y: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// "ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH" → "Ủy ban nhân dân tỉnh Thái Bình";
/// "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" → "Sở Lao động - Thương binh và Xã hội".
pub fn agency_name(caps: &str) -> String {
    let lower = vn::clean(caps).to_lowercase();
    let lower = lower.replace("uỷ ban", "ủy ban");
    if let Some(rest) = lower.strip_prefix("ủy ban nhân dân ") {
        for kind in [
            "thành phố",
            "thị xã",
            "thị trấn",
            "đặc khu",
            "tỉnh",
            "huyện",
            "quận",
            "xã",
            "phường",
        ] {
            if let Some(name) = rest.strip_prefix(kind) {
                let name: Vec<String> = name.split_whitespace().map(vn::capitalize).collect();
                return vn::clean(&format!("Ủy ban nhân dân {kind} {}", name.join(" ")));
            }
        }
        return format!("Ủy ban nhân dân {rest}");
    }
    // Each part of a compound name starts with a capital: the word after the
    // agency head, and after "và", "," or "-".
    let words: Vec<&str> = lower.split(' ').collect();
    let mut out: Vec<String> = Vec::new();
    let mut cap_next = true;
    for (i, w) in words.iter().enumerate() {
        let head = i == 0
            && [
                "sở", "phòng", "ban", "hội", "bộ", "cục", "chi", "trung", "văn",
            ]
            .contains(w);
        out.push(if cap_next {
            vn::capitalize(w)
        } else {
            w.to_string()
        });
        cap_next = head || *w == "và" || *w == "-" || w.ends_with(',');
        if i == 0 && !head {
            cap_next = false;
        }
    }
    out.join(" ")
}

/// Turns an all-capitals title into ordinary writing, keeping the case the
/// document itself gives each word in the same neighbourhood ("Thủ tướng
/// Chính phủ", "Cộng đồng Văn hóa - Xã hội ASEAN", "tỉnh Thái Bình").
fn restore_case(caps: &str, body: &[Paragraph]) -> String {
    type Forms = HashMap<String, usize>;
    let mut by_next: HashMap<(String, String), Forms> = HashMap::new();
    let mut by_prev: HashMap<(String, String), Forms> = HashMap::new();
    let mut alone: HashMap<String, Forms> = HashMap::new();
    let core = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    // Only the title's words are looked up: count only those.
    let wanted: std::collections::HashSet<String> = caps
        .split_whitespace()
        .map(|w| core(w).to_lowercase())
        .collect();
    for p in body.iter().filter(|p| !is_caps(&p.text)) {
        let words: Vec<&str> = p.text.split_whitespace().collect();
        for i in 0..words.len() {
            let w = core(words[i]);
            let sentence_start = i == 0 || words[i - 1].ends_with(['.', ':']);
            if w.is_empty() || sentence_start {
                continue;
            }
            let lower = w.to_lowercase();
            if !wanted.contains(&lower) {
                continue;
            }
            *alone
                .entry(lower.clone())
                .or_default()
                .entry(w.clone())
                .or_default() += 1;
            if let Some(n) = words.get(i + 1) {
                let key = (lower.clone(), core(n).to_lowercase());
                *by_next
                    .entry(key)
                    .or_default()
                    .entry(w.clone())
                    .or_default() += 1;
            }
            let key = (core(words[i - 1]).to_lowercase(), lower);
            *by_prev.entry(key).or_default().entry(w).or_default() += 1;
        }
    }
    let best = |forms: Option<&Forms>| {
        forms
            .and_then(|f| {
                f.iter().max_by_key(|(form, n)| {
                    (**n, form.chars().next().is_some_and(char::is_lowercase))
                })
            })
            .map(|(form, _)| form.clone())
    };
    let words: Vec<&str> = caps.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let c = core(w);
        let keep = c.is_empty() || c.chars().any(|ch| ch.is_ascii_digit()) || w.contains('/');
        if keep {
            out.push(w.to_string());
            continue;
        }
        let lower = c.to_lowercase();
        let next = words
            .get(i + 1)
            .map(|n| core(n).to_lowercase())
            .unwrap_or_default();
        let prev = if i > 0 {
            core(words[i - 1]).to_lowercase()
        } else {
            String::new()
        };
        let form = best(by_next.get(&(lower.clone(), next)))
            .or_else(|| best(by_prev.get(&(prev, lower.clone()))))
            .or_else(|| best(alone.get(&lower)))
            .unwrap_or(lower);
        let form = if i == 0 { vn::capitalize(&form) } else { form };
        out.push(w.replacen(&c, &form, 1));
    }
    out.join(" ").trim_end_matches('.').to_string()
}

/// Reads the metadata. `text` is the whole source; `preamble` the paragraphs
/// before the first numbered item; `tail` the lines after the body (Nơi nhận
/// and the signature); `body` every paragraph (for case restoring).
pub fn extract(text: &str, preamble: &[Paragraph], tail: &str, body: &[Paragraph]) -> Metadata {
    let flat = vn::squeeze(text);
    let mut m = Metadata::default();

    // Số hiệu, date and place, as the header prints them.
    if let Some(c) = SO.captures(text) {
        m.doc_number = Some(c[1].replace(' ', ""));
    }
    if let Some(c) = PLACE_DATE.captures(text) {
        m.place = Some(vn::clean(&c[1]));
        m.issued_on = date(&c[2], &c[3], &c[4]);
    }
    if m.issued_on.is_none() {
        if let Some(c) = ISSUED_LINE.captures(text) {
            m.issued_on = date(&c[1], &c[2], &c[3]);
        }
    }
    // News articles: "Kế hoạch số 272/KH-UBND", "Ngày 29/10/2018, UBND huyện
    // ban hành Kế hoạch số …", "Quyết định số 3881/QĐ-UBND ngày 3-12-2021 ban
    // hành Kế hoạch …".
    if m.doc_number.is_none() {
        if let Some(c) = PLAN_NUMBER_PROSE.captures(&flat) {
            m.doc_number = Some(c[1].to_string());
            if let (Some(d), Some(mo), Some(y)) = (c.get(2), c.get(3), c.get(4)) {
                m.issued_on = m.issued_on.or(date(d.as_str(), mo.as_str(), y.as_str()));
            }
        } else if let Some(c) = DECISION_PROSE.captures(&flat) {
            m.doc_number = Some(c[1].to_string());
            m.issued_on = m.issued_on.or(date(&c[2], &c[3], &c[4]));
            m.number_from_decision = true;
        }
    }
    if m.issued_on.is_none() {
        if let Some(c) = DATE_BEFORE.captures(&flat) {
            m.issued_on = date(&c[1], &c[2], &c[3]);
        }
    }

    // Issuer: the capitals block before the Quốc hiệu, else prose.
    let header: Vec<&Paragraph> = preamble
        .iter()
        .take_while(|p| !p.text.starts_with("CỘNG HÒA") && !p.text.starts_with("CỘNG HOÀ"))
        .collect();
    if let Some(p) = header
        .iter()
        .rev()
        .find(|p| is_caps(&p.text) && p.text.split(' ').count() >= 2)
    {
        if preamble.iter().any(|q| q.text.starts_with("CỘNG H")) {
            m.issuer = Some(agency_name(&p.text));
        }
    }
    if m.issuer.is_none() {
        if let Some(c) = UBND_PROSE.captures(&flat) {
            let kind = c[1].to_string();
            let mut name = c[2].trim().to_string();
            if name.is_empty() {
                // "UBND huyện ban hành …": the name is written elsewhere.
                let mut first = kind.chars();
                let head = first.next().unwrap_or(' ');
                let kind_pat = format!("[{}{}]{}", head.to_uppercase(), head, first.as_str());
                // Within one line: a name never runs across a line break.
                let named = re(&format!(
                    r"\b{kind_pat}[ \t]+(\p{{Lu}}\p{{Ll}}*(?:[ \t]+\p{{Lu}}\p{{Ll}}*)*)"
                ));
                let found = named
                    .captures_iter(text)
                    .map(|n| n[1].to_string())
                    .find(|n| !["Ủy", "UBND", "Uỷ"].contains(&n.split(' ').next().unwrap_or("")));
                if let Some(n) = found {
                    name = n;
                }
            }
            if !name.is_empty() {
                m.issuer = Some(format!("Ủy ban nhân dân {kind} {name}"));
                m.issuer_from_prose = true;
            }
        }
    }

    // Document type and title: the capitals paragraph(s) after the header.
    let mut paras = preamble
        .iter()
        .skip_while(|p| !(p.text.starts_with("KẾ HOẠCH") || p.text.starts_with("CHƯƠNG TRÌNH")));
    if let Some(first) = paras.next() {
        let (kind, rest) = if let Some(r) = first.text.strip_prefix("KẾ HOẠCH HÀNH ĐỘNG") {
            ("KẾ HOẠCH HÀNH ĐỘNG", r)
        } else if let Some(r) = first.text.strip_prefix("KẾ HOẠCH") {
            ("KẾ HOẠCH", r)
        } else {
            (
                "CHƯƠNG TRÌNH",
                first.text.trim_start_matches("CHƯƠNG TRÌNH"),
            )
        };
        m.doc_type = Some(kind.to_string());
        let mut title = rest.trim().to_string();
        if title.is_empty() {
            // The trích yếu: the next paragraph, in capitals or not.
            if let Some(next) = paras.next().filter(|p| {
                !p.text.starts_with("Căn cứ") && super::outline::mark_of(&p.text).is_none()
            }) {
                title = next.text.clone();
            }
        }
        if !title.is_empty() {
            m.title = Some(if is_caps(&title) {
                restore_case(&title, body)
            } else {
                title.trim_end_matches('.').to_string()
            });
        }
    }
    let official = preamble.iter().any(|p| p.text.starts_with("CỘNG H"));
    if m.title.is_none() && !official {
        // A news article: its headline.
        m.title = text
            .lines()
            .map(str::trim)
            .find(|l| l.split(' ').count() >= 6 && !is_caps(l))
            .map(|l| vn::clean(l.trim_end_matches('.')));
    }

    // Period and phases.
    let title = m.title.clone().unwrap_or_default();
    if let Some(c) = PERIOD.captures(&title) {
        m.start_year = c[1].parse().ok();
        m.end_year = c[2].parse().ok();
    }
    for c in PHASE.captures_iter(&flat) {
        let (a, b): (i32, i32) = (c[2].parse().unwrap_or(0), c[3].parse().unwrap_or(0));
        if a > 1900
            && a <= b
            && !m
                .phases
                .iter()
                .any(|p| p.start_year == a && p.end_year == b)
        {
            m.phases.push(Phase {
                name: format!("Giai đoạn {}", &c[1]),
                start_year: a,
                end_year: b,
            });
        }
    }
    if !m.phases.is_empty() {
        let first = m.phases.iter().map(|p| p.start_year).min();
        let last = m.phases.iter().map(|p| p.end_year).max();
        if m.start_year.is_none() || first < m.start_year {
            m.start_year = first;
        }
        if m.end_year.is_none() || last > m.end_year {
            m.end_year = last;
        }
    }
    if m.end_year.is_none() {
        if let Some(c) = UNTIL_YEAR.captures(&title) {
            m.end_year = c[1].parse().ok();
        }
    }
    if m.start_year.is_none() {
        m.start_year = m.issued_on.map(|d| chrono::Datelike::year(&d));
    }

    // Căn cứ …
    for p in preamble.iter().filter(|p| p.text.starts_with("Căn cứ")) {
        for part in p.text.split(';') {
            let part = part.trim().trim_start_matches("Căn cứ").trim();
            if [
                "Nghị quyết",
                "Nghị định",
                "Quyết định",
                "Chỉ thị",
                "Thông tư",
                "Luật",
                "Công văn",
                "Kế hoạch",
                "Chương trình",
                "Hướng dẫn",
            ]
            .iter()
            .any(|k| part.starts_with(k))
            {
                m.references
                    .push(part.trim_end_matches(['.', ',']).to_string());
            }
        }
    }

    read_tail(tail, &mut m);
    m
}

/// Nơi nhận and the signature block, from the lines after the body.
fn read_tail(tail: &str, m: &mut Metadata) {
    let lines: Vec<&str> = tail
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "|")
        .collect();
    // Nơi nhận: "- Văn phòng\nChính phủ;" → one recipient per dash.
    if let Some(start) = lines.iter().position(|l| l.starts_with("Nơi nhận")) {
        let mut current: Option<String> = None;
        for l in &lines[start + 1..] {
            if AUTHORITY.is_match(l) || (is_caps(l) && !l.starts_with('-')) {
                break;
            }
            if let Some(rest) = l.strip_prefix('-') {
                if let Some(c) = current.take() {
                    m.recipients.push(c);
                }
                current = Some(rest.trim().to_string());
            } else if let Some(c) = current.as_mut() {
                c.push(' ');
                c.push_str(l);
            }
        }
        if let Some(c) = current {
            m.recipients.push(c);
        }
        for r in &mut m.recipients {
            *r = vn::clean(r.trim_end_matches(['.', ';', ',']).trim_end_matches("./"));
        }
    }
    // Signature: capitals lines from the authority mark, then the name.
    let Some(start) = lines
        .iter()
        .position(|l| AUTHORITY.is_match(l))
        .or_else(|| lines.iter().position(|l| TITLES.contains(l)))
    else {
        return;
    };
    let mut block = String::new();
    let mut end = start;
    while end < lines.len() && is_caps(lines[end]) {
        if !block.is_empty() {
            block.push(' ');
        }
        block.push_str(lines[end]);
        end += 1;
    }
    let block = vn::clean(&block);
    // Split before each authority mark and before the signer's own title.
    let mut parts: Vec<String> = Vec::new();
    let mut rest = block.as_str();
    if let Some((pos, title)) = TITLES
        .iter()
        .filter_map(|t| block.rfind(t).map(|p| (p, *t)))
        .filter(|(p, t)| p + t.len() == block.len())
        .max_by_key(|(_, t)| t.len())
    {
        let (head, own) = block.split_at(pos);
        rest = head.trim();
        let marks = re(r"\s+(KT|TL|TUQ|Q)\.\s");
        let mut last = 0;
        for mk in marks.find_iter(rest) {
            parts.push(rest[last..mk.start()].trim().to_string());
            last = mk.start();
        }
        parts.push(rest[last..].trim().to_string());
        parts.retain(|p| !p.is_empty());
        parts.push(title.to_string());
        let _ = own;
    } else {
        parts.push(rest.to_string());
    }
    m.signer_title = Some(parts.join("\n"));
    m.signer_name = lines.get(end).and_then(|l| {
        let words: Vec<&str> = l.split_whitespace().collect();
        let looks_like_name = (2..=6).contains(&words.len())
            && words
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase) && !is_caps(w));
        looks_like_name.then(|| l.to_string())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_names_from_capitals() {
        assert_eq!(
            agency_name("ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH"),
            "Ủy ban nhân dân tỉnh Thái Bình"
        );
        assert_eq!(
            agency_name("UỶ BAN NHÂN DÂN HUYỆN MÊ LINH"),
            "Ủy ban nhân dân huyện Mê Linh"
        );
        assert_eq!(
            agency_name("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
            "Sở Lao động - Thương binh và Xã hội"
        );
        assert_eq!(
            agency_name("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
            "Sở Văn hóa, Thể thao và Du lịch"
        );
    }

    #[test]
    fn signature_block_with_kt_and_recipients() {
        let tail = "Nơi nhận:\n- Văn phòng\nChính phủ;\n- TT Tỉnh ủy;\n- Lưu VT, KGVX, TH.\n|\nTM. ỦY BAN NHÂN\nDÂN TỈNH\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Thị Lĩnh\n|";
        let mut m = Metadata::default();
        read_tail(tail, &mut m);
        assert_eq!(
            m.recipients,
            ["Văn phòng Chính phủ", "TT Tỉnh ủy", "Lưu VT, KGVX, TH"]
        );
        assert_eq!(
            m.signer_title.as_deref(),
            Some("TM. ỦY BAN NHÂN DÂN TỈNH\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
        );
        assert_eq!(m.signer_name.as_deref(), Some("Nguyễn Thị Lĩnh"));
    }

    #[test]
    fn signature_of_the_head_himself() {
        let mut m = Metadata::default();
        read_tail("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n\nTrần Văn Nam", &mut m);
        assert_eq!(
            m.signer_title.as_deref(),
            Some("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
        );
        assert_eq!(m.signer_name.as_deref(), Some("Trần Văn Nam"));
    }
}

/// Levels of an Ủy ban nhân dân, as a text names them.
const LEVELS: &str = "tỉnh|thành phố|đặc khu|huyện|quận|thị xã|thị trấn|xã|phường";

static ISSUED_BY_UBND: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+({LEVELS})\s+(?:xây dựng|ban hành)\s+(?:Kế hoạch|Chương trình)"
    ))
});
static SIGNED_FOR_UBND: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?m)^\s*TM\.\s*(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)"));
static AREA: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i:trên địa bàn\s+({LEVELS}))\s+(\p{{Lu}}\p{{Ll}}*(?:\s+\p{{Lu}}\p{{Ll}}*){{0,3}}|\p{{Lu}}+(?:\s+\p{{Lu}}+)?)\b"
    ))
});

/// The issuer a text without its header suggests: an Ủy ban nhân dân (the
/// text signs for one, "TM. ỦY BAN NHÂN DÂN", or says "UBND tỉnh ban hành
/// Kế hoạch") of the area it names ("trên địa bàn tỉnh Thái Bình"), at the
/// level the text says it issues at, else the level of the area it names
/// most. Only a suggestion, for the officer to check: never stored as read.
pub fn suggested_issuer(text: &str) -> Option<String> {
    let issued_at = ISSUED_BY_UBND.captures(text).map(|c| c[1].to_lowercase());
    if issued_at.is_none() && !SIGNED_FOR_UBND.is_match(text) {
        return None;
    }
    let mut areas: Vec<(String, String, usize)> = Vec::new();
    for c in AREA.captures_iter(text) {
        let level = c[1].to_lowercase();
        let name = c[2].trim();
        // "trên địa bàn tỉnh Thái Bình" and "TRÊN ĐỊA BÀN TỈNH THÁI BÌNH"
        // are one area.
        let agency = agency_name(&format!(
            "ỦY BAN NHÂN DÂN {} {}",
            level.to_uppercase(),
            name.to_uppercase()
        ));
        match areas
            .iter_mut()
            .find(|(l, a, _)| *l == level && *a == agency)
        {
            Some(a) => a.2 += 1,
            None => areas.push((level, agency, 1)),
        }
    }
    areas
        .into_iter()
        .filter(|(l, ..)| issued_at.as_ref().is_none_or(|at| at == l))
        .max_by_key(|(.., n)| *n)
        .map(|(_, agency, _)| agency)
}

#[cfg(test)]
mod suggestion_tests {
    use super::*;

    #[test]
    fn an_issuer_is_suggested_from_the_signature_and_the_area() {
        let text = "KẾ HOẠCH\nPhòng chống dịch bệnh trên địa bàn tỉnh Hà Tĩnh năm 2026\n\nI. MỤC ĐÍCH\n1. Bảo vệ sức khỏe người dân trên địa bàn tỉnh Hà Tĩnh.\n2. Phối hợp với các tỉnh trên địa bàn tỉnh lân cận.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n";
        assert_eq!(
            suggested_issuer(text).as_deref(),
            Some("Ủy ban nhân dân tỉnh Hà Tĩnh")
        );
        // The level it says it issues at wins over the area named most.
        let text = "UBND xã ban hành Kế hoạch phát triển du lịch trên địa bàn tỉnh Quảng Trị, trên địa bàn tỉnh Quảng Trị và trên địa bàn xã Cửa Tùng.\n";
        assert_eq!(
            suggested_issuer(text).as_deref(),
            Some("Ủy ban nhân dân xã Cửa Tùng")
        );
        // Capitals and ordinary writing name one area.
        let text = "KẾ HOẠCH\nTRÊN ĐỊA BÀN TỈNH THÁI BÌNH\nTM. UBND\n";
        assert_eq!(
            suggested_issuer(text).as_deref(),
            Some("Ủy ban nhân dân tỉnh Thái Bình")
        );
        // Nothing says an Ủy ban nhân dân issues it (a Sở's plan): none.
        let text = "KẾ HOẠCH\nKiểm tra an toàn thực phẩm trên địa bàn tỉnh Hà Tĩnh.\nGIÁM ĐỐC\n";
        assert_eq!(suggested_issuer(text), None);
        // An area without a name: none.
        assert_eq!(
            suggested_issuer("trên địa bàn tỉnh nhằm\nTM. ỦY BAN NHÂN DÂN\n"),
            None
        );
    }
}
