//! Argument parsing and output. No business rule lives here: each command is
//! a call into the library and a way of printing its answer.

mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use uuid::Uuid;

use kehoach::model::{Unit, UnitKind};
use kehoach::store::{default_db_path, TaskFilter};
use kehoach::{vn, Store, StoreError};

#[derive(Parser)]
#[command(
    name = "kehoach",
    version,
    about = "Theo dõi thực hiện Kế hoạch và lập báo cáo (chạy không cần mạng)."
)]
struct Cli {
    /// Tệp cơ sở dữ liệu (mặc định: thư mục dữ liệu của người dùng).
    #[arg(long, global = true, value_name = "TỆP")]
    db: Option<PathBuf>,
    /// In kết quả dạng JSON cho chương trình khác đọc.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Tạo cơ sở dữ liệu mới cho đơn vị của tôi.
    Init(InitArgs),
    /// Tạo cơ sở dữ liệu mẫu từ Kế hoạch 38/KH-UBND của UBND tỉnh Thái Bình.
    Demo,
    /// Đơn vị: thêm, xem danh sách, xem cây, chuyển cấp trên.
    #[command(subcommand)]
    Unit(UnitCommand),
    /// Kế hoạch: xem danh sách, xem chi tiết.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Nhiệm vụ: tìm và liệt kê.
    #[command(subcommand)]
    Task(TaskCommand),
}

#[derive(Args)]
struct InitArgs {
    /// Tên đầy đủ, ví dụ “Ủy ban nhân dân xã Tiền Phong”.
    #[arg(long)]
    name: String,
    /// Loại: tinh, huyen, xa, phuong, thi_tran, dac_khu, so, phong, ban, doan_the, khac.
    #[arg(long, value_parser = parse_kind)]
    kind: UnitKind,
    /// Tên ngắn, ví dụ “UBND xã Tiền Phong”.
    #[arg(long)]
    short_name: Option<String>,
    /// Mã đơn vị hành chính.
    #[arg(long)]
    code: Option<String>,
    /// Họ tên cán bộ sử dụng (ghi vào nhật ký thay đổi).
    #[arg(long, default_value = "")]
    officer: String,
}

#[derive(Subcommand)]
enum UnitCommand {
    /// Thêm một đơn vị.
    Add(UnitAddArgs),
    /// Danh sách đơn vị theo thứ tự chữ cái tiếng Việt.
    List {
        /// Tìm theo tên (không phân biệt dấu).
        #[arg(long)]
        search: Option<String>,
    },
    /// Cây đơn vị theo quan hệ trực thuộc.
    Tree,
    /// Đổi đơn vị cấp trên của một đơn vị.
    Move {
        /// Đơn vị cần chuyển (tên hoặc mã).
        unit: String,
        /// Đơn vị cấp trên mới (tên hoặc mã).
        #[arg(
            long,
            conflicts_with = "no_parent",
            required_unless_present = "no_parent"
        )]
        reports_to: Option<String>,
        /// Không trực thuộc đơn vị nào.
        #[arg(long)]
        no_parent: bool,
    },
}

#[derive(Args)]
struct UnitAddArgs {
    #[arg(long)]
    name: String,
    #[arg(long, value_parser = parse_kind)]
    kind: UnitKind,
    #[arg(long)]
    short_name: Option<String>,
    #[arg(long)]
    code: Option<String>,
    /// Đơn vị cấp trên (tên hoặc mã).
    #[arg(long)]
    reports_to: Option<String>,
    /// Ngày bắt đầu hoạt động, ví dụ 01/7/2025.
    #[arg(long, value_parser = parse_date)]
    valid_from: Option<NaiveDate>,
    /// Ngày thôi hoạt động (sáp nhập, giải thể).
    #[arg(long, value_parser = parse_date)]
    valid_to: Option<NaiveDate>,
}

#[derive(Subcommand)]
enum PlanCommand {
    /// Danh sách kế hoạch.
    List,
    /// Chi tiết một kế hoạch (theo số hiệu như 38/KH-UBND, hoặc mã).
    Show { plan: String },
    /// Nhập kế hoạch từ văn bản (.txt, .docx): in cây nhiệm vụ, số lượng và
    /// các cảnh báo; lưu vào cơ sở dữ liệu trừ khi có --dry-run.
    Import {
        /// Tệp văn bản kế hoạch.
        file: PathBuf,
        /// Chỉ đọc và in kết quả, không lưu.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum TaskCommand {
    /// Liệt kê nhiệm vụ, có thể lọc theo kế hoạch, đơn vị và từ khóa.
    List {
        /// Số hiệu hoặc mã kế hoạch.
        #[arg(long)]
        plan: Option<String>,
        /// Đơn vị chủ trì hoặc phối hợp (tên hoặc mã).
        #[arg(long)]
        unit: Option<String>,
        /// Từ khóa, không phân biệt dấu: “ho ngheo” tìm thấy “hộ nghèo”.
        #[arg(long)]
        search: Option<String>,
    },
    /// Sửa một nhiệm vụ đã nhập: tên, nội dung, đơn vị chủ trì/phối hợp.
    Edit {
        /// Mã nhiệm vụ theo kế hoạch, ví dụ III.2.a.
        code: String,
        /// Số hiệu hoặc mã kế hoạch.
        #[arg(long)]
        plan: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        content: Option<String>,
        /// Đơn vị chủ trì (nhắc lại để nêu nhiều đơn vị); thay cho danh sách cũ.
        #[arg(long = "lead")]
        leads: Vec<String>,
        /// Đơn vị phối hợp (nhắc lại để nêu nhiều đơn vị); thay cho danh sách cũ.
        #[arg(long = "partner")]
        partners: Vec<String>,
    },
}

fn parse_kind(s: &str) -> Result<UnitKind, String> {
    UnitKind::parse(s).ok_or_else(|| {
        format!(
            "“{s}” không phải loại đơn vị; hãy dùng một trong: {}.",
            UnitKind::ALL.map(|k| k.code()).join(", ")
        )
    })
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    vn::parse_date(s).map_err(|e| e.to_string())
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match execute(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Lỗi: {e}");
            ExitCode::FAILURE
        }
    }
}

