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

// The chosen plan's reporting periods in the period box; the one being
// reported is chosen if none is. Resolves to the plan's dashboard.
export async function loadPeriods() {
  if (!app.plan) return;
  const d = await call("dashboard", { planId: app.plan.id });
  $("period-list").replaceChildren(...d.periods.map((p) => el("option", { value: p.period }, p.label)));
  if (!period()) $("period").value = d.reporting || (d.periods[0] && d.periods[0].period) || "";
  return d;
}

$("period").addEventListener("change", () => {
  clearMessages();
  const current = document.body.dataset.tab;
  if (loaders[current]) loaders[current]().catch(() => {});
});
