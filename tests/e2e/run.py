"""Drives the real kehoach window (Tauri + WebKitGTK) through tauri-driver.

Run under Xvfb: `xvfb-run -a python3 tests/e2e/run.py`. Expects the debug
builds of `kehoach` and `kehoach-app`, `tauri-driver` on PATH and Debian's
`WebKitWebDriver`. Screenshots go to target/e2e/.
"""

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback

from webdriver import Session

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
APP = os.path.join(ROOT, "target", "debug", "kehoach-app")
CLI = os.path.join(ROOT, "target", "debug", "kehoach")
OUT = os.path.join(ROOT, "target", "e2e")
DRIVER_LOG = open(os.environ.get("E2E_DRIVER_LOG", os.devnull), "w")
WINDOW_TITLE = "Kế hoạch – Theo dõi và Báo cáo"


def wait_port(port, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"port {port} did not open")


def start_driver(env=None):
    driver = shutil.which("tauri-driver") or os.path.expanduser("~/.cargo/bin/tauri-driver")
    proc = subprocess.Popen([driver, "--port", "4444", "--native-port", "4445"],
                            stdout=DRIVER_LOG, stderr=subprocess.STDOUT, env=env)
    wait_port(4444)
    wait_port(4445)
    return proc


def cli(*args, text=False):
    """`kehoach ARGS` once the window is gone: while a window holds its
    database, a command is refused ("đang được mở trong một cửa sổ"), so a check
    of what the window stored waits for it to close."""
    deadline = time.monotonic() + 20
    while True:
        out = subprocess.run([CLI, *args], capture_output=True, text=text)
        err = out.stderr if text else out.stderr.decode()
        if out.returncode == 0 or "đang được mở trong một cửa sổ" not in err or time.monotonic() > deadline:
            assert out.returncode == 0, err
            return out.stdout
        time.sleep(0.2)


def test_demo_plan_tree(tmp):
    db = os.path.join(tmp, "demo.sqlite")
    subprocess.run([CLI, "demo", "--db", db], check=True, capture_output=True)
    listed = subprocess.run([CLI, "--db", db, "--json", "plan", "list"], check=True, capture_output=True)
    task_count = json.loads(listed.stdout)[0]["task_count"]
    s = Session("http://127.0.0.1:4444", APP, ["--db", db])
    try:
        s.wait_for("#plan-list .plan-item")
        assert s.title() == WINDOW_TITLE, s.title()
        tab(s, "plan")
        unit = s.wait_for("#my-unit", predicate=lambda e: e[0].text())[0].text()
        assert unit == "Đơn vị: Sở Nội vụ", unit
        plans = s.find_all("#plan-list .plan-item")
        assert len(plans) == 1 and "38/KH-UBND" in plans[0].text(), plans[0].text()

        group = s.wait_for('li.task[data-code="III.3"]')[0]
        text = group.text()
        assert "Triển khai xây dựng xã hội học tập hướng đến người dân" in text, text
        assert "Chủ trì: Sở GDĐT" in text, text
        assert len(s.find_all("li.task")) == task_count, task_count
        assert s.find_all("#task-count")[0].text() == f"{task_count} nhiệm vụ."
        os.makedirs(OUT, exist_ok=True)
        # WebKit may hand back the previous paint of a page that just grew
        # by a hundred rows; let it paint once more.
        time.sleep(0.5)
        s.screenshot(os.path.join(OUT, "task-tree.png"))

        search = s.find_all("#search")[0]
        search.type("ho ngheo")
        s.wait_for("#task-count", predicate=lambda e: e[0].text() == "Tìm thấy 2 nhiệm vụ.")
        codes = [t.attribute("data-code") for t in s.find_all("li.task")]
        assert "III.3.1" in codes and len(codes) == 2, codes
        s.screenshot(os.path.join(OUT, "search-ho-ngheo.png"))

        # Correcting what the import read: a task's title, then an
        # indicator whose rule cannot change once figures exist.
        s.find_all('li.task[data-code="III.3.1"] > button.correct')[0].click()
        title = s.wait_for('li.task[data-code="III.3.1"] .edit-title')[0]
        title.clear()
        title.type("Không để học sinh thuộc hộ nghèo bỏ học (đã sửa)")
        s.find_all('li.task[data-code="III.3.1"] .edit-save')[0].click()
        s.wait_for("#notice", predicate=lambda e: e[0].displayed() and "Đã sửa nhiệm vụ III.3.1" in e[0].text())
        s.wait_for('li.task[data-code="III.3.1"]', predicate=lambda e: "(đã sửa)" in e[0].text())
        s.find_all("#indicator-list li.indicator > button.assign")[0].click()
        s.execute("const r = document.querySelector('.ind-rule'); r.value = 'sum'; r.dispatchEvent(new Event('change'));")
        s.find_all("#indicator-list .edit-save")[0].click()
        s.wait_for("#error", predicate=lambda e: e[0].displayed() and "đã có số liệu" in e[0].text())
        shot(s, "sua-chi-tieu.png")
    finally:
        s.close()
    # What the window said it stored is there for a command, once it closed.
    shown = json.loads(cli("--db", db, "--json", "task", "list", "--search", "da sua"))
    assert [t["task"]["code"] for t in shown] == ["III.3.1"], shown
    indicators = json.loads(cli("--db", db, "--json", "plan", "show", "38/KH-UBND"))["indicators"]
    assert indicators[0]["aggregation"]["rule"] == "ratio", indicators


TAB = "\ue004"
ENTER = "\ue007"
ESCAPE = "\ue00c"
F1 = "\ue031"


def tab(s, name):
    """Opens a screen and waits until it is filled: while its lists arrive
    its buttons move, and a click may land on the wrong place (a refused
    restore's click was lost that way on a loaded machine)."""
    s.find_all(f'.tabs button[data-tab="{name}"]')[0].click()
    s.wait_for(f"#tab-{name}", predicate=lambda e: e[0].displayed())
    s.wait_for("body:not([data-loading])", timeout=60)


def fill(s, css, text):
    """Types into a field and leaves it (Tab), as an officer does: the
    window saves on leaving a field."""
    field = s.wait_for(css, predicate=lambda e: e[0].displayed())[0]
    field.clear()
    # A new line is the Enter key, as typed.
    field.type(text.replace("\n", ENTER) + TAB)


def choose_period(s, period):
    """Chooses a period in the toolbar's list, as an officer does."""
    s.wait_for(f"#period option[value='{period}']", timeout=30)[0].click()
    s.wait_for("#period", predicate=lambda e: s.execute("return document.getElementById('period').value") == period)


def shot(s, name, top=True):
    os.makedirs(OUT, exist_ok=True)
    s.execute("document.activeElement && document.activeElement.blur();" + (" window.scrollTo(0, 0);" if top else ""))
    time.sleep(0.4)  # let WebKit paint what just changed
    s.screenshot(os.path.join(OUT, name))


