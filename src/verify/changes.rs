//! What an update after a signature changed. Allowed: later signatures and
//! their appearance (a new signature field, the report's empty field filled,
//! the page's annotation list and the form growing by signature widgets).
//! Anything else (page content, pages, resources, attachments, other
//! annotations) changes what was signed.

use lopdf::{Dictionary, Document, Object, ObjectId};

fn is_sig_widget(doc: &Document, o: &Object) -> bool {
    let d = match o {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    };
    d.is_some_and(|d| d.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig".as_slice()))
}

/// Keys whose values differ between two dictionaries.
fn differing_keys(a: &Dictionary, b: &Dictionary) -> Vec<Vec<u8>> {
    let mut keys: Vec<Vec<u8>> = a.iter().map(|(k, _)| k.clone()).collect();
    for (k, _) in b.iter() {
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    keys.retain(|k| a.get(k).ok() != b.get(k).ok());
    keys
}

fn describe(id: ObjectId, what: &str) -> String {
    format!("{what} (đối tượng {} {})", id.0, id.1)
}

/// Why the file after `signed_end` changes content, or None when it only
/// adds signatures.
pub(super) fn after_revision(bytes: &[u8], signed_end: usize) -> Option<String> {
    let tail = &bytes[signed_end..];
    if tail.iter().all(|b| b.is_ascii_whitespace() || *b == 0) {
        return None;
    }
    let before = match Document::load_mem(&bytes[..signed_end]) {
        Ok(d) => d,
        Err(_) => return Some("không đọc được bản đã ký để so sánh".into()),
    };
    let after = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(_) => {
            return Some("phần thêm vào sau chữ ký không phải một bản cập nhật PDF đọc được".into())
        }
    };
    if !tail.windows(9).any(|w| w == b"startxref") {
        return Some("có dữ liệu lạ nối vào cuối tệp".into());
    }
    let root = before
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .ok();
    if after
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .ok()
        != root
    {
        return Some("gốc tài liệu (Catalog) đã bị thay".into());
    }
    for (id, new) in &after.objects {
        let Some(old) = before.objects.get(id) else {
            continue; // new objects matter only if something old points at them
        };
        if old == new {
            continue;
        }
        let (Ok(od), Ok(nd)) = (old.as_dict(), new.as_dict()) else {
            return Some(describe(*id, "một luồng nội dung đã bị sửa"));
        };
        let keys = differing_keys(od, nd);
        let ty = od.get(b"Type").and_then(Object::as_name).ok();
        if Some(*id) == root {
            if keys.iter().all(|k| k == b"AcroForm") {
                continue;
            }
            return Some(describe(*id, "danh mục tài liệu đã bị sửa"));
        }
        if ty == Some(b"Page".as_slice()) {
            if keys.iter().any(|k| k != b"Annots") {
                return Some(describe(*id, "một trang đã bị sửa"));
            }
            let old_annots = od
                .get(b"Annots")
                .and_then(Object::as_array)
                .cloned()
                .unwrap_or_default();
            let new_annots = nd
                .get(b"Annots")
                .and_then(Object::as_array)
                .cloned()
                .unwrap_or_default();
            let kept = old_annots.iter().all(|a| new_annots.contains(a));
            let added_are_signatures = new_annots
                .iter()
                .filter(|a| !old_annots.contains(a))
                .all(|a| is_sig_widget(&after, a));
            if kept && added_are_signatures {
                continue;
            }
            return Some(describe(*id, "chú thích trên trang đã bị thêm hoặc bỏ"));
        }
        // The report's empty signature field, filled by a later signature.
        let was_empty_sig = od.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig".as_slice())
            && !od.has(b"V");
        if was_empty_sig
            && keys
                .iter()
                .all(|k| [b"V".as_slice(), b"AP", b"Rect", b"F"].contains(&k.as_slice()))
        {
            continue;
        }
        // An AcroForm dictionary kept as its own object.
        if nd.has(b"Fields") && keys.iter().all(|k| k == b"Fields" || k == b"SigFlags") {
            continue;
        }
        return Some(describe(*id, "một đối tượng của tài liệu đã bị sửa"));
    }
    // The form may only grow by signature fields.
    let fields = |d: &Document| -> Vec<Object> {
        d.catalog()
            .ok()
            .and_then(|c| c.get(b"AcroForm").ok())
            .and_then(|a| match a {
                Object::Dictionary(d) => Some(d.clone()),
                Object::Reference(id) => d.get_dictionary(*id).ok().cloned(),
                _ => None,
            })
            .and_then(|a| a.get(b"Fields").and_then(Object::as_array).ok().cloned())
            .unwrap_or_default()
    };
    let (old_fields, new_fields) = (fields(&before), fields(&after));
    if !old_fields.iter().all(|f| new_fields.contains(f))
        || !new_fields
            .iter()
            .filter(|f| !old_fields.contains(f))
            .all(|f| is_sig_widget(&after, f))
    {
        return Some("biểu mẫu của tài liệu đã bị sửa".into());
    }
    None
}
