//! The numbers of a scanned plan's headings, mended where OCR misread one
//! and its neighbours say what it was.
//!
//! Pure: the laid-out text of a scan comes in; the marks to write instead
//! come out. Task codes rest on single characters at the start of a line
//! ("5." read as "9." or "o.", "III." as "II.", "a)" as "8)"), and one
//! misread number moves every task after it under the wrong group. A
//! heading's number is mended only when the sequence it stands in says so:
//! between "4." and "6." a "9." is a "5."; the first of a list before "2."
//! is "1."; the last of a list, with nothing after it to tell, only when
//! what was read is a glyph OCR takes for the expected one. The officer is
//! told of every mend and the mended mark is shown as doubtful.
//!
//! Never for a text layer or a typed text: there a number is what the
//! author wrote.

use super::docx::roman;

/// A heading's mark to write instead of what OCR read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mend {
    /// Byte offset of the mark in the text, and its length as read.
    pub at: usize,
    pub len: usize,
    pub read: String,
    pub meant: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// I. II. III.
    Roman,
    /// 1. (1), 2.1. (2), 2.1.3. (3)
    Decimal(u8),
    /// a) b) đ): one character and a parenthesis.
    Paren,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Value {
    Number(u32),
    /// Index in [`LETTERS`].
    Letter(usize),
    /// A glyph OCR gives for a digit or a letter ("o", "S", "8" in a list
    /// of letters): what it is only the sequence says.
    Unknown,
}

/// The letters lists are numbered with, in order (no f, j, w, z).
const LETTERS: [char; 23] = [
    'a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't',
    'u', 'v', 'x', 'y',
];

/// Glyphs OCR reads for a digit in a heading's number.
fn misread_digit(c: char) -> Option<u32> {
    Some(match c {
        'o' | 'O' | 'D' => 0,
        'l' | 'I' | '|' | 'i' | '!' => 1,
        'Z' | 'z' => 2,
        'S' | 's' | '$' => 5,
        'b' => 6,
        'B' => 8,
        'g' | 'q' => 9,
        _ => return None,
    })
}

/// Digits OCR confuses with one another in a small serif face.
fn digits_alike(a: u32, b: u32) -> bool {
    const ALIKE: [(u32, u32); 9] = [
        (5, 9),
        (5, 6),
        (5, 3),
        (8, 3),
        (8, 6),
        (8, 9),
        (8, 0),
        (1, 7),
        (6, 0),
    ];
    ALIKE.contains(&(a, b)) || ALIKE.contains(&(b, a))
}

#[derive(Debug, Clone)]
struct Mark {
    at: usize,
    token: String,
    shape: Shape,
    value: Value,
}

