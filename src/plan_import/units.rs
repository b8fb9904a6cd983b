//! Unit names as plans write them: lists split into single units and groups
//! ("UBND các huyện, thành phố" is many units, not one), and names matched
//! across spellings ("Sở Lao động - Thương binh và Xã hội" = "Sở Lao
//! động-Thương binh và Xã hội" = "Sở LĐTBXH").

use crate::model::UnitKind;
use crate::vn;

/// A unit named in a plan.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum UnitMention {
    /// One unit, by its name as written.
    One(String),
    /// A set of units ("các sở, ban, ngành có liên quan"), with the kinds of
    /// unit it covers.
    Group { label: String, kinds: Vec<UnitKind> },
}

/// Words that begin a unit's name. A list is split before them only.
const UNIT_STARTS: [&str; 44] = [
    "Sở ",
    "Phòng ",
    "Ban ",
    "Bộ ",
    "Ủy ban",
    "Uỷ ban",
    "UBND",
    "UBMTTQ",
    "Hội ",
    "Liên đoàn",
    "Liên hiệp",
    "Liên minh",
    "Đoàn ",
    "Tỉnh đoàn",
    "Huyện đoàn",
    "Thành đoàn",
    "Mặt trận",
    "Công an",
    "Văn phòng",
    "Đài ",
    "Báo ",
    "Trường ",
    "Trung tâm",
    "Bảo hiểm",
    "Ngân hàng",
    "Cục ",
    "Chi cục",
    "Kho bạc",
    "Viện ",
    "Bệnh viện",
    "Hội đồng",
    "Thanh tra",
    "Tòa án",
    "Quỹ ",
    "Đảng ủy",
    "Huyện ủy",
    "Tỉnh ủy",
    "Thành ủy",
    "Cơ quan",
    "các ",
    "Các ",
    "Thủ trưởng",
    "Chủ tịch",
    "Hạt ",
];

/// Phrases that begin like a unit but are verbs or things ("Ban hành" is
/// "to issue", "Hội nghị" a meeting).
const NOT_UNITS: [&str; 12] = [
    "Ban hành",
    "Hội nghị",
    "Hội thảo",
    "Hội thi",
    "Hội chợ",
    "Đoàn kết",
    "Báo cáo",
    "Trường hợp",
    "Quỹ đất",
    "Bộ máy",
    "Bộ tiêu chí",
    "Cơ quan báo chí",
];

/// A unit's name is a name, not a sentence.
const MAX_NAME_WORDS: usize = 14;

fn starts_unit(s: &str) -> bool {
    UNIT_STARTS.iter().any(|w| s.starts_with(w)) && !NOT_UNITS.iter().any(|w| s.starts_with(w))
}

/// Does this text begin with a unit's name (used for the duties listed per
/// unit in "Tổ chức thực hiện")?
pub fn begins_with_unit(s: &str) -> bool {
    let s = s.strip_prefix("Đề nghị ").unwrap_or(s);
    starts_unit(s) && !s.starts_with("các ") && !s.starts_with("Các nội dung")
}

/// Splits "Sở Y tế; Sở Văn hóa, Thể thao và Du lịch, các sở, ban, ngành có
/// liên quan và UBND các huyện, thành phố." into its units and groups.
pub fn split_units(text: &str) -> Vec<UnitMention> {
    let text = vn::clean(text);
    let text = text.trim().trim_end_matches(['.', ';', ',']);
    let mut names: Vec<String> = Vec::new();
    for part in text.split(';') {
        let mut current = String::new();
        let mut rest = part.trim();
        while !rest.is_empty() {
            // Find the next ", " or " và " after which a unit name starts.
            let mut cut = None;
            for (i, _) in rest.char_indices() {
                for sep in [", ", " và ", " với "] {
                    if rest[i..].starts_with(sep) && starts_unit(&rest[i + sep.len()..]) {
                        cut = Some((i, sep.len()));
                        break;
                    }
                }
                if cut.is_some() {
                    break;
                }
            }
            match cut {
                Some((i, len)) => {
                    current.push_str(&rest[..i]);
                    names.push(std::mem::take(&mut current));
                    rest = &rest[i + len..];
                }
                None => {
                    current.push_str(rest);
                    rest = "";
                }
            }
        }
        names.push(current);
    }
    names
        .into_iter()
        .map(|n| n.trim().trim_start_matches("và ").trim().to_string())
        .filter(|n| n.chars().any(char::is_alphabetic))
        .filter(|n| n.split_whitespace().count() <= MAX_NAME_WORDS)
        .map(|n| mention(&n))
        .collect()
}

