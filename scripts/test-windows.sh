#!/usr/bin/env bash
# The Windows build, tested here: kehoach.exe cross-compiled (debug, as the
# Linux tests' build) and run under Debian's Wine through the command-line
# journey of tests/windows/journey.py. Installs what it lacks (mingw-w64,
# wine64) by package name; the prefix is made fresh under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

if ! dpkg-query -W -f='${Status}' wine64 2>/dev/null | grep -q "install ok installed"; then
  echo "test-windows: installing wine64"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wine64 >/dev/null
fi
scripts/build-windows.sh --debug
exe=target/x86_64-pc-windows-gnu/debug/kehoach.exe

export WINEPREFIX="$PWD/target/wine"
export WINEDEBUG=-all
rm -rf "$WINEPREFIX"
/usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1 || true
# Wine 8 lacks bcryptprimitives.dll (ProcessPrng), which Rust's standard
# library needs on Windows 10+: a stand-in for the tests only.
x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  tests/windows/bcryptprimitives.c tests/windows/bcryptprimitives.def -ladvapi32
python3 tests/windows/journey.py --exe "$exe"

# The installer: per user, no administrator; the installed command runs and
# keeps its database in %APPDATA%\kehoach; uninstalling removes the program
# and its Start menu entry and leaves the data.
wine=/usr/lib/wine/wine64
home="$WINEPREFIX/drive_c/users/$(id -un)"
inst="$home/AppData/Local/Programs/kehoach"
menu="$home/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Kế hoạch"
data="$home/AppData/Roaming/kehoach/kehoach.sqlite"
fail() { echo "FAIL $*"; exit 1; }
$wine target/windows/kehoach-setup.exe /S
[[ -f "$inst/kehoach.exe" && -f "$menu/Kế hoạch (dòng lệnh).lnk" ]] || fail "installed program or Start menu entry missing"
$wine "$inst/kehoach.exe" demo | grep -q "Đã tạo cơ sở dữ liệu mẫu" || fail "the installed command did not run"
[[ -f "$data" ]] || fail "the database is not in %APPDATA%\\kehoach"
$wine "$inst/Gỡ cài đặt kehoach.exe" /S
for _ in $(seq 1 150); do [[ -e "$inst/kehoach.exe" || -e "$menu" ]] || break; sleep 0.2; done
[[ ! -e "$inst/kehoach.exe" && ! -e "$menu" ]] || fail "uninstalling left the program or its menu"
[[ -f "$data" ]] || fail "uninstalling removed the officer's data"
echo "ok   installer: installed per user, ran, uninstalled, data kept"
