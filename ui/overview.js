// Tổng quan: the plan's periods and due dates, overdue tasks and tasks
// without progress, indicator achievement, submissions received.
import { $, el, call, period, periodLabel } from "./common.js";
import { app, loaders, loadPeriods, nextSteps } from "./shell.js";

loaders.overview = async () => {
  if (!app.plan) {
    $("overview-title").textContent = "Chưa có kế hoạch nào: hãy nạp kế hoạch (màn hình Kế hoạch).";
    return;
  }
  const d = await loadPeriods();
  $("overview-title").textContent = `Tổng quan — Kế hoạch số ${d.plan.doc_number}`;
  $("overview-periods").replaceChildren(...d.periods.map((p) => el("div", { class: `card ${p.reported ? "done" : (p.days_left !== null && p.days_left < 0 ? "late" : "")}` },
    el("strong", {}, p.label),
    el("span", {}, p.due_label))));
  $("overview-steps").replaceChildren(nextSteps(d.next_steps));
  // Nothing assigned is said as such, not as "none late".
  const none = d.leads + d.partners === 0
    ? "Đơn vị chưa được giao nhiệm vụ nào trong kế hoạch này (xem Việc cần làm)."
    : "Không có.";
  const list = (items) => items.length ? items.map((t) => el("li", {}, `${t.code} ${t.title}`)) : [el("li", { class: "muted" }, none)];
  $("overview-overdue").replaceChildren(...list(d.overdue_tasks));
  $("overview-missing").replaceChildren(...list(d.tasks_without_progress.slice(0, 12)),
    ...(d.tasks_without_progress.length > 12 ? [el("li", { class: "muted" }, `… và ${d.tasks_without_progress.length - 12} nhiệm vụ khác`)] : []));
  $("overview-indicators").replaceChildren(...d.indicators.map((v) => {
    const pct = v.achievement === null ? 0 : Math.min(v.achievement, 100);
    return el("div", { class: "bar-row" },
      el("span", { class: "bar-name" }, v.indicator.name),
      el("span", { class: "bar" }, el("span", { class: "bar-fill", style: `width:${pct}%` })),
      el("span", { class: "bar-value" }, v.standing_label));
  }));
  if (period()) {
    const c = await call("completeness", { planId: app.plan.id, period: period() });
    $("overview-submissions").textContent = c.expected
      ? `Kỳ ${periodLabel(c.period)}: ${c.reported}/${c.expected} đơn vị đã gửi báo cáo đã ký (${c.on_time} đúng hạn).`
      : "Không có đơn vị trực thuộc.";
  }
};
