//! Numbers the Vietnamese way: "." groups thousands, "," marks decimals
//! (1.234.567 ; 2,87 ; 1.234,5). Plain "2.87" is read as a decimal only where
//! it cannot be a thousands group.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NumberError {
    #[error("Chưa nhập số.")]
    Empty,
    #[error("“{input}” không phải là số: ký tự “{ch}” ở vị trí {position} không được phép.")]
    InvalidChar {
        input: String,
        ch: char,
        position: usize,
    },
    #[error("“{input}” không phải là số hợp lệ: dùng dấu chấm ngăn cách hàng nghìn và dấu phẩy trước phần thập phân, ví dụ 1.234,5.")]
    Separators { input: String },
}

/// Reads "1.234,5", "2,87", "1.234.567", "-3", "2.87" (a decimal: not a
/// thousands group). Whitespace around is ignored.
pub fn parse_number(input: &str) -> Result<f64, NumberError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(NumberError::Empty);
    }
    let (negative, body) = match s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let offset = s.chars().count() - body.chars().count();
    for (i, ch) in body.chars().enumerate() {
        if !(ch.is_ascii_digit() || ch == '.' || ch == ',') {
            return Err(NumberError::InvalidChar {
                input: s.to_string(),
                ch,
                position: offset + i + 1,
            });
        }
    }
    let bad = || NumberError::Separators {
        input: s.to_string(),
    };
    let commas = body.matches(',').count();
    let dots = body.matches('.').count();
    let (int_part, frac_part) = match (dots, commas) {
        (_, c) if c > 1 => return Err(bad()),
        (_, 1) => {
            let (i, f) = body.split_once(',').ok_or_else(bad)?;
            if f.contains('.') {
                return Err(bad());
            }
            (i, f)
        }
        (1, 0) => {
            let (i, f) = body.split_once('.').ok_or_else(bad)?;
            if f.len() == 3 && (1..=3).contains(&i.len()) {
                (body, "") // 1.234 = one thousand two hundred thirty-four
            } else {
                (i, f)
            }
        }
        _ => (body, ""),
    };
    let digits = ungroup(int_part).ok_or_else(bad)?;
    if digits.is_empty() && frac_part.is_empty() {
        return Err(bad());
    }
    if frac_part.is_empty() && body.ends_with([',', '.']) {
        return Err(bad());
    }
    let text = format!(
        "{}{}.{}",
        if negative { "-" } else { "" },
        if digits.is_empty() { "0" } else { &digits },
        if frac_part.is_empty() { "0" } else { frac_part }
    );
    text.parse::<f64>().map_err(|_| bad())
}

/// "1.234.567" → "1234567"; None if the groups are not of three digits.
fn ungroup(s: &str) -> Option<String> {
    if !s.contains('.') {
        return Some(s.to_string());
    }
    let groups: Vec<&str> = s.split('.').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    (first_ok && rest_ok).then(|| groups.concat())
}

/// 1234567 → "1.234.567".
pub fn format_integer(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// 1234.5 → "1.234,5"; at most `max_decimals` decimals, trailing zeros dropped.
pub fn format_decimal(x: f64, max_decimals: usize) -> String {
    let fixed = format!("{:.*}", max_decimals, x.abs());
    let (int_part, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let frac = frac.trim_end_matches('0');
    let int_value: i64 = int_part.parse().unwrap_or(0);
    let mut out = format_integer(int_value);
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    let is_zero = int_value == 0 && frac.is_empty();
    if x < 0.0 && !is_zero {
        out.insert(0, '-');
    }
    out
}

/// 2.87 → "2,87%".
pub fn format_percent(x: f64, max_decimals: usize) -> String {
    format!("{}%", format_decimal(x, max_decimals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_vietnamese_and_plain_numbers() {
        assert_eq!(parse_number("1.234,5"), Ok(1234.5));
        assert_eq!(parse_number("2,87"), Ok(2.87));
        assert_eq!(parse_number("1.234.567"), Ok(1_234_567.0));
        assert_eq!(parse_number("1.234"), Ok(1234.0));
        assert_eq!(parse_number("2.87"), Ok(2.87));
        assert_eq!(parse_number("  100 "), Ok(100.0));
        assert_eq!(parse_number("-3,5"), Ok(-3.5));
        assert_eq!(parse_number("0,5"), Ok(0.5));
    }

    #[test]
    fn refuses_bad_numbers_with_the_reason() {
        let e = parse_number("12,5a").unwrap_err();
        assert_eq!(
            e,
            NumberError::InvalidChar {
                input: "12,5a".into(),
                ch: 'a',
                position: 5
            }
        );
        assert!(e.to_string().contains("vị trí 5"), "{e}");
        assert!(matches!(
            parse_number("1,234,567"),
            Err(NumberError::Separators { .. })
        ));
        assert!(matches!(
            parse_number("1.23.4"),
            Err(NumberError::Separators { .. })
        ));
        assert!(matches!(
            parse_number("1,234.5"),
            Err(NumberError::Separators { .. })
        ));
        assert!(matches!(
            parse_number("12,"),
            Err(NumberError::Separators { .. })
        ));
        assert_eq!(parse_number(""), Err(NumberError::Empty));
    }

    #[test]
    fn formats_the_vietnamese_way() {
        assert_eq!(format_integer(1_234_567), "1.234.567");
        assert_eq!(format_integer(-1000), "-1.000");
        assert_eq!(format_integer(999), "999");
        assert_eq!(format_decimal(2.87, 2), "2,87");
        assert_eq!(format_decimal(1234.5, 2), "1.234,5");
        assert_eq!(format_decimal(100.0, 2), "100");
        assert_eq!(format_percent(2.87, 2), "2,87%");
    }

    #[test]
    fn format_then_parse_round_trips() {
        for x in [0.0, 1.5, 2.87, 1234.5, 1_234_567.25, -42.75] {
            assert_eq!(parse_number(&format_decimal(x, 2)), Ok(x));
        }
    }
}
