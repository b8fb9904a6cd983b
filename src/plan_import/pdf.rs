//! A PDF of a plan from any document system → pages of placed words (its
//! text layer), for [`super::layout`].
//!
//! Pure: bytes in, words out. The text is taken with the `pdf-extract`
//! crate (fonts, encodings, ToUnicode maps); this module only places its
//! glyphs into words and bounds the work: the file is first read with the
//! bounded loader of the signature verifier, encrypted or code-running
//! files are refused, pages are counted, every stream is decompressed
//! within a budget before `pdf-extract` sees it, and a page it cannot read
//! (or panics on) is left to OCR instead of failing the whole file.

use super::layout::{Page, Word};
use super::ImportError;

/// A plan with its appendices is rarely over 60 pages.
pub const MAX_PAGES: usize = 150;
/// All the streams of the file decompressed together (content, fonts).
pub const MAX_DECOMPRESSED: usize = 64 * 1024 * 1024;
/// A page with fewer words than this is taken as a scanned page.
pub const MIN_WORDS_OF_TEXT_PAGE: usize = 8;

/// A PDF as read: each page's words, None where the page has no text
/// layer (a scan) or its text could not be read.
#[derive(Debug, Clone)]
pub struct PdfText {
    pub pages: Vec<Option<Page>>,
}

impl PdfText {
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }
    /// The pages (from 1) that need OCR.
    pub fn without_text(&self) -> Vec<u32> {
        (1..=self.pages.len() as u32)
            .filter(|n| self.pages[*n as usize - 1].is_none())
            .collect()
    }
}

fn bad(why: impl Into<String>) -> ImportError {
    ImportError::Pdf(why.into())
}

/// Checks a PDF and returns its page count, before any text is taken.
pub fn check(bytes: &[u8]) -> Result<usize, ImportError> {
    let doc = crate::verify::load(bytes)
        .map_err(|_| bad("tệp PDF bị hỏng hoặc không đúng định dạng PDF, không mở được"))?;
    if let Some(why) = crate::verify::code_or_lock(&doc) {
        return Err(bad(why));
    }
    let pages = doc.get_pages().len();
    if pages == 0 {
        return Err(bad("tệp PDF không có trang nào"));
    }
    if pages > MAX_PAGES {
        return Err(bad(format!(
            "tệp PDF có {pages} trang, quá {MAX_PAGES} trang mà phần mềm đọc cho một kế hoạch; hãy tách riêng phần kế hoạch"
        )));
    }
    let mut total = 0usize;
    for obj in doc.objects.values() {
        let lopdf::Object::Stream(s) = obj else {
            continue;
        };
        let image = s
            .dict
            .get(b"Subtype")
            .and_then(lopdf::Object::as_name)
            .is_ok_and(|n| n == b"Image");
        if image || s.dict.get(b"Filter").is_err() {
            continue;
        }
        let left = MAX_DECOMPRESSED.saturating_sub(total);
        match s.decompressed_content_with_limit(left.max(1)) {
            Ok(c) => total += c.len(),
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                return Err(bad(format!(
                    "nội dung tệp PDF giải nén ra quá {} MB: tệp bất thường",
                    MAX_DECOMPRESSED / 1024 / 1024
                )))
            }
            Err(_) => {}
        }
    }
    Ok(pages)
}

/// Collects a page's glyphs as words.
struct Collector {
    page: Page,
    top: f64,
    /// The word being built and where the next glyph would follow on.
    word: Option<Word>,
}

impl Collector {
    fn flush(&mut self) {
        if let Some(w) = self.word.take() {
            if !w.text.trim().is_empty() {
                self.page.words.push(w);
            }
        }
    }
}

impl pdf_extract::OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &pdf_extract::MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.page.width = media_box.urx - media_box.llx;
        self.page.height = media_box.ury - media_box.lly;
        self.top = media_box.ury;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.flush();
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size * scale).abs();
        if !size.is_finite() || size <= 0.0 {
            return Ok(());
        }
        let x = trm.m31;
        let y = self.top - trm.m32;
        let advance = (width * size).max(0.0);
        if char.chars().all(char::is_whitespace) {
            self.flush();
            return Ok(());
        }
        let mark = char
            .chars()
            .all(unicode_normalization::char::is_combining_mark);
        if let Some(w) = self.word.as_mut() {
            let same_line = (y - w.y).abs() <= 0.3 * size.max(w.size);
            let follows = x <= w.x1 + 0.12 * size && x >= w.x0 - 0.1 * size;
            if mark || (same_line && follows) {
                w.text.push_str(char);
                w.x1 = w.x1.max(x + advance);
                return Ok(());
            }
        }
        self.flush();
        self.word = Some(Word {
            x0: x,
            x1: x + advance,
            y,
            size,
            text: char.to_string(),
            confidence: None,
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

/// Reads the text layer of every page of a PDF (checked by [`check`]).
pub fn text_of(bytes: &[u8]) -> Result<PdfText, ImportError> {
    let count = check(bytes)?;
    let doc = pdf_extract::Document::load_mem(bytes)
        .map_err(|_| bad("tệp PDF bị hỏng, không đọc được nội dung"))?;
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut pages = Vec::with_capacity(count);
    for n in numbers.into_iter().take(count) {
        let mut c = Collector {
            page: Page::default(),
            top: 0.0,
            word: None,
        };
        // pdf-extract unwraps on some malformed pages: such a page is left
        // to OCR, the others are read.
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut c, n)
        }));
        c.flush();
        let ok = matches!(read, Ok(Ok(())));
        let words = c.page.words.len();
        pages.push((ok && words >= MIN_WORDS_OF_TEXT_PAGE).then_some(c.page));
    }
    Ok(PdfText { pages })
}
