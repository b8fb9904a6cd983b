//! Reporting rules in prose: "định kỳ 6 tháng (trước ngày 10/7 hàng năm) và
//! 01 năm (trước ngày 10/01 năm sau) báo cáo kết quả gửi UBND huyện (qua
//! phòng Lao động Thương binh và xã hội)", "trước ngày 15/12 hằng năm",
//! "sơ kết … giai đoạn 2017 - 2020", "tổng kết … 2025".

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{ReportKind, ScheduleRule};
use crate::vn;

fn re(s: &str) -> Regex {
    Regex::new(s).expect("valid regex")
}

static DUE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"trước ngày\s+(\d{1,2})\s*(?:[/-]\s*|\s+tháng\s+)(\d{1,2})(?:\s*[/-]\s*\d{4})?(\s+(?:của\s+)?năm sau)?",
    )
});
static REVIEW: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(sơ kết|tổng kết|đánh giá giữa kỳ|đánh giá cuối kỳ)[^.;]*?(?:giai đoạn\s+\d{4}\s*[-–]\s*|năm\s+)(\d{4})",
    )
});
static RECIPIENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:gửi(?:\s+về)?|báo cáo(?:\s+kết quả(?:\s+thực hiện)?)?(?:\s+về)?|về)\s+((?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Sở|Phòng|phòng|Bộ|Ban|Văn phòng)\s[^(.;,]*)",
    )
});
static VIA: LazyLock<Regex> = LazyLock::new(|| re(r"\(\s*(?:qua|thông qua)\s+([^)]+)\)"));
static GIAO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"giao\s+((?:Sở|Phòng|phòng|Ban|Văn phòng|UBND|Thủ trưởng)\s[^;.]*?)\s+(?:theo dõi|chủ trì|là|tham mưu|chỉ đạo)",
    )
});

/// Ends a unit name found in prose.
fn cut_name(s: &str) -> String {
    let mut end = s.len();
    for stop in [
        " để ",
        " trước ",
        " theo ",
        " tổng hợp",
        " tình hình",
        " xem xét",
        " trình ",
    ] {
        if let Some(i) = s.find(stop) {
            end = end.min(i);
        }
    }
    vn::clean(s[..end].trim_end_matches([',', ' ']))
}

fn reporter_of(sentence: &str, context: Option<&str>) -> Option<String> {
    if let Some(c) = GIAO.captures(sentence) {
        return Some(cut_name(&c[1]));
    }
    let starts_unit = [
        "Các ",
        "UBND",
        "Ủy ban",
        "Sở ",
        "Phòng ",
        "Thủ trưởng",
        "Ban ",
    ]
    .iter()
    .any(|w| sentence.starts_with(w));
    if starts_unit {
        let mut end = sentence.len();
        for stop in [
            " căn cứ",
            " định kỳ",
            " báo cáo",
            " chủ động",
            " có trách nhiệm",
            " tổng hợp",
            ";",
        ] {
            if let Some(i) = sentence.find(stop) {
                end = end.min(i);
            }
        }
        return Some(vn::clean(sentence[..end].trim_end_matches(',')));
    }
    context.map(str::to_string)
}

/// Reads the rules from one sentence. `context` names the unit whose duties
/// the sentence lists, if any.
pub fn rules_in(sentence: &str, context: Option<&str>) -> Vec<ScheduleRule> {
    let sentence = vn::clean(sentence);
    let f = vn::fold(&sentence);
    let mut out = Vec::new();
    let reports = f.contains("bao cao");
    if reports {
        let recipient = RECIPIENT.captures(&sentence).map(|c| cut_name(&c[1]));
        let via = VIA.captures(&sentence).map(|c| cut_name(&c[1]));
        let reporter = reporter_of(&sentence, context);
        let mut window_start = 0;
        for c in DUE.captures_iter(&sentence) {
            let m = c.get(0).expect("match");
            let before = vn::fold(&sentence[window_start..m.start()]);
            window_start = m.end();
            let kind = if before.contains("6 thang") || before.contains("sau thang") {
                ReportKind::SixMonths
            } else if before.contains("quy") {
                ReportKind::Quarter
            } else if before.contains("hang thang") || before.contains("hung thang") {
                ReportKind::Month
            } else {
                ReportKind::Year
            };
            out.push(ScheduleRule {
                kind,
                due_day: c[1].parse().ok(),
                due_month: c[2].parse().ok(),
                due_next_year: c.get(3).is_some(),
                review_year: None,
                reporter: reporter.clone(),
                recipient: recipient.clone(),
                via: via.clone(),
                source: sentence.clone(),
                source_span: None,
            });
        }
    }
    for c in REVIEW.captures_iter(&sentence) {
        let word = vn::fold(&c[1]);
        let kind = if word.starts_with("so ket") || word.contains("giua ky") {
            ReportKind::MidTerm
        } else {
            ReportKind::Final
        };
        out.push(ScheduleRule {
            kind,
            due_day: None,
            due_month: None,
            due_next_year: false,
            review_year: c[2].parse().ok(),
            reporter: None,
            recipient: None,
            via: None,
            source: sentence.clone(),
            source_span: None,
        });
    }
    out
}

