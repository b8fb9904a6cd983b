//! Argument parsing and output. No business rule lives here: each command is
//! a call into the library and a way of printing its answer.

mod entry;
mod exchange;
mod output;
mod plans;
mod reports;
mod settings;
mod units;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use uuid::Uuid;

use kehoach::model::{Unit, UnitKind};
use kehoach::store::{default_db_path, TaskFilter};
use kehoach::{vn, Office, OfficeError, StoreError, SystemClock};

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
    /// Ngày hôm nay (mặc định: ngày của máy), ví dụ 05/7/2026.
    #[arg(long, global = true, value_parser = parse_date, value_name = "NGÀY")]
    today: Option<NaiveDate>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Tạo cơ sở dữ liệu mới cho đơn vị của tôi.
    Init(InitArgs),
    /// Tạo cơ sở dữ liệu mẫu: Sở Nội vụ tỉnh Hưng Yên theo dõi Kế hoạch 38/KH-UBND (2025 - 2030) và các xã, phường báo cáo lên.
    Demo,
    /// Sao lưu cơ sở dữ liệu ra một tệp mới (không ghi đè tệp có sẵn).
    Backup {
        /// Tệp sao lưu cần tạo.
        #[arg(long)]
        out: PathBuf,
    },
    /// Phục hồi từ một bản sao lưu; dữ liệu hiện tại được giữ lại thành một tệp bên cạnh.
    Restore {
        /// Tệp sao lưu.
        file: PathBuf,
        /// Nơi giữ dữ liệu hiện tại (mặc định: truoc-phuc-hoi-NGÀY-GIỜ.sqlite cạnh cơ sở dữ liệu).
        #[arg(long)]
        aside: Option<PathBuf>,
    },
    /// Đơn vị: thêm, xem danh sách, xem cây, chuyển cấp trên.
    #[command(subcommand)]
    Unit(UnitCommand),
    /// Kế hoạch: xem danh sách, xem chi tiết.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Nhiệm vụ: tìm và liệt kê.
    #[command(subcommand)]
    Task(TaskCommand),
    /// Kỳ báo cáo: danh sách, kỳ hiện tại, khóa và mở khóa.
    #[command(subcommand)]
    Period(PeriodCommand),
    /// Kết quả thực hiện nhiệm vụ theo kỳ.
    #[command(subcommand)]
    Progress(ProgressCommand),
    /// Số liệu chỉ tiêu theo kỳ.
    #[command(subcommand)]
    Indicator(IndicatorCommand),
    /// Báo cáo: dự thảo, xem, sửa, hoàn thành.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Ký số một tệp PDF (PAdES) bằng tệp .p12/.pfx hoặc thiết bị ký số (PKCS#11).
    Sign {
        /// Tệp PDF cần ký.
        file: PathBuf,
        #[command(flatten)]
        key: KeyArgs,
        /// Tệp PDF đã ký (không được trùng tệp có sẵn).
        #[arg(long)]
        out: PathBuf,
    },
    /// Kiểm tra các chữ ký số của một tệp PDF.
    Verify {
        file: PathBuf,
        /// Chứng thư của nơi cấp được tin cậy (tệp .crt/.pem/.cer, hoặc thư mục chứa các tệp đó).
        #[arg(long)]
        trust: Vec<PathBuf>,
    },
    /// Chứng thư số trên thiết bị ký số.
    #[command(subcommand)]
    Cert(CertCommand),
    /// Chứng thư của nơi cấp chữ ký số được tin cậy (để kiểm tra tệp nhận được).
    #[command(subcommand)]
    Trust(TrustCommand),
    /// Người ký khác ngoài người ký ở thiết lập báo cáo (ví dụ cấp phó ký thay).
    #[command(subcommand)]
    Signer(SignerCommand),
    /// Nhận tệp báo cáo của đơn vị trực thuộc: một hay nhiều tệp, hoặc cả thư mục.
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Thêm đơn vị gửi tệp vào danh sách đơn vị trực thuộc nếu chưa có.
        #[arg(long)]
        add_units: bool,
    },
    /// Đơn vị trực thuộc nào đã gửi báo cáo một kỳ: đúng hạn, muộn, chưa gửi.
    /// Không ghi kỳ: bảng đơn vị × 6 kỳ báo cáo gần nhất.
    Submissions {
        #[arg(long)]
        plan: Option<String>,
        #[arg(long)]
        period: Option<String>,
    },
    /// Tổng hợp số liệu của đơn vị và các đơn vị trực thuộc cho một kỳ.
    Consolidate {
        #[arg(long)]
        plan: Option<String>,
        #[arg(long)]
        period: String,
    },
    /// Xuất tệp báo cáo đã ký để gửi cấp trên.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Thiết lập của đơn vị (ký hiệu báo cáo, địa danh, người ký, nơi nhận).
    #[command(subcommand)]
    Setting(SettingCommand),
    /// Việc sắp đến hạn, việc quá hạn; đặt hạn báo cáo.
    Due {
        #[command(subcommand)]
        cmd: Option<DueCommand>,
    },
}

