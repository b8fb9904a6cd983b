//! Vietnamese plan text or .docx → a [`PlanDocument`] with warnings.
//!
//! Pure: bytes and the units already known come in; the plan, the units it
//! adds and what the officer should check come out. Storing is the store's
//! job. Nothing is invented: what the text does not say is left empty and
//! said in a warning.

pub mod decode;
pub mod docx;
pub mod indicators;
pub mod layout;
pub mod metadata;
pub mod numbering;
pub mod outline;
pub mod pdf;
pub mod review;
pub mod schedule;
pub mod tasks;
pub mod units;

use std::collections::HashMap;

use chrono::NaiveDate;
use thiserror::Error;
use uuid::Uuid;

use crate::model::{
    Aggregation, Indicator, Plan, PlanDocument, ScheduleRule, Task, TaskUnitGroup, TaskUnitRole,
    Unit, UnitKind,
};
use crate::vn;
use decode::{DecodeError, Encoding};
use outline::Node;
use tasks::TaskDraft;
use units::UnitMention;

/// Larger than any plan text; a bigger file is a wrong file.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

const PLAN_NS: Uuid = Uuid::from_u128(0x6b65686f_6163_685f_706c_616e5f763100);
const UNIT_NS: Uuid = Uuid::from_u128(0x6b65686f_6163_685f_756e_69745f763100);

#[derive(Debug, Error)]
pub enum ImportError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error(
        "Tệp quá lớn ({0} MB). Văn bản kế hoạch thường dưới 5 MB; hãy kiểm tra lại tệp đã chọn."
    )]
    TooLarge(usize),
    #[error("Tệp .docx không đọc được: {0}")]
    Docx(String),
    #[error("Không đọc được tệp PDF: {0}. Không có gì được lưu.")]
    Pdf(String),
    #[error("Không đọc được bản quét: {0}. Không có gì được lưu.")]
    Scan(String),
    #[error("Văn bản không giống một kế hoạch: không tìm thấy số hiệu, tên kế hoạch hay nhiệm vụ nào được đánh số.")]
    NotAPlan,
    #[error(
        "Chưa đọc được {0} của kế hoạch (văn bản có thể thiếu phần đầu). Không có gì được lưu."
    )]
    Missing(String),
}

/// What the officer gives for a plan whose text does not say it (a text
/// copied without its header): part of the plan's identity as the header's
/// would be. Used only where the text is silent; the text wins otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Supplied {
    /// Số, ký hiệu: "1234/KH-UBND".
    pub number: Option<String>,
    pub issued_on: Option<chrono::NaiveDate>,
    /// Cơ quan ban hành: "Ủy ban nhân dân tỉnh …".
    pub issuer: Option<String>,
}

impl Supplied {
    /// What the officer typed in the review's fields (empty: not given);
    /// a date that cannot be read is refused in the officer's words.
    pub fn from_typed(
        number: &str,
        issued_on: &str,
        issuer: &str,
    ) -> Result<Supplied, crate::model::Invalid> {
        let text = |s: &str| Some(vn::clean(s)).filter(|s| !s.is_empty());
        let issued_on = match issued_on.trim() {
            "" => None,
            d => Some(
                vn::parse_date(d)
                    .map_err(|e| crate::model::Invalid::new("Ngày ban hành", e.to_string()))?,
            ),
        };
        Ok(Supplied {
            number: text(number),
            issued_on,
            issuer: text(issuer),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.number.is_none() && self.issued_on.is_none() && self.issuer.is_none()
    }
}

/// What an import produced.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub document: PlanDocument,
    /// What the plan still lacks ("số hiệu", "ngày ban hành"): the text does
    /// not say it and the officer has not given it. A plan is stored only
    /// when this is empty.
    pub missing: Vec<&'static str>,
    /// The officer's values that filled what the text does not say.
    pub supplied: Supplied,
    /// What the text suggests for a value it does not say (an issuer from
    /// "TM. ỦY BAN NHÂN DÂN" and "trên địa bàn tỉnh …"): offered to the
    /// officer to check, never stored unless the officer gives it.
    pub suggested: Supplied,
    /// Units the plan names that were not known before.
    pub new_units: Vec<Unit>,
    /// What the officer should check, in Vietnamese.
    pub warnings: Vec<String>,
    pub encoding: Encoding,
    /// For a plan file sent down by the level above: the plan's version and
    /// content hash as the level above holds them, kept here as they are.
    pub sent: Option<SentVersion>,
}

/// A plan's version and content hash as the office that sent its plan file
/// holds them. Reports made from that plan name it by these, so the level
/// above recognises its own plan whatever units this office knew when it
/// imported it or corrected since.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SentVersion {
    pub version: u32,
    pub content_hash: String,
}