fn roman_value(s: &str) -> Option<u32> {
    let digit = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        _ => None,
    };
    let ds: Vec<u32> = s.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, d) in ds.iter().enumerate() {
        if ds.get(i + 1).is_some_and(|n| n > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    (total > 0 && roman(total as u32) == s).then_some(total as u32)
}

/// The mark at the start of a line, as loosely as OCR may have read it: a
/// short token ending in "." or ")" followed by a capital.
fn mark_at(at: usize, line: &str) -> Option<Mark> {
    let token = line.split_whitespace().next()?;
    let rest = line[token.len()..].trim_start();
    let first = rest.chars().next()?;
    if !(first.is_uppercase() || first == '“' || first == '"') || token.chars().count() > 9 {
        return None;
    }
    let (shape, value) = if let Some(body) = token.strip_suffix(')') {
        let mut cs = body.chars();
        let (Some(c), None) = (cs.next(), cs.next()) else {
            return None;
        };
        let value = match LETTERS.iter().position(|l| *l == c) {
            Some(i) => Value::Letter(i),
            None if c.is_ascii_digit() || misread_digit(c).is_some() => Value::Unknown,
            None => return None,
        };
        (Shape::Paren, value)
    } else {
        let body = token.strip_suffix('.').unwrap_or(token);
        if !token.ends_with('.') && !body.contains('.') {
            return None;
        }
        if let Some(v) = roman_value(body) {
            (Shape::Roman, Value::Number(v))
        } else {
            let parts: Vec<&str> = body.split('.').collect();
            if parts.len() > 4 || parts.iter().any(|p| p.is_empty() || p.chars().count() > 2) {
                return None;
            }
            let own = parts.last()?;
            let readable = |p: &str| {
                p.chars()
                    .all(|c| c.is_ascii_digit() || misread_digit(c).is_some())
            };
            if !parts.iter().all(|p| readable(p)) {
                return None;
            }
            let value = own.parse().map(Value::Number).unwrap_or(Value::Unknown);
            (Shape::Decimal(parts.len() as u8), value)
        }
    };
    Some(Mark {
        at,
        token: token.to_string(),
        shape,
        value,
    })
}

fn first_of(shape: Shape) -> Value {
    match shape {
        Shape::Paren => Value::Letter(0),
        _ => Value::Number(1),
    }
}

fn after(v: Value) -> Option<Value> {
    match v {
        Value::Number(n) => Some(Value::Number(n + 1)),
        Value::Letter(i) if i + 1 < LETTERS.len() => Some(Value::Letter(i + 1)),
        _ => None,
    }
}

/// `b` may follow `a` in a list: the next one, or "e" after "d" where a
/// list has no "đ".
fn follows(a: Value, b: Value) -> bool {
    after(a) == Some(b) || (a == Value::Letter(3) && b == Value::Letter(5))
}

/// What `mark` says when it should say `meant`.
fn written(mark: &Mark, meant: Value) -> String {
    match (mark.shape, meant) {
        (Shape::Roman, Value::Number(n)) => format!("{}.", roman(n)),
        (Shape::Paren, Value::Letter(i)) => format!("{})", LETTERS[i]),
        (Shape::Decimal(_), Value::Number(n)) => {
            let dot = mark.token.ends_with('.');
            let body = mark.token.strip_suffix('.').unwrap_or(&mark.token);
            let mut parts: Vec<String> = body.split('.').map(str::to_string).collect();
            *parts.last_mut().expect("a part") = n.to_string();
            format!("{}{}", parts.join("."), if dot { "." } else { "" })
        }
        _ => mark.token.clone(),
    }
}

/// Is `mark`, last of its list, what OCR makes of `meant`?
fn looks_like(mark: &Mark, meant: Value) -> bool {
    let own = mark
        .token
        .trim_end_matches(['.', ')'])
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_string();
    match (mark.value, meant) {
        (Value::Unknown, Value::Number(n)) => {
            own.chars().count() == 1
                && own
                    .chars()
                    .next()
                    .and_then(|c| misread_digit(c).or(c.to_digit(10)))
                    == Some(n)
        }
        (Value::Number(r), Value::Number(n)) if mark.shape != Shape::Roman => {
            r < 10 && n < 10 && digits_alike(r, n)
        }
        // "III." read as a second "II.".
        (Value::Number(r), Value::Number(n)) => n == r + 1,
        _ => false,
    }
}

/// A list: its parent mark (none at the top) and its marks' shape.
type ListKey = (Option<usize>, Shape);

/// The marks of `text` (a paragraph a line) OCR misread, with what their
/// sequence says they are.
pub fn mend(text: &str) -> Vec<Mend> {
    let mut marks = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let lead = line.len() - line.trim_start().len();
        if let Some(m) = mark_at(at + lead, line.trim()) {
            marks.push(m);
        }
        at += line.len();
    }
    // Lists as the outline nests them: shapes in the order they appear,
    // a list being the marks of one shape under one parent.
    let mut shapes: Vec<Shape> = Vec::new();
    let mut parents: Vec<usize> = Vec::new();
    let mut lists: Vec<(ListKey, Vec<usize>)> = Vec::new();
    for (i, m) in marks.iter().enumerate() {
        let depth = shapes
            .iter()
            .position(|s| *s == m.shape)
            .unwrap_or(shapes.len());
        shapes.truncate(depth);
        parents.truncate(depth);
        let key = (parents.last().copied(), m.shape);
        match lists.iter_mut().rev().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(i),
            None => lists.push((key, vec![i])),
        }
        shapes.push(m.shape);
        parents.push(i);
    }
    let mut out = Vec::new();
    for ((_, shape), list) in &lists {
        let mut values: Vec<Value> = list.iter().map(|i| marks[*i].value).collect();
        for k in 0..values.len() {
            let expected = match k {
                0 => Some(first_of(*shape)),
                _ => after(values[k - 1]),
            };
            let Some(expected) = expected else { continue };
            let v = values[k];
            if v == expected || (k > 0 && follows(values[k - 1], v)) {
                continue;
            }
            let mark = &marks[list[k]];
            let said_by_next = values.get(k + 1).is_some_and(|n| follows(expected, *n));
            let last = k + 1 == values.len();
            // A first mark with nothing after it says nothing.
            let ok = said_by_next || (last && k > 0 && looks_like(mark, expected));
            // A letter list read as digits is mended only between letters.
            let kinds_agree = !matches!(
                (v, expected),
                (Value::Letter(_), Value::Number(_)) | (Value::Number(_), Value::Letter(_))
            );
            if ok && kinds_agree {
                out.push(Mend {
                    at: mark.at,
                    len: mark.token.len(),
                    read: mark.token.clone(),
                    meant: written(mark, expected),
                });
                values[k] = expected;
            }
        }
    }
    out.sort_by_key(|m| m.at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mended(text: &str) -> Vec<(String, String)> {
        mend(text)
            .into_iter()
            .map(|m| {
                assert_eq!(&text[m.at..m.at + m.len], m.read);
                (m.read, m.meant)
            })
            .collect()
    }

    #[test]
    fn a_number_between_its_neighbours_is_what_they_say() {
        let text = "I. MỤC ĐÍCH\nII. MỤC TIÊU\nII. NỘI DUNG\n1. Một\n2. Hai\n3. Ba\n4. Bốn\no. Năm\n6. Sáu\nIV. GIẢI PHÁP\n1. Một\n9. Hai\n3. Ba\n";
        let m = mended(text);
        assert_eq!(
            m,
            [
                ("II.".into(), "III.".into()),
                ("o.".into(), "5.".into()),
                ("9.".into(), "2.".into()),
            ],
            "{m:?}"
        );
    }

    #[test]
    fn a_letter_read_as_a_digit_is_mended_between_letters() {
        let text =
            "1. Một\n1.1. Việc\n8) Nội dung hoạt động:\n- Tổ chức\nb) Đơn vị chủ trì: Sở Y tế.\n";
        assert_eq!(mended(text), [("8)".into(), "a)".into())]);
    }

    #[test]
    fn the_last_of_a_list_only_when_it_looks_like_the_expected_one() {
        // "8." misread "3." at the end: alike; "2." after "7." is not a
        // misreading of "8." — left as written.
        assert_eq!(
            mended("1. A\n2. B\n3. C\n4. D\n5. E\n6. F\n7. G\n3. H\n"),
            [("3.".into(), "8.".into())]
        );
        assert!(mended("1. A\n2. B\n3. C\n4. D\n5. E\n6. F\n7. G\n2. H\n").is_empty());
    }

    #[test]
    fn right_numbering_and_ordinary_lines_are_left_alone() {
        let text = "I. MỤC ĐÍCH\n1. Mục đích\nNội dung.\n2. Yêu cầu\nII. MỤC TIÊU\n1. Chung\n2. Cụ thể\n2.1. Một\n2.2. Hai\na) Tổ chức\nb) Thực hiện\nc) Kiểm tra\nd) Báo cáo\ne) Tổng kết\nIII. NỘI DUNG\n1) Một\n2) Hai\nS. Nguyễn Văn A\n2020. Năm\n";
        assert!(mended(text).is_empty(), "{:?}", mended(text));
    }

    #[test]
    fn sub_numbers_keep_their_prefix() {
        assert_eq!(
            mended("2. Hai\n2.1. Một\n2.9. Hai\n2.3. Ba\n"),
            [("2.9.".into(), "2.2.".into())]
        );
    }
}
