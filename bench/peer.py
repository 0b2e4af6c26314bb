#!/usr/bin/env python3
"""Kumppani against the peer (Creme CRM) on the same data, measured in
alternation by the same harness: customer list page 1 vs the organisation
list, customer page vs organisation page, a signed-in no-op (/api/v1/me) vs
/hello_auth/, plus cold start and RSS idle and under load.

Run by bench/peer.sh (which builds, loads the data and then calls this)."""
import argparse
import os
import random
import shutil
import statistics
import time

import kumppani as k

h = k.harness


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--db', required=True, help='Kumppani SQLite file loaded with the peer data')
    ap.add_argument('--out', required=True)
    ap.add_argument('--rounds', type=int, default=2)
    ap.add_argument('-n', type=int, default=200)
    ap.add_argument('--duration', type=int, default=20)
    ap.add_argument('--creme-workers', type=int, default=2)
    a = ap.parse_args()

    out = {'machine': 'shared 2-core VM; other engineers compiling throughout; client on the same box',
           'loadavg_at_start': open('/proc/loadavg').read().strip(), 'rounds': []}
    # --- cold starts, then both servers stay up for the whole run
    shutil.copy(f'{k.PEER}/db.seeded.sqlite3', h.DB)
    kport, cport = 8081, 8001
    kbase, cbase = f'http://127.0.0.1:{kport}', f'http://127.0.0.1:{cport}'
    kp, kcold = k.start(f'sqlite://{a.db}', kport)
    _, kcookie = k.login(kbase)
    t = time.perf_counter()
    k.get(f'{kbase}/customers', kcookie)
    out['kumppani_cold_start_s'] = kcold
    out['kumppani_first_list_ms'] = round((time.perf_counter() - t) * 1000, 1)
    cp, t0, _ = h.start_gunicorn(cport, a.creme_workers, conn_max_age=600)
    try:
        out['creme_cold_start_s'] = round(h.wait_http(f'{cbase}/hello/') - t0, 3)
        cs = h.login(cbase)
        t = time.perf_counter()
        cs.get(f'{cbase}/persons/organisations')
        out['creme_first_list_ms'] = round((time.perf_counter() - t) * 1000, 1)
        ccookie = '; '.join(f'{c.name}={c.value}' for c in cs.cookies)
        ks = h.requests.Session()
        ks.headers['Cookie'] = kcookie
        cs.headers['Cookie'] = ccookie

        # The same 200 organisations on both sides (Kumppani keeps Creme's id as external_id).
        org_ids, _ = h.org_ids(200)
        ext = [f'org-{i}' for i in org_ids]
        marks = ','.join('?' * len(ext))
        kids = k.sqlite_ids(a.db, f'SELECT id FROM customers WHERE external_id IN ({marks})', ext)
        random.Random(7).shuffle(kids)
        pairs = {
            'list': (['/customers'], b'<table', ['/persons/organisations'], b'Organisations'),
            'detail': ([f'/customers/{i}' for i in kids], b'activities-h',
                       [f'/persons/organisation/{i}' for i in org_ids], b'Customer account'),
            'noop': (['/api/v1/me'], b'"username"', ['/hello_auth/'], b'hello root'),
        }
        # warm-up: every page type on both
        for kp_paths, kexp, cp_paths, cexp in pairs.values():
            k.latency(ks, [kbase + p for p in kp_paths], 20, kexp)
            k.latency(cs, [cbase + p for p in cp_paths], 20, cexp)
        time.sleep(2)
        out['kumppani_rss_idle_mib'] = k.rss_mib(kp.pid)
        out['creme_rss_idle_mib'] = k.rss_mib(cp.pid)
        for r in range(a.rounds):
            rnd = {}
            for name, (kp_paths, kexp, cp_paths, cexp) in pairs.items():
                res = {}
                res['k_latency'] = k.measured_latency(ks, [kbase + p for p in kp_paths], a.n, kexp, kp.pid)
                res['c_latency'] = k.measured_latency(cs, [cbase + p for p in cp_paths], a.n, cexp, cp.pid)
                res['k_wrk'] = k.wrk(kbase, kp_paths, kcookie, kp.pid, a.duration)
                res['c_wrk'] = k.wrk(cbase, cp_paths, ccookie, cp.pid, a.duration)
                print(r, name, {s: (v.get('median_ms'), v.get('p99_ms'), v.get('rps'), v.get('bad', v.get('non_2xx_3xx')))
                                for s, v in res.items()}, flush=True)
                rnd[name] = res
            out['rounds'].append(rnd)
        out['kumppani_rss_after_load_mib'] = k.rss_mib(kp.pid)
        out['creme_rss_after_load_mib'] = k.rss_mib(cp.pid)
    finally:
        h.stop(cp)
        k.stop(kp)
    out['summary'] = summarise(out)
    k.save(a.out, out)


def summarise(out):
    """Medians over rounds and the Kumppani/Creme ratios."""
    s = {}
    for name in out['rounds'][0]:
        med = lambda side, kind, key: statistics.median(r[name][f'{side}_{kind}'][key] for r in out['rounds'])  # noqa: E731
        row = {}
        for side in ('k', 'c'):
            row[f'{side}_median_ms'] = med(side, 'latency', 'median_ms')
            row[f'{side}_p99_ms'] = med(side, 'latency', 'p99_ms')
            row[f'{side}_rps'] = med(side, 'wrk', 'rps')
            row[f'{side}_wrk_p99_ms'] = med(side, 'wrk', 'p99_ms')
            row[f'{side}_cpu_ms_per_req'] = med(side, 'wrk', 'server_cpu_ms_per_req')
            row[f'{side}_rss_max_mib'] = max(r[name][f'{side}_wrk']['rss_max_mib'] for r in out['rounds'])
            row[f'{side}_errors'] = sum(r[name][f'{side}_latency']['bad'] + r[name][f'{side}_wrk']['non_2xx_3xx']
                                        for r in out['rounds'])
        row['throughput_ratio'] = round(row['k_rps'] / max(row['c_rps'], 1e-9), 1)
        row['p99_ratio'] = round(row['k_p99_ms'] / max(row['c_p99_ms'], 1e-9), 4)
        row['cpu_ratio'] = round(row['k_cpu_ms_per_req'] / max(row['c_cpu_ms_per_req'], 1e-9), 4)
        s[name] = row
    s['memory_ratio_idle'] = round(out['kumppani_rss_idle_mib'] / out['creme_rss_idle_mib'], 4)
    s['memory_ratio_load'] = round(max(s[n]['k_rss_max_mib'] for n in out['rounds'][0])
                                   / max(s[n]['c_rss_max_mib'] for n in out['rounds'][0]), 4)
    return s


if __name__ == '__main__':
    main()