/// The warning that lists the units a plan adds, if it adds any.
pub fn new_units_warning(new_units: &[Unit]) -> Option<String> {
    (!new_units.is_empty()).then(|| {
        format!(
            "{} đơn vị chưa có trong danh sách sẽ được thêm: {}.",
            new_units.len(),
            new_units
                .iter()
                .map(|u| format!("“{}”", u.name))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// Reads a plan file: .docx by its content, anything else as text.
pub fn import_file(bytes: &[u8], known_units: &[Unit]) -> Result<ImportReport, ImportError> {
    import_file_with(bytes, known_units, &Supplied::default())
}

/// [`import_file`], with what the officer gives where the text is silent.
pub fn import_file_with(
    bytes: &[u8],
    known_units: &[Unit],
    supplied: &Supplied,
) -> Result<ImportReport, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge(bytes.len() / (1024 * 1024)));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let text = docx::text_of(bytes)?;
        return import_text_with(&text, Encoding::Utf8, known_units, supplied);
    }
    let (text, encoding) = decode::decode(bytes)?;
    import_text_with(&text, encoding, known_units, supplied)
}

/// Where the body ends: at "Nơi nhận" or the signature block.
fn body_end(text: &str, from: usize) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim().trim_start_matches('|').trim();
        if offset >= from
            && (t.starts_with("Nơi nhận")
                || ["TM. ", "KT. ", "TL. ", "TUQ. "]
                    .iter()
                    .any(|a| t.starts_with(a)))
        {
            return offset;
        }
        offset += line.len();
    }
    text.len()
}

/// A node's heading and body, without its sub-items.
fn own_span(n: &Node) -> (usize, usize) {
    (n.span.0, n.body.last().map_or(n.span.1, |p| p.span.1))
}

fn walk<'a>(nodes: &'a [Node], out: &mut Vec<&'a Node>) {
    for n in nodes {
        out.push(n);
        walk(&n.children, out);
    }
}

fn flatten_drafts<'a>(
    drafts: &'a [TaskDraft],
    out: &mut Vec<(&'a TaskDraft, Option<&'a str>)>,
    parent: Option<&'a str>,
) {
    for d in drafts {
        out.push((d, parent));
        flatten_drafts(&d.children, out, Some(&d.code));
    }
}

/// Reads a plan from its text.
pub fn import_text(
    text: &str,
    encoding: Encoding,
    known_units: &[Unit],
) -> Result<ImportReport, ImportError> {
    import_text_with(text, encoding, known_units, &Supplied::default())
}

