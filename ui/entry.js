// Nhập kết quả: the grid of my unit's tasks and indicators for the period;
// each row saved on leaving a field (and text while typed), refused values
// said in their row.
import { $, el, invoke, call, period, notice, chooseSaveFile, sendFile } from "./common.js";
import { app, loaders } from "./shell.js";

function rowMessage(tr, text, ok) {
  const cell = tr.querySelector(".row-msg");
  cell.textContent = text;
  cell.className = `row-msg ${ok ? "ok" : "bad"}`;
}

// Saves `save` a moment after typing stops, and at once when the window
// is being closed or hidden.
const pendingSaves = new Set();
function autosave(area, save) {
  let timer = null;
  const run = () => { clearTimeout(timer); pendingSaves.delete(run); save(); };
  area.addEventListener("input", () => {
    clearTimeout(timer);
    pendingSaves.add(run);
    timer = setTimeout(run, 800);
  });
  area.addEventListener("change", () => { clearTimeout(timer); pendingSaves.delete(run); });
}
const flushSaves = () => { for (const run of [...pendingSaves]) run(); };
window.addEventListener("pagehide", flushSaves);
document.addEventListener("visibilitychange", () => { if (document.hidden) flushSaves(); });

loaders.entry = async () => {
  if (!app.plan || !period()) return;
  const sheet = await call("entry_sheet", { planId: app.plan.id, period: period() });
  $("entry-title").textContent = `Nhập kết quả — ${sheet.label}`;
  $("entry-status").textContent = sheet.locked ? "Kỳ này đã ký và khóa: chỉ xem." : "";
  const rows = sheet.rows.map((r) => {
    const p = r.progress || {};
    const statusLabel = r.status_label || "";
    const select = el("select", { class: "status", disabled: sheet.locked },
      el("option", { value: "" }, "—"), ...sheet.statuses.map((s) => el("option", { value: s, selected: s === statusLabel }, s)));
    const reason = el("input", { class: "reason", value: p.reason || "", disabled: sheet.locked, placeholder: "Lý do" });
    const showReason = () => { reason.hidden = !sheet.reason_statuses.includes(select.value); };
    select.addEventListener("change", showReason);
    showReason();
    const text = (cls, value) => el("textarea", { class: cls, rows: 2, value: value || "", disabled: sheet.locked });
    const narrative = text("narrative", p.narrative);
    const difficulties = text("difficulties", p.difficulties);
    const proposals = text("proposals", p.proposals);
    const evidence = text("evidence", (p.evidence || []).join("\n"));
    const budget = el("input", { class: "budget", value: r.budget_text, disabled: sheet.locked });
    const tr = el("tr", { "data-task": r.code },
      el("td", {}, el("strong", {}, r.code), " ", r.title),
      el("td", {}, select, reason), el("td", {}, narrative), el("td", {}, difficulties), el("td", {}, proposals),
      el("td", {}, evidence), el("td", {}, budget), el("td", { class: "row-msg" }));
    // Text typed before a status is chosen cannot be stored yet: it is said
    // in the row, kept on this computer (localStorage) until it is saved, and
    // put back in the row if the window is closed meanwhile.
    const unsavedKey = `kehoach.unsaved.${app.plan.id}.${period()}.${r.task_id}`;
    const typed = () => ({ reason: reason.value, narrative: narrative.value, difficulties: difficulties.value,
      proposals: proposals.value, evidence: evidence.value, budget: budget.value });
    const save = async () => {
      if (!select.value) {
        const t = typed();
        if (Object.values(t).some((v) => v.trim())) {
          localStorage.setItem(unsavedKey, JSON.stringify(t));
          select.classList.add("missing");
          rowMessage(tr, "Chưa lưu: hãy chọn Tình trạng thực hiện. Nội dung đã nhập vẫn được giữ lại.", false);
        }
        return;
      }
      select.classList.remove("missing");
      try {
        await invoke("save_progress", {
          taskId: r.task_id, period: period(),
          input: { status: select.value, reason: reason.hidden ? null : reason.value, narrative: narrative.value,
            difficulties: difficulties.value, proposals: proposals.value, budget: budget.value.trim() || null,
            evidence: evidence.value.split("\n") },
        });
        localStorage.removeItem(unsavedKey);
        rowMessage(tr, "Đã lưu", true);
      } catch (e) {
        rowMessage(tr, e.message || String(e), false);
      }
    };
    const kept = !sheet.locked && !r.progress && localStorage.getItem(unsavedKey);
    if (kept) {
      const t = JSON.parse(kept);
      reason.value = t.reason || ""; narrative.value = t.narrative || ""; difficulties.value = t.difficulties || "";
      proposals.value = t.proposals || ""; evidence.value = t.evidence || ""; budget.value = t.budget || "";
      select.classList.add("missing");
      rowMessage(tr, "Chưa lưu: nội dung nhập lần trước còn giữ; hãy chọn Tình trạng thực hiện để lưu.", false);
    }
    for (const input of [select, reason, narrative, difficulties, proposals, evidence, budget]) input.addEventListener("change", save);
    // Text is also kept while it is typed, not only on leaving the field:
    // a window closed mid-sentence loses at most the last moment.
    for (const area of [narrative, difficulties, proposals, evidence]) autosave(area, save);
    return tr;
  });
  $("entry-tasks").tBodies[0].replaceChildren(...rows);
  const values = sheet.values.map((v) => {
    const x = v.value || {};
    const rule = v.indicator.aggregation.rule;
    const ratio = rule === "ratio";
    // What the indicator's rule asks for: a figure, two counts, có / không, or words.
    let value;
    if (rule === "yes_no") {
      value = el("select", { class: "yes", disabled: sheet.locked },
        el("option", { value: "" }, "—"),
        el("option", { value: "có", selected: x.yes === true }, "có"),
        el("option", { value: "không", selected: x.yes === false }, "không"));
    } else if (rule === "text") {
      value = el("textarea", { class: "text", rows: 2, value: x.text || "", disabled: sheet.locked });
    } else {
      value = el("input", { class: "value", value: ratio ? "" : v.value_text, disabled: sheet.locked || ratio, placeholder: ratio ? "tự tính" : "" });
    }
    const num = el("input", { class: "numerator", value: v.numerator_text, disabled: sheet.locked || !ratio });
    const den = el("input", { class: "denominator", value: v.denominator_text, disabled: sheet.locked || !ratio });
    const note = el("input", { class: "note", value: x.note || "", disabled: sheet.locked });
    const tr = el("tr", { "data-indicator": v.indicator.id },
      el("td", {}, v.indicator.name, el("span", { class: "muted" }, ` (${v.indicator.measure_unit})`)),
      el("td", {}, value), el("td", {}, num), el("td", {}, den), el("td", {}, note), el("td", { class: "row-msg" }));
    const save = async () => {
      // Half a figure is not stored, and it is said so in the row.
      if (ratio && !(num.value.trim() && den.value.trim())) {
        if (num.value.trim() || den.value.trim() || note.value.trim()) {
          rowMessage(tr, "Chưa lưu: tỷ lệ cần cả tử số và mẫu số.", false);
        }
        return;
      }
      if (!ratio && !value.value.trim()) {
        if (note.value.trim()) rowMessage(tr, rule === "yes_no" ? "Chưa lưu: hãy chọn có hoặc không." : "Chưa lưu: hãy nhập giá trị của chỉ tiêu.", false);
        return;
      }
      const input = ratio ? { numerator: num.value, denominator: den.value, note: note.value }
        : rule === "yes_no" ? { yes: value.value === "có", note: note.value }
        : rule === "text" ? { text: value.value, note: note.value }
        : { value: value.value, note: note.value };
      try {
        const [, warnings, label] = await invoke("save_value", { indicatorId: v.indicator.id, period: period(), input });
        rowMessage(tr, warnings.length ? `Đã lưu. ${warnings.join(" ")}` : `Đã lưu${label ? ` (${label})` : ""}`, true);
      } catch (e) {
        rowMessage(tr, e.message || String(e), false);
      }
    };
    for (const input of [value, num, den, note]) input.addEventListener("change", save);
    if (rule === "text") autosave(value, save);
    return tr;
  });
  $("entry-values").tBodies[0].replaceChildren(...values);
};

