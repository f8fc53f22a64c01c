#!/usr/bin/env bash
# Install, build and start Kintsugi: the desktop window where Electron can run, otherwise browser mode.
# Extra arguments go to `kintsugi serve` in browser mode (e.g. --port 5000 --data-dir ./my-library).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
echo "[start] building the app"
npx electron-vite build >/tmp/kintsugi-build.log 2>&1 || { cat /tmp/kintsugi-build.log; exit 1; }

why=""
if ! node -e "require('electron')" >/dev/null 2>&1; then
  why="the Electron binary is not installed (its download host is unreachable from this machine)"
elif [ "$(uname -s)" = Linux ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  why="there is no display (DISPLAY and WAYLAND_DISPLAY are unset)"
fi

if [ -z "$why" ]; then
  echo "[start] rebuilding native modules for Electron, then opening the desktop window"
  npx electron-builder install-app-deps
  exec npx electron .
fi
echo "[start] Electron cannot run here: $why."
echo "[start] Starting browser mode instead: open the URL below in a browser on this machine."
exec node bin/kintsugi.mjs serve "$@"