/// [`import_text`], with what the officer gives where the text is silent.
pub fn import_text_with(
    text: &str,
    encoding: Encoding,
    known_units: &[Unit],
    supplied: &Supplied,
) -> Result<ImportReport, ImportError> {
    let text = vn::nfc(text);
    let mut warnings = Vec::new();
    if encoding != Encoding::Utf8 {
        warnings.push(format!(
            "Tệp dùng bảng mã {}; đã chuyển sang Unicode. Hãy đọc lại các tên riêng.",
            encoding.label()
        ));
    }
    // The body runs from the start to Nơi nhận / the signature; the first
    // numbered heading is searched first so a header "KT." is not taken.
    let first_item = text.find("\nI. ").unwrap_or(0);
    let end = body_end(&text, first_item);
    let body = &text[..end];
    let tail = &text[end..];
    let (paragraphs, truncated_at) = outline::paragraphs(body);
    let doc = outline::outline_of(paragraphs.clone(), truncated_at);
    let mut meta = metadata::extract(&text, &doc.preamble, tail, &paragraphs);
    let drafts = tasks::tasks(&doc);

    if meta.doc_number.is_none() && meta.title.is_none() && drafts.is_empty() {
        return Err(ImportError::NotAPlan);
    }
    if meta.doc_number.is_none() && drafts.is_empty() && !vn::fold(&text).contains("ke hoach") {
        return Err(ImportError::NotAPlan);
    }
    let mut missing = Vec::new();
    if meta.doc_number.is_none() {
        missing.push("số hiệu");
    }
    if meta.issued_on.is_none() {
        missing.push("ngày ban hành");
    }
    if meta.issuer.is_none() {
        missing.push("cơ quan ban hành");
    }
    if meta.title.is_none() {
        missing.push("trích yếu");
    }
    // Most of the identity gone: a plan only if it has a title and tasks
    // (a plan's body without its header and signature).
    let body_only = meta.title.is_some() && drafts.len() >= 3;
    if missing.len() >= 3 && supplied.is_empty() && !body_only {
        return Err(ImportError::NotAPlan);
    }
    // What the officer gives fills what the text does not say; where the
    // text says otherwise, the text is kept and the officer told.
    let mut used = Supplied::default();
    let clean = |s: &Option<String>| s.as_deref().map(vn::clean).filter(|s| !s.is_empty());
    let mut differs = |what: &str, text: &str, given: &str| {
        if vn::match_key(text) != vn::match_key(given) {
            warnings.push(format!(
                "Văn bản ghi {what} “{text}”; giữ theo văn bản (không dùng “{given}” đã nhập)."
            ));
        }
    };
    match (&meta.doc_number, clean(&supplied.number)) {
        (None, Some(n)) => {
            meta.doc_number = Some(n.replace(' ', ""));
            used.number = meta.doc_number.clone();
        }
        (Some(t), Some(n)) => differs("số hiệu", t, &n),
        _ => {}
    }
    match (meta.issued_on, supplied.issued_on) {
        (None, Some(d)) => {
            meta.issued_on = Some(d);
            used.issued_on = Some(d);
        }
        (Some(t), Some(d)) if t != d => differs(
            "ngày ban hành",
            &vn::format_short_date(t),
            &vn::format_short_date(d),
        ),
        _ => {}
    }
    // An issuer read from the prose is what the text suggests: the
    // officer's, when given, is taken instead.
    let mut suggested = Supplied::default();
    if meta.issuer_from_prose {
        suggested.issuer = meta.issuer.clone();
    }
    match (&meta.issuer, clean(&supplied.issuer)) {
        (None, Some(i)) => {
            meta.issuer = Some(i.clone());
            used.issuer = Some(i);
        }
        (Some(_), Some(i)) if meta.issuer_from_prose => {
            meta.issuer = Some(i.clone());
            used.issuer = Some(i);
        }
        (Some(t), Some(i)) => differs("cơ quan ban hành", t, &i),
        _ => {}
    }
    // Without a title the plan cannot be read on; a number, a date or an
    // issuer the text does not give is listed, for the officer to give.
    if meta.title.is_none() {
        return Err(ImportError::Missing("trích yếu".into()));
    }
    let mut missing = Vec::new();
    if meta.doc_number.is_none() {
        missing.push("số hiệu");
    }
    if meta.issued_on.is_none() {
        missing.push("ngày ban hành");
    }
    if meta.issuer.is_none() {
        missing.push("cơ quan ban hành");
    }
    if !missing.is_empty() {
        warnings.push(format!(
            "Văn bản không ghi {} của kế hoạch (có thể đã mất phần đầu): cần ghi khi lưu kế hoạch.",
            missing.join(", ")
        ));
    }
    if meta.issuer.is_none() {
        suggested.issuer = metadata::suggested_issuer(&text);
        if let Some(i) = &suggested.issuer {
            warnings.push(format!(
                "Theo nội dung văn bản, cơ quan ban hành có thể là “{i}” (chỉ là gợi ý): hãy đối chiếu bản gốc trước khi ghi."
            ));
        }
    } else if used.issuer.is_none() && meta.issuer_from_prose {
        warnings.push(format!(
            "Văn bản không có phần đầu ghi cơ quan ban hành; theo nội dung là “{}”: hãy đối chiếu bản gốc.",
            meta.issuer.as_deref().unwrap_or_default()
        ));
    }

    if !used.is_empty() {
        let mut given = Vec::new();
        if let Some(n) = &used.number {
            given.push(format!("số hiệu {n}"));
        }
        if let Some(d) = used.issued_on {
            given.push(format!("ngày ban hành {}", vn::format_short_date(d)));
        }
        if let Some(i) = &used.issuer {
            given.push(format!("cơ quan ban hành {i}"));
        }
        warnings.push(format!(
            "Theo thông tin cán bộ nhập (văn bản không ghi): {}.",
            given.join("; ")
        ));
    }
    let doc_number = meta.doc_number.clone().unwrap_or_default();
    // Only for reading: a plan without its date is not stored.
    let issued_on = meta.issued_on.unwrap_or_else(|| {
        chrono::NaiveDate::from_ymd_opt(meta.start_year.unwrap_or(1970), 1, 1).unwrap_or_default()
    });
    let issuer = meta.issuer.clone().unwrap_or_default();
    let title = meta.title.clone().unwrap_or_default();

    if let Some(at) = doc.truncated_at {
        let line = text[..at].lines().count() + 1;
        warnings.push(format!(
            "Văn bản bị cắt ở dòng {line} (“[...]”): chỉ nhập phần có trong văn bản; phần sau đó (các nhiệm vụ còn lại, tổ chức thực hiện, chữ ký) không có."
        ));
    }
    if meta.number_from_decision {
        warnings.push(format!(
            "Số hiệu {doc_number} là của Quyết định ban hành kế hoạch (văn bản không nêu số riêng của kế hoạch)."
        ));
    }
    if drafts.is_empty() {
        warnings.push(
            "Không tìm thấy cấu trúc nhiệm vụ (các mục được đánh số trong phần Nội dung/Nhiệm vụ): kế hoạch được nhập chưa có nhiệm vụ; hãy thêm bằng tay nếu cần.".into(),
        );
    }
    if meta.signer_name.is_none() {
        warnings.push("Không tìm thấy người ký kế hoạch.".into());
    }

    let plan_id = Uuid::new_v5(
        &PLAN_NS,
        format!(
            "{}|{}|{}",
            units::name_key(&issuer),
            vn::match_key(&doc_number),
            issued_on
        )
        .as_bytes(),
    );

    // Units: known ones by name, acronym or short name; others created.
    let mut resolver = UnitResolver::new(known_units);
    let issuer_id = resolver.resolve(&issuer, None);
    let mut tasks_out = Vec::new();
    let mut flat = Vec::new();
    flatten_drafts(&drafts, &mut flat, None);
    let mut ids: HashMap<String, Uuid> = HashMap::new();
    let mut without_lead = 0;
    for (d, parent) in &flat {
        let mut key = d.code.clone();
        let mut n = 1;
        while ids.contains_key(&key) {
            n += 1;
            key = format!("{}#{n}", d.code);
        }
        let id = Uuid::new_v5(&plan_id, format!("task/{key}").as_bytes());
        ids.insert(key, id);
        let mut groups = Vec::new();
        let leads = resolver.mentions(
            &d.leads,
            issuer_id,
            issued_on,
            TaskUnitRole::Lead,
            &mut groups,
        );
        let partners: Vec<Uuid> = resolver
            .mentions(
                &d.partners,
                issuer_id,
                issued_on,
                TaskUnitRole::Partner,
                &mut groups,
            )
            .into_iter()
            .filter(|p| !leads.contains(p))
            .collect();
        if parent.is_none() && d.leads.is_empty() {
            without_lead += 1;
        }
        tasks_out.push(Task {
            id,
            plan_id,
            parent_id: parent.and_then(|p| ids.get(p).copied()),
            code: d.code.clone(),
            title: d.title.clone(),
            content: d.content.clone(),
            lead_units: leads,
            partner_units: partners.into_iter().collect(),
            unit_groups: groups,
            phase: None,
            deadline: None,
            source_span: Some(d.span),
        });
    }
    if without_lead > 0 && !drafts.is_empty() {
        warnings.push(format!(
            "{without_lead} nhóm nhiệm vụ chưa có đơn vị chủ trì trong văn bản; hãy phân công khi kiểm tra."
        ));
    }

    // Indicators from the objectives and the tasks.
    let mut drafts_ind = Vec::new();
    let mut nodes = Vec::new();
    walk(&doc.items, &mut nodes);
    for section in doc
        .items
        .iter()
        .filter(|n| vn::fold(&n.text).starts_with("muc tieu"))
    {
        let mut inner = Vec::new();
        walk(&section.children, &mut inner);
        for n in std::iter::once(section).chain(inner) {
            for s in schedule::sentences(&n.full_text()) {
                for mut ind in indicators::in_sentence(s, None) {
                    ind.source_span = Some(own_span(n));
                    drafts_ind.push(ind);
                }
            }
        }
    }
    for (d, _) in &flat {
        let text = if d.content.is_empty() {
            &d.title
        } else {
            &d.content
        };
        for s in schedule::sentences(text) {
            for mut ind in indicators::in_sentence(s, Some(&d.code)) {
                ind.source_span = Some(d.span);
                if !drafts_ind.iter().any(|x: &indicators::IndicatorDraft| {
                    x.name == ind.name && x.value == ind.value
                }) {
                    drafts_ind.push(ind);
                }
            }
        }
    }
    let end_year = meta.end_year;
    let indicators_out: Vec<Indicator> = drafts_ind
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let subject = d.name.trim_start_matches("Tỷ lệ ").to_string();
            Indicator {
                id: Uuid::new_v5(&plan_id, format!("indicator/{i}/{}", d.name).as_bytes()),
                plan_id,
                task_id: d
                    .task_code
                    .as_ref()
                    .and_then(|c| tasks_out.iter().find(|t| &t.code == c).map(|t| t.id)),
                name: d.name.clone(),
                measure_unit: d.measure_unit.clone(),
                target_value: Some(d.value),
                target_date: d
                    .target_year
                    .or(end_year)
                    .and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31)),
                baseline: None,
                direction: d.direction,
                aggregation: Aggregation::Ratio {
                    numerator: format!("Số {subject}"),
                    denominator: "Tổng số".into(),
                },
                min: Some(0.0),
                max: Some(100.0),
                source_span: d.source_span,
            }
        })
        .collect();
    for ind in &indicators_out {
        warnings.push(format!(
            "Chỉ tiêu “{}”: đã đặt tử số “Số …” và mẫu số “Tổng số”; hãy ghi rõ hai đại lượng này.",
            ind.name
        ));
    }

    // Reporting schedule, with the unit whose duty list states it.
    let mut rules: Vec<ScheduleRule> = Vec::new();
    let at = |mut rs: Vec<ScheduleRule>, span: (usize, usize)| {
        for r in &mut rs {
            r.source_span = Some(span);
        }
        rs
    };
    for p in &doc.preamble {
        for s in schedule::sentences(&p.text) {
            rules.extend(at(schedule::rules_in(s, None), p.span));
        }
    }
    fn scan(nodes: &[Node], context: Option<&str>, rules: &mut Vec<ScheduleRule>) {
        for n in nodes {
            let own = units::begins_with_unit(&n.text).then(|| {
                let t = n.text.strip_prefix("Đề nghị ").unwrap_or(&n.text);
                t.split([':', '.']).next().unwrap_or(t).trim().to_string()
            });
            let ctx = own.as_deref().or(context);
            for s in schedule::sentences(&n.full_text()) {
                let mut found = schedule::rules_in(s, ctx);
                for r in &mut found {
                    r.source_span = Some(own_span(n));
                }
                rules.extend(found);
            }
            scan(&n.children, ctx, rules);
        }
    }
    scan(&doc.items, None, &mut rules);
    let rules = schedule::dedup(rules);
    // The units of the reporting chain are units of the plan too ("gửi UBND
    // huyện (qua phòng Lao động …)"); a bare "UBND huyện" means the issuer.
    for r in &rules {
        for name in [&r.recipient, &r.via].into_iter().flatten() {
            for m in units::split_units(name) {
                if let UnitMention::One(n) = m {
                    if !units::is_generic(&n) {
                        resolver.resolve(&n, Some(issuer_id));
                    }
                }
            }
        }
    }
    if !rules.iter().any(|r| r.due_month.is_some()) {
        warnings.push(
            "Không tìm thấy hạn gửi báo cáo định kỳ trong văn bản; hãy đặt lịch báo cáo bằng tay."
                .into(),
        );
    }

    let (units_out, new_units) = resolver.finish();
    warnings.extend(new_units_warning(&new_units));

    // The plan's parts and their sub-parts, with the text of those that are
    // not tasks (objectives, scope, budget) kept whole.
    let mut sections = Vec::new();
    fn all_text(n: &Node, out: &mut String) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&match n.mark.kind {
            outline::MarkKind::Letter => format!("{}) ", n.mark.label),
            outline::MarkKind::Dash => "- ".to_string(),
            outline::MarkKind::Plus => "+ ".to_string(),
            outline::MarkKind::Star => "* ".to_string(),
            _ => format!("{}. ", n.mark.label),
        });
        out.push_str(&n.full_text());
        for c in &n.children {
            all_text(c, out);
        }
    }
    for top in &doc.items {
        let kind = crate::model::SectionKind::of_heading(&top.text);
        let keep_text = kind != crate::model::SectionKind::Content;
        let mut text = String::new();
        if keep_text {
            for p in &top.body {
                text.push_str(&p.text);
                text.push('\n');
            }
        }
        sections.push(crate::model::PlanSection {
            code: top.mark.label.clone(),
            heading: top.text.clone(),
            kind,
            level: 1,
            text: text.trim_end().to_string(),
            source_span: Some(top.whole_span()),
        });
        if !keep_text || kind == crate::model::SectionKind::Organisation {
            continue;
        }
        for c in top.children.iter().filter(|c| !c.mark.label.is_empty()) {
            let mut text = String::new();
            for p in &c.body {
                text.push_str(&p.text);
                text.push('\n');
            }
            for g in &c.children {
                all_text(g, &mut text);
            }
            let own = c.mark.label.rsplit('.').next().unwrap_or_default();
            sections.push(crate::model::PlanSection {
                code: format!("{}.{own}", top.mark.label),
                heading: c.text.clone(),
                // A short label ("Mục tiêu chung") says what it is; a
                // sentence takes its part's kind.
                kind: match crate::model::SectionKind::of_heading(&c.text) {
                    k if k != crate::model::SectionKind::Other
                        && c.text.split_whitespace().count() <= 6 =>
                    {
                        k
                    }
                    _ => kind,
                },
                level: 2,
                text: text.trim_end().to_string(),
                source_span: Some(c.whole_span()),
            });
        }
    }

    let plan = Plan {
        id: plan_id,
        doc_number,
        issued_on,
        issuer,
        place: meta.place.clone(),
        signer_name: meta.signer_name.clone(),
        signer_title: meta.signer_title.clone(),
        title,
        start_year: meta
            .start_year
            .unwrap_or(chrono::Datelike::year(&issued_on)),
        end_year: meta
            .end_year
            .or(meta.start_year)
            .unwrap_or(chrono::Datelike::year(&issued_on)),
        phases: meta.phases.clone(),
        version: 1,
        content_hash: String::new(),
        source_text: Some(text.clone()),
    };
    let mut document = PlanDocument {
        plan,
        units: units_out,
        tasks: tasks_out,
        indicators: indicators_out,
        schedule: rules,
        references: meta.references.clone(),
        recipients: meta.recipients.clone(),
        sections,
    };
    document.plan.content_hash = document.content_hash();
    Ok(ImportReport {
        document,
        missing,
        supplied: used,
        suggested,
        new_units,
        warnings,
        encoding,
        sent: None,
    })
}

