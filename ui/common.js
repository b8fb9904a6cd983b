// What every screen of the window uses: calling the core, building
// elements, showing messages, writing dates and numbers the Vietnamese way.
export const invoke = window.__TAURI__.core.invoke;

export const $ = (id) => document.getElementById(id);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("data-") || k.startsWith("aria-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

// The last place the officer acted on (a button, a file field, a drop
// zone): a message is shown next to it, not at the top of a long screen.
let lastAction = null;
const markAction = (e) => {
  const t = e.target instanceof Element ? e.target.closest("button, input, select, label, .drop") : null;
  if (t && !t.closest(".tabs, .toolbar, #help, .row-msg")) lastAction = t;
};
document.addEventListener("click", markAction, true);
document.addEventListener("drop", markAction, true);
document.addEventListener("change", markAction, true);

// Puts a message box after the group of the last action when that is on
// show, else back under the toolbar. Lists, trees and tables are drawn
// again after a save: a message beside a row would go with it, so those
// keep theirs in the row (or under the toolbar).
function place(box) {
  const home = $("messages-home");
  const group = lastAction && lastAction.isConnected && !lastAction.closest("li, tr, table, .edit-form, .assign-form")
    ? lastAction.closest(".actions, .inline-form, fieldset, .drop")
    : null;
  if (group && group.getClientRects().length && !group.closest("[hidden]")) {
    box.classList.add("near");
    group.after(box);
  } else {
    box.classList.remove("near");
    home.after(box);
  }
}

export function showError(err) {
  const box = $("error");
  box.textContent = (err && err.message) || String(err);
  place(box);
  box.hidden = false;
  $("notice").hidden = true;
  if (box.classList.contains("near")) box.scrollIntoView({ block: "nearest" });
}

export function notice(text) {
  $("error").hidden = true;
  const box = $("notice");
  box.textContent = text;
  place(box);
  box.hidden = false;
  if (box.classList.contains("near")) box.scrollIntoView({ block: "nearest" });
}

export function clearMessages() {
  $("error").hidden = true;
  $("notice").hidden = true;
}

// Runs a command; its error is shown in the window, never lost.
export async function call(cmd, args = {}) {
  try {
    return await invoke(cmd, args);
  } catch (e) {
    showError(e);
    throw e;
  }
}

export async function readFile(input) {
  const file = input.files && input.files[0];
  if (!file) return null;
  return { name: file.name, bytes: Array.from(new Uint8Array(await file.arrayBuffer())) };
}

// The units in force of a unit tree (as the `units` command gives it), in
// the tree's order, each with its depth: what a unit can be chosen among.
export function activeUnits(tree) {
  const flat = [];
  const walk = (nodes, depth) => nodes.forEach((n) => {
    if (!n.unit.valid_to) flat.push([n.unit, depth]);
    walk(n.children, depth + 1);
  });
  walk(tree, 0);
  return flat;
}

// Sends a picked File to a command as raw bytes (not JSON), its name in a
// header, with `headers` besides: for files that may be large. Errors are
// the caller's to show.
export async function sendFile(cmd, file, headers = {}) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return invoke(cmd, bytes, { headers: { "x-file-name": encodeURIComponent(file.name), ...headers } });
}

export function period() {
  return $("period").value;
}

// How the period chosen reads ("6 tháng đầu năm 2026"); `code` when it
// is another period.
export function periodLabel(code = period()) {
  const o = $("period").selectedOptions[0];
  return o && o.value === code && o.dataset.label ? o.dataset.label : code;
}

// The system's save dialog (the dialog plugin), opened at `defaultPath`.
// Resolves to the chosen path, or null when the officer cancels.
export async function chooseSaveFile(title, defaultPath, filter) {
  return call("plugin:dialog|save", { options: { title, defaultPath, filters: [filter] } });
}

// File fields speak Vietnamese: WebKit's own button says "Choose File".
// The native field stays (keyboard, drag and drop) but is drawn hidden
// behind a Vietnamese button and the chosen names.
export function vietnameseFileFields(root = document) {
  for (const input of root.querySelectorAll('input[type="file"]:not(.vi-file)')) {
    input.classList.add("vi-file");
    const names = el("span", { class: "file-names" }, "chưa chọn tệp");
    const label = input.webkitdirectory ? "Chọn thư mục…" : input.multiple ? "Chọn các tệp…" : "Chọn tệp…";
    const button = el("span", { class: "file-button", "aria-hidden": "true" }, label);
    const box = el("span", { class: "file-field" });
    input.replaceWith(box);
    box.append(button, input, names);
    // Inside a <label> the click already reaches the field.
    button.addEventListener("click", () => { if (!box.closest("label")) input.click(); });
    input.addEventListener("change", () => {
      const n = input.files ? input.files.length : 0;
      names.textContent = n === 0 ? "chưa chọn tệp" : n === 1 ? input.files[0].name : `${n} tệp`;
    });
  }
}

// A search box over a list drawn in `container`: the core says which items
// match (diacritics ignored); an item stays when it or one of the items
// inside it matches, so a tree keeps the path to what was found.
export function listSearch(input, container, itemSelector) {
  let timer = null;
  const run = async () => {
    const items = Array.from(container.querySelectorAll(itemSelector));
    const own = (item) => {
      const copy = item.cloneNode(true);
      // Buttons and open forms are not what an item says.
      for (const inner of copy.querySelectorAll(`${itemSelector}, button, .edit-form, .assign-form`)) inner.remove();
      return copy.textContent;
    };
    const keep = await call("search_filter", { texts: items.map(own), query: input.value });
    const shown = new Set();
    items.forEach((item, i) => {
      if (!keep[i]) return;
      for (let x = item; x && x !== container; x = x.parentElement) if (x.matches(itemSelector)) shown.add(x);
    });
    for (const item of items) item.hidden = !shown.has(item);
  };
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => run().catch(() => {}), 150); });
  // Lists are drawn again after changes: the search applies to the new one.
  new MutationObserver(() => { if (input.value.trim()) { clearTimeout(timer); timer = setTimeout(() => run().catch(() => {}), 50); } })
    .observe(container, { childList: true });
}
