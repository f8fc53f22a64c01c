#!/usr/bin/env bash
# The whole test suite, as CI runs it on a clean clone: install, type-check, build, unit/integration, end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/install.sh --browser
mkdir -p test-results

echo "[test] layer rules (dependency-cruiser)"
npm run --silent lint:layers
echo "[test] dead code: unused files, exports, dependencies (knip)"
npm run --silent lint:dead
echo "[test] type-check (main, shared, renderer)"
npm run --silent typecheck
echo "[test] build"
npx electron-vite build >test-results/build.log 2>&1 || { cat test-results/build.log; exit 1; }

echo "[test] vitest: unit and integration"
vitest_rc=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || vitest_rc=$?

echo "[test] playwright: end-to-end in Debian chromium"
e2e_rc=0
PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json npx playwright test --reporter=list,json || e2e_rc=$?

summary_rc=0
node scripts/test-summary.mjs test-results/vitest.json test-results/playwright.json || summary_rc=$?
echo "[test] took $(( $(date +%s) - start )) s"
[ "$vitest_rc" -eq 0 ] && [ "$e2e_rc" -eq 0 ] && [ "$summary_rc" -eq 0 ]
