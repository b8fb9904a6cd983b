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
        if started.elapsed() > Duration::from_secs(PAGE_SECONDS) {
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

/// Tesseract's TSV → its pages of words (a TIFF may hold several), each
/// word at its line's bottom.
pub fn pages_of_tsv(tsv: &str) -> Vec<Page> {
    use std::collections::HashMap;
    let mut pages: Vec<Page> = Vec::new();
    // (page, block, par, line) → the line's bottom and height.
    let mut lines: HashMap<(usize, u32, u32, u32), (f64, f64)> = HashMap::new();
    let mut words = Vec::new();
    for row in tsv.lines().skip(1) {
        let c: Vec<&str> = row.split('\t').collect();
        if c.len() < 12 {
            continue;
        }
        let n = |i: usize| c[i].trim().parse::<f64>().unwrap_or(0.0);
        let page = (n(1) as usize).clamp(1, MAX_SCAN_PAGES);
        let key = (page, n(2) as u32, n(3) as u32, n(4) as u32);
        if pages.len() < page {
            pages.resize_with(page, Page::default);
        }
        match c[0] {
            "1" => {
                pages[page - 1].width = n(8);
                pages[page - 1].height = n(9);
            }
            "4" => {
                lines.insert(key, (n(7) + n(9), n(9)));
            }
            "5" if !c[11].trim().is_empty() => {
                words.push((key, n(6), n(8), n(10), c[11].to_string()));
            }
            _ => {}
        }
    }
    for (key, left, width, conf, text) in words {
        let (bottom, height) = lines.get(&key).copied().unwrap_or((0.0, 1.0));
        pages[key.0 - 1].words.push(Word {
            x0: left,
            x1: left + width,
            y: bottom,
            size: (height * 0.8).max(1.0),
            text,
            confidence: Some(conf.clamp(0.0, 100.0) as u8),
        });
    }
    pages
}

fn tesseract(image: &Path, page: usize) -> Result<Vec<Page>, OcrError> {
    let out = run(
        Command::new("tesseract")
            .arg(image)
            .arg("stdout")
            .args(["-l", "vie", "--psm", "3", "tsv"])
            .env("OMP_THREAD_LIMIT", "1"),
        page,
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
    let size = imagesize::blob_size(bytes).map_err(|_| OcrError::NotImage)?;
    if size.width > MAX_SIDE
        || size.height > MAX_SIDE
        || size.width.saturating_mul(size.height) > MAX_PIXELS
    {
        return Err(OcrError::TooLarge {
            width: size.width,
            height: size.height,
        });
    }
    cached(bytes, &[], || {
        if !available() {
            return Err(OcrError::Missing);
        }
        let dir = tempfile::tempdir().map_err(|_| failed(1))?;
        let path = dir.path().join("scan");
        std::fs::write(&path, bytes).map_err(|_| failed(1))?;
        progress(0, 1);
        let pages = tesseract(&path, 1)?;
        progress(1, 1);
        Ok(pages)
    })
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
                    .args(["-r", &DPI.to_string(), "-gray", "-png", "-singlefile"])
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
            let png = stem.with_extension("png");
            out.push(
                tesseract(&png, page)?
                    .into_iter()
                    .next()
                    .unwrap_or_default(),
            );
            let _ = std::fs::remove_file(png);
        }
        progress(pages.len(), pages.len());
        Ok(out)
    })
}