def openssl(tmp, *args):
    subprocess.run(["openssl", *args], cwd=tmp, check=True, capture_output=True)


def test_pki(tmp):
    openssl(tmp, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
            "-days", "3650", "-subj", "/CN=Kehoach E2E CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl(tmp, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-utf8",
            "-subj", "/CN=Nguyễn Văn An/O=UBND xã Tiên Lữ")
    with open(os.path.join(tmp, "ext.cnf"), "w") as f:
        f.write("keyUsage=critical,digitalSignature,nonRepudiation\n")
    openssl(tmp, "x509", "-req", "-in", "leaf.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "leaf.crt", "-days", "365", "-extfile", "ext.cnf")
    openssl(tmp, "pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.crt", "-certfile", "ca.crt",
            "-out", "leaf.p12", "-passout", "pass:matkhau123")


DEMO_PLAN = os.path.join(ROOT, "assets", "demo", "ke-hoach.txt")
SEED = os.path.join(ROOT, "tests", "fixtures", "seeds", "003_6fafd23e193aabee.txt")


def signature_png(path, w=600, h=300, ppm=12000):
    """A blue scribble on a transparent background, 50 mm wide (pHYs)."""
    import math
    import struct
    import zlib
    rows = []
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            fx, fy = x / w, y / h
            curve = 0.5 + 0.3 * math.sin(fx * 12) * (1 - fx)
            on = abs(fy - curve) < 0.04 and 0.1 < fx < 0.9
            row += bytes([20, 40, 200, 255]) if on else bytes(4)
        rows.append(bytes(row))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
    png += chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
    png += chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def test_main_journey(tmp):
    """A commune imports the province's plan, enters results, drafts,
    finalises, signs and exports its report; the province (two levels since
    1/7/2025) receives the file and sees it in the completeness table and the
    figures. Every screen is photographed."""
    test_pki(tmp)
    xa = os.path.join(tmp, "xa.sqlite")
    export_dir = os.path.join(tmp, "xuat")
    s = Session("http://127.0.0.1:4444", APP, ["--db", xa, "--today", "05/07/2026", "--export-dir", export_dir])
    try:
        # First run: no database yet, the window asks whose to create.
        s.wait_for("#setup-name", predicate=lambda e: e[0].displayed())
        s.find_all("#setup-officer")[0].type("Trần Thị Bình")
        s.find_all("#setup-create")[0].click()
        s.wait_for("#error", predicate=lambda e: e[0].displayed() and "Tên đơn vị" in e[0].text())
        assert not os.path.exists(xa), "a database was created without a unit name"
        s.find_all("#setup-name")[0].type("Ủy ban nhân dân xã Tiên Lữ")
        shot(s, "bat-dau.png")
        s.find_all("#setup-create")[0].click()
        s.wait_for("#my-unit", predicate=lambda e: "Tiên Lữ" in e[0].text())
        assert os.path.exists(xa)
        # Kế hoạch: import the plan text.
        tab(s, "plan")
        s.find_all("#plan-file")[0].type(DEMO_PLAN)
        # Read and review before storing: each item shows its source text.
        s.find_all("#plan-preview")[0].click()
        item = s.wait_for('#review-items li[data-code="III.3"]')[0]
        s.execute("document.querySelector('#review-items li[data-code=\"III.3\"]').scrollIntoView({block: 'center'})")
        item.click()
        s.wait_for("#review-source .src-line.hit")
        hit = s.execute("return [...document.querySelectorAll('#review-source .src-line.hit')].map(x => x.textContent).join(' ')")
        assert "xã hội học tập" in hit, hit
        # Corrected before storing: a title read short; stored with the plan.
        s.find_all('#review-items li[data-code="III.5"] .review-actions button.correct')[0].click()
        title = s.wait_for('#review-items li[data-code="III.5"] .edit-title')[0]
        # The list scrolls inside the page; WebKit's driver needs the field in view.
        s.execute("document.querySelector('#review-items .edit-title').scrollIntoView({block: 'center'})")
        title.clear()
        title.type("Triển khai các hoạt động về văn hóa (đọc lại)")
        s.find_all('#review-items li[data-code="III.5"] .edit-save')[0].click()
        s.wait_for('#review-items li.corrected[data-code="III.5"]',
                   predicate=lambda e: "(đọc lại)" in e[0].text())
        # A partner unit added in the review, among the units the plan adds.
        s.find_all('#review-items li[data-code="III.1"] .review-actions button.assign-units')[0].click()
        s.execute("document.querySelector('#review-items .assign-form').scrollIntoView({block: 'center'})")
        s.wait_for('#review-items li[data-code="III.1"] select.partners option')
        # (An option below the list's fold cannot be clicked through WebKit's driver.)
        s.execute("""const o = [...document.querySelectorAll('#review-items li[data-code="III.1"] select.partners option')]
                     .find((o) => o.textContent.trim() === 'Sở Tài chính'); o.selected = true;""")
        s.find_all('#review-items li[data-code="III.1"] .assign-save')[0].click()
        s.wait_for('#review-items li.corrected[data-code="III.1"]',
                   predicate=lambda e: "Sở Tài chính" in e[0].text().partition("Phối hợp:")[2])
        shot(s, "xem-truoc-ke-hoach.png")
        s.find_all("#plan-import")[0].click()
        s.wait_for("#plan-import-result .ok", predicate=lambda e: "Đã lưu kế hoạch" in e[0].text())
        s.wait_for("#plan-list .plan-item", predicate=lambda e: "38/KH-UBND" in e[0].text())
        s.wait_for('li.task[data-code="III.3"]')
        shot(s, "ke-hoach.png")

        # Đơn vị & cài đặt: what the report's header and signature need.
        tab(s, "settings")
        s.wait_for('#settings-form textarea[data-key="report.symbol"]')
        for key, value in [("report.symbol", "BC-UBND"), ("report.place", "Tiên Lữ"),
                           ("report.to", "Ủy ban nhân dân tỉnh Hưng Yên"),
                           ("report.signer_authority", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
                           ("report.signer_name", "Nguyễn Văn An"),
                           ("report.distribution", "Như trên\nLưu: VT")]:
            fill(s, f'#settings-form textarea[data-key="{key}"]', value)
            s.wait_for("#notice", predicate=lambda e: e[0].displayed() and "Đã lưu" in e[0].text())
        # The signer's signature image, kept for every signing.
        signature_png(os.path.join(tmp, "chu-ky.png"))
        s.find_all("#keep-signature")[0].type(os.path.join(tmp, "chu-ky.png"))
        s.find_all("#keep-images")[0].click()
        s.wait_for("#kept-images", predicate=lambda e: "ảnh chữ ký" in e[0].text())
        # Another signer (a deputy), kept to be chosen at finalisation.
        s.find_all("#signer-authority")[0].type("KT. CHỦ TỊCH" + ENTER + "PHÓ CHỦ TỊCH")
        s.find_all("#signer-name")[0].type("Lê Văn Bình")
        s.find_all("#signer-add")[0].click()
        s.wait_for('#signer-list li[data-signer="Lê Văn Bình"]',
                   predicate=lambda e: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" in e[0].text())
        shot(s, "don-vi-cai-dat.png")

        # Nhập kết quả for 2026-H1.
        choose_period(s, "2026-H1")
        tab(s, "entry")
        row = 'tr[data-task="III.3"]'
        s.wait_for(row)
        s.find_all(f'{row} select.status option[value="hoàn thành"]')[0].click()
        fill(s, f"{row} textarea.narrative", "Huy động 96% trẻ từ 3 đến 5 tuổi ra lớp.")
        s.wait_for(f"{row} .row-msg", predicate=lambda e: e[0].text() == "Đã lưu")
        # A bad number is refused in place, and nothing typed is lost.
        fill(s, f"{row} input.budget", "12,5,0")
        s.wait_for(f"{row} .row-msg.bad", predicate=lambda e: "Kinh phí" in e[0].text())
        fill(s, f"{row} input.budget", "12.500.000")
        s.wait_for(f"{row} .row-msg.ok")
        ind = "#entry-values tbody tr"
        fill(s, f"{ind} input.numerator", "480")
        fill(s, f"{ind} input.denominator", "500")
        s.wait_for(f"{ind} .row-msg.ok", predicate=lambda e: "96" in e[0].text())
        shot(s, "nhap-ket-qua.png")

        # Báo cáo: draft, finalise, sign with the .p12, export.
        tab(s, "report")
        s.find_all("#report-draft")[0].click()
        s.wait_for("#report-status", predicate=lambda e: "Tình trạng: dự thảo" in e[0].text())
        text = s.execute("return document.getElementById('report-text').textContent")
        assert "Huy động 96% trẻ" in text, text
        # The draft asks for the reasons no result gave: finalising it as is
        # is refused, naming the section; the officer writes them there.
        s.find_all("#report-finalize")[0].click()
        s.wait_for("#error", predicate=lambda e: e[0].displayed() and "còn chỗ chưa viết: mục III." in e[0].text())
        assert "Tình trạng: dự thảo" in s.find_all("#report-status")[0].text()
        area = '#report-sections textarea[data-section="III"]'
        # The officer selects the instruction and types over it (the window
        # saves a section when it is left).
        s.execute(f"""const a = document.querySelector('{area}'); a.focus();
            const at = a.value.indexOf('(Nêu nguyên nhân chủ quan, khách quan.)');
            a.setSelectionRange(at, at + '(Nêu nguyên nhân chủ quan, khách quan.)'.length);""")
        s.find_all(area)[0].type("Kinh phí cấp chậm; cán bộ theo dõi còn kiêm nhiệm." + TAB)
        s.wait_for("#notice", predicate=lambda e: e[0].displayed() and "Đã lưu phần III" in e[0].text())
        kept = s.execute(f"return document.querySelector('{area}').value")
        assert "Kinh phí cấp chậm" in kept and "1. Ưu điểm" in kept and "(Nêu" not in kept, kept
        s.find_all("#report-finalize")[0].click()
        s.wait_for("#report-status", predicate=lambda e: "đã hoàn thành" in e[0].text() and "01/BC-UBND" in e[0].text())
        s.find_all("#p12-file")[0].type(os.path.join(tmp, "leaf.p12"))
        s.find_all("#p12-password")[0].type("sai-mat-khau")
        s.find_all("#report-sign")[0].click()
        s.wait_for("#error", predicate=lambda e: e[0].displayed() and "Sai mật khẩu" in e[0].text())
        fill(s, "#p12-password", "matkhau123")
        s.find_all("#report-sign")[0].click()
        s.wait_for("#report-status", predicate=lambda e: "đã ký" in e[0].text())
        s.find_all("#report-export")[0].click()
        exported = s.wait_for("#notice", predicate=lambda e: "Đã xuất tệp" in e[0].text())[0].text()
        path = exported.split("Đã xuất tệp: ", 1)[1].strip()
        assert os.path.exists(path), path
        shot(s, "bao-cao.png")
        # The signed PDF drawn in the window, every page of it.
        pages = int(subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True)
                    .stdout.split("Pages:")[1].split()[0])
        s.find_all("#report-preview")[0].click()
        s.wait_for("#report-pages", timeout=60, predicate=lambda e: e[0].attribute("data-pages") == str(pages))
        inked = s.execute("""return [...document.querySelectorAll('#report-pages canvas')].map(c => {
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i] < 100 && d[i + 3] > 0) n++; return n; })""")
        assert len(inked) == pages and all(n > 1000 for n in inked), inked
        s.execute("document.activeElement.blur(); document.querySelectorAll('#report-pages .pdf-page')[1].scrollIntoView({block: 'start'})")
        time.sleep(0.4)
        s.screenshot(os.path.join(OUT, "ban-pdf.png"))
        # The signed page, with the kept signature image in its place.
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", "-f", "2", "-l", "2", path,
                        os.path.join(OUT, "bao-cao-da-ky-trang-2")], check=True)
        page2 = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-layout", path, "-"], capture_output=True, text=True).stdout
        assert "TM. ỦY BAN NHÂN DÂN" in page2 and "CHỦ TỊCH" in page2 and "DÂNCHỦ" not in page2, page2
        # The kept signature image is drawn on the signed page (with its mask).
        images = subprocess.run(["pdfimages", "-list", path], capture_output=True, text=True).stdout
        assert any(l.split()[:3] == ["2", "0", "image"] and "600" in l for l in images.splitlines()), images

        # Tổng quan of the commune.
        tab(s, "overview")
        s.wait_for("#overview-indicators .bar-row")
        shot(s, "tong-quan.png")
    finally:
        s.close()
    # What the window stored, read by a command once the window closed.
    me = json.loads(cli("--db", xa, "--json", "unit", "list"))
    assert any(u["name"] == "Ủy ban nhân dân xã Tiên Lữ" and u["kind"] == "xa" for u in me), me
    shown = json.loads(cli("--db", xa, "--json", "task", "list", "--search", "doc lai"))
    assert [t["task"]["code"] for t in shown] == ["III.5"], shown
    tasks = json.loads(cli("--db", xa, "--json", "task", "list", "--plan", "38/KH-UBND"))
    first = [t for t in tasks if t["task"]["code"] == "III.1"][0]
    assert "Sở Tài chính" in [u["name"] for u in first["partners"]], first["partners"]
    verified = subprocess.run([CLI, "verify", path, "--trust", os.path.join(tmp, "ca.crt")], capture_output=True, text=True)
    assert verified.returncode == 0, verified.stdout + verified.stderr

    # The province receives the file (communes report to it directly).
    huyen = os.path.join(tmp, "tinh.sqlite")
    subprocess.run([CLI, "init", "--db", huyen, "--name", "Ủy ban nhân dân tỉnh Hưng Yên", "--kind", "tinh"],
                   check=True, capture_output=True)
    subprocess.run([CLI, "--db", huyen, "plan", "import", DEMO_PLAN], check=True, capture_output=True)
    s = Session("http://127.0.0.1:4444", APP, ["--db", huyen, "--today", "20/07/2026"])
    try:
        s.wait_for("#my-unit", predicate=lambda e: "Hưng Yên" in e[0].text())
        tab(s, "settings")
        s.find_all("#trust-file")[0].type(os.path.join(tmp, "ca.crt"))
        s.find_all("#trust-add")[0].click()
        s.wait_for("#trust-list li", predicate=lambda e: "Kehoach E2E CA" in e[0].text())
        choose_period(s, "2026-H1")
        tab(s, "consolidate")
        # The folder picker exists in this webview (the files are sent as
        # the file picker's; its dialog cannot be driven from here).
        assert s.execute("return document.getElementById('import-folder').webkitdirectory === true")
        s.find_all("#import-files")[0].type(path)
        s.find_all("#import-run")[0].click()
        s.wait_for("#import-outcomes li", predicate=lambda e: "chưa có trong danh sách" in e[0].text())
        s.find_all("#add-units")[0].click()
        s.find_all("#import-run")[0].click()
        s.wait_for("#import-outcomes li.accepted", predicate=lambda e: "đã nhận: Ủy ban nhân dân xã Tiên Lữ" in e[0].text())
        row = s.wait_for('#completeness tr[data-unit="Ủy ban nhân dân xã Tiên Lữ"]')[0].text()
        # The plan has the communes report before 05/7: the file of 20/07 is late.
        assert "muộn" in row and "05/07/2026" in row and "20/07/2026" in row, row
        # Unit × period: the six-month report in its column.
        header = [th.text() for th in s.find_all("#completeness-matrix thead th")]
        cells = [td.text() for td in s.wait_for('#completeness-matrix tr[data-unit="Ủy ban nhân dân xã Tiên Lữ"] td')]
        assert "2026-H1" in header, header
        assert cells[header.index("2026-H1")] == "muộn", (header, cells)
        # Added to the list when its file came: earlier reports not asked of it.
        assert cells[header.index("2025")] == "—", (header, cells)
        # The province gave its communes until 25/7 this time: set in the
        # window, the file is on time.
        s.find_all("#due-date")[0].type("25/7")
        s.find_all("#due-set")[0].click()
        s.wait_for("#notice", predicate=lambda e: e[0].displayed() and "Đã đặt hạn báo cáo 6 tháng" in e[0].text())
        row = s.wait_for('#completeness tr[data-unit="Ủy ban nhân dân xã Tiên Lữ"]',
                         predicate=lambda e: "25/07/2026" in e[0].text())[0].text()
        assert "đúng hạn" in row, row
        figure = s.wait_for("#figures td.figure")[0].text()
        assert figure.startswith("96% (480 / 500)"), figure
        shot(s, "tong-hop.png")
        tab(s, "settings")
        s.wait_for('#unit-tree li[data-unit="Ủy ban nhân dân tỉnh Hưng Yên"] li[data-unit="Ủy ban nhân dân xã Tiên Lữ"]')
        shot(s, "cay-don-vi.png")
        # The plan, signed and saved to send down (the save dialog is the
        # system's: the page's call is made as the button makes it).
        sent_down = os.path.join(tmp, "ke-hoach gửi xã.pdf")
        p12 = list(open(os.path.join(tmp, "leaf.p12"), "rb").read())
        s.execute("""const [path, p12] = arguments; window.__sent = null;
            (async () => {
              const invoke = window.__TAURI__.core.invoke;
              const [plan] = await invoke("list_plans");
              try { window.__sent = await invoke("plan_export_signed", { planId: plan.id, path, p12, password: "matkhau123" }); }
              catch (e) { window.__sent = { error: e.message }; }
            })();""", [sent_down, p12])
        deadline = time.monotonic() + 30
        while (sent := s.execute("return window.__sent")) is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert isinstance(sent, list), sent
        verified = subprocess.run([CLI, "verify", sent_down, "--trust", os.path.join(tmp, "ca.crt")],
                                  capture_output=True, text=True)
        assert verified.returncode == 0, verified.stdout + verified.stderr
        text = subprocess.run(["pdftotext", sent_down, "-"], capture_output=True, text=True, check=True).stdout
        assert "38/KH-UBND" in text, text[:500]
        # The list's search box, with the core's matching: no diacritics typed.
        s.find_all("#unit-search")[0].type("tien lu")
        s.wait_for("#unit-tree li", predicate=lambda e: any(not x.displayed() for x in e))
        shown = [li.attribute("data-unit") for li in s.find_all("#unit-tree li") if li.displayed()]
        assert shown == ["Ủy ban nhân dân tỉnh Hưng Yên", "Ủy ban nhân dân xã Tiên Lữ"], shown
    finally:
        s.close()
    listed = cli("--db", huyen, "--today", "20/07/2026", "submissions", "--period", "2026-H1", text=True)
    assert any("Tiên Lữ" in l and "đúng hạn" in l for l in listed.splitlines()), listed


