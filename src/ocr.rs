//! Scans read offline: Tesseract with its Vietnamese model (Debian's
//! `tesseract-ocr`, `tesseract-ocr-vie`), run as a process; the pages of a
//! scanned PDF rendered by poppler's `pdftoppm`. Tesseract binarises the
//! page itself (Otsu) and finds the lines of a page turned by a few degrees.
//!
//! Not pure: runs programs in a temporary folder that is removed after.
//! The words come back with their boxes and confidence as
//! [`layout::Page`]s, laid out like a PDF's text layer.
//!
//! Bounds: an image over [`MAX_SIDE`] pixels a side or [`MAX_PIXELS`] in
//! all is refused before it is decoded; a scan of more than
//! [`MAX_SCAN_PAGES`] pages is refused; a PDF page is rendered at
//! [`DPI`] and cut to [`MAX_RENDER`] pixels; each program is stopped after
//! [`PAGE_SECONDS`] seconds.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use thiserror::Error;

use crate::plan_import::layout::{Page, Word};

pub const MAX_SIDE: usize = 12_000;
pub const MAX_PIXELS: usize = 60_000_000;
pub const MAX_SCAN_PAGES: usize = 60;
pub const DPI: u32 = 300;
/// Wider than A3 at 300 dpi (3,508 × 4,961).
pub const MAX_RENDER: (u32, u32) = (5_000, 7_100);
pub const PAGE_SECONDS: u64 = 120;

#[derive(Debug, Error)]
pub enum OcrError {
    #[error("Máy này chưa có bộ nhận dạng chữ tiếng Việt (Tesseract) nên chưa đọc được bản quét. Hãy nhờ cán bộ tin học cài gói tesseract-ocr và tesseract-ocr-vie, hoặc dùng bản có lớp chữ (PDF xuất từ Word, tệp .docx).")]
    Missing,
    #[error("Máy này chưa có bộ đọc trang PDF (poppler-utils) nên chưa đọc được bản quét dạng PDF. Hãy nhờ cán bộ tin học cài gói poppler-utils.")]
    NoRenderer,
    #[error("Ảnh quá lớn ({width} × {height} điểm ảnh, giới hạn {MAX_SIDE} điểm mỗi cạnh và {} triệu điểm): hãy quét lại ở 300 dpi.", MAX_PIXELS / 1_000_000)]
    TooLarge { width: usize, height: usize },
    #[error("Tệp không phải ảnh PNG, JPEG hay TIFF đọc được.")]
    NotImage,
    #[error("Bản quét có {0} trang, quá {MAX_SCAN_PAGES} trang đọc được một lần: hãy tách riêng phần kế hoạch.")]
    TooManyPages(usize),
    #[error("Trang {page} của bản quét đọc quá {PAGE_SECONDS} giây nên đã dừng: ảnh có thể quá lớn hoặc hỏng.")]
    Timeout { page: usize },
    #[error("Không nhận dạng được trang {page} của bản quét ({why}).")]
    Failed { page: usize, why: String },
}

/// Tesseract and its Vietnamese model are installed.
pub fn available() -> bool {
    Command::new("tesseract")
        .arg("--list-langs")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == "vie")
        })
}

/// Runs a program, stopped after [`PAGE_SECONDS`]; its standard output.
fn run(cmd: &mut Command, page: usize) -> Result<Vec<u8>, OcrError> {
    run_for(cmd, page, 1)
}

/// [`run`] for a program reading `pages` pages: [`PAGE_SECONDS`] each.
fn run_for(cmd: &mut Command, page: usize, pages: usize) -> Result<Vec<u8>, OcrError> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => OcrError::Missing,
            _ => OcrError::Failed {
                page,
                why: "không chạy được chương trình nhận dạng".into(),
            },
        })?;
    let mut out = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let mut err = child.stderr.take().expect("piped");
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().ok().flatten() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(PAGE_SECONDS * pages.max(1) as u64) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(OcrError::Timeout { page });
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    if !status.success() {
        let said = String::from_utf8_lossy(&stderr);
        return Err(OcrError::Failed {
            page,
            why: if said.contains("Failed loading language") {
                return Err(OcrError::Missing);
            } else {
                "ảnh không đọc được".into()
            },
        });
    }
    Ok(stdout)
}