// Enter in a one-line field moves down the column, as in a spreadsheet
// (Tab moves across); the change is saved on leaving the field.
for (const id of ["entry-tasks", "entry-values"]) {
  $(id).addEventListener("keydown", (ev) => {
    const field = ev.target;
    if (ev.key !== "Enter" || !field.matches("input, select")) return;
    const cell = field.closest("td");
    const below = cell.parentElement.nextElementSibling;
    const next = below && below.children[cell.cellIndex]
      && below.children[cell.cellIndex].querySelector("input:not([disabled]):not([hidden]), select:not([disabled])");
    ev.preventDefault();
    if (next) next.focus();
    else field.blur();
  });
}

// Excel: the template saved where the officer chooses; a filled sheet read,
// its changes shown, stored only when the officer says so. A sheet with
// bad cells stores nothing and each cell is listed here, beside the field.
$("entry-sheet-template").addEventListener("click", async () => {
  if (!app.plan || !period()) return;
  const suggested = await call("sheet_save_suggestion", { planId: app.plan.id, period: period(), what: "bang-chi-tieu" }).catch(() => null);
  if (!suggested) return;
  const path = await chooseSaveFile("Lưu bảng mẫu Excel", suggested, { name: "Bảng tính Excel", extensions: ["xlsx"] });
  if (!path) return;
  if ((await call("indicator_template_save", { planId: app.plan.id, period: period(), path }).catch(() => null)) !== null) {
    notice(`Đã lưu bảng mẫu: ${path.split(/[\\/]/).pop()}`);
  }
});