def test_scanned_plan(tmp):
    """A plan arrives as a scan: the window reads it by OCR, says the
    progress page by page while the window stays usable, shows the pages
    and where each item is, and stores it."""
    seed = os.path.join(ROOT, "tests", "fixtures", "seeds", "000_9c4cba035ee695d3.txt")
    pdf, scan = os.path.join(tmp, "ke-hoach.pdf"), os.path.join(tmp, "bản quét kế hoạch.pdf")
    venv = os.path.join(ROOT, ".venv", "bin", "python")
    subprocess.run([venv, "-c", "import sys; sys.path.insert(0, 'tests/plans'); import layout_plan, scan; "
                    f"layout_plan.build({seed!r}, {pdf!r}); scan.scanned({pdf!r}, 300, {scan!r}, {tmp!r})"],
                   check=True, cwd=ROOT, capture_output=True)
    db = os.path.join(tmp, "xa.sqlite")
    cli("init", "--db", db, "--name", "Ủy ban nhân dân xã Quảng Phú", "--kind", "xa")
    s = Session("http://127.0.0.1:4444", APP, ["--db", db])
    try:
        # Started: its unit shown (a tab clicked before, on a loaded machine,
        # was once lost in a clean-clone run).
        s.wait_for("#my-unit", timeout=60, predicate=lambda e: "Quảng Phú" in e[0].text())
        tab(s, "plan")
        s.find_all("#plan-file")[0].type(scan)
        s.find_all("#plan-preview")[0].click()
        seen = s.wait_for("#plan-import-result", timeout=60,
                          predicate=lambda e: "Đang nhận dạng chữ bản quét: trang" in e[0].text())[0].text()
        # The window answers while the scan is read: another tab opens.
        tab(s, "settings")
        tab(s, "plan")
        origin = s.wait_for("#review-origin", timeout=120, predicate=lambda e: "ảnh quét" in e[0].text())[0].text()
        assert "4 trang" in origin, origin
        pages = s.execute("return [...document.querySelectorAll('#review-source .src-page')].map(x => x.textContent)")
        assert pages == ["Trang 1", "Trang 2", "Trang 3", "Trang 4"], pages
        item = s.wait_for('#review-items li[data-code="III.1"]')[0].text()
        assert "(trang 4, dòng" in item, item
        # The item's page of the scan, drawn beside the items (pdf.js).
        s.find_all('#review-items li[data-code="III.1"]')[0].click()
        s.wait_for('#review-page canvas[aria-label="Trang 4 của văn bản gốc"]', timeout=60)
        width = s.execute("return document.querySelector('#review-page canvas').width")
        assert width == 560, width
        shot(s, "nhap-ban-quet.png")
        warnings = s.find_all("#review-warnings")[0].text()
        assert "nhận dạng tự động (OCR)" in warnings and "không có chữ ký số" in warnings, warnings
        s.find_all("#plan-import")[0].click()
        s.wait_for("#plan-import-result .ok", timeout=60, predicate=lambda e: "Đã lưu kế hoạch" in e[0].text())
        print(f"  progress seen: {seen}")
    finally:
        s.close()
    listed = json.loads(cli("--db", db, "--json", "plan", "list", text=True))
    assert [p["doc_number"] for p in listed] == ["208/KH-UBND"], listed


