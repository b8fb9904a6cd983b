//! Properties of the Vietnamese text functions over generated input.

use kehoach::vn;
use proptest::prelude::*;

/// Words made of Vietnamese letters, tones and some punctuation.
fn viet_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "[a-zA-ZăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵÁÀỦỶ ,.-]{0,40}",
    )
    .unwrap()
}

proptest! {
    #[test]
    fn tone_placement_is_idempotent_and_keeps_letters(s in viet_text()) {
        let once = vn::classic_tone_placement(&s);
        prop_assert_eq!(vn::classic_tone_placement(&once), once.clone());
        prop_assert_eq!(vn::fold(&once), vn::fold(&s));
    }

    #[test]
    fn match_key_is_idempotent(s in viet_text()) {
        let k = vn::match_key(&s);
        prop_assert_eq!(vn::match_key(&k), k);
    }

    #[test]
    fn collation_is_antisymmetric_and_total(a in viet_text(), b in viet_text()) {
        prop_assert_eq!(vn::compare(&a, &b), vn::compare(&b, &a).reverse());
        if vn::compare(&a, &b) == std::cmp::Ordering::Equal {
            prop_assert_eq!(vn::nfc(&a), vn::nfc(&b));
        }
    }

    #[test]
    fn numbers_round_trip_through_vietnamese_form(cents in -10_000_000_000i64..10_000_000_000i64) {
        let x = cents as f64 / 100.0;
        let written = vn::format_decimal(x, 2);
        prop_assert_eq!(vn::parse_number(&written), Ok(x));
    }

    #[test]
    fn parsing_any_text_never_panics(s in "\\PC{0,20}") {
        let _ = vn::parse_number(&s);
        let _ = vn::parse_date(&s);
    }
}
