// Correcting what the plan import read: a task's title and content, an
// indicator's name, unit, target, direction and rule. The core checks and
// audits every change; a refused form stays open with what was typed.
import { $, el, call, notice } from "./common.js";

// Opens (or closes) a task's correction form under `li`. `save(title,
// content)` resolves to true once the change is taken; a refused change
// leaves the form open with what was typed.
export function taskForm(li, task, save) {
  const open = li.querySelector(":scope > .edit-form");
  if (open) return open.remove();
  const title = el("input", { class: "edit-title", value: task.title, size: 60 });
  const content = el("textarea", { class: "edit-content", rows: 4, value: task.content || "" });
  const button = el("button", { type: "button", class: "edit-save" }, "Lưu sửa đổi");
  const form = el("div", { class: "edit-form" },
    el("label", {}, "Tên nhiệm vụ", title), el("label", {}, "Nội dung", content), button);
  button.addEventListener("click", async () => {
    if (await save(title.value, content.value)) form.remove();
  });
  li.insertBefore(form, li.querySelector(":scope > ul"));
  title.focus();
}

// The form under a task of the stored plan's tree.
export function taskEditForm(li, node, onSaved) {
  taskForm(li, node.task, async (title, content) => {
    const saved = await call("task_edit", { taskId: node.task.id, title, content }).catch(() => null);
    if (!saved) return false;
    notice(`Đã sửa nhiệm vụ ${node.task.code}.`);
    await onSaved();
    return true;
  });
}

// Opens (or closes, called with `li` alone) the form choosing a task's lead
// and partner units among `units` ([unit, depth] pairs, in the core's
// order). `save(leadIds, partnerIds)` resolves to true once taken.
export function unitsForm(li, units, leadIds, partnerIds, save) {
  const open = li.querySelector(":scope > .assign-form");
  if (open) return open.remove();
  const select = (chosen, cls) => el("select", { multiple: true, size: 8, class: cls },
    ...units.map(([u, d]) => el("option", { value: u.id, selected: chosen.includes(u.id) }, `${"  ".repeat(d)}${u.name}`)));
  const leads = select(leadIds, "leads");
  const partners = select(partnerIds, "partners");
  const button = el("button", { type: "button", class: "assign-save" }, "Lưu phân công");
  const form = el("div", { class: "assign-form" },
    el("label", {}, "Chủ trì", leads), el("label", {}, "Phối hợp", partners), button);
  button.addEventListener("click", async () => {
    const ids = (s) => Array.from(s.selectedOptions).map((o) => o.value);
    if (await save(ids(leads), ids(partners))) form.remove();
  });
  li.insertBefore(form, li.querySelector(":scope > ul"));
}

function ratioLabels(ind) {
  const a = ind.aggregation;
  return a.rule === "ratio" ? ` = ${a.numerator} / ${a.denominator}` : "";
}

function indicatorItem(row, rules, reload) {
  const ind = row.indicator;
  const target = row.target_label;
  const edit = el("button", { type: "button", class: "assign" }, "Sửa");
  const li = el("li", { class: "indicator", "data-id": ind.id },
    el("span", { class: "task-title" }, ind.name), edit,
    el("span", { class: "task-units" }, `${target}; ${row.direction_label}; tổng hợp: ${row.rule_label}${ratioLabels(ind)}`));
  edit.addEventListener("click", () => indicatorEditForm(li, ind, row.target_text, rules, reload));
  return li;
}

// Opens (or closes) an indicator's correction form under `li`.
// `save(values)` resolves to true once the change is taken.
export function indicatorForm(li, ind, targetText, rules, save) {
  const open = li.querySelector(":scope > .edit-form");
  if (open) return open.remove();
  const a = ind.aggregation;
  const name = el("input", { class: "ind-name", value: ind.name, size: 50 });
  const unit = el("input", { class: "ind-unit", value: ind.measure_unit, size: 8 });
  const target = el("input", { class: "ind-target", size: 10,
    value: targetText });
  const direction = el("select", { class: "ind-direction" },
    el("option", { value: "up", selected: ind.direction === "up" }, "càng cao càng tốt"),
    el("option", { value: "down", selected: ind.direction === "down" }, "càng thấp càng tốt"));
  const rule = el("select", { class: "ind-rule" },
    ...rules.map((r) => el("option", { value: r.code, selected: r.code === a.rule }, r.label)));
  const numerator = el("input", { class: "ind-numerator", value: a.numerator || "", size: 30 });
  const denominator = el("input", { class: "ind-denominator", value: a.denominator || "", size: 30 });
  const ratio = el("div", { class: "ratio-labels" },
    el("label", {}, "Tử số", numerator), el("label", {}, "Mẫu số", denominator));
  const showRatio = () => { ratio.hidden = rule.value !== "ratio"; };
  rule.addEventListener("change", showRatio);
  showRatio();
  const button = el("button", { type: "button", class: "edit-save" }, "Lưu sửa đổi");
  const form = el("div", { class: "edit-form" },
    el("label", {}, "Tên chỉ tiêu", name), el("label", {}, "Đơn vị tính", unit),
    el("label", {}, "Mục tiêu", target), el("label", {}, "Chiều", direction),
    el("label", {}, "Cách tổng hợp", rule), ratio, button);
  button.addEventListener("click", async () => {
    const aggregation = rule.value === "ratio"
      ? { rule: "ratio", numerator: numerator.value, denominator: denominator.value }
      : { rule: rule.value };
    const values = { name: name.value, measureUnit: unit.value, target: target.value,
      direction: direction.value, aggregation };
    if (await save(values)) form.remove();
  });
  li.append(form);
  name.focus();
}

function indicatorEditForm(li, ind, targetText, rules, reload) {
  indicatorForm(li, ind, targetText, rules, async (values) => {
    const saved = await call("indicator_edit", { indicatorId: ind.id, ...values }).catch(() => null);
    if (!saved) return false;
    notice(`Đã sửa chỉ tiêu “${saved.name}”.`);
    await reload();
    return true;
  });
}

// The plan's indicators under its task tree.
export async function showIndicators(planId) {
  const reload = () => showIndicators(planId);
  const { indicators, rules } = await call("plan_indicators", { planId });
  $("indicator-list").replaceChildren(...indicators.map((row) => indicatorItem(row, rules, reload)));
  if (!indicators.length) $("indicator-list").append(el("li", {}, "Kế hoạch này chưa có chỉ tiêu định lượng."));
}
