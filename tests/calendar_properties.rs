//! Every date falls in exactly one period of each kind, and the periods of a
//! kind follow each other with no gap and no overlap.

use chrono::{Duration, NaiveDate};
use kehoach::calendar::{Period, PeriodKind};
use proptest::prelude::*;

const KINDS: [PeriodKind; 4] = [
    PeriodKind::Month,
    PeriodKind::Quarter,
    PeriodKind::Half,
    PeriodKind::Year,
];

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..60_000).prop_map(|d| NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + Duration::days(d))
}

proptest! {
    #[test]
    fn each_date_is_in_exactly_one_period_of_each_kind(date in any_date()) {
        for kind in KINDS {
            let p = Period::containing(date, kind);
            let (start, end) = p.data_range(0);
            prop_assert!(start <= date && date <= end, "{date} not in {p} {start}..{end}");
            let prev = p.previous().unwrap();
            let (ps, pe) = prev.data_range(0);
            prop_assert!(!(ps <= date && date <= pe), "{date} also in {prev}");
            // Contiguous: the previous period ends the day before this one starts.
            prop_assert_eq!(pe + Duration::days(1), start);
            // The name reads back to the same period.
            prop_assert_eq!(Period::parse(&p.to_string()).unwrap(), p);
        }
    }

    #[test]
    fn coarser_periods_contain_finer_ones(date in any_date()) {
        let month = Period::containing(date, PeriodKind::Month).data_range(0);
        for kind in [PeriodKind::Quarter, PeriodKind::Half, PeriodKind::Year] {
            let (s, e) = Period::containing(date, kind).data_range(0);
            prop_assert!(s <= month.0 && month.1 <= e);
        }
    }
}
