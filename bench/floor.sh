#!/bin/bash
# Kumppani against the bare-axum floor (bench/floor) on the peer data set.
set -euo pipefail
cd "$(dirname "$0")/.."
export PEER_DIR=${PEER_DIR:-/tmp/peer}
cargo build --release -p kumppani
# Same target directory as the workspace, so the shared dependencies are reused.
cargo build --release --manifest-path bench/floor/Cargo.toml --target-dir target
[ -f bench/work/peer.db ] || { echo "run bench/peer.sh first (it loads bench/work/peer.db)"; exit 1; }
"$PEER_DIR/venv/bin/python" bench/floor.py --db bench/work/peer.db --floor-bin target/release/kumppani-floor \
  --out bench/results/floor.json "$@"
python3 bench/report.py
