#!/usr/bin/env python3
"""The driver of assign_compare.sh: runs HiGHS (via the reference script)
and `kumppani assign --instance` on the same instances, checks the
objectives are equal and Kumppani's assignment feasible, writes JSON and a
markdown table. Times are solve times as each program reports them (model
building, JSON and process start excluded); the fastest of --repeat runs
counts. Wall times of whole processes are recorded too."""
import argparse
import importlib.util
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time


def load_reference(path):
    spec = importlib.util.spec_from_file_location('assign_ilp', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run(cmd):
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f'failed: {" ".join(cmd)}\n{p.stdout}\n{p.stderr}')
    return p.stdout + p.stderr, wall


def highs(ilp, inst, formulation, solution=None, extra=()):
    cmd = [sys.executable, ilp, '--instance', inst, '--formulation', formulation, *extra]
    if solution:
        cmd += ['--out-solution', solution]
    text, wall = run(cmd)
    tag = 'agg ' if formulation == 'agg' else 'full'
    line = next(l for l in text.splitlines() if l.startswith(f'[{tag}]') and 'solve=' in l)
    return {
        'objective': int(re.search(r'objective\(moves\)=(\d+)', line).group(1)),
        'build_s': float(re.search(r'build=([0-9.]+)s', line).group(1)),
        'solve_s': float(re.search(r'solve=([0-9.]+)s', line).group(1)),
        'status': re.search(r'status=(\S+)', line).group(1),
        'wall_s': wall,
    }


def kumppani(binary, inst, solution):
    text, wall = run([binary, 'assign', '--instance', inst, '--out', solution])
    m = re.search(r'solved in ([0-9.]+) ms', text)
    with open(solution) as fh:
        sol = json.load(fh)
    return {
        'objective': sol['objective'],
        'solve_s': float(m.group(1)) / 1e3,
        'proven_optimal': 'proven optimal: true' in text,
        'wall_s': wall,
    }, sol


def fastest(runs, key='solve_s'):
    best = min(runs, key=lambda r: r[key])
    return dict(best, runs=len(runs), median_solve_s=statistics.median(r['solve_s'] for r in runs),
                median_wall_s=statistics.median(r['wall_s'] for r in runs))


def ms(s):
    return f'{s * 1e3:.1f}' if s < 10 else f'{s * 1e3:,.0f}'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ilp', required=True)
    ap.add_argument('--kumppani', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--sizes', nargs='+', required=True)
    ap.add_argument('--seeds', nargs='+', type=int, required=True)
    ap.add_argument('--full', type=int, default=1)
    ap.add_argument('--repeat', type=int, default=5)
    ap.add_argument('--move-frac', type=float, default=0.30)
    a = ap.parse_args()
    ref = load_reference(a.ilp)
    results, failures = [], []
    work = tempfile.mkdtemp(prefix='assign_compare_')
    for size in a.sizes:
        n, m, s = (int(x) for x in size.split(':'))
        for seed in a.seeds:
            inst = os.path.join(work, f'inst_{n}_{m}_{s}_{seed}.json')
            instance = {'seed': seed, 'n_customers': n, 'n_managers': m, 'n_segments': s,
                        'move_frac_target': a.move_frac,
                        'customers': ref.generate(seed, n, m, s, a.move_frac)}
            with open(inst, 'w') as fh:
                json.dump(instance, fh)
            row = {'customers': n, 'managers': m, 'segments': s, 'seed': seed}
            row['highs_agg'] = fastest([highs(a.ilp, inst, 'agg') for _ in range(a.repeat)])
            if a.full:
                full_sol = os.path.join(work, f'full_{n}_{m}_{s}_{seed}.json')
                row['highs_full'] = highs(a.ilp, inst, 'full', full_sol)
            runs, sol = [], None
            for _ in range(a.repeat):
                r, sol = kumppani(a.kumppani, inst, os.path.join(work, f'k_{n}_{m}_{s}_{seed}.json'))
                runs.append(r)
            row['kumppani'] = fastest(runs)
            feasible, moved = ref.check(instance, sol['assignment'])
            row['kumppani']['feasible'] = bool(feasible)
            row['kumppani']['moved_recounted'] = int(moved)
            objectives = {'kumppani': row['kumppani']['objective'], 'recounted': int(moved),
                          'highs_agg': row['highs_agg']['objective']}
            if a.full:
                objectives['highs_full'] = row['highs_full']['objective']
            row['equal'] = bool(feasible) and len(set(objectives.values())) == 1
            if not row['equal']:
                failures.append((size, seed, objectives, feasible))
            k = row['kumppani']['solve_s']
            row['agg_over_kumppani'] = row['highs_agg']['solve_s'] / k
            if a.full:
                row['full_over_kumppani'] = row['highs_full']['solve_s'] / k
            print(f'{n} x {m} x {s} seed {seed}: objective {objectives} equal={row["equal"]} '
                  f'kumppani {ms(k)} ms, agg {ms(row["highs_agg"]["solve_s"])} ms'
                  + (f', full {ms(row["highs_full"]["solve_s"])} ms' if a.full else ''), flush=True)
            results.append(row)
            # Written after every instance, so a run cut short keeps what it measured.
            write(a, results, failures)
    print(table(results, a.full))
    if failures:
        sys.exit(f'MISMATCH: {failures}')


def write(a, results, failures):
    machine = {'cpus': os.cpu_count(), 'python': sys.version.split()[0],
               'load_average': os.getloadavg(), 'repeat': a.repeat}
    with open(os.path.join(a.out, 'assign_compare.json'), 'w') as fh:
        json.dump({'machine': machine, 'results': results, 'all_equal': not failures}, fh, indent=1)
    with open(os.path.join(a.out, 'assign_compare.md'), 'w') as fh:
        fh.write(table(results, a.full))


def table(results, full):
    head = '| customers × managers × segments | seed | moved (all equal) | Kumppani ms | HiGHS agg ms | agg ÷ Kumppani |'
    rule = '|---|---:|---:|---:|---:|---:|'
    if full:
        head += ' HiGHS full ms | full ÷ Kumppani |'
        rule += '---:|---:|'
    lines = [head, rule]
    for r in results:
        moved = f'{r["kumppani"]["objective"]:,}' + ('' if r['equal'] else ' MISMATCH')
        cells = [f'{r["customers"]:,} × {r["managers"]} × {r["segments"]}', str(r['seed']), moved,
                 ms(r['kumppani']['solve_s']), ms(r['highs_agg']['solve_s']), f'{r["agg_over_kumppani"]:,.1f}×']
        if full:
            cells += [ms(r['highs_full']['solve_s']), f'{r["full_over_kumppani"]:,.0f}×']
        lines.append('| ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines) + '\n'


if __name__ == '__main__':
    main()
