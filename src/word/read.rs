//! A report's .docx read back after a leader edited it: the text of each
//! section I–V (tracked insertions taken, deletions dropped, as if every
//! change were accepted), what changed line by line, and the parts kehoach
//! does not take from Word (the header, the signature block, the Phụ lục)
//! said when they were edited. Pure.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use serde::Serialize;

use super::WordError;
use crate::model::Report;

/// Everything in `word/document.xml` may unpack to at most this.
const MAX_UNPACKED: u64 = 32 << 20;

#[derive(Debug, Clone, PartialEq)]
enum Block {
    Para(String),
    Table(Vec<String>),
}

fn document_xml(bytes: &[u8]) -> Result<String, WordError> {
    if !bytes.starts_with(b"PK") {
        return Err(WordError::NotDocx);
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| WordError::Damaged)?;
    let mut part = zip
        .by_name("word/document.xml")
        .map_err(|_| WordError::NotDocx)?;
    let mut xml = Vec::new();
    (&mut part)
        .take(MAX_UNPACKED + 1)
        .read_to_end(&mut xml)
        .map_err(|_| WordError::Damaged)?;
    if xml.len() as u64 > MAX_UNPACKED {
        return Err(WordError::Unpacked {
            limit: MAX_UNPACKED >> 20,
        });
    }
    String::from_utf8(xml).map_err(|_| WordError::Damaged)
}

