//! `period`, `progress`, `indicator`: what an officer records for a period.

#[allow(unused_imports)]
use super::*;

pub(super) fn period(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Period(cmd) = command else {
        unreachable!("dispatched by execute")
    };
    let mut store = open(path)?;
    match cmd {
        PeriodCommand::List { plan, kind, unit } => {
            let plan = store.find_plan(plan)?;
            let unit = store.unit_or_mine(unit.as_deref())?;
            let mut rows = Vec::new();
            match kind.as_deref() {
                None => {
                    for p in store.plan_periods(plan.id, unit.id, today(cli))?.periods {
                        rows.push(output::PeriodRow::from_plan(p));
                    }
                }
                Some(kind) => {
                    let periods =
                        if ["so ket", "tong ket", "review"].contains(&vn::fold(kind).as_str()) {
                            kehoach::calendar::review_periods(&plan)
                        } else {
                            let kind = period_kind(kind)?;
                            kehoach::calendar::periods_of(kind, plan.start_year, plan.end_year)
                        };
                    for p in periods {
                        let rule = store.due_rule(plan.id, unit.id, p.report_kind())?;
                        rows.push(output::PeriodRow::new(p, plan.start_year, rule));
                    }
                }
            }
            print(cli, &rows, |r| output::period_list(r, &unit.name));
        }
        PeriodCommand::Current { plan, unit } => {
            let plan = store.find_plan(plan)?;
            let unit = store.unit_or_mine(unit.as_deref())?;
            let board = store.dashboard(plan.id, unit.id, today(cli))?;
            print(cli, &board, output::dashboard);
        }
        PeriodCommand::Check { plan, period, unit } => {
            let plan = store.find_plan(plan)?;
            let unit = store.unit_or_mine(unit.as_deref())?;
            let period = period_arg(period)?;
            let missing = store.missing_for_report(plan.id, unit.id, &period)?;
            print(cli, &missing, |m| {
                if m.is_empty() {
                    format!("Kỳ {period}: đã đủ số liệu để báo cáo.\n")
                } else {
                    format!(
                        "Kỳ {period} còn thiếu:\n{}",
                        m.iter().map(|x| format!("- {x}\n")).collect::<String>()
                    )
                }
            });
        }
        PeriodCommand::Lock(a) | PeriodCommand::Unlock(a) => {
            let plan = store.find_plan(&a.plan)?;
            let unit = store.unit_or_mine(a.unit.as_deref())?;
            let period = period_arg(&a.period)?;
            let locking = matches!(cmd, PeriodCommand::Lock(_));
            if locking {
                store.lock_period(plan.id, unit.id, &period, &a.reason)?;
            } else {
                store.unlock_period(plan.id, unit.id, &period, &a.reason)?;
            }
            let verb = if locking {
                "Đã khóa"
            } else {
                "Đã mở khóa"
            };
            print(cli, &period.to_string(), |p| {
                format!("{verb} số liệu kỳ {p} của “{}”.\n", unit.name)
            });
        }
    }
    Ok(())
}

pub(super) fn progress(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Progress(cmd) = command else {
        unreachable!("dispatched by execute")
    };
    let mut store = open(path)?;
    match cmd {
        ProgressCommand::Set {
            plan,
            task,
            period,
            unit,
            status,
            reason,
            narrative,
            difficulties,
            proposals,
            budget,
            evidence,
        } => {
            let plan = store.find_plan(plan)?;
            let task = store.task_by_code(plan.id, task)?;
            let unit = store.unit_or_mine(unit.as_deref())?;
            let period = period_arg(period)?;
            let input = kehoach::input::ProgressInput {
                status: status.clone(),
                reason: reason.clone(),
                narrative: narrative.clone(),
                difficulties: difficulties.clone(),
                proposals: proposals.clone(),
                budget: budget.clone(),
                evidence: evidence.clone(),
            };
            let row = store.set_progress(task.task.id, unit.id, &period, &input)?;
            print(cli, &row, |r| {
                format!(
                    "Đã ghi kết quả nhiệm vụ {} kỳ {} của “{}”: {}.\n",
                    task.task.code,
                    r.period,
                    unit.name,
                    r.status.label()
                )
            });
        }
        ProgressCommand::Show { plan, period, unit } => {
            let plan = store.find_plan(plan)?;
            let unit = store.unit_or_mine(unit.as_deref())?;
            let period = period_arg(period)?;
            let rows = store.progress(plan.id, unit.id, &period)?;
            let missing = store.tasks_without_progress(plan.id, unit.id, &period)?;
            #[derive(Serialize)]
            struct Shown<'a> {
                progress: &'a [(String, kehoach::model::Progress)],
                without_progress: Vec<&'a str>,
            }
            let shown = Shown {
                progress: &rows,
                without_progress: missing.iter().map(|m| m.1.as_str()).collect(),
            };
            print(cli, &shown, |s| {
                output::progress_list(s.progress, &s.without_progress, &period, &unit.name)
            });
        }
    }
    Ok(())
}

