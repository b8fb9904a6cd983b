#!/usr/bin/env bash
# Installs what is missing and runs every test: formatting, lints, the core's
# unit and integration tests, the desktop build, and the real window driven
# through WebDriver under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

step "setup"
scripts/setup.sh --test

step "cargo fmt --check"
cargo fmt --all -- --check

step "the architecture's measured rules (ARCHITECTURE.md, Layers)"
python3 scripts/check-structure.py

step "clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (core, CLI, store)"
cargo test --workspace --locked

step "build the desktop app"
cargo build --locked -p kehoach-app -p kehoach

step "crash campaign (SIGKILL during every kind of write; a full disk)"
python3 tests/crash/campaign.py --kills "${KEHOACH_CRASH_KILLS:-200}"

step "hostile and honest signed files (the catalogue, with pyHanko beside)"
.venv/bin/python tests/hostile/catalogue.py

step "plans as the province sends them (PDF from another system, signed, refused)"
.venv/bin/python tests/plans/run.py

step "plans as a scan (Tesseract: one seed at 300 dpi, a photo, refused scans)"
.venv/bin/python tests/plans/scan.py --quick

step "indicator workbooks (openpyxl and LibreOffice read them; filled, hostile)"
.venv/bin/python tests/sheets/run.py

step "the report as Word (python-docx reads and edits it, LibreOffice lays it out)"
.venv/bin/python tests/word/run.py

step "the Windows build under Wine (the command-line journey, PDFs byte-identical to Linux's)"
scripts/test-windows.sh

step "window logic (headless Chromium, mocked IPC)"
node tests/ui/run.mjs

step "window tests (WebDriver, Xvfb)"
xvfb-run -a -s "-screen 0 1366x768x24" python3 tests/e2e/run.py
