#!/usr/bin/env python3
"""Floor: Kumppani's customer list and customer page against a bare axum
server (bench/floor) running the same SQL on the same SQLite file, measured
in alternation. Goal: Kumppani >= 50 % of the floor's throughput.
Run by bench/floor.sh."""
import argparse
import random
import subprocess
import time

import kumppani as k

h = k.harness


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--db', required=True)
    ap.add_argument('--floor-bin', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--rounds', type=int, default=2)
    ap.add_argument('-n', type=int, default=300)
    ap.add_argument('--duration', type=int, default=15)
    a = ap.parse_args()
    kp, _ = k.start(f'sqlite://{a.db}', 8081)
    fp = subprocess.Popen([a.floor_bin, a.db, '127.0.0.1:8090'], stdout=subprocess.DEVNULL, start_new_session=True)
    h.wait_http('http://127.0.0.1:8090/hello')
    kbase, fbase = 'http://127.0.0.1:8081', 'http://127.0.0.1:8090'
    out = {'machine': 'shared 2-core VM; other engineers compiling throughout',
           'loadavg_at_start': open('/proc/loadavg').read().strip(), 'rounds': []}
    try:
        ks, cookie = k.login(kbase)
        fs = h.requests.Session()
        ids = k.sqlite_ids(a.db, 'SELECT id FROM customers')
        ids = random.Random(7).sample(ids, min(200, len(ids)))
        pairs = {'list': ['/customers'], 'detail': [f'/customers/{i}' for i in ids]}
        for paths in pairs.values():
            k.latency(ks, [kbase + p for p in paths], 20, None)
            k.latency(fs, [fbase + p for p in paths], 20, None)
        for _ in range(a.rounds):
            rnd = {}
            for name, paths in pairs.items():
                r = {'k_latency': k.measured_latency(ks, [kbase + p for p in paths], a.n, None, kp.pid),
                     'f_latency': k.measured_latency(fs, [fbase + p for p in paths], a.n, None, fp.pid),
                     'k_wrk': k.wrk(kbase, paths, cookie, kp.pid, a.duration),
                     'f_wrk': k.wrk(fbase, paths, None, fp.pid, a.duration)}
                print(name, {s: (v.get('median_ms'), v.get('p99_ms'), v.get('rps'), v.get('server_cpu_ms_per_req'))
                             for s, v in r.items()}, flush=True)
                rnd[name] = r
            out['rounds'].append(rnd)
    finally:
        k.stop(kp)
        h.stop(fp)
    summary = {}
    for name in pairs:
        med = lambda key, side, kind: sorted(r[name][f'{side}_{kind}'][key] for r in out['rounds'])[  # noqa: E731
            len(out['rounds']) // 2]
        row = {f'{s}_{m}': med(m2, s, kind) for s in ('k', 'f')
               for (m, m2, kind) in (('median_ms', 'median_ms', 'latency'), ('p99_ms', 'p99_ms', 'latency'),
                                     ('rps', 'rps', 'wrk'), ('cpu_ms_per_req', 'server_cpu_ms_per_req', 'wrk'))}
        row['share_of_floor_rps'] = round(row['k_rps'] / max(row['f_rps'], 1e-9), 3)
        row['cpu_ratio'] = round(row['k_cpu_ms_per_req'] / max(row['f_cpu_ms_per_req'], 1e-9), 2)
        summary[name] = row
    out['summary'] = summary
    k.save(a.out, out)


if __name__ == '__main__':
    time.sleep(0)
    main()