/// The body as paragraphs and tables (a table as its paragraphs' texts),
/// in order.
fn blocks(xml: &str) -> Result<Vec<Block>, WordError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut tables = 0usize;
    let mut table: Vec<String> = Vec::new();
    let mut para: Option<String> = None;
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(|_| WordError::Damaged)? {
            Event::Start(e) => match e.name().as_ref() {
                b"w:tbl" => tables += 1,
                b"w:p" => para = Some(String::new()),
                b"w:t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match (e.name().as_ref(), para.as_mut()) {
                (b"w:br" | b"w:cr", Some(p)) => p.push('\n'),
                (b"w:tab", Some(p)) => p.push('\t'),
                (b"w:p", None) => {
                    if tables > 0 {
                        table.push(String::new());
                    } else {
                        out.push(Block::Para(String::new()));
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(p) = para.as_mut() {
                    let text = t.unescape().map_err(|_| WordError::Damaged)?;
                    p.push_str(&text);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"w:t" => in_text = false,
                b"w:p" => {
                    let text = crate::vn::nfc(&para.take().unwrap_or_default());
                    if tables > 0 {
                        table.push(text);
                    } else {
                        out.push(Block::Para(text));
                    }
                }
                b"w:tbl" => {
                    tables = tables.saturating_sub(1);
                    if tables == 0 {
                        out.push(Block::Table(std::mem::take(&mut table)));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// One section as the edited file has it, against the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionChange {
    pub code: String,
    pub heading: String,
    /// Lines the leader removed or rewrote (as they were).
    pub removed: Vec<String>,
    /// Lines the leader wrote or rewrote (as they are now).
    pub added: Vec<String>,
    /// The section's new text.
    pub text: String,
}

/// What an edited file changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocxEdit {
    pub changes: Vec<SectionChange>,
    /// Parts edited in Word that kehoach does not take from it, by name.
    pub ignored: Vec<String>,
}

/// Where each section's heading is among the body's blocks.
fn headings(blocks: &[Block], r: &Report) -> Result<Vec<usize>, WordError> {
    let mut at = Vec::new();
    let mut from = 0;
    let mut missing = Vec::new();
    for s in &r.sections {
        let prefix = format!("{}.", s.code);
        let found = blocks[from..].iter().position(|b| {
            matches!(b, Block::Para(t) if t.trim_start().strip_prefix(&prefix)
                .is_some_and(|rest| rest.starts_with(char::is_whitespace)))
        });
        match found {
            Some(i) => {
                at.push(from + i);
                from += i + 1;
            }
            None => missing.push(s.code.clone()),
        }
    }
    if !missing.is_empty() {
        return Err(WordError::SectionsMissing {
            missing: missing.join(", "),
        });
    }
    Ok(at)
}

fn normal(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .flat_map(|b| match b {
            Block::Para(t) => vec![t.clone()],
            Block::Table(cells) => cells.clone(),
        })
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The lines of section `k`: body paragraphs after its heading, up to the
/// next heading (or, for the last, the signature table).
fn section_body(blocks: &[Block], at: &[usize], k: usize) -> Vec<String> {
    let end = at.get(k + 1).copied().unwrap_or(blocks.len());
    blocks[at[k] + 1..end]
        .iter()
        .take_while(|b| matches!(b, Block::Para(_)))
        .filter_map(|b| match b {
            Block::Para(t) => Some(t.split('\n').map(str::trim).collect::<Vec<_>>()),
            Block::Table(_) => None,
        })
        .flatten()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The end of the sections: the first table after the last heading.
fn tail_start(blocks: &[Block], at: &[usize]) -> usize {
    let last = at.last().copied().unwrap_or(0);
    blocks[last..]
        .iter()
        .position(|b| matches!(b, Block::Table(_)))
        .map_or(blocks.len(), |i| last + i)
}

/// The section's new text: the lines joined as the old text joined them
/// where two lines stay neighbours, else by a line break.
fn rebuild(old: &str, lines: &[String]) -> String {
    let old_lines = super::section_lines(old);
    let mut seps: std::collections::HashMap<(&str, &str), &str> = Default::default();
    let mut rest = old;
    let mut prev: Option<&str> = None;
    for l in &old_lines {
        if let Some(i) = rest.find(l) {
            if let Some(p) = prev {
                let gap = &rest[..i];
                seps.insert((p, l), if gap.contains("\n\n") { "\n\n" } else { "\n" });
            }
            rest = &rest[i + l.len()..];
        }
        prev = Some(l);
    }
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            let key = (lines[i - 1].as_str(), l.as_str());
            out.push_str(seps.get(&key).copied().unwrap_or("\n"));
        }
        out.push_str(l);
    }
    out
}

/// Reads `bytes`, the report `r` edited in Word (`written` is the .docx
/// kehoach wrote of `r`, to tell what else was edited).
pub fn read_edit(bytes: &[u8], r: &Report, written: &[u8]) -> Result<DocxEdit, WordError> {
    let edited = blocks(&document_xml(bytes)?)?;
    let ours = blocks(&document_xml(written)?)?;
    let at = headings(&edited, r)?;
    let our_at = headings(&ours, r)?;
    let mut changes = Vec::new();
    for (k, s) in r.sections.iter().enumerate() {
        let lines = section_body(&edited, &at, k);
        let old: Vec<String> = super::section_lines(&s.text)
            .into_iter()
            .map(str::to_string)
            .collect();
        if lines == old {
            continue;
        }
        let diff = similar::TextDiff::configure().diff_slices(
            &old.iter().map(String::as_str).collect::<Vec<_>>(),
            &lines.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        let (mut removed, mut added) = (Vec::new(), Vec::new());
        for change in diff.iter_all_changes() {
            match change.tag() {
                similar::ChangeTag::Delete => removed.push(change.value().to_string()),
                similar::ChangeTag::Insert => added.push(change.value().to_string()),
                similar::ChangeTag::Equal => {}
            }
        }
        changes.push(SectionChange {
            code: s.code.clone(),
            heading: s.heading.clone(),
            removed,
            added,
            text: rebuild(&s.text, &lines),
        });
    }
    let mut ignored = Vec::new();
    if normal(&edited[..at[0]]) != normal(&ours[..our_at[0]]) {
        ignored.push("phần đầu (cơ quan ban hành, số, ngày, tên báo cáo, nơi gửi)".to_string());
    }
    let (tail, our_tail) = (tail_start(&edited, &at), tail_start(&ours, &our_at));
    let heading_edited = at
        .iter()
        .zip(&our_at)
        .any(|(a, b)| normal(&edited[*a..=*a]) != normal(&ours[*b..=*b]));
    if heading_edited {
        ignored.push("đề mục các phần I–V".to_string());
    }
    let sig = |b: &[Block], from: usize| normal(&b[from..(from + 1).min(b.len())]);
    if sig(&edited, tail) != sig(&ours, our_tail) {
        ignored.push("nơi nhận và phần chữ ký".to_string());
    }
    let rest = |b: &[Block], from: usize| normal(&b[(from + 1).min(b.len())..]);
    if rest(&edited, tail) != rest(&ours, our_tail) {
        ignored.push("Phụ lục chỉ tiêu (số liệu lấy từ phần nhập chỉ tiêu)".to_string());
    }
    Ok(DocxEdit { changes, ignored })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_that_stay_neighbours_keep_their_old_separator() {
        let old = "1. Ưu điểm\nĐã làm.\n\n2. Tồn tại\n- Một;\n- Hai.";
        let lines: Vec<String> = [
            "1. Ưu điểm",
            "Đã làm tốt.",
            "2. Tồn tại",
            "- Một;",
            "- Hai.",
            "- Ba.",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            rebuild(old, &lines),
            "1. Ưu điểm\nĐã làm tốt.\n2. Tồn tại\n- Một;\n- Hai.\n- Ba."
        );
        let same: Vec<String> = super::super::section_lines(old)
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(rebuild(old, &same), old);
    }

    #[test]
    fn tracked_insertions_are_taken_and_deletions_dropped() {
        let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Giữ </w:t></w:r><w:del><w:r><w:delText>bỏ </w:delText></w:r></w:del><w:ins><w:r><w:t>thêm</w:t></w:r></w:ins></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>ô</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
        assert_eq!(
            blocks(xml).unwrap(),
            vec![
                Block::Para("Giữ thêm".into()),
                Block::Table(vec!["ô".into()])
            ]
        );
    }
}
