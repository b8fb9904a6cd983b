// A plan file read for review before it is stored: each task and indicator
// beside the source lines it came from, corrected or left out here. The
// corrections are kept in the page and sent with every reading; the core
// makes and checks them (a refused one is taken back, its form stays open),
// and stores the plan with them.
import { $, el, showError, sendFile } from "./common.js";
import { taskForm, indicatorForm, unitsForm } from "./planedit.js";
import { drawPdfPage } from "./preview.js";

// The file picked or dropped (a File), the corrections made so far, and
// what the officer gave that the text does not say (its number, its date).
let pickedPlan = null;
let corrections = [];
let supplied = { number: "", issued_on: "", issuer: "" };
let stored = async () => {};

function pickedPlanFile() {
  return pickedPlan || ($("plan-file").files && $("plan-file").files[0]) || null;
}

// The file sent raw with the corrections (a .docx may be megabytes, and it
// is read again at each correction); an error is shown.
function send(cmd, file, corrections) {
  return sendFile(cmd, file, {
    "x-corrections": encodeURIComponent(JSON.stringify(corrections)),
    "x-supplied": encodeURIComponent(JSON.stringify(supplied)),
  })
    .catch((e) => { showError(e); throw e; });
}

function forgetCorrections() {
  corrections = [];
  supplied = { number: "", issued_on: "", issuer: "" };
  $("review-number").value = "";
  $("review-issuer").value = "";
  delete $("review-issuer").dataset.suggested;
  $("review-issued-on").value = "";
}

// The fields for what the text does not say: shown while something is
// missing or was given; what is read is checked by the core.
function showHeader(p) {
  const given = p.supplied.number || p.supplied.issued_on || p.supplied.issuer;
  const suggested = (p.suggested && p.suggested.issuer) || "";
  $("review-header").hidden = !(p.missing.length || given || suggested);
  $("review-header-note").textContent = p.missing.length
    ? `Văn bản không ghi ${p.missing.join(", ")} của kế hoạch (có thể đã mất phần đầu): hãy ghi theo bản gốc để lưu được kế hoạch.`
    : given
      ? "Đã dùng thông tin cán bộ ghi (văn bản không ghi); được lưu cùng kế hoạch và ghi vào nhật ký."
      : "Văn bản không có phần đầu: cơ quan ban hành được đọc từ nội dung, hãy đối chiếu bản gốc.";
  // The issuer: asked when the text's header names none; what its body
  // suggests is written in the field, marked, for the officer to check.
  $("review-issuer-field").hidden = !(p.missing.includes("cơ quan ban hành") || p.supplied.issuer || suggested);
  const field = $("review-issuer");
  if (suggested && !p.supplied.issuer && (!field.value || field.dataset.suggested === "true")) {
    field.value = suggested;
    field.dataset.suggested = "true";
  }
  $("review-issuer-hint").hidden = field.dataset.suggested !== "true";
}

$("review-issuer").addEventListener("input", () => {
  delete $("review-issuer").dataset.suggested;
  $("review-issuer-hint").hidden = true;
});

// Reads the file with `next` as its corrections; they are kept only if the
// core takes them. Resolves to whether it did.
async function preview(next = corrections) {
  const file = pickedPlanFile();
  if (!file) {
    showError("Hãy chọn tệp kế hoạch trước.");
    return false;
  }
  $("plan-import-result").textContent = "Đang đọc…";
  const p = await send("preview_plan", file, next).catch(() => null);
  $("plan-import-result").textContent = "";
  if (!p) return false;
  corrections = next;
  show(p);
  return true;
}

function without(item) {
  return corrections.filter((c) => c.item !== item);
}

function itemActions(it, li, p) {
  const actions = el("span", { class: "review-actions" });
  const button = (label, cls, action) => {
    const b = el("button", { type: "button", class: cls }, label);
    b.addEventListener("click", (e) => { e.stopPropagation(); action(); });
    actions.append(b);
  };
  if (it.dropped) {
    button("Giữ lại", "keep", () => preview(without(it.code)));
    return actions;
  }
  button("Sửa", "assign correct", () => {
    if (it.kind === "task") {
      taskForm(li, { title: it.title, content: it.content }, (title, content) =>
        preview([...corrections, { kind: "task", item: it.code, title, content }]));
    } else {
      indicatorForm(li, it.indicator, it.target_text, p.rules, (v) => preview([...corrections, {
        kind: "indicator", item: it.code, name: v.name, measure_unit: v.measureUnit,
        target: v.target, direction: v.direction, aggregation: v.aggregation }]));
    }
  });
  if (it.kind === "task") {
    button("Phân công", "assign assign-units", () => unitsForm(li, p.units.map((u) => [u, 0]), it.lead_ids, it.partner_ids,
      (leads, partners) => preview([...corrections, { kind: "task", item: it.code, lead_units: leads, partner_units: partners }])));
  }
  button("Bỏ mục này", "leave-out", () => preview([...without(it.code), { kind: "drop", item: it.code }]));
  if (it.corrected) button("Bỏ sửa", "undo", () => preview(without(it.code)));
  return actions;
}

