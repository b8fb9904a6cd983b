//! What a received file may not carry at all, signed or not: encryption,
//! code that runs (JavaScript, launching a program, actions that run on
//! opening), and bytes after the end of the PDF (an orphan object kept and
//! stored whole). A report or plan from kehoach never has any of them.

use lopdf::{Dictionary, Document, Object};

/// Actions that run code or leave the document.
const RUNNING: [&[u8]; 5] = [
    b"JavaScript",
    b"Launch",
    b"ImportData",
    b"SubmitForm",
    b"Rendition",
];

fn in_dict(d: &Dictionary, depth: usize) -> Option<String> {
    if d.has(b"JS") {
        return Some("tệp có mã JavaScript".into());
    }
    if let Ok(s) = d.get(b"S").and_then(Object::as_name) {
        if s == b"JavaScript" {
            return Some("tệp có mã JavaScript".into());
        }
        if RUNNING.contains(&s) {
            return Some("tệp có lệnh chạy chương trình hoặc gửi dữ liệu ra ngoài".into());
        }
    }
    if d.has(b"OpenAction") {
        return Some("tệp có hành động tự chạy khi mở".into());
    }
    if d.has(b"AA") {
        return Some("tệp có hành động tự chạy (khi mở trang, khi bấm vào ô)".into());
    }
    for (k, v) in d.iter() {
        if k == b"JavaScript" {
            return Some("tệp có mã JavaScript".into());
        }
        if let Some(why) = in_object(v, depth + 1) {
            return Some(why);
        }
    }
    None
}

fn in_object(o: &Object, depth: usize) -> Option<String> {
    if depth > 32 {
        return None;
    }
    match o {
        Object::Dictionary(d) => in_dict(d, depth),
        Object::Stream(s) => in_dict(&s.dict, depth),
        Object::Array(items) => items.iter().find_map(|i| in_object(i, depth + 1)),
        _ => None,
    }
}

/// Why a received PDF is refused before its content is looked at, or None.
pub fn hostile(bytes: &[u8], doc: &Document) -> Option<String> {
    if doc.trailer.has(b"Encrypt") || doc.is_encrypted() {
        return Some(
            "tệp đã bị mã hóa (có mật khẩu); tệp báo cáo, kế hoạch không được mã hóa".into(),
        );
    }
    match bytes.windows(5).rposition(|w| w == b"%%EOF") {
        None => return Some("tệp PDF không có phần kết thúc (bị cắt cụt)".into()),
        Some(at) => {
            if !bytes[at + 5..]
                .iter()
                .all(|b| b.is_ascii_whitespace() || *b == 0)
            {
                return Some("có dữ liệu lạ nằm sau phần kết thúc của tệp PDF".into());
            }
        }
    }
    doc.objects.values().find_map(|o| in_object(o, 0))
}