def test_indicator_sheet(tmp):
    """Figures arrive as the Excel template filled by another program
    (openpyxl): the window shows what the sheet changes, stores nothing
    until asked, then stores it; a sheet with a bad cell lists the cell
    beside the field and stores nothing."""
    plan_text = os.path.join(ROOT, "tests", "sheets", "ke-hoach-chi-tieu.txt")
    db = os.path.join(tmp, "xa.sqlite")
    cli("init", "--db", db, "--name", "Ủy ban nhân dân xã Tiền Phong", "--kind", "xa")
    cli("--db", db, "plan", "import", plan_text, "--rule", "CT2=cộng", "--measure", "CT2=người")
    current = json.loads(cli("--db", db, "--json", "period", "current", "--plan", "12/KH-UBND", text=True))
    period = current["periods"][0]["period"]
    template = os.path.join(tmp, "bảng mẫu.xlsx")
    cli("--db", db, "indicator", "template", "--plan", "12/KH-UBND", "--period", period, "--out", template)
    good, bad = os.path.join(tmp, "đã điền.xlsx"), os.path.join(tmp, "điền sai.xlsx")
    venv = os.path.join(ROOT, ".venv", "bin", "python")
    subprocess.run([venv, "-c", "import openpyxl, sys; t, good, bad = sys.argv[1:]; wb = openpyxl.load_workbook(t); "
                    "ws = wb['Chỉ tiêu']; ws['G7'], ws['H7'], ws['F8'] = 25, 1000, 30; wb.save(good); "
                    "ws['F8'] = '12,5a'; wb.save(bad)", template, good, bad], check=True, capture_output=True)
    s = Session("http://127.0.0.1:4444", APP, ["--db", db])
    try:
        tab(s, "entry")
        shown = s.execute("return document.getElementById('period').value")
        assert shown == period, (shown, period)
        s.find_all("#entry-sheet-file")[0].type(bad)
        problems = s.wait_for("#entry-sheet-problems", timeout=30, predicate=lambda e: e[0].displayed())[0].text()
        assert "Chỉ tiêu!F8: “12,5a” không phải số." in problems and "chưa lưu gì" in problems, problems
        s.find_all("#entry-sheet-file")[0].type(good)
        s.wait_for("#entry-sheet-preview", timeout=30, predicate=lambda e: e[0].displayed())
        assert s.find_all("#entry-sheet-problems")[0].displayed() is False
        changes = s.find_all("#entry-sheet-changes tbody")[0].text()
        assert "25 / 1.000" in changes and "Chỉ tiêu, dòng 8" in changes, changes
        shot(s, "nhap-bang-excel.png")
        s.find_all("#entry-sheet-store")[0].click()
        s.wait_for("#notice", timeout=30, predicate=lambda e: "Đã lưu số liệu 2 chỉ tiêu" in e[0].text())
        # The grid shows what was stored.
        s.wait_for('#entry-values input.numerator', predicate=lambda e: e[0].attribute("value") == "25")
    finally:
        s.close()
    stored = json.loads(cli("--db", db, "--json", "indicator", "show", "--plan", "12/KH-UBND", "--period", period,
                            text=True))
    got = [(v["value"] or {}).get("numerator") for v in stored[:2]] + [(v["value"] or {}).get("value") for v in stored[1:2]]
    assert got == [25.0, None, 30.0], got