/// Matches unit names against the known units, creating the missing ones
/// (with ids derived from the name, so two offices get the same id).
struct UnitResolver<'a> {
    known: &'a [Unit],
    by_key: HashMap<String, Uuid>,
    created: Vec<Unit>,
    used: Vec<Uuid>,
}

impl<'a> UnitResolver<'a> {
    fn new(known: &'a [Unit]) -> Self {
        let mut by_key = HashMap::new();
        for u in known {
            for name in [&u.name, &u.short_name] {
                by_key.insert(units::name_key(name), u.id);
                if let Some(a) = units::acronym_key(name) {
                    by_key.entry(a).or_insert(u.id);
                }
            }
        }
        UnitResolver {
            known,
            by_key,
            created: Vec::new(),
            used: Vec::new(),
        }
    }

    fn resolve(&mut self, name: &str, parent: Option<Uuid>) -> Uuid {
        let key = units::name_key(name);
        // An acronym ("Sở LĐTBXH") is looked up by acronym; a full name only
        // by name ("Sở Nội vụ" and "Sở Ngoại vụ" share an acronym).
        let by_acronym = || {
            units::is_acronym_form(name)
                .then(|| units::acronym_key(name))
                .flatten()
                .and_then(|a| self.by_key.get(&a).copied())
        };
        let id = if let Some(id) = self.by_key.get(&key).copied().or_else(by_acronym) {
            id
        } else {
            let id = Uuid::new_v5(&UNIT_NS, key.as_bytes());
            let name = vn::capitalize(&vn::clean(name));
            let unit = Unit {
                id,
                name: name.clone(),
                short_name: crate::model::short_name_of(&name),
                kind: units::kind_from_name(&name),
                admin_code: None,
                reports_to: parent,
                valid_from: None,
                valid_to: None,
            };
            self.by_key.insert(key, id);
            if let Some(a) = units::acronym_key(&name) {
                self.by_key.entry(a).or_insert(id);
            }
            self.created.push(unit);
            id
        };
        if !self.used.contains(&id) {
            self.used.push(id);
        }
        id
    }

