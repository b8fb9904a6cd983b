//! `report`, `sign`, `verify`, `export report`: a report from draft to
//! signed file.

#[allow(unused_imports)]
use super::*;

pub(super) fn sign(cli: &Cli, command: &Command) -> Result<(), CliError> {
    let Command::Sign { file, key, out } = command else {
        unreachable!("dispatched by execute")
    };
    if out.exists() {
        return Err(StoreError::AlreadyExists(out.clone()).into());
    }
    let pdf = std::fs::read(file).map_err(io_err(file))?;
    let key = Key::open(key)?;
    let now = super::clock().now();
    let signed = kehoach::sign::sign_pdf(&pdf, key.source.as_ref(), &key.options(now))?;
    warn_all(&signed.warnings);
    kehoach::store::write_file_atomically(out, &signed.bytes)?;
    let signer = key.name();
    print(cli, &signer, |s| {
        format!("Đã ký {} bằng chứng thư “{s}”.\n", out.display())
    });
    Ok(())
}

pub(super) fn verify(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Verify { file, trust } = command else {
        unreachable!("dispatched by execute")
    };
    let bytes = std::fs::read(file).map_err(io_err(file))?;
    // The CAs named, or else those the officer trusts in the database.
    let anchors = if trust.is_empty() && path.exists() {
        open(path)?.trusted_certificates()?
    } else {
        load_trust(trust)?
    };
    let checks = kehoach::verify::verify_pdf(&bytes, &anchors)?;
    print(cli, &checks, |c| output::signature_checks(c, file));
    if checks.is_empty() {
        return Err(CliError::Failed(format!(
            "Tệp {} không có chữ ký số.",
            file.display()
        )));
    }
    if let Some(bad) = checks.iter().find(|c| !c.valid) {
        return Err(CliError::Failed(format!(
            "Chữ ký số {} không hợp lệ: {}.",
            bad.number,
            bad.problems.join("; ")
        )));
    }
    Ok(())
}

pub(super) fn export_report(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Export(ExportCommand::Report { target, out }) = command else {
        unreachable!("dispatched by execute")
    };
    let store = open(path)?;
    let plan = store.plan_or_only(target.plan.as_deref())?;
    let unit = store.unit_or_mine(target.unit.as_deref())?;
    let period = period_arg(&target.period)?;
    let report = store
        .report(plan, unit.id, &period)?
        .ok_or(StoreError::NotFoundItem {
            what: "báo cáo kỳ",
            query: period.to_string(),
        })?;
    store.export_signed_report_to(report.id, out)?;
    print(cli, &out.display().to_string(), |o| {
        format!("Đã xuất {o}.\n")
    });
    Ok(())
}

