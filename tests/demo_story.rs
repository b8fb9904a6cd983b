//! The demo tells one story on today's date: every date its dashboard and
//! its period list show is read against the plan's own text (its date, its
//! years, the deadlines it sets) and Nghị định 09's cut-offs; its units exist
//! today; its results and its signed periods are for periods that have
//! begun, and no report is left overdue. The text is read here with regular
//! expressions of its own, not with the importer.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use kehoach::calendar::Period;
use kehoach::{FixedClock, Office};
use regex::Regex;

const PLAN_TEXT: &str = include_str!("../assets/demo/ke-hoach.txt");

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// What the plan's text says, read without the importer.
struct Said {
    issued: NaiveDate,
    years: (i32, i32),
    /// (six months, year) deadlines as (day, month), for the Sở and for the
    /// communes reporting to it.
    own: ((u32, u32), (u32, u32)),
    communes: ((u32, u32), (u32, u32)),
}

fn said() -> Said {
    let n = |s: &str| s.parse::<u32>().unwrap();
    let date = Regex::new(r"Hưng Yên, ngày (\d+) tháng (\d+) năm (\d{4})").unwrap();
    let c = date.captures(PLAN_TEXT).expect("the date line");
    let issued = day(c[3].parse().unwrap(), n(&c[2]), n(&c[1]));
    let years = Regex::new(r"GIAI ĐOẠN (\d{4}) - (\d{4})").unwrap();
    let c = years
        .captures(PLAN_TEXT)
        .expect("the plan's years in its title");
    let years = (c[1].parse().unwrap(), c[2].parse().unwrap());
    let rule = |whose: &str| {
        let re = Regex::new(&format!(
            r"[Đđ]ịnh kỳ 6 tháng trước ngày (\d+)/(\d+) và hằng năm trước ngày (\d+)/(\d+) {whose}"
        ))
        .unwrap();
        let c = re.captures(PLAN_TEXT).expect("a reporting deadline");
        ((n(&c[1]), n(&c[2])), (n(&c[3]), n(&c[4])))
    };
    Said {
        issued,
        years,
        own: rule("báo cáo UBND tỉnh"),
        communes: rule("báo cáo kết quả thực hiện về Sở Nội vụ"),
    }
}

/// The due date of `period` under a (six months, year) rule: the first
/// half-year's on the day the text says, the second's six months later.
fn due(period: &Period, (half, year): ((u32, u32), (u32, u32))) -> NaiveDate {
    match *period {
        Period::Half { year: y, half: 1 } => day(y, half.1, half.0),
        Period::Half { year: y, .. } => {
            let m = half.1 + 6;
            if m > 12 {
                day(y + 1, m - 12, half.0)
            } else {
                day(y, m, half.0)
            }
        }
        Period::Year { year: y } => day(y, year.1, year.0),
        other => panic!("the demo has no {other} period"),
    }
}

/// Nghị định 09's cut-offs: six months 15/12 → 14/6, 15/6 → 14/12; the
/// year 15/12 → 14/12.
fn data_range(period: &Period) -> (NaiveDate, NaiveDate) {
    match *period {
        Period::Half { year: y, half: 1 } => (day(y - 1, 12, 15), day(y, 6, 14)),
        Period::Half { year: y, .. } => (day(y, 6, 15), day(y, 12, 14)),
        Period::Year { year: y } => (day(y - 1, 12, 15), day(y, 12, 14)),
        other => panic!("the demo has no {other} period"),
    }
}

fn demo(today: NaiveDate) -> (tempfile::TempDir, Office) {
    let dir = tempfile::tempdir().unwrap();
    let office = Office::create_demo(
        &dir.path().join("demo.sqlite"),
        Arc::new(FixedClock::noon(today)),
    )
    .unwrap();
    (dir, office)
}

