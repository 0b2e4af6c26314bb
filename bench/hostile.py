"""Hostile clients against a running Kumppani: what the server does when
someone who is not signed in posts huge multipart bodies with monstrous
boundaries, when many do so at once, and when clients send half a request
and wait. Standard library only.

    python3 bench/hostile.py [--bin target/release/kumppani] [--out bench/results/hostile.json]

Starts its own server on a fresh SQLite database with the demo data and
reports, per attack: how long the attacker's requests took to be answered,
how long /healthz took meanwhile, and the server's resident memory before
and at the end (VmRSS, VmHWM from /proc)."""
import argparse
import json
import os
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def memory(pid):
    """(VmRSS, VmHWM) in MiB."""
    fields = {}
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            k, _, v = line.partition(':')
            fields[k] = v.strip()
    mib = lambda k: round(int(fields[k].split()[0]) / 1024, 1)  # noqa: E731
    return mib('VmRSS'), mib('VmHWM')


def healthz(port, timeout=60):
    t0 = time.perf_counter()
    try:
        urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=timeout).read()
        return round(time.perf_counter() - t0, 3)
    except OSError:
        return None


def post(port, path, headers, body_len, chunk=1 << 20, send_all=True):
    """Sends a POST head and (all of, or 1 KiB of) the body; returns
    (seconds until the status line, the status line)."""
    t0 = time.perf_counter()
    s = socket.create_connection(('127.0.0.1', port))
    s.settimeout(120)
    head = f'POST {path} HTTP/1.1\r\nHost: x\r\n{headers}Content-Length: {body_len}\r\nConnection: close\r\n\r\n'
    try:
        s.sendall(head.encode())
        sent = 0
        limit = body_len if send_all else 1024
        block = b'a' * chunk
        while sent < limit:
            n = min(chunk, limit - sent)
            s.sendall(block[:n])
            sent += n
    except OSError:
        pass  # the server answered and closed before the body was through
    try:
        line = s.recv(256).split(b'\r\n')[0].decode(errors='replace')
    except OSError as e:
        line = f'error: {e}'
    s.close()
    return round(time.perf_counter() - t0, 3), line


def parallel(n, fn):
    out = [None] * n

    def run(i):
        out[i] = fn()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    return threads, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin', default=f'{ROOT}/target/release/kumppani')
    ap.add_argument('--out', default=f'{ROOT}/bench/results/hostile.json')
    ap.add_argument('--half-open', type=int, default=3000)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp()
    port = free_port()
    server = subprocess.Popen([args.bin, 'serve', '--demo', '--listen', f'127.0.0.1:{port}',
                               '--database-url', f'sqlite://{tmp}/k.db'],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
    try:
        for _ in range(600):
            if healthz(port, 1) is not None:
                break
            time.sleep(0.2)
        results = {'idle_mib': memory(server.pid)[0]}
        multipart = f'Cookie: kumppani_session=made-up\r\nContent-Type: multipart/form-data; boundary={"x" * 128 * 1024}\r\n'

        # 1. Two 8 MiB posts with a 128 KB boundary, not signed in.
        threads, out = parallel(2, lambda: post(port, '/customers', multipart, 8 << 20))
        time.sleep(0.2)
        health = healthz(port)
        for t in threads:
            t.join()
        results['two_8mib_boundary_posts'] = {'answers': out, 'healthz_s': health,
                                              'rss_hwm_mib': memory(server.pid)}

        # 2. 24 parallel 32 MiB posts.
        threads, out = parallel(24, lambda: post(port, '/import', multipart, 32 << 20))
        time.sleep(0.2)
        health = healthz(port)
        for t in threads:
            t.join()
        results['parallel_32mib_posts'] = {'answers_s': sorted(a[0] for a in out),
                                           'statuses': sorted({a[1] for a in out}), 'healthz_s': health,
                                           'rss_hwm_mib': memory(server.pid)}

        # 3. Half-sent requests: heads that never end.
        held = []
        for _ in range(args.half_open):
            try:
                s = socket.create_connection(('127.0.0.1', port), timeout=2)
                s.sendall(b'GET /healthz HTTP/1.1\r\nHost: x\r\n')
                held.append(s)
            except OSError:
                break
        t0 = time.perf_counter()
        health = healthz(port)
        closed_after = None
        # How long until the server has dropped the first of them.
        for s in held[:1]:
            s.settimeout(60)
            try:
                s.recv(16)
            except OSError:
                pass
            closed_after = round(time.perf_counter() - t0, 1)
        for s in held:
            s.close()
        results['half_open_heads'] = {'opened': len(held), 'healthz_s': health,
                                      'first_dropped_after_s': closed_after,
                                      'rss_hwm_mib': memory(server.pid)}
        results['healthz_after_s'] = healthz(port)
    finally:
        server.terminate()
        server.wait(30)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, 'w') as f:
        json.dump(results, f, indent=2)
    print(json.dumps(results, indent=2))


if __name__ == '__main__':
    main()
