#!/usr/bin/env bash
# Cross-compiles kehoach.exe (the command line) for Windows (x86_64-pc-windows-gnu)
# with Debian's mingw-w64 and the rustup target; SQLite bundled, fonts embedded
# as on Linux. Nothing is downloaded but the packages and the target by name.
#   scripts/build-windows.sh            release build → target/x86_64-pc-windows-gnu/release/kehoach.exe
#   scripts/build-windows.sh --debug    debug build
# and the installer (Debian's NSIS, installer/kehoach.nsi) → target/windows/kehoach-setup.exe
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

need=(gcc-mingw-w64-x86-64 nsis)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "build-windows: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
  echo "build-windows: adding the rustup target x86_64-pc-windows-gnu"
  rustup target add x86_64-pc-windows-gnu
fi

profile=(--release)
dir=release
[[ "${1:-}" == "--debug" ]] && profile=() && dir=debug
cargo build --locked "${profile[@]}" --target x86_64-pc-windows-gnu -p kehoach --bin kehoach
mkdir -p target/windows
makensis -V2 -DEXE="$PWD/target/x86_64-pc-windows-gnu/$dir/kehoach.exe" \
  -DOUT="$PWD/target/windows/kehoach-setup.exe" installer/kehoach.nsi
echo "build-windows: target/x86_64-pc-windows-gnu/$dir/kehoach.exe, target/windows/kehoach-setup.exe"
