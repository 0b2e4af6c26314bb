#!/usr/bin/env python3
"""Scale: 100,000 customers, 1,000,000 activities, 20,000 projects, on SQLite
and PostgreSQL. Loads the data through the CSV import (timed), adds projects
with SQL, then measures single-client latency (p50/p99) and RSS for a list of
pages (customer search and list, a customer, the project portfolio, a
customer's account plan, a manager's plan dashboard). Run by bench/scale.sh.
Pages are NAME=PATH; `{customer}`, `{project}` and `{manager}` in a path
become random ids; --page replaces the default list.

    python3 bench/scale.py --backend sqlite --out bench/results/scale-sqlite.json
    python3 bench/scale.py --backend postgres --pg postgres://postgres@127.0.0.1:5432 --out …
"""
import argparse
import csv
import os
import random
import subprocess
import time

import kumppani as k

h = k.harness
DEFAULT_PAGES = [
    'search=/customers?q=acme%20glob',
    'search_one_word=/customers?q=nor',
    'customer_list=/customers',
    'customer=/customers/{customer}',
    'portfolio=/projects',
    'plan=/customers/{customer}/plan',
    'plans_dashboard=/plans?manager_id={manager}',
]
WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne',
         'Soylent', 'Wonka', 'Aperture', 'Oscorp', 'Massive', 'Dynamic', 'Pied', 'Piper', 'Blue', 'North', 'Delta',
         'Kaupunki', 'Kunta', 'Hyvinvointialue', 'Vesi', 'Energia', 'Oy', 'Säätiö']
SEGMENTS = ['Kunnat', 'Hyvinvointialueet', 'Virastot', 'Yhtiöt', 'Säätiöt', 'Yhdistykset', 'Kuntayhtymät', 'Muut']
KINDS = ['meeting', 'call', 'email', 'task', 'other']


def generate(d, customers, activities_per, managers, seed):
    rnd = random.Random(seed)
    os.makedirs(d, exist_ok=True)
    with open(f'{d}/customers.csv', 'w', newline='') as fh:
        w = csv.writer(fh)
        w.writerow(['external_id', 'name', 'org_type', 'segment', 'manager', 'notes'])
        for i in range(customers):
            name = f'{rnd.choice(WORDS)} {rnd.choice(WORDS)} {i:06d} {rnd.choice(WORDS)}'
            w.writerow([f's{i}', name, 'other', rnd.choice(SEGMENTS), f'kp.{i % managers:03d}', ''])
    with open(f'{d}/activities.csv', 'w', newline='') as fh:
        w = csv.writer(fh)
        w.writerow(['external_id', 'customer', 'date', 'kind', 'title', 'owner'])
        n = 0
        for i in range(customers):
            for j in range(activities_per):
                day = f'{rnd.randint(2020, 2026)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}'
                w.writerow([f'a{n}', f's{i}', day, rnd.choice(KINDS), f'Follow-up {j} with customer {i}',
                            f'kp.{i % managers:03d}'])
                n += 1


def timed_import(url, kind, path):
    t = time.perf_counter()
    r = k.cli(url, 'import', kind, path)
    return round(time.perf_counter() - t, 2), r.stdout.strip()


PROJECTS_SQL = """
INSERT INTO projects (name, name_key, customer_id, executive_id, project_manager_id, stage, stage_number,
                      tolerance_time, tolerance_cost, tolerance_scope, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, '', '', '', ?, ?)"""


def add_projects_sqlite(path, n, users, customers, seed):
    import sqlite3
    rnd = random.Random(seed)
    con = sqlite3.connect(path)
    at = '2026-01-01T00:00:00+00:00'
    rows = []
    for i in range(n):
        stage = rnd.choice(['starting_up', 'initiating', 'delivery', 'closing', 'closed'])
        name = f'Project {rnd.choice(WORDS)} {i:05d}'
        rows.append((name, name.lower(), rnd.randint(1, customers), rnd.choice(users), rnd.choice(users), stage,
                     rnd.randint(2, 9) if stage == 'delivery' else None, at, at))
    con.executemany(PROJECTS_SQL, rows)
    con.execute("""INSERT INTO project_status (project_id, rag, highlight, author_name, at)
                   SELECT id, CASE id % 3 WHEN 0 THEN 'red' WHEN 1 THEN 'amber' ELSE 'green' END,
                          'On track', 'bench', '2026-01-02T00:00:00+00:00' FROM projects""")
    con.commit()
    con.close()