def test_period_chooser(tmp):
    """The overview's Việc cần làm lists the core's next steps and leads to
    their screens. The period is chosen from the plan's list, the same list `period
    list` gives, each with its due date; the one being reported is chosen
    first, and choosing another shows that period's results."""
    db = os.path.join(tmp, "d.sqlite")
    cli("--db", db, "demo")
    listed = json.loads(cli("--db", db, "--json", "period", "list", "--plan", "38/KH-UBND", text=True))
    current = json.loads(cli("--db", db, "--json", "period", "current", "--plan", "38/KH-UBND", text=True))
    s = Session("http://127.0.0.1:4444", APP, ["--db", db])
    try:
        # Việc cần làm: the core's steps, each linking to its screen.
        s.wait_for("#overview-steps li", timeout=60)
        steps = s.execute("return Array.from(document.querySelectorAll('#overview-steps li'), "
                          "l => [l.className === 'done', l.children[1].textContent])")
        assert steps == [[st["done"], st["text"]] for st in current["next_steps"]], (steps, current["next_steps"])
        assert any("chưa có kết quả" in t for _, t in steps), steps
        shot(s, "viec-can-lam.png")
        # Help in the real window: F1 opens the screen's own, Esc closes it.
        s.find_all("#period")[0].type(F1)
        title = s.wait_for("#help[open] #help-title")[0].text()
        assert title == "Trợ giúp — Tổng quan", title
        lines = [p.text() for p in s.find_all("#help-body p")]
        assert len(lines) >= 2 and all("--" not in l and "/home" not in l for l in lines), lines
        shot(s, "tro-giup.png")
        s.find_all("#help-close")[0].type(ESCAPE)
        s.wait_for("#help", predicate=lambda e: e[0].attribute("open") is None)
        s.find_all("#overview-steps button[data-screen='entry']")[0].click()
        s.wait_for("#tab-entry", predicate=lambda e: e[0].displayed())
        s.wait_for("body:not([data-loading])", timeout=60)
        options = s.execute("return Array.from(document.querySelectorAll('#period option'), "
                            "o => [o.value, o.textContent, o.parentNode.label])")
        assert [o[0] for o in options] == [r["period"] for r in listed], (options, listed)
        # Each says its period and either that it was reported or its due date.
        def ddmmyyyy(iso):
            y, m, d = iso.split("-")
            return f"{d}/{m}/{y}"
        for (value, text, group), row in zip(options, listed):
            assert text in (f"{row['label']} — đã báo cáo", f"{row['label']} — hạn {ddmmyyyy(row['due'])}"), (text, row)
            assert group == f"Năm {row['data_to'][:4]}", (group, row)
        assert any(o[1] == "6 tháng đầu năm 2026 — đã báo cáo" for o in options), options
        assert any(o[1] == "năm 2026 — hạn 15/12/2026" for o in options), options
        assert s.execute("return document.getElementById('period').value") == current["reporting"], current
        # The "?" button opens the help of the screen on show.
        s.find_all("#help-button")[0].click()
        s.wait_for("#help[open] #help-title", predicate=lambda e: e[0].text() == "Trợ giúp — Nhập kết quả")
        s.find_all("#help-close")[0].click()
        s.wait_for("#help", predicate=lambda e: e[0].attribute("open") is None)
        s.find_all("#period option[value='2025']")[0].click()
        s.wait_for("#entry-title", timeout=30, predicate=lambda e: e[0].text() == "Nhập kết quả — năm 2025")
        shot(s, "chon-ky-bao-cao.png")
    finally:
        s.close()