/// Tesseract's TSV → its pages of words (a TIFF may hold several).
///
/// A scanned page is often turned by a degree or so: the words keep the
/// scan's coordinates turned back by the page's skew (the median slope of
/// its lines, each line's by the median of its words' pairwise slopes), and
/// every word of a line sits at the line's baseline, so the layout finds
/// the margins and columns of the straight page.
pub fn pages_of_tsv(tsv: &str) -> Vec<Page> {
    use std::collections::BTreeMap;
    struct Raw {
        left: f64,
        width: f64,
        bottom: f64,
        height: f64,
        conf: f64,
        text: String,
    }
    let mut sizes: Vec<(f64, f64)> = Vec::new();
    // (page, block, par, line) → its words, in reading order.
    let mut lines: BTreeMap<(usize, u32, u32, u32), Vec<Raw>> = BTreeMap::new();
    for row in tsv.lines().skip(1) {
        let c: Vec<&str> = row.split('\t').collect();
        if c.len() < 12 {
            continue;
        }
        let n = |i: usize| c[i].trim().parse::<f64>().unwrap_or(0.0);
        let page = (n(1) as usize).clamp(1, MAX_SCAN_PAGES);
        if sizes.len() < page {
            sizes.resize(page, (0.0, 0.0));
        }
        match c[0] {
            "1" => sizes[page - 1] = (n(8), n(9)),
            "5" if !c[11].trim().is_empty() => lines
                .entry((page, n(2) as u32, n(3) as u32, n(4) as u32))
                .or_default()
                .push(Raw {
                    left: n(6),
                    width: n(8),
                    bottom: n(7) + n(9),
                    height: n(9),
                    conf: n(10),
                    text: c[11].to_string(),
                }),
            _ => {}
        }
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied()
    };
    let mut pages: Vec<Page> = sizes
        .iter()
        .map(|(w, h)| Page {
            width: *w,
            height: *h,
            words: Vec::new(),
        })
        .collect();
    for (n, page) in pages.iter_mut().enumerate() {
        let mine: Vec<&Vec<Raw>> = lines
            .iter()
            .filter(|((p, ..), _)| *p == n + 1)
            .map(|(_, l)| l)
            .collect();
        let slope = median(
            mine.iter()
                .filter(|l| l.len() >= 4)
                .filter_map(|l| {
                    let mut pairs = Vec::new();
                    for (i, a) in l.iter().enumerate() {
                        for b in &l[i + 1..] {
                            let dx = (b.left + b.width / 2.0) - (a.left + a.width / 2.0);
                            if dx.abs() > 1.0 {
                                pairs.push((b.bottom - a.bottom) / dx);
                            }
                        }
                    }
                    median(pairs)
                })
                .collect(),
        )
        .filter(|s| s.abs() < 0.09)
        .unwrap_or(0.0);
        for line in mine {
            let turned = |x: f64, y: f64| (x + slope * y, y - slope * x);
            let base = median(
                line.iter()
                    .map(|w| turned(w.left + w.width / 2.0, w.bottom).1)
                    .collect(),
            )
            .unwrap_or(0.0);
            // A word's box is about four fifths of the font's size (the
            // median word has no stacked marks and no descender).
            let size = median(line.iter().map(|w| w.height).collect()).unwrap_or(1.0) * 1.25;
            for (i, w) in line.iter().enumerate() {
                let (x0, _) = turned(w.left, w.bottom);
                let text = if i == 0 {
                    roman_read(&w.text)
                } else {
                    w.text.clone()
                };
                page.words.push(Word {
                    x0,
                    x1: x0 + w.width,
                    y: base,
                    size: size.max(1.0),
                    text,
                    confidence: Some(w.conf.clamp(0.0, 100.0) as u8),
                });
            }
        }
        // A word's box is as tall as its marks stack (ệ, ố), not its font
        // size: one size for the page, so lines of one paragraph match.
        if let Some(size) = median(page.words.iter().map(|w| w.size).collect()) {
            for w in &mut page.words {
                w.size = size;
            }
        }
    }
    pages
}

