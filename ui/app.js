// The window: shows what the core returns. No business rule here: every
// list, search and order comes from a command of the core.
const invoke = window.__TAURI__.core.invoke;

const $ = (id) => document.getElementById(id);
let currentPlan = null;
let searchTimer = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c);
  return node;
}

function showError(err) {
  const box = $("error");
  box.textContent = (err && err.message) || String(err);
  box.hidden = false;
}

function unitNames(units, max = 4) {
  const names = units.map((u) => u.short_name);
  if (names.length <= max) return names.join("; ");
  return `${names.slice(0, max).join("; ")} và ${names.length - max} đơn vị khác`;
}

function dateVi(iso) {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

function taskItem(node) {
  const t = node.task;
  const li = el("li", { class: "task", "data-code": t.code },
    el("span", { class: "task-code" }, t.code),
    el("span", { class: "task-title", title: t.content || t.title }, t.title));
  // Groups ("UBND các huyện, thành phố") are shown as the plan wrote them.
  const groups = (role) => (t.unit_groups || []).filter((g) => g.role === role).map((g) => `[${g.label}]`);
  const describe = (units, role) => [unitNames(units), ...groups(role)].filter(Boolean).join("; ");
  const parts = [];
  const leads = describe(node.leads, "lead");
  const partners = describe(node.partners, "partner");
  if (leads) parts.push(`Chủ trì: ${leads}`);
  if (partners) parts.push(`Phối hợp: ${partners}`);
  if (parts.length) li.append(el("span", { class: "task-units" }, parts.join(" · ")));
  if (node.children && node.children.length) {
    li.append(el("ul", {}, ...node.children.map(taskItem)));
  }
  return li;
}

function countTasks(nodes) {
  return nodes.reduce((n, x) => n + 1 + countTasks(x.children || []), 0);
}

async function showTasks() {
  const query = $("search").value.trim();
  try {
    const nodes = query
      ? await invoke("search_tasks", { planId: currentPlan.id, query })
      : await invoke("task_tree", { planId: currentPlan.id });
    $("task-tree").replaceChildren(...nodes.map(taskItem));
    const n = countTasks(nodes);
    $("task-count").textContent = query ? `Tìm thấy ${n} nhiệm vụ.` : `${n} nhiệm vụ.`;
  } catch (e) {
    showError(e);
  }
}

function selectPlan(plan, button) {
  currentPlan = plan;
  for (const b of document.querySelectorAll("#plan-list button")) b.removeAttribute("aria-current");
  button.setAttribute("aria-current", "true");
  $("plan-title").textContent = `Kế hoạch số ${plan.doc_number}`;
  $("plan-meta").textContent =
    `${plan.issuer}, ngày ${dateVi(plan.issued_on)} — ${plan.title} (${plan.start_year}-${plan.end_year})`;
  $("search").disabled = false;
  showTasks();
}

async function start() {
  try {
    const status = await invoke("app_status");
    $("my-unit").textContent = status.my_unit ? `Đơn vị: ${status.my_unit.name}` : "";
    const plans = await invoke("list_plans");
    const items = plans.map((p) => {
      const button = el("button", { type: "button", "data-id": p.id },
        el("span", { class: "plan-number" }, p.doc_number),
        el("span", { class: "plan-sub" }, `${p.title}`),
        el("span", { class: "plan-sub" }, `${p.task_count} nhiệm vụ · ${p.indicator_count} chỉ tiêu`));
      button.addEventListener("click", () => selectPlan(p, button));
      return el("li", { class: "plan-item" }, button);
    });
    $("plan-list").replaceChildren(...items);
    if (!plans.length) $("plan-list").append(el("li", {}, "Chưa có kế hoạch nào."));
    else items[0].querySelector("button").click();
  } catch (e) {
    showError(e);
  }
}

$("search").addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(showTasks, 150);
});
start();
