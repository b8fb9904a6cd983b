//! Words placed on pages (a PDF's text layer, or what OCR read from a scan)
//! → the plan's text, one paragraph a line, and where each came from.
//!
//! Pure: pages of positioned words come in; text, the page and line of
//! every paragraph, and the words OCR was unsure of come out. The same text
//! importer then reads it as it reads a text file.
//!
//! What it does, in order, on each page: words on one baseline make a line;
//! a line's words far apart make segments (table cells, the two columns of
//! the header and of the signature block); page numbers and the running
//! header or footer repeated on several pages are dropped; a run of lines
//! in two columns (the header table "ỦY BAN NHÂN DÂN | CỘNG HÒA …", the
//! "Nơi nhận | TM. ỦY BAN NHÂN DÂN" block) is written column by column;
//! lines of one paragraph are joined (a full line followed by one at the
//! left margin, across pages too), a word broken by a hyphen at the end of
//! a line is joined back; other multi-segment lines are table rows with
//! their cells separated by " | ", as the .docx reader writes them.
//!
//! The text has a paragraph a line, as a text copied from a web page has,
//! and a blank line around each column block (as between table cells): the
//! importer then joins and splits what it reads exactly as for a text.

/// A word as placed on its page: x grows to the right, y downwards, in
/// any unit as long as one page uses one.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub x0: f64,
    pub x1: f64,
    /// The baseline (or the bottom of the word's box).
    pub y: f64,
    /// The font size (or the height of a line of text).
    pub size: f64,
    pub text: String,
    /// How sure OCR was of the word (0–100); None for a text layer.
    pub confidence: Option<u8>,
}

/// One page's words, in any order.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub words: Vec<Word>,
}

/// Where a paragraph of the laid-out text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Place {
    /// Byte offset of the paragraph in the text.
    pub at: usize,
    /// From 1.
    pub page: u32,
    /// The line of the page the paragraph starts on, from 1 (page numbers
    /// and running headers not counted).
    pub line: u32,
}

/// A word OCR was unsure of, where it is in the text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Doubt {
    pub at: usize,
    pub len: usize,
    pub confidence: u8,
}

/// Below this, OCR's word is marked for the officer to check.
pub const DOUBTFUL_BELOW: u8 = 80;

#[derive(Debug, Clone, Default)]
pub struct Laid {
    pub text: String,
    /// Sorted by `at`.
    pub places: Vec<Place>,
    pub doubts: Vec<Doubt>,
    /// Characters read, and those read with a doubtful word (OCR only).
    pub words: usize,
    pub doubtful_words: usize,
    /// The page of each line OCR could not read (its words' median
    /// confidence under [`UNREADABLE_BELOW`]): left out of the text, said.
    pub unreadable: Vec<u32>,
}

/// A line of OCR whose words are this unsure is noise or a smudge, not text.
pub const UNREADABLE_BELOW: u8 = 50;

/// OCR's line that is not text: most of its words read with low confidence.
fn unreadable(l: &Line) -> bool {
    let words: Vec<&Word> = l.segments.iter().flat_map(|s| &s.words).collect();
    let mut c: Vec<u8> = words.iter().filter_map(|w| w.confidence).collect();
    if c.is_empty() || c.len() < words.len() {
        return false;
    }
    c.sort();
    c[c.len() / 2] < UNREADABLE_BELOW
}

impl Laid {
    /// The page and line the byte offset `at` of the text came from.
    pub fn place_of(&self, at: usize) -> Option<Place> {
        place_in(&self.places, at)
    }

