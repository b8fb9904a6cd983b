"""Indicator figures in Excel, checked by independent readers.

- `indicator template` is read by openpyxl (header, numbers as numbers,
  formats, frozen header, A4 landscape, the yes/no list) and opened by
  LibreOffice (a Vietnamese profile shows the figures as 1.234,5).
- A template filled by openpyxl imports: `indicator show` then says the
  figures written; a second import changes nothing; a province's own
  sheet (other column order and names, no STT, extra columns) imports by
  the indicators' names.
- Bad and hostile sheets are refused, naming the cell, with nothing
  stored, in bounded time and memory: a word where a number goes, a
  formula, a date, merged rows, another period, an unknown indicator, an
  indicator twice, 100,000 rows, a zip bomb, an old .xls, a macro file,
  not a workbook.
- At the level above, after two communes' signed reports are received,
  `indicator export` gives the combined figures by rule (Σnumerator /
  Σdenominator for a ratio) and each unit's raw values with its file; read
  by openpyxl and LibreOffice.

    .venv/bin/python tests/sheets/run.py [--bin target/debug/kehoach]
"""

import argparse
import csv
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "hostile"))
from catalogue import PASSWORD, pki  # noqa: E402

PLAN_TEXT = os.path.join(HERE, "ke-hoach-chi-tieu.txt")
PLAN = "12/KH-UBND"
PERIOD = "2026-H1"
# What a refused file may cost at most (debug build).
MAX_SECONDS = 20
MAX_MIB = 300

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


class Kehoach:
    def __init__(self, binary, work):
        self.bin, self.work = binary, work
        self.env = dict(os.environ, HOME=work, KEHOACH_P12_PASSWORD=PASSWORD)

    def run(self, *args):
        peak_file = os.path.join(self.work, "peak.txt")
        started = time.monotonic()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak_file, self.bin, *args], capture_output=True,
                           text=True, env=self.env, cwd=self.work)
        took = time.monotonic() - started
        with open(peak_file) as f:
            peak = int(f.read().split()[-1]) / 1024
        return p, took, peak

    def ok(self, *args):
        p, _, _ = self.run(*args)
        if p.returncode:
            raise SystemExit(f"sheets setup: {args}: {p.stderr}")
        return p.stdout


def values(k, db, unit=None):
    args = ["--db", db, "--json", "indicator", "show", "--plan", PLAN, "--period", PERIOD]
    if unit:
        args += ["--unit", unit]
    return {v["indicator"]["name"]: v.get("value") for v in json.loads(k.ok(*args))}


def figures(v):
    if v is None:
        return None
    return {key: v.get(key) for key in ("value", "numerator", "denominator", "yes", "text", "note")}


def libreoffice_csv(work, xlsx):
    """The sheets as a Vietnamese LibreOffice shows them (cell text as
    shown), one list of rows per sheet; None if LibreOffice refused it."""
    profile = os.path.join(work, "lo-profile")
    if not os.path.exists(profile):
        os.makedirs(os.path.join(profile, "user"))
        with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                    'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                    '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">'
                    '<value>vi-VN</value></prop></item></oor:items>\n')
    out = tempfile.mkdtemp(dir=work)
    p = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                        'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false,-1',
                        "--outdir", out, xlsx], capture_output=True, text=True,
                       env=dict(os.environ, LC_ALL="C.UTF-8", HOME=work), timeout=180)
    files = sorted(glob.glob(os.path.join(out, "*.csv")))
    if p.returncode or not files:
        return None
    return [list(csv.reader(open(f, encoding="utf-8", newline=""), delimiter=";")) for f in files]


def refused(k, db, name, path, expected, work):
    before = values(k, db)
    p, took, peak = k.run("--db", db, "indicator", "import", path, "--plan", PLAN, "--period", PERIOD)
    after = values(k, db)
    said = p.stderr.strip()
    ok = (p.returncode == 1 and all(e in said for e in expected) and before == after and "Traceback" not in said
          and "panicked" not in said and took < MAX_SECONDS and peak < MAX_MIB)
    check(ok, f"{name}: refused naming what and where, nothing stored ({took:.2f} s, {peak:.0f} MiB): {said[:200]!r}")


