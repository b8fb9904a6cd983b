"""Plans as a scan: each seed laid out as pages (tests/plans/layout_plan.py),
rasterised by pdftoppm, made worse as a scanner and a phone make it (turned
by 0.8°, grey noise, JPEG at quality 70), put back as a PDF of pictures,
then imported (Tesseract OCR inside kehoach) and compared with importing
the same seed as text: task titles identical after NFC, each task's group
(its parent) and lead units, indicators and their targets, the share of
characters of the tasks' text read right, seconds per page.

    .venv/bin/python tests/plans/scan.py --quick     # the test: one seed, 300 dpi, and the refused scans
    .venv/bin/python tests/plans/scan.py             # the measurement for docs/plan-import.md (all seeds, 200 and 300 dpi)
"""

import argparse
import difflib
import glob
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import unicodedata
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import layout_plan  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402
from run import Kehoach, check, failures, refused  # noqa: E402

SEEDS = sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", "seeds", "*.txt")))
nfc = lambda s: unicodedata.normalize("NFC", s or "")


def scanned(pdf, dpi, out, work, rotate=0.8):
    """The PDF's pages as a scan: rendered, turned, noisy, JPEG, in a PDF."""
    stem = os.path.join(work, os.path.basename(out)[:-4] + "-r")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", pdf, stem], check=True)
    pages = sorted(glob.glob(stem + "-*.png"))
    c = canvas.Canvas(out, pagesize=A4)
    for p in pages:
        jpg = p[:-4] + ".jpg"
        subprocess.run(["convert", p, "-seed", "7", "-background", "white", "-rotate", str(rotate), "-attenuate", "0.35",
                        "+noise", "Gaussian", "-quality", "70", jpg], check=True)
        c.drawImage(jpg, 0, 0, width=A4[0], height=A4[1])
        c.showPage()
        os.remove(p)
    c.save()
    return len(pages)


def compare(text, scan):
    t, s = text["plan"], scan["plan"]
    by_id = lambda plan: {x["id"]: x for x in plan["tasks"]}
    code_of = lambda plan: {x["id"]: x["code"] for x in plan["tasks"]}
    tt = [(x["code"], nfc(x["title"]), code_of(t).get(x.get("parent_id")), sorted(x["lead_units"])) for x in t["tasks"]]
    st = [(x["code"], nfc(x["title"]), code_of(s).get(x.get("parent_id")), sorted(x["lead_units"])) for x in s["tasks"]]
    st_by_code = {x[0]: x for x in st}
    titles = sum(1 for x in tt if st_by_code.get(x[0], (None, None))[1] == x[1])
    groups = sum(1 for x in tt if x[0] in st_by_code and st_by_code[x[0]][2] == x[2])
    leads = sum(1 for x in tt if x[0] in st_by_code and st_by_code[x[0]][3] == x[3])
    ind = lambda plan: [(nfc(i["name"]), i.get("target_value")) for i in plan["indicators"]]
    indicators = sum(1 for a, b in zip(ind(t), ind(s)) if a == b)
    targets = sum(1 for a, b in zip(ind(t), ind(s)) if a[1] == b[1])
    # Every text the plan keeps: its title, tasks, sections, reporting
    # rules' sources, references, recipients.
    whole = lambda plan: "\n".join(
        [nfc(plan["plan"]["title"])]
        + [nfc(x["title"]) + "\n" + nfc(x["content"]) for x in plan["tasks"]]
        + [nfc(x["heading"]) + "\n" + nfc(x["text"]) for x in plan["sections"]]
        + [nfc(x["source"]) for x in plan["schedule"]]
        + [nfc(json.dumps(x, ensure_ascii=False)) for x in plan["references"]]
        + [nfc(x) for x in plan["recipients"]])
    a, b = whole(t), whole(s)
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    chars = sum(x.size for x in m.get_matching_blocks()) / max(len(a), 1)
    same_head = all(t["plan"][k] == s["plan"][k] for k in ("doc_number", "issued_on", "issuer"))
    return {"tasks": len(tt), "titles": titles, "groups": groups, "leads": leads, "indicators": len(ind(t)),
            "indicators_ok": indicators, "targets_ok": targets, "chars": chars, "head": same_head,
            "tasks_read": len(st)}


