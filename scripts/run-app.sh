#!/usr/bin/env bash
# Installs what is missing, builds, and opens the desktop app. With no
# argument it opens the per-user database (on first start the window asks
# whose database to create, or offers the demo); `scripts/run-app.sh --db
# FILE` opens FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release -p kehoach-app
exec target/release/kehoach-app "$@"
