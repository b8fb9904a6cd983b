//! The four Liberation Serif faces (SIL OFL; the metrics of Times New Roman,
//! which Nghị định 30/2020 names; full Vietnamese), bundled in assets/fonts.
//! Text is measured with the fonts' own advance widths.

use ttf_parser::Face;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    pub const ALL: [Style; 4] = [
        Style::Regular,
        Style::Bold,
        Style::Italic,
        Style::BoldItalic,
    ];

    fn index(self) -> usize {
        self as usize
    }

    /// The font's resource name in the PDF, with a subset tag.
    pub fn pdf_name(self) -> &'static str {
        match self {
            Style::Regular => "KHREGU+LiberationSerif",
            Style::Bold => "KHBOLD+LiberationSerif-Bold",
            Style::Italic => "KHITAL+LiberationSerif-Italic",
            Style::BoldItalic => "KHBOIT+LiberationSerif-BoldItalic",
        }
    }
}

const FILES: [&[u8]; 4] = [
    include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../assets/fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../assets/fonts/LiberationSerif-BoldItalic.ttf"),
];

/// The report's fonts, parsed once.
pub struct Fonts {
    faces: Vec<Face<'static>>,
}

impl Fonts {
    pub fn liberation_serif() -> Fonts {
        Fonts {
            faces: FILES
                .iter()
                .map(|b| Face::parse(b, 0).expect("bundled font parses"))
                .collect(),
        }
    }

    pub fn bytes(&self, style: Style) -> &'static [u8] {
        FILES[style.index()]
    }

    /// Width of `text` in points at `size`.
    pub fn width(&self, style: Style, size: f32, text: &str) -> f32 {
        let face = &self.faces[style.index()];
        let per_unit = size / f32::from(face.units_per_em());
        text.chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .unwrap_or(face.units_per_em() / 2) as f32
            })
            .sum::<f32>()
            * per_unit
    }

    /// Characters the font cannot draw.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let face = &self.faces[0];
        let mut out: Vec<char> = text
            .chars()
            .filter(|c| !c.is_control() && face.glyph_index(*c).is_none())
            .collect();
        out.sort();
        out.dedup();
        out
    }
}
