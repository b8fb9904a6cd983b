// The window: shows what the core returns and sends what the officer types.
// No business rule here: lists, orders, checks and numbers come from the
// core's commands; messages are the core's own.
import { invoke, $, el, showError, notice, clearMessages, call, dateVi, numVi, readFile, period,
  chooseSaveFile, vietnameseFileFields, listSearch } from "./common.js";
import { taskEditForm, showIndicators, unitsForm } from "./planedit.js";
import { showPdf, printPdf } from "./preview.js";
import { planReview } from "./review.js";

let status = null;       // app_status
let currentPlan = null;  // PlanSummary
let searchTimer = null;

// ---------- tabs ----------
const loaders = {};

function showTab(name) {
  for (const b of document.querySelectorAll(".tabs button")) {
    b.setAttribute("aria-selected", b.dataset.tab === name ? "true" : "false");
  }
  for (const t of document.querySelectorAll(".tab")) t.hidden = t.id !== `tab-${name}`;
  document.body.dataset.tab = name;
  if (loaders[name]) {
    loaders[name].pending = loaders[name]().catch(() => {});
  }
}

for (const b of document.querySelectorAll(".tabs button")) {
  b.addEventListener("click", () => { clearMessages(); showTab(b.dataset.tab); });
}

// ---------- Kế hoạch ----------
function unitNames(units, max = 4) {
  const names = units.map((u) => u.short_name);
  if (names.length <= max) return names.join("; ");
  return `${names.slice(0, max).join("; ")} và ${names.length - max} đơn vị khác`;
}

function taskItem(node) {
  const t = node.task;
  const li = el("li", { class: "task", "data-code": t.code },
    el("span", { class: "task-code" }, t.code),
    el("span", { class: "task-title", title: t.content || t.title }, t.title));
  const groups = (role) => (t.unit_groups || []).filter((g) => g.role === role).map((g) => `[${g.label}]`);
  const describe = (units, role) => [unitNames(units), ...groups(role)].filter(Boolean).join("; ");
  const parts = [];
  const leads = describe(node.leads, "lead");
  const partners = describe(node.partners, "partner");
  if (leads) parts.push(`Chủ trì: ${leads}`);
  if (partners) parts.push(`Phối hợp: ${partners}`);
  if (parts.length) li.append(el("span", { class: "task-units" }, parts.join(" · ")));
  const edit = el("button", { type: "button", class: "assign" }, "Phân công");
  edit.addEventListener("click", (e) => { e.stopPropagation(); assignForm(li, node); });
  const correct = el("button", { type: "button", class: "assign correct" }, "Sửa");
  correct.addEventListener("click", (e) => { e.stopPropagation(); taskEditForm(li, node, showTasks); });
  li.insertBefore(edit, li.querySelector(".task-units"));
  li.insertBefore(correct, li.querySelector(".task-units"));
  if (node.children && node.children.length) li.append(el("ul", {}, ...node.children.map(taskItem)));
  return li;
}

// The units an officer can assign: the unit tree, flattened in its order.
async function unitChoices() {
  const u = await call("units");
  const flat = [];
  const walk = (nodes, depth) => nodes.forEach((n) => { if (!n.unit.valid_to) flat.push([n.unit, depth]); walk(n.children, depth + 1); });
  walk(u.tree, 0);
  return flat;
}

async function assignForm(li, node) {
  if (li.querySelector(":scope > .assign-form")) return unitsForm(li);
  const units = await unitChoices();
  const ids = (list) => list.map((u) => u.id);
  unitsForm(li, units, ids(node.leads), ids(node.partners), async (leadUnits, partnerUnits) => {
    const saved = await call("task_assign", { taskId: node.task.id, leadUnits, partnerUnits }).catch(() => null);
    if (!saved) return false;
    notice(`Đã lưu phân công nhiệm vụ ${node.task.code}.`);
    await showTasks();
    return true;
  });
}

function countTasks(nodes) {
  return nodes.reduce((n, x) => n + 1 + countTasks(x.children || []), 0);
}

async function showTasks() {
  if (!currentPlan) return;
  const query = $("search").value.trim();
  const nodes = query
    ? await call("search_tasks", { planId: currentPlan.id, query })
    : await call("task_tree", { planId: currentPlan.id });
  drawTree(nodes);
  const n = countTasks(nodes);
  $("task-count").textContent = query ? `Tìm thấy ${n} nhiệm vụ.` : `${n} nhiệm vụ.`;
}

