#!/usr/bin/env python3
"""Loads the peer's data set (converted by creme_to_kumppani.py) into a fresh
Kumppani SQLite file through `kumppani import`, timing each file."""
import csv
import os
import sys
import time

import kumppani as k

csvdir, path = sys.argv[1], sys.argv[2]
for suffix in ('', '-wal', '-shm'):
    if os.path.exists(path + suffix):
        os.remove(path + suffix)
url = f'sqlite://{path}'
k.cli(url, 'migrate')
k.ensure_user(url)
with open(f'{csvdir}/users.csv', newline='') as fh:
    for u in csv.DictReader(fh):
        k.cli(url, 'user', 'add', '--username', u['username'], '--name', u['name'], '--email', u['email'],
              '--role', 'partnership_manager')
out = {}
for kind in ('customers', 'contacts', 'activities'):
    t = time.perf_counter()
    r = k.cli(url, 'import', kind, f'{csvdir}/{kind}.csv')
    out[kind] = {'seconds': round(time.perf_counter() - t, 2), 'output': r.stdout.strip(),
                 'rejected_rows': r.stderr.count('\nline ') + r.stderr.startswith('line ')}
    print(kind, out[kind], flush=True)
k.save(f'{k.ROOT}/bench/results/peer-load.json', out)