pub(super) fn report(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Report(cmd) = command else {
        unreachable!("dispatched by execute")
    };
    let mut store = open(path)?;
    let target = match cmd {
        ReportCommand::Draft { target, .. }
        | ReportCommand::Show { target }
        | ReportCommand::Edit { target, .. }
        | ReportCommand::Finalize { target, .. }
        | ReportCommand::Pdf { target, .. }
        | ReportCommand::Docx { target, .. }
        | ReportCommand::Sign { target, .. } => target,
    };
    let plan = match &target.plan {
        Some(p) => store.find_plan(p)?.id,
        None => store.only_plan()?,
    };
    let unit = store.unit_or_mine(target.unit.as_deref())?;
    let period = period_arg(&target.period)?;
    if word(cli, &mut store, cmd, plan, unit.id, &period)? {
        return Ok(());
    }
    let report = match cmd {
        ReportCommand::Draft {
            restore_edits: true,
            ..
        } => {
            let current = store.current_draft(plan, unit.id, &period)?;
            let back = store.restore_replaced_draft(current.id)?;
            eprintln!("Đã khôi phục dự thảo như trước lần lập lại từ số liệu gần nhất.");
            back
        }
        ReportCommand::Draft { regenerate, .. } => {
            let replaced = if *regenerate {
                store.redraft_replaces(plan, unit.id, &period)?
            } else {
                Vec::new()
            };
            let report = store.draft_report(plan, unit.id, &period, *regenerate)?;
            if !replaced.is_empty() {
                eprintln!(
                        "Đã viết lại từ số liệu phần {}; nội dung trước đó (kể cả chỗ đã sửa) được giữ lại: thêm --restore-edits để khôi phục.",
                        replaced
                            .iter()
                            .map(|s| s.code.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
            }
            report
        }
        ReportCommand::Show { .. } => {
            store.report(plan, unit.id, &period)?.ok_or_else(|| {
                CliError::Failed(format!(
                    "Không tìm thấy báo cáo kỳ “{period}”: hãy lập dự thảo bằng `kehoach report draft`."
                ))
            })?
        }
        ReportCommand::Docx { .. } => unreachable!("written by word()"),
        ReportCommand::Edit {
            section,
            text,
            file,
            ..
        } => {
            let section = section.as_deref().unwrap_or_default();
            let current = store.current_draft(plan, unit.id, &period)?;
            let text = match (text, file) {
                (Some(t), _) => t.clone(),
                (None, Some(f)) => std::fs::read_to_string(f).map_err(|source| StoreError::Io {
                    path: f.clone(),
                    source,
                })?,
                (None, None) => unreachable!("clap requires one"),
            };
            store.edit_report_section(current.id, section, &text)?
        }
        ReportCommand::Pdf { out, .. } => {
            if out.exists() {
                return Err(StoreError::AlreadyExists(out.clone()).into());
            }
            // The latest version, or a new draft from the data.
            let report = match store.report(plan, unit.id, &period)? {
                Some(r) => r,
                None => store.draft_report(plan, unit.id, &period, false)?,
            };
            let bytes = report_file(&store, &report)?;
            kehoach::store::write_file_atomically(out, &bytes)?;
            eprintln!("Đã ghi {} ({} KB).", out.display(), bytes.len() / 1024);
            report
        }
        ReportCommand::Sign { key, out, .. } => {
            if out.exists() {
                return Err(StoreError::AlreadyExists(out.clone()).into());
            }
            let report = store
                .report(plan, unit.id, &period)?
                .ok_or(StoreError::NotFoundItem {
                    what: "báo cáo kỳ",
                    query: format!("{period}; hãy lập và hoàn thành báo cáo trước khi ký"),
                })?;
            let key = Key::open(key)?;
            // Kept in the store first: the file can always be exported again.
            let now = store.now();
            let (report, signed, warnings) =
                store.sign_report(report.id, key.source.as_ref(), &key.options(now))?;
            warn_all(&warnings);
            kehoach::store::write_file_atomically(out, &signed)?;
            eprintln!(
                "Đã ký và ghi {}; số liệu kỳ {period} đã được khóa.",
                out.display()
            );
            report
        }
        ReportCommand::Finalize { signer, .. } => {
            let current =
                store
                    .report(plan, unit.id, &period)?
                    .ok_or(StoreError::NotFoundItem {
                        what: "dự thảo báo cáo kỳ",
                        query: period.to_string(),
                    })?;
            let signer = signer
                .as_deref()
                .map(|name| store.find_signer(name).map(|e| e.id))
                .transpose()?;
            store.finalize_report_with(current.id, today(cli), signer)?
        }
    };
    print(cli, &report, |r| {
        format!(
            "[Báo cáo kỳ {}, phiên bản {}, {}]\n\n{}",
            r.period,
            r.version,
            r.status.label(),
            kehoach::report::to_text(r)
        )
    });
    Ok(())
}

/// `report docx` and `report edit --from-docx`: the report as Word and the
/// leader's edited copy back. False when `cmd` is neither.
fn word(
    cli: &Cli,
    store: &mut Office,
    cmd: &ReportCommand,
    plan: uuid::Uuid,
    unit: uuid::Uuid,
    period: &kehoach::calendar::Period,
) -> Result<bool, CliError> {
    let period = *period;
    match cmd {
        ReportCommand::Edit {
            from_docx: Some(docx),
            dry_run,
            ..
        } => {
            let current = store.current_draft(plan, unit, &period)?;
            let bytes = std::fs::read(docx).map_err(io_err(docx))?;
            let edit = if *dry_run {
                store.preview_report_docx(current.id, &bytes)?
            } else {
                store.edit_report_from_docx(current.id, &bytes)?.1
            };
            print(cli, &edit, |e| output::docx_edit(e, *dry_run));
            Ok(true)
        }
        ReportCommand::Docx { out, .. } => {
            let report = store
                .report(plan, unit, &period)?
                .ok_or(StoreError::NotFoundItem {
                    what: "báo cáo kỳ",
                    query: period.to_string(),
                })?;
            let size = store.save_report_docx_to(report.id, out)?;
            eprintln!("Đã ghi {} ({} KB).", out.display(), size.div_ceil(1024));
            Ok(true)
        }
        _ => Ok(false),
    }
}
