// The window's frame: which screen shows, the reporting period chosen, and
// what the screens share (the app's status, the plan chosen). Each screen
// registers its loader here; showing a screen runs it.
import { $, el, call, clearMessages, period } from "./common.js";

// app_status, and the PlanSummary chosen in the plan screen.
export const app = { status: null, plan: null };

export const loaders = {};

// The header: whose database this is.
export function showMyUnit() {
  $("my-unit").textContent = app.status && app.status.my_unit ? `Đơn vị: ${app.status.my_unit.name}` : "";
}

let loading = 0;

export function showTab(name) {
  for (const b of document.querySelectorAll(".tabs button")) {
    b.setAttribute("aria-selected", b.dataset.tab === name ? "true" : "false");
  }
  for (const t of document.querySelectorAll(".tab")) t.hidden = t.id !== `tab-${name}`;
  document.body.dataset.tab = name;
  if (loaders[name]) {
    // While a screen is being filled its parts move as lists arrive: the
    // body says so (the window tests wait for it before they click).
    loading += 1;
    document.body.dataset.loading = "true";
    loaders[name].pending = loaders[name]().catch(() => {}).finally(() => {
      loading -= 1;
      if (loading === 0) delete document.body.dataset.loading;
    });
  }
}

for (const b of document.querySelectorAll(".tabs button")) {
  b.addEventListener("click", () => { clearMessages(); showTab(b.dataset.tab); });
}

// The chosen plan's reporting periods in the period chooser, by year,
// each with its due date; the one chosen stays if the plan has it, else
// the one being reported. Resolves to the plan's dashboard.
export async function loadPeriods() {
  if (!app.plan) return;
  const [d, list] = await Promise.all([
    call("dashboard", { planId: app.plan.id }),
    call("plan_periods", { planId: app.plan.id }),
  ]);
  const keep = period();
  const groups = new Map();
  for (const p of list.periods) {
    const year = p.data_to.slice(0, 4);
    if (!groups.has(year)) groups.set(year, el("optgroup", { label: `Năm ${year}` }));
    groups.get(year).append(el("option", { value: p.period, "data-label": p.label }, p.choice));
  }
  const box = $("period");
  box.replaceChildren(...groups.values());
  const has = (v) => v && list.periods.some((p) => p.period === v);
  box.value = has(keep) ? keep
    : has(d.reporting) ? d.reporting
    : has(list.current) ? list.current
    : (d.periods[0] && has(d.periods[0].period)) ? d.periods[0].period
    : (list.periods.length ? list.periods[list.periods.length - 1].period : "");
  return d;
}

$("period").addEventListener("change", () => {
  clearMessages();
  const current = document.body.dataset.tab;
  if (loaders[current]) loaders[current]().catch(() => {});
});

// Where a step's link leads inside its screen, when not to its top.
const STEP_PLACE = { settings: "settings-form", consolidate: "due-form" };

// The "Việc cần làm" list: each step done or not, with a link to the
// screen where it is done.
export function nextSteps(steps) {
  return el("ul", { class: "plain next-steps" }, ...steps.map((s) => {
    const go = el("button", { type: "button", class: "link", "data-screen": s.screen }, s.action);
    go.addEventListener("click", async () => {
      clearMessages();
      showTab(s.screen);
      if (loaders[s.screen] && loaders[s.screen].pending) await loaders[s.screen].pending;
      const place = STEP_PLACE[s.screen] && $(STEP_PLACE[s.screen]);
      if (place) place.scrollIntoView({ block: "start" });
    });
    return el("li", { class: s.done ? "done" : "todo" },
      el("span", { class: "mark", "aria-label": s.done ? "đã xong" : "chưa xong" }, s.done ? "✓" : "•"),
      el("span", {}, s.text), " ", go);
  }));
}
