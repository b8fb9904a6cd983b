use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Kind of administrative unit or agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// tỉnh, thành phố trực thuộc trung ương
    Tinh,
    /// huyện, quận, thị xã, thành phố thuộc tỉnh
    Huyen,
    Xa,
    Phuong,
    ThiTran,
    DacKhu,
    /// sở (provincial department)
    So,
    /// phòng (district office)
    Phong,
    Ban,
    /// đoàn thể (mass organisation)
    DoanThe,
    Khac,
}

impl UnitKind {
    pub const ALL: [UnitKind; 11] = [
        UnitKind::Tinh,
        UnitKind::Huyen,
        UnitKind::Xa,
        UnitKind::Phuong,
        UnitKind::ThiTran,
        UnitKind::DacKhu,
        UnitKind::So,
        UnitKind::Phong,
        UnitKind::Ban,
        UnitKind::DoanThe,
        UnitKind::Khac,
    ];

    /// The code used in the store, the CLI and files.
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Tinh => "tinh",
            UnitKind::Huyen => "huyen",
            UnitKind::Xa => "xa",
            UnitKind::Phuong => "phuong",
            UnitKind::ThiTran => "thi_tran",
            UnitKind::DacKhu => "dac_khu",
            UnitKind::So => "so",
            UnitKind::Phong => "phong",
            UnitKind::Ban => "ban",
            UnitKind::DoanThe => "doan_the",
            UnitKind::Khac => "khac",
        }
    }

    /// The Vietnamese word an officer reads.
    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Tinh => "tỉnh",
            UnitKind::Huyen => "huyện",
            UnitKind::Xa => "xã",
            UnitKind::Phuong => "phường",
            UnitKind::ThiTran => "thị trấn",
            UnitKind::DacKhu => "đặc khu",
            UnitKind::So => "sở",
            UnitKind::Phong => "phòng",
            UnitKind::Ban => "ban",
            UnitKind::DoanThe => "đoàn thể",
            UnitKind::Khac => "khác",
        }
    }

    /// Accepts the code or the Vietnamese word, with or without diacritics.
    pub fn parse(s: &str) -> Option<UnitKind> {
        let folded = crate::vn::fold(s).replace(' ', "_");
        UnitKind::ALL
            .into_iter()
            .find(|k| k.code() == folded || crate::vn::fold(k.label()).replace(' ', "_") == folded)
    }
}

/// Đơn vị: an administrative unit or an agency. Each reports to at most one
/// parent; units that were merged or dissolved keep their history through
/// `valid_from` / `valid_to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: Uuid,
    /// "Ủy ban nhân dân xã Tiền Phong"
    pub name: String,
    /// "UBND xã Tiền Phong"
    pub short_name: String,
    pub kind: UnitKind,
    /// Mã đơn vị hành chính, when known.
    pub admin_code: Option<String>,
    pub reports_to: Option<Uuid>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

impl Unit {
    /// A new unit of that name and kind, not yet placed in any tree.
    pub fn new(name: &str, kind: UnitKind) -> Unit {
        Unit {
            id: Uuid::new_v4(),
            name: name.to_string(),
            short_name: String::new(),
            kind,
            admin_code: None,
            reports_to: None,
            valid_from: None,
            valid_to: None,
        }
    }
}

/// The name officers write for short: "UBND tỉnh Thái Bình", "Sở LĐTBXH"
/// (a department of three words or more goes by its initials).
pub fn short_name_of(name: &str) -> String {
    let n = crate::vn::clean(name);
    for long in ["Ủy ban nhân dân", "Uỷ ban nhân dân"] {
        if let Some(rest) = n.strip_prefix(long) {
            return format!("UBND{rest}");
        }
    }
    for head in ["Sở ", "Phòng "] {
        if let Some(rest) = n.strip_prefix(head) {
            let words: Vec<&str> = rest
                .split([' ', ',', '-'])
                .filter(|w| !w.is_empty() && *w != "và")
                .collect();
            if words.len() >= 3 {
                let initials: String = words
                    .iter()
                    .filter_map(|w| w.chars().next())
                    .flat_map(char::to_uppercase)
                    .collect();
                return format!("{head}{initials}");
            }
        }
    }
    n
}

/// A unit with the units that report to it, for display.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitNode {
    pub unit: Unit,
    /// For a unit that ended, as read: "thôi hoạt động từ sau 30/06/2025".
    pub ended_label: Option<String>,
    pub children: Vec<UnitNode>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_as_officers_write_them() {
        assert_eq!(
            short_name_of("Ủy ban nhân dân huyện Mê Linh"),
            "UBND huyện Mê Linh"
        );
        assert_eq!(
            short_name_of("Sở Lao động - Thương binh và Xã hội"),
            "Sở LĐTBXH"
        );
        assert_eq!(short_name_of("Sở Y tế"), "Sở Y tế");
    }

    #[test]
    fn kinds_parse_from_code_or_vietnamese_word() {
        assert_eq!(UnitKind::parse("xa"), Some(UnitKind::Xa));
        assert_eq!(UnitKind::parse("xã"), Some(UnitKind::Xa));
        assert_eq!(UnitKind::parse("thị trấn"), Some(UnitKind::ThiTran));
        assert_eq!(UnitKind::parse("Đoàn thể"), Some(UnitKind::DoanThe));
        assert_eq!(UnitKind::parse("quận 9"), None);
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::parse(k.code()), Some(k));
        }
    }
}