/// Splits a paragraph into sentences (a full stop followed by a space and
/// a capital; numbers like 2.87 are kept whole).
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if c == '.' && i + 1 < bytes.len() && bytes[i + 1] == b' ' {
            let next = text[i + 2..].chars().next();
            if next.is_some_and(|n| n.is_uppercase() || n == '-') {
                out.push(text[start..=i].trim());
                start = i + 2;
            }
        }
    }
    if start < text.len() {
        out.push(text[start..].trim());
    }
    out.into_iter().filter(|s| !s.is_empty()).collect()
}

/// Keeps the first of rules that say the same thing.
pub fn dedup(rules: Vec<ScheduleRule>) -> Vec<ScheduleRule> {
    let mut out: Vec<ScheduleRule> = Vec::new();
    for r in rules {
        let same = out.iter().any(|o| {
            o.kind == r.kind
                && o.due_day == r.due_day
                && o.due_month == r.due_month
                && o.review_year == r.review_year
                && (o.recipient == r.recipient || r.recipient.is_none())
        });
        if !same {
            out.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_monthly_and_yearly_with_chain() {
        let s = "Các phòng, ban liên quan, UBND các xã, thị trấn căn cứ chức năng, nhiệm vụ triển khai thực hiện; định kỳ 6 tháng (trước ngày 10/7 hàng năm) và 01 năm (trước ngày 10/01 năm sau) báo cáo kết quả gửi UBND huyện (qua phòng Lao động Thương binh và xã hội) để tổng hợp, báo cáo thành phố theo quy định./.";
        let r = rules_in(s, None);
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].kind, r[0].due_day, r[0].due_month, r[0].due_next_year),
            (ReportKind::SixMonths, Some(10), Some(7), false)
        );
        assert_eq!(
            (r[1].kind, r[1].due_day, r[1].due_month, r[1].due_next_year),
            (ReportKind::Year, Some(10), Some(1), true)
        );
        assert_eq!(
            r[0].reporter.as_deref(),
            Some("Các phòng, ban liên quan, UBND các xã, thị trấn")
        );
        assert_eq!(r[0].recipient.as_deref(), Some("UBND huyện"));
        assert_eq!(
            r[0].via.as_deref(),
            Some("phòng Lao động Thương binh và xã hội")
        );
    }

    #[test]
    fn yearly_with_dash_date_and_reviews() {
        let r = rules_in("định kỳ báo cáo về Sở Lao động - Thương binh và Xã hội trước ngày 1-12 hàng năm để tổng hợp báo cáo UBND thành phố.", Some("Các sở, ban, ngành"));
        assert_eq!(
            (r[0].kind, r[0].due_day, r[0].due_month),
            (ReportKind::Year, Some(1), Some(12))
        );
        assert_eq!(
            r[0].recipient.as_deref(),
            Some("Sở Lao động - Thương binh và Xã hội")
        );
        assert_eq!(r[0].reporter.as_deref(), Some("Các sở, ban, ngành"));
        let r = rules_in("tham mưu UBND tỉnh tổ chức sơ kết thực hiện Kế hoạch giai đoạn 2017 - 2020, tổ chức tổng kết thực hiện Kế hoạch giai đoạn 2017 - 2025", None);
        let kinds: Vec<_> = r.iter().map(|x| (x.kind, x.review_year)).collect();
        assert_eq!(
            kinds,
            [
                (ReportKind::MidTerm, Some(2020)),
                (ReportKind::Final, Some(2025))
            ]
        );
    }

    #[test]
    fn splits_sentences_but_not_numbers() {
        assert_eq!(
            sentences("Tỷ lệ 2.87 phần trăm. Tiếp theo là câu hai."),
            ["Tỷ lệ 2.87 phần trăm.", "Tiếp theo là câu hai."]
        );
    }
}