def png_header(width, height):
    """A PNG that says it is width × height (its pixels are never read)."""
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "debug", "kehoach"))
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--keep")
    ap.add_argument("--seed", help="only the seeds whose name starts so (e.g. 003)")
    ap.add_argument("--dpi", type=int, action="append", help="only these resolutions")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="kehoach-scan-")
    os.makedirs(work, exist_ok=True)
    k = Kehoach(os.path.abspath(a.bin), work)
    db = os.path.join(work, "xa.sqlite")
    if not os.path.exists(db):
        k.run("init", "--db", db, "--name", "Ủy ban nhân dân xã Kiến Xương", "--kind", "xa")
    seeds = [s for s in SEEDS if os.path.basename(s).startswith("000" if a.quick else a.seed or "")]
    rows = []
    for seed in seeds:
        name = os.path.basename(seed)[:3]
        pdf = os.path.join(work, name + ".pdf")
        layout_plan.build(seed, pdf)
        text, _ = k.dry(db, seed)
        for dpi in ([300] if a.quick else a.dpi or [200, 300]):
            scan = os.path.join(work, f"{name}-{dpi}dpi-scan.pdf")
            pages = scanned(pdf, dpi, scan, work)
            started = time.monotonic()
            read, said = k.dry(db, scan)
            took = time.monotonic() - started
            if read is None:
                check(False, f"{name} {dpi} dpi: the scan is read ({said.strip()[-200:]})")
                continue
            r = compare(text, read)
            r.update(seed=name, dpi=dpi, pages=pages, seconds=took, per_page=took / pages,
                     form=read["origin"]["form"], doubtful=next((w for w in read["warnings"] if "OCR" in w), ""))
            rows.append(r)
            print(f"{name} {dpi} dpi, {pages} pages, {took:.1f} s ({took / pages:.1f} s/page): "
                  f"titles {r['titles']}/{r['tasks']}, groups {r['groups']}/{r['tasks']}, leads {r['leads']}/{r['tasks']}, "
                  f"indicators {r['indicators_ok']}/{r['indicators']}, characters {100 * r['chars']:.2f}%, "
                  f"header {'right' if r['head'] else 'WRONG'}")
            check(r["form"] == "scanned_pdf" and "OCR" in r["doubtful"], f"{name} {dpi} dpi: read as a scan, doubtful words said")
            if dpi == 300:
                check(r["head"] and r["groups"] == r["tasks"] and r["leads"] == r["tasks"] and r["chars"] >= 0.98
                      and r["tasks_read"] == r["tasks"],
                      f"{name} 300 dpi: number, date, issuer, every group and lead unit right, ≥ 98% of characters")
    if a.quick:
        # A single scanned page as an image: its header is read.
        page1 = os.path.join(work, "trang1")
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", "-f", "1", "-l", "1",
                        os.path.join(work, "000.pdf"), page1], check=True)
        read, said = k.dry(db, page1 + ".png")
        check(read is not None and read["plan"]["plan"]["doc_number"] == "208/KH-UBND"
              and read["origin"]["form"] == "image", f"a page photographed (PNG): its number is read ({said.strip()[-160:]})")
        # The whole plan as one multi-page TIFF (as a scanner's "one file"
        # setting writes it): every page read, its tasks as from the PDF.
        tiff = os.path.join(work, "ban-quet.tif")
        stem = os.path.join(work, "tiff-r")
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", os.path.join(work, "000.pdf"), stem], check=True)
        frames = sorted(glob.glob(stem + "-*.png"))
        subprocess.run(["convert", *frames, "-compress", "lzw", tiff], check=True)
        read, said = k.dry(db, tiff)
        from_pdf, _ = k.dry(db, os.path.join(work, "000-300dpi-scan.pdf"))
        codes = lambda r: [(t["code"], t["lead_units"]) for t in r["plan"]["tasks"]] if r else None
        check(read is not None and read["origin"]["form"] == "image" and read["origin"]["pages"] == len(frames)
              and read["plan"]["plan"]["doc_number"] == "208/KH-UBND" and codes(read) == codes(text),
              f"a {len(frames)}-page TIFF: every page read, number and tasks as the text's ({said.strip()[-160:]})")
        # Refused: a TIFF of more pages than read at once (tiny pages: the
        # count is read from its directories, nothing is OCR'd).
        many = os.path.join(work, "qua-nhieu-trang.tif")
        subprocess.run(["convert", "-size", "64x64", *(["xc:white"] * 61), many], check=True)
        refused(k, db, os.path.basename(many), many, "61 trang", max_seconds=5)
        # Refused: a picture too large, a picture with no text, a file that is no picture.
        huge = os.path.join(work, "lon.png")
        open(huge, "wb").write(png_header(10_000, 10_000))
        blank = os.path.join(work, "trang-trang.png")
        subprocess.run(["convert", "-size", "1200x1700", "xc:white", "-attenuate", "0.2", "+noise", "Gaussian", blank],
                       check=True)
        before = k.run("--db", db, "--json", "plan", "list")[0].stdout
        for path, words in [(huge, "Ảnh quá lớn"), (blank, "không nhận ra chữ nào")]:
            refused(k, db, os.path.basename(path), path, words, max_seconds=60)
        check(k.run("--db", db, "--json", "plan", "list")[0].stdout == before, "nothing stored by the refused scans")
    else:
        print("\n| seed | dpi | pages | s/page | task titles identical | groups | lead units | indicators | characters |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['seed']} | {r['dpi']} | {r['pages']} | {r['per_page']:.1f} | {r['titles']}/{r['tasks']} | "
                  f"{r['groups']}/{r['tasks']} | {r['leads']}/{r['tasks']} | {r['indicators_ok']}/{r['indicators']} | "
                  f"{100 * r['chars']:.2f}% |")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        raise SystemExit(f"{len(failures)} failed")
    print("scans as expected")


if __name__ == "__main__":
    main()
