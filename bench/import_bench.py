#!/usr/bin/env python3
"""Import: 100,000 customers from CSV into a fresh database with the
release binary, `--runs` times; reports each wall time and the median.
Run by bench/import.sh. Goal: < 5 s on SQLite."""
import argparse
import os
import statistics
import subprocess
import time

import kumppani as k
import scale


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--customers', type=int, default=100_000)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--backend', choices=['sqlite', 'postgres'], default='sqlite')
    ap.add_argument('--pg', default=os.environ.get('KUMPPANI_BENCH_POSTGRES_URL', 'postgres://postgres@127.0.0.1:5432'))
    ap.add_argument('--work', default=f'{k.ROOT}/bench/work')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    csvdir = f'{a.work}/import-csv-{a.customers}'
    if not os.path.exists(f'{csvdir}/customers.csv'):
        scale.generate(csvdir, a.customers, 0, 50, 42)
    runs = []
    for r in range(a.runs):
        if a.backend == 'sqlite':
            path = f'{a.work}/import-{r}.db'
            for suffix in ('', '-wal', '-shm'):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
            url = f'sqlite://{path}'
        else:
            name = 'kumppani_import_bench'
            subprocess.run(['psql', '-q', f'{a.pg}/postgres', '-c', f'DROP DATABASE IF EXISTS {name}'], check=True)
            subprocess.run(['psql', '-q', f'{a.pg}/postgres', '-c', f'CREATE DATABASE {name}'], check=True)
            url = f'{a.pg}/{name}'
        k.cli(url, 'migrate')
        for i in range(50):
            k.cli(url, 'user', 'add', '--username', f'kp.{i:03d}', '--name', f'Manager {i:03d}',
                  '--role', 'partnership_manager')
        t = time.perf_counter()
        res = subprocess.run(['/usr/bin/time', '-f', '%e %U %S %M', k.BIN, '--database-url', url, 'import',
                              'customers', f'{csvdir}/customers.csv'], capture_output=True, text=True, check=True)
        wall = round(time.perf_counter() - t, 2)
        e, u, s, m = res.stderr.strip().splitlines()[-1].split()
        runs.append({'wall_s': wall, 'user_s': float(u), 'sys_s': float(s), 'max_rss_mib': round(int(m) / 1024, 1),
                     'output': res.stdout.strip()})
        print(runs[-1], flush=True)
        if a.backend == 'sqlite':
            os.remove(path)
    out = {'backend': a.backend, 'customers': a.customers, 'runs': runs,
           'median_wall_s': statistics.median(r['wall_s'] for r in runs),
           'median_cpu_s': statistics.median(r['user_s'] + r['sys_s'] for r in runs),
           'machine': 'shared 2-core VM; other engineers compiling throughout',
           'loadavg_at_start': open('/proc/loadavg').read().strip()}
    k.save(a.out, out)


if __name__ == '__main__':
    main()