// A source line with OCR's doubtful words marked (character ranges).
function sourceLine(text, i, doubts) {
  const div = el("div", { class: "src-line", "data-line": String(i) });
  if (!doubts.length) {
    div.textContent = text || " ";
    return div;
  }
  const chars = [...text];
  let at = 0;
  for (const d of doubts) {
    if (d.from > at) div.append(chars.slice(at, d.from).join(""));
    div.append(el("mark", { class: "ocr-doubt", title: `Nhận dạng chưa chắc (độ tin cậy ${d.confidence}%): hãy đối chiếu bản giấy` },
      chars.slice(d.from, d.to).join("")));
    at = d.to;
  }
  div.append(chars.slice(at).join(""));
  return div;
}

// The source by lines; for a PDF or a scan, each page begins with its number.
function sourceLines(p) {
  const doubts = new Map();
  for (const d of p.doubtful || []) doubts.set(d.line, [...(doubts.get(d.line) || []), d]);
  const pages = p.source_pages || [];
  const lines = [];
  const shown = [];
  p.source_lines.forEach((text, i) => {
    if (pages.length && pages[i] !== pages[i - 1]) shown.push(el("div", { class: "src-page" }, `Trang ${pages[i]}`));
    const line = sourceLine(text, i, doubts.get(i) || []);
    lines.push(line);
    shown.push(line);
  });
  return { lines, shown };
}

// The page of the file an item was read from, beside the items: a PDF's
// page drawn by pdf.js, a photographed page as it is (a TIFF is not drawn
// by the webview: its page and line numbers stay). The last drawn is kept.
let drawn = { file: null, page: 0 };
async function showPage(form, page, line) {
  const box = $("review-page");
  const file = pickedPlanFile();
  const drawable = file && page && (form === "pdf" || form === "scanned_pdf"
    || (form === "image" && /^image\/(png|jpeg)$/.test(file.type)));
  box.hidden = !drawable;
  if (!drawable) return;
  $("review-page-caption").textContent = `Văn bản gốc, trang ${page}${line ? ` (mục bắt đầu ở dòng ${line})` : ""}`;
  if (drawn.file === file && drawn.page === page) return;
  drawn = { file, page };
  let picture;
  try {
    if (form === "image") {
      const url = await new Promise((ok, fail) => {
        const r = new FileReader();
        r.onload = () => ok(r.result);
        r.onerror = fail;
        r.readAsDataURL(file);
      });
      picture = el("img", { src: url, alt: `Trang ${page} của văn bản gốc` });
    } else {
      picture = await drawPdfPage(new Uint8Array(await file.arrayBuffer()), page, 560);
    }
  } catch {
    picture = el("p", { class: "hint" }, "Không hiển thị được trang này; xem số trang, dòng bên cạnh mỗi mục.");
  }
  // A later click drew another page meanwhile: keep that one.
  if (drawn.file === file && drawn.page === page) $("review-page-picture").replaceChildren(picture);
}

