// Đơn vị & cài đặt: my unit and the report's settings, the unit tree,
// signers and their images, trusted CAs, backup and restore.
import { $, el, invoke, call, showError, notice, readFile, chooseSaveFile, sendFile, activeUnits } from "./common.js";
import { app, loaders, loadPeriods, showMyUnit } from "./shell.js";
import { loadPlans } from "./plan.js";
import { signerText } from "./report.js";

loaders.settings = async () => {
  $("settings-unit").textContent = app.status && app.status.my_unit
    ? `Đơn vị của tôi: ${app.status.my_unit.name}. Cơ sở dữ liệu: ${app.status.db_path}. Thư mục xuất tệp: ${app.status.export_dir}.` : "";
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
  const item = (n) => el("li", { class: n.unit.valid_to ? "ended" : "", "data-unit": n.unit.name },
    `${n.unit.name}${n.ended_label ? ` (${n.ended_label})` : ""}`,
    ...(n.children.length ? [el("ul", {}, ...n.children.map(item))] : []));
  $("unit-tree").replaceChildren(...u.tree.map(item));
  $("unit-kind").replaceChildren(...u.kinds.map((k) => el("option", { value: k.code }, k.label)));
  const active = activeUnits(u.tree);
  for (const select of document.querySelectorAll(".unit-choice")) {
    const none = select.id === "unit-target" ? [] : [el("option", { value: "" }, "— không —")];
    select.replaceChildren(...none, ...active.map(([x, d]) => el("option", { value: x.id }, `${"  ".repeat(d)}${x.name}`)));
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
    return el("li", { "data-fingerprint": t.fingerprint }, `${t.name} — hiệu lực đến ${t.not_after_label}`, remove);
  };
  $("trust-list").replaceChildren(...(trusted.length ? trusted.map(trustItem)
    : [el("li", { class: "muted" }, "Chưa có chứng thư nào được tin cậy.")]));
  const unitSigners = await call("unit_signers");
  const unitSignerItem = (u) => {
    const remove = el("button", { type: "button", class: "assign" }, "Thôi ghi nhận");
    remove.addEventListener("click", async () => {
      if (!(await window.confirm(`Thôi ghi nhận “${u.name}” là người ký của “${u.unit}”? Tệp đã nhận giữ nguyên; tệp mới do người này ký sẽ không được nhận.`))) return;
      const gone = await call("unit_signer_remove", { unitId: u.unit_id, fingerprint: u.fingerprint });
      notice(`Đã thôi ghi nhận “${gone.name}” là người ký của “${gone.unit}”.`);
      await loaders.settings();
    });
    return el("li", { "data-fingerprint": u.fingerprint }, `${u.unit}: ${u.name}${u.organisation ? `, ${u.organisation}` : ""}`,
      el("span", { class: "muted" }, u.how === "officer" ? " (cán bộ ghi nhận)" : " (từ tệp đầu tiên)"), remove);
  };
  $("unit-signer-list").replaceChildren(...(unitSigners.length ? unitSigners.map(unitSignerItem)
    : [el("li", { class: "muted" }, "Chưa ghi nhận người ký nào.")]));
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
  const file = $("restore-file").files[0];
  if (!file) return showError("Hãy chọn tệp sao lưu (.sqlite).");
  const aside = await sendFile("restore_backup", file).catch((e) => { showError(e); return null; });
  if (!aside) return;
  // The restored database may be another office's, with other plans:
  // everything shown is read again.
  app.status = await call("app_status");
  showMyUnit();
  app.plan = null;
  $("period").value = "";
  await loadPlans();
  await loadPeriods();
  await loaders.settings();
  notice(`Đã phục hồi. Dữ liệu trước khi phục hồi được giữ lại thành tệp “${aside.split(/[\\/]/).pop()}” bên cạnh dữ liệu đang dùng.`);
});