// A long list is drawn a screenful first, then the rest between frames, so
// the first rows show at once and typing never waits for row 5,000. A newer
// list stops the drawing of an older one. `data-drawn` says when all is in.
const FIRST_ROWS = 100;
const MORE_ROWS = 1000;
const LONG_LIST = 300;
let drawing = 0;

function drawTree(nodes) {
  const tree = $("task-tree");
  const mine = ++drawing;
  tree.classList.toggle("long", countTasks(nodes) > LONG_LIST);
  tree.replaceChildren(...nodes.slice(0, FIRST_ROWS).map(taskItem));
  let at = FIRST_ROWS;
  const more = () => {
    if (mine !== drawing) return;
    if (at >= nodes.length) {
      tree.dataset.drawn = "all";
      return;
    }
    tree.append(...nodes.slice(at, at + MORE_ROWS).map(taskItem));
    at += MORE_ROWS;
    requestAnimationFrame(() => setTimeout(more, 0));
  };
  tree.dataset.drawn = "part";
  requestAnimationFrame(() => setTimeout(more, 0));
}

function selectPlan(plan, button) {
  currentPlan = plan;
  for (const b of document.querySelectorAll("#plan-list button")) b.removeAttribute("aria-current");
  if (button) button.setAttribute("aria-current", "true");
  $("plan-title").textContent = `Kế hoạch số ${plan.doc_number}`;
  $("plan-meta").textContent =
    `${plan.issuer}, ngày ${dateVi(plan.issued_on)} — ${plan.title} (${plan.start_year}-${plan.end_year})`;
  $("search").disabled = false;
  showTasks().catch(() => {});
  showIndicators(plan.id).catch(() => {});
}

async function loadPlans() {
  const plans = await call("list_plans");
  const items = plans.map((p) => {
    const button = el("button", { type: "button", "data-id": p.id },
      el("span", { class: "plan-number" }, p.doc_number),
      el("span", { class: "plan-sub" }, `${p.title}`),
      el("span", { class: "plan-sub" }, `${p.task_count} nhiệm vụ · ${p.indicator_count} chỉ tiêu`));
    button.addEventListener("click", () => selectPlan(p, button));
    return el("li", { class: "plan-item" }, button);
  });
  $("plan-list").replaceChildren(...items);
  if (!plans.length) {
    $("plan-list").append(el("li", {}, "Chưa có kế hoạch nào: hãy nạp kế hoạch."));
    currentPlan = null;
    return;
  }
  const keep = currentPlan ? plans.findIndex((p) => p.id === currentPlan.id) : -1;
  const i = keep >= 0 ? keep : 0;
  items[i].querySelector("button").click();
}

$("search").addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => showTasks().catch(() => {}), 150);
});

planReview({
  stored: async () => {
    await loadPlans();
    await loadPeriods();
  },
});
loaders.plan = async () => { if (!currentPlan) await loadPlans(); };

// ---------- kỳ báo cáo ----------
async function loadPeriods() {
  if (!currentPlan) return;
  const d = await call("dashboard", { planId: currentPlan.id });
  $("period-list").replaceChildren(...d.periods.map((p) => el("option", { value: p.period }, p.label)));
  if (!period()) $("period").value = d.reporting || (d.periods[0] && d.periods[0].period) || "";
  return d;
}

$("period").addEventListener("change", () => {
  clearMessages();
  const current = document.body.dataset.tab;
  if (loaders[current]) loaders[current]().catch(() => {});
});

