"""What one received file costs to cross from the page to the core in the
real window (release build, Xvfb): `receive_report` called from the page
with files of 1 KB, 90 KB (a commune's signed report) and 900 KB that the
core refuses at once (not a report), so the figure is the crossing and the
refusal, not the checking of signatures (see `cargo bench --bench exchange`).

Run: `xvfb-run -a -s "-screen 0 1280x860x24" python3 tests/e2e/bench_receive.py [RUNS]`
after `cargo build --release -p kehoach-app -p kehoach`.
"""

import os
import subprocess
import sys
import tempfile
import time

from run import ROOT, start_driver
from webdriver import Session

APP = os.path.join(ROOT, "target", "release", "kehoach-app")
CLI = os.path.join(ROOT, "target", "release", "kehoach")

MEASURE = """
const [size, runs] = arguments;
window.__median = null;
(async () => {
  const invoke = window.__TAURI__.core.invoke;
  const bytes = new Uint8Array(size);
  bytes.set([37, 80, 68, 70, 45]);  // "%PDF-", then nothing a report has
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await invoke("receive_report", bytes, { headers: { "x-file-name": "thu.pdf", "x-add-units": "0" } });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  window.__median = times[Math.floor(runs / 2)];
})();
"""


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "demo.sqlite")
        subprocess.run([CLI, "demo", "--db", db], check=True, capture_output=True)
        driver = start_driver(dict(os.environ, TAURI_WEBVIEW_AUTOMATION="true"))
        s = Session("http://127.0.0.1:4444", APP, ["--db", db])
        try:
            s.wait_for("#plan-list .plan-item")
            for size in [1_000, 90_000, 900_000]:
                s.execute(MEASURE, [size, runs])
                while (median := s.execute("return window.__median")) is None:
                    time.sleep(0.05)
                print(f"receive one file of {size // 1000} KB: median {median:.1f} ms ({runs} runs)", flush=True)
        finally:
            s.close()
            driver.terminate()


if __name__ == "__main__":
    main()