    /// Writes each mend's mark for what was read (sorted by `at`, not
    /// overlapping), moving the places and doubts after it; a mended mark
    /// is doubtful (confidence 0) in place of what OCR said of it.
    pub fn mend(&mut self, mends: &[super::numbering::Mend]) {
        if mends.is_empty() {
            return;
        }
        let shift = |at: usize| -> isize {
            mends
                .iter()
                .take_while(|m| m.at < at)
                .map(|m| m.meant.len() as isize - m.len as isize)
                .sum()
        };
        let moved = |at: usize| (at as isize + shift(at)) as usize;
        let mut text = String::with_capacity(self.text.len());
        let mut from = 0;
        for m in mends {
            text.push_str(&self.text[from..m.at]);
            text.push_str(&m.meant);
            from = m.at + m.len;
        }
        text.push_str(&self.text[from..]);
        for p in &mut self.places {
            p.at = moved(p.at);
        }
        let inside = |d: &Doubt| {
            mends
                .iter()
                .any(|m| d.at < m.at + m.len && m.at < d.at + d.len)
        };
        let mut doubts: Vec<Doubt> = self
            .doubts
            .iter()
            .filter(|d| !inside(d))
            .map(|d| Doubt {
                at: moved(d.at),
                ..d.clone()
            })
            .collect();
        doubts.extend(mends.iter().map(|m| Doubt {
            at: moved(m.at),
            len: m.meant.len(),
            confidence: 0,
        }));
        doubts.sort_by_key(|d| d.at);
        self.text = text;
        self.doubts = doubts;
    }
}

/// The place (of `places`, sorted) the byte offset `at` of the text is in.
pub fn place_in(places: &[Place], at: usize) -> Option<Place> {
    let i = places.partition_point(|p| p.at <= at);
    i.checked_sub(1).map(|i| places[i])
}

/// A segment of a line: words close together.
#[derive(Debug, Clone)]
struct Segment {
    x0: f64,
    x1: f64,
    words: Vec<Word>,
}

#[derive(Debug, Clone)]
struct Line {
    y: f64,
    size: f64,
    segments: Vec<Segment>,
    /// From 1 on its page, counting kept lines.
    number: u32,
}