// ---------- Tổng quan ----------
loaders.overview = async () => {
  if (!currentPlan) {
    $("overview-title").textContent = "Chưa có kế hoạch nào: hãy nạp kế hoạch (màn hình Kế hoạch).";
    return;
  }
  const d = await loadPeriods();
  $("overview-title").textContent = `Tổng quan — Kế hoạch số ${d.plan.doc_number}`;
  $("overview-periods").replaceChildren(...d.periods.map((p) => el("div", { class: `card ${p.reported ? "done" : (p.days_left !== null && p.days_left < 0 ? "late" : "")}` },
    el("strong", {}, p.label),
    el("span", {}, p.reported ? "đã báo cáo"
      : p.due ? (p.days_left >= 0 ? `hạn ${dateVi(p.due)}, còn ${p.days_left} ngày` : `hạn ${dateVi(p.due)}, quá ${-p.days_left} ngày`)
      : "chưa đặt hạn"))));
  const list = (items) => items.length ? items.map((t) => el("li", {}, `${t.code} ${t.title}`)) : [el("li", { class: "muted" }, "Không có.")];
  $("overview-overdue").replaceChildren(...list(d.overdue_tasks));
  $("overview-missing").replaceChildren(...list(d.tasks_without_progress.slice(0, 12)),
    ...(d.tasks_without_progress.length > 12 ? [el("li", { class: "muted" }, `… và ${d.tasks_without_progress.length - 12} nhiệm vụ khác`)] : []));
  $("overview-indicators").replaceChildren(...d.indicators.map((v) => {
    const pct = v.achievement === null ? 0 : Math.min(v.achievement, 100);
    return el("div", { class: "bar-row" },
      el("span", { class: "bar-name" }, v.indicator.name),
      el("span", { class: "bar" }, el("span", { class: "bar-fill", style: `width:${pct}%` })),
      el("span", { class: "bar-value" }, v.achievement === null ? `chưa có số liệu ${v.period_label}`
        : `${numVi(v.cumulative)} / ${numVi(v.indicator.target_value)} (${numVi(v.achievement, 1)}%) — ${v.period_label}`));
  }));
  if (period()) {
    const c = await call("completeness", { planId: currentPlan.id, period: period() });
    $("overview-submissions").textContent = c.expected
      ? `Kỳ ${c.period}: ${c.reported}/${c.expected} đơn vị đã gửi báo cáo đã ký (${c.on_time} đúng hạn).`
      : "Không có đơn vị trực thuộc.";
  }
};