function show(p) {
  $("plan-view").hidden = true;
  $("plan-review").hidden = false;
  $("review-title").textContent = `Xem trước: Kế hoạch số ${p.doc_number || "(chưa có số)"} — ${p.issuer}`;
  showHeader(p);
  const origin = p.origin || {};
  $("review-origin").textContent = origin.label ? `Đã đọc: ${origin.label}.` : "";
  $("review-warnings").replaceChildren(
    ...(p.signed === false && origin.form === "plan_file" ? [el("li", {}, "Tệp kế hoạch chưa được ký số.")] : []),
    ...p.warnings.map((w) => el("li", {}, w)));
  const { lines, shown } = sourceLines(p);
  $("review-source").replaceChildren(...shown);
  // A new file: its first page until an item is chosen.
  if (drawn.file !== pickedPlanFile()) showPage(origin.form, (p.source_pages || [])[0] || 0, 0).catch(() => {});
  const scroll = $("review-items").scrollTop;
  $("review-items").replaceChildren(...p.items.map((it) => {
    const state = it.dropped ? " dropped" : it.corrected ? " corrected" : "";
    const li = el("li", { class: `review-item ${it.kind}${state}`, "data-code": it.code, tabIndex: 0 },
      el("strong", {}, it.kind === "indicator" ? `Chỉ tiêu ${it.code}: ` : `${it.code} `),
      el("span", { class: "review-title" }, it.title),
      ...(it.dropped ? [el("em", {}, " (bỏ, không lưu)")] : it.corrected ? [el("em", {}, " (đã sửa)")] : []),
      ...(it.leads.length || it.partners.length ? [el("span", { class: "task-units" },
        [it.leads.length ? `Chủ trì: ${it.leads.join("; ")}` : "", it.partners.length ? `Phối hợp: ${it.partners.join("; ")}` : ""]
          .filter(Boolean).join(" · "))] : []),
      ...(it.page ? [el("span", { class: "page-of" }, `(trang ${it.page}, dòng ${it.page_line})`)] : []),
      ...(it.doubtful && it.doubtful.length ? [el("span", { class: "ocr-doubts" },
        `Nhận dạng chưa chắc, hãy đối chiếu: ${it.doubtful.join(", ")}`)] : []));
    li.append(itemActions(it, li, p));
    const showSource = () => {
      for (const x of document.querySelectorAll(".src-line.hit, .review-item.hit")) x.classList.remove("hit");
      li.classList.add("hit");
      if (it.line === null) return;
      for (let n = it.line; n <= (it.last_line ?? it.line); n += 1) lines[n].classList.add("hit");
      lines[it.line].scrollIntoView({ block: "center" });
      showPage(origin.form, it.page, it.page_line).catch(() => {});
    };
    li.addEventListener("click", (e) => { if (!e.target.closest(".edit-form, .assign-form")) showSource(); });
    li.addEventListener("keydown", (e) => { if (e.key === "Enter" && e.target === li) showSource(); });
    return li;
  }));
  $("review-items").scrollTop = scroll;
  const kept = p.items.filter((it) => !it.dropped).length;
  const changed = corrections.length ? `; ${corrections.length} chỗ sửa sẽ được lưu cùng kế hoạch` : "";
  $("plan-import-result").textContent =
    `${kept} mục sẽ được lưu; ${p.new_units.length} đơn vị mới sẽ được thêm${changed}.`;
}

async function store() {
  const file = pickedPlanFile();
  if (!file) return showError("Hãy chọn tệp kế hoạch trước.");
  $("plan-import-result").textContent = "Đang đọc…";
  try {
    const r = await send("import_plan", file, corrections);
    const o = r.outcome;
    const outcome = o.outcome === "unchanged" ? "Kế hoạch này đã có, nội dung không đổi."
      : o.outcome === "added" ? "Đã lưu kế hoạch."
      : `Đã lưu phiên bản ${o.version} của kế hoạch: ${o.diff.join("; ")}`;
    const signed = r.signed === false ? " Lưu ý: tệp kế hoạch chưa được ký số." : "";
    $("plan-import-result").replaceChildren(el("p", { class: "ok" }, outcome + signed));
    pickedPlan = null;
    forgetCorrections();
    $("plan-review").hidden = true;
    $("plan-view").hidden = false;
    await stored();
  } catch (e) {
    $("plan-import-result").textContent = "";
  }
}

// Wires the plan screen's file picker, drop zone and buttons; `onStored`
// runs once a plan is stored.
export function planReview({ stored: onStored }) {
  stored = onStored;
  // A scan is read page by page (OCR, seconds a page): said as it goes.
  window.__TAURI__.event?.listen("scan-progress", ({ payload }) => {
    $("plan-import-result").textContent = payload.page < payload.pages
      ? `Đang nhận dạng chữ bản quét: trang ${payload.page + 1} / ${payload.pages}…`
      : "Đã nhận dạng xong bản quét, đang đọc kế hoạch…";
  });
  $("plan-file").addEventListener("change", () => { pickedPlan = null; forgetCorrections(); });
  const drop = $("plan-drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", async (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const file = e.dataTransfer.files[0];
    if (!file) return;
    pickedPlan = file;
    forgetCorrections();
    drop.querySelector(".hint").textContent = `Đã chọn: ${file.name}`;
    await preview();
  });
  $("plan-preview").addEventListener("click", () => preview());
  $("review-header-apply").addEventListener("click", async () => {
    const before = supplied;
    supplied = { number: $("review-number").value, issued_on: $("review-issued-on").value,
      issuer: $("review-issuer-field").hidden ? "" : $("review-issuer").value };
    if (!(await preview())) supplied = before;
  });
  $("plan-import").addEventListener("click", store);
}
