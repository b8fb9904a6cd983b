//! `unit`: the units below and around mine.

#[allow(unused_imports)]
use super::*;

pub(super) fn unit(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Unit(cmd) = command else {
        unreachable!("dispatched by execute")
    };
    let mut store = open(path)?;
    match cmd {
        UnitCommand::Add(a) => {
            let reports_to = a
                .reports_to
                .as_deref()
                .map(|q| store.find_unit(q).map(|u| u.id))
                .transpose()?;
            let unit = store.add_unit_on(
                &Unit {
                    id: Uuid::new_v4(),
                    name: a.name.clone(),
                    short_name: a.short_name.clone().unwrap_or_default(),
                    kind: a.kind,
                    admin_code: a.code.clone(),
                    reports_to,
                    valid_from: a.valid_from,
                    valid_to: a.valid_to,
                },
                today(cli),
            )?;
            print(cli, &unit, |u| {
                format!("Đã thêm đơn vị “{}” (mã {}).\n", u.name, u.id)
            });
        }
        UnitCommand::List { search } => {
            let units: Vec<Unit> = store
                .units()?
                .into_iter()
                .filter(|u| {
                    search.as_deref().is_none_or(|q| {
                        vn::search_matches(&vn::fold(&u.name), q)
                            || vn::search_matches(&vn::fold(&u.short_name), q)
                    })
                })
                .collect();
            print(cli, &units, |u| output::unit_list(u));
        }
        UnitCommand::Tree => {
            let tree = store.unit_tree()?;
            let mine = store.my_unit_id().ok();
            print(cli, &tree, |t| output::unit_tree(t, mine));
        }
        UnitCommand::Move {
            unit,
            reports_to,
            no_parent: _,
        } => {
            let unit = store.find_unit(unit)?;
            let parent = reports_to
                .as_deref()
                .map(|q| store.find_unit(q))
                .transpose()?;
            let moved = store.set_reports_to(unit.id, parent.as_ref().map(|p| p.id))?;
            print(cli, &moved, |u| match &parent {
                Some(p) => format!("Đã chuyển “{}” về trực thuộc “{}”.\n", u.name, p.name),
                None => format!("“{}” không còn trực thuộc đơn vị nào.\n", u.name),
            });
        }
        UnitCommand::Merge {
            unit,
            into,
            last_day,
        } => {
            let unit = store.find_unit(unit)?;
            let into = store.find_unit(into)?;
            let ended = store.end_unit(unit.id, *last_day, Some(into.id))?;
            print(cli, &ended, |u| {
                format!(
                    "Đã sáp nhập “{}” vào “{}” (hoạt động đến hết {}); lịch sử báo cáo được giữ.\n",
                    u.name,
                    into.name,
                    last_day.format("%d/%m/%Y")
                )
            });
        }
        UnitCommand::Link { file } => {
            let bytes = std::fs::read(file).map_err(io_err(file))?;
            let linked = store.link_sender(&bytes, None)?;
            print(cli, &linked, |u| {
                format!(
                    "Đã gắn “{}” với đơn vị gửi tệp; hãy nhận lại tệp.\n",
                    u.name
                )
            });
        }
        UnitCommand::Signers { unit } => {
            let unit = unit.as_ref().map(|u| store.find_unit(u)).transpose()?;
            let signers = store.unit_signers(unit.map(|u| u.id))?;
            print(cli, &signers, |list| output::unit_signers(list));
        }
        UnitCommand::SignerAdd { file } => {
            let bytes = std::fs::read(file).map_err(io_err(file))?;
            let added = store.add_unit_signer_from_file(&bytes)?;
            print(cli, &added, |s| {
                format!("Đã ghi nhận “{}” là người ký của “{}”.\n", s.name, s.unit)
            });
        }
        UnitCommand::SignerRemove { unit, fingerprint } => {
            let unit = store.find_unit(unit)?;
            let removed = store.remove_unit_signer(unit.id, fingerprint)?;
            print(cli, &removed, |s| {
                format!(
                    "Đã thôi ghi nhận “{}” là người ký của “{}”.\n",
                    s.name, s.unit
                )
            });
        }
        UnitCommand::Dissolve { unit, last_day } => {
            let unit = store.find_unit(unit)?;
            let ended = store.end_unit(unit.id, *last_day, None)?;
            print(cli, &ended, |u| {
                format!(
                    "Đã giải thể “{}” (hoạt động đến hết {}); lịch sử báo cáo được giữ.\n",
                    u.name,
                    last_day.format("%d/%m/%Y")
                )
            });
        }
    }
    Ok(())
}
