//! `init`, `demo`, `backup`, `restore`, `setting`, `signer`, `trust`,
//! `cert`: the office's own database, settings, signers and trust.

#[allow(unused_imports)]
use super::*;

pub(super) fn init(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Init(a) = command else {
        unreachable!("dispatched by execute")
    };
    let unit = Unit {
        short_name: a.short_name.clone().unwrap_or_default(),
        admin_code: a.code.clone(),
        ..Unit::new(&a.name, a.kind)
    };
    let store = Office::create(path, &unit, &a.officer, super::clock())?;
    let me = store.unit(store.my_unit_id()?)?;
    print(cli, &me, |u| {
        format!(
            "Đã tạo cơ sở dữ liệu {} cho đơn vị “{}”.\n",
            path.display(),
            u.name
        )
    });
    Ok(())
}

pub(super) fn backup(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Backup { out } = command else {
        unreachable!("dispatched by execute")
    };
    let store = open(path)?;
    store.store().backup_to(out)?;
    print(cli, &out, |o| format!("Đã sao lưu vào {}.\n", o.display()));
    Ok(())
}

pub(super) fn restore(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Restore { file, aside } = command else {
        unreachable!("dispatched by execute")
    };
    let mut store = open(path)?;
    let aside = aside.clone().unwrap_or_else(|| store.aside_path());
    store.store_mut().restore_from(file, &aside)?;
    print(cli, &aside, |a| {
        format!(
            "Đã phục hồi từ {}; dữ liệu trước đó được giữ ở {}.\n",
            file.display(),
            a.display()
        )
    });
    Ok(())
}

pub(super) fn demo(cli: &Cli, path: &Path) -> Result<(), CliError> {
    let store = Office::create_demo(path, super::clock())?;
    let plans = store.plans()?;
    print(cli, &plans, |plans| {
        let mut s = format!("Đã tạo cơ sở dữ liệu mẫu {}.\n", path.display());
        for p in plans {
            s += &format!(
                "Kế hoạch {}: {} nhiệm vụ, {} chỉ tiêu.\n",
                p.doc_number, p.task_count, p.indicator_count
            );
        }
        s
    });
    Ok(())
}

pub(super) fn signer(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Signer(cmd) = command else {
        unreachable!("dispatched by execute")
    };
    let mut store = open(path)?;
    match cmd {
        SignerCommand::Add {
            name,
            authority,
            signature,
        } => {
            let png = signature
                .as_ref()
                .map(|f| std::fs::read(f).map_err(io_err(f)))
                .transpose()?;
            let signer = kehoach::model::Signer {
                authority: authority.clone(),
                name: name.clone(),
            };
            let (entry, warnings) = store.add_signer(&signer, png.as_deref())?;
            warn_all(&warnings);
            print(cli, &entry, |e| {
                format!(
                    "Đã thêm người ký {} ({}).\n",
                    e.signer.name,
                    e.signer.authority.join(" / ")
                )
            });
        }
        SignerCommand::List => {
            let list = store.signers()?;
            print(cli, &list, |l| {
                l.iter()
                    .map(|e| {
                        format!(
                            "{} ({}){}\n",
                            e.signer.name,
                            e.signer.authority.join(" / "),
                            if e.has_signature {
                                ", có ảnh chữ ký"
                            } else {
                                ""
                            }
                        )
                    })
                    .collect()
            });
        }
        SignerCommand::Remove { name } => {
            let entry = store.find_signer(name)?;
            store.remove_signer(entry.id)?;
            print(cli, &entry, |e| {
                format!(
                    "Đã bỏ người ký {}; báo cáo đã ký vẫn giữ tên người ký.\n",
                    e.signer.name
                )
            });
        }
    }
    Ok(())
}

pub(super) fn trust(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Trust(cmd) = command else {
        unreachable!("dispatched by execute")
    };
    let mut store = open(path)?;
    match cmd {
        TrustCommand::Add { files } => {
            let mut added = Vec::new();
            for f in trust_files(files)? {
                let bytes = std::fs::read(&f).map_err(io_err(&f))?;
                added.extend(store.trust_certificates(&bytes, &f.display().to_string())?);
            }
            print(cli, &added, |a| {
                format!("Đã thêm {} chứng thư vào danh sách tin cậy.\n", a.len())
            });
        }
        TrustCommand::List => {
            let list = store.trust_list()?;
            print(cli, &list, |l| output::trust_list(l));
        }
        TrustCommand::Remove { fingerprint } => {
            let gone = store.untrust_certificate(fingerprint)?;
            print(cli, &gone, |g| {
                format!(
                    "Đã bỏ tin cậy “{}”. Tệp đã nhận giữ nguyên kết quả kiểm tra.\n",
                    g.name
                )
            });
        }
    }
    Ok(())
}

pub(super) fn cert_list(cli: &Cli, command: &Command) -> Result<(), CliError> {
    let Command::Cert(CertCommand::List { pkcs11 }) = command else {
        unreachable!("dispatched by execute")
    };
    match pkcs11 {
        Some(module) => {
            let tokens = kehoach::sign::token::list(module)?;
            print(cli, &tokens, |t| output::token_list(t));
        }
        None => {
            let found = kehoach::sign::modules::scan(&kehoach::sign::modules::installed_modules());
            print(cli, &found, output::key_scan);
        }
    }
    Ok(())
}

pub(super) fn setting(cli: &Cli, path: &Path, command: &Command) -> Result<(), CliError> {
    let Command::Setting(cmd) = command else {
        unreachable!("dispatched by execute")
    };
    let mut store = open(path)?;
    match cmd {
        SettingCommand::Set { key, value } => {
            store.set_report_setting(key, &value.replace("\\n", "\n"))?;
            print(cli, key, |k| format!("Đã đặt {k}.\n"));
        }
        SettingCommand::List => {
            let mut rows = Vec::new();
            for (key, about) in kehoach::office::REPORT_SETTINGS {
                rows.push((key, about, store.setting(key)?.unwrap_or_default()));
            }
            print(cli, &rows, |r| {
                r.iter()
                    .map(|(k, about, v)| {
                        format!(
                            "{k} = {}\n    ({about})\n",
                            if v.is_empty() {
                                "(chưa đặt)".to_string()
                            } else {
                                v.replace('\n', " / ")
                            }
                        )
                    })
                    .collect()
            });
        }
    }
    Ok(())
}