def test_token_chooser(tmp):
    """A USB token (SoftHSM2, found through its p11-kit registration) is
    chosen by its holder's name, its PIN typed, and the report signed: no
    library path typed."""
    test_pki(tmp)
    conf = os.environ["SOFTHSM2_CONF"]
    tokens = os.path.join(os.path.dirname(conf), "tokens")
    shutil.rmtree(tokens, ignore_errors=True)
    os.makedirs(tokens)
    env = dict(os.environ)
    pin = "123456"
    def run(*args):
        subprocess.run(args, cwd=tmp, env=env, check=True, capture_output=True)
    run("softhsm2-util", "--init-token", "--free", "--label", "Kehoach E2E", "--so-pin", "87654321", "--pin", pin)
    run("softhsm2-util", "--import", "leaf.key", "--token", "Kehoach E2E", "--label", "ky-so", "--id", "01", "--pin", pin)
    openssl(tmp, "x509", "-in", "leaf.crt", "-outform", "DER", "-out", "leaf.der")
    run("pkcs11-tool", "--module", "/usr/lib/softhsm/libsofthsm2.so", "--token-label", "Kehoach E2E", "--login",
        "--pin", pin, "--write-object", "leaf.der", "--type", "cert", "--id", "01", "--label", "ky-so")
    db = os.path.join(tmp, "d.sqlite")
    cli("demo", "--db", db)
    current = json.loads(cli("--db", db, "--json", "period", "current", "--plan", "38/KH-UBND", text=True))
    period = current["reporting"]
    cli("--db", db, "report", "draft", "--period", period)
    cli("--db", db, "report", "finalize", "--period", period)
    s = Session("http://127.0.0.1:4444", APP, ["--db", db])
    try:
        tab(s, "report")
        s.find_all('input[name="key-kind"][value="token"]')[0].click()
        s.wait_for("#token-found", timeout=60, predicate=lambda e: "Thấy 1 chứng thư" in e[0].text())
        chosen = s.execute("const k = document.getElementById('token-key'); return k.options[k.selectedIndex].textContent")
        assert chosen.startswith("Nguyễn Văn An — UBND xã Tiên Lữ — hết hạn ") and chosen.endswith("(thiết bị Kehoach E2E)"), chosen
        fill(s, "#token-pin", pin)
        s.execute("document.getElementById('report-sign-box').scrollIntoView()")
        shot(s, "chon-thiet-bi-ky-so.png", top=False)
        assert s.execute("return document.getElementById('token-other').open") is False, "the library path is folded away"
        s.find_all("#report-sign")[0].click()
        s.wait_for("#notice", timeout=60, predicate=lambda e: e[0].displayed() and "Đã ký số báo cáo" in e[0].text())
    finally:
        s.close()
    shown = json.loads(cli("--db", db, "--json", "report", "show", "--period", period, text=True))
    assert shown["status"] == "signed", shown["status"]


def test_report_from_word(tmp):
    """The leader's corrections come back as the Word file kehoach wrote,
    edited by another program (python-docx): the window shows the section's
    change line by line and stores it when asked."""
    db = os.path.join(tmp, "d.sqlite")
    cli("demo", "--db", db)
    current = json.loads(cli("--db", db, "--json", "period", "current", "--plan", "38/KH-UBND", text=True))
    period = current["periods"][0]["period"]
    cli("--db", db, "report", "draft", "--period", period)
    written, edited = os.path.join(tmp, "dự thảo.docx"), os.path.join(tmp, "lãnh đạo sửa.docx")
    cli("--db", db, "report", "docx", "--period", period, "--out", written)
    venv = os.path.join(ROOT, ".venv", "bin", "python")
    added = "Đề nghị tỉnh bổ sung kinh phí năm 2027."
    subprocess.run([venv, "-c", "import docx, copy, sys; src, out, line = sys.argv[1:]; d = docx.Document(src); "
                    "ps = d.paragraphs; i = [p.text for p in ps].index([p.text for p in ps if p.text.startswith('V. ')][0]); "
                    "last = ps[i + 1]; new = copy.deepcopy(last._p); last._p.addnext(new); "
                    "from docx.text.paragraph import Paragraph; q = Paragraph(new, last._parent); "
                    "[r._r.getparent().remove(r._r) for r in q.runs[1:]]; q.runs[0].text = line; d.save(out)",
                    written, edited, added], check=True, capture_output=True)
    s = Session("http://127.0.0.1:4444", APP, ["--db", db])
    try:
        tab(s, "report")
        s.wait_for('textarea[data-section="V"]')
        s.find_all("#report-docx-file")[0].type(edited)
        change = s.wait_for('.docx-change[data-section="V"]', timeout=30)[0].text()
        assert f"+ {added}" in change, change
        shot(s, "nhan-ban-word.png")
        s.find_all("#report-docx-store")[0].click()
        s.wait_for("#notice", timeout=30, predicate=lambda e: "Đã lưu 1 phần sửa từ bản Word" in e[0].text())
    finally:
        s.close()
    shown = json.loads(cli("--db", db, "--json", "report", "show", "--period", period, text=True))
    v = [x for x in shown["sections"] if x["code"] == "V"][0]["text"]
    assert v.endswith(added), v


def app_pid(db):
    """The window's process, found by the database it was started on."""
    out = subprocess.run(["pgrep", "-f", f"kehoach-app.*--db {db}"], capture_output=True, text=True).stdout.split()
    assert len(out) == 1, out
    return int(out[0])


