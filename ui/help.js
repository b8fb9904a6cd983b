// Help for each screen: a few lines in the officer's words, opened by F1
// or the "?" button for the screen on show; Esc or "Đóng" closes it.
import { $, el } from "./common.js";

export const HELP = {
  setup: ["Bắt đầu sử dụng", [
    "Ghi tên đầy đủ của đơn vị (ví dụ: Ủy ban nhân dân xã Tiên Lữ), chọn loại đơn vị và họ tên cán bộ sử dụng. Họ tên được ghi vào nhật ký mỗi lần thay đổi số liệu.",
    "Từ ngày 01/7/2025 chính quyền địa phương có hai cấp: tỉnh, thành phố trực thuộc trung ương và xã, phường, đặc khu. Cấp huyện chỉ còn trong báo cáo của các kỳ trước đó.",
    "Muốn xem thử trước, chọn “Dùng thử với dữ liệu mẫu”.",
  ]],
  overview: ["Tổng quan", [
    "“Việc cần làm” cho biết bước tiếp theo với kế hoạch đang chọn; bấm vào chữ bên cạnh để đến đúng màn hình.",
    "Các ô trên cùng là kỳ báo cáo hiện tại và hạn gửi; ô viền đỏ là đã quá hạn, viền xanh là đã báo cáo.",
    "Kỳ báo cáo chọn ở ô “Kỳ báo cáo” phía trên, bên phải; mọi màn hình dùng kỳ đó.",
  ]],
  plan: ["Kế hoạch", [
    "Nạp kế hoạch: kéo thả tệp vào ô, hoặc bấm “Chọn tệp…”. Nhận tệp văn bản, Word (.docx), PDF (bản điện tử hoặc bản quét) và ảnh chụp. Bấm “Đọc và xem trước” để xem các nhiệm vụ, chỉ tiêu đọc được và chỗ chúng nằm trong văn bản; sửa nếu cần rồi bấm “Lưu kế hoạch”.",
    "Văn bản thiếu phần đầu (số hiệu, ngày ban hành, cơ quan ban hành): ghi vào các ô được hỏi; ô nền vàng, viền nét đứt là gợi ý lấy từ văn bản, cần xem lại.",
    "Phân công: bấm “Phân công” ở mỗi nhiệm vụ để chọn đơn vị chủ trì, đơn vị phối hợp. Bấm “Sửa” để sửa tên, nội dung nhiệm vụ; mọi chỗ sửa được ghi nhật ký.",
  ]],
  entry: ["Nhập kết quả", [
    "Mỗi dòng là một nhiệm vụ đơn vị chủ trì hoặc phối hợp. Chọn tình trạng, ghi kết quả, khó khăn, đề xuất. Mỗi ô được lưu khi rời ô: không cần bấm Lưu.",
    "Số viết kiểu Việt Nam: dấu chấm ngăn hàng nghìn, dấu phẩy trước phần thập phân (1.234,5). Tỷ lệ ghi tử số và mẫu số; phần mềm tự tính.",
    "Số liệu chỉ tiêu cũng nhập được bằng Excel: tải bảng mẫu, điền các ô màu vàng, rồi nhập lại; xem trước các thay đổi rồi mới lưu.",
  ]],
  report: ["Báo cáo", [
    "“Lập dự thảo từ số liệu” viết báo cáo theo mẫu Nghị định 30/2020/NĐ-CP từ kết quả đã nhập; sửa từng phần ngay trên màn hình, hoặc xuất Word cho lãnh đạo sửa rồi nhận lại bản đã sửa.",
    "“Hoàn thành” cấp số và ngày cho báo cáo; sau đó không sửa được nữa. Muốn sửa, lập dự thảo phiên bản mới.",
    "Ký số: chọn tệp chứng thư (.p12) hoặc thiết bị ký số (USB token), nhập mật khẩu hoặc mã PIN, rồi bấm “Ký số báo cáo”. Tệp đã ký là tệp gửi lên cấp trên.",
  ]],
  consolidate: ["Tổng hợp", [
    "“Cần xử lý” ở đầu màn hình cho biết trong kỳ đang chọn đơn vị nào quá hạn chưa gửi, đơn vị nào mới gửi bản chưa ký; bảng bên dưới xếp các đơn vị đó lên trước.",
    "Nhận tệp báo cáo đã ký của đơn vị trực thuộc: chọn các tệp PDF hoặc cả thư mục, rồi bấm “Nhận tệp”. Mỗi tệp được kiểm tra chữ ký; tệp không hợp lệ được báo lý do và không được nhận.",
    "“Tình hình gửi báo cáo” cho biết đơn vị nào đã gửi, gửi đúng hạn hay chưa. Hạn gửi của các đơn vị đặt ở dòng “Hạn gửi” (ngày/tháng, ví dụ 05/07).",
    "“Lập báo cáo tổng hợp kỳ này” cộng số liệu của đơn vị mình với các báo cáo đã nhận, theo cách tổng hợp của từng chỉ tiêu.",
  ]],
  settings: ["Đơn vị và cài đặt", [
    "Cây đơn vị: đơn vị cấp trên, cấp dưới; đơn vị đã giải thể hoặc sáp nhập được giữ lại cho các báo cáo cũ.",
    "Thiết lập báo cáo: ký hiệu (ví dụ BC-UBND), địa danh, nơi gửi (Kính gửi), người ký và nơi nhận, mỗi dòng một nơi. Các thông tin này in vào mọi báo cáo.",
    "Sao lưu thường xuyên ra USB hoặc ổ khác; phục hồi từ bản sao lưu giữ lại dữ liệu đang có.",
  ]],
};

// Opens the help of `screen` (the one on show when not said).
export function openHelp(screen = document.body.dataset.firstRun ? "setup" : document.body.dataset.tab || "overview") {
  const [title, lines] = HELP[screen] || HELP.overview;
  $("help-title").textContent = `Trợ giúp — ${title}`;
  $("help-body").replaceChildren(...lines.map((l) => el("p", {}, l)));
  const box = $("help");
  if (!box.open) box.showModal();
}

$("help-button").addEventListener("click", () => openHelp());
$("help-close").addEventListener("click", () => $("help").close());
document.addEventListener("keydown", (e) => {
  if (e.key === "F1") {
    e.preventDefault();
    openHelp();
  }
});
