//! A small page composer over absolute positions: lines measured from the
//! font, broken on spaces (inside a word only when it is longer than the
//! line), justified, kept on one page, broken across pages. Coordinates are
//! points from the page's bottom left, as PDF draws them.

use super::fonts::{Fonts, Style};

pub const MM: f32 = 72.0 / 25.4;
pub const PAGE_W: f32 = 210.0 * MM;
pub const PAGE_H: f32 = 297.0 * MM;
pub const TOP: f32 = 20.0 * MM;
pub const BOTTOM: f32 = 20.0 * MM;
pub const LEFT: f32 = 30.0 * MM;
pub const RIGHT: f32 = 15.0 * MM;
pub const TEXT_W: f32 = PAGE_W - LEFT - RIGHT;

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        x: f32,
        y: f32,
        style: Style,
        size: f32,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Center,
    Justify,
}

/// A run of text: one paragraph's worth, in one style.
#[derive(Debug, Clone)]
pub struct Para<'a> {
    pub text: &'a str,
    pub style: Style,
    pub size: f32,
    pub align: Align,
    /// First-line indent, points.
    pub indent: f32,
    pub x: f32,
    pub width: f32,
}

/// One laid-out line: its words and whether it ends the paragraph.
struct Line {
    words: Vec<String>,
    widths: Vec<f32>,
    last: bool,
    indent: f32,
}

pub struct Composer<'f> {
    pub fonts: &'f Fonts,
    pub pages: Vec<Vec<Item>>,
    /// Baseline of the next line, from the bottom of the page.
    pub y: f32,
    /// Where the signer's image goes: page index and rectangle (left,
    /// bottom, right, top), for the empty signature field.
    pub signature_place: Option<(usize, [f32; 4])>,
}

/// Line height for a font size: single spacing of Times-metric fonts.
pub fn leading(size: f32) -> f32 {
    size * 1.2
}

impl<'f> Composer<'f> {
    pub fn new(fonts: &'f Fonts) -> Self {
        Composer {
            fonts,
            pages: vec![Vec::new()],
            y: PAGE_H - TOP,
            signature_place: None,
        }
    }

    pub fn page(&mut self) -> &mut Vec<Item> {
        self.pages.last_mut().expect("a page")
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = PAGE_H - TOP;
    }

    /// Room left on the page above the bottom margin.
    pub fn room(&self) -> f32 {
        self.y - BOTTOM
    }

    /// Starts a new page unless `height` points still fit.
    pub fn ensure(&mut self, height: f32) {
        if self.room() < height {
            self.new_page();
        }
    }

    pub fn text(&mut self, x: f32, y: f32, style: Style, size: f32, text: &str) {
        self.page().push(Item::Text {
            x,
            y,
            style,
            size,
            text: text.to_string(),
        });
    }

    pub fn centered(&mut self, cx: f32, y: f32, style: Style, size: f32, text: &str) -> f32 {
        let w = self.fonts.width(style, size, text);
        self.text(cx - w / 2.0, y, style, size, text);
        w
    }

    pub fn rule(&mut self, x1: f32, x2: f32, y: f32) {
        self.line(x1, y, x2, y);
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.page().push(Item::Line {
            x1,
            y1,
            x2,
            y2,
            width: 0.6,
        });
    }

    /// Breaks a paragraph into lines that fit its width.
    fn lines(&self, p: &Para) -> Vec<Line> {
        let space = self.fonts.width(p.style, p.size, " ");
        let mut lines = Vec::new();
        let mut cur = Line {
            words: vec![],
            widths: vec![],
            last: false,
            indent: p.indent,
        };
        let mut used = p.indent;
        let mut pieces: Vec<String> = Vec::new();
        for word in p.text.split_whitespace() {
            // A word longer than the line is cut where it must be.
            let w = self.fonts.width(p.style, p.size, word);
            if w <= p.width - p.indent {
                pieces.push(word.to_string());
                continue;
            }
            let mut part = String::new();
            for c in word.chars() {
                part.push(c);
                if self.fonts.width(p.style, p.size, &part) > p.width - p.indent - space {
                    let keep: String = part.chars().take(part.chars().count() - 1).collect();
                    pieces.push(keep);
                    part = c.to_string();
                }
            }
            pieces.push(part);
        }
        for word in pieces {
            let w = self.fonts.width(p.style, p.size, &word);
            let needed = if cur.words.is_empty() { w } else { space + w };
            if !cur.words.is_empty() && used + needed > p.width {
                lines.push(cur);
                cur = Line {
                    words: vec![],
                    widths: vec![],
                    last: false,
                    indent: 0.0,
                };
                used = 0.0;
                cur.words.push(word);
                cur.widths.push(w);
                used += w;
            } else {
                cur.words.push(word);
                cur.widths.push(w);
                used += needed;
            }
        }
        cur.last = true;
        lines.push(cur);
        lines
    }

    /// The paragraph's lines, as text.
    pub fn wrap(&self, text: &str, style: Style, size: f32, width: f32) -> Vec<String> {
        let p = Para {
            text,
            style,
            size,
            align: Align::Left,
            indent: 0.0,
            x: 0.0,
            width,
        };
        self.lines(&p)
            .into_iter()
            .map(|l| l.words.join(" "))
            .collect()
    }

    /// Lays out a paragraph from the cursor down, breaking pages between
    /// lines (never inside one).
    pub fn para(&mut self, p: &Para) {
        let space = self.fonts.width(p.style, p.size, " ");
        for line in self.lines(p) {
            self.ensure(leading(p.size));
            self.y -= p.size;
            let natural: f32 = line.widths.iter().sum::<f32>()
                + space * (line.words.len().saturating_sub(1)) as f32;
            let gaps = line.words.len().saturating_sub(1) as f32;
            let avail = p.width - line.indent;
            let (mut x, gap) = match p.align {
                Align::Left => (p.x + line.indent, space),
                Align::Center => (p.x + (p.width - natural) / 2.0, space),
                Align::Justify if !line.last && gaps > 0.0 => {
                    (p.x + line.indent, space + (avail - natural) / gaps)
                }
                Align::Justify => (p.x + line.indent, space),
            };
            let y = self.y;
            for (word, w) in line.words.iter().zip(&line.widths) {
                self.text(x, y, p.style, p.size, word);
                x += w + gap;
            }
            self.y -= leading(p.size) - p.size;
        }
    }

    /// The height a paragraph takes once wrapped.
    pub fn para_height(&self, p: &Para) -> f32 {
        self.lines(p).len() as f32 * leading(p.size)
    }

    /// Vertical space.
    pub fn skip(&mut self, pt: f32) {
        self.y -= pt;
    }
}
