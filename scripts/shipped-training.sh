#!/usr/bin/env bash
# The long training run of the shipped Automatic colorizer (issue 13), with the project's own CLI, detached so it
# outlives the shell that started it. Its library, checkpoints, previews and log live in a data folder outside git.
#
#   scripts/shipped-training.sh start    snapshot the corpus into the data folder, start the run (once)
#   scripts/shipped-training.sh status   is it running, the last progress and validation lines
#   scripts/shipped-training.sh stop     Ctrl-C for the detached CLI: checkpoint, export the model, end
#   scripts/shipped-training.sh resume   continue the run from its newest checkpoint (after a stop or a kill)
#
# Then `node --import tsx scripts/ship-model.ts` ships its newest checkpoint into models/shipped/colorizer.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${KINTSUGI_SHIPPED_TRAINING:-$HOME/.cache/kintsugi/shipped-training}"
CORPUS="${KINTSUGI_CORPUS:-$HOME/.cache/kintsugi/corpus}"
RUN_ID="${RUN_ID:-1}"
LOG="$DATA/train.log"
PID="$DATA/train.pid"
# Measured choices (README, "The shipped colorizer"): the probe's batch 8 at 128 px and Adam 5e-4; a checkpoint,
# validation and preview every 200 steps; steps enough for many sessions (the rate decays over the second half).
ARGS=(--kind colorize --data "$DATA/corpus" --size 128 --batch 8 --steps 30000 --lr 5e-4 --backend wasm
  --checkpoint-every 200 --validate-every 200 --preview-every 200 --name "Automatic colorizer")

running() { [[ -f "$PID" ]] && kill -0 "$(cat "$PID")" 2>/dev/null; }
detach() { KINTSUGI_DATA_DIR="$DATA" setsid nohup node bin/kintsugi.mjs train "$@" >>"$LOG" 2>&1 </dev/null & echo $! >"$PID"; }

case "${1:-}" in
  start)
    running && { echo "already running (pid $(cat "$PID"))"; exit 1; }
    [[ -f "$CORPUS/READY" ]] || { echo "no usable corpus in $CORPUS (no READY file)"; exit 1; }
    [[ -f "$DATA/library.sqlite" ]] && { echo "$DATA already has a run: use resume"; exit 1; }
    mkdir -p "$DATA"
    # A snapshot: the run's split is fixed when it starts, and the corpus builder may rewrite its folder.
    cp -r "$CORPUS" "$DATA/corpus"
    detach "${ARGS[@]}"
    echo "started (pid $(cat "$PID")), log $LOG" ;;
  resume)
    running && { echo "already running (pid $(cat "$PID"))"; exit 1; }
    detach --resume "$RUN_ID"
    echo "resumed run $RUN_ID (pid $(cat "$PID")), log $LOG" ;;
  stop)
    running || { echo "not running"; exit 1; }
    kill -INT "$(cat "$PID")"
    echo "asked pid $(cat "$PID") to stop; it ends after a checkpoint and the model export (see $LOG)" ;;
  status)
    if running; then echo "running (pid $(cat "$PID"))"; else echo "not running"; fi
    grep -E '^(step|validation)' "$LOG" | tail -2 || true
    tail -n 1 "$LOG" ;;
  *) sed -n 2,10p "$0"; exit 2 ;;
esac
