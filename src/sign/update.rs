//! The incremental update that signs a PDF: the file stays byte for byte,
//! a signature field (or the report's empty one, filled) and a /Sig
//! dictionary are appended, then the byte range and the CMS are written in.

use lopdf::{
    dictionary, Dictionary, Document, IncrementalDocument, Object, ObjectId, StringFormat,
};
use sha2::{Digest, Sha256};

use super::appearance::{self, Png, Rect};
use super::cert;
use super::{KeySource, SignError, SignOptions, SignedPdf, SIGNER_FIELD};

/// Room for the CMS in /Contents (bytes); the hex text is twice as long.
const CONTENTS_BYTES: usize = 16 * 1024;
const BYTE_RANGE_PLACEHOLDER: &str = "0 9999999999 9999999999 9999999999";

pub(crate) fn pdf_date(t: &chrono::DateTime<chrono::FixedOffset>) -> String {
    let off = t.offset().local_minus_utc();
    let sign = if off < 0 { '-' } else { '+' };
    format!(
        "D:{}{sign}{:02}'{:02}'",
        t.format("%Y%m%d%H%M%S"),
        off.abs() / 3600,
        off.abs() % 3600 / 60
    )
}

/// A PDF text string: UTF-16BE with BOM, so Vietnamese names survive.
pub(crate) fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Decodes a PDF text string (UTF-16BE with BOM, or PDFDocEncoding read as Latin-1).
pub(crate) fn read_text(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_string()
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// The lines a signature without an image shows: who, their organisation,
/// when ("Thời gian ký: 05/07/2026 10:15:30 +07:00").
pub fn stamp_lines(
    signer: &x509_cert::Certificate,
    time: &chrono::DateTime<chrono::FixedOffset>,
) -> Vec<String> {
    let info = cert::describe(signer);
    let mut lines = vec![format!("Đã ký số bởi: {}", info.name)];
    if let Some(o) = info.organisation.filter(|o| !o.trim().is_empty()) {
        lines.push(o);
    }
    lines.push(format!(
        "Thời gian ký: {}",
        time.format("%d/%m/%Y %H:%M:%S %:z")
    ));
    lines
}

/// The "signed by" appearance in `rect`, laid out by the PDF writer in the
/// report's font; None (the signature stays without one) when a character
/// of the name is not in the font.
fn signed_stamp(
    doc: &mut Document,
    signer: &x509_cert::Certificate,
    time: &chrono::DateTime<chrono::FixedOffset>,
    rect: Rect,
) -> Option<ObjectId> {
    let (w, h) = (rect[2] - rect[0], rect[3] - rect[1]);
    if w < 20.0 || h < 10.0 {
        return None;
    }
    let fonts = crate::pdf::fonts::Fonts::liberation_serif();
    let page = crate::pdf::signed_stamp(&stamp_lines(signer, time), w, h, &fonts).ok()?;
    appearance::page_as_form(&page, doc, (w, h))
}

/// Where `needle` first occurs in `hay` at or after `from`.
pub(crate) fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn not_pdf<E: std::fmt::Display>(e: E) -> SignError {
    SignError::NotPdf(e.to_string())
}

/// A signature field already in the document.
struct Field {
    id: ObjectId,
    name: String,
    signed: bool,
    rect: Option<Rect>,
    page: Option<ObjectId>,
}

fn fields(doc: &Document) -> (Vec<Object>, Vec<Field>) {
    let array = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|a| match a {
            Object::Dictionary(d) => Some(d),
            Object::Reference(id) => doc.get_dictionary(*id).ok(),
            _ => None,
        })
        .and_then(|d| d.get(b"Fields").ok())
        .and_then(|f| f.as_array().ok())
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    for f in &array {
        let Ok(id) = f.as_reference() else { continue };
        let Ok(d) = doc.get_dictionary(id) else {
            continue;
        };
        if d.get(b"FT").and_then(Object::as_name).ok() != Some(b"Sig".as_slice()) {
            continue;
        }
        out.push(Field {
            id,
            name: d
                .get(b"T")
                .and_then(Object::as_str)
                .map(read_text)
                .unwrap_or_default(),
            signed: d.has(b"V"),
            rect: d
                .get(b"Rect")
                .ok()
                .and_then(appearance::read_rect)
                .filter(|r| r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0),
            page: d.get(b"P").and_then(Object::as_reference).ok(),
        });
    }
    (array, out)
}

