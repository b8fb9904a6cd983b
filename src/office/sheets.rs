//! Indicator figures in Excel: the template a province sends down (with
//! what is recorded filled in), the figures exported (combined by each
//! indicator's rule, with each unit's raw values and its file), and a
//! filled sheet read back — previewed, then stored all at once or not at
//! all (every bad cell said as `Sheet!D7: …`).

use serde::Serialize;
use uuid::Uuid;

use super::{Office, OfficeError};
use crate::calendar::Period;
use crate::input::{check_value, ValueInput};
use crate::model::{Aggregation, Indicator};
use crate::workbook::read::{match_rows, CellProblem, Matched};
use crate::workbook::write::{self, FigureRow, Head, Kind, SourceRow, TemplateRow};
use crate::workbook::{self as wb, Limits};

/// One indicator whose figure the sheet changes.
#[derive(Debug, Clone, Serialize)]
pub struct SheetChange {
    pub no: usize,
    pub indicator: String,
    /// The row in the sheet ("Chỉ tiêu, dòng 7").
    pub at: String,
    /// What is recorded now, as read ("—" when nothing).
    pub before: String,
    /// What the sheet says.
    pub after: String,
}

/// What a filled sheet would change (or changed), indicator by indicator.
#[derive(Debug, Clone, Serialize)]
pub struct SheetImport {
    pub sheet: String,
    pub changes: Vec<SheetChange>,
    /// Rows that say what is recorded already.
    pub unchanged: usize,
    /// The plan's indicators the sheet gives no figure for (left as they are).
    pub not_given: Vec<String>,
    /// Cells read but not used, and values far from the last period's.
    pub warnings: Vec<String>,
    /// Stored (false for a preview).
    pub stored: bool,
}

/// A filled sheet with cells that cannot be taken: nothing was stored.
#[derive(Debug, Clone, Serialize)]
pub struct SheetProblems(pub Vec<CellProblem>);

impl std::fmt::Display for SheetProblems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "bảng tính có {} chưa đúng, chưa lưu gì:",
            if n == 1 {
                "1 ô".to_string()
            } else {
                format!("{n} chỗ")
            }
        )?;
        for p in &self.0 {
            write!(f, "\n• {p}")?;
        }
        Ok(())
    }
}

fn kind(a: &Aggregation) -> Kind {
    match a {
        Aggregation::Sum => Kind::Sum,
        Aggregation::Ratio { .. } => Kind::Ratio,
        Aggregation::YesNo => Kind::YesNo,
        Aggregation::Text => Kind::Text,
    }
}

fn how(ind: &Indicator) -> String {
    match &ind.aggregation {
        Aggregation::Ratio {
            numerator,
            denominator,
        } => format!("tỷ lệ: tử số là {numerator}; mẫu số là {denominator}"),
        Aggregation::Sum => "ghi giá trị của kỳ".into(),
        Aggregation::YesNo => "ghi “có” hoặc “không”".into(),
        Aggregation::Text => "ghi bằng lời".into(),
    }
}

fn shown(ind: &Indicator, v: Option<&crate::model::IndicatorValue>) -> String {
    match v {
        None => "—".into(),
        Some(v) => crate::label::source(
            &ind.aggregation,
            v.value,
            v.numerator,
            v.denominator,
            v.yes,
            v.text.as_deref(),
        ),
    }
}

impl Office {
    fn sheet_head(&self, plan: Uuid, unit: Uuid, period: &Period) -> Result<Head, OfficeError> {
        let p = self.plan(plan)?;
        Ok(Head {
            plan_number: p.doc_number.clone(),
            plan_title: p.title.clone(),
            unit: self.unit(unit)?.name,
            period_code: period.to_string(),
            period_label: period.label(),
            made_on: self.today(),
        })
    }

