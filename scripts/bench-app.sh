#!/usr/bin/env bash
# Startup benchmark of the desktop app (release build, under Xvfb): time
# from process start to the dashboard drawn with the demo database's data,
# and the resident memory then. Prints each run and the medians.
#   scripts/bench-app.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
cargo build --release -q -p kehoach-app -p kehoach
db="$(mktemp -d)/demo.sqlite"
target/release/kehoach demo --db "$db" >/dev/null
ms=(); mb=(); all=()
# Proportional memory splits a shared page among every process mapping it:
# any other WebKit process alive (another window, one left by a test) would
# make this window look smaller than it is.
others() { pgrep -f 'WebKitWebProcess|WebKitNetworkProcess' || true; }
for i in $(seq "$runs"); do
  if [ -n "$(others)" ]; then
    echo "other WebKit processes are running ($(others | tr '\n' ' ')): stop them first, the memory figure would be too low" >&2
    exit 1
  fi
  line=$(xvfb-run -a -s "-screen 0 1280x860x24" target/release/kehoach-app --db "$db" --report-startup 2>/dev/null | grep '^ready_ms=')
  echo "run $i: $line"
  ms+=("$(sed -E 's/ready_ms=([0-9]+).*/\1/' <<<"$line")")
  mb+=("$(sed -E 's/.*rss_mb=([0-9.]+).*/\1/' <<<"$line")")
  all+=("$(sed -E 's/.*pss_with_webkit_mb=([0-9.]+).*/\1/' <<<"$line")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median: ready $(median "${ms[@]}") ms; resident memory $(median "${mb[@]}") MB (app process), $(median "${all[@]}") MB proportional (PSS) with the WebKit processes ($runs runs)"