// ---------- Nhập kết quả ----------
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
  if (!currentPlan || !period()) return;
  const sheet = await call("entry_sheet", { planId: currentPlan.id, period: period() });
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
    const budget = el("input", { class: "budget", value: p.budget_used === null || p.budget_used === undefined ? "" : p.budget_used.toLocaleString("vi-VN"), disabled: sheet.locked });
    const tr = el("tr", { "data-task": r.code },
      el("td", {}, el("strong", {}, r.code), " ", r.title),
      el("td", {}, select, reason), el("td", {}, narrative), el("td", {}, difficulties), el("td", {}, proposals),
      el("td", {}, evidence), el("td", {}, budget), el("td", { class: "row-msg" }));
    const save = async () => {
      if (!select.value) return;
      try {
        await invoke("save_progress", {
          taskId: r.task_id, period: period(),
          input: { status: select.value, reason: reason.hidden ? null : reason.value, narrative: narrative.value,
            difficulties: difficulties.value, proposals: proposals.value, budget: budget.value.trim() || null,
            evidence: evidence.value.split("\n") },
        });
        rowMessage(tr, "Đã lưu", true);
      } catch (e) {
        rowMessage(tr, e.message || String(e), false);
      }
    };
    for (const input of [select, reason, narrative, difficulties, proposals, evidence, budget]) input.addEventListener("change", save);
    // Text is also kept while it is typed, not only on leaving the field:
    // a window closed mid-sentence loses at most the last moment.
    for (const area of [narrative, difficulties, proposals, evidence]) autosave(area, save);
    return tr;
  });
  $("entry-tasks").tBodies[0].replaceChildren(...rows);
  const values = sheet.values.map((v) => {
    const x = v.value || {};
    const ratio = v.indicator.aggregation.rule === "ratio";
    const fmt = (n) => (n === null || n === undefined ? "" : n.toLocaleString("vi-VN", { maximumFractionDigits: 4 }));
    const value = el("input", { class: "value", value: ratio ? "" : fmt(x.value), disabled: sheet.locked || ratio, placeholder: ratio ? "tự tính" : "" });
    const num = el("input", { class: "numerator", value: fmt(x.numerator), disabled: sheet.locked || !ratio });
    const den = el("input", { class: "denominator", value: fmt(x.denominator), disabled: sheet.locked || !ratio });
    const note = el("input", { class: "note", value: x.note || "", disabled: sheet.locked });
    const tr = el("tr", { "data-indicator": v.indicator.id },
      el("td", {}, v.indicator.name, el("span", { class: "muted" }, ` (${v.indicator.measure_unit})`)),
      el("td", {}, value), el("td", {}, num), el("td", {}, den), el("td", {}, note), el("td", { class: "row-msg" }));
    const save = async () => {
      if (ratio && !(num.value.trim() && den.value.trim())) return;
      if (!ratio && !value.value.trim()) return;
      try {
        const [saved, warnings] = await invoke("save_value", {
          indicatorId: v.indicator.id, period: period(),
          input: ratio ? { numerator: num.value, denominator: den.value, note: note.value }
                       : { value: value.value, note: note.value },
        });
        rowMessage(tr, warnings.length ? `Đã lưu. ${warnings.join(" ")}` : `Đã lưu${saved.value !== null ? ` (${numVi(saved.value)})` : ""}`, true);
      } catch (e) {
        rowMessage(tr, e.message || String(e), false);
      }
    };
    for (const input of [value, num, den, note]) input.addEventListener("change", save);
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

// ---------- Báo cáo ----------
let currentReport = null;

function showReport(view) {
  currentReport = view ? view.report : null;
  if (!view) {
    $("report-title").textContent = `Báo cáo kỳ ${period()}`;
    $("report-status").textContent = "Chưa có báo cáo kỳ này: hãy lập dự thảo từ số liệu.";
    $("report-sections").replaceChildren();
    $("report-text").textContent = "";
    $("report-pages").replaceChildren();
    return;
  }
  const r = view.report;
  const label = view.status_label;
  $("report-title").textContent = `Báo cáo kỳ ${r.period} — phiên bản ${r.version}`;
  $("report-status").textContent = `Tình trạng: ${label}${r.number ? `; số ${String(r.number).padStart(2, "0")}/${r.symbol}, ngày ${dateVi(r.issued_on)}` : ""}.`;
  document.body.dataset.report = r.status;
  $("report-sections").replaceChildren(...r.sections.map((s) => {
    const area = el("textarea", { rows: 6, value: s.text, disabled: r.status !== "draft", "data-section": s.code });
    area.addEventListener("change", async () => {
      try {
        showReport(await invoke("report_edit", { reportId: r.id, section: s.code, text: area.value }));
        notice(`Đã lưu phần ${s.code}.`);
      } catch (e) { showError(e); }
    });
    return el("div", { class: "report-section" }, el("h4", {}, `${s.code}. ${s.heading}`), area);
  }));
  $("report-text").textContent = view.text;
  // A drawn PDF of an older state would mislead: drawn again on request.
  $("report-pages").replaceChildren();
}

$("report-preview").addEventListener("click", () => {
  if (!currentReport) return showError("Chưa có báo cáo để xem.");
  showPdf(currentReport.id, $("report-pages")).catch(() => {});
});

$("report-print").addEventListener("click", () => {
  if (!currentReport) return showError("Chưa có báo cáo để in.");
  printPdf(currentReport.id, $("report-pages")).catch(() => {});
});

const signerText = (x) => `${x.name} (${x.authority.join(" / ")})`;

loaders.report = async () => {
  if (!currentPlan || !period()) return;
  const kept = await call("signer_images");
  const signers = await call("signers");
  $("report-signer").replaceChildren(el("option", { value: "" }, `${signerText(signers.default)} — theo thiết lập`),
    ...signers.others.map((o) => el("option", { value: o.id }, signerText(o.signer))));
  const anySignature = kept.signature || signers.others.some((o) => o.has_signature);
  $("use-saved-signature").checked = anySignature;
  $("use-saved-signature").disabled = !anySignature;
  $("use-saved-seal").disabled = !kept.seal;
  showReport(await call("report_get", { planId: currentPlan.id, period: period() }));
};

$("report-draft").addEventListener("click", async () => {
  const regenerate = currentReport && currentReport.status === "draft";
  showReport(await call("report_draft", { planId: currentPlan.id, period: period(), regenerate: !!regenerate }));
  notice("Đã lập dự thảo từ số liệu.");
});

$("consolidated-draft").addEventListener("click", async () => {
  if (!currentPlan || !period()) return showError("Hãy chọn kế hoạch và kỳ báo cáo.");
  showTab("report");
  await loaders.report.pending;
  $("report-draft").click();
});

$("report-finalize").addEventListener("click", async () => {
  if (!currentReport) return showError("Chưa có dự thảo để hoàn thành.");
  showReport(await call("report_finalize", { reportId: currentReport.id, signer: $("report-signer").value || null }));
  notice("Đã hoàn thành: báo cáo được cấp số và ghi ngày.");
});

$("report-sign").addEventListener("click", async () => {
  if (!currentReport) return showError("Chưa có báo cáo để ký.");
  const image = await readFile($("sig-image"));
  const seal = await readFile($("seal-image"));
  const images = {
    image: image ? image.bytes : null, seal: seal ? seal.bytes : null,
    useSaved: { signature: $("use-saved-signature").checked, seal: $("use-saved-seal").checked },
  };
  const byToken = document.querySelector('input[name="key-kind"]:checked').value === "token";
  const secret = byToken ? $("token-pin") : $("p12-password");
  try {
    let r;
    if (byToken) {
      const module = $("token-module").value.trim();
      if (!module) return showError("Hãy ghi đường dẫn thư viện PKCS#11 của thiết bị ký số.");
      const slot = $("token-slot").value.trim();
      r = await call("report_sign_token", { reportId: currentReport.id, module, slot: slot ? Number(slot) : null, pin: secret.value, images });
    } else {
      const p12 = await readFile($("p12-file"));
      if (!p12) return showError("Hãy chọn tệp chứng thư số (.p12, .pfx).");
      r = await call("report_sign", { reportId: currentReport.id, p12: p12.bytes, password: secret.value, images });
    }
    secret.value = "";
    showReport(r.view);
    notice(["Đã ký số báo cáo; số liệu của kỳ đã được khóa.", ...r.warnings].join(" "));
  } catch (e) {
    // Never retried on its own: the officer types it again.
    secret.select();
  }
});

$("token-list").addEventListener("click", async () => {
  const module = $("token-module").value.trim();
  if (!module) return showError("Hãy ghi đường dẫn thư viện PKCS#11 của thiết bị ký số.");
  const tokens = await call("token_list", { module });
  $("token-info").textContent = tokens.length
    ? tokens.map((t) => `khe ${t.slot}: ${t.label} — ${t.certificates.map((c) => `${c.name} (đến ${dateVi(c.not_after)})`).join(", ") || "không có chứng thư"}`).join("; ")
    : "Không thấy thiết bị nào: hãy cắm USB ký số.";
});

$("report-export").addEventListener("click", async () => {
  if (!currentReport) return showError("Chưa có báo cáo để xuất.");
  const path = await call("report_export", { reportId: currentReport.id });
  notice(`Đã xuất tệp: ${path}`);
});

$("report-save-as").addEventListener("click", async () => {
  if (!currentReport) return showError("Chưa có báo cáo để xuất.");
  const suggested = await call("report_save_suggestion", { reportId: currentReport.id });
  const chosen = await chooseSaveFile("Lưu tệp báo cáo đã ký", suggested, { name: "Tệp PDF", extensions: ["pdf"] });
  if (!chosen) return;
  const path = await call("report_export_as", { reportId: currentReport.id, path: chosen });
  notice(`Đã xuất tệp: ${path}`);
});

// ---------- Tổng hợp ----------
async function showMatrix() {
  const m = await call("completeness_matrix", { planId: currentPlan.id });
  const table = $("completeness-matrix");
  table.tHead.rows[0].replaceChildren(el("th", {}, "Đơn vị"), ...m.periods.map((p) => el("th", { title: p.label }, p.period)));
  table.tBodies[0].replaceChildren(...m.rows.map((r) => el("tr", { "data-unit": r.unit },
    el("td", {}, r.unit),
    ...r.cells.map((c) => c ? el("td", { class: c.state }, c.state_label) : el("td", { class: "none" }, "—")))));
}

loaders.consolidate = async () => {
  if (!currentPlan) return;
  await showMatrix();
  if (!period()) return;
  const c = await call("completeness", { planId: currentPlan.id, period: period() });
  $("completeness-title").textContent = `Tình hình gửi báo cáo kỳ ${c.period}: ${c.reported}/${c.expected} đơn vị (${c.on_time} đúng hạn)`;
  $("completeness").tBodies[0].replaceChildren(...c.rows.map((r) => el("tr", { class: r.state, "data-unit": r.unit },
    el("td", {}, r.unit), el("td", {}, r.state_label), el("td", {}, dateVi(r.due)),
    el("td", {}, dateVi(r.received_on)), el("td", {}, r.version ? String(r.version) : ""))));
  const k = await call("consolidate", { planId: currentPlan.id, period: period() });
  $("figures").tBodies[0].replaceChildren(...k.values.map((v) => {
    const rule = v.indicator.aggregation.rule;
    const figure = rule === "ratio" ? `${numVi(v.value)}% (${numVi(v.numerator)} / ${numVi(v.denominator)})`
      : rule === "yes_no" ? `${numVi(v.numerator)} / ${numVi(v.denominator)} đơn vị có`
      : rule === "text" ? (v.text || "—") : numVi(v.value);
    const sources = el("ul", { class: "plain" }, ...v.sources.map((s) => el("li", {},
      `${s.unit}: ${rule === "ratio" ? `${numVi(s.numerator)} / ${numVi(s.denominator)}` : rule === "text" ? (s.text || "") : numVi(s.value)}${s.submission ? "" : " (số liệu của đơn vị)"}`)));
    return el("tr", { "data-indicator": v.indicator.id }, el("td", {}, v.indicator.name), el("td", { class: "figure" }, figure), el("td", {}, sources));
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
    const picked = { name: f.name, bytes: Array.from(new Uint8Array(await f.arrayBuffer())) };
    try {
      const [r] = await invoke("import_reports", { files: [picked], addUnits: $("add-units").checked });
      const li = el("li", { class: r.outcome.outcome }, `${r.file}: ${r.message}`);
      if (r.outcome.outcome === "same_name") li.append(" ", linkButton(li, picked, r.outcome.existing));
      $("import-outcomes").append(li);
    } catch (e) {
      $("import-outcomes").append(el("li", { class: "refused" }, `${f.name}: ${e.message || e}`));
    }
    bar.value += 1;
  }
  bar.hidden = true;
  await loaders.consolidate();
});

// A sender refused for a name already in the list: a person may say it is
// the same unit (the unit typed in by hand takes the sender's id).
function linkButton(li, picked, existing) {
  const button = el("button", { type: "button", class: "assign" }, "Đúng là đơn vị này: gắn và nhận tệp");
  button.addEventListener("click", async () => {
    const r = await call("link_sender_and_import", { file: picked, existing }).catch(() => null);
    if (!r) return;
    li.replaceChildren(`${r.file}: ${r.message}`);
    li.className = r.outcome.outcome;
    await loaders.consolidate();
  });
  return button;
}

// ---------- Đơn vị & cài đặt ----------
loaders.settings = async () => {
  $("settings-unit").textContent = status && status.my_unit
    ? `Đơn vị của tôi: ${status.my_unit.name}. Cơ sở dữ liệu: ${status.db_path}. Thư mục xuất tệp: ${status.export_dir}.` : "";
  const settings = await call("settings_list");
  $("settings-form").replaceChildren(...settings.map((s) => {
    const area = el("textarea", { rows: s.value.includes("\n") ? 3 : 1, value: s.value, "data-key": s.key });
    area.addEventListener("change", async () => {
      try {
        await invoke("setting_set", { key: s.key, value: area.value });
        notice(`Đã lưu: ${s.about}.`);
      } catch (e) { showError(e); }
    });
    return el("label", { class: "setting" }, el("span", {}, s.about), area);
  }));
  const u = await call("units");
  $("officer-name").value = u.officer;
  const flat = [];
  const walk = (nodes, depth) => nodes.forEach((n) => { flat.push([n.unit, depth]); walk(n.children, depth + 1); });
  walk(u.tree, 0);
  const item = (n) => el("li", { class: n.unit.valid_to ? "ended" : "", "data-unit": n.unit.name },
    `${n.unit.name}${n.unit.valid_to ? ` (thôi hoạt động từ sau ${dateVi(n.unit.valid_to)})` : ""}`,
    ...(n.children.length ? [el("ul", {}, ...n.children.map(item))] : []));
  $("unit-tree").replaceChildren(...u.tree.map(item));
  $("unit-kind").replaceChildren(...u.kinds.map((k) => el("option", { value: k.code }, k.label)));
  for (const select of document.querySelectorAll(".unit-choice")) {
    const none = select.id === "unit-target" ? [] : [el("option", { value: "" }, "— không —")];
    select.replaceChildren(...none, ...flat.filter(([x]) => !x.valid_to).map(([x, d]) => el("option", { value: x.id }, `${"  ".repeat(d)}${x.name}`)));
  }
  await showSigners();
  const kept = await call("signer_images");
  $("kept-images").textContent = `Đã lưu: ${[kept.signature && "ảnh chữ ký", kept.seal && "ảnh con dấu"].filter(Boolean).join(", ") || "chưa có ảnh nào"}.`;
  const trusted = await call("trust_list");
  const trustItem = (t) => {
    const remove = el("button", { type: "button", class: "assign" }, "Bỏ tin cậy");
    remove.addEventListener("click", async () => {
      if (!(await window.confirm(`Bỏ tin cậy “${t.name}”? Tệp đã nhận giữ nguyên kết quả kiểm tra; tệp ký bằng chứng thư do nơi này cấp sẽ không được nhận nữa.`))) return;
      const gone = await call("trust_remove", { fingerprint: t.fingerprint });
      notice(`Đã bỏ tin cậy “${gone.name}”.`);
      await loaders.settings();
    });
    return el("li", { "data-fingerprint": t.fingerprint }, `${t.name} — hiệu lực đến ${dateVi(t.not_after)}`, remove);
  };
  $("trust-list").replaceChildren(...(trusted.length ? trusted.map(trustItem)
    : [el("li", { class: "muted" }, "Chưa có chứng thư nào được tin cậy.")]));
};

$("trust-add").addEventListener("click", async () => {
  const file = await readFile($("trust-file"));
  if (!file) return showError("Hãy chọn tệp chứng thư (.crt, .pem, .cer).");
  const added = await call("trust_add", { file });
  notice(added.length ? `Đã thêm ${added.map((t) => t.name).join(", ")} vào danh sách tin cậy.` : "Chứng thư này đã có trong danh sách.");
  await loaders.settings();
});

$("keep-images").addEventListener("click", async () => {
  const warnings = [];
  for (const [id, kind] of [["keep-signature", "signature"], ["keep-seal", "seal"]]) {
    const file = await readFile($(id));
    if (file) warnings.push(...(await call("signer_image_set", { kind, file })));
  }
  notice(["Đã lưu ảnh.", ...warnings].join(" "));
  await loaders.settings();
});

async function showSigners() {
  const signers = await call("signers");
  $("signer-list").replaceChildren(...signers.others.map((o) => {
    const remove = el("button", { type: "button", class: "assign" }, "Bỏ");
    remove.addEventListener("click", async () => {
      await call("signer_remove", { signerId: o.id });
      notice(`Đã bỏ người ký ${o.signer.name}; các báo cáo đã ký vẫn giữ tên người ký.`);
      await showSigners();
    });
    return el("li", { "data-signer": o.signer.name },
      `${signerText(o.signer)}${o.has_signature ? " — có ảnh chữ ký" : " — chưa có ảnh chữ ký"}`, remove);
  }));
}

$("signer-add").addEventListener("click", async () => {
  const signature = await readFile($("signer-signature"));
  const warnings = await call("signer_add", { name: $("signer-name").value, authority: $("signer-authority").value, signature })
    .catch(() => null);
  if (!warnings) return;
  notice([`Đã thêm người ký ${$("signer-name").value.trim()}.`, ...warnings].join(" "));
  $("signer-name").value = "";
  $("signer-authority").value = "";
  await showSigners();
});

$("officer-name").addEventListener("change", async () => {
  await call("officer_set", { name: $("officer-name").value });
  notice("Đã lưu họ tên cán bộ.");
});

$("unit-add").addEventListener("click", async () => {
  const name = $("unit-name").value.trim();
  if (!name) return showError("Hãy ghi tên đơn vị.");
  const unit = await call("unit_add", { name, kind: $("unit-kind").value, reportsTo: $("unit-parent").value || null });
  $("unit-name").value = "";
  notice(`Đã thêm đơn vị “${unit.name}”.`);
  await loaders.settings();
});

$("unit-move").addEventListener("click", async () => {
  const unit = await call("unit_move", { unitId: $("unit-target").value, reportsTo: $("unit-move-to").value || null });
  notice(`Đã chuyển “${unit.name}”.`);
  await loaders.settings();
});

for (const [id, merge] of [["unit-merge", true], ["unit-dissolve", false]]) {
  $(id).addEventListener("click", async () => {
    const into = $("unit-merge-into").value;
    if (merge && !into) return showError("Hãy chọn đơn vị nhận sáp nhập.");
    const unit = await call("unit_end", { unitId: $("unit-target").value, lastDay: $("unit-last-day").value, mergedInto: merge ? into : null });
    notice(`“${unit.name}” ${merge ? "đã sáp nhập" : "đã giải thể"}; lịch sử báo cáo được giữ.`);
    await loaders.settings();
  });
}

$("backup-now").addEventListener("click", async () => {
  const path = await call("backup_now", { path: null });
  notice(`Đã sao lưu vào ${path}`);
});

$("backup-as").addEventListener("click", async () => {
  const suggested = await call("backup_suggestion");
  const chosen = await chooseSaveFile("Sao lưu cơ sở dữ liệu", suggested, { name: "Cơ sở dữ liệu kehoach", extensions: ["sqlite"] });
  if (!chosen) return;
  const path = await call("backup_now", { path: chosen });
  notice(`Đã sao lưu vào ${path}`);
});

$("restore-run").addEventListener("click", async () => {
  const file = await readFile($("restore-file"));
  if (!file) return showError("Hãy chọn tệp sao lưu (.sqlite).");
  const aside = await call("restore_backup", { file });
  notice(`Đã phục hồi. Dữ liệu trước khi phục hồi được giữ ở ${aside}.`);
  currentPlan = null;
  await loadPlans();
});

// ---------- first run ----------
function showSetup() {
  document.body.dataset.firstRun = "true";
  $("setup-where").textContent = `Chưa có cơ sở dữ liệu. Phần mềm sẽ tạo tệp ${status.db_path}.`;
  $("setup-kind").replaceChildren(...status.unit_kinds.map((k) => el("option", { value: k.code }, k.label)));
  $("setup-kind").value = "xa";
  for (const t of document.querySelectorAll(".tab")) t.hidden = t.id !== "tab-setup";
  $("setup-name").focus();
}

async function leaveSetup(cmd, args) {
  clearMessages();
  await call(cmd, args);
  delete document.body.dataset.firstRun;
  await start();
  notice(`Đã tạo cơ sở dữ liệu cho ${status.my_unit.name}.`);
}

$("setup-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  await leaveSetup("setup_create", { name: $("setup-name").value, kind: $("setup-kind").value, officer: $("setup-officer").value })
    .catch(() => {});
});
$("setup-demo").addEventListener("click", () => leaveSetup("setup_demo").catch(() => {}));

// ---------- start ----------
vietnameseFileFields();
for (const [box, list, item] of [
  ["indicator-search", "indicator-list", "li"], ["unit-search", "unit-tree", "li"], ["trust-search", "trust-list", "li"],
  ["completeness-search", "completeness", "tbody tr"], ["matrix-search", "completeness-matrix", "tbody tr"],
  ["figures-search", "figures", "tbody tr"],
]) {
  const target = $(list);
  listSearch($(box), item.startsWith("tbody") ? target.tBodies[0] : target, item.replace("tbody ", ""));
}

async function start() {
  try {
    status = await invoke("app_status");
    if (status.first_run) {
      showSetup();
      return;
    }
    $("my-unit").textContent = status.my_unit ? `Đơn vị: ${status.my_unit.name}` : "";
    await loadPlans();
    if (currentPlan) await loadPeriods();
    // A tab chosen while the window was starting stays chosen (drawn again
    // now that the data are there); else the overview.
    const first = document.body.dataset.tab || "overview";
    showTab(first);
    if (loaders[first] && loaders[first].pending) await loaders[first].pending;
  } catch (e) {
    showError(e);
  }
  invoke("ui_ready").catch(() => {});
}
start();