def test_saved_results_survive_a_command_while_the_window_is_open(tmp):
    """Seen in the field: the window's file chooser had browsed the
    database's folder (GIO opens and closes files there, which drops every
    POSIX lock the app holds on them), a command then ran on the same
    database and reset its write-ahead log, and every result the window
    later called "Đã lưu" was gone once it closed. Here a descriptor of the
    database is opened and closed inside the app's own process (by a small
    library loaded into it, as GIO would), a command is run, more results are saved, and after
    the window closes every saved result is there. Text typed before a
    status is chosen is said in its row, never dropped silently."""
    db = os.path.join(tmp, "xa.sqlite")
    subprocess.run([CLI, "demo", "--db", db], check=True, capture_output=True)
    s = Session("http://127.0.0.1:4444", APP, ["--db", db, "--today", "01/12/2026"])
    saved = {}
    try:
        s.wait_for("#plan-list .plan-item")
        # On 01/12/2026 the period shown is the second half of 2026.
        s.wait_for("#period", predicate=lambda e: e[0].attribute("value") == "2026-H2")
        tab(s, "entry")
        s.wait_for("#entry-tasks tbody tr")
        free = s.execute("""return [...document.querySelectorAll('#entry-tasks tbody tr')]
            .filter((tr) => !tr.querySelector('select.status').value).map((tr) => tr.dataset.task)""")
        assert len(free) >= 3, free

        def save(code, text):
            row = f'tr[data-task="{code}"]'
            s.find_all(f'{row} select.status option[value="đang thực hiện"]')[0].click()
            fill(s, f"{row} textarea.narrative", text)
            s.wait_for(f"{row} .row-msg", predicate=lambda e: e[0].text() == "Đã lưu")
            saved[code] = text

        save(free[0], "Đã lưu trước khi lệnh chạy.")
        pid = app_pid(db)
        # The window's process opens and closes the database's file by
        # itself (tests/e2e/close_shim.c, loaded into it for this run).
        request = os.environ["KEHOACH_SHIM_REQUEST"]
        with open(request, "w") as f:
            f.write(db)
        if os.path.exists(request + ".done"):
            os.remove(request + ".done")
        os.kill(pid, signal.SIGUSR2)
        deadline = time.monotonic() + 10
        while not os.path.exists(request + ".done") and time.monotonic() < deadline:
            time.sleep(0.05)
        with open(request + ".done") as f:
            assert f.read() == "0", "the window's process could not open and close the database's file"
        ran = subprocess.run([CLI, "--db", db, "task", "list"], capture_output=True, text=True)
        assert ran.returncode != 0, ran.stdout
        assert "đang được mở trong một cửa sổ" in ran.stderr, ran.stderr
        save(free[1], "Đã lưu sau khi lệnh chạy.")
        # Typed with the status still "—": said in the row, kept in the field.
        row = f'tr[data-task="{free[2]}"]'
        fill(s, f"{row} textarea.narrative", "Chưa chọn tình trạng.")
        msg = s.wait_for(f"{row} .row-msg.bad", predicate=lambda e: "Chưa lưu" in e[0].text())[0].text()
        assert "Tình trạng" in msg, msg
        assert s.execute(f"return document.querySelector('{row} textarea.narrative').value") == "Chưa chọn tình trạng."
        s.find_all(f'{row} select.status option[value="hoàn thành"]')[0].click()
        s.wait_for(f"{row} .row-msg", predicate=lambda e: e[0].text() == "Đã lưu")
        saved[free[2]] = "Chưa chọn tình trạng."
    finally:
        s.close()
    cli("--db", db, "plan", "list")  # waits for the window to be gone
    conn = sqlite3.connect(db)
    stored = dict(conn.execute("""SELECT t.code, p.narrative FROM progress p JOIN tasks t ON t.id = p.task_id
                                  WHERE p.period = '2026-H2'""").fetchall())
    conn.close()
    for code, text in saved.items():
        assert stored.get(code) == text, (code, stored.get(code))


def test_bad_database_shows_a_message(tmp):
    bad = os.path.join(tmp, "not-a-db.sqlite")
    with open(bad, "w") as f:
        f.write("đây không phải cơ sở dữ liệu")
    s = Session("http://127.0.0.1:4444", APP, ["--db", bad])
    try:
        box = s.wait_for("#error", predicate=lambda e: e[0].displayed())[0]
        assert "không phải là cơ sở dữ liệu SQLite" in box.text(), box.text()
        assert s.find_all("#plan-list .plan-item") == []
    finally:
        s.close()
    with open(bad) as f:
        assert f.read() == "đây không phải cơ sở dữ liệu"


def test_restore_a_backup(tmp):
    """A backup picked in the window crosses raw to the core: a file that is
    not a database is refused and changes nothing; another office's backup
    is restored, the current database kept aside, and the window shows it."""
    db = os.path.join(tmp, "demo.sqlite")
    subprocess.run([CLI, "demo", "--db", db], check=True, capture_output=True)
    other = os.path.join(tmp, "sao-luu xã Tiên Lữ.sqlite")
    subprocess.run([CLI, "init", "--db", other, "--name", "Ủy ban nhân dân xã Tiên Lữ", "--kind", "xa"],
                   check=True, capture_output=True)
    bad = os.path.join(tmp, "ghi-chu.sqlite")
    with open(bad, "w") as f:
        f.write("không phải cơ sở dữ liệu")
    s = Session("http://127.0.0.1:4444", APP, ["--db", db])
    try:
        s.wait_for("#my-unit", predicate=lambda e: "Sở Nội vụ" in e[0].text())
        tab(s, "settings")
        s.find_all("#restore-file")[0].type(bad)
        s.find_all("#restore-run")[0].click()
        # A fresh machine's first windows are slow (it failed once at 20 s
        # on a clean clone right after the build, passing alone and in the
        # full suite after).
        s.wait_for("#error", timeout=60, predicate=lambda e: e[0].displayed() and "SQLite" in e[0].text())
        assert "Sở Nội vụ" in s.find_all("#my-unit")[0].text()
        s.execute("document.getElementById('restore-file').value = ''")
        s.find_all("#restore-file")[0].type(other)
        s.find_all("#restore-run")[0].click()
        s.wait_for("#notice", predicate=lambda e: e[0].displayed() and "Đã phục hồi" in e[0].text())
        s.wait_for("#my-unit", predicate=lambda e: e[0].text() == "Đơn vị: Ủy ban nhân dân xã Tiên Lữ")
        # (The plan list is on another screen: read, not seen.)
        listed = s.execute("return document.getElementById('plan-list').textContent")
        assert "Chưa có kế hoạch nào" in listed, listed
    finally:
        s.close()
    units = json.loads(cli("--db", db, "--json", "unit", "list"))
    assert [u["name"] for u in units] == ["Ủy ban nhân dân xã Tiên Lữ"], units
    aside = [f for f in os.listdir(tmp) if f.startswith("truoc-phuc-hoi-")]
    assert len(aside) == 1, os.listdir(tmp)
    kept = json.loads(subprocess.run([CLI, "--db", os.path.join(tmp, aside[0]), "--json", "plan", "list"],
                                     check=True, capture_output=True).stdout)
    assert kept[0]["doc_number"] == "38/KH-UBND", kept


