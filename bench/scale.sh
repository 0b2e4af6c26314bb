#!/bin/bash
# 100,000 customers, 1,000,000 activities, 20,000 projects on SQLite and
# PostgreSQL (KUMPPANI_BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432).
# Extra pages: bench/scale.sh --page plans=/plans/{customer} (NAME=PATH, repeatable).
set -euo pipefail
cd "$(dirname "$0")/.."
export PEER_DIR=${PEER_DIR:-/tmp/peer}
cargo build --release -p kumppani
PY=${PY:-$PEER_DIR/venv/bin/python}
for backend in ${BACKENDS:-sqlite postgres}; do
  "$PY" bench/scale.py --backend $backend --out bench/results/scale-$backend.json "$@"
done
python3 bench/report.py
