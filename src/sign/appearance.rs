//! The visible signature per Nghị định 30/2020: the signer's image (blue,
//! transparent PNG) in the place between the chức vụ and the name, and the
//! agency's seal (red, real size) over the left third of it. The decree
//! puts no visible text beside the images; a signature without an image
//! shows in the same place who signed and when, as Vietnamese signing tools
//! do (laid out by the PDF writer, copied in by `page_as_form`).

use lopdf::{dictionary, Document, Object, ObjectId, Stream};

use super::SignError;

/// Millimetres to PDF points.
const MM: f32 = 72.0 / 25.4;
/// A seal image without a resolution is drawn this wide: the usual round
/// seal of a commune or district People's Committee.
pub const DEFAULT_SEAL_MM: f32 = 36.0;

/// A decoded PNG: 8-bit RGB and, when not opaque, its alpha.
pub struct Png {
    pub width: u32,
    pub height: u32,
    rgb: Vec<u8>,
    alpha: Option<Vec<u8>>,
    /// Physical width in points, when the file says its resolution.
    physical_width: Option<f32>,
}

/// A rectangle in page points: left, bottom, right, top.
pub type Rect = [f32; 4];

impl Png {
    /// Reads a PNG; `what` names it in messages ("ảnh chữ ký", "ảnh con dấu").
    pub fn decode(bytes: &[u8], what: &str) -> Result<Png, SignError> {
        let bad = |e: String| SignError::Image(format!("{what}: {e}"));
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder
            .read_info()
            .map_err(|e| bad(format!("không phải tệp PNG đọc được ({e})")))?;
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| bad("ảnh quá lớn".into()))?;
        if size > 64 * 1024 * 1024 {
            return Err(bad("ảnh quá lớn".into()));
        }
        let mut buf = vec![0; size];
        let frame = reader
            .next_frame(&mut buf)
            .map_err(|e| bad(format!("tệp PNG hỏng ({e})")))?;
        let physical_width = reader.info().pixel_dims.and_then(|d| {
            (d.unit == png::Unit::Meter && d.xppu > 0)
                .then(|| frame.width as f32 / d.xppu as f32 * 1000.0 * MM)
        });
        let (color, _) = reader.output_color_type();
        let px = &buf[..frame.buffer_size()];
        let (mut rgb, mut alpha) = (Vec::new(), Vec::new());
        let channels = color.samples();
        for p in px.chunks_exact(channels) {
            match color {
                png::ColorType::Grayscale => rgb.extend([p[0]; 3]),
                png::ColorType::GrayscaleAlpha => {
                    rgb.extend([p[0]; 3]);
                    alpha.push(p[1]);
                }
                png::ColorType::Rgb => rgb.extend(&p[..3]),
                png::ColorType::Rgba => {
                    rgb.extend(&p[..3]);
                    alpha.push(p[3]);
                }
                png::ColorType::Indexed => return Err(bad("bảng màu không giải được".into())),
            }
        }
        let alpha = (!alpha.is_empty() && alpha.iter().any(|&a| a < 255)).then_some(alpha);
        Ok(Png {
            width: frame.width,
            height: frame.height,
            rgb,
            alpha,
            physical_width,
        })
    }

    /// Whether the image has a transparent background.
    pub fn is_transparent(&self) -> bool {
        self.alpha.is_some()
    }

    /// The dominant ink of the visible pixels: 'b' blue, 'r' red, or '?'.
    pub fn ink(&self) -> char {
        let (mut r, mut g, mut b, mut n) = (0u64, 0u64, 0u64, 0u64);
        for (i, p) in self.rgb.chunks_exact(3).enumerate() {
            let visible = self.alpha.as_ref().is_none_or(|a| a[i] > 128);
            // Skip white paper in opaque images.
            if visible && !(p[0] > 230 && p[1] > 230 && p[2] > 230) {
                r += p[0] as u64;
                g += p[1] as u64;
                b += p[2] as u64;
                n += 1;
            }
        }
        if n == 0 {
            '?'
        } else if b > r && b > g {
            'b'
        } else if r > g && r > b {
            'r'
        } else {
            '?'
        }
    }

    fn aspect(&self) -> f32 {
        self.height as f32 / self.width.max(1) as f32
    }

    /// Size in points: the file's resolution, or `default_width_mm`.
    fn real_size(&self, default_width_mm: f32) -> (f32, f32) {
        let w = self.physical_width.unwrap_or(default_width_mm * MM);
        (w, w * self.aspect())
    }

    /// Adds the image (and its soft mask) as an XObject.
    fn add_to(&self, doc: &mut Document) -> ObjectId {
        let mask = self.alpha.as_ref().map(|a| {
            let mut s = Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Image",
                    "Width" => self.width as i64, "Height" => self.height as i64,
                    "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
                },
                a.clone(),
            );
            let _ = s.compress();
            doc.add_object(s)
        });
        let mut dict = dictionary! {
            "Type" => "XObject", "Subtype" => "Image",
            "Width" => self.width as i64, "Height" => self.height as i64,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8,
        };
        if let Some(m) = mask {
            dict.set("SMask", m);
        }
        let mut s = Stream::new(dict, self.rgb.clone());
        let _ = s.compress();
        doc.add_object(s)
    }
}

