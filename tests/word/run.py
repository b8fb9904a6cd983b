"""The report as Word, both ways, checked by independent readers.

- `report docx` is read by python-docx: every section's text verbatim
  (NFC), Times New Roman at the PDF's sizes, A4 with the PDF's margins, the
  header and the signature block as borderless tables, the Phụ lục table
  with its header row repeated; a draft says DỰ THẢO, a final report not.
- LibreOffice converts it to PDF; measured by pdftotext -bbox, its text
  keeps the margins of kehoach's own PDF of the same report within 1 mm.
- A copy edited with python-docx (a sentence rewritten, a paragraph added,
  the report number changed) comes back through `report edit --from-docx`
  as exactly those two changes, the number said as not taken; a finalised
  report refuses it; what is not a report's .docx is refused.

    .venv/bin/python tests/word/run.py [--bin target/debug/kehoach]
"""

import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from html import unescape as html_unescape
import zipfile

import docx
from docx.shared import Mm

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PERIOD = "2026-H2"
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(k, *args, ok=True):
    p = subprocess.run([k, *args], capture_output=True, text=True)
    if ok and p.returncode:
        raise SystemExit(f"word setup: {args}: {p.stderr}")
    return p


def report(k, db):
    return json.loads(run(k, "--db", db, "--json", "report", "show", "--period", PERIOD).stdout)


def lines(text):
    return [l.strip() for l in text.splitlines() if l.strip()]


def body_after(paragraphs, heading, stop):
    """The paragraphs' texts after `heading` up to the next heading in `stop`."""
    texts = [p.text for p in paragraphs]
    i = texts.index(heading)
    out = []
    for t in texts[i + 1:]:
        if t in stop:
            break
        out.extend(l for l in t.split("\n") if l.strip())
    return [l.strip() for l in out]


