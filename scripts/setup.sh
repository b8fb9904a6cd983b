#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine (Rust, Python, Node only) lacks to
# build and test kehoach. Idempotent: installs only what is missing.
#   scripts/setup.sh          packages to build and run the app
#   scripts/setup.sh --test   plus what the tests need (Xvfb, WebDriver, poppler)
set -euo pipefail

want=(libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libsoup-3.0-dev pkg-config)
if [[ "${1:-}" == "--test" ]]; then
  want+=(xvfb xauth webkit2gtk-driver poppler-utils qpdf imagemagick openssl libnss3-tools python3-venv softhsm2 opensc chromium xdotool gdb time tesseract-ocr tesseract-ocr-vie libreoffice-calc-nogui libreoffice-writer-nogui fonts-liberation2)
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ "${1:-}" == "--test" ]] && ! command -v tauri-driver >/dev/null && [[ ! -x "$HOME/.cargo/bin/tauri-driver" ]]; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi

# pyHanko, the independent PDF signature validator, and pikepdf (the
# hostile-file catalogue reads objects with it), in the project's venv.
if [[ "${1:-}" == "--test" ]] && [[ ! -x .venv/bin/pyhanko ]]; then
  echo "setup: installing pyhanko in .venv"
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install --quiet pyhanko pyhanko-cli
fi
if [[ "${1:-}" == "--test" ]] && ! .venv/bin/python -c "import pikepdf" 2>/dev/null; then
  echo "setup: installing pikepdf in .venv"
  .venv/bin/pip install --quiet pikepdf
fi

# reportlab lays plans out as another document system's PDF (tests/plans).
if [[ "${1:-}" == "--test" ]] && ! .venv/bin/python -c "import reportlab" 2>/dev/null; then
  echo "setup: installing reportlab in .venv"
  .venv/bin/pip install --quiet reportlab
fi

# openpyxl reads and fills the indicator workbooks kehoach writes
# (tests/sheets); python-docx reads and edits its Word reports (tests/word).
if [[ "${1:-}" == "--test" ]] && ! .venv/bin/python -c "import openpyxl, docx" 2>/dev/null; then
  echo "setup: installing openpyxl and python-docx in .venv"
  .venv/bin/pip install --quiet openpyxl python-docx
fi

# playwright-core (no browser download: Debian's chromium is used) for the
# window's UI logic tests; pinned in tests/ui/package.json, no lock file.
if [[ "${1:-}" == "--test" ]] && [[ ! -d tests/ui/node_modules/playwright-core ]]; then
  echo "setup: installing playwright-core for tests/ui"
  (cd tests/ui && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --silent --no-audit --no-fund)
fi

# pdf.js for the window's PDF preview, from npm (pinned in vendor/), copied
# into ui/vendor/ so the app bundles it: no CDN, nothing fetched at run time.
# The .mjs files are copied as .js so every webview serves them as scripts.
pdfjs_pin=$(sed -n 's/.*"pdfjs-dist": "\([^"]*\)".*/\1/p' vendor/package.json)
if [[ "$(cat ui/vendor/pdfjs/VERSION 2>/dev/null)" != "$pdfjs_pin" ]]; then
  echo "setup: installing pdf.js $pdfjs_pin into ui/vendor"
  rm -rf ui/vendor/pdfjs vendor/node_modules
  (cd vendor && npm install --silent --no-audit --no-fund)
  mkdir -p ui/vendor/pdfjs
  cp vendor/node_modules/pdfjs-dist/build/pdf.min.mjs ui/vendor/pdfjs/pdf.min.js
  cp vendor/node_modules/pdfjs-dist/build/pdf.worker.min.mjs ui/vendor/pdfjs/pdf.worker.min.js
  cp vendor/node_modules/pdfjs-dist/LICENSE ui/vendor/pdfjs/LICENSE
  echo "$pdfjs_pin" > ui/vendor/pdfjs/VERSION
fi
