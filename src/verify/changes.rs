//! What the updates after a signature did to the document as a reader
//! renders it (the model of pyHanko's difference analysis and of DocMDP
//! level 2, narrowed to what signing tools do).
//!
//! Allowed after a signature, and nothing else:
//! - a signature field (widget) added to a page's annotations and to the
//!   form, or the report's empty signature field filled, carrying a
//!   signature made later in the file (an unsigned widget is an overlay,
//!   whatever it looks like: the page-covering attack);
//! - its appearance and signature dictionary (new objects);
//! - the form's own bookkeeping (`SigFlags`, default resources);
//! - validation data (`/DSS`), and the catalog's `/Version` and
//!   `/Extensions`, and the document information's `/ModDate` and
//!   `/Producer`, which other signing tools update.
//!
//! Refused: an object of the signed revision freed or removed (content
//! deleted), any change to a content stream, a page, the page tree, an
//! annotation, a font or image, the catalog's other keys (open actions,
//! names, optional content: the hide and replace shadow attacks), a new
//! encryption, bytes that are not an update.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

/// No stream of a received file is decompressed beyond this while it is
/// read (decompression bombs).
pub const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;

/// Reads a PDF of unknown origin: streams bounded by [`MAX_STREAM_BYTES`].
pub fn load(bytes: &[u8]) -> lopdf::Result<Document> {
    Document::load_mem_with_options(
        bytes,
        LoadOptions::with_max_decompressed_size(MAX_STREAM_BYTES),
    )
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

fn dict_of<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    resolve(doc, o).and_then(|o| o.as_dict().ok())
}

fn name<'a>(d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    d.get(key).and_then(Object::as_name).ok()
}

/// The same value as a reader sees it: a string written as hex or as a
/// literal is one string (other tools write them again their own way).
fn same(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::String(x, _), Object::String(y, _)) => x == y,
        (Object::Array(x), Object::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Object::Dictionary(x), Object::Dictionary(y)) => differing_keys(x, y).is_empty(),
        (Object::Stream(x), Object::Stream(y)) => {
            x.content == y.content && differing_keys(&x.dict, &y.dict).is_empty()
        }
        (Object::Integer(x), Object::Real(y)) | (Object::Real(y), Object::Integer(x)) => {
            (*x as f64 - f64::from(*y)).abs() < 1e-9
        }
        _ => a == b,
    }
}

