#!/usr/bin/env python3
"""The command-line journey with the Windows build, under Debian's Wine.

A commune and its province, on Windows paths that hold Vietnamese names
(C:\\users\\Cán bộ\\Tài liệu kế hoạch\\…): the demo; a plan imported from a
Windows-1258 text with CRLF line ends and from a .docx (python-docx writes
it); results, a draft, finalised, its PDF; signed with a .p12 and verified;
at the province: the CA trusted, the file received, who reported, the
consolidated figure. The report PDF the Windows build writes is compared
byte for byte with the Linux build's, made from the same inputs.

    python3 tests/windows/journey.py --exe target/x86_64-pc-windows-gnu/release/kehoach.exe

WINEPREFIX must be a prepared prefix (scripts/test-windows.sh makes one).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = os.path.join(ROOT, "tests", "fixtures", "seeds", "003_6fafd23e193aabee.txt")
WINE = "/usr/lib/wine/wine64"
PASSWORD = "matkhau-windows"
TONES = "\u0300\u0301\u0303\u0309\u0323"

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def cp1258(text):
    """Windows-1258 as Windows' own tools write it: base letters with their
    circumflex, breve or horn precomposed, the tone as a combining mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONES))
        out += base.encode("cp1258") + "".join(c for c in nfd if c in TONES).encode("cp1258")
    return bytes(out)


class Run:
    def __init__(self, exe, prefix):
        self.exe = exe
        self.prefix = prefix
        self.env = dict(os.environ, WINEPREFIX=prefix, WINEDEBUG="-all", KEHOACH_P12_PASSWORD=PASSWORD)

    def win(self, *args, ok=True, env=None):
        out = subprocess.run([WINE, self.exe, *args], capture_output=True, env=dict(self.env, **(env or {})),
                             timeout=300)
        text = out.stdout.decode("utf-8", "replace") + out.stderr.decode("utf-8", "replace")
        if ok and out.returncode != 0:
            raise SystemExit(f"kehoach.exe {' '.join(args)} failed ({out.returncode}): {text}")
        return text

    def linux(self, *args, env=None):
        out = subprocess.run([os.path.join(ROOT, "target", "debug", "kehoach"), *args], capture_output=True,
                             env=dict(self.env, **(env or {})), text=True, timeout=300)
        if out.returncode != 0:
            raise SystemExit(f"kehoach {' '.join(args)} failed: {out.stdout}{out.stderr}")
        return out.stdout + out.stderr


def pki(work):
    def ssl(*a):
        subprocess.run(["openssl", *a], cwd=work, check=True, capture_output=True)
    ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "3650",
        "-subj", "/CN=Windows Test CA/O=kehoach", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr",
        "-subj", "/CN=Nguyễn Văn An/O=UBND xã Tiên Lữ", "-utf8")
    with open(os.path.join(work, "leaf.ext"), "w") as f:
        f.write("keyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n")
    ssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "leaf.crt", "-days", "3650", "-extfile", "leaf.ext")
    ssl("pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.crt", "-certfile", "ca.crt",
        "-out", "chữ ký.p12", "-passout", f"pass:{PASSWORD}")


def docx_of(text, path):
    venv = os.path.join(ROOT, ".venv", "bin", "python")
    subprocess.run([venv, "-c", "import docx, sys; d = docx.Document(); "
                    "[d.add_paragraph(l) for l in open(sys.argv[1], encoding='utf-8').read().split('\\n')]; "
                    "d.save(sys.argv[2])", text, path], check=True, capture_output=True)


