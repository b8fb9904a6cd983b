// Tổng hợp: child units' files received (files or a folder), the unit ×
// period matrix, the period's completeness and the combined figures.
import { $, el, call, showError, notice, period, periodLabel, sendFile, chooseSaveFile } from "./common.js";
import { app, loaders } from "./shell.js";

async function showMatrix() {
  const m = await call("completeness_matrix", { planId: app.plan.id });
  const table = $("completeness-matrix");
  table.tHead.rows[0].replaceChildren(el("th", {}, "Đơn vị"), ...m.periods.map((p) => el("th", { title: p.label }, p.period)));
  table.tBodies[0].replaceChildren(...m.rows.map((r) => el("tr", { "data-unit": r.unit },
    el("td", {}, r.unit),
    ...r.cells.map((c) => c ? el("td", { class: c.state }, c.state_label) : el("td", { class: "none" }, "—")))));
}

// By when the units under mine send each kind of report (all of them, or
// one): the "Hạn" column and on time / late follow it.
async function showDueForm(c) {
  if (!$("due-kind").options.length) {
    const kinds = await call("due_kinds");
    $("due-kind").replaceChildren(...kinds.map((k) => el("option", { value: k.code }, k.label)));
  }
  const chosen = $("due-unit").value;
  $("due-unit").replaceChildren(el("option", { value: "" }, "mọi đơn vị trực thuộc"),
    ...c.rows.map((r) => el("option", { value: r.unit_id, selected: r.unit_id === chosen }, r.unit)));
}

$("due-set").addEventListener("click", async () => {
  if (!app.plan) return showError("Hãy chọn kế hoạch trước.");
  const one = $("due-unit").value;
  const done = await call("due_set", { planId: app.plan.id, kind: $("due-kind").value, date: $("due-date").value,
    nextYear: $("due-next-year").checked, unit: one || app.status.my_unit.id, children: !one }).then(() => true, () => false);
  if (!done) return;
  const kind = $("due-kind").selectedOptions[0].textContent;
  const who = $("due-unit").selectedOptions[0].textContent;
  notice(`Đã đặt hạn ${kind} của ${who}: trước ngày ${$("due-date").value.trim()}${$("due-next-year").checked ? " năm sau" : ""}.`);
  await loaders.consolidate();
});

loaders.consolidate = async () => {
  if (!app.plan) return;
  await showMatrix();
  if (!period()) return;
  const c = await call("completeness", { planId: app.plan.id, period: period() });
  await showDueForm(c);
  // What needs action this period comes first: the screen opens on it.
  $("consolidate-next-title").textContent = `Cần xử lý — ${periodLabel(c.period)}`;
  $("consolidate-actions").replaceChildren(...c.needs_action.map((line) => el("li", {}, line)));
  $("completeness-title").textContent = `Tình hình gửi báo cáo ${periodLabel(c.period)}: ${c.reported}/${c.expected} đơn vị (${c.on_time} đúng hạn)`;
  const rows = [...c.rows].sort((a, b) => a.urgency - b.urgency);
  $("completeness").tBodies[0].replaceChildren(...rows.map((r) => el("tr", { class: r.state, "data-unit": r.unit },
    el("td", {}, r.unit), el("td", {}, r.state_label), el("td", {}, r.due_label),
    el("td", {}, r.received_label), el("td", {}, r.version ? String(r.version) : ""), el("td", { class: "signer" }, r.signer || ""))));
  const k = await call("consolidate", { planId: app.plan.id, period: period() });
  $("figures").tBodies[0].replaceChildren(...k.values.map((v) => {
    const sources = el("ul", { class: "plain" }, ...v.sources.map((s) => el("li", {},
      `${s.unit}: ${s.label}${s.submission ? (s.signer ? ` — ký bởi ${s.signer}` : "") : " (số liệu của đơn vị)"}`)));
    return el("tr", { "data-indicator": v.indicator.id }, el("td", {}, v.indicator.name), el("td", { class: "figure" }, v.label), el("td", {}, sources));
  }));
};

