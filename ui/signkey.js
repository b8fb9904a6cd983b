// Choosing the key to sign with: a .p12 file and its password, or a USB
// token chosen by its holder's name among the certificates the core finds
// on the tokens plugged in (a PKCS#11 library typed by hand stays as the
// fallback). The same fields for a report and for a plan file; a secret is
// used once and cleared by the caller.
import { $, el, call, readFile, showError } from "./common.js";

// Draws the fields into `box`, their ids starting with `prefix`.
export function keyFields(box, prefix) {
  const id = (name) => `${prefix}${name}`;
  const radio = (value, checked) => el("input", { type: "radio", name: id("key-kind"), value, checked });
  const keys = el("select", { id: id("token-key"), "aria-label": "Chứng thư trên thiết bị ký số" },
    el("option", { value: "" }, "— chưa tìm thiết bị —"));
  const scan = el("button", { id: id("token-scan"), type: "button", class: "secondary" }, "Tìm thiết bị ký số");
  const found = el("span", { id: id("token-found"), class: "hint" });
  const tokenRadio = radio("token", false);
  box.prepend(
    el("label", {}, el("span", {}, radio("p12", true), " Tệp chứng thư số (.p12, .pfx)"), " ",
      el("input", { id: id("p12-file"), type: "file", accept: ".p12,.pfx" })),
    el("label", {}, "Mật khẩu của tệp ", el("input", { id: id("p12-password"), type: "password", autocomplete: "off" })),
    el("label", {}, el("span", {}, tokenRadio, " Thiết bị ký số (USB token): người ký"), " ", keys),
    el("div", {}, scan, " ", found),
    el("label", {}, "Mã PIN ", el("input", { id: id("token-pin"), type: "password", autocomplete: "off" })),
    el("details", { id: id("token-other") },
      el("summary", {}, "Thiết bị không có trong danh sách: chọn thư viện PKCS#11 của nhà cung cấp"),
      el("label", {}, "Thư viện PKCS#11 ", el("input", { id: id("token-module"), placeholder: "libxxx-pkcs11.so hoặc .dll" })),
      el("label", {}, "Khe (khi cắm nhiều thiết bị) ", el("input", { id: id("token-slot"), size: 4 }))),
  );
  let found_keys = [];
  const run = async () => {
    found.textContent = "Đang tìm…";
    const r = await call("token_scan").catch(() => null);
    if (!r) { found.textContent = ""; return; }
    found_keys = r.keys;
    keys.replaceChildren(
      el("option", { value: "" }, r.keys.length ? "— chọn người ký —" : "— không thấy chứng thư nào —"),
      ...r.keys.map((k, i) => el("option", { value: String(i) }, k.choice)));
    if (r.keys.length === 1) keys.value = "0";
    found.textContent = r.keys.length
      ? `Thấy ${r.keys.length} chứng thư ký số.`
      : r.modules.length
        ? "Không thấy chứng thư nào: hãy cắm USB ký số rồi bấm “Tìm thiết bị ký số” lần nữa."
        : "Máy chưa cài phần mềm của thiết bị ký số: hãy cài phần mềm đi kèm USB ký số (của nhà cung cấp chứng thư).";
    keys.dispatchEvent(new Event("change"));
  };
  keys.addEventListener("change", () => {
    const k = found_keys[Number(keys.value)];
    if (keys.value === "" || !k) return;
    tokenRadio.checked = true;
    $(id("token-module")).value = k.module;
    $(id("token-slot")).value = String(k.slot);
  });
  scan.addEventListener("click", () => { tokenRadio.checked = true; run(); });
  // Choosing the token looks for the keys once, as the officer expects.
  tokenRadio.addEventListener("change", () => { if (!found_keys.length) run(); });
}

// The key chosen in the fields of `prefix`, as the sign commands take it:
// { secret (the field, to clear or select), args ({p12, password} or
// {module, slot, pin}), byToken }; null (the reason shown) when incomplete.
export async function chosenKey(prefix) {
  const id = (name) => $(`${prefix}${name}`);
  const byToken = document.querySelector(`input[name="${prefix}key-kind"]:checked`).value === "token";
  if (byToken) {
    const module = id("token-module").value.trim();
    if (!module) {
      showError("Hãy chọn người ký trong danh sách chứng thư trên thiết bị (bấm “Tìm thiết bị ký số”).");
      return null;
    }
    const slot = id("token-slot").value.trim();
    const secret = id("token-pin");
    return { byToken, secret, args: { module, slot: slot ? Number(slot) : null, pin: secret.value } };
  }
  const p12 = await readFile(id("p12-file"));
  if (!p12) {
    showError("Hãy chọn tệp chứng thư số (.p12, .pfx).");
    return null;
  }
  const secret = id("p12-password");
  return { byToken, secret, args: { p12: p12.bytes, password: secret.value } };
}
