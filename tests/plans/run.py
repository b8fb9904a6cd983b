"""Plans as the province sends them: each seed laid out as another document
system's PDF (reportlab, tests/plans/layout_plan.py) is imported and gives
the same plan as its text (number, date, issuer, title, every task with
its units, indicators, reporting rules); a PDF signed by pyHanko says who
signed and that it is intact, one changed after signing says it is not,
and both still import; an unsigned one says so. Bad PDFs (password, code,
300 pages, not a plan, cut short, a stream bomb) are refused in Vietnamese
within bounded time and memory, and nothing is stored.

    .venv/bin/python tests/plans/run.py [--bin target/debug/kehoach] [--keep DIR]
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "hostile"))
import layout_plan  # noqa: E402
from catalogue import PASSWORD, PYHANKO, pki  # noqa: E402

SEEDS = sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", "seeds", "*.txt")))
# What a refused file may cost at most (debug build).
MAX_SECONDS = 20
MAX_MIB = 400

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


class Kehoach:
    def __init__(self, binary, work):
        self.bin, self.work = binary, work
        self.env = dict(os.environ, HOME=work)

    def run(self, *args):
        peak_file = os.path.join(self.work, "peak.txt")
        started = time.monotonic()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak_file, self.bin, *args], capture_output=True,
                           text=True, env=self.env, cwd=self.work)
        took = time.monotonic() - started
        with open(peak_file) as f:
            peak = int(f.read().split()[-1]) / 1024
        return p, took, peak

    def dry(self, db, path):
        p, _, _ = self.run("--db", db, "--json", "plan", "import", path, "--dry-run")
        if p.returncode:
            return None, p.stderr
        return json.loads(p.stdout), p.stderr


def refused(k, db, name, path, words, max_seconds=MAX_SECONDS):
    """`plan import PATH` fails with a message holding `words`, in
    Vietnamese (no library English), within the time and memory bounds."""
    p, took, peak = k.run("--db", db, "plan", "import", path)
    msg = p.stderr.strip().splitlines()[-1] if p.stderr.strip() else ""
    check(p.returncode != 0 and words in msg and took < max_seconds and peak < MAX_MIB
          and "Error" not in msg and "error" not in msg,
          f"{name}: refused in {took:.2f} s, {peak:.0f} MiB: {msg[:160]}")


def summary(imported):
    """The plan as read, without where in its text each part was."""
    plan = imported["plan"]
    p = plan["plan"]
    drop = lambda d: {k: v for k, v in d.items() if k not in ("source_span", "source_text", "content_hash")}
    return {
        "id": p["id"], "number": p["doc_number"], "issued_on": p["issued_on"], "issuer": p["issuer"],
        "title": p["title"], "signer": (p["signer_name"], p["signer_title"]), "years": (p["start_year"], p["end_year"]),
        "tasks": [drop(t) for t in plan["tasks"]], "indicators": [drop(i) for i in plan["indicators"]],
        "schedule": [drop(r) for r in plan["schedule"]], "units": plan["units"], "recipients": plan["recipients"],
        "references": plan["references"], "sections": [drop(x) for x in plan["sections"]],
        "missing": imported["missing"],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "debug", "kehoach"))
    ap.add_argument("--keep")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="kehoach-plans-")
    os.makedirs(work, exist_ok=True)
    k = Kehoach(os.path.abspath(a.bin), work)
    db = os.path.join(work, "xa.sqlite")
    p, _, _ = k.run("init", "--db", db, "--name", "Ủy ban nhân dân xã Kiến Xương", "--kind", "xa")
    assert p.returncode == 0, p.stderr

    # 1. Every seed as a born-digital PDF reads as its text does.
    for seed in SEEDS:
        name = os.path.basename(seed)[:3]
        pdf = os.path.join(work, name + ".pdf")
        layout_plan.build(seed, pdf)
        text, _ = k.dry(db, seed)
        read, said = k.dry(db, pdf)
        if read is None:
            check(False, f"{name}: the PDF is read ({said.strip()})")
            continue
        a_, b_ = summary(text), summary(read)
        same = [key for key in a_ if a_[key] == b_[key]]
        differs = [key for key in a_ if a_[key] != b_[key]]
        check(not differs, f"{name}: the PDF gives the same plan as the text ({len(a_['tasks'])} tasks, "
                           f"{len(a_['indicators'])} indicators; same: {', '.join(same)}; differs: {differs})")
        origin = read["origin"]
        check(origin["form"] == "pdf" and origin["pages"] >= 1 and not origin["signatures"],
              f"{name}: read as a PDF with a text layer, {origin['pages']} pages, not signed")
        check(any("không có chữ ký số" in w for w in read["warnings"]), f"{name}: says the PDF is not signed")

    # 2. Signed by another tool (pyHanko): who, when, intact; then changed.
    p12 = pki(work, "vanthu", "Nguyễn Thị Lĩnh")
    with open(os.path.join(work, "pass.txt"), "w") as f:
        f.write(PASSWORD)
    plain = os.path.join(work, "003.pdf")
    signed = os.path.join(work, "003-signed.pdf")
    subprocess.run([PYHANKO, "sign", "addsig", "--field", "1/60,60,260,120/VanThu", "pkcs12", "--passfile",
                    os.path.join(work, "pass.txt"), plain, signed, p12], check=True, capture_output=True)
    read, said = k.dry(db, signed)
    sigs = (read or {}).get("origin", {}).get("signatures", [])
    check(len(sigs) == 1 and sigs[0]["signer"] == "Nguyễn Thị Lĩnh" and sigs[0]["intact"] and sigs[0]["signed_at"]
          and not sigs[0]["valid"] and "chưa được tin cậy" in sigs[0]["said"],
          f"signed by pyHanko: signer, time and intact said, the CA not trusted here ({sigs})")
    k.run("--db", db, "trust", "add", os.path.join(work, "ca.crt"))
    read, _ = k.dry(db, signed)
    sigs = (read or {}).get("origin", {}).get("signatures", [])
    check(len(sigs) == 1 and sigs[0]["valid"] and "còn nguyên vẹn" in sigs[0]["said"],
          f"with its CA trusted: valid ({sigs[0]['said'] if sigs else None})")
    data = bytearray(open(signed, "rb").read())
    at = data.find(b"ReportLab Generated PDF document")
    data[at] = ord("r")
    changed = os.path.join(work, "003-changed.pdf")
    open(changed, "wb").write(data)
    read, said = k.dry(db, changed)
    sigs = (read or {}).get("origin", {}).get("signatures", [])
    check(read is not None and len(sigs) == 1 and not sigs[0]["intact"] and "KHÔNG còn nguyên vẹn" in sigs[0]["said"]
          and any("KHÔNG còn nguyên vẹn" in w for w in read["warnings"]),
          "changed after signing: still read, and said not intact")

    # Stored from the PDF: the same plan as from the text.
    p, _, _ = k.run("--db", db, "--json", "plan", "import", signed)
    check(p.returncode == 0, f"the signed PDF is stored ({p.stderr.strip()[:200]})")
    text, _ = k.dry(db, SEEDS[-1])
    stored = json.loads(p.stdout)["plan"]["plan"]["id"] if p.returncode == 0 else None
    check(stored == text["plan"]["plan"]["id"], "the plan stored from the PDF is the plan of the text (same id)")

    # 3. Bad PDFs: refused, said in Vietnamese, bounded, nothing stored.
    before = k.run("--db", db, "--json", "plan", "list")[0].stdout
    bad = {}
    enc = os.path.join(work, "mat-khau.pdf")
    subprocess.run(["qpdf", "--encrypt", "u", "o", "256", "--", plain, enc], check=True)
    bad["mat-khau"] = (enc, "mật khẩu")
    import pikepdf
    js = os.path.join(work, "javascript.pdf")
    with pikepdf.open(plain) as pdf:
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        pdf.save(js)
    bad["javascript"] = (js, "JavaScript")
    many = os.path.join(work, "300-trang.pdf")
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(many)
    for i in range(300):
        c.drawString(72, 720, f"Trang {i + 1}")
        c.showPage()
    c.save()
    bad["300-trang"] = (many, "300 trang")
    notplan = os.path.join(work, "khong-phai.pdf")
    c = canvas.Canvas(notplan)
    c.setFont("Helvetica", 12)
    for i, line in enumerate(["Invoice 2025-11", "Total due: 1,250 USD", "Thank you for your business."] * 5):
        c.drawString(72, 720 - 16 * i, line)
    c.save()
    bad["khong-phai-ke-hoach"] = (notplan, "không giống một kế hoạch")
    cut = os.path.join(work, "cat-cut.pdf")
    open(cut, "wb").write(open(plain, "rb").read()[:5000])
    bad["cat-cut"] = (cut, "PDF")
    bomb = os.path.join(work, "bom.pdf")
    with pikepdf.open(plain) as pdf:
        page = pdf.pages[0]
        s = pikepdf.Stream(pdf, b"")
        s.write(zlib.compress(b"0" * (600 * 1024 * 1024), 9), filter=pikepdf.Name.FlateDecode)
        page.Contents = pdf.make_indirect(s)
        pdf.save(bomb)
    bad["bom-giai-nen"] = (bomb, "giải nén ra quá")
    for name, (path, words) in bad.items():
        refused(k, db, name, path, words)
    after = k.run("--db", db, "--json", "plan", "list")[0].stdout
    check(before == after, "nothing stored by the refused files")

    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        raise SystemExit(f"{len(failures)} failed")
    print("all plan PDFs as expected")


if __name__ == "__main__":
    main()
