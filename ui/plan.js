// Kế hoạch: the plans, the task tree with its search, the indicators, and
// the plan file read for review (review.js).
import { $, el, call, notice, showError, chooseSaveFile, activeUnits } from "./common.js";
import { taskEditForm, showIndicators, unitsForm } from "./planedit.js";
import { planReview } from "./review.js";
import { app, loaders, loadPeriods, nextSteps } from "./shell.js";
import { keyFields, chosenKey } from "./signkey.js";

let searchTimer = null;

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
  return activeUnits((await call("units")).tree);
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
  if (!app.plan) return;
  const query = $("search").value.trim();
  const nodes = query
    ? await call("search_tasks", { planId: app.plan.id, query })
    : await call("task_tree", { planId: app.plan.id });
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
  app.plan = plan;
  for (const b of document.querySelectorAll("#plan-list button")) b.removeAttribute("aria-current");
  if (button) button.setAttribute("aria-current", "true");
  $("plan-title").textContent = `Kế hoạch số ${plan.doc_number}`;
  $("plan-meta").textContent =
    `${plan.issuer}, ngày ${plan.issued_label} — ${plan.title} (${plan.start_year}-${plan.end_year})`;
  $("search").disabled = false;
  showTasks().catch(() => {});
  showIndicators(plan.id).catch(() => {});
}

export async function loadPlans() {
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
    app.plan = null;
    return;
  }
  const keep = app.plan ? plans.findIndex((p) => p.id === app.plan.id) : -1;
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
    const d = await loadPeriods();
    // What comes next for the plan just stored, with links to each step.
    if (d) $("plan-import-result").append(el("h3", {}, "Việc cần làm"), nextSteps(d.next_steps));
  },
});
loaders.plan = async () => { if (!app.plan) await loadPlans(); };

keyFields($("plan-key"), "plan-");

// The plan file to send down: signed with a .p12 file or a token, saved
// where the officer chooses. A secret is used once and cleared.
$("plan-send-save").addEventListener("click", async () => {
  if (!app.plan) return showError("Hãy chọn kế hoạch trước.");
  const key = await chosenKey("plan-");
  if (!key) return;
  const { secret } = key;
  const suggested = await call("plan_save_suggestion", { planId: app.plan.id });
  const path = await chooseSaveFile("Lưu tệp kế hoạch đã ký", suggested, { name: "Tệp PDF", extensions: ["pdf"] });
  if (!path) return;
  const warnings = await call(key.byToken ? "plan_export_signed_token" : "plan_export_signed",
    { planId: app.plan.id, path, ...key.args }).catch(() => null);
  if (!warnings) return secret.select();
  secret.value = "";
  notice([`Đã ký và lưu tệp kế hoạch: ${path}`, ...warnings].join(" "));
});
