//! Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r
//! s t u ư v x y (f j w z in their Latin places); letters first, then tones
//! (ngang, huyền, hỏi, ngã, sắc, nặng), then case.

use std::cmp::Ordering;
use unicode_normalization::UnicodeNormalization;

const ALPHABET: [&str; 33] = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
    "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
];

fn tone_rank(c: char) -> Option<u32> {
    Some(match c {
        '\u{0300}' => 1, // huyền
        '\u{0309}' => 2, // hỏi
        '\u{0303}' => 3, // ngã
        '\u{0301}' => 4, // sắc
        '\u{0323}' => 5, // nặng
        _ => return None,
    })
}

/// A key whose byte order is the Vietnamese order of the strings.
pub fn sort_key(s: &str) -> Vec<u32> {
    let mut primary = Vec::with_capacity(s.len());
    let mut tones = Vec::with_capacity(s.len());
    let mut cases = Vec::with_capacity(s.len());
    for ch in s.nfc() {
        let mut base = String::new();
        let mut tone = 0;
        for d in ch.to_string().nfd() {
            match tone_rank(d) {
                Some(t) => tone = t,
                None => base.push(d),
            }
        }
        let base: String = base.nfc().collect();
        let lower = base.to_lowercase();
        let rank = if let Some(i) = ALPHABET.iter().position(|l| *l == lower) {
            1000 + i as u32
        } else if let Some(d) = ch.to_digit(10) {
            100 + d
        } else if ch.is_whitespace() {
            1
        } else if !ch.is_alphanumeric() {
            2 + (ch as u32 % 50)
        } else {
            2000 + ch as u32
        };
        primary.push(rank);
        tones.push(tone);
        cases.push(u32::from(lower != base));
    }
    let mut key = primary;
    key.push(0);
    key.extend(tones);
    key.push(0);
    key.extend(cases);
    key
}

/// Compares two strings in Vietnamese order.
pub fn compare(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare(a, b));
        v
    }

    #[test]
    fn letters_follow_the_vietnamese_alphabet() {
        assert_eq!(
            sorted(&["Đông Hưng", "Dương", "Ân Thi", "Ăn", "An", "Bình"]),
            ["An", "Ăn", "Ân Thi", "Bình", "Dương", "Đông Hưng"]
        );
        assert_eq!(
            sorted(&["ư", "u", "ơ", "o", "ô"]),
            ["o", "ô", "ơ", "u", "ư"]
        );
        assert_eq!(sorted(&["xã", "y tế", "văn"]), ["văn", "xã", "y tế"]);
    }

    #[test]
    fn tones_come_after_the_base_letters() {
        assert_eq!(
            sorted(&["mạ", "má", "mã", "mả", "mà", "ma"]),
            ["ma", "mà", "mả", "mã", "má", "mạ"]
        );
        // letters decide before tones: "mà" < "mai"
        assert_eq!(sorted(&["mai", "mà"]), ["mà", "mai"]);
    }

    #[test]
    fn real_unit_names() {
        assert_eq!(
            sorted(&[
                "Sở Y tế",
                "Sở Tài chính",
                "Sở Giáo dục và Đào tạo",
                "Sở Công thương",
                "Sở Nội vụ"
            ]),
            [
                "Sở Công thương",
                "Sở Giáo dục và Đào tạo",
                "Sở Nội vụ",
                "Sở Tài chính",
                "Sở Y tế"
            ]
        );
    }
}