/// Where the signing key is, and what the signature shows.
#[derive(Args)]
struct KeyArgs {
    /// Tệp chứng thư số (.p12, .pfx).
    #[arg(long, conflicts_with = "pkcs11", required_unless_present = "pkcs11")]
    p12: Option<PathBuf>,
    /// Thư viện PKCS#11 của thiết bị ký số (ví dụ /usr/lib/softhsm/libsofthsm2.so).
    #[arg(long)]
    pkcs11: Option<PathBuf>,
    /// Khe của thiết bị (khi cắm nhiều thiết bị; xem `kehoach cert list`).
    #[arg(long, requires = "pkcs11")]
    slot: Option<u64>,
    /// Đọc mật khẩu (hoặc mã PIN) từ dòng đầu của đầu vào chuẩn (mặc định: biến môi trường KEHOACH_P12_PASSWORD hoặc KEHOACH_PIN).
    #[arg(long)]
    password_stdin: bool,
    /// Ảnh chữ ký của người ký (PNG nền trong suốt, màu xanh).
    #[arg(long)]
    image: Option<PathBuf>,
    /// Ảnh con dấu của cơ quan (PNG nền trong suốt, màu đỏ, đúng kích thước thật).
    #[arg(long)]
    seal: Option<PathBuf>,
}