/// Keys whose values differ between two dictionaries.
fn differing_keys(a: &Dictionary, b: &Dictionary) -> Vec<Vec<u8>> {
    let mut keys: Vec<Vec<u8>> = a.iter().map(|(k, _)| k.clone()).collect();
    for (k, _) in b.iter() {
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    keys.retain(|k| match (a.get(k).ok(), b.get(k).ok()) {
        (Some(x), Some(y)) => !same(x, y),
        _ => true,
    });
    keys
}

fn only(keys: &[Vec<u8>], allowed: &[&[u8]]) -> bool {
    keys.iter().all(|k| allowed.contains(&k.as_slice()))
}

/// Where things are in the signed revision, to say where a change is.
struct Map {
    /// Page object → page number.
    pages: BTreeMap<ObjectId, u32>,
    /// A page's content stream (or array of them) → page number.
    contents: BTreeMap<ObjectId, u32>,
    /// An indirect /Annots array → page number.
    annots: BTreeMap<ObjectId, u32>,
    root: Option<ObjectId>,
    info: Option<ObjectId>,
    acroform: Option<ObjectId>,
    fields: Option<ObjectId>,
}

fn map(doc: &Document) -> Map {
    let mut m = Map {
        pages: BTreeMap::new(),
        contents: BTreeMap::new(),
        annots: BTreeMap::new(),
        root: doc.trailer.get(b"Root").and_then(Object::as_reference).ok(),
        info: doc.trailer.get(b"Info").and_then(Object::as_reference).ok(),
        acroform: None,
        fields: None,
    };
    for (n, id) in doc.get_pages() {
        m.pages.insert(id, n);
        let Ok(page) = doc.get_dictionary(id) else {
            continue;
        };
        let note = |o: &Object, into: &mut BTreeMap<ObjectId, u32>| {
            if let Object::Reference(r) = o {
                into.insert(*r, n);
            }
        };
        if let Ok(c) = page.get(b"Contents") {
            note(c, &mut m.contents);
            if let Some(Object::Array(items)) = resolve(doc, c) {
                for i in items {
                    note(i, &mut m.contents);
                }
            }
        }
        if let Ok(a) = page.get(b"Annots") {
            note(a, &mut m.annots);
        }
    }
    if let Some(form) = doc.catalog().ok().and_then(|c| c.get(b"AcroForm").ok()) {
        if let Object::Reference(r) = form {
            m.acroform = Some(*r);
        }
        if let Some(Object::Reference(r)) = dict_of(doc, form).and_then(|f| f.get(b"Fields").ok()) {
            m.fields = Some(*r);
        }
    }
    m
}

/// The signature dictionaries of the whole file made after the signed
/// revision: new objects whose /ByteRange is one of `later`.
fn later_signatures(
    before: &Document,
    after: &Document,
    later: &[[usize; 4]],
) -> BTreeSet<ObjectId> {
    after
        .objects
        .iter()
        .filter(|(id, _)| !before.objects.contains_key(id))
        .filter_map(|(id, o)| {
            let range = o.as_dict().ok()?.get(b"ByteRange").ok()?.as_array().ok()?;
            let nums: Vec<usize> = range
                .iter()
                .filter_map(|n| n.as_i64().ok().and_then(|n| usize::try_from(n).ok()))
                .collect();
            later
                .iter()
                .any(|l| nums.as_slice() == l.as_slice())
                .then_some(*id)
        })
        .collect()
}

/// A signature widget (or field) that carries one of the later signatures.
fn signed_widget(after: &Document, o: &Object, signed: &BTreeSet<ObjectId>) -> bool {
    let Some(d) = dict_of(after, o) else {
        return false;
    };
    let ft = name(d, b"FT").or_else(|| {
        d.get(b"Parent")
            .ok()
            .and_then(|p| dict_of(after, p))
            .and_then(|p| name(p, b"FT"))
    });
    let v = d.get(b"V").ok().or_else(|| {
        d.get(b"Parent")
            .ok()
            .and_then(|p| dict_of(after, p))
            .and_then(|p| p.get(b"V").ok())
    });
    ft == Some(b"Sig".as_slice()) && matches!(v, Some(Object::Reference(id)) if signed.contains(id))
}

fn array_of(doc: &Document, o: Option<&Object>) -> Vec<Object> {
    o.and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_array().ok())
        .cloned()
        .unwrap_or_default()
}

/// A list (annotations, form fields) may only keep what it had and gain
/// later-signed signature widgets.
fn grows_by_signatures(
    old: &[Object],
    new: &[Object],
    after: &Document,
    signed: &BTreeSet<ObjectId>,
) -> Result<(), &'static str> {
    if !old.iter().all(|a| new.contains(a)) {
        return Err("bị bỏ");
    }
    if new
        .iter()
        .filter(|a| !old.contains(a))
        .all(|a| signed_widget(after, a, signed))
    {
        Ok(())
    } else {
        Err("thêm")
    }
}

fn on_page(n: Option<u32>, what: &str, otherwise: &str) -> String {
    match n {
        Some(n) => format!("{what} trang {n}"),
        None => otherwise.to_string(),
    }
}

