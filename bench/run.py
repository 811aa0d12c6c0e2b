"""Benchmark: national data, gunicorn with 2 workers, wrk from a separate process.

    python bench/run.py [--postgres] [--seconds 10] [--connections 8] [--rounds 1] [--only "/healthz,person page"]

--only measures just the named rows (no uncached searches, no export); BENCH_DB_NAME names the database (default
register_bench), so that two runs on one machine do not drop each other's.

Prints per URL requests/s, p50 and p95 latency and throughput as a ratio of /healthz in the same run; then the
full CSV export's time and the serving worker's peak memory growth during it. Writes bench/results.md (one
section per database). Only 127.0.0.1 is used.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "results.md"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flask(env: dict, *args: str) -> str:
    out = subprocess.run([str(VENV_BIN / "flask"), *args], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True)
    return out.stdout


def prepare_database(args) -> tuple[str, float]:
    name = os.environ.get("BENCH_DB_NAME", "register_bench")
    if args.postgres:
        url = subprocess.run([str(ROOT / ".ci" / "start-postgres")], check=True, capture_output=True,
                             text=True).stdout.strip().splitlines()[-1]
        user = os.environ.get("USER", "root")
        subprocess.run(["su", "postgres", "-c", f"dropdb --if-exists {name}"], check=True)
        subprocess.run(["su", "postgres", "-c", f"createdb -O {user} {name}"], check=True)
        url = url.replace("/register_test", f"/{name}")
    else:
        path = Path(tempfile.gettempdir()) / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    env = bench_env(url)
    flask(env, "db", "upgrade", "heads")
    started = time.perf_counter()
    flask(env, "demo-data", "--scale", "national")
    return url, time.perf_counter() - started


def bench_env(url: str) -> dict:
    env = dict(os.environ, DATABASE_URL=url, FLASK_APP="wsgi.py", SECRET_KEY="bench-" + "x" * 40,
               REGISTER_ENV="benchmark")
    return env


def sample_urls(url: str) -> dict[str, str]:
    """A large body, a person with many declarations, a common search term."""
    from sqlalchemy import create_engine, text

    from config import _database_url
    os.environ["DATABASE_URL"] = url
    engine = create_engine(_database_url())
    with engine.connect() as c:
        body = c.execute(text("select b.slug from body b join politician p on p.body_id=b.id "
                              "group by b.slug order by count(*) desc limit 1")).scalar()
        person = c.execute(text(
            "select b.slug, p.slug from politician p join body b on b.id=p.body_id join declaration d "
            "on d.politician_id=p.id where p.active group by b.slug, p.slug order by count(*) desc limit 1")).one()
    return {
        "/healthz": "/healthz",
        "/": "/",
        "body page": f"/register/{body}/",
        "person page": f"/register/{person[0]}/{person[1]}/",
        "search": "/search?q=stichting",
        "api list": "/api/v1/declarations?per_page=100",
    }


def start_gunicorn(url: str, port: int) -> subprocess.Popen:
    env = bench_env(url)
    proc = subprocess.Popen([str(VENV_BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level",
                             "warning", "wsgi:app"], cwd=ROOT, env=env)
    # Wait until both workers answer, not just until the socket listens (a busy machine boots them slowly).
    deadline, answered = time.monotonic() + 60, 0
    while time.monotonic() < deadline and answered < 10:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            answered += conn.getresponse().status == 200
            conn.close()
        except OSError:
            time.sleep(0.2)
    if answered < 10:
        proc.kill()
        raise SystemExit("gunicorn did not answer /healthz within 60 s")
    return proc


NEW_SEARCHES = "search, every request new"  # bench/new_searches.lua: never served from the response cache


def run_wrk(port: int, path: str, seconds: int, connections: int, script: str = "latency.lua") -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s",
                          str(ROOT / "bench" / script), f"http://127.0.0.1:{port}{path}"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    line = next(row for row in out.splitlines() if row.startswith("BENCH "))
    data = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except FileNotFoundError:
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def measure_in_rounds(port: int, master: int, urls: dict[str, str], args) -> dict[str, dict]:
    """Every URL for seconds/rounds at a time, in rotation; totals, the median turn's latencies, and the workers'
    CPU time per request (on a busy, shared machine a steadier measure of cost than requests per second)."""
    turns: dict[str, list[dict]] = {name: [] for name in urls}
    workers = worker_pids(master)
    for _ in range(max(1, args.rounds)):
        for name, path in urls.items():
            before = cpu_seconds(workers)
            run = run_wrk(port, path, max(1, args.seconds // max(1, args.rounds)), args.connections)
            run["cpu_us"] = (cpu_seconds(workers) - before) * 1e6
            turns[name].append(run)
    results = {}
    for name, runs in turns.items():
        total = {key: sum(run[key] for run in runs)
                 for key in ("requests", "duration_us", "errors", "non2xx", "cpu_us")}
        for key in ("p50", "p95"):
            total[key] = sorted(run[key] for run in runs)[len(runs) // 2]
        total["rps"] = total["requests"] / (total["duration_us"] / 1e6)
        results[name] = total
    return results


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        return 0
    return 0


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def measure_export(port: int, master: int) -> dict:
    """Download /export/all.csv once; sample every worker's RSS meanwhile; report time, size and peak growth."""
    pids = worker_pids(master)
    before = {pid: rss_kb(pid) for pid in pids}
    peak = dict(before)
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], rss_kb(pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", "/export/all.csv")
    response = conn.getresponse()
    size, rows = 0, 0
    while chunk := response.read(65536):
        size += len(chunk)
        rows += chunk.count(b"\n")
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    growth = max(peak[pid] - before[pid] for pid in pids) / 1024
    return {"status": response.status, "seconds": elapsed, "bytes": size, "lines": rows, "growth_mb": growth}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--only", default="", help="comma-separated row names, e.g. '/healthz,person page'")
    parser.add_argument("--rounds", type=int, default=1,
                        help="split each URL's time into this many turns, taken in rotation with the other URLs, "
                             "so that a change in the machine's load weighs on every row alike")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    database = ("PostgreSQL 15" if args.postgres else "SQLite (WAL)") + (f", only {args.only}" if args.only else "")
    print(f"== {database}: loading national data …", flush=True)
    url, load_seconds = prepare_database(args)
    print(f"   loaded in {load_seconds:.1f} s")
    port = free_port()
    server = start_gunicorn(url, port)
    try:
        urls = sample_urls(url)
        if args.only:
            urls = {name: path for name, path in urls.items() if name in args.only.split(",")}
        for path in urls.values():  # warm up caches and imports in both workers
            run_wrk(port, path, 1, 2)
        results = measure_in_rounds(port, server.pid, urls, args)
        export = None
        if not args.only:
            urls[NEW_SEARCHES] = "/search?q=<one of 36 terms>&r=<random>"
            results[NEW_SEARCHES] = run_wrk(port, "/", args.seconds, args.connections, script="new_searches.lua")
            export = measure_export(port, server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    table = format_table(database, results, urls, export, load_seconds, args)
    print(table)
    write_results(database, table)
    return 0


def _cpu_cells(cpu: dict[str, float], name: str) -> str:
    if name not in cpu:
        return "— | —"
    return f"{cpu[name]:.0f} | {cpu['/healthz'] / max(cpu[name], 1e-9):.2f}"


def format_table(database, results, urls, export, load_seconds, args) -> str:
    ceiling = results["/healthz"]["rps"]
    cpu = {name: r["cpu_us"] / max(1, r["requests"]) for name, r in results.items() if "cpu_us" in r}
    lines = [f"## {database}", "",
             f"National data loaded in {load_seconds:.1f} s; gunicorn 2 workers; wrk 2 threads, "
             f"{args.connections} connections, {args.seconds} s per URL"
             f"{f' in {args.rounds} turns' if args.rounds > 1 else ''}; {time.strftime('%Y-%m-%d %H:%M')}.", "",
             "| URL | path | requests/s | p50 ms | p95 ms | ratio to /healthz | worker CPU µs/request "
             "| CPU ratio (/healthz's ÷ this) | errors |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, r in results.items():
        lines.append(f"| {name} | `{urls[name]}` | {r['rps']:.0f} | {r['p50'] / 1000:.1f} | {r['p95'] / 1000:.1f} "
                     f"| {r['rps'] / ceiling:.2f} | {_cpu_cells(cpu, name)} | {r['errors'] + r['non2xx']} |")
    if export is not None:
        lines += ["", f"Full CSV export `/export/all.csv`: HTTP {export['status']}, {export['seconds']:.2f} s, "
                      f"{export['lines']} lines, {export['bytes'] / 1e6:.1f} MB; worker memory growth during it "
                      f"{export['growth_mb']:.1f} MB."]
    return "\n".join(lines + [""])


def write_results(database: str, section: str) -> None:
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n\nMade by `make bench`.\n\n"
    pattern = re.compile(rf"## {re.escape(database)}\n.*?(?=\n## |\Z)", re.S)
    text = pattern.sub(section.rstrip() + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    RESULTS.write_text(text)


if __name__ == "__main__":
    sys.exit(main())
