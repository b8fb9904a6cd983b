//! Vietnamese text: normalisation, matching, search folding, collation,
//! and the Vietnamese way of writing numbers and dates.
//!
//! Pure functions only: no I/O, no store. Everything that enters the core
//! passes through [`nfc`]; everything compared goes through [`match_key`] or
//! [`fold`].

mod collate;
mod date;
mod number;
mod tone;

pub use collate::{compare, sort_key};
pub use date::{format_long_date, format_short_date, parse_date, DateError};
pub use number::{format_decimal, format_integer, format_percent, parse_number, NumberError};
pub use tone::classic_tone_placement;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Unicode NFC: the one form in which text is stored.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// NFC, surrounding whitespace trimmed and inner runs of whitespace collapsed.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    nfc(&out)
}

/// Collapses whitespace runs to one space and trims, for text that is
/// already NFC (cheaper than [`clean`]).
pub fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Key for "is this the same name?": NFC, lower case, one tone-mark placement
/// ("hoá" = "hóa", "Uỷ" = "Ủy"), one kind of dash with no spaces around it,
/// whitespace collapsed. Diacritics are kept: "Hà" and "Hạ" stay different.
pub fn match_key(s: &str) -> String {
    let lowered = nfc(s).to_lowercase();
    let dashed: String = lowered
        .chars()
        .map(|c| match c {
            '–' | '—' | '‐' | '‑' | '−' => '-',
            c => c,
        })
        .collect();
    let mut words: Vec<String> = Vec::new();
    for w in dashed.split_whitespace() {
        words.push(classic_tone_placement(w));
    }
    words
        .join(" ")
        .replace(" - ", "-")
        .replace(" -", "-")
        .replace("- ", "-")
}

/// Search folding: no diacritics, "đ" → "d", lower case, punctuation → space,
/// whitespace collapsed. "Hộ nghèo" → "ho ngheo".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Does `haystack` contain the words of `query` as a phrase, diacritics
/// ignored? The phrase must start at a word boundary; its last word may be a
/// prefix, so a query typed half-way already finds.
pub fn search_matches(haystack_folded: &str, query: &str) -> bool {
    let q = fold(query);
    if q.is_empty() {
        return true;
    }
    haystack_folded
        .match_indices(&q)
        .any(|(i, _)| i == 0 || haystack_folded.as_bytes()[i - 1] == b' ')
}

/// Which of `texts` a list's search box keeps for `query`: the same rule as
/// the task search ([`search_matches`]), for every list of the window.
pub fn filter_matches(texts: &[String], query: &str) -> Vec<bool> {
    texts
        .iter()
        .map(|t| search_matches(&fold(t), query))
        .collect()
}

/// The first letter in capitals: "đang thực hiện" → "Đang thực hiện".
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Unicode-correct upper case for titles: "ủy ban nhân dân" → "ỦY BAN NHÂN DÂN".
pub fn upper(s: &str) -> String {
    nfc(&nfc(s).to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_filters_like_the_task_search() {
        let units = [
            "Ủy ban nhân dân xã Vũ Phúc".to_string(),
            "Ủy ban nhân dân xã Phú Xuân".to_string(),
            "Phòng Giáo dục và Đào tạo".to_string(),
        ];
        assert_eq!(filter_matches(&units, "vu phuc"), [true, false, false]);
        assert_eq!(filter_matches(&units, "Phú"), [true, true, false]);
        assert_eq!(filter_matches(&units, "dao tao"), [false, false, true]);
        assert_eq!(filter_matches(&units, "  "), [true, true, true]);
        // Words start at a word boundary: "hu" is not inside "Phúc".
        assert_eq!(filter_matches(&units, "huc"), [false, false, false]);
    }

    #[test]
    fn nfc_composes_decomposed_input() {
        let decomposed = "Ho\u{0302}\u{0323} nghe\u{0300}o";
        assert_eq!(nfc(decomposed), "Hộ nghèo");
    }

    #[test]
    fn match_key_unifies_tone_placement_as_in_the_seed_texts() {
        assert_eq!(match_key("Văn hoá"), match_key("Văn hóa"));
        assert_eq!(match_key("Uỷ ban nhân dân"), match_key("Ủy ban nhân dân"));
        assert_eq!(match_key("thuỷ lợi"), match_key("thủy lợi"));
        assert_eq!(match_key("sức khoẻ"), match_key("sức khỏe"));
        assert_ne!(match_key("Hà Nội"), match_key("Hạ Nội"));
    }

    #[test]
    fn match_key_unifies_dashes_and_spaces() {
        assert_eq!(
            match_key("Sở Lao động - Thương binh và Xã hội"),
            match_key("Sở Lao động-Thương binh  và Xã hội")
        );
        assert_eq!(match_key("Văn hoá – Xã hội"), match_key("Văn hóa - Xã hội"));
    }

    #[test]
    fn fold_removes_diacritics_and_d_bar() {
        assert_eq!(fold("Hộ nghèo"), "ho ngheo");
        assert_eq!(fold("Giáo dục và Đào tạo"), "giao duc va dao tao");
        assert_eq!(fold("Ủy ban, (UBND)"), "uy ban ubnd");
        assert_eq!(fold("hoá"), fold("hóa"));
    }

    #[test]
    fn search_finds_phrases_at_word_starts() {
        let hay = fold("giảm tỷ lệ hộ nghèo bền vững");
        assert!(search_matches(&hay, "ho ngheo"));
        assert!(search_matches(&hay, "hộ nghèo"));
        assert!(search_matches(&hay, "HO NGH"));
        assert!(!search_matches(&hay, "o ngheo"));
        assert!(!search_matches(&hay, "giao duc"));
    }

    #[test]
    fn upper_case_for_titles() {
        assert_eq!(upper("ủy ban nhân dân"), "ỦY BAN NHÂN DÂN");
        assert_eq!(upper("tỉnh thái bình"), "TỈNH THÁI BÌNH");
        assert_eq!(upper("đảng ủy"), "ĐẢNG ỦY");
        assert_eq!(upper("ươ"), "ƯƠ");
        assert_eq!(capitalize("đang thực hiện"), "Đang thực hiện");
        assert_eq!(capitalize(""), "");
    }
}
