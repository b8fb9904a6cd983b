//! Files embedded in a PDF (the /EmbeddedFiles name tree, with /AF on the
//! catalog as PDF/A-3 names its data): put in before signing, read back
//! from a received file.

use lopdf::{dictionary, Document, Object, Stream, StringFormat};

use super::ExchangeError;

/// An embedded file larger than this once inflated is not read (a report's
/// data is tens of kilobytes; a decompression bomb is gigabytes).
pub const MAX_ATTACHMENT_BYTES: usize = 16 * 1024 * 1024;

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// Adds `bytes` as the embedded file `name` (a JSON data file) and returns
/// the new PDF. The document must not be signed yet: this rewrites it.
pub fn embed(
    pdf: &[u8],
    name: &str,
    description: &str,
    bytes: &[u8],
) -> Result<Vec<u8>, ExchangeError> {
    let failed = |e: lopdf::Error| ExchangeError::Embed(e.to_string());
    let mut doc = Document::load_mem(pdf).map_err(failed)?;
    let mut file = Stream::new(
        dictionary! {
            "Type" => "EmbeddedFile",
            "Subtype" => "application/json",
            "Params" => dictionary! { "Size" => bytes.len() as i64 },
        },
        bytes.to_vec(),
    );
    let _ = file.compress();
    let file_id = doc.add_object(file);
    let text = |s: &str| {
        let mut b = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            b.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(b, StringFormat::Hexadecimal)
    };
    let spec_id = doc.add_object(dictionary! {
        "Type" => "Filespec",
        "F" => Object::String(name.as_bytes().to_vec(), StringFormat::Literal),
        "UF" => text(name),
        "Desc" => text(description),
        "AFRelationship" => "Data",
        "EF" => dictionary! { "F" => file_id, "UF" => file_id },
    });
    let catalog = doc.catalog_mut().map_err(failed)?;
    catalog.set(
        "Names",
        dictionary! {
            "EmbeddedFiles" => dictionary! {
                "Names" => vec![Object::String(name.as_bytes().to_vec(), StringFormat::Literal), spec_id.into()],
            },
        },
    );
    catalog.set("AF", vec![Object::Reference(spec_id)]);
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| ExchangeError::Embed(e.to_string()))?;
    Ok(out)
}

/// The names and contents of every embedded file of a document; None for
/// one that cannot be read or inflates beyond [`MAX_ATTACHMENT_BYTES`].
pub fn embedded_files(doc: &Document) -> Vec<(String, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    let Some(tree) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Names").ok())
        .and_then(|n| resolve(doc, n))
        .and_then(|n| n.as_dict().ok())
        .and_then(|n| n.get(b"EmbeddedFiles").ok())
        .and_then(|e| resolve(doc, e))
        .and_then(|e| e.as_dict().ok())
    else {
        return out;
    };
    // A flat /Names array, or one level of /Kids.
    let mut nodes = vec![tree.clone()];
    if let Ok(kids) = tree.get(b"Kids").and_then(Object::as_array) {
        nodes.extend(
            kids.iter()
                .filter_map(|k| resolve(doc, k))
                .filter_map(|k| k.as_dict().ok().cloned()),
        );
    }
    for node in nodes {
        let Ok(names) = node.get(b"Names").and_then(Object::as_array) else {
            continue;
        };
        for pair in names.chunks(2) {
            let [key, spec] = pair else { continue };
            let Ok(key) = key.as_str() else { continue };
            let content = resolve(doc, spec)
                .and_then(|s| s.as_dict().ok())
                .and_then(|s| s.get(b"EF").ok())
                .and_then(|ef| resolve(doc, ef))
                .and_then(|ef| ef.as_dict().ok())
                .and_then(|ef| ef.get(b"F").ok())
                .and_then(|f| resolve(doc, f))
                .and_then(|f| f.as_stream().ok())
                .map(|s| {
                    if s.dict.has(b"Filter") {
                        s.decompressed_content_with_limit(MAX_ATTACHMENT_BYTES).ok()
                    } else {
                        (s.content.len() <= MAX_ATTACHMENT_BYTES).then(|| s.content.clone())
                    }
                });
            if let Some(content) = content {
                out.push((String::from_utf8_lossy(key).into_owned(), content));
            }
        }
    }
    out
}
