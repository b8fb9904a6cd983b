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

/// `actions`: any action that runs on opening is refused, even one that
/// only turns to a page (a file from kehoach never has one).
fn in_dict_with(d: &Dictionary, depth: usize, actions: bool) -> Option<String> {
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
    if actions && d.has(b"OpenAction") {
        return Some("tệp có hành động tự chạy khi mở".into());
    }
    if actions && d.has(b"AA") {
        return Some("tệp có hành động tự chạy (khi mở trang, khi bấm vào ô)".into());
    }
    for (k, v) in d.iter() {
        if k == b"JavaScript" {
            return Some("tệp có mã JavaScript".into());
        }
        if let Some(why) = in_object_with(v, depth + 1, actions) {
            return Some(why);
        }
    }
    None
}

fn in_object(o: &Object, depth: usize) -> Option<String> {
    in_object_with(o, depth, true)
}

fn in_object_with(o: &Object, depth: usize, actions: bool) -> Option<String> {
    if depth > 32 {
        return None;
    }
    match o {
        Object::Dictionary(d) => in_dict_with(d, depth, actions),
        Object::Stream(s) => in_dict_with(&s.dict, depth, actions),
        Object::Array(items) => items
            .iter()
            .find_map(|i| in_object_with(i, depth + 1, actions)),
        _ => None,
    }
}

/// Why a PDF from another document system (a plan as the province issued
/// it) is not read: a password, or code that runs (JavaScript, launching a
/// program, sending data out). Unlike [`hostile`], an action that only
/// opens the file at a page, and bytes after its end, are allowed: such
/// files are common and the text is all that is taken.
pub fn code_or_lock(doc: &Document) -> Option<String> {
    if doc.trailer.has(b"Encrypt") || doc.is_encrypted() {
        return Some("tệp PDF được đặt mật khẩu (mã hóa); hãy xin bản không đặt mật khẩu".into());
    }
    doc.objects
        .values()
        .find_map(|o| in_object_with(o, 0, false))
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