def bbox_words(pdf):
    """(page, xMin, yMin, xMax, yMax, word) in mm from pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    out, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            x0, y0, x1, y1 = (float(v) * 25.4 / 72 for v in m.groups()[:4])
            out.append((page, x0, y0, x1, y1, unicodedata.normalize("NFC", html_unescape(m.group(5)))))
    return out


def margins(pdf):
    """Left and right edges of the text on the first page, and the top of
    its first line (the agency's name; the draft's mark sits above it)."""
    words = [w for w in bbox_words(pdf) if w[0] == 1]
    agency = [w for w in words if w[5] in ("ỦY", "UBND")][0]
    return min(w[1] for w in words), max(w[3] for w in words), agency[2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "debug", "kehoach"))
    a = ap.parse_args()
    k = os.path.abspath(a.bin)
    work = tempfile.mkdtemp(prefix="kehoach-word-")
    db = os.path.join(work, "d.sqlite")
    run(k, "demo", "--db", db)
    run(k, "--db", db, "progress", "set", "--plan", "38/KH-UBND", "--task", "III.1", "--period", PERIOD,
        "--status", "chậm tiến độ", "--reason", "Kinh phí cấp chậm.")
    run(k, "--db", db, "report", "draft", "--period", PERIOD)
    r = report(k, db)
    out = os.path.join(work, "bao-cao.docx")
    run(k, "--db", db, "report", "docx", "--period", PERIOD, "--out", out)
    d = docx.Document(out)
    paragraphs = d.paragraphs
    headings = [f"{s['code']}. {s['heading']}" for s in r["sections"]]
    check(all(h in [p.text for p in paragraphs] for h in headings), f"python-docx finds every heading ({headings})")
    for s, h in zip(r["sections"], headings):
        got = body_after(paragraphs, h, set(headings) | {"", "Phụ lục"})
        want = lines(s["text"])
        check(got == want and all(unicodedata.is_normalized("NFC", t) for t in got),
              f"section {s['code']} reads back verbatim, NFC ({len(want)} lines)")
    mark = d.sections[0].first_page_header.paragraphs[0]
    check(mark.text == "DỰ THẢO" and mark.alignment == 2 and d.sections[0].different_first_page_header_footer,
          "a draft says DỰ THẢO at the top right of page 1 (the page numbers start on page 2)")
    sec = d.sections[0]
    check((round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
          and [round(x.mm) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)]
          == [20, 20, 30, 15], "A4, margins 20 / 20 / 30 / 15 mm (the PDF's)")
    styles = zipfile.ZipFile(out).read("word/styles.xml").decode()
    body = [p for p in paragraphs if p.text in headings][0]
    check('w:ascii="Times New Roman"' in styles and body.runs[0].font.name == "Times New Roman"
          and body.runs[0].font.size.pt == 14 and body.runs[0].font.bold, "Times New Roman, 14 pt, headings bold")
    first = [p for p in paragraphs if p.text.startswith("Thực hiện Kế hoạch")][0]
    check(first.alignment == 3 and round(first.paragraph_format.first_line_indent.mm) == 10,
          "sections justified with a 1 cm first-line indent")
    header, signature, table = d.tables[0], d.tables[1], d.tables[2]
    no_borders = all('w:val="nil"' in t._tbl.xml.split("</w:tblBorders>")[0] for t in (header, signature))
    check(no_borders and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.cell(0, 1).text
          and "Số:" in header.cell(1, 0).text and r["signer"]["name"] in signature.cell(0, 1).text
          and "Nơi nhận:" in signature.cell(0, 0).text,
          "the header and the signature block are borderless two-column tables")
    check('w:val="single"' in table._tbl.xml.split("</w:tblBorders>")[0] and "<w:tblHeader/>" in table.rows[0]._tr.xml
          and [c.text for c in table.rows[0].cells][:2] == ["STT", "Chỉ tiêu"],
          "the Phụ lục table has borders and its header row repeats")
    again = os.path.join(work, "lan-2.docx")
    run(k, "--db", db, "report", "docx", "--period", PERIOD, "--out", again)
    check(open(out, "rb").read() == open(again, "rb").read(), "the same report gives the same bytes")

    # LibreOffice lays it out; its margins are the PDF's within 1 mm.
    lo = os.path.join(work, "lo")
    p = subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/lo-profile", "--headless", "--convert-to",
                        "pdf", "--outdir", lo, out], capture_output=True, text=True, timeout=180,
                       env=dict(os.environ, HOME=work))
    lo_pdf = os.path.join(lo, "bao-cao.pdf")
    ours = os.path.join(work, "bao-cao.pdf")
    run(k, "--db", db, "report", "pdf", "--period", PERIOD, "--out", ours)
    if os.path.exists(lo_pdf):
        (l1, r1, t1), (l2, r2, t2) = margins(lo_pdf), margins(ours)
        check(abs(l1 - l2) <= 1 and abs(r1 - r2) <= 1 and abs(t1 - t2) <= 1,
              f"LibreOffice's PDF of the .docx keeps the margins: left {l1:.1f} / {l2:.1f} mm, right {r1:.1f} / "
              f"{r2:.1f} mm, top {t1:.1f} / {t2:.1f} mm (Word / kehoach)")
        def placed(pdf):
            words = [w for w in bbox_words(pdf) if w[0] == 1]
            first = [w for w in words if w[5] == "Thực"][0]
            title = [w for w in words if w[5] == "BÁO"][0]
            return first[1], (title[1] + [w for w in words if w[5] == "CÁO" and abs(w[2] - title[2]) < 1][0][3]) / 2, \
                title[4] - title[2]
        (i1, c1, h1), (i2, c2, h2) = placed(lo_pdf), placed(ours)
        check(abs(i1 - i2) <= 1 and abs(c1 - c2) <= 1 and abs(h1 - h2) <= 1,
              f"the first-line indent ({i1:.1f} / {i2:.1f} mm), the title's centre ({c1:.1f} / {c2:.1f} mm) and its "
              f"size ({h1:.1f} / {h2:.1f} mm) agree within 1 mm")
        text = subprocess.run(["pdftotext", lo_pdf, "-"], capture_output=True, text=True).stdout
        check("ĐÁNH GIÁ CHUNG" in text and "Độc lập - Tự do - Hạnh phúc" in text, "LibreOffice's PDF reads as the report")
    else:
        check(False, f"LibreOffice converts the .docx ({p.stderr.strip()[-200:]})")

    # The leader's edits, made with python-docx.
    edited = os.path.join(work, "lanh-dao-sua.docx")
    d = docx.Document(out)
    ps = d.paragraphs
    iii = [s for s in r["sections"] if s["code"] == "III"][0]
    old_line = lines(iii["text"])[-1]
    target = [p for p in ps if p.text == old_line][0]
    new_line = "- Bốn xã chưa có điểm tập kết rác đạt chuẩn; kinh phí năm 2026 chưa bố trí đủ."
    for extra in target.runs[1:]:
        extra._r.getparent().remove(extra._r)
    target.runs[0].text = new_line
    v = [s for s in r["sections"] if s["code"] == "V"][0]
    last_v = [p for p in ps if p.text == lines(v["text"])[-1]][0]
    added = copy.deepcopy(last_v._p)
    last_v._p.addnext(added)
    added_line = "- Đề nghị Sở Tài chính bổ sung kinh phí phân loại rác tại nguồn."
    from docx.text.paragraph import Paragraph
    para = Paragraph(added, last_v._parent)
    for extra in para.runs[1:]:
        extra._r.getparent().remove(extra._r)
    para.runs[0].text = added_line
    number_cell = d.tables[0].cell(1, 0).paragraphs[0]
    number_cell.runs[0].text = "Số: 99/BC-UBND"
    d.save(edited)
    p = run(k, "--db", db, "report", "edit", "--period", PERIOD, "--from-docx", edited, "--dry-run")
    said = p.stdout
    check("2 phần" in said and f"− {old_line}" in said and f"+ {new_line}" in said and f"+ {added_line}" in said
          and "phần đầu" in said and report(k, db)["sections"] == r["sections"],
          f"the dry run shows exactly the two changes and the header not taken; nothing stored ({said!r})")
    p = run(k, "--db", db, "--json", "report", "edit", "--period", PERIOD, "--from-docx", edited)
    after = {s["code"]: s["text"] for s in report(k, db)["sections"]}
    before = {s["code"]: s["text"] for s in r["sections"]}
    check(after["III"] == before["III"].replace(old_line, new_line)
          and after["V"] == before["V"] + "\n" + added_line
          and all(after[c] == before[c] for c in ("I", "II", "IV"))
          and report(k, db)["number"] is None,
          "stored: section III with the sentence rewritten, V with the paragraph added, the rest byte for byte")
    p = run(k, "--db", db, "report", "edit", "--period", PERIOD, "--from-docx", edited)
    check(p.returncode == 0 and "không thay đổi" in p.stdout, "the same file again changes nothing")

    # What is not taken.
    txt = os.path.join(work, "khong-phai.docx")
    shutil.copy(os.path.join(ROOT, "tests", "sheets", "ke-hoach-chi-tieu.txt"), txt)
    p = run(k, "--db", db, "report", "edit", "--period", PERIOD, "--from-docx", txt, ok=False)
    check(p.returncode == 1 and "không phải văn bản Word" in p.stderr, f"a text named .docx is refused ({p.stderr.strip()})")
    bomb = os.path.join(work, "bom.docx")
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as w:
            for _ in range(512):
                w.write(b" " * (1 << 20))
    p = run(k, "--db", db, "report", "edit", "--period", PERIOD, "--from-docx", bomb, ok=False)
    check(p.returncode == 1 and "giải nén quá lớn" in p.stderr, f"a zip bomb .docx is refused ({p.stderr.strip()})")
    cut = os.path.join(work, "mat-de-muc.docx")
    d = docx.Document(edited)
    for para in d.paragraphs:
        if para.text.startswith("IV. "):
            para.runs[0].text = "PHƯƠNG HƯỚNG KỲ TỚI"
    d.save(cut)
    p = run(k, "--db", db, "report", "edit", "--period", PERIOD, "--from-docx", cut, ok=False)
    check(p.returncode == 1 and "IV" in p.stderr and "đề mục" in p.stderr, f"a lost heading is said ({p.stderr.strip()})")
    run(k, "--db", db, "--today", "20/12/2026", "report", "finalize", "--period", PERIOD)
    p = run(k, "--db", db, "report", "edit", "--period", PERIOD, "--from-docx", edited, ok=False)
    check(p.returncode == 1 and "không sửa được nữa" in p.stderr, f"a finalised report refuses it ({p.stderr.strip()})")
    final = os.path.join(work, "chinh-thuc.docx")
    run(k, "--db", db, "report", "docx", "--period", PERIOD, "--out", final)
    d = docx.Document(final)
    check(d.sections[0].first_page_header.paragraphs[0].text == "" and "Số: 01/BC-SNV" in d.tables[0].cell(1, 0).text,
          "a final report's .docx has its number and no DỰ THẢO")

    print(f"\n{len(failures)} failure(s)" if failures else "\nall Word checks passed")
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
