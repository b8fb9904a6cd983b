//! Dates as official documents write them (Nghị định 30/2020: a day below 10
//! and a month below 3 take a leading zero): "ngày 05 tháng 01 năm 2026",
//! "ngày 30 tháng 6 năm 2017"; short form "05/01/2026".

use chrono::NaiveDate;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("“{input}” không phải là ngày hợp lệ: hãy viết dạng 05/01/2026 hoặc “ngày 05 tháng 01 năm 2026”.")]
pub struct DateError {
    pub input: String,
}

/// "ngày 05 tháng 01 năm 2026".
pub fn format_long_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    let month = if d.month() < 3 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    format!("ngày {:02} tháng {} năm {}", d.day(), month, d.year())
}

/// "05/01/2026".
pub fn format_short_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Reads "05/01/2026", "5/1/2026", "5-1-2026", "2026-01-05" and
/// "ngày 05 tháng 01 năm 2026".
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let err = || DateError {
        input: input.trim().to_string(),
    };
    let s = super::fold(input);
    let nums: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u32>().map_err(|_| err()))
        .collect::<Result<_, _>>()?;
    if nums.len() != 3 {
        return Err(err());
    }
    let words: String = s
        .chars()
        .filter(|c| c.is_alphabetic() || *c == ' ')
        .collect();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let (y, m, d) = if words == "ngay thang nam" || words.is_empty() && nums[2] > 31 {
        (nums[2], nums[1], nums[0])
    } else if words.is_empty() && nums[0] > 31 {
        (nums[0], nums[1], nums[2])
    } else {
        return Err(err());
    };
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn long_form_pads_day_below_10_and_month_below_3() {
        assert_eq!(format_long_date(d(2026, 1, 5)), "ngày 05 tháng 01 năm 2026");
        assert_eq!(format_long_date(d(2017, 6, 30)), "ngày 30 tháng 6 năm 2017");
        assert_eq!(format_long_date(d(2026, 7, 5)), "ngày 05 tháng 7 năm 2026");
        assert_eq!(
            format_long_date(d(2026, 12, 15)),
            "ngày 15 tháng 12 năm 2026"
        );
    }

    #[test]
    fn parses_the_forms_officers_write() {
        assert_eq!(parse_date("05/01/2026"), Ok(d(2026, 1, 5)));
        assert_eq!(parse_date("5/3/2026"), Ok(d(2026, 3, 5)));
        assert_eq!(parse_date("2026-03-05"), Ok(d(2026, 3, 5)));
        assert_eq!(parse_date("ngày 30 tháng 6 năm 2017"), Ok(d(2017, 6, 30)));
        assert_eq!(parse_date("Ngày 05 tháng 01 năm 2026"), Ok(d(2026, 1, 5)));
        assert_eq!(format_short_date(d(2026, 1, 5)), "05/01/2026");
    }

    #[test]
    fn refuses_impossible_dates() {
        assert!(parse_date("31/02/2026").is_err());
        assert!(parse_date("hôm qua").is_err());
        assert!(parse_date("1/2").is_err());
        let e = parse_date("32/13/2026").unwrap_err();
        assert!(e.to_string().contains("32/13/2026"));
    }
}