    /// The units below `top` in the tree, at any depth.
    fn under(&self, top: Uuid) -> std::collections::HashSet<Uuid> {
        let all: Vec<&Unit> = self.known.iter().chain(&self.created).collect();
        let mut found = std::collections::HashSet::new();
        let mut frontier = vec![top];
        while let Some(parent) = frontier.pop() {
            for u in &all {
                if u.reports_to == Some(parent) && u.id != top && found.insert(u.id) {
                    frontier.push(u.id);
                }
            }
        }
        found
    }

    /// Unit ids for the mentions; groups are kept as groups and expanded to
    /// the known units of their kinds under the issuer, at any depth (the
    /// communes of a province may report through one of its Sở), that were
    /// in force when the plan was issued.
    fn mentions(
        &mut self,
        mentions: &[UnitMention],
        issuer: Uuid,
        issued_on: chrono::NaiveDate,
        role: TaskUnitRole,
        groups: &mut Vec<TaskUnitGroup>,
    ) -> Vec<Uuid> {
        let mut ids = Vec::new();
        for m in mentions {
            match m {
                UnitMention::One(name) => {
                    let id = self.resolve(name, Some(issuer));
                    if !ids.contains(&id) && id != issuer {
                        ids.push(id);
                    }
                }
                UnitMention::Group { label, kinds } => {
                    groups.push(TaskUnitGroup {
                        role,
                        label: label.clone(),
                        kinds: kinds.clone(),
                    });
                    // Only "all the districts / communes" is a definite set;
                    // "các sở, ban, ngành có liên quan" is for the officer.
                    let administrative = kinds.iter().all(|k| {
                        matches!(
                            k,
                            UnitKind::Huyen | UnitKind::Xa | UnitKind::Phuong | UnitKind::ThiTran
                        )
                    });
                    if !administrative || vn::fold(label).contains("lien quan") {
                        continue;
                    }
                    let under = self.under(issuer);
                    let members: Vec<Uuid> = self
                        .known
                        .iter()
                        .chain(&self.created)
                        .filter(|u| kinds.contains(&u.kind) && under.contains(&u.id))
                        .filter(|u| u.valid_to.is_none_or(|to| to >= issued_on))
                        .filter(|u| u.valid_from.is_none_or(|from| from <= issued_on))
                        .map(|u| u.id)
                        .collect();
                    for id in members {
                        if !ids.contains(&id) {
                            ids.push(id);
                        }
                        if !self.used.contains(&id) {
                            self.used.push(id);
                        }
                    }
                }
            }
        }
        ids
    }

    /// The units the plan names (known and new), and the new ones.
    fn finish(self) -> (Vec<Unit>, Vec<Unit>) {
        let mut all: Vec<Unit> = self
            .known
            .iter()
            .filter(|u| self.used.contains(&u.id))
            .cloned()
            .collect();
        all.extend(self.created.iter().cloned());
        (all, self.created)
    }
}

/// Re-exported for callers that check a unit kind of a new unit.
pub fn guess_kind(name: &str) -> UnitKind {
    units::kind_from_name(name)
}
