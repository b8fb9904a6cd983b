//! `import`, `submissions`, `consolidate`, `due`, `export plan`: files
//! between levels.

#[allow(unused_imports)]
use super::*;

pub(super) fn import(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Import { paths, add_units } = command else {
        unreachable!("dispatched by execute")
    };
    let mut store = open(path)?;
    let files = import_files(paths)?;
    let now = store.received_at(cli.today);
    let mut outcomes = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // One bad file never stops the rest.
        let outcome = match read_limited(f) {
            Ok(bytes) => store.import_report_file(&name, &bytes, &now, *add_units)?,
            Err(reason) => kehoach::exchange::decide::ImportOutcome::Refused { reason },
        };
        if !cli.json {
            eprintln!(
                "[{}/{}] {}: {}",
                i + 1,
                files.len(),
                f.display(),
                outcome.describe()
            );
        }
        outcomes.push(serde_json::json!({ "file": f.display().to_string(), "result": outcome }));
    }
    print(cli, &outcomes, |o| output::import_summary(o));
    Ok(())
}

pub(super) fn submissions(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Submissions { plan, period } = command else {
        unreachable!("dispatched by execute")
    };
    let store = open(path)?;
    let plan = store.plan_or_only(plan.as_deref())?;
    match period {
        Some(period) => {
            let c = store.completeness(plan, &period_arg(period)?, today(cli))?;
            print(cli, &c, output::completeness);
        }
        None => {
            let m = store.completeness_matrix(plan, today(cli), 6)?;
            print(cli, &m, output::completeness_matrix);
        }
    }
    Ok(())
}

pub(super) fn consolidate(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Consolidate { plan, period } = command else {
        unreachable!("dispatched by execute")
    };
    let store = open(path)?;
    let plan = store.plan_or_only(plan.as_deref())?;
    let period = period_arg(period)?;
    let c = store.consolidate(plan, &period, today(cli))?;
    print(cli, &c, output::consolidation);
    Ok(())
}

pub(super) fn export_plan(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Export(ExportCommand::Plan { plan, out }) = command else {
        unreachable!("dispatched by execute")
    };
    let store = open(path)?;
    if out.exists() {
        return Err(StoreError::AlreadyExists(out.clone()).into());
    }
    let plan = store.plan_or_only(plan.as_deref())?;
    let now = kehoach::clock::stamp(store.now());
    let file = store.plan_file(plan, &now)?;
    kehoach::store::write_file_atomically(out, &file)?;
    print(cli, &out.display().to_string(), |o| {
        format!("Đã xuất kế hoạch ra {o}.\n")
    });
    Ok(())
}

pub(super) fn due(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Due { cmd } = command else {
        unreachable!("dispatched by execute")
    };
    let mut store = open(path)?;
    match cmd {
        None => {
            let me = store.unit(store.my_unit_id()?)?;
            let items = store.due(me.id, today(cli))?;
            print(cli, &items, |i| output::due_list(i, &me.name));
        }
        Some(DueCommand::Set {
            plan,
            kind,
            date,
            next_year,
            unit,
            children_of,
        }) => {
            let plan = store.find_plan(plan)?;
            let kind = report_kind(kind)?;
            let rule =
                kehoach::calendar::DueRule::parse(date, *next_year).map_err(StoreError::from)?;
            let scope = match (unit, children_of) {
                (_, Some(p)) => kehoach::store::DueScope::ChildrenOf(store.find_unit(p)?.id),
                (u, None) => kehoach::store::DueScope::Unit(store.unit_or_mine(u.as_deref())?.id),
            };
            store.set_due(plan.id, scope, kind, rule)?;
            print(cli, &format!("{:02}/{:02}", rule.day, rule.month), |d| {
                format!(
                    "Đã đặt hạn {} trước ngày {d}{}.\n",
                    kind.label(),
                    if *next_year { " năm sau" } else { "" }
                )
            });
        }
    }
    Ok(())
}
