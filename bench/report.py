#!/usr/bin/env python3
"""Writes the tables of docs/PERFORMANCE.md from bench/results/*.json: each
table sits between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` and is
replaced whole; the prose around it is left alone."""
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RES = f'{ROOT}/bench/results'
DOC = f'{ROOT}/docs/PERFORMANCE.md'


def load(name):
    try:
        with open(f'{RES}/{name}.json') as fh:
            return json.load(fh)
    except FileNotFoundError:
        return None


def f(v, nd=1):
    return '–' if v is None else f'{v:,.{nd}f}'


def peer_table(r):
    s = r['summary']
    lines = ['| pair | median ms K / C | p99 ms K / C | req/s K / C | CPU ms/req K / C | throughput ×'
             ' | p99 ratio | errors K / C |', '|---|---|---|---|---|---|---|---|']
    names = {'list': 'customer list p1 / organisation list', 'detail': 'customer page / organisation page',
             'noop': 'signed-in no-op: /api/v1/me / /hello_auth/'}
    for key, label in names.items():
        x = s[key]
        lines.append(f"| {label} | {f(x['k_median_ms'], 2)} / {f(x['c_median_ms'])} | {f(x['k_p99_ms'], 2)} / "
                     f"{f(x['c_p99_ms'])} | {f(x['k_rps'], 0)} / {f(x['c_rps'], 1)} | {f(x['k_cpu_ms_per_req'], 3)} / "
                     f"{f(x['c_cpu_ms_per_req'], 2)} | {f(x['throughput_ratio'])} | 1/{f(1 / max(x['p99_ratio'], 1e-9), 0)}"
                     f" | {x['k_errors']} / {x['c_errors']} |")
    lines += ['', '| | Kumppani | Creme | ratio |', '|---|---|---|---|',
              f"| cold start to first answer (s) | {r['kumppani_cold_start_s']} | {r['creme_cold_start_s']} | |",
              f"| first list page after sign-in (ms) | {r['kumppani_first_list_ms']} | {r['creme_first_list_ms']} | |",
              f"| RSS idle after warm-up (MiB) | {r['kumppani_rss_idle_mib']} | {r['creme_rss_idle_mib']} | "
              f"1/{f(1 / s['memory_ratio_idle'], 0)} |",
              f"| RSS max under load (MiB) | {max(s[n]['k_rss_max_mib'] for n in names)} | "
              f"{max(s[n]['c_rss_max_mib'] for n in names)} | 1/{f(1 / s['memory_ratio_load'], 0)} |",
              '', f"Rounds: {len(r['rounds'])}; load average at start: {r['loadavg_at_start']}."]
    return '\n'.join(lines)


def floor_table(r):
    lines = ['| page | median ms K / floor | p99 ms K / floor | req/s K / floor | CPU ms/req K / floor'
             ' | share of floor req/s |', '|---|---|---|---|---|---|']
    for key, x in r['summary'].items():
        lines.append(f"| {key} | {f(x['k_median_ms'], 2)} / {f(x['f_median_ms'], 2)} | {f(x['k_p99_ms'], 2)} / "
                     f"{f(x['f_p99_ms'], 2)} | {f(x['k_rps'], 0)} / {f(x['f_rps'], 0)} | "
                     f"{f(x['k_cpu_ms_per_req'], 3)} / {f(x['f_cpu_ms_per_req'], 3)} | "
                     f"{f(100 * x['share_of_floor_rps'], 0)} % |")
    lines.append(f"\nRounds: {len(r['rounds'])}; load average at start: {r['loadavg_at_start']}.")
    return '\n'.join(lines)


def scale_table(rs):
    lines = ['| backend | page | median ms | p99 ms | req/s (8 conns) | errors |', '|---|---|---|---|---|---|']
    extra = []
    for r in rs:
        for page, x in r['pages'].items():
            lines.append(f"| {r['backend']} | {page} | {f(x['median_ms'], 2)} | {f(x['p99_ms'], 2)} | "
                         f"{f(x['wrk']['rps'], 0)} | {x['bad'] + x['wrk']['non_2xx_3xx']} |")
        extra.append(f"{r['backend']}: {r['customers']:,} customers, {r['activities']:,} activities, "
                     f"{r['projects']:,} projects; import {r['import_customers_s']} s (customers) + "
                     f"{r['import_activities_s']} s (activities); cold start {r['cold_start_s']} s; "
                     f"RSS idle {r['rss_idle_mib']} MiB, max under load {r['rss_max_mib']} MiB.")
    return '\n'.join(lines + [''] + [f'- {e}' for e in extra])


def import_table(rs):
    lines = ['| backend | customers | runs (wall s) | median wall s | median CPU s | max RSS MiB |',
             '|---|---|---|---|---|---|']
    for r in rs:
        lines.append(f"| {r['backend']} | {r['customers']:,} | {', '.join(str(x['wall_s']) for x in r['runs'])} | "
                     f"{r['median_wall_s']} | {round(r['median_cpu_s'], 2)} | "
                     f"{max(x['max_rss_mib'] for x in r['runs'])} |")
    return '\n'.join(lines)


def duration(ns):
    for unit, size in (('s', 1e9), ('ms', 1e6), ('µs', 1e3)):
        if ns >= size:
            return f'{ns / size:.3g} {unit}'
    return f'{ns:.3g} ns'


def micro_table(r):
    lines = ['| benchmark | median | 95 % interval of the median |', '|---|---|---|']
    for b in r['benches']:
        lines.append(f"| {b['name']} | {duration(b['median_ns'])} | "
                     f"{duration(b['ci_low_ns'])} – {duration(b['ci_high_ns'])} |")
    lines.append('')
    lines.append(f"Load average at start: {r['loadavg_at_start']}.")
    return '\n'.join(lines)


def main():
    with open(DOC) as fh:
        doc = fh.read()
    blocks = {}
    if (r := load('peer')):
        blocks['peer'] = peer_table(r)
    if (r := load('floor')):
        blocks['floor'] = floor_table(r)
    rs = [x for x in (load('scale-sqlite'), load('scale-postgres')) if x]
    if rs:
        blocks['scale'] = scale_table(rs)
    rs = [x for x in (load('import-sqlite'), load('import-postgres')) if x]
    if rs:
        blocks['import'] = import_table(rs)
    if (r := load('micro')):
        blocks['micro'] = micro_table(r)
    for name, table in blocks.items():
        doc, n = re.subn(rf'<!-- bench:{name} -->.*?<!-- /bench:{name} -->',
                         lambda _: f'<!-- bench:{name} -->\n{table}\n<!-- /bench:{name} -->', doc, flags=re.S)
        print(f'{name}: {"updated" if n else "no marker in PERFORMANCE.md"}')
    with open(DOC, 'w') as fh:
        fh.write(doc)


if __name__ == '__main__':
    main()