def test_shipped_rendering_mode(tmp):
    """The app as shipped draws without WebKit's accelerated compositing
    (src-tauri/src/main.rs), a mode in which WebKitWebDriver cannot take
    screenshots: here the window is used in that mode, without them —
    dashboard, search, a draft and its PDF drawn by pdf.js."""
    db = os.path.join(tmp, "demo.sqlite")
    subprocess.run([CLI, "demo", "--db", db], check=True, capture_output=True)
    s = Session("http://127.0.0.1:4444", APP, ["--db", db, "--today", "01/12/2026",
                                               "--export-dir", os.path.join(tmp, "xuat")])
    try:
        s.wait_for("#overview-title", predicate=lambda e: "38/KH-UBND" in e[0].text())
        tab(s, "plan")
        s.find_all("#search")[0].type("ho ngheo")
        s.wait_for("#task-count", predicate=lambda e: e[0].text() == "Tìm thấy 2 nhiệm vụ.")
        choose_period(s, "2026-H2")
        tab(s, "report")
        s.find_all("#report-draft")[0].click()
        s.wait_for("#report-status", predicate=lambda e: "Tình trạng: dự thảo" in e[0].text())
        s.find_all("#report-preview")[0].click()
        s.wait_for("#report-pages", timeout=60, predicate=lambda e: (e[0].attribute("data-pages") or "0") != "0")
        inked = s.execute("""return [...document.querySelectorAll('#report-pages canvas')].map(c => {
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i] < 100 && d[i + 3] > 0) n++; return n; })""")
        assert inked and all(n > 1000 for n in inked), inked
        print_to_file(s, tmp, len(inked))
    finally:
        s.close()


def print_to_file(s, tmp, pages):
    """"In" opens the system's print dialog (GTK's); chosen "Print to File",
    the sheets are the report's pages and nothing else of the window."""
    # GTK's default file name, in the window's working folder: the export
    # folder (the app starts its file choosers there, away from the database).
    # The dialog speaks Vietnamese (GTK's own translation): "đầu ra.pdf".
    out = os.path.join(tmp, "xuat", "đầu ra.pdf")
    if os.path.exists(out):
        os.remove(out)
    s.execute("setTimeout(() => document.getElementById('report-print').click(), 10); return 1")
    found = subprocess.run(["xdotool", "search", "--sync", "--name", "^In$"], capture_output=True,
                           text=True, timeout=30).stdout.split()
    assert found, "no print dialog titled “In”"
    subprocess.run(["xdotool", "windowactivate", "--sync", found[0]], capture_output=True, timeout=10)
    time.sleep(0.5)
    # The printers' list has the focus: the first is "Print to File".
    subprocess.run(["xdotool", "key", "Down"], capture_output=True, timeout=10)
    time.sleep(0.5)
    os.makedirs(OUT, exist_ok=True)
    subprocess.run(["import", "-window", "root", os.path.join(OUT, "hop-thoai-in.png")], capture_output=True, timeout=20)
    # "_In" is the Vietnamese print button.
    subprocess.run(["xdotool", "key", "alt+i"], capture_output=True, timeout=10)
    deadline = time.monotonic() + 30
    size = -1
    while time.monotonic() < deadline:
        if os.path.exists(out) and os.path.getsize(out) == size > 0:
            break
        size = os.path.getsize(out) if os.path.exists(out) else -1
        time.sleep(1)
    printed = os.path.join(tmp, "in-ra.pdf")
    shutil.move(out, printed)
    info = subprocess.run(["pdfinfo", printed], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {pages}" in info, info
    # As many sheets as pages (the forms of the screen would add more), none blank.
    subprocess.run(["pdftoppm", "-png", "-r", "20", printed, os.path.join(tmp, "to")], check=True)
    for n in range(1, pages + 1):
        stats = subprocess.run(["convert", os.path.join(tmp, f"to-{n}.png"), "-colorspace", "Gray", "-format", "%[fx:mean]", "info:"],
                               capture_output=True, text=True, check=True).stdout
        assert 0.5 < float(stats) < 0.998, (n, stats)


def run(tests, env):
    driver = start_driver(env)
    passed = failed = 0
    try:
        for test in tests:
            with tempfile.TemporaryDirectory() as tmp:
                try:
                    test(tmp)
                    passed += 1
                    print(f"e2e {test.__name__} ... ok", flush=True)
                except Exception:
                    failed += 1
                    print(f"e2e {test.__name__} ... FAILED", flush=True)
                    traceback.print_exc()
    finally:
        driver.terminate()
        driver.wait(timeout=10)
    return passed, failed


def main_only():
    only = [globals()[n] for n in os.environ.get('KEHOACH_E2E_ONLY', '').split(',') if n]
    return only


def with_shim(env):
    """Builds tests/e2e/close_shim.c and loads it into the window's process
    (it acts only there, on SIGUSR2)."""
    work = tempfile.mkdtemp(prefix="kehoach-shim-")
    lib = os.path.join(work, "close_shim.so")
    subprocess.run(["cc", "-shared", "-fPIC", "-O1", "-o", lib, os.path.join(ROOT, "tests", "e2e", "close_shim.c")],
                   check=True)
    env["LD_PRELOAD"] = lib
    env["KEHOACH_SHIM_REQUEST"] = os.environ["KEHOACH_SHIM_REQUEST"] = os.path.join(work, "request")


def softhsm_conf():
    """SoftHSM2's configuration for the window's process (set before the
    driver starts it): tokens in a folder a test fills."""
    work = tempfile.mkdtemp(prefix="kehoach-softhsm-")
    conf = os.path.join(work, "softhsm2.conf")
    with open(conf, "w") as f:
        f.write(f"directories.tokendir = {os.path.join(work, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.makedirs(os.path.join(work, "tokens"))
    os.environ["SOFTHSM2_CONF"] = conf


def main():
    softhsm_conf()
    # Screenshots need WebKit's compositing mode, which the app turns off for
    # itself unless the variable is set: "0" keeps it on for these tests.
    with_screenshots = dict(os.environ, WEBKIT_DISABLE_COMPOSITING_MODE="0")
    if main_only():
        with_shim(with_screenshots)
        passed, failed = run(main_only(), with_screenshots)
        print(f"e2e: {passed} passed, {failed} failed")
        return 1 if failed else 0
    shipped = {k: v for k, v in os.environ.items() if k != "WEBKIT_DISABLE_COMPOSITING_MODE"}
    with_shim(with_screenshots)
    p1, f1 = run([test_demo_plan_tree, test_bad_database_shows_a_message, test_restore_a_backup,
                  test_saved_results_survive_a_command_while_the_window_is_open, test_main_journey,
                  test_scanned_plan, test_indicator_sheet, test_report_from_word, test_period_chooser, test_token_chooser],
                 with_screenshots)
    p2, f2 = run([test_shipped_rendering_mode], shipped)
    passed, failed = p1 + p2, f1 + f2
    print(f"e2e: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