/// The warnings a signer should see before the file leaves the office.
fn warnings(signer: &x509_cert::Certificate, opts: &SignOptions) -> Vec<String> {
    let mut w = Vec::new();
    let info = cert::describe(signer);
    if !info.can_sign_documents {
        w.push(format!(
            "Chứng thư số của “{}” không có mục đích ký văn bản (digitalSignature, nonRepudiation): nơi nhận có thể không công nhận chữ ký.",
            info.name
        ));
    }
    if let Some(img) = opts.image {
        if !img.is_transparent() {
            w.push("Ảnh chữ ký không có nền trong suốt (Nghị định 30/2020 yêu cầu PNG nền trong suốt).".into());
        }
        if img.ink() != 'b' {
            w.push("Ảnh chữ ký không phải màu xanh (Nghị định 30/2020: chữ ký màu xanh).".into());
        }
    }
    if let Some(seal) = opts.seal {
        if !seal.is_transparent() {
            w.push("Ảnh con dấu không có nền trong suốt (Nghị định 30/2020 yêu cầu PNG nền trong suốt).".into());
        }
        if seal.ink() != 'r' {
            w.push("Ảnh con dấu không phải màu đỏ (Nghị định 30/2020: dấu màu đỏ).".into());
        }
    }
    w
}

fn check_validity(
    signer: &x509_cert::Certificate,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> Result<(), SignError> {
    if cert::valid_at(signer, at.with_timezone(&chrono::Utc)) {
        return Ok(());
    }
    let info = cert::describe(signer);
    let show = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(at.offset())
            .format("%d/%m/%Y %H:%M")
            .to_string()
    };
    Err(SignError::NotValidAt {
        subject: info.name,
        from: show(info.not_before),
        to: show(info.not_after),
        at: at.format("%d/%m/%Y %H:%M").to_string(),
    })
}