def add_projects_postgres(url, n, users, customers):
    lo, hi = min(users), max(users)
    sql = f"""
INSERT INTO projects (name, name_key, customer_id, executive_id, project_manager_id, stage, stage_number,
                      tolerance_time, tolerance_cost, tolerance_scope, created_at, updated_at)
SELECT 'Project ' || g, 'project ' || g, 1 + (g * 7919) % {customers}, {lo} + g % ({hi - lo + 1}),
       {lo} + (g * 31) % ({hi - lo + 1}), 'delivery', 2, '', '', '', now(), now()
FROM generate_series(1, {n}) g;
INSERT INTO project_status (project_id, rag, highlight, author_name, at)
SELECT id, CASE id % 3 WHEN 0 THEN 'red' WHEN 1 THEN 'amber' ELSE 'green' END, 'On track', 'bench', now()
FROM projects;"""
    subprocess.run(['psql', '-q', '-v', 'ON_ERROR_STOP=1', url], input=sql, text=True, check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--backend', choices=['sqlite', 'postgres'], default='sqlite')
    ap.add_argument('--pg', default=os.environ.get('KUMPPANI_BENCH_POSTGRES_URL', 'postgres://postgres@127.0.0.1:5432'))
    ap.add_argument('--work', default=f'{k.ROOT}/bench/work')
    ap.add_argument('--customers', type=int, default=100_000)
    ap.add_argument('--activities-per-customer', type=int, default=10)
    ap.add_argument('--projects', type=int, default=20_000)
    ap.add_argument('--managers', type=int, default=50)
    ap.add_argument('-n', type=int, default=200)
    ap.add_argument('--page', action='append', help='NAME=PATH (repeatable; default: search, customer, portfolio)')
    ap.add_argument('--wrk-duration', type=int, default=10)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    pages = dict(p.split('=', 1) for p in (a.page or DEFAULT_PAGES))
    tag = f'{a.customers}'
    csvdir = f'{a.work}/scale-csv-{tag}'
    if not os.path.exists(f'{csvdir}/activities.csv'):
        generate(csvdir, a.customers, a.activities_per_customer, a.managers, 42)
    out = {'backend': a.backend, 'customers': a.customers, 'activities': a.customers * a.activities_per_customer,
           'projects': a.projects, 'machine': 'shared 2-core VM; other engineers compiling throughout',
           'loadavg_at_start': open('/proc/loadavg').read().strip()}
    if a.backend == 'sqlite':
        path = f'{a.work}/scale-{tag}.db'
        for suffix in ('', '-wal', '-shm'):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        url = f'sqlite://{path}'
    else:
        name = f'kumppani_scale_{tag}'
        subprocess.run(['psql', '-q', f'{a.pg}/postgres', '-c', f'DROP DATABASE IF EXISTS {name}'], check=True)
        subprocess.run(['psql', '-q', f'{a.pg}/postgres', '-c', f'CREATE DATABASE {name}'], check=True)
        url = f'{a.pg}/{name}'
    k.cli(url, 'migrate')
    k.ensure_user(url)
    for i in range(a.managers):
        k.cli(url, 'user', 'add', '--username', f'kp.{i:03d}', '--name', f'Manager {i:03d}',
              '--role', 'partnership_manager')
    out['import_customers_s'], out['import_customers_out'] = timed_import(url, 'customers', f'{csvdir}/customers.csv')
    out['import_activities_s'], out['import_activities_out'] = timed_import(url, 'activities',
                                                                           f'{csvdir}/activities.csv')
    print(out['import_customers_out'], out['import_activities_out'], flush=True)
    if a.backend == 'sqlite':
        users = k.sqlite_ids(path, 'SELECT id FROM users')
        add_projects_sqlite(path, a.projects, users, a.customers, 42)
        managers = k.sqlite_ids(path, "SELECT id FROM users WHERE username LIKE 'kp.%'")
    else:
        r = subprocess.run(['psql', '-qtA', url, '-c', 'SELECT id FROM users'], capture_output=True, text=True,
                           check=True)
        add_projects_postgres(url, a.projects, [int(x) for x in r.stdout.split()], a.customers)
        r = subprocess.run(['psql', '-qtA', url, '-c', "SELECT id FROM users WHERE username LIKE 'kp.%'"],
                           capture_output=True, text=True, check=True)
        managers = [int(x) for x in r.stdout.split()]

    p, out['cold_start_s'] = k.start(url, 8082)
    base = 'http://127.0.0.1:8082'
    try:
        s, cookie = k.login(base)
        rnd = random.Random(3)
        out['pages'] = {}
        for name, path_t in pages.items():
            urls = [base + path_t.format(customer=rnd.randint(1, a.customers), project=rnd.randint(1, a.projects),
                                         manager=rnd.choice(managers))
                    for _ in range(200)]
            k.latency(s, urls, 10, None)
            res = k.measured_latency(s, urls, a.n, None, p.pid)
            res['wrk'] = k.wrk(base, [u[len(base):] for u in urls], cookie, p.pid, a.wrk_duration)
            out['pages'][name] = res
            print(name, res['median_ms'], res['p99_ms'], res['bad'], res['wrk']['rps'], res['wrk']['rss_max_mib'],
                  flush=True)
        out['rss_idle_mib'] = k.rss_mib(p.pid)
        out['rss_max_mib'] = max(v['wrk']['rss_max_mib'] for v in out['pages'].values())
    finally:
        k.stop(p)
    k.save(a.out, out)


if __name__ == '__main__':
    main()
