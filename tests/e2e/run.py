"""Drives the real kehoach window (Tauri + WebKitGTK) through tauri-driver.

Run under Xvfb: `xvfb-run -a python3 tests/e2e/run.py`. Expects the debug
builds of `kehoach` and `kehoach-app`, `tauri-driver` on PATH and Debian's
`WebKitWebDriver`. Screenshots go to target/e2e/.
"""

import json
import os
import shutil
import socket
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


def start_driver():
    driver = shutil.which("tauri-driver") or os.path.expanduser("~/.cargo/bin/tauri-driver")
    proc = subprocess.Popen([driver, "--port", "4444", "--native-port", "4445"],
                            stdout=DRIVER_LOG, stderr=subprocess.STDOUT)
    wait_port(4444)
    wait_port(4445)
    return proc


def test_demo_plan_tree(tmp):
    db = os.path.join(tmp, "demo.sqlite")
    subprocess.run([CLI, "demo", "--db", db], check=True, capture_output=True)
    listed = subprocess.run([CLI, "--db", db, "--json", "plan", "list"], check=True, capture_output=True)
    task_count = json.loads(listed.stdout)[0]["task_count"]
    s = Session("http://127.0.0.1:4444", APP, ["--db", db])
    try:
        s.wait_for("#plan-list .plan-item")
        assert s.title() == WINDOW_TITLE, s.title()
        unit = s.wait_for("#my-unit", predicate=lambda e: e[0].text())[0].text()
        assert unit == "Đơn vị: Ủy ban nhân dân thành phố Thái Bình", unit
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
        s.wait_for("#task-count", predicate=lambda e: e[0].text() == "Tìm thấy 4 nhiệm vụ.")
        codes = [t.attribute("data-code") for t in s.find_all("li.task")]
        assert "III.3.1" in codes and len(codes) == 4, codes
        s.screenshot(os.path.join(OUT, "search-ho-ngheo.png"))
    finally:
        s.close()


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


def main():
    tests = [test_demo_plan_tree, test_bad_database_shows_a_message]
    driver = start_driver()
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
    print(f"e2e: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
