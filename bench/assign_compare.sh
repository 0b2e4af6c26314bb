#!/usr/bin/env bash
# Kumppani's assignment optimizer against HiGHS on the same instances.
#
#   bench/assign_compare.sh [OUT_DIR]          (default bench/results)
#
# Generates instances with the HiGHS reference model (assign_ilp.py in the
# shared benchmark folder), solves each with HiGHS (the aggregated and the
# literal customer × manager formulation) and with `kumppani assign
# --instance` from a release build, checks that every objective is equal and
# that Kumppani's assignment meets the model's bounds, and writes
# OUT_DIR/assign_compare.json and OUT_DIR/assign_compare.md. Exits non-zero
# on any mismatch.
#
# Environment:
#   ASSIGN_ILP   the reference script (default ../shared/bench/assign_ilp.py beside the repository)
#   ILP_VENV     a Python venv with highspy and numpy; created when missing (default /tmp/ilpvenv)
#   SIZES        "customers:managers:segments …" (default "1000:20:5 10000:100:8")
#   SEEDS        seeds per size (default "1 2 3")
#   FULL         1 to also solve the literal model (default 1; about a minute per 10,000 × 100 instance)
#   REPEAT       timed runs of Kumppani and of HiGHS agg per instance; the fastest counts (default 5)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$repo/bench/results}"
ilp="${ASSIGN_ILP:-$repo/../shared/bench/assign_ilp.py}"
venv="${ILP_VENV:-/tmp/ilpvenv}"
mkdir -p "$out"

if [ ! -f "$ilp" ]; then
  echo "assign_ilp.py not found at $ilp (set ASSIGN_ILP)" >&2
  exit 2
fi
if ! "$venv/bin/python" -c 'import highspy, numpy' 2>/dev/null; then
  echo "== Creating $venv with highspy and numpy"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'highspy==1.16.0' 'numpy==2.4.6'
fi

echo "== Building kumppani (release)"
(cd "$repo" && cargo build --release -q -p kumppani)
bin="$repo/target/release/kumppani"

"$venv/bin/python" "$repo/bench/assign_compare.py" --ilp "$ilp" --kumppani "$bin" --out "$out" \
  --sizes ${SIZES:-1000:20:5 10000:100:8} --seeds ${SEEDS:-1 2 3} \
  --full "${FULL:-1}" --repeat "${REPEAT:-5}"
