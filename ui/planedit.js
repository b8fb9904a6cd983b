// Correcting what the plan import read: a task's title and content, an
// indicator's name, unit, target, direction and rule. The core checks and
// audits every change; a refused form stays open with what was typed.
import { $, el, call, notice, numVi } from "./common.js";

// Opens (or closes) the form under a task of the tree.
export function taskEditForm(li, node, onSaved) {
  const open = li.querySelector(":scope > .edit-form");
  if (open) return open.remove();
  const title = el("input", { class: "edit-title", value: node.task.title, size: 60 });
  const content = el("textarea", { class: "edit-content", rows: 4, value: node.task.content || "" });
  const save = el("button", { type: "button", class: "edit-save" }, "Lưu sửa đổi");
  const form = el("div", { class: "edit-form" },
    el("label", {}, "Tên nhiệm vụ", title), el("label", {}, "Nội dung", content), save);
  save.addEventListener("click", async () => {
    const saved = await call("task_edit", { taskId: node.task.id, title: title.value, content: content.value })
      .catch(() => null);
    if (!saved) return;
    notice(`Đã sửa nhiệm vụ ${node.task.code}.`);
    await onSaved();
  });
  li.insertBefore(form, li.querySelector(":scope > ul"));
  title.focus();
}

function ratioLabels(ind) {
  const a = ind.aggregation;
  return a.rule === "ratio" ? ` = ${a.numerator} / ${a.denominator}` : "";
}

function indicatorItem(row, rules, reload) {
  const ind = row.indicator;
  const target = ind.target_value === null || ind.target_value === undefined
    ? "chưa ghi mục tiêu" : `mục tiêu ${numVi(ind.target_value, 3)} ${ind.measure_unit}`.trim();
  const edit = el("button", { type: "button", class: "assign" }, "Sửa");
  const li = el("li", { class: "indicator", "data-id": ind.id },
    el("span", { class: "task-title" }, ind.name), edit,
    el("span", { class: "task-units" }, `${target}; ${row.direction_label}; tổng hợp: ${row.rule_label}${ratioLabels(ind)}`));
  edit.addEventListener("click", () => indicatorForm(li, ind, rules, reload));
  return li;
}

function indicatorForm(li, ind, rules, reload) {
  const open = li.querySelector(":scope > .edit-form");
  if (open) return open.remove();
  const a = ind.aggregation;
  const name = el("input", { class: "ind-name", value: ind.name, size: 50 });
  const unit = el("input", { class: "ind-unit", value: ind.measure_unit, size: 8 });
  const target = el("input", { class: "ind-target", size: 10,
    value: ind.target_value === null || ind.target_value === undefined ? "" : numVi(ind.target_value, 6) });
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
  const save = el("button", { type: "button", class: "edit-save" }, "Lưu sửa đổi");
  save.addEventListener("click", async () => {
    const aggregation = rule.value === "ratio"
      ? { rule: "ratio", numerator: numerator.value, denominator: denominator.value }
      : { rule: rule.value };
    const saved = await call("indicator_edit", { indicatorId: ind.id, name: name.value, measureUnit: unit.value,
      target: target.value, direction: direction.value, aggregation }).catch(() => null);
    if (!saved) return;
    notice(`Đã sửa chỉ tiêu “${saved.name}”.`);
    await reload();
  });
  li.append(el("div", { class: "edit-form" },
    el("label", {}, "Tên chỉ tiêu", name), el("label", {}, "Đơn vị tính", unit),
    el("label", {}, "Mục tiêu", target), el("label", {}, "Chiều", direction),
    el("label", {}, "Cách tổng hợp", rule), ratio, save));
  name.focus();
}

// The plan's indicators under its task tree.
export async function showIndicators(planId) {
  const reload = () => showIndicators(planId);
  const { indicators, rules } = await call("plan_indicators", { planId });
  $("indicator-list").replaceChildren(...indicators.map((row) => indicatorItem(row, rules, reload)));
  if (!indicators.length) $("indicator-list").append(el("li", {}, "Kế hoạch này chưa có chỉ tiêu định lượng."));
}
