// Choosing the key to sign with: a .p12 file and its password, or a USB
// token (its PKCS#11 library, PIN and slot). The same fields for a report
// and for a plan file; a secret is used once and cleared by the caller.
import { $, el, readFile, showError } from "./common.js";

// Draws the fields into `box`, their ids starting with `prefix`.
export function keyFields(box, prefix) {
  const id = (name) => `${prefix}${name}`;
  const radio = (value, checked) => el("input", { type: "radio", name: id("key-kind"), value, checked });
  box.prepend(
    el("label", {}, el("span", {}, radio("p12", true), " Tệp chứng thư số (.p12, .pfx)"), " ",
      el("input", { id: id("p12-file"), type: "file", accept: ".p12,.pfx" })),
    el("label", {}, "Mật khẩu của tệp ", el("input", { id: id("p12-password"), type: "password", autocomplete: "off" })),
    el("label", {}, el("span", {}, radio("token", false), " Thiết bị ký số (USB token): thư viện PKCS#11"),
      el("input", { id: id("token-module"), placeholder: "/usr/lib/…/libpkcs11.so" })),
    el("label", {}, "Mã PIN ", el("input", { id: id("token-pin"), type: "password", autocomplete: "off" })),
    el("label", {}, "Khe (khi cắm nhiều thiết bị) ", el("input", { id: id("token-slot"), size: 4 })),
  );
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
      showError("Hãy ghi đường dẫn thư viện PKCS#11 của thiết bị ký số.");
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