fn mention(name: &str) -> UnitMention {
    let f = vn::fold(name);
    let group_words = f.starts_with("cac ")
        || f.starts_with("ubnd cac ")
        || f.starts_with("uy ban nhan dan cac ")
        || f.starts_with("thu truong cac ")
        || f.contains("huyen thanh pho")
        || f.contains("huyen thi xa")
        || f.contains("xa phuong")
        || f.contains("xa thi tran")
        || f.contains("ban nganh");
    if !group_words {
        return UnitMention::One(name.to_string());
    }
    let mut kinds = Vec::new();
    let has = |w: &str| f.split(' ').any(|x| x == w) || f.contains(w);
    if has("so") || f.contains("ban nganh") {
        kinds.extend([UnitKind::So, UnitKind::Ban]);
    }
    if has("phong") {
        kinds.push(UnitKind::Phong);
    }
    // "quận", but not the "quan" of "có liên quan".
    let words: Vec<&str> = f.split(|c: char| !c.is_alphanumeric()).collect();
    let quan = words.windows(2).any(|w| w[1] == "quan" && w[0] != "lien")
        || words.first() == Some(&"quan");
    if f.contains("huyen") || f.contains("thanh pho") || f.contains("thi xa") || quan {
        kinds.push(UnitKind::Huyen);
    }
    if f.contains(" xa") && !f.contains("thi xa") || f.contains("phuong") || f.contains("thi tran")
    {
        kinds.extend([UnitKind::Xa, UnitKind::Phuong, UnitKind::ThiTran]);
    }
    if f.contains("doan the") || f.contains("to chuc") || f.contains("hoi ") {
        kinds.push(UnitKind::DoanThe);
    }
    if kinds.is_empty() {
        kinds.push(UnitKind::Khac);
    }
    UnitMention::Group {
        label: name.to_string(),
        kinds,
    }
}

/// The key two spellings of one unit share: "ubnd" for "Ủy ban nhân dân",
/// one tone placement, one dash, no full stop.
pub fn name_key(name: &str) -> String {
    let k = vn::match_key(name);
    let k = k
        .replace("ủy ban nhân dân", "ubnd")
        .replace("ủy ban mặt trận tổ quốc việt nam", "ubmttqvn")
        .replace("mặt trận tổ quốc việt nam", "mttqvn")
        .replace('&', "")
        .replace(['.', '(', ')'], "");
    k.trim().to_string()
}

/// The agency words that begin a name and stay whole in its acronym form.
const AGENCY_HEADS: [&str; 9] = [
    "sở",
    "phòng",
    "ban",
    "bộ",
    "ubnd",
    "hội",
    "liên đoàn",
    "trung tâm",
    "văn phòng",
];

/// "Sở Lao động - Thương binh và Xã hội" → "sở lđtbxh"; "Sở LĐTBXH" → the
/// same. None when the name has no agency head word.
pub fn acronym_key(name: &str) -> Option<String> {
    let key = name_key(name);
    let head = AGENCY_HEADS
        .iter()
        .find(|h| key.starts_with(&format!("{h} ")))?;
    let rest = key[head.len()..].trim();
    let words: Vec<&str> = rest
        .split([' ', '-', ','])
        .filter(|w| !w.is_empty() && *w != "và")
        .collect();
    let acronym: String = if words.len() == 1 {
        words[0].to_string()
    } else {
        words.iter().filter_map(|w| w.chars().next()).collect()
    };
    (acronym.chars().count() >= 2).then(|| format!("{head} {acronym}"))
}

/// "UBND huyện", "UBND tỉnh": a level, not a named unit.
pub fn is_generic(name: &str) -> bool {
    let f = vn::fold(name);
    let rest = f
        .strip_prefix("ubnd ")
        .or_else(|| f.strip_prefix("uy ban nhan dan "))
        .unwrap_or(&f);
    [
        "tinh",
        "huyen",
        "thanh pho",
        "quan",
        "thi xa",
        "xa",
        "phuong",
        "thi tran",
        "cap tren",
    ]
    .contains(&rest)
}

/// Is this name written with an acronym ("Sở LĐTBXH", "Phòng GD&ĐT")?
pub fn is_acronym_form(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    words.len() >= 2
        && words[1..].iter().any(|w| {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase()) && *w != "UBND"
        })
}