pub(super) fn indicator(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Indicator(cmd) = command else {
        unreachable!("dispatched by execute")
    };
    let mut store = open(path)?;
    match cmd {
        IndicatorCommand::Set {
            plan,
            indicator,
            period,
            unit,
            value,
            numerator,
            denominator,
            yes,
            text,
            note,
        } => {
            let plan = store.find_plan(plan)?;
            let ind = store.find_indicator(plan.id, indicator)?;
            let unit = store.unit_or_mine(unit.as_deref())?;
            let period = period_arg(period)?;
            let yes = match yes.as_deref().map(vn::fold).as_deref() {
                None => None,
                Some("co" | "yes" | "1" | "true") => Some(true),
                Some("khong" | "no" | "0" | "false") => Some(false),
                Some(_) => {
                    return Err(CliError::from(StoreError::Invalid {
                        field: "Có / không",
                        message: "hãy ghi “có” hoặc “không”.".into(),
                    }))
                }
            };
            let input = kehoach::input::ValueInput {
                value: value.clone(),
                numerator: numerator.clone(),
                denominator: denominator.clone(),
                yes,
                text: text.clone(),
                note: note.clone(),
            };
            let (row, warnings) = store.set_value(ind.id, unit.id, &period, &input)?;
            for w in &warnings {
                eprintln!("Cảnh báo: {w}");
            }
            print(cli, &row, |r| {
                format!(
                    "Đã ghi chỉ tiêu “{}” kỳ {} của “{}”{}.\n",
                    ind.name,
                    r.period,
                    unit.name,
                    r.value
                        .map(|v| format!(": {}", vn::format_decimal(v, 2)))
                        .unwrap_or_default()
                )
            });
        }
        IndicatorCommand::Show { plan, period, unit } => {
            let plan = store.find_plan(plan)?;
            let unit = store.unit_or_mine(unit.as_deref())?;
            let period = period_arg(period)?;
            let rows = store.values(plan.id, unit.id, &period)?;
            print(cli, &rows, |r| output::value_list(r, &period, &unit.name));
        }
        IndicatorCommand::Template {
            plan,
            period,
            unit,
            out,
        } => {
            let plan = store.find_plan(plan)?;
            let unit = store.unit_or_mine(unit.as_deref())?;
            let period = period_arg(period)?;
            let bytes = store.indicator_template(plan.id, unit.id, &period)?;
            kehoach::store::write_file_atomically(out, &bytes)?;
            eprintln!(
                "Đã ghi {} ({} KB).",
                out.display(),
                bytes.len().div_ceil(1024)
            );
        }
        IndicatorCommand::Export { plan, period, out } => {
            let plan = store.find_plan(plan)?;
            let period = period_arg(period)?;
            let bytes = store.indicator_figures(plan.id, &period)?;
            kehoach::store::write_file_atomically(out, &bytes)?;
            eprintln!(
                "Đã ghi {} ({} KB).",
                out.display(),
                bytes.len().div_ceil(1024)
            );
        }
        IndicatorCommand::Import {
            file,
            plan,
            period,
            unit,
            dry_run,
        } => {
            let plan = store.find_plan(plan)?;
            let unit = store.unit_or_mine(unit.as_deref())?;
            let period = period_arg(period)?;
            let bytes = read_sheet(file)?;
            let import = if *dry_run {
                store
                    .preview_indicator_sheet(plan.id, unit.id, &period, &bytes)?
                    .0
            } else {
                store.import_indicator_sheet(plan.id, unit.id, &period, &bytes)?
            };
            for w in &import.warnings {
                eprintln!("Cảnh báo: {w}");
            }
            print(cli, &import, |i| {
                output::sheet_import(i, &period, &unit.name)
            });
        }
    }
    Ok(())
}

/// A workbook to read, refused above the size a sheet of indicators has
/// before it is read.
fn read_sheet(path: &Path) -> Result<Vec<u8>, CliError> {
    let limit = kehoach::workbook::Limits::default().max_file;
    let len = std::fs::metadata(path).map_err(io_err(path))?.len();
    if len > limit {
        return Err(
            kehoach::OfficeError::Workbook(kehoach::workbook::WorkbookError::TooLarge {
                size: len.div_ceil(1 << 20),
                limit: limit >> 20,
            })
            .into(),
        );
    }
    Ok(std::fs::read(path).map_err(io_err(path))?)
}