/// Why the updates after `signed_end` change what was signed, or None when
/// they only add signatures and what signing tools add with them. `later`
/// are the byte ranges of the intact signatures made after this one.
pub(super) fn after_revision(
    bytes: &[u8],
    signed_end: usize,
    later: &[[usize; 4]],
) -> Option<String> {
    let tail = &bytes[signed_end..];
    if tail.iter().all(|b| b.is_ascii_whitespace() || *b == 0) {
        return None;
    }
    if !tail.windows(9).any(|w| w == b"startxref") {
        return Some("có dữ liệu lạ nối vào cuối tệp, không phải một bản cập nhật PDF".into());
    }
    let Ok(before) = load(&bytes[..signed_end]) else {
        return Some("không đọc được bản đã ký để so sánh".into());
    };
    let Ok(after) = load(bytes) else {
        return Some("phần thêm vào sau chữ ký không phải một bản cập nhật PDF đọc được".into());
    };
    let m = map(&before);
    if after
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .ok()
        != m.root
    {
        return Some("gốc của tài liệu đã bị thay bằng một gốc khác".into());
    }
    if after.trailer.has(b"Encrypt") && !before.trailer.has(b"Encrypt") {
        return Some("tệp đã bị mã hóa sau khi ký".into());
    }
    let signed = later_signatures(&before, &after, later);

    // Removed or freed: what the signed revision drew is gone. (The reader
    // keeps an object an update marks free, so the updates' own
    // cross-reference sections are read for it.)
    let freed = freed_after(tail, &before, &after);
    for id in before.objects.keys() {
        if after.objects.contains_key(id) && !freed.contains(&id.0) {
            continue;
        }
        let page = m.contents.get(id).or(m.pages.get(id)).copied();
        return Some(
            on_page(page, "nội dung của", "một phần của tài liệu") + " đã bị xóa sau khi ký",
        );
    }

    for (id, old) in &before.objects {
        let new = &after.objects[id];
        if same(old, new) {
            continue;
        }
        if let Some(&n) = m.contents.get(id) {
            return Some(format!("nội dung trang {n} đã bị sửa sau khi ký"));
        }
        if let Some(&n) = m.annots.get(id) {
            let (o, nw) = (array_of(&before, Some(old)), array_of(&after, Some(new)));
            match grows_by_signatures(&o, &nw, &after, &signed) {
                Ok(()) => continue,
                Err(how) => return Some(annots_message(n, how)),
            }
        }
        if Some(*id) == m.fields {
            let (o, nw) = (array_of(&before, Some(old)), array_of(&after, Some(new)));
            if grows_by_signatures(&o, &nw, &after, &signed).is_ok() {
                continue;
            }
            return Some("biểu mẫu của tài liệu đã bị sửa sau khi ký".into());
        }
        let (Ok(od), Ok(nd)) = (old.as_dict(), new.as_dict()) else {
            return Some(match old {
                Object::Stream(_) => {
                    "một hình, phông chữ hoặc nội dung vẽ của tài liệu đã bị sửa sau khi ký".into()
                }
                _ => "một phần của tài liệu đã bị sửa sau khi ký".into(),
            });
        };
        let keys = differing_keys(od, nd);
        if Some(*id) == m.root {
            if let Some(why) = catalog_change(&before, &after, od, nd, &keys, &signed) {
                return Some(why);
            }
            continue;
        }
        if Some(*id) == m.info {
            if only(&keys, &[b"ModDate", b"Producer"]) {
                continue;
            }
            return Some("thông tin của tệp (tiêu đề, tác giả…) đã bị sửa sau khi ký".into());
        }
        if Some(*id) == m.acroform {
            if form_change(&before, &after, od, nd, &keys, &signed) {
                continue;
            }
            return Some("biểu mẫu của tài liệu đã bị sửa sau khi ký".into());
        }
        if let Some(&n) = m.pages.get(id) {
            if !only(&keys, &[b"Annots"]) {
                return Some(format!("trang {n} đã bị sửa sau khi ký"));
            }
            let o = array_of(&before, od.get(b"Annots").ok());
            let nw = array_of(&after, nd.get(b"Annots").ok());
            match grows_by_signatures(&o, &nw, &after, &signed) {
                Ok(()) => continue,
                Err(how) => return Some(annots_message(n, how)),
            }
        }
        if name(od, b"Type") == Some(b"Pages".as_slice()) {
            return Some("các trang của tài liệu đã bị thêm, bỏ hoặc đổi chỗ sau khi ký".into());
        }
        // The report's empty signature field, filled by a later signature.
        let empty_sig = name(od, b"FT") == Some(b"Sig".as_slice()) && !od.has(b"V");
        if empty_sig
            && only(&keys, &[b"V", b"AP", b"Rect", b"F"])
            && signed_widget(&after, new, &signed)
        {
            continue;
        }
        let page = od
            .get(b"P")
            .ok()
            .and_then(|p| p.as_reference().ok())
            .and_then(|p| m.pages.get(&p))
            .copied();
        if name(od, b"Type") == Some(b"Annot".as_slice()) || od.has(b"Subtype") && od.has(b"Rect") {
            return Some(
                on_page(
                    page,
                    "một chú thích hoặc ô ký trên",
                    "một chú thích hoặc ô ký",
                ) + " đã bị sửa sau khi ký",
            );
        }
        return Some("một phần của tài liệu đã bị sửa sau khi ký".into());
    }

    // A catalog that names a new information dictionary.
    let info_after = after
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .ok();
    if info_after != m.info {
        let od = m.info.and_then(|i| before.get_dictionary(i).ok());
        let nd = info_after.and_then(|i| after.get_dictionary(i).ok());
        if let (Some(od), Some(nd)) = (od, nd) {
            if !only(&differing_keys(od, nd), &[b"ModDate", b"Producer"]) {
                return Some("thông tin của tệp (tiêu đề, tác giả…) đã bị sửa sau khi ký".into());
            }
        }
    }
    None
}