let sheetFile = null;
function sheetMessages(problems) {
  const box = $("entry-sheet-problems");
  box.replaceChildren();
  box.hidden = !problems;
  if (!problems) return;
  const [first, ...cells] = problems.split("\n• ");
  box.append(el("p", {}, first), el("ul", {}, ...cells.map((c) => el("li", {}, c))));
}
function hidePreview() {
  $("entry-sheet-preview").hidden = true;
  sheetFile = null;
  $("entry-sheet-file").value = "";
  $("entry-sheet-file").dispatchEvent(new Event("change"));
}
const sheetHeaders = () => ({ "x-plan": app.plan.id, "x-period": period() });

$("entry-sheet-file").addEventListener("change", async () => {
  const file = $("entry-sheet-file").files[0];
  if (!file || !app.plan) return;
  sheetMessages(null);
  $("entry-sheet-preview").hidden = true;
  let preview;
  try {
    preview = await sendFile("indicator_sheet_preview", file, sheetHeaders());
  } catch (e) {
    return sheetMessages(e.message || String(e));
  }
  sheetFile = file;
  const n = preview.changes.length;
  $("entry-sheet-summary").textContent = n
    ? `Bảng “${preview.sheet}” thay đổi ${n} chỉ tiêu (chưa lưu):`
    : `Bảng “${preview.sheet}” không thay đổi số liệu nào.`;
  $("entry-sheet-changes").tBodies[0].replaceChildren(...preview.changes.map((c) =>
    el("tr", {}, el("td", {}, `${c.no}. ${c.indicator}`), el("td", {}, c.at), el("td", {}, c.before), el("td", {}, c.after))));
  $("entry-sheet-changes").hidden = n === 0;
  const notes = [...preview.warnings];
  if (preview.unchanged) notes.push(`${preview.unchanged} chỉ tiêu giữ nguyên số liệu đã có.`);
  if (preview.not_given.length) notes.push(`Bảng không ghi số liệu cho: ${preview.not_given.join("; ")} (giữ nguyên).`);
  $("entry-sheet-warnings").replaceChildren(...notes.map((w) => el("li", {}, w)));
  $("entry-sheet-store").hidden = n === 0;
  $("entry-sheet-preview").hidden = false;
});

$("entry-sheet-store").addEventListener("click", async () => {
  if (!sheetFile) return;
  let stored;
  try {
    stored = await sendFile("indicator_sheet_import", sheetFile, sheetHeaders());
  } catch (e) {
    return sheetMessages(e.message || String(e));
  }
  hidePreview();
  notice(`Đã lưu số liệu ${stored.changes.length} chỉ tiêu từ bảng “${stored.sheet}”.`);
  await loaders.entry();
});
$("entry-sheet-cancel").addEventListener("click", hidePreview);
