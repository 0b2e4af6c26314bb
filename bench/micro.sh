#!/bin/bash
# criterion micro-benchmarks: the domain's hot code (optimizer, search keys)
# and the account plan page through the whole router; medians into
# bench/results/micro.json and docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p kumppani-domain --bench hot
cargo bench -p kumppani-web --bench plan_page
python3 - <<'PY'
import glob, json, os
out = {'loadavg_at_start': open('/proc/loadavg').read().strip(), 'benches': []}
for path in sorted(glob.glob('target/criterion/**/new/estimates.json', recursive=True)):
    name = os.path.relpath(os.path.dirname(os.path.dirname(path)), 'target/criterion')
    est = json.load(open(path))
    m = est['median']
    out['benches'].append({'name': name, 'median_ns': m['point_estimate'],
                           'ci_low_ns': m['confidence_interval']['lower_bound'],
                           'ci_high_ns': m['confidence_interval']['upper_bound']})
json.dump(out, open('bench/results/micro.json', 'w'), indent=1)
print('wrote bench/results/micro.json')
PY
python3 bench/report.py