/// Object numbers the updates in `tail` mark free: in classic
/// cross-reference tables ("xref", subsections, "… f" lines) and in
/// cross-reference streams added by the updates (type-0 entries).
fn freed_after(tail: &[u8], before: &Document, after: &Document) -> BTreeSet<u32> {
    let mut freed = BTreeSet::new();
    let mut at = 0;
    while let Some(p) = crate::sign::update::find(tail, b"xref", at) {
        at = p + 4;
        let line_start = p == 0 || matches!(tail[p - 1], b'\n' | b'\r');
        if !line_start || tail.get(p + 4).is_some_and(|b| !b.is_ascii_whitespace()) {
            continue;
        }
        let end = crate::sign::update::find(tail, b"trailer", at).unwrap_or(tail.len());
        let text = String::from_utf8_lossy(&tail[at..end]);
        let mut tokens = text.split_ascii_whitespace();
        while let (Some(first), Some(count)) = (tokens.next(), tokens.next()) {
            let (Ok(first), Ok(count)) = (first.parse::<u32>(), count.parse::<u32>()) else {
                break;
            };
            for n in 0..count.min(1_000_000) {
                let (Some(_), Some(_), Some(kind)) = (tokens.next(), tokens.next(), tokens.next())
                else {
                    break;
                };
                if kind == "f" && first + n != 0 {
                    freed.insert(first + n);
                }
            }
        }
    }
    for (id, o) in &after.objects {
        if before.objects.contains_key(id) {
            continue;
        }
        let Ok(s) = o.as_stream() else { continue };
        if name(&s.dict, b"Type") != Some(b"XRef".as_slice()) {
            continue;
        }
        let widths: Vec<usize> = array_of(after, s.dict.get(b"W").ok())
            .iter()
            .filter_map(|w| w.as_i64().ok().and_then(|w| usize::try_from(w).ok()))
            .collect();
        let [w0, w1, w2] = widths[..] else { continue };
        let index: Vec<u32> = match s.dict.get(b"Index").and_then(Object::as_array) {
            Ok(ix) => ix
                .iter()
                .filter_map(|n| n.as_i64().ok().and_then(|n| u32::try_from(n).ok()))
                .collect(),
            Err(_) => vec![
                0,
                s.dict.get(b"Size").and_then(Object::as_i64).unwrap_or(0) as u32,
            ],
        };
        let Ok(data) = s.decompressed_content_with_limit(MAX_STREAM_BYTES) else {
            continue;
        };
        let row = w0 + w1 + w2;
        if row == 0 {
            continue;
        }
        let mut rows = data.chunks_exact(row);
        for pair in index.chunks(2) {
            let [first, count] = pair else { break };
            for n in 0..*count {
                let Some(r) = rows.next() else { break };
                let kind = if w0 == 0 {
                    1
                } else {
                    r[..w0].iter().fold(0u64, |v, b| v << 8 | u64::from(*b))
                };
                if kind == 0 && first + n != 0 {
                    freed.insert(first + n);
                }
            }
        }
    }
    freed
}

