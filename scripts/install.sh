#!/usr/bin/env bash
# Install Kintsugi's dependencies on a fresh machine. Safe to run again: it skips what is already in place.
#   --browser   also install Debian's chromium and Japanese fonts for the end-to-end tests (never a downloaded browser)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[install] %s\n' "$*"; }

# Electron's postinstall downloads its binary; where that host is unreachable npm would roll back the whole
# install. So npm never downloads it; we try once afterwards and carry on without it if that fails.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
# Native addons (better-sqlite3) build offline only against the system's Node headers when a prebuilt binary
# cannot be fetched; use them when this Node has them.
headers_major=$(sed -n 's/^#define NODE_MAJOR_VERSION \([0-9]*\).*/\1/p' /usr/include/node/node_version.h 2>/dev/null || true)
if [ -z "${npm_config_nodedir:-}" ] && [ "$headers_major" = "$(node -p 'process.versions.node.split(".")[0]')" ]; then
  export npm_config_nodedir=/usr
fi

stamp=node_modules/.kintsugi-install
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  log "node modules up to date"
else
  log "npm ci (optional @tensorflow/tfjs-node[-gpu] are skipped where they cannot install)"
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi

# The desktop launch and packaging rebuild better-sqlite3 for Electron's ABI; the CLI and tests need Node's.
if ! node -e "new (require('better-sqlite3'))(':memory:').close()" >/dev/null 2>&1; then
  log "rebuilding better-sqlite3 for this Node"
  npm rebuild better-sqlite3
fi

# tfjs-node cannot download its libtensorflow here either; give it one from a TensorFlow wheel where one can be had
# (scripts/link-tensorflow.mjs), so the native backend runs, and the tests that need it, too.
link_rc=0
node scripts/link-tensorflow.mjs || link_rc=$?
if [ "$link_rc" -eq 3 ]; then
  log "no TensorFlow wheel: the native backend is off, its tests will say they did not run"
elif [ "$link_rc" -ne 0 ]; then
  log "linking TensorFlow failed (see above): the native backend is off, its tests will say they did not run"
fi

if node -e "require('electron')" >/dev/null 2>&1; then
  log "electron binary present"
else
  log "fetching the Electron binary (the desktop window)..."
  if env -u ELECTRON_SKIP_BINARY_DOWNLOAD node node_modules/electron/install.js >/tmp/kintsugi-electron-install.log 2>&1; then
    log "electron binary installed"
  else
    log "no Electron binary: $(grep -m1 -E 'Error' /tmp/kintsugi-electron-install.log | sed 's/^ *//' | head -c 200 || true)"
    log "the desktop window cannot run here; browser mode (kintsugi serve) works without it"
  fi
fi

# Debian's chromium for the end-to-end tests, and Japanese fonts: the Japanese e2e checks that kanji render in
# Noto Sans CJK JP (without it Chromium may fall back to Chinese glyph variants).
browser_pkgs=""
[ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ] && browser_pkgs="chromium"
ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1 || browser_pkgs="$browser_pkgs fonts-noto-cjk"
if [ "${1:-}" = "--browser" ] && [ -n "${browser_pkgs// /}" ]; then
  log "installing Debian packages for the end-to-end tests:$browser_pkgs"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  # shellcheck disable=SC2086
  $sudo_cmd apt-get install -y --no-install-recommends $browser_pkgs || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y --no-install-recommends $browser_pkgs; }
fi