    /// The template of the plan's indicators for `unit` and `period`, with
    /// what the unit has recorded filled in.
    pub fn indicator_template(
        &self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
    ) -> Result<Vec<u8>, OfficeError> {
        let head = self.sheet_head(plan, unit, period)?;
        let rows: Vec<TemplateRow> = self
            .values(plan, unit, period)?
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                let got = v.value.as_ref();
                TemplateRow {
                    no: i + 1,
                    name: v.indicator.name.clone(),
                    measure_unit: v.indicator.measure_unit.clone(),
                    how: how(&v.indicator),
                    target: crate::label::target(&v.indicator),
                    kind: kind(&v.indicator.aggregation),
                    // A ratio's rate is worked out from its counts, never typed.
                    value: got
                        .and_then(|g| g.value)
                        .filter(|_| kind(&v.indicator.aggregation) != Kind::Ratio),
                    numerator: got.and_then(|g| g.numerator),
                    denominator: got.and_then(|g| g.denominator),
                    yes: got.and_then(|g| g.yes),
                    text: got.and_then(|g| g.text.clone()),
                    note: got.map(|g| g.note.clone()).unwrap_or_default(),
                }
            })
            .collect();
        write::template(&head, &rows).map_err(OfficeError::SheetWrite)
    }

    /// The period's figures of my unit as a workbook: combined with the
    /// signed files of the units below where they came, each unit's raw
    /// values and the file it came from on the second sheet.
    pub fn indicator_figures(&self, plan: Uuid, period: &Period) -> Result<Vec<u8>, OfficeError> {
        let me = self.my_unit_id()?;
        let head = self.sheet_head(plan, me, period)?;
        let files: std::collections::HashMap<Uuid, String> = self
            .submissions(plan, period)?
            .into_iter()
            .map(|s| (s.id, s.file_name))
            .collect();
        let combined = self.consolidate(plan, period, chrono::NaiveDate::MAX)?;
        let rows: Vec<FigureRow> = combined
            .values
            .into_iter()
            .enumerate()
            .map(|(i, c)| FigureRow {
                no: i + 1,
                name: c.indicator.name.clone(),
                measure_unit: c.indicator.measure_unit.clone(),
                how: c.indicator.aggregation.label().to_string(),
                target: crate::label::target(&c.indicator),
                kind: kind(&c.indicator.aggregation),
                percent: matches!(c.indicator.aggregation, Aggregation::Ratio { .. })
                    || (c.indicator.measure_unit.trim() == "%"
                        && c.indicator.aggregation == Aggregation::Sum),
                value: c.value,
                numerator: c.numerator,
                denominator: c.denominator,
                label: c.label.clone(),
                sources: c
                    .sources
                    .iter()
                    .map(|s| SourceRow {
                        unit: s.unit.clone(),
                        value: s.value,
                        numerator: s.numerator,
                        denominator: s.denominator,
                        yes: s.yes,
                        text: s.text.clone(),
                        signer: s.signer.clone(),
                        file: s
                            .submission
                            .and_then(|id| files.get(&id).cloned())
                            .unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect();
        write::figures(&head, &rows).map_err(OfficeError::SheetWrite)
    }

    /// The name a workbook of the plan's indicators is offered under:
    /// "bang-chi-tieu-12-KH-UBND-2026-H1.xlsx" (`what` is its first words).
    pub fn sheet_file_name(
        &self,
        plan: Uuid,
        period: &Period,
        what: &str,
    ) -> Result<String, OfficeError> {
        let p = self.plan(plan)?;
        let number: String = crate::vn::fold(&p.doc_number)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        Ok(format!("{what}-{}-{period}.xlsx", number.trim_matches('-')))
    }

    /// The template written at `path` (never over a file).
    pub fn save_indicator_template_to(
        &self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
        path: &std::path::Path,
    ) -> Result<usize, OfficeError> {
        let bytes = self.indicator_template(plan, unit, period)?;
        crate::store::write_file_atomically(path, &bytes)?;
        Ok(bytes.len())
    }

    /// The period's figures written at `path` (never over a file).
    pub fn save_indicator_figures_to(
        &self,
        plan: Uuid,
        period: &Period,
        path: &std::path::Path,
    ) -> Result<usize, OfficeError> {
        let bytes = self.indicator_figures(plan, period)?;
        crate::store::write_file_atomically(path, &bytes)?;
        Ok(bytes.len())
    }

    /// Reads a filled sheet for `unit` and `period` and says what it would
    /// change; stores nothing. Every cell that cannot be taken is said.
    pub fn preview_indicator_sheet(
        &self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
        bytes: &[u8],
    ) -> Result<(SheetImport, Vec<(Uuid, ValueInput)>), OfficeError> {
        let p = self.plan(plan)?;
        self.unit(unit)?;
        // A period outside the plan, or locked by a signed report, takes
        // no sheet: said before the file is read.
        self.check_period(plan, unit, period)?;
        let filled = wb::read::read(bytes, &Limits::default()).map_err(OfficeError::Workbook)?;
        let mut problems = Vec::new();
        if let Some(said) = &filled.plan {
            if crate::vn::match_key(said) != crate::vn::match_key(&p.doc_number) {
                problems.push(CellProblem {
                    at: filled.sheet.clone(),
                    message: format!(
                        "bảng ghi kế hoạch “{said}”, không phải kế hoạch {} đang nhập.",
                        p.doc_number
                    ),
                });
            }
        }
        if let Some(said) = &filled.period {
            match Period::parse(said) {
                Ok(q) if q == *period => {}
                Ok(q) => problems.push(CellProblem {
                    at: filled.sheet.clone(),
                    message: format!(
                        "bảng ghi kỳ {} ({}), không phải kỳ {} ({}) đang nhập.",
                        q,
                        q.label(),
                        period,
                        period.label()
                    ),
                }),
                Err(_) => {}
            }
        }
        problems.extend(filled.problems.iter().cloned());
        let indicators = self.indicators(plan)?;
        let (matched, unmatched) = match_rows(&filled, &indicators);
        problems.extend(unmatched);
        let previous = period.previous();
        let mut import = SheetImport {
            sheet: filled.sheet.clone(),
            changes: Vec::new(),
            unchanged: 0,
            not_given: Vec::new(),
            warnings: Vec::new(),
            stored: false,
        };
        let mut inputs = Vec::new();
        for Matched { index, row } in &matched {
            let ind = &indicators[*index];
            let (input, ignored) = input_of(ind, row);
            for at in ignored {
                import.warnings.push(format!(
                    "{at}: chỉ tiêu “{}” không dùng ô này ({}), đã bỏ qua.",
                    ind.name,
                    how(ind)
                ));
            }
            let prev = match previous {
                Some(q) => self.store.value_one(ind.id, unit, &q)?,
                None => None,
            };
            match check_value(ind, &input, prev.as_ref()) {
                Err(errors) => {
                    for e in errors {
                        problems.push(CellProblem {
                            at: cell_for(e.field, row, &filled.sheet),
                            message: format!("“{}”: {}", ind.name, e.message),
                        });
                    }
                }
                Ok((fields, warnings)) => {
                    import
                        .warnings
                        .extend(warnings.into_iter().map(|w| format!("“{}”: {w}", ind.name)));
                    let old = self.store.value_one(ind.id, unit, period)?;
                    let same = old.as_ref().is_some_and(|o| {
                        o.value == fields.value
                            && o.numerator == fields.numerator
                            && o.denominator == fields.denominator
                            && o.yes == fields.yes
                            && o.text == fields.text
                            && o.note == fields.note
                    });
                    if same {
                        import.unchanged += 1;
                    } else {
                        import.changes.push(SheetChange {
                            no: index + 1,
                            indicator: ind.name.clone(),
                            at: format!("{}, dòng {}", filled.sheet, row.row),
                            before: shown(ind, old.as_ref()),
                            after: crate::label::source(
                                &ind.aggregation,
                                fields.value,
                                fields.numerator,
                                fields.denominator,
                                fields.yes,
                                fields.text.as_deref(),
                            ),
                        });
                        inputs.push((ind.id, input));
                    }
                }
            }
        }
        if !problems.is_empty() {
            return Err(OfficeError::Sheet(SheetProblems(problems)));
        }
        import.not_given = indicators
            .iter()
            .enumerate()
            .filter(|(i, _)| !matched.iter().any(|m| m.index == *i))
            .map(|(i, ind)| format!("{}. {}", i + 1, ind.name))
            .collect();
        Ok((import, inputs))
    }

    /// Reads a filled sheet and stores every change in one transaction, or
    /// nothing when any cell cannot be taken (or the period is locked).
    pub fn import_indicator_sheet(
        &mut self,
        plan: Uuid,
        unit: Uuid,
        period: &Period,
        bytes: &[u8],
    ) -> Result<SheetImport, OfficeError> {
        let (mut import, inputs) = self.preview_indicator_sheet(plan, unit, period, bytes)?;
        if !inputs.is_empty() {
            self.set_values(unit, period, &inputs)?;
        }
        import.stored = true;
        Ok(import)
    }
}

/// The value an officer would have typed in the window for this row, and
/// the cells filled that the indicator's rule does not use.
fn input_of(ind: &Indicator, row: &wb::read::FilledRow) -> (ValueInput, Vec<String>) {
    let text = |g: &Option<wb::read::Got>| g.as_ref().map(|g| g.text.clone());
    let mut input = ValueInput {
        note: text(&row.note).unwrap_or_default(),
        ..ValueInput::default()
    };
    let mut ignored = Vec::new();
    let mut unused = |g: &Option<wb::read::Got>| {
        if let Some(g) = g {
            ignored.push(g.at.clone());
        }
    };
    match &ind.aggregation {
        Aggregation::Sum => {
            input.value = text(&row.value);
            unused(&row.numerator);
            unused(&row.denominator);
            unused(&row.text);
        }
        Aggregation::Ratio { .. } => {
            input.numerator = text(&row.numerator);
            input.denominator = text(&row.denominator);
            // The rate is kehoach's to work out; one typed beside both
            // counts is not used (alone it is refused by the rule).
            if row.numerator.is_some() && row.denominator.is_some() {
                unused(&row.value);
            } else {
                input.value = text(&row.value);
            }
            unused(&row.text);
        }
        Aggregation::YesNo => {
            input.yes = row.yes.as_ref().map(|(_, y)| *y);
            unused(&row.value);
            unused(&row.numerator);
            unused(&row.denominator);
            unused(&row.text);
        }
        Aggregation::Text => {
            input.text = text(&row.text);
            unused(&row.value);
            unused(&row.numerator);
            unused(&row.denominator);
        }
    }
    if !matches!(ind.aggregation, Aggregation::YesNo) {
        if let Some((at, _)) = &row.yes {
            ignored.push(at.clone());
        }
    }
    (input, ignored)
}

/// The cell a rule's complaint is about, or the row.
fn cell_for(field: &str, row: &wb::read::FilledRow, sheet: &str) -> String {
    let at = |g: &Option<wb::read::Got>| g.as_ref().map(|g| g.at.clone());
    match field {
        "Giá trị" => at(&row.value),
        "Tử số" => at(&row.numerator),
        "Mẫu số" => at(&row.denominator),
        "Có / không" => row.yes.as_ref().map(|(a, _)| a.clone()),
        "Nội dung" => at(&row.text),
        _ => None,
    }
    .unwrap_or_else(|| format!("{sheet}, dòng {}", row.row))
}