def report_steps(run, db):
    """A commune's steps to a final report."""
    plan = ["--plan", "38/KH-UBND"]
    run("--db", db, "--today", "01/07/2026", "progress", "set", *plan, "--task", "III.3", "--period", "2026-H1",
        "--status", "hoàn thành", "--narrative", "Huy động 96% trẻ từ 3 đến 5 tuổi ra lớp.", "--budget", "12.500.000")
    run("--db", db, "--today", "01/07/2026", "indicator", "set", *plan, "--indicator", "1", "--period", "2026-H1",
        "--numerator", "480", "--denominator", "500")
    for key, value in [("report.symbol", "BC-UBND"), ("report.place", "Tiên Lữ"),
                       ("report.to", "Ủy ban nhân dân tỉnh Thái Bình"),
                       ("report.signer_authority", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
                       ("report.signer_name", "Nguyễn Văn An"), ("report.distribution", "Như trên\nLưu: VT")]:
        run("--db", db, "setting", "set", key, value)
    run("--db", db, "--today", "02/07/2026", "report", "draft", "--period", "2026-H1")
    run("--db", db, "--today", "02/07/2026", "report", "edit", "--period", "2026-H1", "--section", "III",
        "--text", "1. Ưu điểm\n\nHoàn thành nhiệm vụ III.3.\n\n2. Tồn tại, hạn chế\n\nKhông có.\n\n3. Nguyên nhân\n\nKinh phí cấp kịp thời.")
    run("--db", db, "--today", "05/07/2026", "report", "finalize", "--period", "2026-H1")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--prefix", default=os.environ.get("WINEPREFIX"))
    a = ap.parse_args()
    exe = os.path.abspath(a.exe)
    run = Run(exe, a.prefix)
    # A user's folder with Vietnamese names, seen by Windows as C:\users\…
    linux_root = os.path.join(a.prefix, "drive_c", "users", "Cán bộ", "Tài liệu kế hoạch")
    win_root = "C:\\users\\Cán bộ\\Tài liệu kế hoạch"
    shutil.rmtree(linux_root, ignore_errors=True)
    os.makedirs(linux_root)
    L = lambda name: os.path.join(linux_root, name)
    W = lambda name: win_root + "\\" + name
    pki(linux_root)

    # The demo.
    out = run.win("demo", "--db", W("dữ liệu mẫu.sqlite"))
    check("38/KH-UBND" in out and os.path.exists(L("dữ liệu mẫu.sqlite")), f"demo at a Vietnamese Windows path: {out.strip().splitlines()[0]}")
    out = run.win("--db", W("dữ liệu mẫu.sqlite"), "--today", "04/12/2026", "period", "current", "--plan", "38/KH-UBND")
    check("Đang báo cáo kỳ 2026-H2" in out, "the demo's period on 04/12/2026, printed in Vietnamese")

    # A plan as Windows keeps it: Windows-1258, CRLF.
    seed = open(SEED, encoding="utf-8").read()
    with open(L("kế hoạch 1258.txt"), "wb") as f:
        f.write(cp1258(seed.replace("\n", "\r\n")))
    xa = W("xã Tiên Lữ.sqlite")
    run.win("init", "--db", xa, "--name", "Ủy ban nhân dân xã Tiên Lữ", "--kind", "xa", "--officer", "Cán bộ xã")
    out = run.win("--db", xa, "plan", "import", W("kế hoạch 1258.txt"))
    check("Đã lưu kế hoạch" in out, "a Windows-1258 plan with CRLF is stored")
    linux_xa = os.path.join(tempfile.mkdtemp(), "xa.sqlite")
    run.linux("init", "--db", linux_xa, "--name", "Ủy ban nhân dân xã Tiên Lữ", "--kind", "xa", "--officer", "Cán bộ xã")
    run.linux("--db", linux_xa, "plan", "import", SEED)
    ours = json.loads(run.win("--db", xa, "--json", "plan", "show", "38/KH-UBND"))["plan"]
    theirs = json.loads(run.linux("--db", linux_xa, "--json", "plan", "show", "38/KH-UBND"))["plan"]
    check(ours["content_hash"] == theirs["content_hash"],
          "the Windows-1258/CRLF text gives the plan the UTF-8 text gives on Linux (same content hash)")
    docx_of(SEED, L("kế hoạch.docx"))
    out = run.win("--db", W("từ docx.sqlite"), "init", "--name", "Ủy ban nhân dân xã Tiên Tiến", "--kind", "xa")
    out = run.win("--db", W("từ docx.sqlite"), "plan", "import", W("kế hoạch.docx"))
    check("Đã lưu kế hoạch" in out and "38/KH-UBND" in run.win("--db", W("từ docx.sqlite"), "plan", "list"),
          "a .docx plan is stored")

    # Results, a final report; its PDF from the same database by either
    # build: the same bytes.
    report_steps(run.win, xa)
    # The moment the file is made, fixed as reproducible builds fix it.
    at = {"SOURCE_DATE_EPOCH": "1783231200"}  # 05/07/2026 06:00 UTC
    run.win("--db", xa, "report", "pdf", "--period", "2026-H1", "--out", W("báo cáo 6 tháng.pdf"), env=at)
    copy = os.path.join(os.path.dirname(linux_xa), "ban-sao.sqlite")
    shutil.copy(L("xã Tiên Lữ.sqlite"), copy)
    linux_pdf = os.path.join(os.path.dirname(linux_xa), "bao-cao.pdf")
    run.linux("--db", copy, "report", "pdf", "--period", "2026-H1", "--out", linux_pdf, env=at)
    a_bytes, b_bytes = open(L("báo cáo 6 tháng.pdf"), "rb").read(), open(linux_pdf, "rb").read()
    check(a_bytes == b_bytes and len(a_bytes) > 10_000,
          f"the report PDF is byte-identical to the Linux build's from the same database ({len(a_bytes)} bytes)")

    # Signed with a .p12, verified.
    out = run.win("--db", xa, "report", "sign", "--period", "2026-H1", "--p12", W("chữ ký.p12"),
                  "--out", W("báo cáo đã ký.pdf"))
    check(os.path.exists(L("báo cáo đã ký.pdf")), "signed with a .p12 at a Vietnamese path")
    out = run.win("verify", W("báo cáo đã ký.pdf"), "--trust", W("ca.crt"))
    check("Nguyễn Văn An" in out, f"verified: {out.strip().splitlines()[0] if out.strip() else ''}")
    sig = subprocess.run(["pdfsig", L("báo cáo đã ký.pdf")], capture_output=True, text=True).stdout
    check("Signature Validation: Signature is Valid." in sig, "pdfsig on Linux reads the Windows signature as valid")

    # The province receives it.
    tinh = W("tỉnh.sqlite")
    run.win("init", "--db", tinh, "--name", "Ủy ban nhân dân tỉnh Thái Bình", "--kind", "tinh")
    run.win("--db", tinh, "trust", "add", W("ca.crt"))
    run.win("--db", tinh, "plan", "import", W("kế hoạch 1258.txt"))
    out = run.win("--db", tinh, "--today", "08/07/2026", "import", "--add-units", W("báo cáo đã ký.pdf"))
    check("1 nhận mới" in out, f"the province receives the file: {out.strip().splitlines()[0]}")
    out = run.win("--db", tinh, "--today", "08/07/2026", "submissions", "--period", "2026-H1")
    check("Tiên Lữ" in out, "who reported")
    out = run.win("--db", tinh, "--json", "consolidate", "--period", "2026-H1")
    value = json.loads(out[:out.rfind("}") + 1])["values"][0]
    check(abs(value["value"] - 96.0) < 1e-9, f"the consolidated figure: {value['value']}")

    if failures:
        print(f"windows: {len(failures)} failed")
        sys.exit(1)
    print("windows: every check passed")


if __name__ == "__main__":
    main()
