//! Reporting periods and their dates (Nghị định 09/2019/NĐ-CP, Điều 12): data
//! run from the 15th of one month to the 14th of the next, so a month period
//! "2026-07" covers 15/6 → 14/7, the first half "2026-H1" 15/12/2025 →
//! 14/6/2026, the year "2026" 15/12/2025 → 14/12/2026. Pure: today's date is
//! always passed in.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::{ReportKind, ScheduleRule};

/// Kinds of regular period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Half,
    Year,
}

impl PeriodKind {
    /// A kind as an officer names it: "tháng", "quý", "6 tháng", "năm"
    /// (or month, quarter, half, year).
    pub fn from_words(s: &str) -> Result<PeriodKind, crate::model::Invalid> {
        Ok(match crate::vn::fold(s).as_str() {
            "month" | "thang" => PeriodKind::Month,
            "quarter" | "quy" => PeriodKind::Quarter,
            "half" | "6 thang" | "six months" | "six_months" => PeriodKind::Half,
            "year" | "nam" => PeriodKind::Year,
            _ => {
                return Err(crate::model::Invalid::new(
                    "Loại kỳ",
                    format!("“{s}” không hợp lệ; dùng tháng, quý, 6 tháng hoặc năm."),
                ))
            }
        })
    }

    /// The kind of report that covers periods of this kind.
    pub fn report_kind(self) -> ReportKind {
        match self {
            PeriodKind::Month => ReportKind::Month,
            PeriodKind::Quarter => ReportKind::Quarter,
            PeriodKind::Half => ReportKind::SixMonths,
            PeriodKind::Year => ReportKind::Year,
        }
    }
}

/// A reporting period, named as in the CLI and in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// "2026-07"
    Month { year: i32, month: u32 },
    /// "2026-Q3"
    Quarter { year: i32, quarter: u32 },
    /// "2026-H1", "2026-H2"
    Half { year: i32, half: u32 },
    /// "2026"
    Year { year: i32 },
    /// Đột xuất: "DX-2026-03-05" (the day it was asked for).
    AdHoc { asked_on: NaiveDate },
    /// Sơ kết at the end of a phase: "SK-2020".
    MidTerm { year: i32 },
    /// Tổng kết at the end of the plan: "TK-2025".
    Final { year: i32 },
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("“{0}” không phải là kỳ báo cáo: hãy viết 2026-H1, 2026-H2, 2026, 2026-Q3, 2026-07, SK-2020, TK-2025 hoặc DX-2026-03-05.")]
pub struct PeriodError(pub String);