$("import-run").addEventListener("click", async () => {
  // The files picked, and the PDF files of a picked folder (as `kehoach
  // import DIR` takes them).
  const files = [...($("import-files").files || []),
    ...Array.from($("import-folder").files || []).filter((f) => f.name.toLowerCase().endsWith(".pdf"))];
  if (!files.length) return showError("Hãy chọn các tệp báo cáo (PDF) cần nhận, hoặc thư mục chứa chúng.");
  const bar = $("import-progress");
  bar.hidden = false;
  bar.max = files.length;
  bar.value = 0;
  $("import-outcomes").replaceChildren();
  // One file per call: the bar moves, and one bad file never stops the rest.
  for (const f of files) {
    try {
      // A file no report can be is refused by its size, before it is read.
      const big = await call("receive_size_check", { name: f.name, size: f.size });
      const r = big || await sendFile("receive_report", f, { "x-add-units": $("add-units").checked ? "1" : "0" });
      const li = el("li", { class: r.outcome.outcome }, `${r.file}: ${r.message}`);
      if (r.outcome.outcome === "same_name") li.append(" ", linkButton(li, f, r.outcome.existing));
      if (r.outcome.outcome === "unknown_signer") li.append(" ", signerButton(li, f, r.outcome));
      $("import-outcomes").append(li);
    } catch (e) {
      $("import-outcomes").append(el("li", { class: "refused" }, `${f.name}: ${e.message || e}`));
    }
    bar.value += 1;
  }
  bar.hidden = true;
  await loaders.consolidate();
});

// A file signed by someone not registered for its unit: a person may say
// that is the unit's new signer (registered, then the file received).
function signerButton(li, picked, outcome) {
  const button = el("button", { type: "button", class: "assign" },
    `Đúng là người ký mới của đơn vị: ghi nhận “${outcome.signer}” và nhận tệp`);
  button.addEventListener("click", async () => {
    const file = { name: picked.name, bytes: Array.from(new Uint8Array(await picked.arrayBuffer())) };
    const r = await call("add_signer_and_import", { file }).catch(() => null);
    if (!r) return;
    li.replaceChildren(`${r.file}: ${r.message}`);
    li.className = r.outcome.outcome;
    await loaders.consolidate();
  });
  return button;
}

// A sender refused for a name already in the list: a person may say it is
// the same unit (the unit typed in by hand takes the sender's id).
function linkButton(li, picked, existing) {
  const button = el("button", { type: "button", class: "assign" }, "Đúng là đơn vị này: gắn và nhận tệp");
  button.addEventListener("click", async () => {
    const file = { name: picked.name, bytes: Array.from(new Uint8Array(await picked.arrayBuffer())) };
    const r = await call("link_sender_and_import", { file, existing }).catch(() => null);
    if (!r) return;
    li.replaceChildren(`${r.file}: ${r.message}`);
    li.className = r.outcome.outcome;
    await loaders.consolidate();
  });
  return button;
}

// The period's figures (combined by rule, each unit's raw values and file)
// as an Excel workbook, saved where the officer chooses.
$("figures-xlsx").addEventListener("click", async () => {
  if (!app.plan || !period()) return;
  const suggested = await call("sheet_save_suggestion", { planId: app.plan.id, period: period(), what: "so-lieu-chi-tieu" }).catch(() => null);
  if (!suggested) return;
  const path = await chooseSaveFile("Lưu số liệu chỉ tiêu", suggested, { name: "Bảng tính Excel", extensions: ["xlsx"] });
  if (!path) return;
  if ((await call("indicator_figures_save", { planId: app.plan.id, period: period(), path }).catch(() => null)) !== null) {
    notice(`Đã lưu số liệu chỉ tiêu: ${path.split(/[\\/]/).pop()}`);
  }
});