/// Every date written in `value`, as "dd/mm/yyyy" or ISO.
fn dates_in(value: &serde_json::Value, out: &mut BTreeSet<NaiveDate>) {
    let vn = Regex::new(r"\b(\d{2})/(\d{2})/(\d{4})\b").unwrap();
    let iso = Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").unwrap();
    match value {
        serde_json::Value::String(s) => {
            for c in vn.captures_iter(s) {
                out.insert(day(
                    c[3].parse().unwrap(),
                    c[2].parse().unwrap(),
                    c[1].parse().unwrap(),
                ));
            }
            for c in iso.captures_iter(s) {
                out.insert(day(
                    c[1].parse().unwrap(),
                    c[2].parse().unwrap(),
                    c[3].parse().unwrap(),
                ));
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| dates_in(v, out)),
        serde_json::Value::Object(o) => o.values().for_each(|v| dates_in(v, out)),
        _ => {}
    }
}

#[test]
fn the_demo_tells_one_story_on_todays_date() {
    let text = said();
    assert_eq!(text.issued, day(2025, 8, 15));
    assert_eq!(text.years, (2025, 2030));
    let today = day(2026, 12, 4);
    let (dir, office) = demo(today);
    let plan = office.only_plan().unwrap();
    let me = office.my_unit_id().unwrap();
    let stored = office.plan(plan).unwrap();
    assert_eq!(stored.issued_on, text.issued);
    assert_eq!((stored.start_year, stored.end_year), text.years);

    // The units exist today: none ended, the communes formed on 1/7/2025.
    for u in office.units().unwrap() {
        assert!(u.valid_to.is_none(), "{} ended", u.name);
        assert!(
            u.valid_from.is_none_or(|from| from <= text.issued),
            "{} formed after the plan",
            u.name
        );
        assert!(
            !matches!(
                u.kind,
                kehoach::model::UnitKind::Huyen | kehoach::model::UnitKind::ThiTran
            ),
            "{} is a district or a township, which ended on 30/6/2025",
            u.name
        );
    }

    // The period list (the window's chooser): the plan's years, from the
    // period holding its date, each due when the text says.
    let list = office.plan_periods(plan, me, today).unwrap();
    let mut known_dates: BTreeSet<NaiveDate> = [today, text.issued].into();
    // A target "vào cuối năm 2030" is due on 31/12/2030.
    let by_end = Regex::new(r"vào cuối năm (\d{4})").unwrap();
    for c in by_end.captures_iter(PLAN_TEXT) {
        known_dates.insert(day(c[1].parse().unwrap(), 12, 31));
    }
    for p in &list.periods {
        let (from, to) = data_range(&p.period);
        assert_eq!((p.data_from, p.data_to), (from, to), "{}", p.period);
        assert!(to >= text.issued, "{} ended before the plan", p.period);
        assert!(
            from.year() <= text.years.1 + 1,
            "{} after the plan",
            p.period
        );
        assert_eq!(p.due, Some(due(&p.period, text.own)), "{}", p.period);
        known_dates.extend([from, to, due(&p.period, text.own)]);
        // Reported periods are those due by today, and only those.
        assert_eq!(
            p.reported,
            due(&p.period, text.own) <= today,
            "{}: reported {}",
            p.period,
            p.reported
        );
    }
    assert_eq!(list.periods[0].period, Period::parse("2025-H2").unwrap());
    assert_eq!(list.current, Some(Period::parse("2026-H2").unwrap()));

    // The dashboard: every date it shows is one of those.
    let board = office.dashboard(plan, me, today).unwrap();
    assert!(!board.plan_ended);
    assert_eq!(board.reporting, list.current);
    for p in &board.periods {
        let due = due(&p.period, text.own);
        assert_eq!(p.due, Some(due), "{}", p.period);
        assert_eq!(p.days_left, Some((due - today).num_days()));
        assert!(due >= today, "{} is overdue in the demo", p.period);
        assert!(
            p.due_label
                .contains(&kehoach::vn::format_short_date(due).to_string()),
            "{}",
            p.due_label
        );
    }
    let mut shown = BTreeSet::new();
    dates_in(&serde_json::to_value(&board).unwrap(), &mut shown);
    assert!(!shown.is_empty());
    for d in &shown {
        assert!(
            known_dates.contains(d),
            "the dashboard shows {d}, which neither the plan's text nor its periods give"
        );
    }

    // A commune's deadlines are the ones the text gives the communes.
    let commune = office.find_unit("phường Phố Hiến").unwrap().id;
    for p in &office.plan_periods(plan, commune, today).unwrap().periods {
        assert_eq!(p.due, Some(due(&p.period, text.communes)), "{}", p.period);
    }

    // Results and signed periods: only for periods of the list that have
    // begun; a signed report is dated before its period's deadline.
    let listed: Vec<String> = list.periods.iter().map(|p| p.period.to_string()).collect();
    let db = rusqlite::Connection::open(dir.path().join("demo.sqlite")).unwrap();
    for table in ["progress", "indicator_values", "period_locks"] {
        let mut q = db
            .prepare(&format!("SELECT DISTINCT period FROM {table}"))
            .unwrap();
        let periods: Vec<String> = q
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(!periods.is_empty(), "{table}");
        for p in periods {
            assert!(
                listed.contains(&p),
                "{table}: {p} is not a period of the plan"
            );
            let (from, _) = data_range(&Period::parse(&p).unwrap());
            assert!(from <= today, "{table}: {p} has not begun");
        }
    }
    let signed_on = Regex::new(r"ngày (\d{2})/(\d{1,2})/(\d{4})").unwrap();
    let mut q = db
        .prepare("SELECT period, reason FROM period_locks")
        .unwrap();
    let locks: Vec<(String, String)> = q
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (period, reason) in locks {
        let c = signed_on.captures(&reason).expect("the report's date");
        let on = day(
            c[3].parse().unwrap(),
            c[2].parse().unwrap(),
            c[1].parse().unwrap(),
        );
        let p = Period::parse(&period).unwrap();
        assert!(
            on <= due(&p, text.own) && on > text.issued && on <= today,
            "{period} signed on {on}"
        );
    }
}
