//! Bytes of a plan file → Unicode text. UTF-8 (with or without BOM), UTF-16
//! with BOM, Windows-1258, TCVN3 (ABC) and VNI-Windows are converted. Text
//! comes out NFC.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    #[error("Tệp rỗng: không có nội dung để nhập.")]
    Empty,
    #[error("Tệp có dữ liệu nhị phân (byte 0 ở vị trí {0}), không phải văn bản. Hãy chọn tệp .txt hoặc .docx của kế hoạch.")]
    Binary(usize),
    #[error("Tệp trộn lẫn nhiều bảng mã: có đoạn viết bằng Unicode UTF-8 và đoạn viết bằng bảng mã cũ (từ byte {0}). Hãy mở tệp, chuyển toàn bộ sang Unicode rồi lưu lại.")]
    Mixed(usize),
    #[error("Không nhận ra bảng mã của tệp (không phải UTF-8, UTF-16, Windows-1258, TCVN3 hay VNI). Hãy lưu lại tệp dạng Unicode UTF-8 rồi nhập lại.")]
    Unknown,
}

/// The encoding a text was read in, for the import report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1258,
    Tcvn3,
    Vni,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le | Encoding::Utf16Be => "UTF-16",
            Encoding::Windows1258 => "Windows-1258",
            Encoding::Tcvn3 => "TCVN3 (ABC)",
            Encoding::Vni => "VNI-Windows",
        }
    }
}

/// TCVN 5712:1993 (TCVN3, "ABC") bytes of the Vietnamese letters. Uppercase
/// toned letters live in a separate font with the same codes as lowercase, so
/// they come out lowercase: the text still reads correctly.
const TCVN3: [(u8, char); 74] = [
    (0xB5, 'à'),
    (0xB8, 'á'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB9, 'ạ'),
    (0xA8, 'ă'),
    (0xBB, 'ằ'),
    (0xBE, 'ắ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xC6, 'ặ'),
    (0xA9, 'â'),
    (0xC7, 'ầ'),
    (0xCA, 'ấ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCB, 'ậ'),
    (0xAE, 'đ'),
    (0xCC, 'è'),
    (0xD0, 'é'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD1, 'ẹ'),
    (0xAA, 'ê'),
    (0xD2, 'ề'),
    (0xD5, 'ế'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xDD, 'í'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE3, 'ó'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE4, 'ọ'),
    (0xAB, 'ô'),
    (0xE5, 'ồ'),
    (0xE8, 'ố'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE9, 'ộ'),
    (0xAC, 'ơ'),
    (0xEA, 'ờ'),
    (0xED, 'ớ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF3, 'ú'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF4, 'ụ'),
    (0xAD, 'ư'),
    (0xF5, 'ừ'),
    (0xF8, 'ứ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFD, 'ý'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFE, 'ỵ'),
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA7, 'Đ'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
];

/// Reads `bytes` as text, guessing the encoding; lines end in "\n" however
/// the file ended them (Windows' CRLF, old Macs' CR), so that one plan is one
/// text, its spans and its content hash the same on every machine.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    let (text, encoding) = guess(bytes)?;
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    Ok((text, encoding))
}

fn guess(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok((utf16(rest, u16::from_le_bytes), Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok((utf16(rest, u16::from_be_bytes), Encoding::Utf16Be));
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary(pos));
    }
    if let Ok(r) = utf8(bytes) {
        return Ok(r);
    }
    // Valid UTF-8 Vietnamese next to bytes that are not UTF-8: two encodings.
    let mut unicode_letters = 0;
    let mut first_invalid = None;
    let mut offset = 0;
    for chunk in bytes.utf8_chunks() {
        unicode_letters += chunk
            .valid()
            .chars()
            .filter(|c| !c.is_ascii() && c.is_alphabetic())
            .count();
        if !chunk.invalid().is_empty() && first_invalid.is_none() {
            first_invalid = Some(offset + chunk.valid().len());
        }
        offset += chunk.valid().len() + chunk.invalid().len();
    }
    if unicode_letters >= 3 {
        return Err(DecodeError::Mixed(first_invalid.unwrap_or(0)));
    }
    legacy(bytes)
}

fn utf8(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    let s = std::str::from_utf8(bytes).map_err(|_| DecodeError::Unknown)?;
    Ok((crate::vn::nfc(s), Encoding::Utf8))
}

fn utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> String {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| read([c[0], c[1]])).collect();
    crate::vn::nfc(&String::from_utf16_lossy(&units))
}

/// VNI-Windows bytes that mark the letter before them: (byte, combining
/// marks). Lowercase letters take the lowercase marks, capitals the capital
/// ones ("chaøo", "KEÁ HOAÏCH").
const VNI_MARKS: [(u8, &str); 34] = [
    (0xF9, "\u{301}"),
    (0xF8, "\u{300}"),
    (0xFB, "\u{309}"),
    (0xF5, "\u{303}"),
    (0xEF, "\u{323}"),
    (0xE2, "\u{302}"),
    (0xE1, "\u{302}\u{301}"),
    (0xE0, "\u{302}\u{300}"),
    (0xE5, "\u{302}\u{309}"),
    (0xE3, "\u{302}\u{303}"),
    (0xE4, "\u{302}\u{323}"),
    (0xEA, "\u{306}"),
    (0xE9, "\u{306}\u{301}"),
    (0xE8, "\u{306}\u{300}"),
    (0xFA, "\u{306}\u{309}"),
    (0xFC, "\u{306}\u{303}"),
    (0xEB, "\u{306}\u{323}"),
    (0xD9, "\u{301}"),
    (0xD8, "\u{300}"),
    (0xDB, "\u{309}"),
    (0xD5, "\u{303}"),
    (0xCF, "\u{323}"),
    (0xC2, "\u{302}"),
    (0xC1, "\u{302}\u{301}"),
    (0xC0, "\u{302}\u{300}"),
    (0xC5, "\u{302}\u{309}"),
    (0xC3, "\u{302}\u{303}"),
    (0xC4, "\u{302}\u{323}"),
    (0xCA, "\u{306}"),
    (0xC9, "\u{306}\u{301}"),
    (0xC8, "\u{306}\u{300}"),
    (0xDA, "\u{306}\u{309}"),
    (0xDC, "\u{306}\u{303}"),
    (0xCB, "\u{306}\u{323}"),
];

/// VNI-Windows bytes that are a letter of their own.
const VNI_LETTERS: [(u8, char); 18] = [
    (0xF1, 'đ'),
    (0xF4, 'ơ'),
    (0xF6, 'ư'),
    (0xED, 'í'),
    (0xEC, 'ì'),
    (0xE6, 'ỉ'),
    (0xF3, 'ĩ'),
    (0xF2, 'ị'),
    (0xEE, 'ỵ'),
    (0xD1, 'Đ'),
    (0xD4, 'Ơ'),
    (0xD6, 'Ư'),
    (0xCD, 'Í'),
    (0xCC, 'Ì'),
    (0xC6, 'Ỉ'),
    (0xD3, 'Ĩ'),
    (0xD2, 'Ị'),
    (0xCE, 'Ỵ'),
];

/// Reads VNI-Windows: a mark byte after a letter adds its marks to it; the
/// letters of their own are looked up; everything else is Windows-1252 (the
/// code page VNI fonts sit on: quotes, dashes).
fn vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 4);
    for &b in bytes {
        let after_letter = out.chars().last().is_some_and(char::is_alphabetic);
        if let Some((_, marks)) = VNI_MARKS.iter().find(|(code, _)| *code == b) {
            if after_letter {
                out.push_str(marks);
                continue;
            }
        }
        if let Some((_, c)) = VNI_LETTERS.iter().find(|(code, _)| *code == b) {
            out.push(*c);
            continue;
        }
        let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(std::slice::from_ref(&b));
        out.push_str(&decoded);
    }
    crate::vn::nfc(&out)
}