#[derive(Subcommand)]
enum TrustCommand {
    /// Thêm chứng thư của nơi cấp (tệp .crt/.pem/.cer/.der, hoặc thư mục).
    Add {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Danh sách chứng thư được tin cậy.
    List,
    /// Bỏ tin cậy một chứng thư (theo dấu vân tay, hoặc 8 ký tự đầu trở lên).
    /// Tệp đã nhận giữ nguyên kết quả kiểm tra.
    Remove { fingerprint: String },
}

#[derive(Subcommand)]
enum SignerCommand {
    /// Thêm người ký: thẩm quyền và chức vụ (mỗi dòng một --authority), họ tên, ảnh chữ ký.
    Add {
        #[arg(long)]
        name: String,
        /// Ví dụ: --authority "KT. CHỦ TỊCH" --authority "PHÓ CHỦ TỊCH".
        #[arg(long = "authority", required = true)]
        authority: Vec<String>,
        /// Ảnh chữ ký (PNG nền trong suốt, màu xanh).
        #[arg(long)]
        signature: Option<PathBuf>,
    },
    /// Danh sách người ký.
    List,
    /// Bỏ một người ký (theo họ tên); báo cáo đã ký vẫn giữ tên người ký.
    Remove { name: String },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Kế hoạch dạng PDF có kèm dữ liệu, để đơn vị cấp dưới nạp làm kế hoạch của mình (ký bằng `kehoach sign`).
    Plan {
        #[arg(long)]
        plan: Option<String>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Tệp báo cáo đã ký của một kỳ (có kèm dữ liệu cho cấp trên).
    Report {
        #[command(flatten)]
        target: ReportTarget,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum CertCommand {
    /// Liệt kê thiết bị ký số và chứng thư trên đó (không cần mã PIN).
    List {
        /// Thư viện PKCS#11 của thiết bị ký số (mặc định: mọi thư viện
        /// PKCS#11 tìm thấy trên máy).
        #[arg(long)]
        pkcs11: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum PeriodCommand {
    /// Các kỳ của kế hoạch với thời gian chốt số liệu và hạn gửi.
    List {
        #[arg(long)]
        plan: String,
        /// tháng, quý, 6 tháng, năm, hoặc sơ kết (các kỳ sơ kết, tổng kết);
        /// mặc định: các kỳ báo cáo kế hoạch yêu cầu.
        #[arg(long)]
        kind: Option<String>,
        /// Đơn vị (mặc định: đơn vị của tôi), để tính hạn gửi.
        #[arg(long)]
        unit: Option<String>,
    },
    /// Những gì còn thiếu trước khi báo cáo một kỳ.
    Check {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        period: String,
        #[arg(long)]
        unit: Option<String>,
    },
    /// Kỳ hiện tại và số ngày còn lại tới hạn gửi.
    Current {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        unit: Option<String>,
    },
    /// Khóa số liệu một kỳ của đơn vị (khi báo cáo đã ký).
    Lock(LockArgs),
    /// Mở khóa (ghi nhật ký; cần lý do).
    Unlock(LockArgs),
}

#[derive(Args)]
struct LockArgs {
    #[arg(long)]
    plan: String,
    #[arg(long)]
    period: String,
    #[arg(long)]
    unit: Option<String>,
    #[arg(long, default_value = "")]
    reason: String,
}

#[derive(Subcommand)]
enum ProgressCommand {
    /// Ghi kết quả một nhiệm vụ trong kỳ.
    Set {
        #[arg(long)]
        plan: String,
        /// Mã nhiệm vụ, ví dụ III.3.1.
        #[arg(long)]
        task: String,
        #[arg(long)]
        period: String,
        #[arg(long)]
        unit: Option<String>,
        /// chưa triển khai, đang thực hiện, hoàn thành, chậm tiến độ, không thực hiện.
        #[arg(long)]
        status: String,
        #[arg(long)]
        reason: Option<String>,
        #[arg(long, default_value = "")]
        narrative: String,
        #[arg(long, default_value = "")]
        difficulties: String,
        #[arg(long, default_value = "")]
        proposals: String,
        /// Kinh phí đã sử dụng (đồng), ví dụ 12.500.000.
        #[arg(long)]
        budget: Option<String>,
        /// Văn bản làm căn cứ (nhắc lại để nêu nhiều văn bản).
        #[arg(long)]
        evidence: Vec<String>,
    },
    /// Kết quả đã ghi của một kỳ, và các nhiệm vụ chưa có kết quả.
    Show {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        period: String,
        #[arg(long)]
        unit: Option<String>,
    },
}

#[derive(Subcommand)]
enum IndicatorCommand {
    /// Ghi số liệu một chỉ tiêu trong kỳ.
    Set {
        #[arg(long)]
        plan: String,
        /// Số thứ tự hoặc tên chỉ tiêu.
        #[arg(long)]
        indicator: String,
        #[arg(long)]
        period: String,
        #[arg(long)]
        unit: Option<String>,
        /// Giá trị (chỉ tiêu cộng dồn).
        #[arg(long)]
        value: Option<String>,
        /// Tử số (chỉ tiêu tỷ lệ).
        #[arg(long)]
        numerator: Option<String>,
        /// Mẫu số (chỉ tiêu tỷ lệ).
        #[arg(long)]
        denominator: Option<String>,
        /// có / không (chỉ tiêu có-không).
        #[arg(long)]
        yes: Option<String>,
        /// Nội dung (chỉ tiêu lời văn).
        #[arg(long)]
        text: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Số liệu các chỉ tiêu trong kỳ, lũy kế và tỷ lệ đạt so với mục tiêu.
    Show {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        period: String,
        #[arg(long)]
        unit: Option<String>,
    },
    /// Ghi bảng mẫu Excel (.xlsx) các chỉ tiêu của kỳ, kèm số liệu đã có,
    /// để gửi đơn vị điền.
    Template {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        period: String,
        #[arg(long)]
        unit: Option<String>,
        /// Tệp .xlsx cần ghi.
        #[arg(long)]
        out: PathBuf,
    },
    /// Nhập số liệu chỉ tiêu từ bảng Excel đã điền: xem trước những gì thay
    /// đổi; lưu tất cả hoặc không lưu gì.
    Import {
        /// Tệp .xlsx.
        file: PathBuf,
        #[arg(long)]
        plan: String,
        #[arg(long)]
        period: String,
        #[arg(long)]
        unit: Option<String>,
        /// Chỉ đọc và cho xem, không lưu.
        #[arg(long)]
        dry_run: bool,
    },
    /// Ghi số liệu chỉ tiêu của kỳ ra Excel: số liệu tổng hợp theo cách
    /// tính của từng chỉ tiêu, và số liệu từng đơn vị kèm tệp đã nhận.
    Export {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        period: String,
        /// Tệp .xlsx cần ghi.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Args)]
struct ReportTarget {
    /// Số hiệu kế hoạch (bỏ qua được khi cơ sở dữ liệu chỉ có một kế hoạch).
    #[arg(long)]
    plan: Option<String>,
    #[arg(long)]
    period: String,
    #[arg(long)]
    unit: Option<String>,
}

#[derive(Subcommand)]
enum ReportCommand {
    /// Lập dự thảo từ số liệu (hoặc xem dự thảo đang có).
    Draft {
        #[command(flatten)]
        target: ReportTarget,
        /// Lập lại dự thảo từ số liệu; nội dung đang có được giữ lại để khôi phục.
        #[arg(long, conflicts_with = "restore_edits")]
        regenerate: bool,
        /// Khôi phục dự thảo như trước lần lập lại từ số liệu gần nhất.
        #[arg(long)]
        restore_edits: bool,
    },
    /// Xem báo cáo (phiên bản mới nhất).
    Show {
        #[command(flatten)]
        target: ReportTarget,
    },
    /// Sửa một phần (I … V) của dự thảo.
    Edit {
        #[command(flatten)]
        target: ReportTarget,
        /// Phần cần sửa: I, II, III, IV hoặc V.
        #[arg(long, required_unless_present = "from_docx")]
        section: Option<String>,
        /// Nội dung mới.
        #[arg(long, conflicts_with_all = ["file", "from_docx"], required_unless_present_any = ["file", "from_docx"])]
        text: Option<String>,
        /// Đọc nội dung mới từ tệp.
        #[arg(long, conflicts_with = "from_docx")]
        file: Option<PathBuf>,
        /// Lấy các phần I–V từ tệp Word lãnh đạo đã sửa (tệp do
        /// `report docx` ghi): in những gì thay đổi từng phần rồi lưu.
        #[arg(long, value_name = "TỆP.docx")]
        from_docx: Option<PathBuf>,
        /// Với --from-docx: chỉ in những gì thay đổi, không lưu.
        #[arg(long, requires = "from_docx")]
        dry_run: bool,
    },
    /// Ghi báo cáo ra tệp Word (.docx) theo thể thức Nghị định 30, để lãnh
    /// đạo sửa; dự thảo ghi DỰ THẢO.
    Docx {
        #[command(flatten)]
        target: ReportTarget,
        /// Tệp .docx cần ghi.
        #[arg(long)]
        out: PathBuf,
    },
    /// Hoàn thành: cấp số, ghi ngày; sau đó nội dung không sửa được nữa.
    Finalize {
        #[command(flatten)]
        target: ReportTarget,
        /// Người ký khác đã thêm bằng `kehoach signer add` (họ tên); mặc định
        /// người ký ở thiết lập báo cáo.
        #[arg(long)]
        signer: Option<String>,
    },
    /// Xuất PDF theo thể thức Nghị định 30/2020 (dự thảo nếu chưa hoàn thành).
    Pdf {
        #[command(flatten)]
        target: ReportTarget,
        /// Tệp PDF cần ghi.
        #[arg(long)]
        out: PathBuf,
    },
    /// Ký số báo cáo đã hoàn thành, ghi tệp PDF đã ký và khóa số liệu của kỳ.
    Sign {
        #[command(flatten)]
        target: ReportTarget,
        #[command(flatten)]
        key: KeyArgs,
        /// Tệp PDF đã ký cần ghi.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum SettingCommand {
    /// Đặt một thiết lập; "\n" trong giá trị là xuống dòng.
    Set { key: String, value: String },
    /// Các thiết lập báo cáo và giá trị hiện tại.
    List,
}

#[derive(Subcommand)]
enum DueCommand {
    /// Đặt hạn gửi báo cáo cho một đơn vị hoặc cho các đơn vị trực thuộc.
    Set {
        #[arg(long)]
        plan: String,
        /// six_months, year, quarter, month (hoặc: 6 tháng, năm, quý, tháng).
        #[arg(long)]
        kind: String,
        /// Ví dụ 10/7.
        #[arg(long)]
        date: String,
        /// Hạn rơi vào năm sau (ví dụ báo cáo năm trước ngày 10/01 năm sau).
        #[arg(long)]
        next_year: bool,
        /// Hạn cho báo cáo của chính đơn vị này.
        #[arg(long, conflicts_with = "children_of")]
        unit: Option<String>,
        /// Hạn cho báo cáo của các đơn vị trực thuộc đơn vị này.
        #[arg(long)]
        children_of: Option<String>,
    },
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
    /// Sáp nhập một đơn vị vào đơn vị khác (lịch sử báo cáo được giữ).
    Merge {
        unit: String,
        #[arg(long)]
        into: String,
        /// Ngày cuối cùng đơn vị còn hoạt động, ví dụ 30/6/2025.
        #[arg(long, value_parser = parse_date)]
        last_day: NaiveDate,
    },
    /// Giải thể một đơn vị (lịch sử báo cáo được giữ).
    Dissolve {
        unit: String,
        /// Ngày cuối cùng đơn vị còn hoạt động.
        #[arg(long, value_parser = parse_date)]
        last_day: NaiveDate,
    },
    /// Gắn đơn vị đã nhập tay với đơn vị gửi tệp báo cáo cùng tên (đơn vị
    /// nhận mã định danh trong tệp); sau đó nhận lại tệp.
    Link {
        /// Tệp báo cáo của đơn vị đó.
        file: PathBuf,
    },
    /// Người ký đã ghi nhận của các đơn vị trực thuộc (tệp do người khác ký không được nhận).
    Signers {
        /// Một đơn vị (tên hoặc mã); mặc định: mọi đơn vị.
        unit: Option<String>,
    },
    /// Ghi nhận người ký của một tệp báo cáo là người ký của đơn vị gửi tệp.
    SignerAdd {
        /// Tệp báo cáo đã ký của đơn vị đó.
        file: PathBuf,
    },
    /// Thôi ghi nhận một người ký của đơn vị (theo vài chữ số đầu của dấu vân tay).
    SignerRemove { unit: String, fingerprint: String },
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
        /// Sửa tên một mục đọc chưa đúng trước khi lưu: MỤC=TÊN, mục là mã
        /// nhiệm vụ (II.1) hoặc chỉ tiêu (CT1). Dùng nhiều lần được.
        #[arg(long = "title", value_name = "MỤC=TÊN")]
        titles: Vec<String>,
        /// Sửa mục tiêu của một chỉ tiêu: CT1=95,5 (số viết kiểu Việt Nam).
        #[arg(long = "target", value_name = "CTn=SỐ")]
        targets: Vec<String>,
        /// Sửa cách tính của một chỉ tiêu: CT2=cộng, CT3=có/không,
        /// CT4=lời văn (tỷ lệ cần tên tử số, mẫu số: sửa trong cửa sổ).
        #[arg(long = "rule", value_name = "CTn=CÁCH")]
        rules: Vec<String>,
        /// Sửa đơn vị tính của một chỉ tiêu: CT2=hộ.
        #[arg(long = "measure", value_name = "CTn=ĐVT")]
        measures: Vec<String>,
        /// Bỏ một mục không phải của kế hoạch (nhiệm vụ bỏ cùng các nhiệm vụ con).
        #[arg(long = "drop", value_name = "MỤC")]
        drops: Vec<String>,
        /// Số, ký hiệu của kế hoạch khi văn bản không ghi (mất phần đầu),
        /// ví dụ 1234/KH-UBND.
        #[arg(long, value_name = "SỐ/KÝ HIỆU")]
        number: Option<String>,
        /// Ngày ban hành khi văn bản không ghi, ví dụ 20/08/2021.
        #[arg(long, value_parser = parse_date, value_name = "NGÀY")]
        issued_on: Option<NaiveDate>,
        /// Cơ quan ban hành khi văn bản không ghi, ví dụ "Ủy ban nhân dân tỉnh Thái Bình".
        #[arg(long, value_name = "TÊN")]
        issuer: Option<String>,
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

/// Today: `--today` when given, else the clock's.
fn today(cli: &Cli) -> NaiveDate {
    cli.today.unwrap_or_else(|| clock().today())
}

/// The computer's clock; or, when `SOURCE_DATE_EPOCH` is set (seconds since
/// 1970, UTC: the reproducible-builds convention), that moment, so that the
/// same inputs give the same bytes on any machine and any day.
pub(crate) fn clock() -> std::sync::Arc<dyn kehoach::Clock> {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0));
    match fixed {
        Some(at) => std::sync::Arc::new(kehoach::FixedClock(at.fixed_offset())),
        None => std::sync::Arc::new(SystemClock),
    }
}

/// The office at `path`, dated by [`clock`].
fn open(path: &std::path::Path) -> Result<Office, StoreError> {
    Office::open(path, clock())
}

fn period_arg(s: &str) -> Result<kehoach::calendar::Period, StoreError> {
    kehoach::calendar::Period::parse(s).map_err(|e| StoreError::Invalid {
        field: "Kỳ báo cáo",
        message: e.to_string(),
    })
}

fn period_kind(s: &str) -> Result<kehoach::calendar::PeriodKind, StoreError> {
    Ok(kehoach::calendar::PeriodKind::from_words(s)?)
}

fn report_kind(s: &str) -> Result<kehoach::model::ReportKind, StoreError> {
    Ok(period_kind(s)?.report_kind())
}

/// What went wrong, as the officer reads it.
#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Sign(#[from] kehoach::sign::SignError),
    #[error(transparent)]
    Verify(#[from] kehoach::verify::VerifyError),
    #[error(transparent)]
    Job(#[from] OfficeError),
    #[error("{0}")]
    Failed(String),
}

/// The review's corrections as given on the command line.
fn plan_corrections(
    titles: &[String],
    targets: &[String],
    rules: &[String],
    measures: &[String],
    drops: &[String],
) -> Result<Vec<kehoach::plan_import::review::PlanCorrection>, StoreError> {
    use kehoach::plan_import::review::PlanCorrection;
    let split = |flag: &'static str, arg: &str| {
        arg.split_once('=')
            .map(|(item, value)| (item.trim().to_string(), value.to_string()))
            .ok_or_else(|| StoreError::Invalid {
                field: flag,
                message: format!("“{arg}”: viết MỤC=GIÁ TRỊ, ví dụ II.1=Tên mới hoặc CT1=95,5."),
            })
    };
    let mut all = Vec::new();
    for arg in titles {
        let (item, title) = split("--title", arg)?;
        all.push(PlanCorrection::Rename { item, title });
    }
    for arg in targets {
        let (item, target) = split("--target", arg)?;
        all.push(PlanCorrection::Indicator {
            item,
            name: None,
            measure_unit: None,
            target: Some(target),
            direction: None,
            aggregation: None,
        });
    }
    for arg in rules {
        let (item, rule) = split("--rule", arg)?;
        let aggregation = match vn::fold(&rule)
            .replace(['/', '-'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str()
        {
            "cong" | "cong don" | "tong" => kehoach::model::Aggregation::Sum,
            "co khong" => kehoach::model::Aggregation::YesNo,
            "loi van" | "van ban" => kehoach::model::Aggregation::Text,
            _ => {
                return Err(StoreError::Invalid {
                    field: "--rule",
                    message: format!("“{rule}”: cách tính là “cộng”, “có/không” hoặc “lời văn”."),
                })
            }
        };
        all.push(PlanCorrection::Indicator {
            item,
            name: None,
            measure_unit: None,
            target: None,
            direction: None,
            aggregation: Some(aggregation),
        });
    }
    for arg in measures {
        let (item, measure) = split("--measure", arg)?;
        all.push(PlanCorrection::Indicator {
            item,
            name: None,
            measure_unit: Some(measure),
            target: None,
            direction: None,
            aggregation: None,
        });
    }
    all.extend(
        drops
            .iter()
            .map(|item| PlanCorrection::Drop { item: item.clone() }),
    );
    Ok(all)
}

fn io_err(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |source| StoreError::Io { path, source }
}

/// The password or PIN: one line of stdin, or the environment, or asked on
/// the terminal without echo. Used once.
fn secret(key: &KeyArgs) -> Result<String, CliError> {
    use std::io::IsTerminal;
    if key.password_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|e| {
            CliError::Failed(format!(
                "Không đọc được mật khẩu: {}",
                kehoach::store::io_words(&e)
            ))
        })?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    let (var, prompt) = if key.pkcs11.is_some() {
        ("KEHOACH_PIN", "Mã PIN của thiết bị ký số: ")
    } else {
        ("KEHOACH_P12_PASSWORD", "Mật khẩu của tệp chứng thư số: ")
    };
    if let Ok(value) = std::env::var(var) {
        return Ok(value);
    }
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(prompt).map_err(|e| {
            CliError::Failed(format!(
                "Không đọc được mật khẩu: {}",
                kehoach::store::io_words(&e)
            ))
        });
    }
    Err(CliError::Failed(format!(
        "Chưa có mật khẩu hoặc mã PIN: dùng --password-stdin hoặc biến môi trường {var}."
    )))
}

/// The key the officer named (the password or PIN asked once) and the
/// images to show.
struct Key {
    source: Box<dyn kehoach::sign::KeySource>,
    image: Option<kehoach::sign::Png>,
    seal: Option<kehoach::sign::Png>,
}

impl Key {
    fn open(key: &KeyArgs) -> Result<Key, CliError> {
        use kehoach::sign::Png;
        let read_png = |path: &Option<PathBuf>, what: &str| -> Result<Option<Png>, CliError> {
            match path {
                None => Ok(None),
                Some(p) => {
                    let bytes = std::fs::read(p).map_err(io_err(p))?;
                    Ok(Some(Png::decode(&bytes, what)?))
                }
            }
        };
        let image = read_png(&key.image, "ảnh chữ ký")?;
        let seal = read_png(&key.seal, "ảnh con dấu")?;
        let source: Box<dyn kehoach::sign::KeySource> = match (&key.p12, &key.pkcs11) {
            (Some(p12), _) => {
                let bytes = std::fs::read(p12).map_err(io_err(p12))?;
                let password = secret(key)?;
                Box::new(kehoach::sign::P12Signer::open(&bytes, &password)?)
            }
            (None, Some(module)) => {
                let pin = secret(key)?;
                Box::new(kehoach::sign::token::TokenSigner::open(
                    module, key.slot, &pin,
                )?)
            }
            (None, None) => unreachable!("clap requires --p12 or --pkcs11"),
        };
        Ok(Key {
            source,
            image,
            seal,
        })
    }

    /// Signing options at `now` (the office's clock).
    fn options(
        &self,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> kehoach::sign::SignOptions<'_> {
        let vn_time = chrono::FixedOffset::east_opt(7 * 3600).expect("offset");
        kehoach::sign::SignOptions {
            time: now.with_timezone(&vn_time),
            image: self.image.as_ref(),
            seal: self.seal.as_ref(),
        }
    }

    fn name(&self) -> String {
        kehoach::sign::signer_name(self.source.as_ref())
    }
}

fn warn_all(warnings: &[String]) {
    for w in warnings {
        eprintln!("Lưu ý: {w}");
    }
}

/// Reads a received file, refusing oversized ones before reading them.
fn read_limited(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let len = std::fs::metadata(path)
        .map_err(|e| format!("không đọc được tệp ({})", kehoach::store::io_words(&e)))?
        .len();
    kehoach::exchange::read::check_size(len).map_err(|e| e.to_string())?;
    std::fs::read(path)
        .map_err(|e| format!("không đọc được tệp ({})", kehoach::store::io_words(&e)))
}

/// The files to import: those given, and the .pdf files of folders given.
fn import_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    files_in(paths, &["pdf"])
}

/// The report's PDF with its data embedded (the exchange file, unsigned).
fn report_file(store: &Office, report: &kehoach::model::Report) -> Result<Vec<u8>, CliError> {
    let now = kehoach::clock::stamp(store.now());
    Ok(store.report_file(report, &now)?)
}

/// CA certificates from files or folders (.crt, .pem, .cer, .der).
fn load_trust(paths: &[PathBuf]) -> Result<Vec<x509_cert::Certificate>, CliError> {
    let mut out = Vec::new();
    for f in trust_files(paths)? {
        let bytes = std::fs::read(&f).map_err(io_err(&f))?;
        let certs = kehoach::sign::cert::parse_certificates(&bytes).map_err(|e| {
            CliError::Failed(format!(
                "Tệp {} không phải chứng thư số đọc được: {e}",
                f.display()
            ))
        })?;
        out.extend(certs);
    }
    Ok(out)
}

/// The certificate files named, and those in the folders named.
fn trust_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    files_in(paths, &["crt", "pem", "cer", "der"])
}

/// The files named, and in each folder named the files with one of the
/// extensions, sorted.
fn files_in(paths: &[PathBuf], extensions: &[&str]) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(io_err(p))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| extensions.contains(&e.to_lowercase().as_str()))
                })
                .collect();
            entries.sort();
            files.extend(entries);
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

fn db_path(cli: &Cli) -> PathBuf {
    cli.db.clone().unwrap_or_else(default_db_path)
}

fn print<T: Serialize>(cli: &Cli, value: &T, human: impl FnOnce(&T) -> String) {
    use std::io::Write;
    let text = if cli.json {
        serde_json::to_string_pretty(value).expect("output serializes") + "\n"
    } else {
        human(value)
    };
    // A closed pipe (`kehoach … | head`) is the reader's choice, not an error.
    let _ = std::io::stdout().write_all(text.as_bytes());
}

fn execute(cli: &Cli) -> Result<(), CliError> {
    let path = db_path(cli);
    let path = path.as_path();
    let command = &cli.command;
    match command {
        Command::Init(_) => settings::init(cli, path, command),
        Command::Backup { .. } => settings::backup(cli, path, command),
        Command::Restore { .. } => settings::restore(cli, path, command),
        Command::Demo => settings::demo(cli, path),
        Command::Unit(_) => units::unit(cli, path, command),
        Command::Plan(PlanCommand::Import { .. }) => plans::plan_import(cli, path, command),
        Command::Plan(_) => plans::plan(cli, path, command),
        Command::Task(TaskCommand::Edit { .. }) => plans::task_edit(cli, path, command),
        Command::Period(_) => entry::period(cli, path, command),
        Command::Progress(_) => entry::progress(cli, path, command),
        Command::Indicator(_) => entry::indicator(cli, path, command),
        Command::Sign { .. } => reports::sign(cli, command),
        Command::Verify { .. } => reports::verify(cli, path, command),
        Command::Signer(_) => settings::signer(cli, path, command),
        Command::Trust(_) => settings::trust(cli, path, command),
        Command::Import { .. } => exchange::import(cli, path, command),
        Command::Submissions { .. } => exchange::submissions(cli, path, command),
        Command::Consolidate { .. } => exchange::consolidate(cli, path, command),
        Command::Export(ExportCommand::Plan { .. }) => exchange::export_plan(cli, path, command),
        Command::Export(ExportCommand::Report { .. }) => reports::export_report(cli, path, command),
        Command::Cert(_) => settings::cert_list(cli, command),
        Command::Setting(_) => settings::setting(cli, path, command),
        Command::Report(_) => reports::report(cli, path, command),
        Command::Due { .. } => exchange::due(cli, path, command),
        Command::Task(TaskCommand::List { .. }) => plans::task_list(cli, path, command),
    }
}
