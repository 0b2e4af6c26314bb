#!/bin/bash
# 100,000 customers from CSV into a fresh database, three runs (release build).
set -euo pipefail
cd "$(dirname "$0")/.."
export PEER_DIR=${PEER_DIR:-/tmp/peer}
cargo build --release -p kumppani
PY=${PY:-$PEER_DIR/venv/bin/python}
for backend in ${BACKENDS:-sqlite postgres}; do
  "$PY" bench/import_bench.py --backend $backend --out bench/results/import-$backend.json "$@"
done
python3 bench/report.py