impl Line {
    fn x0(&self) -> f64 {
        self.segments.first().map_or(0.0, |s| s.x0)
    }
    fn x1(&self) -> f64 {
        self.segments.last().map_or(0.0, |s| s.x1)
    }
    fn text(&self) -> String {
        self.segments
            .iter()
            .map(segment_text)
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

fn segment_text(s: &Segment) -> String {
    s.words
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Words on one baseline make a line; far apart, they make segments.
fn lines_of(page: &Page) -> Vec<Line> {
    let mut words: Vec<&Word> = page
        .words
        .iter()
        .filter(|w| !w.text.trim().is_empty() && w.size > 0.0 && w.x1 >= w.x0)
        .collect();
    words.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut groups: Vec<Vec<&Word>> = Vec::new();
    for w in words {
        match groups.last_mut() {
            Some(g) if (w.y - g[0].y).abs() <= 0.45 * g[0].size.max(w.size) => g.push(w),
            _ => groups.push(vec![w]),
        }
    }
    groups
        .into_iter()
        .map(|mut g| {
            g.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let size = median(g.iter().map(|w| w.size).collect());
            let y = median(g.iter().map(|w| w.y).collect());
            let mut segments: Vec<Segment> = Vec::new();
            for w in g {
                match segments.last_mut() {
                    Some(s) if w.x0 - s.x1 <= 2.2 * size => {
                        s.x1 = s.x1.max(w.x1);
                        s.words.push(w.clone());
                    }
                    _ => segments.push(Segment {
                        x0: w.x0,
                        x1: w.x1,
                        words: vec![w.clone()],
                    }),
                }
            }
            Line {
                y,
                size,
                segments,
                number: 0,
            }
        })
        .collect()
}

/// "3", "- 3 -", "Trang 3", "3/12", "Trang 3/12".
fn is_page_number(text: &str) -> bool {
    let t = crate::vn::fold(text);
    let t = t.trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let t = t.strip_prefix("trang").map_or(t, str::trim);
    let mut parts = t.splitn(2, '/');
    let n = parts.next().unwrap_or("").trim();
    let total = parts.next().map(str::trim);
    !n.is_empty()
        && n.len() <= 3
        && n.chars().all(|c| c.is_ascii_digit())
        && total
            .is_none_or(|t| !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit()))
}

/// A running line's shape: its text with the digits taken out.
fn running_key(text: &str) -> String {
    crate::vn::fold(text)
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Within the top or bottom band of its page.
fn in_band(line: &Line, height: f64) -> bool {
    height > 0.0 && (line.y < 0.12 * height || line.y > 0.88 * height)
}

/// Drops page numbers and the header or footer repeated on pages.
fn drop_running(pages: &mut [(f64, Vec<Line>)]) {
    use std::collections::HashMap;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (height, lines) in pages.iter() {
        let mut here: Vec<String> = lines
            .iter()
            .filter(|l| in_band(l, *height))
            .map(|l| running_key(&l.text()))
            .filter(|k| !k.is_empty())
            .collect();
        here.sort();
        here.dedup();
        for k in here {
            *seen.entry(k).or_default() += 1;
        }
    }
    let count = pages.len();
    let many = count >= 3;
    for (height, lines) in pages.iter_mut() {
        lines.retain(|l| {
            if !in_band(l, *height) {
                return true;
            }
            let text = l.text();
            if is_page_number(&text) {
                return false;
            }
            let key = running_key(&text);
            !(many && !key.is_empty() && seen.get(&key).copied().unwrap_or(0) * 2 > count)
        });
        for (i, l) in lines.iter_mut().enumerate() {
            l.number = i as u32 + 1;
        }
    }
}

/// What a laid-out page is made of: single lines and two-column runs.
enum Block {
    Line(Line),
    Columns { left: Vec<Line>, right: Vec<Line> },
}

/// The gap between a two-segment line's columns, if it has two columns.
fn column_gap(l: &Line) -> Option<(f64, f64)> {
    (l.segments.len() == 2).then(|| (l.segments[0].x1, l.segments[1].x0))
}

/// A line fits a column layout whose gap is (lo, hi) when no segment
/// crosses the gap.
/// (lo, hi) is the room between the left column's widest line and the
/// right column's leftmost start: a segment of the left column ends before
/// `hi`, one of the right column starts after `lo`.
fn fits(l: &Line, (lo, hi): (f64, f64)) -> bool {
    l.segments.len() <= 2 && l.segments.iter().all(|s| s.x1 <= hi || s.x0 >= lo)
}

/// `l` joins the run its neighbour `by` is in: it fits the gap and is near
/// (a line of one column only when close, so a title after a blank line is
/// not taken into the header).
fn joins(l: &Line, by: &Line, gap: (f64, f64)) -> bool {
    let reach = if l.segments.len() == 2 { 3.5 } else { 2.0 };
    let gap = match column_gap(l) {
        Some((lo, hi)) => (gap.0.max(lo), gap.1.min(hi)),
        None => gap,
    };
    gap.1 - gap.0 >= l.size && fits(l, gap) && (l.y - by.y).abs() < reach * l.size.max(by.size)
}

fn split_columns(l: Line, hi: f64) -> (Option<Line>, Option<Line>) {
    let (a, b): (Vec<Segment>, Vec<Segment>) = l.segments.into_iter().partition(|s| s.x1 <= hi);
    let mk = |segments: Vec<Segment>| {
        (!segments.is_empty()).then_some(Line {
            y: l.y,
            size: l.size,
            segments,
            number: l.number,
        })
    };
    (mk(a), mk(b))
}

/// Finds the two-column runs of a page: a run grows from a line with two
/// segments over the lines next to it that fit its gap.
fn blocks_of(lines: Vec<Line>) -> Vec<Block> {
    let n = lines.len();
    let mut run_of: Vec<Option<usize>> = vec![None; n];
    let mut runs: Vec<(usize, usize, (f64, f64))> = Vec::new();
    let mut i = 0;
    while i < n {
        let Some(gap) = column_gap(&lines[i]).filter(|(lo, hi)| hi - lo > 2.2 * lines[i].size)
        else {
            i += 1;
            continue;
        };
        let mut gap = gap;
        let (mut start, mut end) = (i, i);
        // Upwards and downwards over lines close enough and fitting.
        while start > 0
            && run_of[start - 1].is_none()
            && joins(&lines[start - 1], &lines[start], gap)
        {
            start -= 1;
        }
        while end + 1 < n && joins(&lines[end + 1], &lines[end], gap) {
            end += 1;
            if let Some((lo, hi)) = column_gap(&lines[end]) {
                gap = (gap.0.max(lo), gap.1.min(hi));
            }
        }
        for r in run_of.iter_mut().take(end + 1).skip(start) {
            *r = Some(runs.len());
        }
        runs.push((start, end, gap));
        i = end + 1;
    }
    let mut out = Vec::new();
    let mut current: Option<usize> = None;
    for (l, run) in lines.into_iter().zip(run_of) {
        match run {
            None => {
                current = None;
                out.push(Block::Line(l));
            }
            Some(r) => {
                if current != Some(r) {
                    out.push(Block::Columns {
                        left: Vec::new(),
                        right: Vec::new(),
                    });
                    current = Some(r);
                }
                let (a, b) = split_columns(l, runs[r].2 .1);
                if let Some(Block::Columns { left, right }) = out.last_mut() {
                    left.extend(a);
                    right.extend(b);
                }
            }
        }
    }
    out
}

/// The laid-out text as it is written.
struct Writer {
    laid: Laid,
    /// The paragraph being written: its last line, page and right edge.
    open: Option<Open>,
    /// The page and baseline of the last line written.
    last: Option<(u32, f64)>,
}

struct Open {
    size: f64,
    page: u32,
    /// The line ended near the right margin.
    full: bool,
    /// The line was centred (a title broken over lines).
    centred: bool,
    wide: bool,
    y: f64,
    ends_with_hyphen: bool,
}

/// A page's text margins, from its body lines.
#[derive(Clone, Copy)]
struct Margins {
    left: f64,
    right: f64,
}

/// The page's margins: the outermost line ends that another line shares
/// (within a font size), so a speck OCR read far out, or one odd line,
/// does not move them.
fn margins_of(lines: &[Line]) -> Margins {
    let single: Vec<&Line> = lines.iter().filter(|l| l.segments.len() == 1).collect();
    let pick = if single.is_empty() {
        lines.iter().collect::<Vec<_>>()
    } else {
        single
    };
    let shared = |mut ends: Vec<(f64, f64)>, outward: f64| -> f64 {
        // (end, size), outermost first.
        ends.sort_by(|a, b| (b.0 * outward).total_cmp(&(a.0 * outward)));
        ends.iter()
            .find(|(e, size)| ends.iter().filter(|(o, _)| (o - e).abs() <= *size).count() >= 2)
            .or(ends.first())
            .map_or(0.0, |(e, _)| *e)
    };
    let left = shared(pick.iter().map(|l| (l.x0(), l.size)).collect(), -1.0);
    let right = shared(pick.iter().map(|l| (l.x1(), l.size)).collect(), 1.0);
    Margins { left, right }
}

impl Writer {
    fn close(&mut self) {
        self.open = None;
        if !self.laid.text.is_empty() && !self.laid.text.ends_with('\n') {
            self.laid.text.push('\n');
        }
    }

    /// A blank line: what comes after does not go on from what was before
    /// (around a header or signature block, as between table cells).
    fn gap(&mut self) {
        self.close();
        if !self.laid.text.is_empty() && !self.laid.text.ends_with("\n\n") {
            self.laid.text.push('\n');
        }
    }

    fn push_words(&mut self, words: &[Word], mut space: bool) {
        for w in words {
            let text = crate::vn::nfc(w.text.trim());
            if text.is_empty() {
                continue;
            }
            if space {
                self.laid.text.push(' ');
            }
            let at = self.laid.text.len();
            self.laid.text.push_str(&text);
            self.laid.words += 1;
            if let Some(c) = w.confidence.filter(|c| *c < DOUBTFUL_BELOW) {
                self.laid.doubtful_words += 1;
                self.laid.doubts.push(Doubt {
                    at,
                    len: text.len(),
                    confidence: c,
                });
            }
            space = true;
        }
    }

    /// A line of its own (a header or signature line): never joined.
    fn line_alone(&mut self, l: &Line, page: u32) {
        self.close();
        self.start(l, page);
        self.write_line(l, false);
        self.close();
        self.last = Some((page, l.y));
    }

    fn start(&mut self, l: &Line, page: u32) {
        self.laid.places.push(Place {
            at: self.laid.text.len(),
            page,
            line: l.number,
        });
    }

    /// Writes a line's segments, with a space before when it goes on.
    fn write_line(&mut self, l: &Line, goes_on: bool) {
        for (i, s) in l.segments.iter().enumerate() {
            if i > 0 {
                self.laid.text.push_str(" |");
            }
            self.push_words(&s.words, goes_on || i > 0);
        }
    }

    /// A body line: joined to the open paragraph when it goes on from it.
    fn body_line(&mut self, l: &Line, page: u32, m: Margins) {
        let width = (m.right - m.left).max(1.0);
        let left_gap = l.x0() - m.left;
        let right_gap = m.right - l.x1();
        // Centred: the same room each side, not flush left (a title broken
        // over lines).
        let centred = left_gap > 0.5 * l.size && (left_gap - right_gap).abs() < 1.5 * l.size;
        let table = l.segments.len() > 1;
        let goes_on = self.open.as_ref().is_some_and(|o| {
            let same_size = (o.size - l.size).abs() <= 0.15 * o.size.max(l.size);
            let near = o.page != page || (l.y - o.y) < 2.0 * l.size.max(o.size);
            let at_left = left_gap <= 0.6 * l.size;
            !table
                && same_size
                && near
                && ((o.full && at_left) || (o.centred && o.wide && centred && o.page == page))
        });
        if goes_on {
            let hyphen = self.open.as_ref().is_some_and(|o| o.ends_with_hyphen)
                && l.segments[0].words[0]
                    .text
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase);
            if hyphen {
                self.laid.text.pop();
                let first = &l.segments[0].words;
                self.push_words(&first[..1], false);
                self.push_words(&first[1..], true);
            } else {
                self.write_line(l, true);
            }
        } else {
            // A line well below the one before (a blank line on the page)
            // starts apart, as a blank line in a text does.
            let apart = self
                .last
                .is_some_and(|(p, y)| p == page && l.y - y > 2.2 * l.size);
            if apart {
                self.gap();
            } else {
                self.close();
            }
            self.start(l, page);
            self.write_line(l, false);
        }
        self.last = Some((page, l.y));
        let last = self.laid.text.chars().last();
        let before = self.laid.text.chars().rev().nth(1);
        self.open = Some(Open {
            size: l.size,
            page,
            full: !table && right_gap <= 3.0 * l.size,
            centred,
            wide: l.x1() - l.x0() > 0.6 * width,
            y: l.y,
            ends_with_hyphen: matches!(last, Some('-') | Some('\u{ad}'))
                && before.is_some_and(char::is_alphabetic),
        });
    }
}

/// Lays out pages of words as the plan's text.
pub fn lay_out(pages: &[Page]) -> Laid {
    let mut lined: Vec<(f64, Vec<Line>)> = pages.iter().map(|p| (p.height, lines_of(p))).collect();
    let mut unreadable_on = Vec::new();
    for (i, (_, lines)) in lined.iter_mut().enumerate() {
        let before = lines.len();
        lines.retain(|l| !unreadable(l));
        unreadable_on.extend(std::iter::repeat_n(i as u32 + 1, before - lines.len()));
    }
    drop_running(&mut lined);
    let mut w = Writer {
        laid: Laid::default(),
        open: None,
        last: None,
    };
    w.laid.unreadable = unreadable_on;
    for (i, (_, lines)) in lined.into_iter().enumerate() {
        let page = i as u32 + 1;
        let m = margins_of(&lines);
        for block in blocks_of(lines) {
            match block {
                Block::Line(l) => w.body_line(&l, page, m),
                Block::Columns { left, right } => {
                    w.gap();
                    for l in &left {
                        w.line_alone(l, page);
                    }
                    w.gap();
                    for l in &right {
                        w.line_alone(l, page);
                    }
                    w.gap();
                }
            }
        }
    }
    w.close();
    let text = w.laid.text.trim_end().to_string();
    w.laid.text = text;
    w.laid.text.push('\n');
    w.laid
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of a line, laid out from x with a space of one size between.
    fn line(page: &mut Page, x: f64, y: f64, text: &str) {
        let size = 10.0;
        let mut at = x;
        for t in text.split(' ') {
            let wide = t.chars().count() as f64 * 0.5 * size;
            page.words.push(Word {
                x0: at,
                x1: at + wide,
                y,
                size,
                text: t.into(),
                confidence: None,
            });
            at += wide + 0.3 * size;
        }
    }

    fn page() -> Page {
        Page {
            width: 600.0,
            height: 800.0,
            words: Vec::new(),
        }
    }

    #[test]
    fn the_header_table_is_read_column_by_column() {
        let mut p = page();
        line(&mut p, 60.0, 100.0, "ỦY BAN NHÂN DÂN");
        line(&mut p, 260.0, 100.0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        line(&mut p, 70.0, 114.0, "TỈNH THANH HÓA");
        line(&mut p, 280.0, 114.0, "Độc lập - Tự do - Hạnh phúc");
        line(&mut p, 60.0, 140.0, "Số: 208/KH-UBND");
        line(&mut p, 300.0, 140.0, "Thanh Hóa, ngày 23 tháng 9 năm 2021");
        line(&mut p, 250.0, 180.0, "KẾ HOẠCH");
        let laid = lay_out(&[p]);
        let lines: Vec<&str> = laid.text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines,
            [
                "ỦY BAN NHÂN DÂN",
                "TỈNH THANH HÓA",
                "Số: 208/KH-UBND",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Thanh Hóa, ngày 23 tháng 9 năm 2021",
                "KẾ HOẠCH"
            ]
        );
        assert_eq!(laid.place_of(0).map(|p| (p.page, p.line)), Some((1, 1)));
    }

    #[test]
    fn a_paragraph_goes_on_over_lines_and_pages_and_page_numbers_go() {
        let full = "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n";
        let mut a = page();
        line(&mut a, 75.0, 400.0, "1. Nhiệm vụ");
        line(&mut a, 60.0, 414.0, full);
        line(&mut a, 60.0, 428.0, full);
        line(&mut a, 295.0, 780.0, "- 1 -");
        let right = a.words.iter().map(|w| w.x1).fold(0.0, f64::max);
        let mut b = page();
        line(&mut b, 295.0, 40.0, "2");
        line(&mut b, 60.0, 100.0, "tiếp theo trang trước.");
        line(&mut b, 60.0, 114.0, full);
        line(&mut b, 60.0, 128.0, "cuối.");
        assert!(right > 500.0);
        let laid = lay_out(&[a, b]);
        let paras: Vec<&str> = laid.text.lines().collect();
        assert_eq!(paras.len(), 3, "{:?}", laid.text);
        assert_eq!(paras[0], "1. Nhiệm vụ");
        assert!(
            paras[1].ends_with("n tiếp theo trang trước."),
            "{}",
            paras[1]
        );
        assert!(paras[2].starts_with("a b") && paras[2].trim_end().ends_with("cuối."));
        assert!(!laid.text.contains("- 1 -"));
        let second = laid.text.find("a b c").unwrap();
        let third = laid.text.rfind("\na b c").unwrap() + 1;
        assert_eq!(
            laid.place_of(second).map(|p| (p.page, p.line)),
            Some((1, 2))
        );
        assert_eq!(laid.place_of(third).map(|p| (p.page, p.line)), Some((2, 2)));
    }

    #[test]
    fn a_word_broken_by_a_hyphen_is_joined_back() {
        let mut p = page();
        let mut long = "x ".repeat(50);
        long.push_str("Co-");
        line(&mut p, 60.0, 100.0, long.trim());
        line(&mut p, 60.0, 114.0, "vid tiếp");
        let laid = lay_out(&[p]);
        assert!(laid.text.contains("x Covid tiếp"), "{}", laid.text);
    }

    #[test]
    fn a_table_row_keeps_its_cells_apart_and_ocr_doubts_are_kept() {
        let mut p = page();
        line(&mut p, 60.0, 100.0, "STT");
        line(&mut p, 120.0, 100.0, "Chỉ tiêu");
        line(&mut p, 300.0, 100.0, "Đơn vị");
        line(&mut p, 450.0, 100.0, "2025");
        p.words[0].confidence = Some(41);
        let laid = lay_out(&[p]);
        assert_eq!(laid.text, "STT | Chỉ tiêu | Đơn vị | 2025\n");
        assert_eq!(
            laid.doubts,
            [Doubt {
                at: 0,
                len: 3,
                confidence: 41
            }]
        );
    }

    #[test]
    fn a_line_ocr_could_not_read_is_left_out_and_counted() {
        let mut p = page();
        line(&mut p, 60.0, 100.0, "Số: 38/KH-UBND");
        line(&mut p, 60.0, 114.0, "80.30) KHT.LUDND 7...");
        line(&mut p, 60.0, 128.0, "KẾ HOẠCH");
        for (i, w) in p.words.iter_mut().enumerate() {
            w.confidence = Some(if (2..5).contains(&i) { 20 } else { 95 });
        }
        let laid = lay_out(&[p]);
        // Where it was, a blank line: what follows starts apart.
        assert_eq!(laid.text, "Số: 38/KH-UBND\n\nKẾ HOẠCH\n");
        assert_eq!(laid.unreadable, [1]);
    }

    #[test]
    fn a_mended_mark_moves_what_follows_and_is_doubtful() {
        let text = "II. NỘI DUNG\no. Năm\nSáu bảy\n";
        let mut laid = Laid {
            text: text.into(),
            places: vec![
                Place {
                    at: 0,
                    page: 1,
                    line: 1,
                },
                Place {
                    at: 15,
                    page: 1,
                    line: 2,
                },
                Place {
                    at: 23,
                    page: 2,
                    line: 1,
                },
            ],
            doubts: vec![
                Doubt {
                    at: 0,
                    len: 3,
                    confidence: 40,
                },
                Doubt {
                    at: 28,
                    len: 5,
                    confidence: 60,
                },
            ],
            ..Laid::default()
        };
        laid.mend(&[
            crate::plan_import::numbering::Mend {
                at: 0,
                len: 3,
                read: "II.".into(),
                meant: "III.".into(),
            },
            crate::plan_import::numbering::Mend {
                at: 15,
                len: 2,
                read: "o.".into(),
                meant: "5.".into(),
            },
        ]);
        assert_eq!(laid.text, "III. NỘI DUNG\n5. Năm\nSáu bảy\n");
        assert_eq!(
            laid.places.iter().map(|p| p.at).collect::<Vec<_>>(),
            [0, 16, 24]
        );
        assert_eq!(&laid.text[24..], "Sáu bảy\n");
        let doubts: Vec<(&str, u8)> = laid
            .doubts
            .iter()
            .map(|d| (&laid.text[d.at..d.at + d.len], d.confidence))
            .collect();
        assert_eq!(doubts, [("III.", 0), ("5.", 0), ("bảy", 60)]);
    }
}
