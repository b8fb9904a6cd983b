//! The importer never panics, whatever it is given: random bytes, and text
//! built from the pieces plans are made of, in any order.

use kehoach::plan_import::import_file;
use proptest::prelude::*;

const PIECES: [&str; 24] = [
    "I. ",
    "II. NỘI DUNG\n",
    "III. TỔ CHỨC THỰC HIỆN\n",
    "1. ",
    "2.1. ",
    "a) ",
    "đ) ",
    "- ",
    "+ ",
    "* ",
    "Đơn vị chủ trì: ",
    "Đơn vị phối hợp: ",
    "Sở Y tế; ",
    "UBND các huyện, thành phố",
    "(Chủ trì: ",
    ")",
    "Số: 12/KH-UBND\n",
    "Hà Nội, ngày 05 tháng 01 năm 2026\n",
    "KẾ HOẠCH\n",
    "TM. ỦY BAN NHÂN DÂN\n",
    "Nơi nhận:\n",
    "trước ngày 10/7 hàng năm",
    "tỷ lệ hộ nghèo giảm còn 2,5%",
    "\n[...]\n",
];

fn plan_like() -> impl Strategy<Value = String> {
    prop::collection::vec((0..PIECES.len(), "[a-zA-Zàáạđươ ,.;:()\n-]{0,12}"), 0..60).prop_map(
        |parts| {
            parts
                .into_iter()
                .map(|(i, filler)| format!("{}{filler}", PIECES[i]))
                .collect()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = import_file(&bytes, &[]);
    }

    #[test]
    fn plan_like_text_never_panics(text in plan_like()) {
        if let Ok(r) = import_file(text.as_bytes(), &[]) {
            // What comes out hangs together: spans inside the text, parents first.
            let src = r.document.plan.source_text.clone().unwrap_or_default();
            for (i, t) in r.document.tasks.iter().enumerate() {
                if let Some((a, b)) = t.source_span {
                    prop_assert!(a <= b && b <= src.len());
                    prop_assert!(src.is_char_boundary(a) && src.is_char_boundary(b));
                }
                if let Some(p) = t.parent_id {
                    prop_assert!(r.document.tasks[..i].iter().any(|x| x.id == p));
                }
            }
        }
    }
}