/// Decodes with each 8-bit Vietnamese encoding and keeps the one whose
/// words are real Vietnamese syllables.
fn legacy(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    let tcvn3: String = bytes
        .iter()
        .map(|&b| {
            TCVN3
                .iter()
                .find(|(code, _)| *code == b)
                .map(|(_, c)| *c)
                .unwrap_or(b as char)
        })
        .collect();
    let tcvn3 = crate::vn::nfc(&tcvn3);
    let cp1258 = crate::vn::nfc(&encoding_rs::WINDOWS_1258.decode(bytes).0);
    let vni = vni(bytes);
    let (s_tcvn3, s_cp1258, s_vni) = (
        syllable_score(&tcvn3),
        syllable_score(&cp1258),
        syllable_score(&vni),
    );
    let best = s_tcvn3.max(s_cp1258);
    if s_vni > best && s_vni >= 3 {
        return Ok((vni, Encoding::Vni));
    }
    if best < 3 {
        return Err(DecodeError::Unknown);
    }
    Ok(if s_tcvn3 > s_cp1258 {
        (tcvn3, Encoding::Tcvn3)
    } else {
        (cp1258, Encoding::Windows1258)
    })
}

/// Vowel nuclei of Vietnamese syllables, without tones.
const NUCLEI: [&str; 55] = [
    "a", "ai", "ao", "au", "ay", "â", "âu", "ây", "ă", "e", "eo", "ê", "êu", "i", "ia", "iê",
    "iêu", "iu", "o", "oa", "oai", "oao", "oay", "oă", "oe", "oi", "oo", "ô", "ôi", "ơ", "ơi", "u",
    "ua", "uâ", "uây", "uê", "ui", "uô", "uôi", "uơ", "uy", "uya", "uyê", "uyu", "ư", "ưa", "ưi",
    "ưu", "ươ", "ươi", "ươu", "y", "yê", "yêu", "oeo",
];

