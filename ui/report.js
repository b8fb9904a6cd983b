// Báo cáo: draft, edit, the PDF drawn and printed, finalise, sign (a .p12
// file or a token), export.
import { $, el, invoke, call, showError, notice, readFile, period, periodLabel, chooseSaveFile, sendFile } from "./common.js";
import { showPdf, printPdf } from "./preview.js";
import { keyFields, chosenKey } from "./signkey.js";
import { app, loaders, showTab } from "./shell.js";

let currentReport = null;

function showReport(view) {
  currentReport = view ? view.report : null;
  if (!view) {
    $("report-title").textContent = `Báo cáo ${periodLabel()}`;
    $("report-status").textContent = "Chưa có báo cáo kỳ này: hãy lập dự thảo từ số liệu.";
    $("report-sections").replaceChildren();
    $("report-text").textContent = "";
    $("report-pages").replaceChildren();
    return;
  }
  const r = view.report;
  const label = view.status_label;
  $("report-title").textContent = `Báo cáo ${periodLabel(r.period)} — phiên bản ${r.version}`;
  $("report-status").textContent = `Tình trạng: ${label}${view.number_label ? `; ${view.number_label}` : ""}.`;
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

export const signerText = (x) => `${x.name} (${x.authority.join(" / ")})`;

loaders.report = async () => {
  if (!app.plan || !period()) return;
  const kept = await call("signer_images");
  const signers = await call("signers");
  $("report-signer").replaceChildren(el("option", { value: "" }, `${signerText(signers.default)} — theo thiết lập`),
    ...signers.others.map((o) => el("option", { value: o.id }, signerText(o.signer))));
  const anySignature = kept.signature || signers.others.some((o) => o.has_signature);
  $("use-saved-signature").checked = anySignature;
  $("use-saved-signature").disabled = !anySignature;
  $("use-saved-seal").disabled = !kept.seal;
  showReport(await call("report_get", { planId: app.plan.id, period: period() }));
};

$("report-draft").addEventListener("click", async () => {
  const regenerate = !!(currentReport && currentReport.status === "draft");
  let replaced = [];
  if (regenerate) {
    // Asked first, saying what will be written again; what is there now is kept.
    replaced = await call("report_redraft_replaces", { planId: app.plan.id, period: period() });
    if (replaced.length) {
      const parts = replaced.map((s) => `${s.code}. ${s.heading}`).join("; ");
      const ok = await window.confirm(`Lập lại dự thảo từ số liệu sẽ viết lại: ${parts}. Nội dung đang có của các phần này (kể cả chỗ đã sửa) được giữ lại và có thể lấy lại bằng nút “Khôi phục bản trước”. Tiếp tục?`);
      if (!ok) return;
    }
  }
  showReport(await call("report_draft", { planId: app.plan.id, period: period(), regenerate }));
  notice(replaced.length
    ? `Đã lập lại dự thảo từ số liệu: viết lại phần ${replaced.map((s) => s.code).join(", ")}. Bấm “Khôi phục bản trước” để lấy lại nội dung cũ.`
    : "Đã lập dự thảo từ số liệu.");
});

$("report-restore").addEventListener("click", async () => {
  if (!currentReport || currentReport.status !== "draft") return showError("Chỉ khôi phục được dự thảo chưa hoàn thành.");
  showReport(await call("report_restore_edits", { reportId: currentReport.id }));
  notice("Đã khôi phục dự thảo như trước lần lập lại từ số liệu gần nhất.");
});

$("consolidated-draft").addEventListener("click", async () => {
  if (!app.plan || !period()) return showError("Hãy chọn kế hoạch và kỳ báo cáo.");
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
  const key = await chosenKey("");
  if (!key) return;
  const { secret } = key;
  try {
    const r = await call(key.byToken ? "report_sign_token" : "report_sign", { reportId: currentReport.id, ...key.args, images });
    secret.value = "";
    showReport(r.view);
    notice(["Đã ký số báo cáo; số liệu của kỳ đã được khóa.", ...r.warnings].join(" "));
  } catch (e) {
    // Never retried on its own: the officer types it again.
    secret.select();
  }
});

keyFields($("report-key"), "");

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

// Word: the report saved as .docx for the leader; the edited copy taken
// back (chosen, or dropped on the Word box): each section's changes shown
// as − old line / + new line, stored only on "Lưu các phần đã sửa".
$("report-docx").addEventListener("click", async () => {
  if (!currentReport) return showError("Chưa có báo cáo để xuất.");
  const suggested = await call("report_docx_suggestion", { reportId: currentReport.id }).catch(() => null);
  if (!suggested) return;
  const path = await chooseSaveFile("Lưu báo cáo dạng Word", suggested, { name: "Văn bản Word", extensions: ["docx"] });
  if (!path) return;
  if ((await call("report_docx_save", { reportId: currentReport.id, path }).catch(() => null)) !== null) {
    notice(`Đã lưu bản Word: ${path.split(/[\\/]/).pop()}`);
  }
});

let docxFile = null;
function docxProblem(message) {
  const box = $("report-docx-problems");
  box.textContent = message || "";
  box.hidden = !message;
}
function hideDocx() {
  $("report-docx-preview").hidden = true;
  docxFile = null;
  $("report-docx-file").value = "";
  $("report-docx-file").dispatchEvent(new Event("change"));
}
async function previewDocx(file) {
  docxProblem(null);
  $("report-docx-preview").hidden = true;
  if (!currentReport) return docxProblem("Chưa có báo cáo để nhận bản Word.");
  let edit;
  try {
    edit = await sendFile("report_docx_preview", file, { "x-report": currentReport.id });
  } catch (e) {
    return docxProblem(e.message || String(e));
  }
  docxFile = file;
  $("report-docx-changes").replaceChildren(
    el("p", {}, edit.changes.length ? `Bản Word sửa ${edit.changes.length} phần (chưa lưu):` : "Bản Word không sửa nội dung các phần I–V."),
    ...edit.changes.map((c) => el("div", { class: "docx-change", "data-section": c.code },
      el("h4", {}, `${c.code}. ${c.heading}`),
      ...c.removed.map((l) => el("p", { class: "removed" }, `− ${l}`)),
      ...c.added.map((l) => el("p", { class: "added" }, `+ ${l}`)))));
  $("report-docx-ignored").textContent = edit.ignored.length
    ? `Không lấy từ bản Word (chỉ sửa được trong kehoach): ${edit.ignored.join("; ")}.` : "";
  $("report-docx-store").hidden = edit.changes.length === 0;
  $("report-docx-preview").hidden = false;
}
$("report-docx-file").addEventListener("change", () => {
  const file = $("report-docx-file").files[0];
  if (file && file !== docxFile) previewDocx(file);
});
const dropBox = $("report-word");
dropBox.addEventListener("dragover", (ev) => { ev.preventDefault(); dropBox.classList.add("drop"); });
dropBox.addEventListener("dragleave", () => dropBox.classList.remove("drop"));
dropBox.addEventListener("drop", (ev) => {
  ev.preventDefault();
  dropBox.classList.remove("drop");
  const file = ev.dataTransfer.files[0];
  if (file) previewDocx(file);
});
$("report-docx-store").addEventListener("click", async () => {
  if (!docxFile || !currentReport) return;
  let stored;
  try {
    stored = await sendFile("report_docx_import", docxFile, { "x-report": currentReport.id });
  } catch (e) {
    return docxProblem(e.message || String(e));
  }
  hideDocx();
  showReport(stored[0]);
  notice(`Đã lưu ${stored[1].changes.length} phần sửa từ bản Word.`);
});
$("report-docx-cancel").addEventListener("click", hideDocx);