/// Guesses a new unit's kind from its name.
pub fn kind_from_name(name: &str) -> UnitKind {
    let f = vn::fold(name);
    let after_ubnd = f
        .strip_prefix("uy ban nhan dan ")
        .or_else(|| f.strip_prefix("ubnd "));
    // Cities governed by the centre rank as provinces.
    const CENTRAL_CITIES: [&str; 6] = [
        "ha noi",
        "ho chi minh",
        "hai phong",
        "da nang",
        "can tho",
        "hue",
    ];
    if let Some(rest) = after_ubnd {
        if let Some(city) = rest.strip_prefix("thanh pho ") {
            if CENTRAL_CITIES.contains(&city) {
                return UnitKind::Tinh;
            }
        }
        return match rest.split(' ').next() {
            Some("tinh") => UnitKind::Tinh,
            Some("huyen" | "quan" | "thanh") if !rest.starts_with("thanh pho ho chi minh") => {
                if rest.starts_with("thanh pho") && f.contains("truc thuoc trung uong") {
                    UnitKind::Tinh
                } else {
                    UnitKind::Huyen
                }
            }
            Some("thi") if rest.starts_with("thi xa") => UnitKind::Huyen,
            Some("thi") => UnitKind::ThiTran,
            Some("xa") => UnitKind::Xa,
            Some("phuong") => UnitKind::Phuong,
            Some("dac") => UnitKind::DacKhu,
            _ => UnitKind::Khac,
        };
    }
    match f.split(' ').next().unwrap_or("") {
        "so" => UnitKind::So,
        "phong" => UnitKind::Phong,
        "ban" => UnitKind::Ban,
        "hoi" | "doan" | "lien" | "mat" | "ubmttq" | "ubmttqvn" => UnitKind::DoanThe,
        _ if f.starts_with("uy ban mat tran") || f.contains("doan thanh nien") => UnitKind::DoanThe,
        _ => UnitKind::Khac,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> UnitMention {
        UnitMention::One(s.into())
    }

    #[test]
    fn splits_lists_but_not_names_with_commas() {
        let got = split_units(
            "Sở Lao động - Thương binh và Xã hội, Sở Giáo dục và Đào tạo; Sở Văn hóa, Thể thao và Du lịch; Hội Liên hiệp các tổ chức hữu nghị tỉnh; các Sở, ban ngành có liên quan và UBND huyện, thành phố.",
        );
        assert_eq!(got[0], one("Sở Lao động - Thương binh và Xã hội"));
        assert_eq!(got[1], one("Sở Giáo dục và Đào tạo"));
        assert_eq!(got[2], one("Sở Văn hóa, Thể thao và Du lịch"));
        assert_eq!(got[3], one("Hội Liên hiệp các tổ chức hữu nghị tỉnh"));
        assert!(
            matches!(&got[4], UnitMention::Group { kinds, .. } if kinds.contains(&UnitKind::So))
        );
        assert!(
            matches!(&got[5], UnitMention::Group { label, kinds } if label == "UBND huyện, thành phố" && kinds == &[UnitKind::Huyen])
        );
        assert_eq!(got.len(), 6);
    }

    #[test]
    fn splits_lead_units_of_several_kinds_on_one_line() {
        let got = split_units(
            "Phòng Văn hóa và Thông tin, Phòng Giáo dục và Đào tạo và UBND các xã, thị trấn",
        );
        assert_eq!(got[0], one("Phòng Văn hóa và Thông tin"));
        assert_eq!(got[1], one("Phòng Giáo dục và Đào tạo"));
        assert!(
            matches!(&got[2], UnitMention::Group { kinds, .. } if kinds.contains(&UnitKind::Xa))
        );
    }

    #[test]
    fn three_spellings_of_one_department_match() {
        let a = acronym_key("Sở Lao động - Thương binh và Xã hội");
        assert_eq!(a.as_deref(), Some("sở lđtbxh"));
        assert_eq!(acronym_key("Sở Lao động-Thương binh và Xã hội"), a);
        assert_eq!(acronym_key("Sở LĐTBXH"), a);
        assert_eq!(
            acronym_key("Sở Văn hóa, Thể thao và Du lịch").as_deref(),
            Some("sở vhttdl")
        );
        assert_eq!(
            name_key("Sở Lao động - Thương binh và Xã hội"),
            name_key("Sở Lao động-Thương binh và Xã hội")
        );
        assert_eq!(
            name_key("Ủy ban nhân dân tỉnh Thái Bình"),
            name_key("UBND tỉnh Thái Bình")
        );
        assert_eq!(
            name_key("Uỷ ban nhân dân huyện Mê Linh"),
            name_key("UBND huyện Mê Linh")
        );
    }

    #[test]
    fn related_departments_are_not_districts() {
        let kinds = |s: &str| match mention(s) {
            UnitMention::Group { kinds, .. } => kinds,
            UnitMention::One(n) => panic!("{n} read as one unit"),
        };
        // The "quan" of "có liên quan" is not "quận".
        assert_eq!(
            kinds("các sở, ban, ngành có liên quan"),
            [UnitKind::So, UnitKind::Ban]
        );
        assert!(kinds("UBND các quận, huyện").contains(&UnitKind::Huyen));
        assert!(kinds("UBND các xã, phường").contains(&UnitKind::Phuong));
    }

    #[test]
    fn guesses_kinds() {
        assert_eq!(kind_from_name("Sở Y tế"), UnitKind::So);
        assert_eq!(kind_from_name("UBND huyện Mê Linh"), UnitKind::Huyen);
        assert_eq!(
            kind_from_name("Ủy ban nhân dân xã Tiền Phong"),
            UnitKind::Xa
        );
        assert_eq!(
            kind_from_name("Ủy ban nhân dân thị trấn Chi Đông"),
            UnitKind::ThiTran
        );
        assert_eq!(
            kind_from_name("Phòng Lao động - Thương binh và Xã hội"),
            UnitKind::Phong
        );
        assert_eq!(
            kind_from_name("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
            UnitKind::DoanThe
        );
    }
}