/// Signs `pdf` with the key at `opts.time` (the officer's clock, passed
/// in). Returns the original file unchanged followed by the update.
pub fn sign_pdf(
    pdf: &[u8],
    key: &dyn KeySource,
    opts: &SignOptions,
) -> Result<SignedPdf, SignError> {
    let signer = key.chain().first().ok_or(SignError::NoKey)?;
    check_validity(signer, opts.time)?;
    let warnings = warnings(signer, opts);

    let prev = Document::load_mem(pdf).map_err(not_pdf)?;
    if prev.is_encrypted() {
        return Err(SignError::NotPdf("tệp đã mã hóa".into()));
    }
    let first_page = *prev
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| SignError::NotPdf("không có trang nào".into()))?;
    let root_id = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(not_pdf)?;
    let (mut field_refs, existing) = fields(&prev);
    // The report's own place for the signer's image, empty or filled.
    let place = existing
        .iter()
        .find(|f| f.name == SIGNER_FIELD && f.rect.is_some())
        .or_else(|| existing.iter().find(|f| f.rect.is_some()));
    let empty_place = place.filter(|f| !f.signed);

    // Where the widget goes and what it shows.
    let mut images: Vec<(&Png, Rect)> = Vec::new();
    let (reuse, page, rect) = match (opts.image, opts.seal) {
        (Some(image), seal) => {
            let slot = empty_place.ok_or(SignError::NoPlace)?;
            let r = appearance::fit(image, slot.rect.expect("filtered"));
            images.push((image, r));
            let mut rect = r;
            if let Some(seal) = seal {
                let s = appearance::seal_rect(seal, r);
                images.push((seal, s));
                rect = appearance::union(r, s);
            }
            (Some(slot.id), slot.page.unwrap_or(first_page), rect)
        }
        (None, Some(seal)) => {
            let anchor = place.ok_or(SignError::NoPlace)?;
            let s = appearance::seal_rect(seal, anchor.rect.expect("filtered"));
            images.push((seal, s));
            (None, anchor.page.unwrap_or(first_page), s)
        }
        // No image: the report's own empty field is signed all the same
        // (a reader then shows that field signed, not an empty one beside a
        // new field), its place kept.
        (None, None) => match empty_place {
            Some(slot) => (
                Some(slot.id),
                slot.page.unwrap_or(first_page),
                slot.rect.expect("filtered"),
            ),
            None => (None, first_page, [0.0; 4]),
        },
    };

    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), prev);
    let doc = &mut inc.new_document;
    let sig_id = doc.add_object(dictionary! {
        "Type" => "Sig",
        "Filter" => "Adobe.PPKLite",
        "SubFilter" => "ETSI.CAdES.detached",
        "ByteRange" => Object::Array(vec![0.into(), 9_999_999_999i64.into(), 9_999_999_999i64.into(), 9_999_999_999i64.into()]),
        "Contents" => Object::String(vec![0; CONTENTS_BYTES], StringFormat::Hexadecimal),
        "M" => Object::String(pdf_date(&opts.time).into_bytes(), StringFormat::Literal),
        "Name" => text_string(&cert::holder_name(signer)),
    });
    let ap = if !images.is_empty() {
        Some(appearance::appearance(doc, rect, &images))
    } else if reuse.is_some() {
        // No image in the report's place: the place says who signed and
        // when, so the printed page shows it is signed.
        signed_stamp(doc, signer, &opts.time, rect)
    } else {
        None
    };
    let mut widget_fields = dictionary! {
        "V" => sig_id,
        "Rect" => appearance::rect_object(rect),
        "F" => if images.is_empty() && reuse.is_none() { 132 } else { 4 },
    };
    if let Some(ap) = ap {
        widget_fields.set("AP", dictionary! { "N" => ap });
    }
    let widget_id = match reuse {
        Some(id) => {
            inc.opt_clone_object_to_new_document(id).map_err(not_pdf)?;
            let w = inc.new_document.get_dictionary_mut(id).map_err(not_pdf)?;
            for (k, v) in widget_fields.into_iter() {
                w.set(k, v);
            }
            id
        }
        None => {
            let taken: Vec<&str> = existing.iter().map(|f| f.name.as_str()).collect();
            let name = (1..)
                .map(|n| format!("Chữ ký {n}"))
                .find(|n| !taken.contains(&n.as_str()))
                .expect("a free name");
            let mut d: Dictionary = dictionary! {
                "Type" => "Annot",
                "Subtype" => "Widget",
                "FT" => "Sig",
                "T" => text_string(&name),
                "P" => page,
            };
            for (k, v) in widget_fields.into_iter() {
                d.set(k, v);
            }
            let id = inc.new_document.add_object(d);
            inc.opt_clone_object_to_new_document(page)
                .map_err(not_pdf)?;
            let p = inc.new_document.get_dictionary_mut(page).map_err(not_pdf)?;
            let mut annots = p
                .get(b"Annots")
                .ok()
                .and_then(|a| a.as_array().ok())
                .cloned()
                .unwrap_or_default();
            annots.push(id.into());
            p.set("Annots", annots);
            field_refs.push(id.into());
            id
        }
    };
    let _ = widget_id;
    inc.opt_clone_object_to_new_document(root_id)
        .map_err(not_pdf)?;
    let catalog = inc
        .new_document
        .get_dictionary_mut(root_id)
        .map_err(not_pdf)?;
    catalog.set(
        "AcroForm",
        dictionary! { "Fields" => field_refs, "SigFlags" => 3 },
    );
    let mut out = Vec::new();
    inc.save_to(&mut out).map_err(not_pdf)?;

    // Fill in the byte range, then the signature over it.
    let update_from = pdf.len();
    let zeros = vec![b'0'; CONTENTS_BYTES * 2];
    let hex_at = find(&out, &zeros, update_from)
        .ok_or_else(|| SignError::Cms("không thấy chỗ đặt chữ ký".into()))?;
    let (start, end) = (hex_at - 1, hex_at + zeros.len() + 1); // '<' … '>'
    let br_at = find(&out, BYTE_RANGE_PLACEHOLDER.as_bytes(), update_from)
        .ok_or_else(|| SignError::Cms("không thấy ByteRange".into()))?;
    let ranges = format!("0 {} {} {}", start, end, out.len() - end);
    let padded = format!("{ranges:<width$}", width = BYTE_RANGE_PLACEHOLDER.len());
    out[br_at..br_at + padded.len()].copy_from_slice(padded.as_bytes());
    let mut hasher = Sha256::new();
    hasher.update(&out[..start]);
    hasher.update(&out[end..]);
    let digest = hasher.finalize();
    let cms = super::cms::signed_data(key, &digest)?;
    if cms.len() > CONTENTS_BYTES {
        return Err(SignError::Cms(format!(
            "chữ ký dài {} byte, quá chỗ dành sẵn",
            cms.len()
        )));
    }
    let hex = cert::hex(&cms);
    out[hex_at..hex_at + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(SignedPdf {
        bytes: out,
        warnings,
    })
}
