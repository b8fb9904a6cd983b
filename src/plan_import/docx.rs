//! .docx → plain text the text importer reads: one paragraph per block,
//! blank lines between, automatic numbering written out ("1.", "a)", "-")
//! and table rows as "cell | cell".

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::ImportError;

/// Unpacked XML parts are read at most this far (a zip bomb stops here).
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

fn bad(msg: impl Into<String>) -> ImportError {
    ImportError::Docx(msg.into())
}

fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, ImportError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(bad(format!("không mở được phần {name} ({e})"))),
    };
    let mut s = String::new();
    file.take(MAX_PART_BYTES)
        .read_to_string(&mut s)
        .map_err(|e| bad(format!("phần {name} không phải văn bản UTF-8 ({e})")))?;
    Ok(Some(s))
}

/// One level of a numbering definition.
#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// numId → its levels (through its abstractNum).
type Numbering = HashMap<String, HashMap<u32, Level>>;

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn parse_numbering(xml: &str) -> Numbering {
    let mut abstracts: HashMap<String, HashMap<u32, Level>> = HashMap::new();
    let mut nums: HashMap<String, String> = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let (mut current_abstract, mut current_level, mut current_num) = (None, None, None);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.name().as_ref() {
                b"w:abstractNum" => current_abstract = attr(&e, b"w:abstractNumId"),
                b"w:lvl" => current_level = attr(&e, b"w:ilvl").and_then(|v| v.parse::<u32>().ok()),
                b"w:num" => current_num = attr(&e, b"w:numId"),
                b"w:abstractNumId" => {
                    if let (Some(n), Some(a)) = (&current_num, attr(&e, b"w:val")) {
                        nums.insert(n.clone(), a);
                    }
                }
                name @ (b"w:numFmt" | b"w:lvlText" | b"w:start") => {
                    if let (Some(a), Some(l), Some(v)) =
                        (&current_abstract, current_level, attr(&e, b"w:val"))
                    {
                        let level =
                            abstracts
                                .entry(a.clone())
                                .or_default()
                                .entry(l)
                                .or_insert(Level {
                                    start: 1,
                                    ..Level::default()
                                });
                        match name {
                            b"w:numFmt" => level.format = v,
                            b"w:lvlText" => level.text = v,
                            _ => level.start = v.parse().unwrap_or(1),
                        }
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.name().as_ref() == b"w:abstractNum" => current_abstract = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    nums.into_iter()
        .filter_map(|(num, abs)| abstracts.get(&abs).map(|l| (num, l.clone())))
        .collect()
}

/// A number as Roman numerals: 4 → "IV" (shared with `numbering`).
pub(super) fn roman(mut n: u32) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn format_counter(n: u32, format: &str) -> String {
    let letter = |base: u8| {
        let i = (n.max(1) - 1) % 26;
        ((base + i as u8) as char).to_string()
    };
    match format {
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "lowerLetter" => letter(b'a'),
        "upperLetter" => letter(b'A'),
        _ => n.to_string(),
    }
}

/// Writes out the mark of a numbered paragraph and advances the counters.
fn number_label(
    numbering: &Numbering,
    counters: &mut HashMap<String, Vec<u32>>,
    num: &str,
    ilvl: u32,
) -> Option<String> {
    let levels = numbering.get(num)?;
    let level = levels.get(&ilvl)?;
    if level.format == "bullet" || level.format == "none" {
        return Some(if level.format == "none" {
            String::new()
        } else {
            "-".into()
        });
    }
    let c = counters.entry(num.to_string()).or_default();
    let depth = ilvl as usize + 1;
    if c.len() < depth {
        for l in c.len()..depth {
            c.push(
                levels
                    .get(&(l as u32))
                    .map(|x| x.start.saturating_sub(1))
                    .unwrap_or(0),
            );
        }
        c[depth - 1] = level.start.saturating_sub(1);
    }
    c.truncate(depth);
    c[depth - 1] += 1;
    let mut text = level.text.clone();
    for (l, value) in c.iter().enumerate() {
        let fmt = levels
            .get(&(l as u32))
            .map(|x| x.format.as_str())
            .unwrap_or("decimal");
        text = text.replace(&format!("%{}", l + 1), &format_counter(*value, fmt));
    }
    Some(text)
}

/// The text of a .docx file.
pub fn text_of(bytes: &[u8]) -> Result<String, ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(format!("tệp không phải là tài liệu Word hợp lệ ({e})")))?;
    let document = read_part(&mut zip, "word/document.xml")?.ok_or_else(|| {
        bad("tệp nén không có word/document.xml: có thể là một tệp .zip khác bị đổi tên thành .docx")
    })?;
    let numbering = read_part(&mut zip, "word/numbering.xml")?
        .map(|x| parse_numbering(&x))
        .unwrap_or_default();
    let mut counters: HashMap<String, Vec<u32>> = HashMap::new();

    let mut out = String::new();
    let mut reader = Reader::from_str(&document);
    let mut para = String::new();
    let mut in_text = false;
    let (mut num_id, mut ilvl): (Option<String>, u32) = (None, 0);
    let mut table_depth = 0;
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    loop {
        let event = reader.read_event().map_err(|e| {
            bad(format!(
                "nội dung XML lỗi ở vị trí {} ({e})",
                reader.buffer_position()
            ))
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"w:p" => {
                    para.clear();
                    num_id = None;
                    ilvl = 0;
                }
                b"w:t" => in_text = true,
                b"w:tab" => para.push(' '),
                b"w:br" | b"w:cr" => para.push('\n'),
                b"w:numId" => num_id = attr(&e, b"w:val").filter(|v| v != "0"),
                b"w:ilvl" => ilvl = attr(&e, b"w:val").and_then(|v| v.parse().ok()).unwrap_or(0),
                b"w:tbl" => table_depth += 1,
                b"w:tr" => row.clear(),
                b"w:tc" => cell.clear(),
                _ => {}
            },
            Event::Text(t) if in_text => {
                para.push_str(
                    &t.unescape()
                        .map_err(|e| bad(format!("ký tự XML lỗi ({e})")))?,
                );
            }
            Event::End(e) => match e.name().as_ref() {
                b"w:t" => in_text = false,
                b"w:p" => {
                    let label = num_id
                        .as_deref()
                        .and_then(|n| number_label(&numbering, &mut counters, n, ilvl))
                        .filter(|l| !l.is_empty());
                    let text = match label {
                        Some(l) => format!("{l} {}", para.trim()),
                        None => para.trim().to_string(),
                    };
                    if table_depth > 0 {
                        if !cell.is_empty() {
                            cell.push(' ');
                        }
                        cell.push_str(&text);
                    } else if !text.is_empty() {
                        out.push_str(&text);
                        out.push_str("\n\n");
                    }
                }
                b"w:tc" => row.push(crate::vn::clean(&cell)),
                b"w:tr" => {
                    let line = row.join(" | ");
                    if !line.trim_matches([' ', '|']).is_empty() {
                        out.push_str(&line);
                        out.push_str("\n\n");
                    }
                }
                b"w:tbl" => table_depth -= 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(crate::vn::nfc(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_follow_levels_and_formats() {
        let xml = r#"<w:numbering xmlns:w="x">
          <w:abstractNum w:abstractNumId="1">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
            <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
            <w:lvl w:ilvl="3"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
          </w:abstractNum>
          <w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>
        </w:numbering>"#;
        let n = parse_numbering(xml);
        let mut c = HashMap::new();
        let seq: Vec<String> = [0, 1, 2, 2, 3, 1, 2, 0, 1]
            .iter()
            .map(|l| number_label(&n, &mut c, "7", *l).unwrap())
            .collect();
        assert_eq!(seq, ["I.", "1.", "a)", "b)", "-", "2.", "a)", "II.", "1."]);
    }

    #[test]
    fn a_renamed_zip_is_refused_by_name() {
        let mut buf = Vec::new();
        {
            let mut w = zip::ZipWriter::new(Cursor::new(&mut buf));
            w.start_file("anh.jpg", zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut w, b"not a picture").unwrap();
            w.finish().unwrap();
        }
        let e = text_of(&buf).unwrap_err().to_string();
        assert!(e.contains("word/document.xml"), "{e}");
        assert!(text_of(b"PK\x03\x04garbage")
            .unwrap_err()
            .to_string()
            .contains("không phải là tài liệu Word"));
    }
}
