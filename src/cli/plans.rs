//! `plan`, `task`: plans imported and corrected, their tasks.

#[allow(unused_imports)]
use super::*;

pub(super) fn plan_import(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Plan(PlanCommand::Import {
        file,
        dry_run,
        titles,
        targets,
        rules,
        measures,
        drops,
        number,
        issued_on,
        issuer,
    }) = command
    else {
        unreachable!("dispatched by execute")
    };
    let bytes = std::fs::read(file).map_err(|source| StoreError::Io {
        path: file.clone(),
        source,
    })?;
    let mut store = if *dry_run && !path.exists() {
        None
    } else {
        Some(open(path)?)
    };
    let corrections = plan_corrections(titles, targets, rules, measures, drops)?;
    let supplied = kehoach::plan_import::Supplied {
        number: number.clone(),
        issued_on: *issued_on,
        issuer: issuer.clone(),
    };
    let in_file = |e: OfficeError| StoreError::Invalid {
        field: "Nhập kế hoạch",
        message: match e {
            OfficeError::PlanFile(why) => format!("{}: {why}", file.display()),
            OfficeError::PlanText(why) => format!("{}: {why}", file.display()),
            OfficeError::Ocr(why) => format!("{}: {why}", file.display()),
            OfficeError::PlanFileWithoutText => format!(
                "{}: tệp kế hoạch không kèm văn bản gốc của kế hoạch",
                file.display()
            ),
            other => format!("{}: {other}", file.display()),
        },
    };
    kehoach::office::prepare_scan(&bytes, &mut |done, pages| {
        if done < pages {
            eprintln!("Đang nhận dạng chữ bản quét: trang {} / {pages}…", done + 1);
        }
    })
    .map_err(in_file)?;
    let (report, corrected, origin) =
        kehoach::office::read_plan_reviewed(store.as_ref(), &bytes, &corrections, &supplied)
            .map_err(in_file)?;
    if origin.form == kehoach::office::PlanForm::PlanFile && origin.signed() == Some(false) {
        eprintln!("Lưu ý: tệp kế hoạch chưa được ký số.");
    }
    if !origin.label.is_empty() && !cli.json {
        eprintln!("Đã đọc: {}.", origin.label);
    }
    if !*dry_run && !report.missing.is_empty() {
        let flags: Vec<&str> = report
            .missing
            .iter()
            .map(|m| match *m {
                "số hiệu" => "--number",
                "cơ quan ban hành" => "--issuer",
                _ => "--issued-on",
            })
            .collect();
        return Err(CliError::Failed(format!(
            "Nhập kế hoạch: {}: văn bản không ghi {} của kế hoạch (có thể đã mất phần đầu); hãy ghi {} rồi nhập lại. Không có gì được lưu.",
            file.display(),
            report.missing.join(", "),
            flags.join(", ")
        )));
    }
    let outcome = match (&mut store, dry_run) {
        (Some(s), false) => Some(s.store_plan_as_read(&report, &corrections)?),
        _ => None,
    };
    #[derive(Serialize)]
    struct Imported<'a> {
        plan: &'a kehoach::model::PlanDocument,
        /// What the text does not say and the officer has not given.
        missing: &'a [&'static str],
        new_units: &'a [Unit],
        warnings: &'a [String],
        outcome: Option<&'a kehoach::office::PlanImportOutcome>,
        /// How the file was read (text, PDF, scan) and its signatures.
        origin: &'a kehoach::office::PlanOrigin,
    }
    let mut doc = corrected;
    doc.plan.source_text = None;
    let shown = Imported {
        plan: &doc,
        missing: &report.missing,
        new_units: &report.new_units,
        warnings: &report.warnings,
        outcome: outcome.as_ref(),
        origin: &origin,
    };
    print(cli, &shown, |s| {
        output::import_report(s.plan, s.missing, s.new_units, s.warnings, s.outcome)
    });
    Ok(())
}

pub(super) fn plan(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Plan(cmd) = command else {
        unreachable!("dispatched by execute")
    };
    let store = open(path)?;
    match cmd {
        PlanCommand::Import { .. } => unreachable!("handled above"),
        PlanCommand::List => {
            let plans = store.plans()?;
            print(cli, &plans, |p| output::plan_list(p));
        }
        PlanCommand::Show { plan } => {
            let plan = store.find_plan(plan)?;
            let tree = store.task_tree(plan.id)?;
            let indicators = store.indicators(plan.id)?;
            #[derive(Serialize)]
            struct Shown<'a> {
                plan: &'a kehoach::model::Plan,
                tasks: &'a [kehoach::model::TaskNode],
                indicators: &'a [kehoach::model::Indicator],
            }
            let mut shown_plan = plan.clone();
            shown_plan.source_text = None;
            let shown = Shown {
                plan: &shown_plan,
                tasks: &tree,
                indicators: &indicators,
            };
            print(cli, &shown, |s| {
                output::plan_detail(s.plan, s.tasks, s.indicators)
            });
        }
    }
    Ok(())
}

pub(super) fn task_edit(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Task(TaskCommand::Edit {
        code,
        plan,
        title,
        content,
        leads,
        partners,
    }) = command
    else {
        unreachable!("dispatched by execute")
    };
    let mut store = open(path)?;
    let plan = store.find_plan(plan)?;
    let task = store.task_by_code(plan.id, code)?;
    let ids = |names: &[String]| -> Result<Option<Vec<Uuid>>, StoreError> {
        if names.is_empty() {
            return Ok(None);
        }
        names
            .iter()
            .map(|n| store.find_unit(n).map(|u| u.id))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    };
    let edit = kehoach::plan_import::review::TaskEdit {
        title: title.clone(),
        content: content.clone(),
        lead_units: ids(leads)?,
        partner_units: ids(partners)?,
    };
    let node = store.edit_task(task.task.id, &edit)?;
    print(cli, &node, |n| {
        format!(
            "Đã sửa nhiệm vụ {}:\n{}",
            n.task.code,
            output::task_list(std::slice::from_ref(n))
        )
    });
    Ok(())
}

pub(super) fn task_list(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Task(TaskCommand::List { plan, unit, search }) = command else {
        unreachable!("dispatched by execute")
    };
    let store = open(path)?;
    let filter = TaskFilter {
        plan: plan
            .as_deref()
            .map(|q| store.find_plan(q).map(|p| p.id))
            .transpose()?,
        unit: unit
            .as_deref()
            .map(|q| store.find_unit(q).map(|u| u.id))
            .transpose()?,
        search: search.clone(),
    };
    let tasks = store.tasks(&filter)?;
    print(cli, &tasks, |t| output::task_list(t));
    Ok(())
}
