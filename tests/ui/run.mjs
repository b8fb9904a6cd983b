// UI logic of the window in headless Chromium (Debian's), against a mock of
// the IPC: what the real window reaches awkwardly through WebDriver —
// errors shown in place without losing what was typed, a batch that goes on
// after a refused file, the search box asking the core (not filtering
// itself). Run: `node tests/ui/run.mjs` (scripts/test.sh does).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const UI = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "ui");
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css" };

const server = createServer(async (req, res) => {
  const path = join(UI, req.url === "/" ? "index.html" : req.url.split("?")[0]);
  let body;
  try {
    body = await readFile(path);
  } catch {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": TYPES[extname(path)] || "application/octet-stream" });
  res.end(body);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;

const PLAN = { id: "p1", doc_number: "38/KH-UBND", issuer: "Ủy ban nhân dân tỉnh Thái Bình", issued_on: "2017-06-30", issued_label: "30/06/2017",
  title: "Triển khai thực hiện Quyết định số 161/QĐ-TTg", start_year: 2017, end_year: 2025, task_count: 2, indicator_count: 1 };
const task = (code, title) => ({ task: { id: `t-${code}`, code, title, content: "", unit_groups: [] }, leads: [], partners: [], children: [] });
const RATIO = { id: "i1", name: "Tỷ lệ trẻ đến trường", measure_unit: "%", target_value: 100, aggregation: { rule: "ratio", numerator: "Số trẻ", denominator: "Tổng số" } };

// The mock core: each test overrides what it needs; calls are recorded.
function mockCore(overrides) {
  const base = {
    app_status: { db_path: "/tmp/x.sqlite", my_unit: { name: "Ủy ban nhân dân xã Vũ Phúc" }, today: "2026-07-05", export_dir: "/tmp/xuat" },
    list_plans: [PLAN],
    task_tree: [task("III.1", "Tuyên truyền"), task("III.2", "Giảm nghèo")],
    search_tasks: [task("III.2", "Giảm nghèo")],
    dashboard: { plan: PLAN, periods: [{ period: "2026-H1", label: "6 tháng đầu năm 2026", due: "2026-07-10", days_left: 5, reported: false, due_label: "hạn 10/07/2026, còn 5 ngày" }],
      reporting: "2026-H1", overdue_tasks: [], tasks_without_progress: [], indicators: [], leads: 1, partners: 0,
      next_steps: [{ done: true, text: "Đơn vị chủ trì 1 nhiệm vụ.", screen: "plan", action: "Xem phân công" }] },
    plan_periods: { current: "2026-H1", periods: [
      { period: "2025-H2", label: "6 tháng cuối năm 2025", data_from: "2025-06-15", data_to: "2025-12-14", due: "2026-01-10", reported: true, choice: "6 tháng cuối năm 2025 — đã báo cáo" },
      { period: "2025", label: "năm 2025", data_from: "2024-12-15", data_to: "2025-12-14", due: "2025-12-15", reported: false, choice: "năm 2025 — hạn 15/12/2025" },
      { period: "2026-H1", label: "6 tháng đầu năm 2026", data_from: "2025-12-15", data_to: "2026-06-14", due: "2026-07-10", reported: false, choice: "6 tháng đầu năm 2026 — hạn 10/07/2026" }] },
    completeness: { period: "2026-H1", expected: 0, reported: 0, on_time: 0, needs_action: [], rows: [] },
    completeness_matrix: { periods: [], rows: [] },
    signer_images: { signature: false, seal: false },
    signers: { default: { name: "Nguyễn Văn An", authority: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] }, others: [] },
    plan_indicators: { indicators: [{ indicator: { ...RATIO, direction: "up" }, direction_label: "càng cao càng tốt", rule_label: "tỷ lệ (tổng tử số / tổng mẫu số)", target_label: "mục tiêu 100 %", target_text: "100" }],
      rules: [{ code: "sum", label: "cộng" }, { code: "ratio", label: "tỷ lệ (tổng tử số / tổng mẫu số)" }, { code: "yes_no", label: "đếm số đơn vị có" }, { code: "text", label: "tổng hợp lời văn" }] },
    consolidate: { period: "2026-H1", values: [] },
    unit_signers: [],
    entry_sheet: { period: "2026-H1", label: "6 tháng đầu năm 2026", locked: false,
      rows: [{ task_id: "t-III.2", code: "III.2", title: "Giảm nghèo", mine: true, progress: null, status_label: null }],
      values: [{ indicator: RATIO, value: null, cumulative: null, achievement: null }],
      statuses: ["chưa triển khai", "đang thực hiện", "hoàn thành", "chậm tiến độ", "không thực hiện"],
      reason_statuses: ["chậm tiến độ", "không thực hiện"] },
  };
  return { ...base, ...overrides };
}

async function page(browser, overrides, { started = true } = {}) {
  const p = await browser.newPage();
  const calls = [];
  await p.exposeFunction("__record", (cmd, args) => calls.push([cmd, JSON.parse(args)]));
  const core = mockCore(overrides);
  // Functions cannot cross into the page: behaviours are named strings.
  await p.addInitScript((core) => {
    window.__listeners = {};
    window.__TAURI__ = { event: { listen: async (name, f) => { window.__listeners[name] = f; } }, core: { invoke: async (cmd, args = {}, options = {}) => {
      await window.__record(cmd, JSON.stringify(args instanceof Uint8Array
        ? { bytes: args.length, headers: options.headers } : args));
      let answer = core[cmd];
      // Successive answers, one per call (the last one repeats).
      if (answer && answer.__sequence) {
        const seq = answer.__sequence;
        answer = seq.length > 1 ? seq.shift() : seq[0];
      }
      if (answer && answer.__delay) {
        await new Promise((ok) => setTimeout(ok, answer.__delay));
        answer = answer.value;
      }
      if (answer && answer.__reject) throw answer.__reject;
      // A stand-in for the core's matching (the real rule is tested in Rust).
      if (answer && answer.__filter) {
        const fold = (t) => t.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase();
        return args.texts.map((t) => fold(t).includes(fold(args.query)));
      }
      // An answer per file named in the arguments.
      if (answer && answer.__byName) return answer.__byName[args.name] ?? null;
      // A file sent raw: its bytes, its name in a header (as the core takes it).
      if (answer && answer.__perFile) {
        if (!(args instanceof Uint8Array)) throw { code: "invalid", message: "not raw bytes" };
        const name = decodeURIComponent(options.headers["x-file-name"]);
        const r = answer.__perFile[name];
        if (r.__reject) throw r.__reject;
        return r;
      }
      return answer === undefined ? null : answer;
    } } };
  }, core);
  await p.goto(base);
  if (started) await p.waitForSelector("#overview-title:has-text('38/KH-UBND')");
  return { p, calls };
}

// A small two-page PDF with a box and a line of text on each page (as the core's
// report_pdf would send; pdf.js needs a real one).
function twoPagePdf() {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
    null,
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
    null,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  // A black box and a line of text (the box is ink even without fonts).
  const stream = (text) => { const s = `0 0 0 rg 72 600 200 100 re f BT /F1 48 Tf 72 700 Td (${text}) Tj ET`; return `<< /Length ${s.length} >>\nstream\n${s}\nendstream`; };
  objects[3] = stream("BAO CAO trang 1");
  objects[5] = stream("BAO CAO trang 2");
  let out = "%PDF-1.7\n";
  const offsets = [];
  objects.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

const tests = {
  async "each screen has its help, by F1 or the ? button, and Esc closes it"(browser) {
    const { p } = await page(browser, {});
    const screens = await p.$$eval(".tabs button", (bs) => bs.map((b) => [b.dataset.tab, b.textContent]));
    for (const [screen] of screens) {
      await p.click(`.tabs button[data-tab="${screen}"]`);
      await p.keyboard.press("F1");
      await p.waitForSelector("#help[open]");
      const title = await p.textContent("#help-title");
      const lines = await p.$$eval("#help-body p", (ps) => ps.map((x) => x.textContent));
      assert.ok(title.startsWith("Trợ giúp — ") && lines.length >= 2, `${screen}: ${title}`);
      assert.ok(lines.every((l) => !/kehoach |--|\/home|\.sqlite/.test(l)), `${screen}: ${lines}`);
      await p.keyboard.press("Escape");
      await p.waitForSelector("#help:not([open])", { state: "attached" });
    }
    await p.click('.tabs button[data-tab="entry"]');
    await p.click("#help-button");
    assert.equal(await p.textContent("#help-title"), "Trợ giúp — Nhập kết quả");
    await p.click("#help-close");
    assert.equal(await p.$eval("#help", (d) => d.open), false);
  },

  async "the next steps link to their screens, and a unit given no task is told so"(browser) {
    const steps = [
      { done: false, text: "Kế hoạch chưa giao nhiệm vụ nào cho đơn vị: chọn các nhiệm vụ đơn vị chủ trì hoặc phối hợp.", screen: "plan", action: "Phân công nhiệm vụ" },
      { done: false, text: "Thiết lập báo cáo còn thiếu: ký hiệu.", screen: "settings", action: "Ghi thiết lập báo cáo" },
    ];
    const { p } = await page(browser, { dashboard: { plan: PLAN, periods: [], reporting: null, overdue_tasks: [], tasks_without_progress: [],
      indicators: [], leads: 0, partners: 0, next_steps: steps } });
    const shown = await p.$$eval("#overview-steps li", (ls) => ls.map((l) => [l.className, l.textContent]));
    assert.deepEqual(shown, [
      ["todo", "•Kế hoạch chưa giao nhiệm vụ nào cho đơn vị: chọn các nhiệm vụ đơn vị chủ trì hoặc phối hợp. Phân công nhiệm vụ"],
      ["todo", "•Thiết lập báo cáo còn thiếu: ký hiệu. Ghi thiết lập báo cáo"],
    ]);
    assert.equal(await p.textContent("#overview-missing"), "Đơn vị chưa được giao nhiệm vụ nào trong kế hoạch này (xem Việc cần làm).");
    await p.click("#overview-steps button:has-text('Ghi thiết lập báo cáo')");
    await p.waitForSelector("#tab-settings:not([hidden])");
    assert.equal(await p.getAttribute("body", "data-tab"), "settings");
  },

  async "the period is chosen from the plan's periods, by year, each with its due date"(browser) {
    const { p, calls } = await page(browser, {});
    assert.equal(await p.inputValue("#period"), "2026-H1", "the period being reported is chosen");
    const groups = await p.$$eval("#period optgroup", (gs) => gs.map((g) => [g.label, Array.from(g.children, (o) => o.textContent)]));
    assert.deepEqual(groups, [
      ["Năm 2025", ["6 tháng cuối năm 2025 — đã báo cáo", "năm 2025 — hạn 15/12/2025"]],
      ["Năm 2026", ["6 tháng đầu năm 2026 — hạn 10/07/2026"]],
    ]);
    await p.click('.tabs button[data-tab="entry"]');
    await p.selectOption("#period", "2025");
    const asked = () => calls.filter(([c]) => c === "entry_sheet").map(([, a]) => a.period);
    for (let i = 0; i < 50 && !asked().includes("2025"); i++) await p.waitForTimeout(40);
    assert.deepEqual(asked(), ["2026-H1", "2025"], "the screen is read again for the period chosen");
  },

  async "a refused value is shown in its row and what was typed stays"(browser) {
    const { p, calls } = await page(browser, {
      save_value: { __reject: { code: "invalid", message: "Số liệu: mẫu số phải lớn hơn 0." } },
    });
    await p.click('.tabs button[data-tab="entry"]');
    await p.fill("#entry-values input.numerator", "480");
    await p.press("#entry-values input.numerator", "Tab");
    await p.fill("#entry-values input.denominator", "0");
    await p.press("#entry-values input.denominator", "Tab");
    await p.waitForSelector("#entry-values .row-msg.bad");
    assert.equal(await p.textContent("#entry-values .row-msg"), "Số liệu: mẫu số phải lớn hơn 0.");
    assert.equal(await p.inputValue("#entry-values input.numerator"), "480");
    assert.equal(await p.inputValue("#entry-values input.denominator"), "0");
    const sent = calls.filter(([c]) => c === "save_value").pop()[1];
    // Numbers go to the core as typed: the core reads "1.234,5", not the window.
    assert.deepEqual([sent.input.numerator, sent.input.denominator, sent.period], ["480", "0", "2026-H1"]);
  },

  async "a progress row saves on leaving a field, with the status as written"(browser) {
    const { p, calls } = await page(browser, { save_progress: { status: "hoan_thanh" } });
    await p.click('.tabs button[data-tab="entry"]');
    await p.selectOption('tr[data-task="III.2"] select.status', "hoàn thành");
    await p.fill('tr[data-task="III.2"] textarea.narrative', "Giảm 12 hộ nghèo.");
    await p.press('tr[data-task="III.2"] textarea.narrative', "Tab");
    await p.waitForSelector('tr[data-task="III.2"] .row-msg.ok');
    const sent = calls.filter(([c]) => c === "save_progress").pop()[1];
    assert.equal(sent.input.status, "hoàn thành");
    assert.equal(sent.input.narrative, "Giảm 12 hộ nghèo.");
  },

  async "a late task asks for its reason, and text is saved while it is typed"(browser) {
    const { p, calls } = await page(browser, { save_progress: { status: "cham_tien_do" } });
    await p.click('.tabs button[data-tab="entry"]');
    const row = 'tr[data-task="III.2"]';
    assert.ok(await p.isHidden(`${row} input.reason`), "no reason asked for a task on time");
    await p.selectOption(`${row} select.status`, "chậm tiến độ");
    assert.ok(await p.isVisible(`${row} input.reason`));
    await p.fill(`${row} input.reason`, "Chưa bố trí được kinh phí");
    await p.fill(`${row} textarea.proposals`, "Đề nghị cấp bổ sung kinh phí.");
    await p.fill(`${row} textarea.evidence`, "Kế hoạch số 12/KH-UBND ngày 05/3/2026\n\nCông văn số 34/UBND");
    // Typing without leaving the field: saved a moment after typing stops.
    const before = calls.filter(([c]) => c === "save_progress").length;
    await p.type(`${row} textarea.narrative`, "Đã khảo sát 40 hộ");
    await p.waitForTimeout(1200);
    const saves = calls.filter(([c]) => c === "save_progress");
    assert.ok(saves.length > before, "saved while typing");
    const sent = saves.pop()[1].input;
    assert.equal(sent.narrative, "Đã khảo sát 40 hộ");
    assert.equal(sent.reason, "Chưa bố trí được kinh phí");
    assert.equal(sent.proposals, "Đề nghị cấp bổ sung kinh phí.");
    assert.deepEqual(sent.evidence, ["Kế hoạch số 12/KH-UBND ngày 05/3/2026", "", "Công văn số 34/UBND"]);
  },

  async "an Excel sheet is previewed, then stored only when the officer says so"(browser) {
    const preview = { sheet: "Chỉ tiêu", changes: [{ no: 1, indicator: "Tỷ lệ trẻ đến trường", at: "Chỉ tiêu, dòng 7", before: "—", after: "480 / 500" }],
      unchanged: 0, not_given: [], warnings: ["Chỉ tiêu!F7: chỉ tiêu “Tỷ lệ trẻ đến trường” không dùng ô này, đã bỏ qua."], stored: false };
    const { p, calls } = await page(browser, {
      indicator_sheet_preview: { __perFile: { "da-dien.xlsx": preview } },
      indicator_sheet_import: { __perFile: { "da-dien.xlsx": { ...preview, stored: true } } },
    });
    await p.click('.tabs button[data-tab="entry"]');
    await p.setInputFiles("#entry-sheet-file", { name: "da-dien.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from("PK fake") });
    await p.waitForSelector("#entry-sheet-preview:not([hidden])");
    assert.equal(await p.textContent("#entry-sheet-changes tbody tr"), "1. Tỷ lệ trẻ đến trườngChỉ tiêu, dòng 7—480 / 500");
    assert.match(await p.textContent("#entry-sheet-warnings"), /F7/);
    assert.ok(!calls.some(([c]) => c === "indicator_sheet_import"), "nothing stored before the officer says so");
    const sent = calls.find(([c]) => c === "indicator_sheet_preview")[1];
    assert.equal(sent.bytes, 7, "the sheet crosses raw");
    assert.deepEqual([sent.headers["x-plan"], sent.headers["x-period"]], ["p1", "2026-H1"]);
    await p.click("#entry-sheet-store");
    await p.waitForSelector("#notice:not([hidden])");
    assert.equal(await p.textContent("#notice"), "Đã lưu số liệu 1 chỉ tiêu từ bảng “Chỉ tiêu”.");
    assert.ok(await p.isHidden("#entry-sheet-preview"));
    assert.ok(calls.filter(([c]) => c === "entry_sheet").length >= 2, "the grid shows what was stored");
  },

  async "a sheet with bad cells lists each cell beside the field and stores nothing"(browser) {
    const message = "Bảng tính Excel: bảng tính có 2 chỗ chưa đúng, chưa lưu gì:\n• Chỉ tiêu!F8: “12,5a” không phải số.\n• Chỉ tiêu!G7: ô có công thức (=H7/40).";
    const { p, calls } = await page(browser, {
      indicator_sheet_preview: { __perFile: { "sai.xlsx": { __reject: { code: "sheet", message } } } },
    });
    await p.click('.tabs button[data-tab="entry"]');
    await p.setInputFiles("#entry-sheet-file", { name: "sai.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from("PK") });
    await p.waitForSelector("#entry-sheet-problems:not([hidden])");
    const cells = await p.$$eval("#entry-sheet-problems li", (li) => li.map((x) => x.textContent));
    assert.deepEqual(cells, ["Chỉ tiêu!F8: “12,5a” không phải số.", "Chỉ tiêu!G7: ô có công thức (=H7/40)."]);
    assert.ok(await p.isHidden("#entry-sheet-preview"));
    assert.ok(!calls.some(([c]) => c === "indicator_sheet_import"));
  },

  async "a leader's Word copy shows each section's changes and is stored only when asked; a drop works too"(browser) {
    const section = (code, text) => ({ code, heading: code === "III" ? "ĐÁNH GIÁ CHUNG" : "ĐỀ XUẤT, KIẾN NGHỊ", text });
    const draft = { report: { id: "r1", period: "2026-H1", version: 1, status: "draft", number: null, symbol: "BC-UBND", issued_on: null,
      sections: [section("III", "- Kinh phí cấp chậm.")] }, status_label: "dự thảo", text: "BÁO CÁO", signed_file: false };
    const edit = { changes: [{ code: "III", heading: "ĐÁNH GIÁ CHUNG", removed: ["- Kinh phí cấp chậm."], added: ["- Kinh phí năm 2026 chưa bố trí đủ."], text: "- Kinh phí năm 2026 chưa bố trí đủ." }],
      ignored: ["phần đầu (cơ quan ban hành, số, ngày, tên báo cáo, nơi gửi)"] };
    const after = { ...draft, report: { ...draft.report, sections: [section("III", "- Kinh phí năm 2026 chưa bố trí đủ.")] } };
    const { p, calls } = await page(browser, {
      report_get: draft,
      report_docx_preview: { __perFile: { "lanh-dao-sua.docx": edit } },
      report_docx_import: { __perFile: { "lanh-dao-sua.docx": [after, edit] } },
    });
    await p.click('.tabs button[data-tab="report"]');
    await p.waitForSelector('textarea[data-section="III"]');
    await p.setInputFiles("#report-docx-file", { name: "lanh-dao-sua.docx", mimeType: "application/octet-stream", buffer: Buffer.from("PK docx") });
    await p.waitForSelector("#report-docx-preview:not([hidden])");
    assert.deepEqual(await p.$$eval('.docx-change[data-section="III"] p', (ps) => ps.map((x) => [x.className, x.textContent])),
      [["removed", "− - Kinh phí cấp chậm."], ["added", "+ - Kinh phí năm 2026 chưa bố trí đủ."]]);
    assert.match(await p.textContent("#report-docx-ignored"), /phần đầu/);
    const sent = calls.find(([c]) => c === "report_docx_preview")[1];
    assert.deepEqual([sent.bytes, sent.headers["x-report"]], [7, "r1"]);
    assert.ok(!calls.some(([c]) => c === "report_docx_import"), "nothing stored before the officer says so");
    await p.click("#report-docx-store");
    await p.waitForSelector("#notice:not([hidden])");
    assert.equal(await p.textContent("#notice"), "Đã lưu 1 phần sửa từ bản Word.");
    assert.equal(await p.inputValue('textarea[data-section="III"]'), "- Kinh phí năm 2026 chưa bố trí đủ.");
    // Dropped on the Word box: the same preview.
    await p.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(["PK docx"], "lanh-dao-sua.docx"));
      document.getElementById("report-word").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await p.waitForSelector("#report-docx-preview:not([hidden])");
    assert.equal(calls.filter(([c]) => c === "report_docx_preview").length, 2);
  },

  async "a Word file that cannot be taken is said beside the field"(browser) {
    const draft = { report: { id: "r1", period: "2026-H1", version: 1, status: "draft", number: null, symbol: "BC-UBND", issued_on: null, sections: [] }, status_label: "dự thảo", text: "BÁO CÁO", signed_file: false };
    const message = "Tệp Word: không thấy các phần IV của báo cáo trong tệp Word (các đề mục “I. …”, “II. …” phải còn nguyên để biết nội dung nào thuộc phần nào).";
    const { p, calls } = await page(browser, { report_get: draft, report_docx_preview: { __perFile: { "mat.docx": { __reject: { code: "word", message } } } } });
    await p.click('.tabs button[data-tab="report"]');
    await p.waitForSelector("#report-status:has-text('dự thảo')");
    await p.setInputFiles("#report-docx-file", { name: "mat.docx", mimeType: "application/octet-stream", buffer: Buffer.from("PK") });
    await p.waitForSelector("#report-docx-problems:not([hidden])");
    assert.equal(await p.textContent("#report-docx-problems"), message);
    assert.ok(await p.isHidden("#report-docx-preview"));
    assert.ok(!calls.some(([c]) => c === "report_docx_import"));
  },

  async "a yes/no indicator is chosen, a text one written, each sent by its rule"(browser) {
    const ind = (id, name, rule) => ({ indicator: { id, name, measure_unit: "%", aggregation: { rule } }, value: null, cumulative: null, achievement: null,
      value_text: "", numerator_text: "", denominator_text: "" });
    const { p, calls } = await page(browser, {
      save_value: [{}, [], ""],
      entry_sheet: { period: "2026-H1", label: "6 tháng đầu năm 2026", locked: false, rows: [],
        values: [ind("i-yes", "Thôn ban hành quy ước", "yes_no"), ind("i-text", "Hộ gia đình văn hóa", "text")],
        statuses: ["hoàn thành"], reason_statuses: [] },
    });
    await p.click('.tabs button[data-tab="entry"]');
    await p.selectOption('tr[data-indicator="i-yes"] select.yes', "có");
    await p.waitForSelector('tr[data-indicator="i-yes"] .row-msg.ok');
    await p.fill('tr[data-indicator="i-text"] textarea.text', "Đạt 92% số hộ.");
    await p.press('tr[data-indicator="i-text"] textarea.text', "Tab");
    await p.waitForSelector('tr[data-indicator="i-text"] .row-msg.ok');
    const sent = calls.filter(([c]) => c === "save_value").map(([, a]) => [a.indicatorId, a.input]);
    assert.deepEqual(sent.find(([id]) => id === "i-yes")[1], { yes: true, note: "" });
    assert.deepEqual(sent.filter(([id]) => id === "i-text").pop()[1], { text: "Đạt 92% số hộ.", note: "" });
  },

  async "Enter moves down the column, as in a spreadsheet"(browser) {
    const row = (code) => ({ task_id: `t-${code}`, code, title: code, mine: true, progress: null, status_label: null });
    const { p } = await page(browser, { entry_sheet: { period: "2026-H1", label: "6 tháng đầu năm 2026", locked: false,
      rows: [row("III.1"), row("III.2")], values: [],
      statuses: ["hoàn thành", "chậm tiến độ"], reason_statuses: ["chậm tiến độ"] } });
    await p.click('.tabs button[data-tab="entry"]');
    await p.focus('tr[data-task="III.1"] input.budget');
    await p.keyboard.press("Enter");
    assert.equal(await p.evaluate(() => document.activeElement.closest("tr").dataset.task), "III.2");
    assert.ok(await p.evaluate(() => document.activeElement.classList.contains("budget")));
  },

  async "one refused file never stops the batch, and each file gets its outcome"(browser) {
    const { p, calls } = await page(browser, {
      receive_report: { __perFile: {
        "a.pdf": { file: "a.pdf", outcome: { outcome: "accepted" }, message: "đã nhận: xã A, kỳ 2026-H1, phiên bản 1" },
        "b.pdf": { __reject: { code: "database", message: "ổ đĩa đầy" } },
        "Báo cáo Vũ Phúc.pdf": { file: "Báo cáo Vũ Phúc.pdf", outcome: { outcome: "refused", reason: "x" }, message: "không nhận: chữ ký số 1 không hợp lệ" },
      } },
    });
    await p.click('.tabs button[data-tab="consolidate"]');
    await p.setInputFiles("#import-files", ["a", "b", "Báo cáo Vũ Phúc"].map((n) => ({ name: `${n}.pdf`, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7 x") })));
    await p.click("#import-run");
    await p.waitForFunction(() => document.querySelectorAll("#import-outcomes li").length === 3);
    const lines = await p.$$eval("#import-outcomes li", (li) => li.map((x) => [x.className, x.textContent]));
    assert.deepEqual(lines, [
      ["accepted", "a.pdf: đã nhận: xã A, kỳ 2026-H1, phiên bản 1"],
      ["refused", "b.pdf: ổ đĩa đầy"],
      ["refused", "Báo cáo Vũ Phúc.pdf: không nhận: chữ ký số 1 không hợp lệ"],
    ]);
    // Each file crosses raw (its bytes, not a JSON list of numbers), named in a header.
    const sent = calls.filter(([c]) => c === "receive_report").map(([, a]) => a);
    assert.deepEqual(sent.map((a) => [decodeURIComponent(a.headers["x-file-name"]), a.bytes, a.headers["x-add-units"]]),
      [["a.pdf", 10, "0"], ["b.pdf", 10, "0"], ["Báo cáo Vũ Phúc.pdf", 10, "0"]]);
    assert.ok(await p.isHidden("#import-progress"));
  },

  async "a file too large for a report is refused by its size and never read or sent"(browser) {
    const ok = (name) => ({ file: name, outcome: { outcome: "accepted" }, message: `đã nhận ${name}` });
    const { p, calls } = await page(browser, {
      receive_size_check: { __byName: { "lon.pdf": { file: "lon.pdf", outcome: { outcome: "refused", reason: "x" },
        message: "không nhận: tệp 190 MB, quá giới hạn 20 MB của một tệp báo cáo" } } },
      receive_report: { __perFile: { "a.pdf": ok("a.pdf") } },
    });
    await p.click('.tabs button[data-tab="consolidate"]');
    await p.setInputFiles("#import-files", ["lon", "a"].map((n) => ({ name: `${n}.pdf`, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7 x") })));
    await p.click("#import-run");
    await p.waitForFunction(() => document.querySelectorAll("#import-outcomes li").length === 2);
    const lines = await p.$$eval("#import-outcomes li", (li) => li.map((x) => x.textContent));
    assert.deepEqual(lines, ["lon.pdf: không nhận: tệp 190 MB, quá giới hạn 20 MB của một tệp báo cáo", "a.pdf: đã nhận a.pdf"]);
    assert.deepEqual(calls.filter(([c]) => c === "receive_size_check").map(([, a]) => a), [{ name: "lon.pdf", size: 10 }, { name: "a.pdf", size: 10 }]);
    assert.deepEqual(calls.filter(([c]) => c === "receive_report").map(([, a]) => decodeURIComponent(a.headers["x-file-name"])), ["a.pdf"]);
  },

  async "a file signed by a new signer is received once the officer says it is the unit's"(browser) {
    const { p, calls } = await page(browser, {
      receive_report: { __perFile: { "v2.pdf": { file: "v2.pdf",
        outcome: { outcome: "unknown_signer", unit: "Ủy ban nhân dân xã Đông Hòa", signer: "Trần Thị Mới", reason: "x" },
        message: "không nhận: tệp của “Ủy ban nhân dân xã Đông Hòa” được ký bởi “Trần Thị Mới”, không phải người ký đã ghi nhận" } } },
      add_signer_and_import: { file: "v2.pdf", outcome: { outcome: "superseded" }, message: "đã nhận phiên bản 2 thay phiên bản 1" },
    });
    await p.click('.tabs button[data-tab="consolidate"]');
    await p.setInputFiles("#import-files", [{ name: "v2.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7 x") }]);
    await p.click("#import-run");
    const button = "#import-outcomes li.unknown_signer button";
    await p.waitForSelector(button);
    assert.ok((await p.textContent(button)).includes("Trần Thị Mới"));
    assert.equal(calls.filter(([c]) => c === "add_signer_and_import").length, 0, "nothing registered before the officer says so");
    await p.click(button);
    await p.waitForSelector("#import-outcomes li.superseded:has-text('đã nhận phiên bản 2')");
    assert.equal(calls.filter(([c]) => c === "add_signer_and_import").pop()[1].file.name, "v2.pdf");
  },

  async "a picked folder's PDF files are received, its other files left alone"(browser) {
    const ok = (name) => ({ file: name, outcome: { outcome: "accepted" }, message: `đã nhận ${name}` });
    const { p, calls } = await page(browser, { receive_report: { __perFile: { "a.pdf": ok("a.pdf"), "B.PDF": ok("B.PDF") } } });
    await p.click('.tabs button[data-tab="consolidate"]');
    assert.equal(await p.locator("#import-folder").locator("xpath=..").locator(".file-button").textContent(), "Chọn thư mục…");
    // A folder as the browser gives it: every file inside, at any depth.
    await p.evaluate(() => {
      const dt = new DataTransfer();
      for (const n of ["a.pdf", "ghi-chu.docx", "B.PDF"]) dt.items.add(new File(["%PDF"], n));
      document.getElementById("import-folder").files = dt.files;
    });
    await p.click("#import-run");
    await p.waitForFunction(() => document.querySelectorAll("#import-outcomes li").length === 2);
    assert.deepEqual(calls.filter(([c]) => c === "receive_report").map(([, a]) => decodeURIComponent(a.headers["x-file-name"])),
      ["a.pdf", "B.PDF"]);
  },

  async "a sender known by name only is linked by a person, then received"(browser) {
    const { p, calls } = await page(browser, {
      receive_report: { __perFile: { "vu-phuc.pdf": { file: "vu-phuc.pdf",
        outcome: { outcome: "same_name", existing: "u-typed", reason: "đã có đơn vị “Ủy ban nhân dân xã Vũ Phúc” nhưng với mã định danh khác với tệp" },
        message: "không nhận: đã có đơn vị “Ủy ban nhân dân xã Vũ Phúc” nhưng với mã định danh khác với tệp" } } },
      link_sender_and_import: { file: "vu-phuc.pdf", outcome: { outcome: "accepted" }, message: "đã nhận: Ủy ban nhân dân xã Vũ Phúc, kỳ 2026-H1, phiên bản 1" },
    });
    await p.click('.tabs button[data-tab="consolidate"]');
    await p.setInputFiles("#import-files", { name: "vu-phuc.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7 x") });
    await p.click("#import-run");
    await p.click("#import-outcomes li.same_name button");
    await p.waitForSelector("#import-outcomes li.accepted:has-text('đã nhận: Ủy ban nhân dân xã Vũ Phúc')");
    const sent = calls.filter(([c]) => c === "link_sender_and_import").pop()[1];
    assert.equal(sent.existing, "u-typed");
    assert.equal(sent.file.name, "vu-phuc.pdf");
    assert.equal(Buffer.from(sent.file.bytes).toString(), "%PDF-1.7 x");
  },

  async "the search box asks the core and shows its count"(browser) {
    const { p, calls } = await page(browser, {});
    await p.click('.tabs button[data-tab="plan"]');
    await p.fill("#search", "giam ngheo");
    await p.waitForSelector("#task-count:has-text('Tìm thấy 1 nhiệm vụ.')");
    const sent = calls.filter(([c]) => c === "search_tasks").pop()[1];
    assert.deepEqual(sent, { planId: "p1", query: "giam ngheo" });
  },

  async "a wrong password is said plainly and the password field is ready again"(browser) {
    const { p } = await page(browser, {
      report_get: { report: { id: "r1", period: "2026-H1", version: 1, status: "final", number: 1, symbol: "BC-UBND", issued_on: "2026-07-05", sections: [] }, status_label: "đã hoàn thành", text: "BÁO CÁO", signed_file: false },
      report_sign: { __reject: { code: "wrong_password", message: "Sai mật khẩu của tệp chứng thư số, hoặc tệp không phải PKCS#12 (.p12/.pfx)." } },
    });
    await p.click('.tabs button[data-tab="report"]');
    await p.waitForSelector("#report-status:has-text('đã hoàn thành')");
    await p.setInputFiles("#p12-file", { name: "ky.p12", mimeType: "application/x-pkcs12", buffer: Buffer.from([48, 130]) });
    await p.fill("#p12-password", "sai");
    await p.click("#report-sign");
    await p.waitForSelector("#error:has-text('Sai mật khẩu')");
    assert.equal(await p.evaluate(() => document.activeElement.id), "p12-password");
    assert.ok(await p.isVisible("#report-status:has-text('đã hoàn thành')"), "the report is unchanged");
  },

  async "a token is chosen by its holder's name among the keys found; the library and slot go with it"(browser) {
    const key = (name, slot) => ({ module: "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", module_name: "libsofthsm2.so", slot, token_label: "Kehoach Test",
      certificate: { id: "01", label: "ky-so", name }, choice: `${name} — UBND xã Tiền Phong — hết hạn 31/12/2027 (thiết bị Kehoach Test)` });
    const { p, calls } = await page(browser, {
      report_get: { report: { id: "r1", period: "2026-H1", version: 1, status: "final", number: 1, symbol: "BC-UBND", issued_on: "2026-07-05", sections: [] }, status_label: "đã hoàn thành", text: "BÁO CÁO", signed_file: false },
      token_scan: { keys: [key("Nguyễn Văn An", 0), key("Trần Thị Bình", 3)], modules: ["libsofthsm2.so"], unreadable: [] },
      report_sign_token: { view: { report: { id: "r1", period: "2026-H1", version: 2, status: "signed", number: 1, symbol: "BC-UBND", issued_on: "2026-07-05", sections: [] }, status_label: "đã ký", text: "BÁO CÁO", signed_file: true }, warnings: [] },
    });
    await p.click('.tabs button[data-tab="report"]');
    await p.waitForSelector("#report-status:has-text('đã hoàn thành')");
    await p.check('input[name="key-kind"][value="token"]');
    await p.waitForSelector("#token-found:has-text('Thấy 2 chứng thư ký số.')");
    const shown = await p.$$eval("#token-key option", (os) => os.map((o) => o.textContent));
    assert.deepEqual(shown, ["— chọn người ký —", "Nguyễn Văn An — UBND xã Tiền Phong — hết hạn 31/12/2027 (thiết bị Kehoach Test)",
      "Trần Thị Bình — UBND xã Tiền Phong — hết hạn 31/12/2027 (thiết bị Kehoach Test)"]);
    assert.equal(await p.isVisible("#token-module"), false, "the library path stays folded away");
    await p.selectOption("#token-key", { label: "Trần Thị Bình — UBND xã Tiền Phong — hết hạn 31/12/2027 (thiết bị Kehoach Test)" });
    await p.fill("#token-pin", "123456");
    await p.click("#report-sign");
    await p.waitForSelector("#notice:has-text('Đã ký số báo cáo')");
    const sent = calls.filter(([c]) => c === "report_sign_token").pop()[1];
    assert.deepEqual([sent.module, sent.slot, sent.pin], ["/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", 3, "123456"]);
    assert.equal(await p.inputValue("#token-pin"), "", "the PIN is not kept");
    // The notice stands next to the action, not at the top of the screen.
    assert.ok(await p.$("#report-sign-box + #notice.near"), "the notice follows the signing box");
    await p.click('.tabs button[data-tab="overview"]');
    assert.equal(await p.isVisible("#notice"), false);
  },

  async "a wrong PIN is said once, never retried, and the PIN is not sent again"(browser) {
    const { p, calls } = await page(browser, {
      report_get: { report: { id: "r1", period: "2026-H1", version: 1, status: "final", number: 1, symbol: "BC-UBND", issued_on: "2026-07-05", sections: [] }, status_label: "đã hoàn thành", text: "BÁO CÁO", signed_file: false },
      report_sign_token: { __reject: { code: "wrong_password", message: "Sai mã PIN của thiết bị ký số. Chỉ còn MỘT lần thử: nhập sai lần nữa thiết bị sẽ khóa mã PIN." } },
    });
    await p.click('.tabs button[data-tab="report"]');
    await p.waitForSelector("#report-status:has-text('đã hoàn thành')");
    await p.check('input[name="key-kind"][value="token"]');
    await p.click("#token-other summary");
    await p.fill("#token-module", "/usr/lib/softhsm/libsofthsm2.so");
    await p.fill("#token-pin", "0000");
    await p.click("#report-sign");
    await p.waitForSelector("#error:has-text('Chỉ còn MỘT lần thử')");
    await p.waitForTimeout(300);
    const tries = calls.filter(([c]) => c === "report_sign_token");
    assert.equal(tries.length, 1, "never retried on its own");
    assert.deepEqual([tries[0][1].module, tries[0][1].pin, tries[0][1].slot], ["/usr/lib/softhsm/libsofthsm2.so", "0000", null]);
    assert.deepEqual(tries[0][1].images, { image: null, seal: null, useSaved: { signature: false, seal: false } });
    assert.equal(calls.filter(([c]) => c === "report_sign").length, 0);
  },

  async "assigning units to a task sends the chosen units and shows the new tree"(browser) {
    const unit = (id, name) => ({ id, name, short_name: name, valid_to: null });
    const { p, calls } = await page(browser, {
      units: { officer: "", kinds: [], tree: [
        { unit: unit("h", "UBND huyện Mẫu"), children: [
          { unit: unit("a", "UBND xã A"), children: [] }, { unit: unit("b", "UBND xã B"), children: [] }] }] },
      task_assign: task("III.2", "Giảm nghèo"),
    });
    await p.click('.tabs button[data-tab="plan"]');
    await p.click('li.task[data-code="III.2"] > button.assign');
    await p.selectOption('li.task[data-code="III.2"] select.leads', ["a"]);
    await p.selectOption('li.task[data-code="III.2"] select.partners', ["b", "h"]);
    await p.click('li.task[data-code="III.2"] button.assign-save');
    await p.waitForSelector("#notice:has-text('Đã lưu phân công nhiệm vụ III.2')");
    const sent = calls.filter(([c]) => c === "task_assign").pop()[1];
    assert.deepEqual(sent, { taskId: "t-III.2", leadUnits: ["a"], partnerUnits: ["h", "b"] });
    assert.ok(calls.filter(([c]) => c === "task_tree").length >= 2, "the tree is shown again from the core");
  },

  async "correcting an indicator: the target goes as typed, a refused rule keeps the form"(browser) {
    const { p, calls } = await page(browser, {
      indicator_edit: { __reject: { code: "invalid", message: "Cách tổng hợp: chỉ tiêu “Tỷ lệ trẻ đến trường” đã có số liệu (nhập tại đơn vị hoặc nhận từ đơn vị cấp dưới) theo cách “tỷ lệ (tổng tử số / tổng mẫu số)”; không đổi cách tổng hợp được nữa." } },
    });
    await p.click('.tabs button[data-tab="plan"]');
    await p.click('#indicator-list li[data-id="i1"] button.assign');
    assert.equal(await p.inputValue(".ind-target"), "100");
    assert.equal(await p.inputValue(".ind-numerator"), "Số trẻ");
    await p.fill(".ind-target", "1.234,5");
    await p.selectOption(".ind-rule", "sum");
    assert.ok(await p.isHidden(".ratio-labels"), "a sum has no numerator and denominator");
    await p.click("#indicator-list .edit-save");
    await p.waitForSelector("#error:has-text('đã có số liệu')");
    const sent = calls.filter(([c]) => c === "indicator_edit").pop()[1];
    assert.deepEqual(sent, { indicatorId: "i1", name: "Tỷ lệ trẻ đến trường", measureUnit: "%", target: "1.234,5",
      direction: "up", aggregation: { rule: "sum" } });
    assert.equal(await p.inputValue(".ind-target"), "1.234,5", "what was typed stays");
    await p.selectOption(".ind-rule", "ratio");
    await p.fill(".ind-denominator", "Tổng số trẻ");
    await p.click("#indicator-list .edit-save");
    const edits = () => calls.filter(([c]) => c === "indicator_edit").length;
    for (let i = 0; i < 100 && edits() < 2; i++) await p.waitForTimeout(20);
    assert.equal(edits(), 2);
    const again = calls.filter(([c]) => c === "indicator_edit").pop()[1];
    assert.deepEqual(again.aggregation, { rule: "ratio", numerator: "Số trẻ", denominator: "Tổng số trẻ" });
  },

  async "correcting a task's title sends it and shows the tree again"(browser) {
    const { p, calls } = await page(browser, { task_edit: task("III.2", "Giảm nghèo bền vững") });
    await p.click('.tabs button[data-tab="plan"]');
    await p.click('li.task[data-code="III.2"] > button.correct');
    await p.fill('li.task[data-code="III.2"] .edit-title', "Giảm nghèo bền vững");
    await p.click('li.task[data-code="III.2"] .edit-save');
    await p.waitForSelector("#notice:has-text('Đã sửa nhiệm vụ III.2')");
    const sent = calls.filter(([c]) => c === "task_edit").pop()[1];
    assert.deepEqual(sent, { taskId: "t-III.2", title: "Giảm nghèo bền vững", content: "" });
    assert.ok(calls.filter(([c]) => c === "task_tree").length >= 2, "the tree is shown again from the core");
  },

  async "Lưu thành… opens the save dialog at the export folder and exports where chosen"(browser) {
    const signed = { report: { id: "r1", period: "2026-H1", version: 2, status: "signed", number: 1, symbol: "BC-UBND", issued_on: "2026-07-05", sections: [] }, status_label: "đã ký", text: "BÁO CÁO", signed_file: true };
    const { p, calls } = await page(browser, {
      report_get: signed,
      report_save_suggestion: "/tmp/xuat/bao-cao-2026-H1-phien-ban-2.pdf",
      "plugin:dialog|save": "/home/can-bo/Gửi huyện/bao-cao.pdf",
      report_export_as: "/home/can-bo/Gửi huyện/bao-cao.pdf",
    });
    await p.click('.tabs button[data-tab="report"]');
    await p.waitForSelector("#report-status:has-text('đã ký')");
    await p.click("#report-save-as");
    await p.waitForSelector("#notice:has-text('Đã xuất tệp: /home/can-bo/Gửi huyện/bao-cao.pdf')");
    const dialog = calls.filter(([c]) => c === "plugin:dialog|save").pop()[1];
    assert.equal(dialog.options.defaultPath, "/tmp/xuat/bao-cao-2026-H1-phien-ban-2.pdf");
    assert.deepEqual(dialog.options.filters, [{ name: "Tệp PDF", extensions: ["pdf"] }]);
    assert.deepEqual(calls.filter(([c]) => c === "report_export_as").pop()[1], { reportId: "r1", path: "/home/can-bo/Gửi huyện/bao-cao.pdf" });
  },

  async "a cancelled save dialog writes nothing"(browser) {
    const { p, calls } = await page(browser, { backup_suggestion: "/tmp/xuat/sao-luu.sqlite", "plugin:dialog|save": null,
      settings_list: [], trust_list: [], units: { officer: "", kinds: [], tree: [] } });
    await p.click('.tabs button[data-tab="settings"]');
    await p.click("#backup-as");
    for (let i = 0; i < 50 && !calls.some(([c]) => c === "plugin:dialog|save"); i++) await p.waitForTimeout(20);
    await p.waitForTimeout(100);
    assert.ok(calls.some(([c]) => c === "plugin:dialog|save"));
    assert.equal(calls.filter(([c]) => c === "backup_now").length, 0);
  },

  async "file fields say what to do in Vietnamese and show the chosen names"(browser) {
    const { p } = await page(browser, {});
    await p.click('.tabs button[data-tab="consolidate"]');
    const field = p.locator("#import-files").locator("xpath=..");
    assert.equal(await field.locator(".file-button").textContent(), "Chọn các tệp…");
    assert.equal(await field.locator(".file-names").textContent(), "chưa chọn tệp");
    await p.setInputFiles("#import-files", ["a", "b"].map((n) => ({ name: `${n}.pdf`, mimeType: "application/pdf", buffer: Buffer.from("%PDF") })));
    assert.equal(await field.locator(".file-names").textContent(), "2 tệp");
    // The browser's own (English) button is not drawn.
    const box = await p.locator("#import-files").boundingBox();
    assert.ok(box.width <= 1 && box.height <= 1, JSON.stringify(box));
  },

  async "the report's PDF is drawn page by page, and printing shows only its pages"(browser) {
    const draft = { report: { id: "r1", period: "2026-H1", version: 1, status: "draft", number: null, symbol: "BC-UBND", issued_on: null, sections: [] }, status_label: "dự thảo", text: "BÁO CÁO", signed_file: false };
    const { p, calls } = await page(browser, { report_get: draft, report_pdf: Array.from(twoPagePdf()) });
    await p.click('.tabs button[data-tab="report"]');
    await p.waitForSelector("#report-status:has-text('dự thảo')");
    await p.click("#report-preview");
    await p.waitForSelector("#report-pages[data-pages='2']");
    assert.deepEqual(calls.filter(([c]) => c === "report_pdf").pop()[1], { reportId: "r1" });
    // The pages carry ink: pdf.js drew them, they are not blank canvases.
    const inked = await p.$$eval("#report-pages canvas", (cs) => cs.map((c) => {
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 128 && d[i + 3] > 0) dark++;
      return dark;
    }));
    assert.equal(inked.length, 2);
    assert.ok(inked.every((n) => n > 50), JSON.stringify(inked));
    // Printing: the system's dialog through the core, and on paper the
    // pages only, everything else hidden.
    await p.click("#report-print");
    for (let i = 0; i < 50 && !calls.some(([c]) => c === "print_window"); i++) await p.waitForTimeout(20);
    assert.equal(calls.filter(([c]) => c === "report_pdf").length, 1, "the drawn pages are printed, not drawn again");
    assert.ok(calls.some(([c]) => c === "print_window"));
    await p.emulateMedia({ media: "print" });
    assert.ok(await p.isVisible("#report-pages .pdf-page >> nth=0"));
    for (const hidden of ["header", ".toolbar", "#report-sections", "#report-sign-box", "#report-preview"]) {
      assert.ok(await p.isHidden(hidden), `${hidden} is printed`);
    }
  },

  async "a deputy chosen as signer is sent at finalisation, and their kept signature offered"(browser) {
    const draft = { report: { id: "r1", period: "2026-H1", version: 1, status: "draft", number: null, symbol: "BC-UBND", issued_on: null, sections: [] }, status_label: "dự thảo", text: "BÁO CÁO", signed_file: false };
    const { p, calls } = await page(browser, {
      report_get: draft,
      signers: { default: { name: "Nguyễn Văn An", authority: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] },
        others: [{ id: "s2", signer: { name: "Lê Văn Bình", authority: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] }, has_signature: true }] },
      report_finalize: { ...draft, report: { ...draft.report, status: "final", number: 1, issued_on: "2026-07-05" }, status_label: "đã hoàn thành" },
    });
    await p.click('.tabs button[data-tab="report"]');
    await p.waitForSelector("#report-status:has-text('dự thảo')");
    const offered = await p.$$eval("#report-signer option", (o) => o.map((x) => x.textContent));
    assert.deepEqual(offered, ["Nguyễn Văn An (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH) — theo thiết lập", "Lê Văn Bình (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)"]);
    assert.ok(await p.isChecked("#use-saved-signature"), "the deputy's kept signature is offered");
    await p.selectOption("#report-signer", "s2");
    await p.click("#report-finalize");
    await p.waitForSelector("#report-status:has-text('đã hoàn thành')");
    assert.deepEqual(calls.filter(([c]) => c === "report_finalize").pop()[1], { reportId: "r1", signer: "s2" });
  },

  async "a signer is added with the authority written line by line"(browser) {
    const { p, calls } = await page(browser, { settings_list: [], trust_list: [], units: { officer: "", kinds: [], tree: [] },
      signer_add: ["ảnh chữ ký không có nền trong suốt (Nghị định 30/2020 yêu cầu PNG nền trong suốt)."] });
    await p.click('.tabs button[data-tab="settings"]');
    await p.fill("#signer-authority", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH");
    await p.fill("#signer-name", "Lê Văn Bình");
    await p.click("#signer-add");
    await p.waitForSelector("#notice:has-text('Đã thêm người ký Lê Văn Bình. ảnh chữ ký không có nền trong suốt')");
    assert.deepEqual(calls.filter(([c]) => c === "signer_add").pop()[1],
      { name: "Lê Văn Bình", authority: "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", signature: null });
    assert.equal(await p.inputValue("#signer-name"), "", "the form is ready for the next one");
  },

  async "a tab chosen while the window is starting stays chosen"(browser) {
    const { p } = await page(browser, { list_plans: { __delay: 400, value: [PLAN] },
      settings_list: [], trust_list: [], units: { officer: "Trần Thị Bình", kinds: [], tree: [] } }, { started: false });
    await p.waitForSelector("#my-unit:has-text('Vũ Phúc')");
    await p.click('.tabs button[data-tab="settings"]');
    await p.waitForTimeout(700);
    assert.ok(await p.isVisible("#tab-settings"), "still on the chosen tab");
    assert.ok(await p.isHidden("#tab-overview"));
    assert.equal(await p.inputValue("#officer-name"), "Trần Thị Bình");
  },

  async "a list's search box keeps what matches and the path to it in a tree"(browser) {
    const unit = (id, name) => ({ id, name, valid_to: null });
    const { p, calls } = await page(browser, {
      settings_list: [], trust_list: [], search_filter: { __filter: true },
      units: { officer: "", kinds: [], tree: [{ unit: unit("h", "Ủy ban nhân dân huyện Mẫu"), children: [
        { unit: unit("a", "Ủy ban nhân dân xã Vũ Phúc"), children: [] },
        { unit: unit("b", "Ủy ban nhân dân xã Phú Xuân"), children: [] }] }] },
    });
    await p.click('.tabs button[data-tab="settings"]');
    await p.waitForSelector('#unit-tree li[data-unit="Ủy ban nhân dân xã Phú Xuân"]');
    await p.fill("#unit-search", "vu phuc");
    await p.waitForSelector('#unit-tree li[data-unit="Ủy ban nhân dân xã Phú Xuân"]', { state: "hidden" });
    assert.ok(await p.isVisible('#unit-tree li[data-unit="Ủy ban nhân dân xã Vũ Phúc"]'));
    assert.ok(await p.isVisible('#unit-tree li[data-unit="Ủy ban nhân dân huyện Mẫu"]'), "the path to it stays");
    // Each item is judged by its own text, not its children's.
    const sent = calls.filter(([c]) => c === "search_filter").pop()[1];
    assert.deepEqual(sent.texts, ["Ủy ban nhân dân huyện Mẫu", "Ủy ban nhân dân xã Vũ Phúc", "Ủy ban nhân dân xã Phú Xuân"]);
    await p.fill("#unit-search", "");
    await p.waitForSelector('#unit-tree li[data-unit="Ủy ban nhân dân xã Phú Xuân"]');
  },

  async "redrafting asks first, names the sections it writes again, and the edits come back"(browser) {
    const section = (text) => ({ code: "III", heading: "ĐÁNH GIÁ CHUNG", text });
    const report = (text) => ({ report: { id: "r1", period: "2026-H1", version: 1, status: "draft", number: null, symbol: "BC-UBND", issued_on: null, sections: [section(text)] }, status_label: "dự thảo", text: "BÁO CÁO", signed_file: false });
    const { p, calls } = await page(browser, {
      report_get: report("Lãnh đạo đã sửa."),
      report_redraft_replaces: [section("Lãnh đạo đã sửa.")],
      report_draft: report("Viết lại từ số liệu."),
      report_restore_edits: report("Lãnh đạo đã sửa."),
    });
    await p.click('.tabs button[data-tab="report"]');
    await p.waitForSelector("#report-status:has-text('dự thảo')");
    let asked = null;
    await p.exposeFunction("__asked", (text) => { asked = text; });
    await p.evaluate(() => { window.confirm = async (text) => { await window.__asked(text); return false; }; });
    await p.click("#report-draft");
    await p.waitForTimeout(200);
    assert.ok(asked && asked.includes("III. ĐÁNH GIÁ CHUNG"), asked);
    assert.equal(calls.filter(([c]) => c === "report_draft").length, 0, "cancelled: nothing redrafted");
    assert.equal(await p.inputValue('textarea[data-section="III"]'), "Lãnh đạo đã sửa.");
    await p.evaluate(() => { window.confirm = async () => true; });
    await p.click("#report-draft");
    await p.waitForSelector("#notice:has-text('Khôi phục bản trước')");
    assert.equal(await p.inputValue('textarea[data-section="III"]'), "Viết lại từ số liệu.");
    await p.click("#report-restore");
    await p.waitForSelector("#notice:has-text('Đã khôi phục')");
    assert.equal(await p.inputValue('textarea[data-section="III"]'), "Lãnh đạo đã sửa.");
    assert.deepEqual(calls.filter(([c]) => c === "report_restore_edits").pop()[1], { reportId: "r1" });
  },

  async "text typed before a status is chosen is said in its row and kept"(browser) {
    const { p, calls } = await page(browser, {});
    await p.click('.tabs button[data-tab="entry"]');
    const row = 'tr[data-task="III.2"]';
    await p.waitForSelector(row);
    await p.fill(`${row} textarea.narrative`, "Đã họp triển khai.");
    await p.press(`${row} textarea.narrative`, "Tab");
    await p.waitForSelector(`${row} .row-msg.bad:has-text('Chưa lưu')`);
    assert.ok((await p.textContent(`${row} .row-msg`)).includes("Tình trạng"));
    assert.equal(calls.filter(([c]) => c === "save_progress").length, 0);
    // Kept on this computer until saved: a window opened again shows it.
    await p.reload();
    await p.click('.tabs button[data-tab="entry"]');
    await p.waitForSelector(`${row} .row-msg.bad:has-text('nhập lần trước')`);
    assert.equal(await p.inputValue(`${row} textarea.narrative`), "Đã họp triển khai.");
    await p.selectOption(`${row} select.status`, "đang thực hiện");
    await p.waitForFunction(() => document.querySelector('tr[data-task="III.2"] .row-msg').textContent === "Đã lưu");
    assert.equal(calls.filter(([c]) => c === "save_progress").pop()[1].input.narrative, "Đã họp triển khai.");
    assert.equal(await p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("kehoach.unsaved")).length), 0);
  },

  async "a trusted CA is removed only after the officer confirms"(browser) {
    const ca = { fingerprint: "ab12cd34ef56", name: "CA thử nghiệm", added_at: "2026-07-01", not_after: "2030-01-01" };
    const { p, calls } = await page(browser, { settings_list: [], trust_list: [ca], units: { officer: "", kinds: [], tree: [] },
      trust_remove: ca });
    await p.click('.tabs button[data-tab="settings"]');
    const button = '#trust-list li[data-fingerprint="ab12cd34ef56"] button';
    await p.waitForSelector(button);
    // In the app, the dialog plugin makes confirm() answer later (a Promise).
    await p.evaluate(() => { window.confirm = async () => false; });
    await p.click(button);
    await p.waitForTimeout(200);
    assert.equal(calls.filter(([c]) => c === "trust_remove").length, 0, "cancelled: nothing removed");
    await p.evaluate(() => { window.confirm = async () => true; });
    await p.click(button);
    await p.waitForSelector("#notice:has-text('Đã bỏ tin cậy “CA thử nghiệm”')");
    assert.deepEqual(calls.filter(([c]) => c === "trust_remove").pop()[1], { fingerprint: "ab12cd34ef56" });
  },

  async "the signers of the units below are listed and one is removed after a confirmation"(browser) {
    const signer = { unit_id: "u1", unit: "Ủy ban nhân dân xã Đông Hòa", fingerprint: "ab12", name: "Trần Thị Mới",
      organisation: "UBND xã Đông Hòa", added_at: "2026-07-06", how: "officer" };
    const { p, calls } = await page(browser, { settings_list: [], trust_list: [], units: { officer: "", kinds: [], tree: [] },
      unit_signers: [signer], unit_signer_remove: signer });
    await p.click('.tabs button[data-tab="settings"]');
    const item = '#unit-signer-list li[data-fingerprint="ab12"]';
    await p.waitForSelector(item);
    assert.ok((await p.textContent(item)).includes("Ủy ban nhân dân xã Đông Hòa: Trần Thị Mới, UBND xã Đông Hòa (cán bộ ghi nhận)"));
    await p.evaluate(() => { window.confirm = async () => false; });
    await p.click(`${item} button`);
    await p.waitForTimeout(200);
    assert.equal(calls.filter(([c]) => c === "unit_signer_remove").length, 0, "cancelled: nothing removed");
    await p.evaluate(() => { window.confirm = async () => true; });
    await p.click(`${item} button`);
    await p.waitForSelector("#notice:has-text('Đã thôi ghi nhận “Trần Thị Mới”')");
    assert.deepEqual(calls.filter(([c]) => c === "unit_signer_remove").pop()[1], { unitId: "u1", fingerprint: "ab12" });
  },

  async "the unit tree shows merged units struck through and offers only active ones"(browser) {
    const unit = (id, name, valid_to = null) => ({ id, name, valid_to });
    const { p } = await page(browser, {
      settings_list: [], trust_list: [],
      units: { officer: "Trần Thị Bình", kinds: [{ code: "xa", label: "xã" }],
        tree: [{ unit: unit("h", "Ủy ban nhân dân huyện Mẫu"), children: [
          { unit: unit("a", "Ủy ban nhân dân xã A"), children: [] },
          { unit: unit("b", "Ủy ban nhân dân xã B", "2025-06-30"), children: [] }] }] },
    });
    await p.click('.tabs button[data-tab="settings"]');
    await p.waitForSelector('#unit-tree li[data-unit="Ủy ban nhân dân xã B"].ended');
    assert.equal(await p.inputValue("#officer-name"), "Trần Thị Bình");
    const offered = await p.$$eval("#unit-target option", (o) => o.map((x) => x.textContent.trim()));
    assert.deepEqual(offered, ["Ủy ban nhân dân huyện Mẫu", "Ủy ban nhân dân xã A"]);
  },

  async "the plan as read is corrected before storing, a refused correction keeps its form"(browser) {
    const item = (kind, code, title, more = {}) => ({ kind, code, title, content: "", leads: [], partners: [],
      lead_ids: [], partner_ids: [], indicator: null,
      dropped: false, corrected: false, line: 0, last_line: 0, ...more });
    const ind = { id: "i1", name: "Tỷ lệ hộ nghèo", measure_unit: "%", target_value: 3, direction: "down", aggregation: { rule: "ratio", numerator: "Số hộ nghèo", denominator: "Tổng số hộ" } };
    const read = (items) => ({ doc_number: "12/KH-UBND", title: "Giảm nghèo", issuer: "Ủy ban nhân dân huyện Mẫu",
      source_lines: ["II. NHIỆM VỤ", "1. Tuyen truyen", "Ghi chú"], items, new_units: ["Phòng Văn hóa"], warnings: [], signed: null,
      missing: [], supplied: { number: null, issued_on: null, issuer: null },
      units: [{ id: "u1", name: "Ủy ban nhân dân xã A" }, { id: "u2", name: "Phòng Văn hóa" }],
      rules: [{ code: "sum", label: "cộng" }, { code: "ratio", label: "tỷ lệ" }] });
    const first = [item("task", "II.1", "Tuyen truyen"), item("task", "II.2", "Ghi chú"),
      item("indicator", "CT1", "Tỷ lệ hộ nghèo", { indicator: ind })];
    const { p, calls } = await page(browser, {
      preview_plan: { __sequence: [
        read(first),
        { __reject: { code: "invalid", message: "Sửa trước khi lưu: nhiệm vụ II.1, tên nhiệm vụ: không được để trống." } },
        read([{ ...first[0], title: "Tuyên truyền", corrected: true }, first[1], first[2]]),
        read([{ ...first[0], title: "Tuyên truyền", corrected: true, leads: ["Phòng Văn hóa"], partners: ["Ủy ban nhân dân xã A"] }, first[1], first[2]]),
        read([{ ...first[0], title: "Tuyên truyền", corrected: true }, { ...first[1], dropped: true }, first[2]]),
      ] },
      import_plan: { outcome: { outcome: "added" }, warnings: [], new_units: 0, signed: null },
      search_filter: { __filter: true },
    });
    await p.click('.tabs button[data-tab="plan"]');
    await p.setInputFiles("#plan-file", { name: "kh.txt", mimeType: "text/plain", buffer: Buffer.from("KẾ HOẠCH") });
    await p.click("#plan-preview");
    await p.waitForSelector('.review-item[data-code="II.1"]');
    await p.click('.review-item[data-code="II.1"] .review-actions button.correct');
    await p.fill('.review-item[data-code="II.1"] .edit-title', " ");
    await p.click('.review-item[data-code="II.1"] .edit-save');
    await p.waitForSelector("#error:not([hidden])");
    assert.match(await p.textContent("#error"), /nhiệm vụ II\.1, tên nhiệm vụ/);
    assert.equal(await p.inputValue('.review-item[data-code="II.1"] .edit-title'), " ");
    await p.fill('.review-item[data-code="II.1"] .edit-title', "Tuyên truyền");
    await p.click('.review-item[data-code="II.1"] .edit-save');
    await p.waitForSelector('.review-item.corrected[data-code="II.1"]');
    assert.equal(await p.textContent('.review-item[data-code="II.1"] .review-title'), "Tuyên truyền");
    // Lead and partner units chosen among those the preview offers.
    await p.click('.review-item[data-code="II.1"] button.assign-units');
    await p.selectOption('.review-item[data-code="II.1"] select.leads', ["u2"]);
    await p.selectOption('.review-item[data-code="II.1"] select.partners', ["u1"]);
    await p.click('.review-item[data-code="II.1"] .assign-save');
    await p.waitForSelector('.review-item[data-code="II.1"] .task-units');
    await p.click('.review-item[data-code="II.2"] button.leave-out');
    await p.waitForSelector('.review-item.dropped[data-code="II.2"] button.keep');
    assert.match(await p.textContent("#plan-import-result"), /2 mục sẽ được lưu.*3 chỗ sửa/);
    // The items read can be searched; an item is judged by what it says,
    // not by its buttons.
    await p.fill("#review-search", "tuyen truyen");
    await p.waitForSelector('.review-item[data-code="II.2"]', { state: "hidden" });
    assert.ok(await p.isVisible('.review-item[data-code="II.1"]'));
    const judged = calls.filter(([c]) => c === "search_filter").pop()[1].texts;
    assert.ok(judged.every((t) => !t.includes("Phân công") && !t.includes("Bỏ mục này")), judged.join(" | "));
    await p.fill("#review-search", "");
    await p.click("#plan-import");
    await p.waitForSelector("#plan-import-result .ok");
    // The file crosses raw, the corrections with it as a header.
    const sentWith = (a) => JSON.parse(decodeURIComponent(a.headers["x-corrections"]));
    const previews = calls.filter(([c]) => c === "preview_plan").map(([, a]) => sentWith(a));
    // The refused correction was sent once and not kept.
    assert.equal(previews.length, 5);
    assert.deepEqual(previews[4], [{ kind: "task", item: "II.1", title: "Tuyên truyền", content: "" },
      { kind: "task", item: "II.1", lead_units: ["u2"], partner_units: ["u1"] },
      { kind: "drop", item: "II.2" }]);
    const stored = calls.filter(([c]) => c === "import_plan").pop()[1];
    assert.deepEqual(sentWith(stored), previews[4]);
    assert.deepEqual([decodeURIComponent(stored.headers["x-file-name"]), stored.bytes], ["kh.txt", Buffer.from("KẾ HOẠCH").length]);
  },

  async "a plan without its header asks for its number and date, and they go with the plan"(browser) {
    const base = { title: "Giảm nghèo", issuer: "Ủy ban nhân dân huyện Mẫu", issued_label: "",
      source_lines: ["KẾ HOẠCH", "Giảm nghèo"], items: [], new_units: [], warnings: [], signed: null, units: [], rules: [] };
    const { p, calls } = await page(browser, {
      preview_plan: { __sequence: [
        { ...base, doc_number: "", missing: ["số hiệu", "ngày ban hành"], supplied: { number: null, issued_on: null, issuer: null } },
        { __reject: { code: "invalid", message: "Ngày ban hành: “31/02/2021” không phải ngày có thật." } },
        { ...base, doc_number: "12/KH-UBND", issued_label: "20/08/2021", missing: [], supplied: { number: "12/KH-UBND", issued_on: "2021-08-20", issuer: null } },
      ] },
      import_plan: { outcome: { outcome: "added" }, warnings: [], new_units: 0, signed: null },
    });
    await p.click('.tabs button[data-tab="plan"]');
    await p.setInputFiles("#plan-file", { name: "kh.txt", mimeType: "text/plain", buffer: Buffer.from("KẾ HOẠCH") });
    await p.click("#plan-preview");
    await p.waitForSelector("#review-header:not([hidden])");
    assert.match(await p.textContent("#review-header-note"), /không ghi số hiệu, ngày ban hành/);
    assert.match(await p.textContent("#review-title"), /\(chưa có số\)/);
    // A date the core cannot read is said, and the fields stay as typed.
    await p.fill("#review-number", "12/KH-UBND");
    await p.fill("#review-issued-on", "31/02/2021");
    await p.click("#review-header-apply");
    await p.waitForSelector("#error:not([hidden])");
    assert.equal(await p.inputValue("#review-issued-on"), "31/02/2021");
    await p.fill("#review-issued-on", "20/08/2021");
    await p.click("#review-header-apply");
    await p.waitForSelector("#review-title:has-text('12/KH-UBND')");
    assert.match(await p.textContent("#review-header-note"), /Đã dùng thông tin cán bộ ghi/);
    await p.click("#plan-import");
    await p.waitForSelector("#plan-import-result .ok");
    const supplied = (a) => JSON.parse(decodeURIComponent(a.headers["x-supplied"]));
    const stored = calls.filter(([c]) => c === "import_plan").pop()[1];
    assert.deepEqual(supplied(stored), { number: "12/KH-UBND", issued_on: "20/08/2021", issuer: "" });
  },

  async "a plan that names no issuer asks for it, and the officer's goes with the plan"(browser) {
    const base = { doc_number: "38/KH-UBND", title: "ASEAN", issuer: "", issued_label: "30/06/2017", source_lines: ["KẾ HOẠCH"],
      items: [], new_units: [], warnings: [], signed: null, units: [], rules: [] };
    const { p, calls } = await page(browser, {
      preview_plan: { __sequence: [
        { ...base, missing: ["cơ quan ban hành"], supplied: { number: null, issued_on: null, issuer: null } },
        { ...base, issuer: "Ủy ban nhân dân tỉnh Thái Bình", missing: [], supplied: { number: null, issued_on: null, issuer: "Ủy ban nhân dân tỉnh Thái Bình" } },
      ] },
    });
    await p.click('.tabs button[data-tab="plan"]');
    await p.setInputFiles("#plan-file", { name: "kh.txt", mimeType: "text/plain", buffer: Buffer.from("KẾ HOẠCH") });
    await p.click("#plan-preview");
    await p.waitForSelector("#review-issuer-field:not([hidden])");
    assert.ok(await p.isVisible("#review-issuer"));
    await p.fill("#review-issuer", "Ủy ban nhân dân tỉnh Thái Bình");
    await p.click("#review-header-apply");
    await p.waitForSelector("#review-title:has-text('Ủy ban nhân dân tỉnh Thái Bình')");
    const sent = calls.filter(([c]) => c === "preview_plan").pop()[1];
    assert.equal(JSON.parse(decodeURIComponent(sent.headers["x-supplied"])).issuer, "Ủy ban nhân dân tỉnh Thái Bình");
  },

  async "an issuer the text only suggests is written in its field, marked, and goes with the plan once the officer confirms it"(browser) {
    const base = { doc_number: "", title: "Phòng chống dịch", issuer: "", issued_label: "", source_lines: ["KẾ HOẠCH"],
      items: [], new_units: [], warnings: [], signed: null, units: [], rules: [] };
    const suggested = { number: null, issued_on: null, issuer: "Ủy ban nhân dân tỉnh Hà Tĩnh" };
    const { p, calls } = await page(browser, {
      preview_plan: { __sequence: [
        { ...base, missing: ["số hiệu", "ngày ban hành", "cơ quan ban hành"], supplied: { number: null, issued_on: null, issuer: null }, suggested },
        { ...base, doc_number: "7/KH-UBND", issuer: "Ủy ban nhân dân tỉnh Hà Tĩnh", issued_label: "02/01/2026", missing: [],
          supplied: { number: "7/KH-UBND", issued_on: "2026-01-02", issuer: "Ủy ban nhân dân tỉnh Hà Tĩnh" }, suggested },
      ] },
    });
    await p.click('.tabs button[data-tab="plan"]');
    await p.setInputFiles("#plan-file", { name: "kh.txt", mimeType: "text/plain", buffer: Buffer.from("KẾ HOẠCH") });
    await p.click("#plan-preview");
    await p.waitForSelector("#review-issuer-field:not([hidden])");
    // Written in, marked as a suggestion; number and date stay empty.
    assert.equal(await p.inputValue("#review-issuer"), "Ủy ban nhân dân tỉnh Hà Tĩnh");
    assert.equal(await p.getAttribute("#review-issuer", "data-suggested"), "true");
    assert.ok(await p.isVisible("#review-issuer-hint"));
    assert.match(await p.textContent("#review-issuer-hint"), /Gợi ý theo nội dung văn bản/);
    assert.equal(await p.inputValue("#review-number"), "");
    // Nothing is sent as the officer's until the officer confirms.
    const first = calls.filter(([c]) => c === "preview_plan")[0][1];
    assert.notEqual(JSON.parse(decodeURIComponent(first.headers["x-supplied"] || "%7B%7D")).issuer, "Ủy ban nhân dân tỉnh Hà Tĩnh");
    await p.fill("#review-number", "7/KH-UBND");
    await p.fill("#review-issued-on", "02/01/2026");
    await p.click("#review-header-apply");
    await p.waitForSelector("#review-title:has-text('7/KH-UBND')");
    const sent = calls.filter(([c]) => c === "preview_plan").pop()[1];
    assert.deepEqual(JSON.parse(decodeURIComponent(sent.headers["x-supplied"])),
      { number: "7/KH-UBND", issued_on: "02/01/2026", issuer: "Ủy ban nhân dân tỉnh Hà Tĩnh" });
    // Typing in the field makes it the officer's: the mark goes.
    await p.fill("#review-issuer", "Ủy ban nhân dân tỉnh Hà Tĩnh (Văn phòng)");
    assert.equal(await p.getAttribute("#review-issuer", "data-suggested"), null);
    assert.equal(await p.isVisible("#review-issuer-hint"), false);
  },

  async "a scanned plan shows its pages, where each item is, OCR's doubtful words, and the progress page by page"(browser) {
    const item = { kind: "task", code: "III.1", title: "Tuyên truyền", content: "", leads: [], partners: [], lead_ids: [],
      partner_ids: [], indicator: null, dropped: false, corrected: false, line: 2, last_line: 2, page: 2, page_line: 5,
      doubtful: ["Tuyén"] };
    const { p } = await page(browser, {
      preview_plan: { doc_number: "208/KH-UBND", title: "ASEAN", issuer: "Ủy ban nhân dân tỉnh Thanh Hóa", issued_label: "23/09/2021",
        source_lines: ["KẾ HOẠCH", "III. NỘI DUNG", "1. Tuyén truyền"], source_pages: [1, 2, 2],
        doubtful: [{ line: 2, from: 3, to: 8, confidence: 41 }], items: [item], new_units: [],
        warnings: ["Tệp PDF không có chữ ký số: hãy đối chiếu với bản gốc."], signed: false, missing: [],
        supplied: { number: null, issued_on: null, issuer: null }, units: [], rules: [],
        origin: { form: "scanned_pdf", label: "Tệp PDF ảnh quét, 2 trang, đã nhận dạng chữ (OCR)", pages: 2, ocr_pages: [1, 2], signatures: [] } },
    });
    await p.click('.tabs button[data-tab="plan"]');
    // The core says its progress while it reads the scan.
    await p.evaluate(() => window.__listeners["scan-progress"]({ payload: { page: 1, pages: 2 } }));
    assert.equal(await p.textContent("#plan-import-result"), "Đang nhận dạng chữ bản quét: trang 2 / 2…");
    await p.setInputFiles("#plan-file", { name: "kh.pdf", mimeType: "application/pdf", buffer: twoPagePdf() });
    await p.click("#plan-preview");
    await p.waitForSelector("#plan-review:not([hidden])");
    assert.equal(await p.textContent("#review-origin"), "Đã đọc: Tệp PDF ảnh quét, 2 trang, đã nhận dạng chữ (OCR).");
    // The file's first page is drawn beside the items.
    await p.waitForSelector('#review-page canvas[aria-label="Trang 1 của văn bản gốc"]');
    assert.equal(await p.textContent("#review-page-caption"), "Văn bản gốc, trang 1");
    // Nothing missing: the fields for a headerless plan are not shown.
    assert.equal(await p.isVisible("#review-header"), false);
    assert.deepEqual(await p.$$eval("#review-source .src-page", (l) => l.map((x) => x.textContent)), ["Trang 1", "Trang 2"]);
    assert.equal(await p.textContent("#review-source mark.ocr-doubt"), "Tuyén");
    assert.match(await p.textContent('.review-item[data-code="III.1"]'), /\(trang 2, dòng 5\).*hãy đối chiếu: Tuyén/);
    // Not the plan-file note: a PDF from elsewhere says it in the warnings.
    assert.equal(await p.$$eval("#review-warnings li", (l) => l.filter((x) => x.textContent.includes("Tệp kế hoạch chưa")).length), 0);
    await p.click('.review-item[data-code="III.1"]');
    assert.equal(await p.getAttribute(".src-line.hit", "data-line"), "2");
    // The item's page, drawn: the page's box is ink on it.
    await p.waitForSelector('#review-page canvas[aria-label="Trang 2 của văn bản gốc"]');
    assert.equal(await p.textContent("#review-page-caption"), "Văn bản gốc, trang 2 (mục bắt đầu ở dòng 5)");
    const ink = await p.$eval("#review-page canvas", (c) => {
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 80 && d[i + 3] > 0) dark += 1;
      return dark / (c.width * c.height);
    });
    assert.ok(ink > 0.02 && ink < 0.5, `ink ${ink}`);
  },

  async "a long task list shows its first rows at once, the rest after, and a newer search stops it"(browser) {
    const many = Array.from({ length: 1200 }, (_, i) => task(`${i + 1}`, `Nhiệm vụ số ${i + 1}`));
    const { p } = await page(browser, { task_tree: many, search_tasks: [task("7", "Nhiệm vụ số 7")] });
    await p.click('.tabs button[data-tab="plan"]');
    await p.waitForSelector("#task-tree[data-drawn='all']");
    assert.equal(await p.textContent("#task-count"), "1200 nhiệm vụ.");
    assert.equal(await p.$$eval("#task-tree > li.task", (l) => l.length), 1200);
    assert.ok(await p.$eval("#task-tree", (t) => t.classList.contains("long")));
    // Drawn again from the start, then searched while the rest is still coming:
    // only the search's rows stay.
    await p.evaluate(() => {
      const box = document.getElementById("search");
      box.value = "";
      box.dispatchEvent(new Event("input"));
    });
    // The rows there while the drawing is still partial, read in the same
    // moment as its state (a busy machine may finish between two reads).
    const first = await (await p.waitForFunction(() => {
      const tree = document.querySelector("#task-tree");
      return tree.dataset.drawn === "part" && tree.querySelectorAll(":scope > li.task").length;
    })).jsonValue();
    assert.ok(first < 1200, `${first} rows at once`);
    await p.fill("#search", "so 7");
    await p.waitForSelector("#task-count:has-text('Tìm thấy 1 nhiệm vụ.')");
    await p.waitForSelector("#task-tree[data-drawn='all']");
    await p.waitForTimeout(200);
    assert.deepEqual(await p.$$eval("#task-tree > li.task", (l) => l.map((x) => x.dataset.code)), ["7"]);
    assert.ok(!(await p.$eval("#task-tree", (t) => t.classList.contains("long"))));
  },

  async "a restored backup of another office shows that office and its plans"(browser) {
    const other = { ...PLAN, id: "p2", doc_number: "12/KH-UBND", title: "Kế hoạch khác" };
    const { p, calls } = await page(browser, {
      app_status: { __sequence: [
        { db_path: "/tmp/x.sqlite", my_unit: { name: "Ủy ban nhân dân xã Vũ Phúc" }, today: "2026-07-05", export_dir: "/tmp/xuat" },
        { db_path: "/tmp/x.sqlite", my_unit: { name: "Ủy ban nhân dân xã Vũ Lạc" }, today: "2026-07-05", export_dir: "/tmp/xuat" },
      ] },
      list_plans: { __sequence: [[PLAN], [other]] },
      restore_backup: "/tmp/x.truoc-phuc-hoi.sqlite",
      units: { officer: "Trần Thị Bình", kinds: [], tree: [] },
      settings_list: [],
      trust_list: [],
    });
    await p.click('.tabs button[data-tab="settings"]');
    await p.setInputFiles("#restore-file", { name: "sao-luu.sqlite", mimeType: "application/octet-stream", buffer: Buffer.from("SQLite format 3\0") });
    await p.click("#restore-run");
    await p.waitForSelector("#notice:has-text('Đã phục hồi')");
    assert.equal(await p.textContent("#my-unit"), "Đơn vị: Ủy ban nhân dân xã Vũ Lạc");
    assert.match(await p.textContent("#plan-list"), /12\/KH-UBND/);
    assert.doesNotMatch(await p.textContent("#plan-list"), /38\/KH-UBND/);
    // The backup crosses raw (a database may be tens of megabytes).
    const sent = calls.find(([c]) => c === "restore_backup")[1];
    assert.deepEqual([decodeURIComponent(sent.headers["x-file-name"]), sent.bytes], ["sao-luu.sqlite", 16]);
  },

  async "Tổng hợp opens on what needs action, the late units first"(browser) {
    const row = (unit, state, state_label, urgency) => ({ unit_id: unit, unit, state, state_label, urgency, due: "2026-07-10", received_on: null,
      due_label: "10/07/2026", received_label: "", version: null, signer: null });
    const { p } = await page(browser, {
      completeness: { period: "2026-H1", expected: 3, reported: 1, on_time: 1,
        needs_action: ["Quá hạn, chưa gửi báo cáo đã ký (1 đơn vị): Xã C.", "Mới gửi bản chưa ký (1 đơn vị): Xã B."],
        rows: [row("Xã A", "on_time", "đúng hạn", 4), row("Xã B", "draft_only", "mới có bản chưa ký", 1), row("Xã C", "missing", "chưa gửi, quá hạn", 0)] },
      due_kinds: [], consolidate: { period: "2026-H1", values: [] },
    });
    await p.click('.tabs button[data-tab="consolidate"]');
    await p.waitForSelector("#consolidate-actions li");
    assert.equal(await p.textContent("#consolidate-next-title"), "Cần xử lý — 6 tháng đầu năm 2026");
    assert.deepEqual(await p.$$eval("#consolidate-actions li", (ls) => ls.map((l) => l.textContent)),
      ["Quá hạn, chưa gửi báo cáo đã ký (1 đơn vị): Xã C.", "Mới gửi bản chưa ký (1 đơn vị): Xã B."]);
    assert.deepEqual(await p.$$eval("#completeness tbody tr", (rs) => rs.map((r) => r.dataset.unit)), ["Xã C", "Xã B", "Xã A"]);
    // The panel comes before the files to receive: the screen opens on it.
    assert.ok(await p.$eval("#consolidate-next", (n) => n.compareDocumentPosition(document.getElementById("import-run")) & Node.DOCUMENT_POSITION_FOLLOWING));
  },

  async "a due date is set for every unit under mine or for one, and a bad day is said in place"(browser) {
    const { p, calls } = await page(browser, {
      app_status: { db_path: "/tmp/h.sqlite", my_unit: { id: "me", name: "Ủy ban nhân dân huyện Mẫu" }, today: "2026-07-05", export_dir: "/tmp/xuat" },
      completeness: { period: "2026-H1", expected: 2, reported: 0, on_time: 0, needs_action: [], rows: [
        { unit_id: "a", unit: "Ủy ban nhân dân xã A", state: "not_due", state_label: "chưa đến hạn", due: null, received_on: null, version: null },
        { unit_id: "b", unit: "Ủy ban nhân dân xã B", state: "not_due", state_label: "chưa đến hạn", due: null, received_on: null, version: null }] },
      due_kinds: [{ code: "six_months", label: "báo cáo 6 tháng" }, { code: "year", label: "báo cáo năm" }],
      due_set: { __sequence: [{ __reject: { code: "invalid", message: "Hạn báo cáo: ngày 31/4 không có trong năm." } }, null] },
    });
    await p.click('.tabs button[data-tab="consolidate"]');
    await p.waitForSelector("#due-unit option[value='b']", { state: "attached" });
    await p.fill("#due-date", "31/4");
    await p.click("#due-set");
    await p.waitForSelector("#error:has-text('31/4 không có trong năm')");
    assert.equal(await p.inputValue("#due-date"), "31/4");
    await p.fill("#due-date", "5/7");
    await p.click("#due-set");
    await p.waitForSelector("#notice:has-text('Đã đặt hạn báo cáo 6 tháng của mọi đơn vị trực thuộc: trước ngày 5/7.')");
    await p.selectOption("#due-unit", "b");
    await p.selectOption("#due-kind", "year");
    await p.check("#due-next-year");
    await p.fill("#due-date", "10/1");
    await p.click("#due-set");
    await p.waitForSelector("#notice:has-text('của Ủy ban nhân dân xã B: trước ngày 10/1 năm sau')");
    const sent = calls.filter(([c]) => c === "due_set").map(([, a]) => a);
    assert.deepEqual(sent[1], { planId: "p1", kind: "six_months", date: "5/7", nextYear: false, unit: "me", children: true });
    assert.deepEqual(sent[2], { planId: "p1", kind: "year", date: "10/1", nextYear: true, unit: "b", children: false });
  },

  async "the plan is signed and saved to send down; a wrong password keeps the form"(browser) {
    const { p, calls } = await page(browser, {
      plan_save_suggestion: "/tmp/xuat/ke-hoach-38-kh-ubnd.pdf",
      "plugin:dialog|save": "/home/can-bo/Gửi xã/ke-hoach.pdf",
      plan_export_signed: { __sequence: [
        { __reject: { code: "wrong_password", message: "Sai mật khẩu của tệp chứng thư số, hoặc tệp không phải PKCS#12 (.p12/.pfx)." } },
        ["Chứng thư số hết hạn sau 20 ngày."],
      ] },
    });
    await p.click('.tabs button[data-tab="plan"]');
    await p.click("#plan-send summary");
    await p.click("#plan-send-save");
    await p.waitForSelector("#error:has-text('Hãy chọn tệp chứng thư số')");
    await p.setInputFiles("#plan-p12-file", { name: "ky.p12", mimeType: "application/x-pkcs12", buffer: Buffer.from([48, 130]) });
    await p.fill("#plan-p12-password", "sai");
    await p.click("#plan-send-save");
    await p.waitForSelector("#error:has-text('Sai mật khẩu')");
    assert.equal(await p.evaluate(() => document.activeElement.id), "plan-p12-password");
    await p.fill("#plan-p12-password", "dung");
    await p.click("#plan-send-save");
    await p.waitForSelector("#notice:has-text('Đã ký và lưu tệp kế hoạch: /home/can-bo/Gửi xã/ke-hoach.pdf Chứng thư số hết hạn sau 20 ngày.')");
    assert.equal(await p.inputValue("#plan-p12-password"), "", "the password is not kept");
    const dialog = calls.filter(([c]) => c === "plugin:dialog|save").pop()[1];
    assert.equal(dialog.options.defaultPath, "/tmp/xuat/ke-hoach-38-kh-ubnd.pdf");
    const sent = calls.filter(([c]) => c === "plan_export_signed").pop()[1];
    assert.deepEqual([sent.planId, sent.path, sent.p12, sent.password], ["p1", "/home/can-bo/Gửi xã/ke-hoach.pdf", [48, 130], "dung"]);
  },
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
let failed = 0;
for (const [name, test] of Object.entries(tests)) {
  try {
    await test(browser);
    console.log(`ui ${name} ... ok`);
  } catch (e) {
    failed += 1;
    console.log(`ui ${name} ... FAILED\n${e.stack || e}`);
  }
}
await browser.close();
server.close();
console.log(`ui: ${Object.keys(tests).length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
