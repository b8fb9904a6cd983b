// The report's PDF drawn page by page in the window (pdf.js, bundled in
// ui/vendor), and printed from there. The PDF comes from the core: what is
// shown is the file that is signed and sent, not an HTML imitation.
import { el, call, showError } from "./common.js";

let pdfjs = null;

async function library() {
  if (!pdfjs) {
    pdfjs = await import("./vendor/pdfjs/pdf.min.js");
    pdfjs.GlobalWorkerOptions.workerSrc = new URL("./vendor/pdfjs/pdf.worker.min.js", import.meta.url).href;
  }
  return pdfjs;
}

// Draws every page of the report's PDF into `box`; resolves to the count.
export async function showPdf(reportId, box) {
  box.replaceChildren(el("p", { class: "hint" }, "Đang dựng bản PDF…"));
  const bytes = new Uint8Array(await call("report_pdf", { reportId }));
  let doc;
  try {
    const lib = await library();
    // Fonts drawn as paths: no font loading, which the page's CSP forbids.
    doc = await lib.getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true }).promise;
  } catch (e) {
    box.replaceChildren();
    showError(`Không hiển thị được bản PDF: ${e.message || e}`);
    throw e;
  }
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    // 2× the screen's 96 dpi: sharp on screen and good enough on paper.
    const viewport = page.getViewport({ scale: 2 * 96 / 72 });
    const canvas = el("canvas", { width: Math.floor(viewport.width), height: Math.floor(viewport.height),
      "aria-label": `Trang ${n}` });
    await page.render({ canvasContext: canvas.getContext("2d"), viewport }).promise;
    pages.push(el("figure", { class: "pdf-page", "data-page": String(n) }, canvas));
  }
  box.replaceChildren(...pages);
  box.dataset.pages = String(doc.numPages);
  await doc.destroy();
  return pages.length;
}

// Page `n` of a PDF's bytes drawn `width` pixels wide: the review shows
// the page of the plan an item was read from.
export async function drawPdfPage(bytes, n, width) {
  const lib = await library();
  // pdf.js takes the buffer it is given: a copy, the caller keeps its own.
  const doc = await lib.getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true }).promise;
  try {
    const page = await doc.getPage(Math.min(Math.max(n, 1), doc.numPages));
    const viewport = page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
    const canvas = el("canvas", { width: Math.floor(viewport.width), height: Math.floor(viewport.height),
      "aria-label": `Trang ${n} của văn bản gốc` });
    await page.render({ canvasContext: canvas.getContext("2d"), viewport }).promise;
    return canvas;
  } finally {
    await doc.destroy();
  }
}

// Prints the drawn pages: the system's print dialog (the webview's own, as
// window.print() does nothing in every webview); the print stylesheet
// keeps only the pages while the report screen shows them.
export async function printPdf(reportId, box) {
  if (!box.querySelector(".pdf-page")) await showPdf(reportId, box);
  await call("print_window");
}