/// A heading's Roman number as OCR often misreads it at the start of a
/// line: "HI." for "III.", "Il." for "II.", "|V." for "IV.".
fn roman_read(word: &str) -> String {
    let Some(body) = word.strip_suffix('.') else {
        return word.to_string();
    };
    let odd = body.chars().any(|c| matches!(c, 'H' | 'l' | '|' | '1'));
    let roman = !body.is_empty()
        && body
            .chars()
            .all(|c| matches!(c, 'I' | 'H' | 'l' | '|' | '1' | 'V' | 'X'));
    if !(odd && roman) || body.chars().all(|c| c == '1') {
        return word.to_string();
    }
    let fixed: String = body
        .chars()
        .map(|c| match c {
            'H' => "II",
            'l' | '|' | '1' => "I",
            'V' => "V",
            'X' => "X",
            _ => "I",
        })
        .collect();
    format!("{fixed}.")
}

fn tesseract(image: &Path, page: usize, pages: usize) -> Result<Vec<Page>, OcrError> {
    let out = run_for(
        Command::new("tesseract")
            .arg(image)
            .arg("stdout")
            // A page as one column of text of varying sizes: the automatic
            // segmentation (3) misread the short bold "Số: 38/KH-UBND" of a
            // header and nothing else read better (docs/plan-import.md);
            // the layout finds the columns from the words' boxes itself.
            .args(["-l", "vie", "--psm", "4", "tsv"])
            .env("OMP_THREAD_LIMIT", "1"),
        page,
        pages,
    )?;
    Ok(pages_of_tsv(&String::from_utf8_lossy(&out)))
}

/// The last scans read, by their bytes: the review reads a file again for
/// every correction, and OCR takes seconds a page.
type Scanned = Arc<Vec<Page>>;
static LAST: Mutex<Vec<([u8; 32], Scanned)>> = Mutex::new(Vec::new());

fn cached(
    bytes: &[u8],
    pages: &[u32],
    read: impl FnOnce() -> Result<Vec<Page>, OcrError>,
) -> Result<Arc<Vec<Page>>, OcrError> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(bytes);
    for p in pages {
        h.update(p.to_le_bytes());
    }
    let key: [u8; 32] = h.finalize().into();
    if let Some((_, hit)) = LAST
        .lock()
        .ok()
        .and_then(|l| l.iter().find(|(k, _)| *k == key).cloned())
    {
        return Ok(hit);
    }
    let got = Arc::new(read()?);
    if let Ok(mut l) = LAST.lock() {
        l.retain(|(k, _)| *k != key);
        l.push((key, got.clone()));
        if l.len() > 2 {
            l.remove(0);
        }
    }
    Ok(got)
}

/// What a progress report says: page `done` of `pages` is read.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// Reads a scanned image (PNG, JPEG, TIFF; a TIFF of several pages too).
pub fn read_image(bytes: &[u8], progress: Progress) -> Result<Arc<Vec<Page>>, OcrError> {
    let sizes = if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        tiff_sizes(bytes)?
    } else {
        let size = imagesize::blob_size(bytes).map_err(|_| OcrError::NotImage)?;
        vec![(size.width, size.height)]
    };
    if sizes.len() > MAX_SCAN_PAGES {
        return Err(OcrError::TooManyPages(sizes.len()));
    }
    for &(width, height) in &sizes {
        if width > MAX_SIDE || height > MAX_SIDE || width.saturating_mul(height) > MAX_PIXELS {
            return Err(OcrError::TooLarge { width, height });
        }
    }
    let count = sizes.len();
    cached(bytes, &[], || {
        if !available() {
            return Err(OcrError::Missing);
        }
        let dir = tempfile::tempdir().map_err(|_| failed(1))?;
        let path = dir.path().join("scan");
        std::fs::write(&path, bytes).map_err(|_| failed(1))?;
        // Tesseract reads every page of a TIFF in one run.
        progress(0, count);
        let pages = tesseract(&path, 1, count)?;
        progress(count, count);
        Ok(pages)
    })
}