/// How many words of `text` are well-formed Vietnamese syllables with a
/// diacritic: the measure of "this decoding reads as Vietnamese".
fn syllable_score(text: &str) -> usize {
    use unicode_normalization::UnicodeNormalization;
    const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_ascii() && w.chars().count() <= 7)
        .filter(|w| {
            let lower = w.to_lowercase();
            let tones = lower.nfd().filter(|c| TONES.contains(c)).count();
            let bare: String = lower.nfd().filter(|c| !TONES.contains(c)).nfc().collect();
            if tones > 1
                || !bare
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || "ăâêôơưđ".contains(c))
            {
                return false;
            }
            let vowels: String = bare
                .chars()
                .filter(|c| "aăâeêioôơuưy".contains(*c))
                .collect();
            let nucleus = vowels
                .strip_prefix("u")
                .filter(|_| bare.starts_with("qu"))
                .or_else(|| {
                    vowels
                        .strip_prefix("i")
                        .filter(|r| bare.starts_with("gi") && !r.is_empty())
                })
                .unwrap_or(&vowels);
            let contiguous = bare.contains(&vowels);
            contiguous && NUCLEI.contains(&nucleus)
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Ủy ban nhân dân tỉnh Thái Bình; Sở Lao động - Thương binh và Xã hội; đẩy mạnh công tác tuyên truyền, giảm tỷ lệ hộ nghèo.";

    #[test]
    fn reads_utf8_with_and_without_bom() {
        assert_eq!(
            decode(SAMPLE.as_bytes()).unwrap(),
            (SAMPLE.to_string(), Encoding::Utf8)
        );
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&bom).unwrap().0, SAMPLE);
    }

    #[test]
    fn reads_utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in SAMPLE.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(
            decode(&le).unwrap(),
            (SAMPLE.to_string(), Encoding::Utf16Le)
        );
        assert_eq!(
            decode(&be).unwrap(),
            (SAMPLE.to_string(), Encoding::Utf16Be)
        );
    }

    #[test]
    fn reads_windows_1258() {
        // Windows-1258 keeps â ê ô ơ ư ă đ precomposed and writes the tone as
        // a combining byte after the letter.
        use unicode_normalization::UnicodeNormalization;
        let mut bytes = Vec::new();
        for c in SAMPLE.chars() {
            let (tone, base): (Vec<char>, Vec<char>) = c.nfd().partition(|d| {
                ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'].contains(d)
            });
            let base: String = base.into_iter().collect::<String>().nfc().collect();
            let piece = format!("{base}{}", tone.into_iter().collect::<String>());
            let (encoded, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&piece);
            assert!(!unmappable, "{piece}");
            bytes.extend_from_slice(&encoded);
        }
        assert_eq!(
            decode(&bytes).unwrap(),
            (SAMPLE.to_string(), Encoding::Windows1258)
        );
    }

    #[test]
    fn reads_tcvn3() {
        // Encode the lowercase sample with the table itself.
        let lower = "nhân dân tỉnh thái bình; sở lao động - thương binh và xã hội; đẩy mạnh công tác tuyên truyền.";
        let bytes: Vec<u8> = lower
            .chars()
            .map(|c| {
                TCVN3
                    .iter()
                    .find(|(_, u)| *u == c)
                    .map(|(b, _)| *b)
                    .unwrap_or(c as u8)
            })
            .collect();
        assert_eq!(
            decode(&bytes).unwrap(),
            (lower.to_string(), Encoding::Tcvn3)
        );
    }

    #[test]
    fn reads_vni() {
        // "Xin chào các bạn, đồng chí và các đồng nghiệp" in VNI-Windows
        // (the marks right after the vowel they go on), and a heading in
        // capitals, as VNI fonts store them.
        let vni = b"Xin cha\xF8o ca\xF9c ba\xEFn, \xF1o\xE0ng ch\xED va\xF8 ca\xF9c \xF1o\xE0ng nghie\xE4p. KE\xC1 HOA\xCFCH TH\xD6\xCFC HIE\xC4N, \xD1A\xCANG KY\xD9 \x93\xF1\xF6\xF4\xEFc\x94";
        assert_eq!(
            decode(vni).unwrap(),
            (
                "Xin chào các bạn, đồng chí và các đồng nghiệp. KẾ HOẠCH THỰC HIỆN, ĐĂNG KÝ “được”"
                    .to_string(),
                Encoding::Vni
            )
        );
    }

    #[test]
    fn refuses_mixed_encodings() {
        let mut bytes = "Kế hoạch số 12/KH-UBND về giảm nghèo; ".as_bytes().to_vec();
        bytes.extend_from_slice(b"nh\xA9n d\xA9n t\xD8nh");
        assert!(matches!(decode(&bytes), Err(DecodeError::Mixed(_))));
    }

    #[test]
    fn lines_end_alike() {
        let (text, _) = decode("Kế hoạch\r\nsố 1\rngày 2\n".as_bytes()).unwrap();
        assert_eq!(text, "Kế hoạch\nsố 1\nngày 2\n");
    }

    #[test]
    fn refuses_empty_and_binary() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b"  \n\t "), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(DecodeError::Binary(8))
        );
    }
}
