//! One tone-mark placement for matching: "hoá"/"hóa", "thuỷ"/"thủy",
//! "Uỷ"/"Ủy" are the same word written two ways. Both occur in the plan texts.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];
const VOWELS: &str = "aăâeêioôơuưy";
const MARKED_VOWELS: &str = "ăâêôơư";

/// Rewrites every Vietnamese syllable of `s` with its tone mark in the classic
/// position ("hóa", "thủy", "Ủy", "người"), the form used in most official
/// texts. Text that is not a Vietnamese syllable is left as it is (NFC).
pub fn classic_tone_placement(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    for c in s.nfd() {
        if c.is_alphabetic() || is_combining_mark(c) {
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push_str(&place_in_syllable(&word));
                word.clear();
            }
            out.push(c);
        }
    }
    if !word.is_empty() {
        out.push_str(&place_in_syllable(&word));
    }
    out.nfc().collect()
}

/// `nfd_word`: one run of letters in NFD.
fn place_in_syllable(nfd_word: &str) -> String {
    let tones: Vec<char> = nfd_word.chars().filter(|c| TONES.contains(c)).collect();
    if tones.len() != 1 {
        return nfd_word.to_string();
    }
    let tone = tones[0];
    let toneless: Vec<char> = nfd_word
        .chars()
        .filter(|c| !TONES.contains(c))
        .collect::<String>()
        .nfc()
        .collect();
    let lower: Vec<char> = toneless
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    if !lower
        .iter()
        .all(|c| c.is_ascii_lowercase() || *c == 'đ' || VOWELS.contains(*c))
    {
        return nfd_word.to_string();
    }
    let Some(target) = tone_position(&lower) else {
        return nfd_word.to_string();
    };
    let mut out = String::new();
    for (i, c) in toneless.iter().enumerate() {
        if i == target {
            out.extend(c.to_string().nfd());
            out.push(tone);
        } else {
            out.push(*c);
        }
    }
    out
}

/// Index of the letter that carries the tone, classic rule, in a toneless
/// lower-case syllable.
fn tone_position(s: &[char]) -> Option<usize> {
    let is_vowel = |c: char| VOWELS.contains(c);
    let mut start = s.iter().position(|&c| is_vowel(c))?;
    let mut end = start;
    while end < s.len() && is_vowel(s[end]) {
        end += 1;
    }
    // "qu" and "gi" + vowel: the u / i belongs to the initial consonant.
    let consonant_glide =
        s.len() > 1 && ((s[0] == 'q' && s[1] == 'u') || (s[0] == 'g' && s[1] == 'i'));
    if start == 1 && end - start > 1 && consonant_glide {
        start += 1;
    }
    let cluster = start..end;
    if let Some(i) = cluster
        .clone()
        .rev()
        .find(|&i| MARKED_VOWELS.contains(s[i]))
    {
        return Some(i);
    }
    let closed = end < s.len();
    Some(match (cluster.len(), closed) {
        (_, true) => end - 1,
        (1, false) | (2, false) => start,
        _ => start + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_tones_to_classic_position() {
        for (new, classic) in [
            ("hoá", "hóa"),
            ("thuỷ", "thủy"),
            ("Uỷ", "Ủy"),
            ("khoẻ", "khỏe"),
            ("Hoà Bình", "Hòa Bình"),
            ("hoá.", "hóa."),
        ] {
            assert_eq!(classic_tone_placement(new), classic, "{new}");
        }
    }

    #[test]
    fn leaves_correct_words_alone() {
        for w in [
            "người",
            "hoàng",
            "quý",
            "già",
            "gì",
            "giữa",
            "thuyết",
            "việc",
            "nghiệp",
            "cứu",
            "khoái",
            "Hộ nghèo",
            "Đồng",
            "quả",
            "tuổi",
            "thuở",
            "ASEAN",
            "161/QĐ-TTg",
        ] {
            assert_eq!(classic_tone_placement(w), w, "{w}");
        }
    }
}