def bomb(path):
    """An .xlsx whose sheet unpacks to 1 GiB (a few MB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
        with z.open("xl/worksheets/sheet1.xml", "w") as w:
            chunk = b" " * (1 << 20)
            for _ in range(1024):
                w.write(chunk)


def province_sheet(path, names):
    """A sheet a province made itself: its own title, columns in another
    order with other names, no STT, a column kehoach does not read."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Biểu 01"
    ws["A1"] = "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN CHỈ TIÊU"
    ws["A2"] = "(Kèm theo Công văn số 45/UBND-VP)"
    ws.append([])
    ws.append(["Tên chỉ tiêu", "ĐVT", "Mẫu số", "Tử số", "Kết quả thực hiện", "Người cập nhật"])
    ws.append([names[0], "%", 2000, 44, None, "Chị Hoa"])
    ws.append([names[1], "người", None, None, "30", "Chị Hoa"])
    wb.save(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "debug", "kehoach"))
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="kehoach-sheets-")
    k = Kehoach(os.path.abspath(a.bin), work)
    db = os.path.join(work, "xa.sqlite")
    k.ok("init", "--db", db, "--name", "Ủy ban nhân dân xã Tiền Phong", "--kind", "xa", "--officer", "Lê Thị Hoa")
    k.ok("--db", db, "plan", "import", PLAN_TEXT, "--rule", "CT2=cộng", "--measure", "CT2=người",
         "--rule", "CT4=có/không", "--rule", "CT5=lời văn")

    # The template, read by openpyxl.
    template = os.path.join(work, "mau.xlsx")
    k.ok("--db", db, "indicator", "template", "--plan", PLAN, "--period", PERIOD, "--out", template)
    wb = openpyxl.load_workbook(template)
    ws = wb["Chỉ tiêu"]
    header = [c.value for c in ws[6]]
    check(header[:2] == ["STT", "Chỉ tiêu"] and "Giá trị" in header and "Tử số" in header and "Mẫu số" in header,
          f"template: the header row says what each column is ({header})")
    names = [ws.cell(row=r, column=2).value for r in range(7, 12)]
    check(len(names) == 5 and all(names) and ws.cell(row=12, column=2).value is None,
          f"template: one row per indicator ({names})")
    check([ws.cell(row=r, column=1).value for r in range(7, 12)] == [1, 2, 3, 4, 5],
          "template: STT stored as numbers")
    check(ws["B2"].value == PLAN and ws["B3"].value == PERIOD, "template: the plan and the period above the table")
    check(ws.freeze_panes == "C7", f"template: header and names frozen ({ws.freeze_panes})")
    check(ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
          and ws.print_title_rows in ("6:6", "$6:$6"), "template: printed on A4 landscape, the header on every page")
    check(ws["F8"].number_format == "#,##0.###" and ws["G7"].number_format == "#,##0.###",
          f"template: figure cells shown the Vietnamese way ({ws['F8'].number_format})")
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    check(any('có,không' in (dv.formula1 or "") and "I10" in str(dv.sqref) for dv in lists),
          "template: “có / không” offered as a list for the yes/no indicator")

    # Filled by openpyxl as an officer would: numbers, a number typed as
    # Vietnamese text, a percent typed "12%", a yes, a sentence.
    ws["G7"], ws["H7"] = 25, 1000
    ws["F8"] = "30"
    ws["G9"], ws["H9"] = "950", "1.000,0"
    ws["I10"] = "có"
    ws["J11"] = "Đạt 92% số hộ."
    ws["K7"] = "Số liệu của Công an xã"
    filled = os.path.join(work, "da-dien.xlsx")
    wb.save(filled)
    p, _, _ = k.run("--db", db, "indicator", "import", filled, "--plan", PLAN, "--period", PERIOD, "--dry-run")
    check(p.returncode == 0 and "5 chỉ tiêu thay đổi" in p.stdout and values(k, db) == {n: None for n in names},
          f"filled template: the preview lists 5 changes and stores nothing ({p.stdout.splitlines()[:1]})")
    p, _, _ = k.run("--db", db, "indicator", "import", filled, "--plan", PLAN, "--period", PERIOD)
    got = {n: figures(v) for n, v in values(k, db).items()}
    want = {
        names[0]: dict(value=2.5, numerator=25.0, denominator=1000.0, yes=None, text=None, note="Số liệu của Công an xã"),
        names[1]: dict(value=30.0, numerator=None, denominator=None, yes=None, text=None, note=""),
        names[2]: dict(value=95.0, numerator=950.0, denominator=1000.0, yes=None, text=None, note=""),
        names[3]: dict(value=None, numerator=None, denominator=None, yes=True, text=None, note=""),
        names[4]: dict(value=None, numerator=None, denominator=None, yes=None, text="Đạt 92% số hộ.", note=""),
    }
    check(p.returncode == 0 and got == want, f"filled template: stored as written ({got})")
    p, _, _ = k.run("--db", db, "indicator", "import", filled, "--plan", PLAN, "--period", PERIOD)
    check(p.returncode == 0 and "không có số liệu nào thay đổi" in p.stdout, "the same sheet again changes nothing")

    # The template made again carries what is recorded.
    again = os.path.join(work, "mau-2.xlsx")
    k.ok("--db", db, "indicator", "template", "--plan", PLAN, "--period", PERIOD, "--out", again)
    ws2 = openpyxl.load_workbook(again)["Chỉ tiêu"]
    check((ws2["G7"].value, ws2["H7"].value, ws2["F8"].value, ws2["I10"].value, ws2["F7"].value)
          == (25, 1000, 30, "có", None), "a new template is filled with what is recorded (a rate is never typed)")

    # A percent typed "12%" into a number cell is read as the 12 shown.
    pct = os.path.join(work, "phan-tram.xlsx")
    wb = openpyxl.load_workbook(again)
    wb["Chỉ tiêu"]["F8"] = 0.12
    wb["Chỉ tiêu"]["F8"].number_format = "0%"
    wb.save(pct)
    k.ok("--db", db, "indicator", "import", pct, "--plan", PLAN, "--period", PERIOD)
    check(figures(values(k, db)[names[1]])["value"] == 12.0, "a cell shown as 12% is read as 12")

    # A province's own sheet: columns found by their names, rows by the indicators' names.
    prov = os.path.join(work, "bieu-tinh.xlsx")
    province_sheet(prov, names)
    p, _, _ = k.run("--db", db, "indicator", "import", prov, "--plan", PLAN, "--period", PERIOD)
    got = values(k, db)
    check(p.returncode == 0 and figures(got[names[0]])["numerator"] == 44.0
          and figures(got[names[0]])["denominator"] == 2000.0 and figures(got[names[1]])["value"] == 30.0
          and figures(got[names[3]])["yes"] is True,
          f"a province's own sheet imports by column and indicator names; the rest kept ({p.stdout.strip()[:160]!r})")

    # Bad cells, each in a copy of the filled template.
    def variant(name, change):
        wb = openpyxl.load_workbook(again)
        change(wb, wb["Chỉ tiêu"])
        path = os.path.join(work, name + ".xlsx")
        wb.save(path)
        return path

    refused(k, db, "a word in a number cell", variant("chu", lambda wb, ws: ws.__setitem__("F8", "12,5a")),
            ["Chỉ tiêu!F8", "“12,5a” không phải số", "chưa lưu gì"], work)
    refused(k, db, "a formula", variant("cong-thuc", lambda wb, ws: ws.__setitem__("G7", "=H7/40")),
            ["Chỉ tiêu!G7", "công thức"], work)

    def date_cell(wb, ws):
        import datetime
        ws["F8"] = datetime.datetime(2026, 3, 5)
    refused(k, db, "a date in a number cell", variant("ngay", date_cell), ["Chỉ tiêu!F8", "ngày tháng (05/03/2026)"],
            work)
    refused(k, db, "merged rows over figures", variant("gop-o", lambda wb, ws: ws.merge_cells("G7:G8")),
            ["Chỉ tiêu!G7:G8", "gộp"], work)
    refused(k, db, "another period", variant("ky-khac", lambda wb, ws: ws.__setitem__("B3", "2025-H2")),
            ["kỳ 2025-H2", "không phải kỳ 2026-H1"], work)
    refused(k, db, "an indicator the plan does not have",
            variant("la", lambda wb, ws: (ws.__setitem__("A8", None), ws.__setitem__("B8", "Số cây xanh được trồng mới"))),
            ["Chỉ tiêu!B8", "không có chỉ tiêu “Số cây xanh được trồng mới”"], work)
    refused(k, db, "one indicator in two rows",
            variant("hai-lan", lambda wb, ws: (ws.__setitem__("A9", 2), ws.__setitem__("B9", None))),
            ["Chỉ tiêu, dòng 9", "đã có ở dòng 8"], work)
    refused(k, db, "a ratio given only as a percent",
            variant("chi-ty-le", lambda wb, ws: (ws.__setitem__("G7", None), ws.__setitem__("H7", None),
                                                  ws.__setitem__("F7", 2.5))),
            ["Chỉ tiêu, dòng 7", "cần nhập cả “Số hộ nghèo” và “Tổng số”"], work)
    refused(k, db, "a numerator over its denominator",
            variant("tu-lon", lambda wb, ws: ws.__setitem__("G9", 1200)),
            ["Chỉ tiêu!G9", "lớn hơn mẫu số"], work)

    long = os.path.join(work, "100000-dong.xlsx")
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Chỉ tiêu")
    ws.append(["STT", "Chỉ tiêu", "Giá trị"])
    for i in range(100_000):
        ws.append([i + 1, f"Chỉ tiêu {i + 1}", i])
    wb.save(long)
    refused(k, db, "100,000 rows", long, ["hơn 5000 dòng"], work)
    zb = os.path.join(work, "bom.xlsx")
    bomb(zb)
    refused(k, db, f"a zip bomb ({os.path.getsize(zb) // 1024} KB unpacking to 1 GiB)", zb, ["giải nén quá lớn"], work)
    xls = os.path.join(work, "cu.xls")
    with open(xls, "wb") as f:
        f.write(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4096)
    refused(k, db, "an old .xls (or a password-protected .xlsx)", xls, [".xls", "mật khẩu"], work)
    macro = os.path.join(work, "macro.xlsm")
    with zipfile.ZipFile(again) as src, zipfile.ZipFile(macro, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\0" * 512)
    refused(k, db, "a workbook with macros", macro, ["macro"], work)
    txt = os.path.join(work, "khong-phai.xlsx")
    shutil.copy(PLAN_TEXT, txt)
    refused(k, db, "a text named .xlsx", txt, ["không phải bảng tính Excel"], work)

    # LibreOffice opens the template as a Vietnamese office would see it.
    sheets = libreoffice_csv(work, again)
    row7 = sheets[0][6] if sheets else []
    check(sheets is not None and row7[6:8] == ["25", "1.000"] and sheets[0][8][7] == "1.000",
          f"LibreOffice (vi-VN) opens the template and shows 1.000 ({row7[:9]})")

    # ---- at the level above: the figures combined, with their sources ----
    p12a = pki(work, "xa-a", "Nguyễn Văn An")
    p12b = pki(work, "xa-b", "Trần Thị Bình")
    files = []
    for name, p12, (num, den, ppl, yes) in [("Tiền Phong", p12a, (25, 1000, 30, "có")),
                                           ("Vũ Chính", p12b, (15, 500, 12, "không"))]:
        cdb = os.path.join(work, f"{name}.sqlite")
        k.ok("init", "--db", cdb, "--name", f"Ủy ban nhân dân xã {name}", "--kind", "xa", "--officer", "Cán bộ")
        k.ok("--db", cdb, "plan", "import", PLAN_TEXT, "--rule", "CT2=cộng", "--measure", "CT2=người",
             "--rule", "CT4=có/không", "--rule", "CT5=lời văn")
        t = os.path.join(work, f"mau-{name}.xlsx")
        k.ok("--db", cdb, "indicator", "template", "--plan", PLAN, "--period", PERIOD, "--out", t)
        wb = openpyxl.load_workbook(t)
        ws = wb["Chỉ tiêu"]
        ws["G7"], ws["H7"], ws["F8"], ws["I10"] = num, den, ppl, yes
        ws["G9"], ws["H9"], ws["J11"] = 90, 100, f"Xã {name} đạt."
        wb.save(t)
        k.ok("--db", cdb, "indicator", "import", t, "--plan", PLAN, "--period", PERIOD)
        for key, value in [("report.symbol", "BC-UBND"), ("report.place", name), ("report.to", "Ủy ban nhân dân tỉnh"),
                           ("report.signer_authority", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
                           ("report.signer_name", "Nguyễn Văn An"), ("report.distribution", "Như trên;\nLưu: VT.")]:
            k.ok("--db", cdb, "setting", "set", key, value)
        k.ok("--db", cdb, "progress", "set", "--plan", PLAN, "--task", "II.1", "--period", PERIOD,
             "--status", "chậm tiến độ", "--reason", "Thiếu người trực.")
        k.ok("--db", cdb, "report", "draft", "--plan", PLAN, "--period", PERIOD)
        k.ok("--db", cdb, "--today", "05/06/2026", "report", "finalize", "--plan", PLAN, "--period", PERIOD)
        out = os.path.join(work, f"bao-cao-{name}.pdf")
        k.ok("--db", cdb, "report", "sign", "--plan", PLAN, "--period", PERIOD, "--p12", p12, "--out", out)
        files.append(out)
    tinh = os.path.join(work, "tinh.sqlite")
    k.ok("init", "--db", tinh, "--name", "Ủy ban nhân dân tỉnh Hưng Yên", "--kind", "tinh", "--officer", "Cán bộ tỉnh")
    k.ok("--db", tinh, "plan", "import", PLAN_TEXT, "--rule", "CT2=cộng", "--measure", "CT2=người",
         "--rule", "CT4=có/không", "--rule", "CT5=lời văn")
    k.ok("--db", tinh, "trust", "add", os.path.join(work, "ca.crt"))
    received = json.loads(k.ok("--db", tinh, "--json", "import", *files, "--add-units"))
    check([r["result"]["outcome"] for r in received] == ["accepted", "accepted"],
          f"the province receives both communes' signed reports ({[r['result'].get('reason') for r in received]})")
    export = os.path.join(work, "tong-hop.xlsx")
    k.ok("--db", tinh, "indicator", "export", "--plan", PLAN, "--period", PERIOD, "--out", export)
    wb = openpyxl.load_workbook(export)
    top, each = wb["Chỉ tiêu"], wb["Số liệu từng đơn vị"]
    ratio = [c.value for c in top[7]]
    check(ratio[5] == (25 + 15) / (1000 + 500) and top["F7"].number_format == "0.00%" and ratio[6:8] == [40, 1500],
          f"export: a ratio combined as Σnumerator / Σdenominator, stored as a number shown as % ({ratio[5:9]})")
    check(top["F8"].value == 42 and top["F8"].number_format == "#,##0.###", "export: a count summed (30 + 12)")
    check(top["I10"].value == "1 / 2 đơn vị có", f"export: yes/no counted ({top['I10'].value})")
    rows = [[c.value for c in r] for r in each.iter_rows(min_row=7) if r[0].value is not None]
    ratio_rows = [r for r in rows if r[0] == 1]
    sent = {os.path.basename(f) for f in files}
    check(len(ratio_rows) == 2 and {(r[4], r[5]) for r in ratio_rows} == {(25, 1000), (15, 500)}
          and {r[9] for r in ratio_rows} == sent and {r[8] for r in ratio_rows} == {"Nguyễn Văn An", "Trần Thị Bình"},
          f"export: each unit's numerator and denominator, its signer and its file ({ratio_rows})")
    check(each.freeze_panes == "C7" and each.page_setup.orientation == "landscape", "export: frozen header, landscape")
    sheets = libreoffice_csv(work, export)
    check(sheets is not None and len(sheets) == 2 and sheets[0][6][5] == "2,67%" and sheets[0][6][7] == "1.500",
          f"LibreOffice (vi-VN) opens the export: 2,67% and 1.500 ({sheets[0][6][5:8] if sheets else None})")

    print(f"\n{len(failures)} failure(s)" if failures else "\nall sheet checks passed")
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
