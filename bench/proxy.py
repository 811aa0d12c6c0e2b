"""Benchmark through nginx: the person page through the shipped nginx site, straight from gunicorn, and as a static
file served by the same nginx (the ceiling on this machine), in one run; then a flood of new searches.

    python bench/proxy.py [--postgres] [--database register_proxy_bench] [--seconds 10] [--connections 8]

National data (flask demo-data --scale national) in a fresh database: a temporary SQLite file, or with --postgres
a database of that name on the cluster of .ci/start-postgres. gunicorn runs with deploy/gunicorn.conf.py (2 sync
workers, as bench/run.py), nginx with the site of deploy/render_nginx.py (HTTPS with a self-signed certificate,
as root in a temporary prefix), all on 127.0.0.1; wrk measures from its own process.

The flood: while wrk reads the person page through nginx, one client sends 1,000 new searches (each a different
address, never cached), evenly over the same seconds: through nginx (its per-client limit answers most with the
app's 429 page) and, for comparison, straight to gunicorn (no limit). Writes a section of bench/results.md.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import free_port, sample_urls, write_results  # noqa: E402
from tests.deploy.servers import (  # noqa: E402
    Client, make_certificate, render_error_pages, start_gunicorn, start_nginx, stop,
)

TERMS = ["woonbelang", "voetbalvereniging", "rabobank", "bouwbedrijf", "zorggroep", "onderwijs", "dagblad",
         "woningcorporatie", "adviesbureau", "voedselbank", "penningmeester", "secretaris", "directeur",
         "vastgoed", "noordveen", "zuiddam", "oudwijk", "stichting", "voorzitter", "xyzzy"]


def prepare_database(postgres: bool, name: str, workdir: Path) -> str:
    if postgres:
        base = subprocess.run([str(ROOT / ".ci" / "start-postgres")], check=True, capture_output=True,
                              text=True).stdout.strip().splitlines()[-1]
        user = os.environ.get("USER", "root")
        subprocess.run(["su", "postgres", "-c", f"dropdb --if-exists {name}"], check=True)
        subprocess.run(["su", "postgres", "-c", f"createdb -O {user} {name}"], check=True)
        url = base.replace("/register_test", f"/{name}")
    else:
        url = f"sqlite:///{workdir / 'register.db'}"
    env = dict(os.environ, DATABASE_URL=url, FLASK_APP="wsgi.py")
    for args in (["db", "upgrade", "heads"], ["demo-data", "--scale", "national"]):
        subprocess.run([str(ROOT / ".venv" / "bin" / "flask"), *args], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    return url


STATIC_SERVER = """
server {{
    listen 127.0.0.1:{port} ssl;
    ssl_certificate {cert};
    ssl_certificate_key {key};
    root {root};
}}
"""


FLOOD_CONNECTIONS = 8


def flood(port: int, tls: bool, total: int, seconds: float) -> Counter:
    """`total` new searches from one client, spread evenly over `seconds`, on 8 kept-alive connections.

    Each connection waits for its answer before its next request, as a script would; when the server is slower
    than the pace the flood takes longer (the "seconds" entry of the result).
    """
    statuses: Counter = Counter()
    lock = threading.Lock()
    start = time.monotonic()

    def sender(offset: int) -> None:
        context = ssl._create_unverified_context() if tls else None
        connection = (http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=60) if tls
                      else http.client.HTTPConnection("127.0.0.1", port, timeout=60))
        for n in range(offset, total, FLOOD_CONNECTIONS):
            time.sleep(max(0.0, start + n * seconds / total - time.monotonic()))
            try:
                connection.request("GET", f"/search?q={random.choice(TERMS)}&r={random.random()}-{n}")
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                status = "error"
            with lock:
                statuses[status] += 1

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(FLOOD_CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses["seconds"] = round(time.monotonic() - start)
    return statuses


def during_flood(url: str, args, flood_port: int, tls: bool) -> tuple[dict, Counter]:
    """wrk on `url` for args.seconds while the flood runs over the same seconds."""
    result: dict = {}
    reader = threading.Thread(target=lambda: result.update(run_wrk_url(url, args.seconds, args.connections)))
    reader.start()
    statuses = flood(flood_port, tls, 1000, args.seconds)
    reader.join()
    return result, statuses


def run_wrk_url(url: str, seconds: int, connections: int) -> dict:
    """bench.run.run_wrk for a full URL (https as well)."""
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s",
                          str(ROOT / "bench" / "latency.lua"), url], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    line = next(row for row in out.splitlines() if row.startswith("BENCH "))
    data = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, IndexError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


def cpu_split(app_master: int, url: str, args) -> dict:
    """CPU time of the app's workers and of PostgreSQL during uncached searches (is the database the limit?)."""
    workers = [int(p) for p in subprocess.run(["ps", "-o", "pid=", "--ppid", str(app_master)],
                                              capture_output=True, text=True).stdout.split()]
    database = [int(p) for p in subprocess.run(["ps", "-o", "pid=", "-u", "postgres"], capture_output=True,
                                               text=True).stdout.split()]
    before = cpu_ticks(workers), cpu_ticks(database)
    out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--timeout", "10s", "-s",
                          str(ROOT / "bench" / "new_searches.lua"), url], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    after = cpu_ticks(workers), cpu_ticks(database)
    line = next(row for row in out.splitlines() if row.startswith("BENCH "))
    data = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}
    hz = os.sysconf("SC_CLK_TCK")
    return {"app": (after[0] - before[0]) / hz, "database": (after[1] - before[1]) / hz,
            "rps": data["requests"] / (data["duration_us"] / 1e6)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--database", default="register_proxy_bench")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    database = "PostgreSQL 15" if args.postgres else "SQLite (WAL)"
    with tempfile.TemporaryDirectory(prefix="register-proxy-bench-") as tmp:
        workdir = Path(tmp)
        print(f"== through nginx, {database}: loading national data …", flush=True)
        url = prepare_database(args.postgres, args.database, workdir)
        app = start_gunicorn(url, workdir, workers=2)
        proxy = None
        try:
            person = sample_urls(url)["person page"]
            static_root = workdir / "static-copy"
            static_root.mkdir()
            (static_root / "person.html").write_bytes(Client(app.port).get(person).body)
            static_port = free_port()
            (workdir / "static-cert").mkdir()
            cert, key = make_certificate(workdir / "static-cert")
            extra = STATIC_SERVER.format(port=static_port, cert=cert, key=key, root=static_root)
            proxy = start_nginx(workdir, [app.port], render_error_pages(url, workdir), extra_http=extra)
            rows = measure(args, app.port, proxy.https_port, static_port, person)
            if args.postgres:
                rows["cpu split"] = cpu_split(app.process.pid, f"http://127.0.0.1:{app.port}/", args)
        finally:
            if proxy:
                stop(proxy.process)
            stop(app.process)
    table = format_table(database, person, rows, args)
    print(table)
    write_results(f"Through nginx, {database}", table)
    return 0


STATIC, PROXIED, DIRECT = "static copy (nginx, the ceiling)", "through nginx", "direct (gunicorn)"


def measure(args, app_port: int, proxy_port: int, static_port: int, person: str) -> dict:
    """Rows of (name -> wrk figures); a flood row also names its baseline and the flood's answers."""
    urls = {DIRECT: f"http://127.0.0.1:{app_port}{person}", PROXIED: f"https://127.0.0.1:{proxy_port}{person}",
            STATIC: f"https://127.0.0.1:{static_port}/person.html"}
    for warm in urls.values():
        run_wrk_url(warm, 1, 2)
    rows = {name: run_wrk_url(urls[name], args.seconds, args.connections) for name in (STATIC, PROXIED, DIRECT)}
    floods = [("through nginx, 1,000 new searches via nginx", PROXIED, proxy_port, True),
              ("direct, 1,000 new searches via nginx", DIRECT, proxy_port, True),
              ("direct, 1,000 new searches straight to gunicorn (no limit)", DIRECT, app_port, False)]
    for name, base, port, tls in floods:
        figures, answers = during_flood(urls[base], args, port, tls)
        rows[name] = dict(figures, base=base, answers=answers)
    return rows


def format_table(database: str, person: str, rows: dict, args) -> str:
    ceiling = rows[STATIC]["rps"]
    lines = [f"## Through nginx, {database}", "",
             f"Person page `{person}`; gunicorn 2 workers (deploy/gunicorn.conf.py), nginx with the shipped site "
             f"(HTTPS, HTTP/1.1 from wrk), wrk 2 threads, {args.connections} connections, {args.seconds} s each; "
             f"{time.strftime('%Y-%m-%d %H:%M')}; load average before the run {os.getloadavg()[0]:.1f}.", "",
             "| person page | requests/s | p50 ms | p95 ms | ratio to the static copy | ratio to normal | errors |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, r in rows.items():
        if name == "cpu split":
            continue
        normal = rows[r.get("base", name)]["rps"]
        lines.append(f"| {name} | {r['rps']:.0f} | {r['p50'] / 1000:.1f} | {r['p95'] / 1000:.1f} | "
                     f"{r['rps'] / ceiling:.2f} | {r['rps'] / normal:.2f} | {r['errors'] + r['non2xx']} |")
    lines.append("")
    for name, r in rows.items():
        if "answers" in r:
            answers = dict(r["answers"])
            took = answers.pop("seconds")
            answered = ", ".join(f"{status}: {count}" for status, count in sorted(answers.items(), key=str))
            lines.append(f"- Flood during \"{name}\": answered {answered}; it took {took} s.")
    if "cpu split" in rows:
        split = rows["cpu split"]
        lines.append(f"- CPU time during {args.seconds} s of uncached searches straight to gunicorn "
                     f"({split['rps']:.0f} requests/s, bench/new_searches.lua): app workers {split['app']:.1f} s, "
                     f"PostgreSQL {split['database']:.1f} s.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
