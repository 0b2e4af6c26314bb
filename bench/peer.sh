#!/bin/bash
# Kumppani against the peer (Creme CRM) on the same data, in alternation.
# Needs the peer set up and seeded in $PEER_DIR (see /work/shared/bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export PEER_DIR=${PEER_DIR:-/tmp/peer}
W=bench/work; mkdir -p $W bench/results
cargo build --release -p kumppani
[ -f "$PEER_DIR/db.seeded.sqlite3" ] || { echo "no $PEER_DIR/db.seeded.sqlite3: set up and seed the peer first"; exit 1; }
[ -f "$PEER_DIR/dataset/organisations.csv" ] ||
  "$PEER_DIR/venv/bin/python" "$PEER_DIR/export_dataset.py" "$PEER_DIR/db.seeded.sqlite3" "$PEER_DIR/dataset"
python3 bench/creme_to_kumppani.py "$PEER_DIR/dataset" $W/peer-csv
[ -f $W/peer.db ] && [ -z "${RELOAD:-}" ] || "$PEER_DIR/venv/bin/python" bench/load_peer.py $W/peer-csv $W/peer.db
"$PEER_DIR/venv/bin/python" bench/peer.py --db $W/peer.db --out bench/results/peer.json "$@"
python3 bench/report.py