/// The signer's image fitted (aspect kept, centred) into the place.
pub fn fit(image: &Png, place: Rect) -> Rect {
    let (pw, ph) = (place[2] - place[0], place[3] - place[1]);
    let (rw, rh) = image.real_size(pw / MM);
    let scale = (pw / rw).min(ph / rh).min(1.0);
    let (w, h) = (rw * scale, rh * scale);
    let (cx, cy) = ((place[0] + place[2]) / 2.0, (place[1] + place[3]) / 2.0);
    [cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0]
}

/// The seal at real size over the left third of the signer's image.
pub fn seal_rect(seal: &Png, signature: Rect) -> Rect {
    let (w, h) = seal.real_size(DEFAULT_SEAL_MM);
    let right = signature[0] + (signature[2] - signature[0]) / 3.0;
    let cy = (signature[1] + signature[3]) / 2.0;
    [right - w, cy - h / 2.0, right, cy + h / 2.0]
}

pub fn union(a: Rect, b: Rect) -> Rect {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

/// The appearance stream (/AP /N) of a widget at `rect` drawing each image
/// in its own rectangle, later ones on top.
pub fn appearance(doc: &mut Document, rect: Rect, images: &[(&Png, Rect)]) -> ObjectId {
    let mut xobjects = lopdf::Dictionary::new();
    let mut ops = String::new();
    for (i, (png, r)) in images.iter().enumerate() {
        let name = format!("Im{}", i + 1);
        xobjects.set(name.as_bytes(), png.add_to(doc));
        ops.push_str(&format!(
            "q {:.2} 0 0 {:.2} {:.2} {:.2} cm /{name} Do Q\n",
            r[2] - r[0],
            r[3] - r[1],
            r[0] - rect[0],
            r[1] - rect[1]
        ));
    }
    let (w, h) = (rect[2] - rect[0], rect[3] - rect[1]);
    let mut s = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), Object::Real(w), Object::Real(h)],
            "Resources" => dictionary! { "XObject" => xobjects },
        },
        ops.into_bytes(),
    );
    let _ = s.compress();
    doc.add_object(s)
}

pub fn rect_object(r: Rect) -> Object {
    Object::Array(
        r.iter()
            .map(|v| Object::Real((v * 100.0).round() / 100.0))
            .collect(),
    )
}

/// Reads a /Rect array.
pub fn read_rect(o: &Object) -> Option<Rect> {
    let a = o.as_array().ok()?;
    if a.len() != 4 {
        return None;
    }
    let mut r = [0.0; 4];
    for (i, v) in a.iter().enumerate() {
        r[i] = match v {
            Object::Integer(n) => *n as f32,
            Object::Real(x) => *x,
            _ => return None,
        };
    }
    Some([
        r[0].min(r[2]),
        r[1].min(r[3]),
        r[0].max(r[2]),
        r[1].max(r[3]),
    ])
}

/// The first page of `src` as a form XObject in `dst` (its content and
/// every object its resources reach, copied under new numbers), framed by
/// `bbox` (width, height): how the "signed by" stamp, laid out by the PDF
/// writer, becomes a signature's appearance.
pub fn page_as_form(src: &Document, dst: &mut Document, bbox: (f32, f32)) -> Option<ObjectId> {
    let page_id = *src.get_pages().values().next()?;
    let page = src.get_dictionary(page_id).ok()?;
    let content = src.get_page_content(page_id);
    if content.is_empty() {
        return None;
    }
    let resources = match page.get(b"Resources").ok()? {
        Object::Reference(id) => src.get_object(*id).ok()?.clone(),
        o => o.clone(),
    };
    let mut seen = std::collections::HashMap::new();
    let resources = copy(src, &resources, dst, &mut seen)?;
    let mut s = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), Object::Real(bbox.0), Object::Real(bbox.1)],
            "Resources" => resources,
        },
        content,
    );
    let _ = s.compress();
    Some(dst.add_object(s))
}

/// `o` copied into `dst`, the objects it refers to copied once each.
fn copy(
    src: &Document,
    o: &Object,
    dst: &mut Document,
    seen: &mut std::collections::HashMap<ObjectId, ObjectId>,
) -> Option<Object> {
    Some(match o {
        Object::Reference(id) => {
            if let Some(new) = seen.get(id) {
                return Some(Object::Reference(*new));
            }
            let new = dst.new_object_id();
            seen.insert(*id, new);
            let copied = copy(src, src.get_object(*id).ok()?, dst, seen)?;
            dst.objects.insert(new, copied);
            Object::Reference(new)
        }
        Object::Array(a) => Object::Array(
            a.iter()
                .map(|x| copy(src, x, dst, seen))
                .collect::<Option<_>>()?,
        ),
        Object::Dictionary(d) => Object::Dictionary(copy_dict(src, d, dst, seen)?),
        Object::Stream(s) => {
            let dict = copy_dict(src, &s.dict, dst, seen)?;
            Object::Stream(Stream::new(dict, s.content.clone()).with_compression(false))
        }
        other => other.clone(),
    })
}

fn copy_dict(
    src: &Document,
    d: &lopdf::Dictionary,
    dst: &mut Document,
    seen: &mut std::collections::HashMap<ObjectId, ObjectId>,
) -> Option<lopdf::Dictionary> {
    let mut out = lopdf::Dictionary::new();
    for (k, v) in d.iter() {
        out.set(k.clone(), copy(src, v, dst, seen)?);
    }
    Some(out)
}
