#!/usr/bin/env bash
# Builds the .deb with the Tauri CLI from npm, installs it with apt-get, and
# starts the installed app under Xvfb on a demo database until its dashboard
# is drawn. Needs root (or sudo) for the install. Not part of scripts/test.sh:
# the release build takes minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
cargo build --release -q -p kehoach
(cd src-tauri && npx --yes @tauri-apps/cli@2 build --bundles deb)
deb=$(ls -t target/release/bundle/deb/*.deb | head -1)
SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "./$deb" >/dev/null
db="$(mktemp -d)/demo.sqlite"
target/release/kehoach demo --db "$db" >/dev/null
line=$(xvfb-run -a -s "-screen 0 1280x860x24" kehoach-app --db "$db" --report-startup | grep '^ready_ms=')
echo "installed $(basename "$deb"); the installed kehoach-app started: $line"
