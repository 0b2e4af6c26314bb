"""Starting, signing in to and measuring a Kumppani server from the
benchmark scripts. Uses the peer harness (`bench.py`, in PEER_DIR) for
latency, wrk, RSS and CPU, so both systems are measured by the same code."""
import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request

PEER = os.environ.get('PEER_DIR', '/tmp/peer')
sys.path.insert(0, PEER)
import bench as harness  # noqa: E402  (the peer harness, /tmp/peer/bench.py)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get('KUMPPANI_BIN', f'{ROOT}/target/release/kumppani')
USER, PASSWORD = 'bench', 'bench-password-1'


def start(db_url, port, log=None):
    """Starts `kumppani serve`; returns (process, seconds until /healthz answered)."""
    env = {**os.environ, 'KUMPPANI_LOG': 'warn'}
    t0 = time.perf_counter()
    p = subprocess.Popen([BIN, 'serve', '--listen', f'127.0.0.1:{port}', '--database-url', db_url],
                         env=env, stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT,
                         start_new_session=True)
    up = harness.wait_http(f'http://127.0.0.1:{port}/healthz', timeout=120)
    return p, round(up - t0, 3)


def login(base):
    """Signs in through the API; returns the session cookie as NAME=VALUE."""
    s = harness.requests.Session()
    r = s.post(f'{base}/api/v1/session', json={'username': USER, 'password': PASSWORD})
    r.raise_for_status()
    return s, '; '.join(f'{c.name}={c.value}' for c in s.cookies)


def cli(db_url, *args, stdin=None):
    return subprocess.run([BIN, '--database-url', db_url, *args], input=stdin, text=True,
                          capture_output=True, check=True)


def ensure_user(db_url):
    try:
        cli(db_url, 'user', 'add', '--username', USER, '--name', 'Benchmark', '--admin', '--password-stdin',
            stdin=PASSWORD + '\n')
    except subprocess.CalledProcessError as e:
        if 'taken' not in (e.stderr + e.stdout):
            raise


def sqlite_ids(path, sql, params=()):
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute(sql, params)]
    finally:
        con.close()


def latency(session, urls, n, expect):
    """Single-client latency plus the server's CPU per request."""
    return harness.latency(session, urls, n, expect)


def measured_latency(session, urls, n, expect, pid):
    c0 = harness.cpu_s(harness.tree_pids(pid))
    t0 = time.perf_counter()
    res = harness.latency(session, urls, n, expect)
    srv = harness.cpu_s(harness.tree_pids(pid)) - c0
    res['wall_s'] = round(time.perf_counter() - t0, 1)
    res['server_cpu_ms_per_req'] = round(srv * 1000 / n, 3)
    return res


def wrk(base, paths, cookie, pid, duration, conns=8):
    res = harness.run_wrk(base, paths, cookie, pid, conns, duration, 2)
    res.pop('raw', None)
    return res


def rss_mib(pid):
    tot, _ = harness.rss_kib(harness.tree_pids(pid))
    return round(tot / 1024, 1)


def stop(p):
    harness.stop(p)


def save(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as fh:
        json.dump(data, fh, indent=1)
    print(f'wrote {path}')


def get(url, cookie=None):
    req = urllib.request.Request(url, headers={'Cookie': cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.read()
