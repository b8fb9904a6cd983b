// The window: shows what the core returns and sends what the officer types.
// No business rule here: lists, orders, checks and numbers come from the
// core's commands; messages are the core's own. This module starts the
// window (or the first-run form); each screen is its own module.
import { invoke, $, el, showError, notice, clearMessages, call, vietnameseFileFields, listSearch } from "./common.js";
import { app, loaders, showTab, loadPeriods, showMyUnit } from "./shell.js";
import { loadPlans } from "./plan.js";
import "./overview.js";
import "./entry.js";
import "./report.js";
import "./consolidate.js";
import "./settings.js";
import "./help.js";

function showSetup() {
  document.body.dataset.firstRun = "true";
  $("setup-where").textContent = "Chưa có dữ liệu trên máy này. Ghi thông tin của đơn vị để bắt đầu: dữ liệu được lưu ngay trên máy, không cần mạng.";
  $("setup-kind").replaceChildren(...app.status.unit_kinds.map((k) => el("option", { value: k.code }, k.label)));
  $("setup-kind").value = "xa";
  for (const t of document.querySelectorAll(".tab")) t.hidden = t.id !== "tab-setup";
  $("setup-name").focus();
}

async function leaveSetup(cmd, args) {
  clearMessages();
  await call(cmd, args);
  delete document.body.dataset.firstRun;
  await start();
  notice(`Đã tạo cơ sở dữ liệu cho ${app.status.my_unit.name}.`);
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
  ["figures-search", "figures", "tbody tr"], ["plan-search", "plan-list", "li"], ["review-search", "review-items", "li"],
  ["outcome-search", "import-outcomes", "li"], ["signer-search", "signer-list", "li"],
]) {
  const target = $(list);
  listSearch($(box), item.startsWith("tbody") ? target.tBodies[0] : target, item.replace("tbody ", ""));
}

async function start() {
  try {
    app.status = await invoke("app_status");
    if (app.status.first_run) {
      showSetup();
      return;
    }
    showMyUnit();
    await loadPlans();
    if (app.plan) await loadPeriods();
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