/// The size of each page of a TIFF, from its directories (no pixel
/// decoded); more than [`MAX_SCAN_PAGES`] are not walked.
fn tiff_sizes(bytes: &[u8]) -> Result<Vec<(usize, usize)>, OcrError> {
    let mut d =
        tiff::decoder::Decoder::new(std::io::Cursor::new(bytes)).map_err(|_| OcrError::NotImage)?;
    let mut sizes = Vec::new();
    loop {
        let (w, h) = d.dimensions().map_err(|_| OcrError::NotImage)?;
        sizes.push((w as usize, h as usize));
        if !d.more_images() || sizes.len() > MAX_SCAN_PAGES {
            return Ok(sizes);
        }
        d.next_image().map_err(|_| OcrError::NotImage)?;
    }
}

fn failed(page: usize) -> OcrError {
    OcrError::Failed {
        page,
        why: "không ghi được tệp tạm".into(),
    }
}

/// Reads the pages `pages` (from 1) of a scanned PDF: each rendered at
/// [`DPI`], then read by Tesseract.
pub fn read_pdf_pages(
    bytes: &[u8],
    pages: &[u32],
    progress: Progress,
) -> Result<Arc<Vec<Page>>, OcrError> {
    if pages.len() > MAX_SCAN_PAGES {
        return Err(OcrError::TooManyPages(pages.len()));
    }
    cached(bytes, pages, || {
        if !available() {
            return Err(OcrError::Missing);
        }
        let dir = tempfile::tempdir().map_err(|_| failed(1))?;
        let pdf = dir.path().join("scan.pdf");
        std::fs::write(&pdf, bytes).map_err(|_| failed(1))?;
        let mut out = Vec::with_capacity(pages.len());
        for (i, n) in pages.iter().enumerate() {
            progress(i, pages.len());
            let stem = dir.path().join(format!("p{n}"));
            let page = *n as usize;
            let rendered = run(
                Command::new("pdftoppm")
                    // PGM: a noisy scan takes seconds to compress as PNG.
                    .args(["-r", &DPI.to_string(), "-gray", "-singlefile"])
                    .args(["-f", &n.to_string(), "-l", &n.to_string()])
                    .args(["-x", "0", "-y", "0"])
                    .args(["-W", &MAX_RENDER.0.to_string()])
                    .args(["-H", &MAX_RENDER.1.to_string()])
                    .arg(&pdf)
                    .arg(&stem),
                page,
            );
            match rendered {
                Err(OcrError::Missing) => return Err(OcrError::NoRenderer),
                Err(e) => return Err(e),
                Ok(_) => {}
            }
            let pgm = stem.with_extension("pgm");
            out.push(
                tesseract(&pgm, page, 1)?
                    .into_iter()
                    .next()
                    .unwrap_or_default(),
            );
            let _ = std::fs::remove_file(pgm);
        }
        progress(pages.len(), pages.len());
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_turned_scan_is_straightened_and_a_misread_numeral_mended() {
        // Two lines of a page turned so that each word sits 2 px lower per
        // 100 px to the right.
        let mut tsv = String::from("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n");
        tsv.push_str("1\t1\t0\t0\t0\t0\t0\t0\t2000\t3000\t-1\t\n");
        for (line, top) in [(1, 500.0), (2, 600.0)] {
            for (i, word) in ["HI.", "NỘI", "DUNG", "THỰC", "HIỆN"].iter().enumerate() {
                let left = 200.0 + 300.0 * i as f64;
                let t = top + 0.02 * left;
                tsv.push_str(&format!(
                    "5\t1\t1\t1\t{line}\t{}\t{left}\t{t}\t200\t50\t91\t{word}\n",
                    i + 1
                ));
            }
        }
        let pages = pages_of_tsv(&tsv);
        let words = &pages[0].words;
        assert_eq!(words.len(), 10);
        assert_eq!(words[0].text, "III.");
        assert_eq!(words[1].text, "NỘI");
        let first: Vec<f64> = words[..5].iter().map(|w| w.y).collect();
        assert!(
            first.iter().all(|y| (y - first[0]).abs() < 0.01),
            "{first:?}"
        );
        // The lines' left ends line up once turned back.
        assert!((words[0].x0 - words[5].x0).abs() < 3.0);
        assert_eq!(roman_read("Il."), "II.");
        assert_eq!(roman_read("1."), "1.");
        assert_eq!(roman_read("IV."), "IV.");
    }
}