fn annots_message(page: u32, how: &str) -> String {
    if how == "bị bỏ" {
        format!("trang {page} bị bỏ chú thích hoặc ô ký sau khi ký")
    } else {
        format!("trang {page} bị vẽ thêm một lớp (chú thích không phải chữ ký số) sau khi ký")
    }
}

/// The catalog may gain a form of signatures, validation data, a version
/// and extensions; anything else (open actions, names, optional content,
/// pages) changes what is rendered or run.
fn catalog_change(
    before: &Document,
    after: &Document,
    od: &Dictionary,
    nd: &Dictionary,
    keys: &[Vec<u8>],
    signed: &BTreeSet<ObjectId>,
) -> Option<String> {
    for k in keys {
        match k.as_slice() {
            b"Version" | b"Extensions" | b"DSS" => {}
            b"AcroForm" => {
                let (Some(of), Some(nf)) = (
                    od.get(b"AcroForm").ok().and_then(|f| dict_of(before, f)),
                    nd.get(b"AcroForm").ok().and_then(|f| dict_of(after, f)),
                ) else {
                    // A form where there was none: only signature fields.
                    let nf = nd.get(b"AcroForm").ok().and_then(|f| dict_of(after, f))?;
                    let fields = array_of(after, nf.get(b"Fields").ok());
                    if grows_by_signatures(&[], &fields, after, signed).is_ok() {
                        continue;
                    }
                    return Some("biểu mẫu của tài liệu đã bị sửa sau khi ký".into());
                };
                if !form_change(before, after, of, nf, &differing_keys(of, nf), signed) {
                    return Some("biểu mẫu của tài liệu đã bị sửa sau khi ký".into());
                }
            }
            b"OpenAction" | b"AA" => {
                return Some("tài liệu được thêm một hành động tự chạy khi mở, sau khi ký".into())
            }
            b"Names" => {
                return Some(
                    "danh mục tên của tài liệu (tệp đính kèm, mã lệnh) đã bị sửa sau khi ký".into(),
                )
            }
            b"OCProperties" => {
                return Some(
                    "các lớp hiển thị của tài liệu đã bị đổi sau khi ký (che hoặc hiện nội dung)"
                        .into(),
                )
            }
            _ => return Some("danh mục của tài liệu đã bị sửa sau khi ký".into()),
        }
    }
    None
}

/// A form may gain later-signed signature fields and its bookkeeping.
fn form_change(
    before: &Document,
    after: &Document,
    od: &Dictionary,
    nd: &Dictionary,
    keys: &[Vec<u8>],
    signed: &BTreeSet<ObjectId>,
) -> bool {
    if !only(keys, &[b"Fields", b"SigFlags", b"DR", b"DA"]) {
        return false;
    }
    let o = array_of(before, od.get(b"Fields").ok());
    let n = array_of(after, nd.get(b"Fields").ok());
    grows_by_signatures(&o, &n, after, signed).is_ok()
}
