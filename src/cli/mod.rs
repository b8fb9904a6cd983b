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
    /// Tạo cơ sở dữ liệu mẫu từ Kế hoạch 38/KH-UBND của UBND tỉnh Thái Bình.
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
        /// Thư viện PKCS#11 của thiết bị ký số.
        #[arg(long)]
        pkcs11: PathBuf,
    },
}

#[derive(Subcommand)]
enum PeriodCommand {
    /// Các kỳ của kế hoạch với thời gian chốt số liệu và hạn gửi.
    List {
        #[arg(long)]
        plan: String,
        /// tháng, quý, 6 tháng, năm, hoặc sơ kết (các kỳ sơ kết, tổng kết).
        #[arg(long, default_value = "half")]
        kind: String,
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
        #[arg(long)]
        section: String,
        /// Nội dung mới.
        #[arg(long, conflicts_with = "file", required_unless_present = "file")]
        text: Option<String>,
        /// Đọc nội dung mới từ tệp.
        #[arg(long)]
        file: Option<PathBuf>,
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
        /// Bỏ một mục không phải của kế hoạch (nhiệm vụ bỏ cùng các nhiệm vụ con).
        #[arg(long = "drop", value_name = "MỤC")]
        drops: Vec<String>,
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

/// Today: `--today` when given, else the computer's clock.
fn today(cli: &Cli) -> NaiveDate {
    cli.today
        .unwrap_or_else(|| kehoach::Clock::today(&SystemClock))
}

/// The office at `path`, dated by the computer's clock.
fn open(path: &std::path::Path) -> Result<Office, StoreError> {
    Office::open(path, std::sync::Arc::new(SystemClock))
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
    match &cli.command {
        Command::Init(a) => {
            let unit = Unit {
                short_name: a.short_name.clone().unwrap_or_default(),
                admin_code: a.code.clone(),
                ..Unit::new(&a.name, a.kind)
            };
            let store = Office::create(&path, &unit, &a.officer, std::sync::Arc::new(SystemClock))?;
            let me = store.unit(store.my_unit_id()?)?;
            print(cli, &me, |u| {
                format!(
                    "Đã tạo cơ sở dữ liệu {} cho đơn vị “{}”.\n",
                    path.display(),
                    u.name
                )
            });
        }
        Command::Backup { out } => {
            let store = open(&path)?;
            store.store().backup_to(out)?;
            print(cli, &out, |o| format!("Đã sao lưu vào {}.\n", o.display()));
        }
        Command::Restore { file, aside } => {
            let mut store = open(&path)?;
            let aside = aside.clone().unwrap_or_else(|| store.aside_path());
            store.store_mut().restore_from(file, &aside)?;
            print(cli, &aside, |a| {
                format!(
                    "Đã phục hồi từ {}; dữ liệu trước đó được giữ ở {}.\n",
                    file.display(),
                    a.display()
                )
            });
        }
        Command::Demo => {
            let store = Office::create_demo(&path, std::sync::Arc::new(SystemClock))?;
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
            let mut store = open(&path)?;
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
        }
        Command::Plan(PlanCommand::Import {
            file,
            dry_run,
            titles,
            targets,
            drops,
        }) => {
            let bytes = std::fs::read(file).map_err(|source| StoreError::Io {
                path: file.clone(),
                source,
            })?;
            let mut store = if *dry_run && !path.exists() {
                None
            } else {
                Some(open(&path)?)
            };
            let corrections = plan_corrections(titles, targets, drops)?;
            let in_file = |e: OfficeError| StoreError::Invalid {
                field: "Nhập kế hoạch",
                message: match e {
                    OfficeError::PlanFile(why) => format!("{}: {why}", file.display()),
                    OfficeError::PlanText(why) => format!("{}: {why}", file.display()),
                    OfficeError::PlanFileWithoutText => format!(
                        "{}: tệp kế hoạch không kèm văn bản gốc của kế hoạch",
                        file.display()
                    ),
                    other => format!("{}: {other}", file.display()),
                },
            };
            let (report, corrected, signed) =
                kehoach::office::read_plan_reviewed(store.as_ref(), &bytes, &corrections)
                    .map_err(in_file)?;
            if signed == Some(false) {
                eprintln!("Lưu ý: tệp kế hoạch chưa được ký số.");
            }
            let outcome = match (&mut store, dry_run) {
                (Some(s), false) => Some(s.import_plan_reviewed(&report.document, &corrections)?),
                _ => None,
            };
            #[derive(Serialize)]
            struct Imported<'a> {
                plan: &'a kehoach::model::PlanDocument,
                new_units: &'a [Unit],
                warnings: &'a [String],
                outcome: Option<&'a kehoach::office::PlanImportOutcome>,
            }
            let mut doc = corrected;
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
            let store = open(&path)?;
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
            let mut store = open(&path)?;
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
        }
        Command::Period(cmd) => {
            let mut store = open(&path)?;
            match cmd {
                PeriodCommand::List { plan, kind, unit } => {
                    let plan = store.find_plan(plan)?;
                    let unit = store.unit_or_mine(unit.as_deref())?;
                    let periods =
                        if ["so ket", "tong ket", "review"].contains(&vn::fold(kind).as_str()) {
                            kehoach::calendar::review_periods(&plan)
                        } else {
                            let kind = period_kind(kind)?;
                            kehoach::calendar::periods_of(kind, plan.start_year, plan.end_year)
                        };
                    let mut rows = Vec::new();
                    for p in periods {
                        let rule = store.due_rule(plan.id, unit.id, p.report_kind())?;
                        rows.push(output::PeriodRow::new(p, plan.start_year, rule));
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
        }
        Command::Progress(cmd) => {
            let mut store = open(&path)?;
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
                    let input = kehoach::progress::ProgressInput {
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
        }
        Command::Indicator(cmd) => {
            let mut store = open(&path)?;
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
                    let input = kehoach::progress::ValueInput {
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
            }
        }
        Command::Sign { file, key, out } => {
            if out.exists() {
                return Err(StoreError::AlreadyExists(out.clone()).into());
            }
            let pdf = std::fs::read(file).map_err(io_err(file))?;
            let key = Key::open(key)?;
            let now = kehoach::Clock::now(&SystemClock);
            let signed = kehoach::sign::sign_pdf(&pdf, key.source.as_ref(), &key.options(now))?;
            warn_all(&signed.warnings);
            kehoach::store::write_file_atomically(out, &signed.bytes)?;
            let signer = key.name();
            print(cli, &signer, |s| {
                format!("Đã ký {} bằng chứng thư “{s}”.\n", out.display())
            });
        }
        Command::Verify { file, trust } => {
            let bytes = std::fs::read(file).map_err(io_err(file))?;
            // The CAs named, or else those the officer trusts in the database.
            let anchors = if trust.is_empty() && path.exists() {
                open(&path)?.trusted_certificates()?
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
        }
        Command::Signer(cmd) => {
            let mut store = open(&path)?;
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
        }
        Command::Trust(cmd) => {
            let mut store = open(&path)?;
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
        }
        Command::Import { paths, add_units } => {
            let mut store = open(&path)?;
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
                outcomes.push(
                    serde_json::json!({ "file": f.display().to_string(), "result": outcome }),
                );
            }
            print(cli, &outcomes, |o| output::import_summary(o));
        }
        Command::Submissions { plan, period } => {
            let store = open(&path)?;
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
        }
        Command::Consolidate { plan, period } => {
            let store = open(&path)?;
            let plan = store.plan_or_only(plan.as_deref())?;
            let period = period_arg(period)?;
            let c = store.consolidate(plan, &period, today(cli))?;
            print(cli, &c, output::consolidation);
        }
        Command::Export(ExportCommand::Plan { plan, out }) => {
            let store = open(&path)?;
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
        }
        Command::Export(ExportCommand::Report { target, out }) => {
            let store = open(&path)?;
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
        }
        Command::Cert(CertCommand::List { pkcs11 }) => {
            let tokens = kehoach::sign::token::list(pkcs11)?;
            print(cli, &tokens, |t| output::token_list(t));
        }
        Command::Setting(cmd) => {
            let mut store = open(&path)?;
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
        }
        Command::Report(cmd) => {
            let mut store = open(&path)?;
            let target = match cmd {
                ReportCommand::Draft { target, .. }
                | ReportCommand::Show { target }
                | ReportCommand::Edit { target, .. }
                | ReportCommand::Finalize { target, .. }
                | ReportCommand::Pdf { target, .. }
                | ReportCommand::Sign { target, .. } => target,
            };
            let plan = match &target.plan {
                Some(p) => store.find_plan(p)?.id,
                None => store.only_plan()?,
            };
            let unit = store.unit_or_mine(target.unit.as_deref())?;
            let period = period_arg(&target.period)?;
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
                    store
                        .report(plan, unit.id, &period)?
                        .ok_or(StoreError::NotFoundItem {
                            what: "báo cáo kỳ",
                            query: format!("{period}; hãy lập dự thảo bằng `kehoach report draft`"),
                        })?
                }
                ReportCommand::Edit {
                    section,
                    text,
                    file,
                    ..
                } => {
                    let current = store.current_draft(plan, unit.id, &period)?;
                    let text = match (text, file) {
                        (Some(t), _) => t.clone(),
                        (None, Some(f)) => {
                            std::fs::read_to_string(f).map_err(|source| StoreError::Io {
                                path: f.clone(),
                                source,
                            })?
                        }
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
                    let report =
                        store
                            .report(plan, unit.id, &period)?
                            .ok_or(StoreError::NotFoundItem {
                                what: "báo cáo kỳ",
                                query: format!(
                                    "{period}; hãy lập và hoàn thành báo cáo trước khi ký"
                                ),
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
        }
        Command::Due { cmd } => {
            let mut store = open(&path)?;
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
                    let rule = kehoach::calendar::DueRule::parse(date, *next_year)
                        .map_err(StoreError::from)?;
                    let scope = match (unit, children_of) {
                        (_, Some(p)) => {
                            kehoach::store::DueScope::ChildrenOf(store.find_unit(p)?.id)
                        }
                        (u, None) => {
                            kehoach::store::DueScope::Unit(store.unit_or_mine(u.as_deref())?.id)
                        }
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
        }
        Command::Task(TaskCommand::List { plan, unit, search }) => {
            let store = open(&path)?;
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