/// The month period a date's data belongs to: from the 15th, the next month.
fn month_of(date: NaiveDate) -> (i32, u32) {
    let (y, m) = (date.year(), date.month());
    if date.day() >= 15 {
        if m == 12 {
            (y + 1, 1)
        } else {
            (y, m + 1)
        }
    } else {
        (y, m)
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid calendar date")
}

/// The 15th of the month before (y, m): where month (y, m)'s data start.
fn start_of_month_period(y: i32, m: u32) -> NaiveDate {
    if m == 1 {
        ymd(y - 1, 12, 15)
    } else {
        ymd(y, m - 1, 15)
    }
}

impl Period {
    /// The period of `kind` that `date`'s data belong to.
    pub fn containing(date: NaiveDate, kind: PeriodKind) -> Period {
        let (year, month) = month_of(date);
        match kind {
            PeriodKind::Month => Period::Month { year, month },
            PeriodKind::Quarter => Period::Quarter {
                year,
                quarter: month.div_ceil(3),
            },
            PeriodKind::Half => Period::Half {
                year,
                half: if month <= 6 { 1 } else { 2 },
            },
            PeriodKind::Year => Period::Year { year },
        }
    }

    pub fn kind(&self) -> Option<PeriodKind> {
        match self {
            Period::Month { .. } => Some(PeriodKind::Month),
            Period::Quarter { .. } => Some(PeriodKind::Quarter),
            Period::Half { .. } => Some(PeriodKind::Half),
            Period::Year { .. } => Some(PeriodKind::Year),
            _ => None,
        }
    }

    /// First and last day of the period's data (both included). Reviews
    /// need the plan's phase start, so they take `from_year`: the year the
    /// phase or plan began.
    pub fn data_range(&self, from_year: i32) -> (NaiveDate, NaiveDate) {
        match *self {
            Period::Month { year, month } => {
                (start_of_month_period(year, month), ymd(year, month, 14))
            }
            Period::Quarter { year, quarter } => (
                start_of_month_period(year, quarter * 3 - 2),
                ymd(year, quarter * 3, 14),
            ),
            Period::Half { year, half } => (
                start_of_month_period(year, half * 6 - 5),
                ymd(year, half * 6, 14),
            ),
            Period::Year { year } => (ymd(year - 1, 12, 15), ymd(year, 12, 14)),
            Period::MidTerm { year } | Period::Final { year } => {
                (ymd(from_year - 1, 12, 15), ymd(year, 12, 14))
            }
            Period::AdHoc { asked_on } => (ymd(asked_on.year() - 1, 12, 15), asked_on),
        }
    }

    /// The period before this one, of the same kind.
    /// Cùng kỳ năm trước: the same period a year before (2025-H1 for
    /// 2026-H1, 2025 for 2026); None for đột xuất, sơ kết and tổng kết.
    pub fn same_period_last_year(&self) -> Option<Period> {
        Some(match *self {
            Period::Month { year, month } => Period::Month {
                year: year - 1,
                month,
            },
            Period::Quarter { year, quarter } => Period::Quarter {
                year: year - 1,
                quarter,
            },
            Period::Half { year, half } => Period::Half {
                year: year - 1,
                half,
            },
            Period::Year { year } => Period::Year { year: year - 1 },
            _ => return None,
        })
    }

    pub fn previous(&self) -> Option<Period> {
        Some(match *self {
            Period::Month { year, month: 1 } => Period::Month {
                year: year - 1,
                month: 12,
            },
            Period::Month { year, month } => Period::Month {
                year,
                month: month - 1,
            },
            Period::Quarter { year, quarter: 1 } => Period::Quarter {
                year: year - 1,
                quarter: 4,
            },
            Period::Quarter { year, quarter } => Period::Quarter {
                year,
                quarter: quarter - 1,
            },
            Period::Half { year, half: 1 } => Period::Half {
                year: year - 1,
                half: 2,
            },
            Period::Half { year, .. } => Period::Half { year, half: 1 },
            Period::Year { year } => Period::Year { year: year - 1 },
            _ => return None,
        })
    }

    /// "6 tháng đầu năm 2026", "quý III năm 2026", "tháng 7 năm 2026".
    pub fn label(&self) -> String {
        const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
        match *self {
            Period::Month { year, month } => format!("tháng {month} năm {year}"),
            Period::Quarter { year, quarter } => {
                format!("quý {} năm {year}", ROMAN[(quarter - 1) as usize])
            }
            Period::Half { year, half: 1 } => format!("6 tháng đầu năm {year}"),
            Period::Half { year, .. } => format!("6 tháng cuối năm {year}"),
            Period::Year { year } => format!("năm {year}"),
            Period::AdHoc { asked_on } => {
                format!("đột xuất ({})", crate::vn::format_short_date(asked_on))
            }
            Period::MidTerm { year } => format!("sơ kết đến năm {year}"),
            Period::Final { year } => format!("tổng kết đến năm {year}"),
        }
    }

    /// Reads "2026-H1", "2026-H2", "2026", "2026-Q3", "2026-07", "SK-2020",
    /// "TK-2025", "DX-2026-03-05" (case and spaces ignored).
    pub fn parse(s: &str) -> Result<Period, PeriodError> {
        let t: String = s
            .trim()
            .to_uppercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let err = || PeriodError(s.trim().to_string());
        let year = |y: &str| -> Result<i32, PeriodError> {
            let v: i32 = y.parse().map_err(|_| err())?;
            (1900..=2200).contains(&v).then_some(v).ok_or_else(err)
        };
        if let Some(rest) = t.strip_prefix("SK-") {
            return Ok(Period::MidTerm { year: year(rest)? });
        }
        if let Some(rest) = t.strip_prefix("TK-") {
            return Ok(Period::Final { year: year(rest)? });
        }
        if let Some(rest) = t.strip_prefix("DX-") {
            let d = NaiveDate::parse_from_str(rest, "%Y-%m-%d").map_err(|_| err())?;
            return Ok(Period::AdHoc { asked_on: d });
        }
        let (y, rest) = t.split_once('-').map_or((t.as_str(), ""), |(a, b)| (a, b));
        if y.len() != 4 {
            return Err(err());
        }
        let y = year(y)?;
        match rest {
            "" => Ok(Period::Year { year: y }),
            "H1" | "H2" => Ok(Period::Half {
                year: y,
                half: if rest == "H1" { 1 } else { 2 },
            }),
            q if q.starts_with('Q') => match q[1..].parse::<u32>() {
                Ok(n @ 1..=4) => Ok(Period::Quarter {
                    year: y,
                    quarter: n,
                }),
                _ => Err(err()),
            },
            m if m.len() == 2 => match m.parse::<u32>() {
                Ok(n @ 1..=12) => Ok(Period::Month { year: y, month: n }),
                _ => Err(err()),
            },
            _ => Err(err()),
        }
    }

    /// The report kind whose schedule rule sets this period's due date.
    pub fn report_kind(&self) -> ReportKind {
        match self {
            Period::MidTerm { .. } => ReportKind::MidTerm,
            Period::Final { .. } => ReportKind::Final,
            Period::AdHoc { .. } => ReportKind::Year,
            regular => regular.kind().expect("regular period").report_kind(),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Period::Half { year, half } => write!(f, "{year}-H{half}"),
            Period::Year { year } => write!(f, "{year}"),
            Period::AdHoc { asked_on } => write!(f, "DX-{}", asked_on.format("%Y-%m-%d")),
            Period::MidTerm { year } => write!(f, "SK-{year}"),
            Period::Final { year } => write!(f, "TK-{year}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Period::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// When a report is due: a day and month, in the period's last year or the
/// year after. "trước ngày 10/7" is read as due on 10/7: sent after it is late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueRule {
    pub day: u32,
    pub month: u32,
    pub next_year: bool,
}

impl DueRule {
    /// Reads a due day as an officer writes it: "10/7", "05/07", "10-7".
    /// `next_year`: the date falls in the year after the period's last.
    pub fn parse(text: &str, next_year: bool) -> Result<DueRule, crate::model::Invalid> {
        let invalid = |m: String| crate::model::Invalid::new("Hạn báo cáo", m);
        let bad = || invalid(format!("“{}” phải là ngày/tháng, ví dụ 10/7.", text.trim()));
        let parts: Vec<u32> = text
            .trim()
            .split(['/', '-', '.'])
            .map(|x| x.trim().parse::<u32>())
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        let [day, month] = parts[..] else {
            return Err(bad());
        };
        let longest = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        if !(1..=12).contains(&month) || day == 0 || day > longest[month as usize - 1] {
            return Err(invalid(format!("ngày {day}/{month} không có trong năm.")));
        }
        Ok(DueRule {
            day,
            month,
            next_year,
        })
    }

    pub fn from_schedule(rule: &ScheduleRule) -> Option<DueRule> {
        Some(DueRule {
            day: rule.due_day?,
            month: rule.due_month?,
            next_year: rule.due_next_year,
        })
    }
}

/// The due date of `period` under `rule`. A six-monthly rule names the date
/// for the first half; the second half's is six months later. A quarterly
/// rule names the first quarter's; the others follow every three months.
pub fn due_date(period: &Period, rule: DueRule) -> Option<NaiveDate> {
    let (last_year, shift) = match *period {
        Period::Half { year, half } => (year, (half - 1) * 6),
        Period::Quarter { year, quarter } => (year, (quarter - 1) * 3),
        Period::Month { year, month } => (year, month - 1),
        Period::Year { year } | Period::MidTerm { year } | Period::Final { year } => (year, 0),
        Period::AdHoc { .. } => return None,
    };
    let months = rule.month - 1 + shift;
    let year = last_year + i32::from(rule.next_year) + (months / 12) as i32;
    let month = months % 12 + 1;
    // "ngày 31" in a shorter month: its last day.
    (0..4).find_map(|back| NaiveDate::from_ymd_opt(year, month, rule.day - back))
}

/// The days a plan running from `start_year` to `end_year` is carried
/// out: 1/1 of its first year to 31/12 of its last.
pub fn plan_data_range(start_year: i32, end_year: i32) -> (NaiveDate, NaiveDate) {
    (ymd(start_year, 1, 1), ymd(end_year, 12, 31))
}

/// Does a plan running from `start_year` to `end_year` cover `period`? It
/// does when the period's data overlap the plan's days: what was done on
/// 20/12/2025, the plan's last year, is reported in 2026-H1 (Decree 09).
pub fn plan_covers(period: &Period, start_year: i32, end_year: i32) -> bool {
    let (ps, pe) = plan_data_range(start_year, end_year);
    let (s, e) = period.data_range(start_year);
    s <= pe && e >= ps
}

/// The reviews of a plan: a sơ kết at the end of each phase but the last,
/// and the tổng kết at the end of the plan.
pub fn review_periods(plan: &crate::model::Plan) -> Vec<Period> {
    let mut out: Vec<Period> = plan
        .phases
        .iter()
        .map(|p| p.end_year)
        .filter(|y| *y < plan.end_year)
        .map(|year| Period::MidTerm { year })
        .collect();
    out.sort();
    out.dedup();
    out.push(Period::Final {
        year: plan.end_year,
    });
    out
}

/// The periods of `kind` whose data fall within the plan's years.
pub fn periods_of(kind: PeriodKind, start_year: i32, end_year: i32) -> Vec<Period> {
    let mut out = Vec::new();
    for year in start_year..=end_year {
        match kind {
            PeriodKind::Year => out.push(Period::Year { year }),
            PeriodKind::Half => out.extend((1..=2).map(|half| Period::Half { year, half })),
            PeriodKind::Quarter => {
                out.extend((1..=4).map(|quarter| Period::Quarter { year, quarter }))
            }
            PeriodKind::Month => out.extend((1..=12).map(|month| Period::Month { year, month })),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn due_days_are_read_as_officers_write_them() {
        let rule = |day, month, next_year| DueRule {
            day,
            month,
            next_year,
        };
        assert_eq!(DueRule::parse("10/7", false), Ok(rule(10, 7, false)));
        assert_eq!(DueRule::parse(" 05/07 ", false), Ok(rule(5, 7, false)));
        assert_eq!(DueRule::parse("15-1", true), Ok(rule(15, 1, true)));
        assert_eq!(DueRule::parse("29/2", false), Ok(rule(29, 2, false)));
        for bad in ["", "10", "10/7/2026", "a/7", "0/7", "31/4", "30/2", "5/13"] {
            let e = DueRule::parse(bad, false).unwrap_err();
            assert!(e.message.contains("ngày"), "{bad}: {e}");
        }
    }

    #[test]
    fn cut_offs_follow_decree_09() {
        assert_eq!(
            Period::Half {
                year: 2026,
                half: 1
            }
            .data_range(0),
            (d(2025, 12, 15), d(2026, 6, 14))
        );
        assert_eq!(
            Period::Half {
                year: 2026,
                half: 2
            }
            .data_range(0),
            (d(2026, 6, 15), d(2026, 12, 14))
        );
        assert_eq!(
            Period::Year { year: 2026 }.data_range(0),
            (d(2025, 12, 15), d(2026, 12, 14))
        );
        assert_eq!(
            Period::Quarter {
                year: 2026,
                quarter: 3
            }
            .data_range(0),
            (d(2026, 6, 15), d(2026, 9, 14))
        );
        assert_eq!(
            Period::Month {
                year: 2026,
                month: 1
            }
            .data_range(0),
            (d(2025, 12, 15), d(2026, 1, 14))
        );
        assert_eq!(
            Period::Final { year: 2025 }.data_range(2017),
            (d(2016, 12, 15), d(2025, 12, 14))
        );
    }

    #[test]
    fn dates_near_the_cut_off() {
        assert_eq!(
            Period::containing(d(2026, 6, 14), PeriodKind::Half).to_string(),
            "2026-H1"
        );
        assert_eq!(
            Period::containing(d(2026, 6, 15), PeriodKind::Half).to_string(),
            "2026-H2"
        );
        assert_eq!(
            Period::containing(d(2025, 12, 20), PeriodKind::Year).to_string(),
            "2026"
        );
        assert_eq!(
            Period::containing(d(2025, 12, 20), PeriodKind::Month).to_string(),
            "2026-01"
        );
        assert_eq!(
            Period::containing(d(2026, 9, 14), PeriodKind::Quarter).to_string(),
            "2026-Q3"
        );
    }

    #[test]
    fn names_round_trip_and_bad_names_are_refused() {
        for name in [
            "2026-H1",
            "2026-H2",
            "2026",
            "2026-Q3",
            "2026-07",
            "SK-2020",
            "TK-2025",
            "DX-2026-03-05",
        ] {
            assert_eq!(Period::parse(name).unwrap().to_string(), name);
        }
        assert_eq!(Period::parse(" 2026-h1 ").unwrap().to_string(), "2026-H1");
        for bad in [
            "2026-H3", "2026-Q5", "2026-13", "26-H1", "H1", "", "năm nay",
        ] {
            let e = Period::parse(bad).unwrap_err();
            assert!(e.to_string().contains("không phải là kỳ báo cáo"), "{bad}");
        }
    }

    #[test]
    fn due_dates_from_the_plans_rules() {
        let six = DueRule {
            day: 10,
            month: 7,
            next_year: false,
        };
        assert_eq!(
            due_date(
                &Period::Half {
                    year: 2026,
                    half: 1
                },
                six
            ),
            Some(d(2026, 7, 10))
        );
        assert_eq!(
            due_date(
                &Period::Half {
                    year: 2026,
                    half: 2
                },
                six
            ),
            Some(d(2027, 1, 10))
        );
        let year_next = DueRule {
            day: 10,
            month: 1,
            next_year: true,
        };
        assert_eq!(
            due_date(&Period::Year { year: 2026 }, year_next),
            Some(d(2027, 1, 10))
        );
        let year_same = DueRule {
            day: 15,
            month: 12,
            next_year: false,
        };
        assert_eq!(
            due_date(&Period::Year { year: 2026 }, year_same),
            Some(d(2026, 12, 15))
        );
        let quarter = DueRule {
            day: 15,
            month: 3,
            next_year: false,
        };
        assert_eq!(
            due_date(
                &Period::Quarter {
                    year: 2026,
                    quarter: 4
                },
                quarter
            ),
            Some(d(2026, 12, 15))
        );
        let end_of_month = DueRule {
            day: 31,
            month: 3,
            next_year: false,
        };
        assert_eq!(
            due_date(
                &Period::Quarter {
                    year: 2026,
                    quarter: 2
                },
                end_of_month
            ),
            Some(d(2026, 6, 30))
        );
    }

    #[test]
    fn plans_cover_their_own_periods_only() {
        assert!(plan_covers(&Period::parse("2017-H1").unwrap(), 2017, 2025));
        assert!(plan_covers(&Period::parse("2025").unwrap(), 2017, 2025));
        // 15/12/2025 – 14/6/2026 holds the last two weeks of 2025.
        assert!(plan_covers(&Period::parse("2026-H1").unwrap(), 2017, 2025));
        assert!(!plan_covers(&Period::parse("2026-H2").unwrap(), 2017, 2025));
        assert!(!plan_covers(&Period::parse("2016-H2").unwrap(), 2017, 2025));
    }

    #[test]
    fn labels_in_vietnamese() {
        assert_eq!(
            Period::parse("2026-H1").unwrap().label(),
            "6 tháng đầu năm 2026"
        );
        assert_eq!(
            Period::parse("2026-Q3").unwrap().label(),
            "quý III năm 2026"
        );
        assert_eq!(
            Period::parse("2026-07").unwrap().label(),
            "tháng 7 năm 2026"
        );
        assert_eq!(Period::parse("2026").unwrap().label(), "năm 2026");
    }
}