fn db_path(cli: &Cli) -> PathBuf {
    cli.db.clone().unwrap_or_else(default_db_path)
}

fn print<T: Serialize>(cli: &Cli, value: &T, human: impl FnOnce(&T) -> String) {
    if cli.json {
        println!(
            "{}",
            serde_json::to_string_pretty(value).expect("output serializes")
        );
    } else {
        print!("{}", human(value));
    }
}

fn execute(cli: &Cli) -> Result<(), StoreError> {
    let path = db_path(cli);
    match &cli.command {
        Command::Init(a) => {
            let unit = Unit {
                id: Uuid::new_v4(),
                name: a.name.clone(),
                short_name: a.short_name.clone().unwrap_or_default(),
                kind: a.kind,
                admin_code: a.code.clone(),
                reports_to: None,
                valid_from: None,
                valid_to: None,
            };
            let store = Store::create(&path, &unit, &a.officer)?;
            let me = store.unit(store.my_unit_id()?)?;
            print(cli, &me, |u| {
                format!(
                    "Đã tạo cơ sở dữ liệu {} cho đơn vị “{}”.\n",
                    path.display(),
                    u.name
                )
            });
        }
        Command::Demo => {
            let store = kehoach::demo::build(&path)?;
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
        }
        Command::Unit(cmd) => {
            let mut store = Store::open(&path)?;
            match cmd {
                UnitCommand::Add(a) => {
                    let reports_to = a
                        .reports_to
                        .as_deref()
                        .map(|q| store.find_unit(q).map(|u| u.id))
                        .transpose()?;
                    let unit = store.add_unit(&Unit {
                        id: Uuid::new_v4(),
                        name: a.name.clone(),
                        short_name: a.short_name.clone().unwrap_or_default(),
                        kind: a.kind,
                        admin_code: a.code.clone(),
                        reports_to,
                        valid_from: a.valid_from,
                        valid_to: a.valid_to,
                    })?;
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
            }
        }
        Command::Plan(PlanCommand::Import { file, dry_run }) => {
            let bytes = std::fs::read(file).map_err(|source| StoreError::Io {
                path: file.clone(),
                source,
            })?;
            let mut store = if *dry_run && !path.exists() {
                None
            } else {
                Some(Store::open(&path)?)
            };
            let known = match &store {
                Some(s) => s.units()?,
                None => Vec::new(),
            };
            let report = kehoach::plan_import::import_file(&bytes, &known).map_err(|e| {
                StoreError::Invalid {
                    field: "Nhập kế hoạch",
                    message: format!("{}: {e}", file.display()),
                }
            })?;
            let outcome = match (&mut store, dry_run) {
                (Some(s), false) => Some(s.import_plan(&report.document)?),
                _ => None,
            };
            #[derive(Serialize)]
            struct Imported<'a> {
                plan: &'a kehoach::model::PlanDocument,
                new_units: &'a [Unit],
                warnings: &'a [String],
                outcome: Option<&'a kehoach::store::PlanImportOutcome>,
            }
            let mut doc = report.document.clone();
            doc.plan.source_text = None;
            let shown = Imported {
                plan: &doc,
                new_units: &report.new_units,
                warnings: &report.warnings,
                outcome: outcome.as_ref(),
            };
            print(cli, &shown, |s| {
                output::import_report(s.plan, s.new_units, s.warnings, s.outcome)
            });
        }
        Command::Plan(cmd) => {
            let store = Store::open(&path)?;
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
        }
        Command::Task(TaskCommand::Edit {
            code,
            plan,
            title,
            content,
            leads,
            partners,
        }) => {
            let mut store = Store::open(&path)?;
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
            let edit = kehoach::store::TaskEdit {
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
        }
        Command::Task(TaskCommand::List { plan, unit, search }) => {
            let store = Store::open(&path)?;
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
        }
    }
    Ok(())
}
