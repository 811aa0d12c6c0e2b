"""Load and faults: gunicorn with 3 workers under concurrent readers and writers, one worker killed half-way.

    python bench/load_faults.py [--postgres] [--seconds 20] [--readers 6] [--politicians 4] [--reviewers 2]

The database (a temporary SQLite file, or with --postgres a separate database on the local cluster from
.ci/start-postgres) is migrated and loaded with the demo data, plus bench accounts. Then, from this process,
threads send requests to 127.0.0.1 only: readers fetch public pages; politicians create and publish declarations
and create and submit agreements; reviewers sign those agreements off. Half-way one gunicorn worker gets SIGKILL.

Afterwards every write that was answered with success (a redirect to the new object, whose organisation or title
carries a unique BENCH marker) is looked up in the database. Printed: requests, errors (in flight on the killed
worker, and other), refusals (a sign-off another reviewer beat us to), lost writes and consistency checks.
The exit status is non-zero when a write was lost, an error other than the killed worker's occurred, or the
database is inconsistent.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
PASSWORD = "bench-wachtwoord-2026"
MARK = "BENCH"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


# --- database and server ---------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def prepare_database(postgres: bool, workdir: Path) -> str:
    """A fresh database, migrated, with the demo data."""
    if postgres:
        from sqlalchemy import create_engine, text
        base = subprocess.run([str(ROOT / ".ci" / "start-postgres")], check=True, capture_output=True,
                              text=True).stdout.strip().splitlines()[-1]
        url = base.replace("/register_test", "/register_faults")
        admin = create_engine(base.replace("/register_test", "/postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS register_faults"))
            connection.execute(text("CREATE DATABASE register_faults"))
        admin.dispose()
    else:
        url = f"sqlite:///{workdir / 'faults.db'}"
    env = server_env(url)
    for args in (["db", "upgrade", "heads"], ["demo-data"]):
        subprocess.run([str(VENV_BIN / "flask"), *args], cwd=ROOT, env=env, check=True, capture_output=True)
    return url


def server_env(url: str) -> dict:
    return dict(os.environ, DATABASE_URL=url, FLASK_APP="wsgi.py", SECRET_KEY="faults-" + "x" * 40,
                REGISTER_ENV="benchmark")


def engine_for(url: str):
    from sqlalchemy import create_engine
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT))
    from config import _database_url
    return create_engine(_database_url())


def add_bench_accounts(url: str, politicians: int, reviewers: int) -> dict:
    """Politicians with an account and a published declaration, and reviewers, in the demo body's first fractie."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    from config import Config
    from register import create_app
    from register.auth.services import create_user
    from register.declarations import services as declarations
    from register.extensions import db
    from register.models import Body, DeclarationKind, Group, Politician
    from sqlalchemy import select

    app = create_app(Config, SQLALCHEMY_DATABASE_URI=_sqlalchemy_url(url))
    with app.app_context():
        body = db.session.scalars(select(Body).order_by(Body.id)).first()
        group = db.session.scalars(select(Group).where(Group.body_id == body.id).order_by(Group.id)).first()
        people, checkers = [], []
        for n in range(politicians):
            politician = Politician(body=body, group=group, name=f"Bench Ambtsdrager {n}", sort_name=f"Bench {n}",
                                    slug=f"bench-{n}")
            db.session.add(politician)
            db.session.flush()
            user = create_user(email=f"bench{n}@faults.test", name=politician.name, password=PASSWORD,
                               politician=politician)
            from datetime import date
            declarations.create_declaration(politician, DeclarationKind.side_job, {
                "organisation": f"{MARK} startpunt {n}", "role": "Lid", "started_on": date(2025, 1, 1)},
                actor=user, publish=True)
            people.append(user.email)
        for n in range(reviewers):
            checkers.append(create_user(email=f"checker{n}@faults.test", name=f"Bench Beoordelaar {n}",
                                        password=PASSWORD, reviewer_of=[group]).email)
        db.session.commit()
        pages = ["/", f"/register/{body.slug}/", f"/register/{body.slug}/bench-0/", "/search?q=stichting",
                 f"/register/{body.slug}/statistieken", "/api/v1/declarations", f"/api/v1/bodies/{body.slug}"]
        db.engine.dispose()
    return {"politicians": people, "reviewers": checkers, "pages": pages}


def _sqlalchemy_url(url: str) -> str:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    from config import _database_url
    return _database_url()


def start_gunicorn(url: str, port: int, workers: int, access_log: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-w", str(workers), "-b", f"{HOST}:{port}", "--timeout", "30",
         "--access-logfile", str(access_log), "--access-logformat", "%({x-bench-id}i)s %(p)s %(s)s",
         "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=server_env(url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(200):
        if len(worker_pids(proc.pid)) == workers:
            try:
                with socket.create_connection((HOST, port), timeout=1):
                    return proc
            except OSError:
                pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn startte niet: " + proc.stderr.read().decode()[-2000:])


def worker_pids(master: int) -> list[int]:
    """The gunicorn master's children (its workers), from /proc."""
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
    except OSError:
        return []
    return [int(pid) for pid in text.split()]


# --- a tiny browser --------------------------------------------------------------------------------------------

class Failed(Exception):
    """The connection broke before a response came (e.g. the worker died)."""


@dataclass
class Record:
    kind: str           # read / declaration / agreement / sign_off / login / form
    started: float
    ended: float
    status: int | None  # None: no response
    outcome: str        # ok / refused / error
    request_id: str
    detail: str = ""


@dataclass
class Run:
    port: int
    stop: float
    records: list = field(default_factory=list)
    writes: list = field(default_factory=list)  # (kind, id, marker or reviewer email)
    unanswered: list = field(default_factory=list)  # (kind, marker) of writes that got no response
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, record: Record) -> None:
        with self.lock:
            self.records.append(record)

    def wrote(self, kind: str, object_id: int, marker: str) -> None:
        with self.lock:
            self.writes.append((kind, object_id, marker))


class Browser:
    def __init__(self, run: Run):
        self.run, self.cookies, self.token = run, {}, None

    def request(self, kind: str, method: str, path: str, form: dict | None = None):
        request_id = uuid.uuid4().hex
        body = urlencode(form or {}, doseq=True) if form is not None else None
        headers = {"X-Bench-Id": request_id, "Host": f"{HOST}:{self.run.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        connection = http.client.HTTPConnection(HOST, self.run.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.run.add(Record(kind, started, time.monotonic(), None, "error", request_id, repr(error)))
            raise Failed() from error
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _sep, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", text, Record(
            kind, started, time.monotonic(), response.status, "ok", request_id)

    def expect(self, kind, method, path, form=None, ok=(200,), refused=()):
        status, location, text, record = self.request(kind, method, path, form)
        record.outcome = "ok" if status in ok else "refused" if status in refused else "error"
        if record.outcome == "error":
            record.detail = f"{method} {path} -> {status}"
        self.run.add(record)
        return status, location, text, record.outcome

    def log_in(self, email: str) -> None:
        _s, _l, text, _o = self.expect("login", "GET", "/login")
        self.token = CSRF.search(text).group(1)
        status, _l, _t, _o = self.expect("login", "POST", "/login", {"csrf_token": self.token, "email": email,
                                                                      "password": PASSWORD}, ok=(302,))
        if status != 302:
            raise Failed()
        # The session changed at login: a fresh token for this session's forms.
        _s, _l, text, _o = self.expect("form", "GET", "/wachtwoord-wijzigen")
        self.token = CSRF.search(text).group(1)


def _id_from(location: str, prefix: str) -> int | None:
    match = re.search(prefix + r"(\d+)$", urlsplit(location).path)
    return int(match.group(1)) if match else None


def warm_up(port: int, pages: list[str], workers: int) -> None:
    """Every worker has loaded its templates before the clock starts (not counted)."""
    browser = Browser(Run(port=port, stop=0))
    for _round in range(2 * workers):
        for page in pages + ["/login"]:
            with contextlib.suppress(Failed):
                browser.request("warm", "GET", page)


# --- the users --------------------------------------------------------------------------------------------------

def reader(run: Run, pages: list[str]) -> None:
    browser = Browser(run)
    while time.monotonic() < run.stop:
        try:
            browser.expect("read", "GET", random.choice(pages))
        except Failed:
            time.sleep(0.05)


def politician(run: Run, email: str) -> None:
    browser = _logged_in(run, email)
    n = 0
    while browser and time.monotonic() < run.stop:
        n += 1
        try:
            if n % 3:
                _declaration(browser)
            else:
                _agreement(browser)
        except Failed:
            time.sleep(0.05)


def _unanswered(browser: Browser, kind: str, marker: str, send):
    """Send a write; when no response comes, remember its marker (it may or may not have been saved)."""
    try:
        return send()
    except Failed:
        with browser.run.lock:
            browser.run.unanswered.append((kind, marker))
        raise


def _declaration(browser: Browser) -> None:
    marker = f"{MARK}-{uuid.uuid4().hex[:12]}"
    status, location, _text, outcome = _unanswered(browser, "declaration", marker, lambda: browser.expect(
        "declaration", "POST", "/mijn/opgaven/nieuw?soort=side_job", {
        "csrf_token": browser.token, "organisation": marker, "role": "Bestuurslid", "paid": "onbetaald",
        "income_band": "", "hours_per_month": "2", "started_on": "2025-03-01", "organisation_public": "openbaar",
        "description_public": "openbaar", "income_public": "openbaar", "hours_public": "openbaar",
        "explanation_public": "openbaar", "action": "publish"}, ok=(302,)))
    if outcome == "ok" and (declaration_id := _id_from(location, "/mijn/opgaven/")):
        browser.run.wrote("declaration", declaration_id, marker)


def _agreement(browser: Browser) -> None:
    _s, _l, text, _o = browser.expect("form", "GET", "/mijn/afspraken/nieuw")
    choices = re.findall(r'name="declarations" type="checkbox" value="(\d+)"', text) or \
        re.findall(r'type="checkbox" value="(\d+)"', text)
    if not choices:
        return
    marker = f"{MARK}-{uuid.uuid4().hex[:12]}"
    status, location, _text, outcome = _unanswered(browser, "agreement", marker, lambda: browser.expect(
        "agreement", "POST", "/mijn/afspraken/nieuw", {
            "csrf_token": browser.token, "title": marker, "text": "Ik neem niet deel aan de besluitvorming hierover.",
            "declarations": [random.choice(choices)], "save_and_submit": "Opslaan en ter aftekening aanbieden"},
        ok=(302,)))
    if outcome == "ok" and (agreement_id := _id_from(location, "/mijn/afspraken/")):
        browser.run.wrote("agreement", agreement_id, marker)


def reviewer(run: Run, email: str) -> None:
    browser = _logged_in(run, email)
    while browser and time.monotonic() < run.stop:
        try:
            _s, _l, text, _o = browser.expect("read", "GET", "/beoordelen/")
            awaiting = text.partition("Wachten op een andere beoordelaar")[0].partition("Opgaven om te beoordelen")[0]
            ids = re.findall(r'/beoordelen/afspraken/(\d+)"', awaiting)
            if not ids:
                time.sleep(0.2)
                continue
            agreement_id = int(random.choice(ids))
            # 403, or the page again with a message: another reviewer signed off first (required: 1).
            _s, _l, _t, outcome = browser.expect(
                "sign_off", "POST", f"/beoordelen/afspraken/{agreement_id}/aftekenen",
                {"csrf_token": browser.token, "comment": "Akkoord (bench)"}, ok=(302,), refused=(200, 403))
            if outcome == "ok":
                run.wrote("sign_off", agreement_id, email)
        except Failed:
            time.sleep(0.05)


def _logged_in(run: Run, email: str) -> Browser | None:
    for _attempt in range(5):
        browser = Browser(run)
        try:
            browser.log_in(email)
            return browser
        except Failed:
            time.sleep(0.2)
    return None


# --- after the run ---------------------------------------------------------------------------------------------

def lost_writes(url: str, writes: list) -> list:
    from sqlalchemy import text
    engine = engine_for(url)
    checks = {
        "declaration": "SELECT 1 FROM declaration d JOIN declaration_version v ON v.declaration_id = d.id "
                       "AND v.number = d.published_number WHERE d.id = :id AND v.organisation = :marker "
                       "AND d.status = 'published'",
        "agreement": "SELECT 1 FROM agreement a JOIN agreement_version v ON v.agreement_id = a.id AND v.number = 1 "
                     "WHERE a.id = :id AND v.title = :marker AND a.status IN ('submitted', 'signed_off')",
        "sign_off": "SELECT 1 FROM sign_off s JOIN agreement_version v ON v.id = s.agreement_version_id "
                    "JOIN \"user\" u ON u.id = s.reviewer_id WHERE v.agreement_id = :id AND u.email = :marker "
                    "AND s.decision = 'approved'",
    }
    with engine.connect() as connection:
        lost = [w for w in writes if connection.execute(text(checks[w[0]]), {"id": w[1], "marker": w[2]}).first()
                is None]
    engine.dispose()
    return lost


def saved_anyway(url: str, unanswered: list) -> int:
    """Writes without a response that are in the database all the same (committed just before the kill)."""
    from sqlalchemy import text
    engine = engine_for(url)
    queries = {"declaration": "SELECT 1 FROM declaration_version WHERE organisation = :marker",
               "agreement": "SELECT 1 FROM agreement_version WHERE title = :marker"}
    with engine.connect() as connection:
        found = sum(connection.execute(text(queries[kind]), {"marker": marker}).first() is not None
                    for kind, marker in unanswered)
    engine.dispose()
    return found


def inconsistencies(url: str) -> dict[str, int]:
    """Invariants that a half-finished request would break."""
    from sqlalchemy import text
    engine = engine_for(url)
    queries = {
        "declaration without its current version": "SELECT COUNT(*) FROM declaration d WHERE NOT EXISTS (SELECT 1 "
        "FROM declaration_version v WHERE v.declaration_id = d.id AND v.number = d.current_number)",
        "declaration with a newer version than its number": "SELECT COUNT(*) FROM declaration d WHERE EXISTS "
        "(SELECT 1 FROM declaration_version v WHERE v.declaration_id = d.id AND v.number > d.current_number)",
        "published declaration without publication date": "SELECT COUNT(*) FROM declaration WHERE status = "
        "'published' AND (declared_at IS NULL OR published_number IS NULL)",
        "agreement without its current version": "SELECT COUNT(*) FROM agreement a WHERE NOT EXISTS (SELECT 1 "
        "FROM agreement_version v WHERE v.agreement_id = a.id AND v.number = a.current_number)",
        "signed-off agreement without signed version": "SELECT COUNT(*) FROM agreement WHERE status = 'signed_off' "
        "AND signed_number IS NULL",
        "signed-off agreement without enough approvals": "SELECT COUNT(*) FROM agreement a JOIN politician p ON "
        "p.id = a.politician_id JOIN body b ON b.id = p.body_id JOIN agreement_version v ON v.agreement_id = a.id "
        "AND v.number = a.signed_number WHERE (SELECT COUNT(*) FROM sign_off s WHERE s.agreement_version_id = v.id "
        "AND s.decision = 'approved') < b.required_sign_offs",
        "submitted version with more approvals than needed": "SELECT COUNT(*) FROM agreement_version v JOIN "
        "agreement a ON a.id = v.agreement_id JOIN politician p ON p.id = a.politician_id JOIN body b ON "
        "b.id = p.body_id WHERE (SELECT COUNT(*) FROM sign_off s WHERE s.agreement_version_id = v.id AND "
        "s.decision = 'approved') > b.required_sign_offs",
        "bench declaration without audit event": f"SELECT COUNT(*) FROM declaration d JOIN declaration_version v "
        f"ON v.declaration_id = d.id AND v.number = 1 WHERE v.organisation LIKE '{MARK}-%' AND NOT EXISTS (SELECT 1 "
        f"FROM audit_event e WHERE e.object_type = 'declaration' AND e.object_id = d.id AND e.action = "
        f"'declaration.published')",
    }
    with engine.connect() as connection:
        found = {name: connection.execute(text(query)).scalar() for name, query in queries.items()}
        if engine.dialect.name == "sqlite":
            found["sqlite integrity_check"] = int(connection.execute(text("PRAGMA integrity_check")).scalar() != "ok")
    engine.dispose()
    return {name: count for name, count in found.items() if count}


def classify(records: list, kill_time: float | None, logged: set[str]) -> Counter:
    """Errors in flight on the killed worker (no response, started before the kill, never logged by a worker)."""
    counts = Counter()
    for r in records:
        if r.outcome != "error":
            counts[r.outcome] += 1
            continue
        in_flight = (kill_time is not None and r.status is None and r.started <= kill_time <= r.ended + 0.5
                     and r.request_id not in logged)
        counts["killed" if in_flight else "other"] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--politicians", type=int, default=4)
    parser.add_argument("--reviewers", type=int, default=2)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="register-faults-"))
    url = prepare_database(args.postgres, workdir)
    accounts = add_bench_accounts(url, args.politicians, args.reviewers)
    port, access_log = free_port(), workdir / "access.log"
    server = start_gunicorn(url, port, args.workers, access_log)
    warm_up(port, accounts["pages"], args.workers)
    run = Run(port=port, stop=time.monotonic() + args.seconds)
    threads = [threading.Thread(target=reader, args=(run, accounts["pages"])) for _ in range(args.readers)]
    threads += [threading.Thread(target=politician, args=(run, e)) for e in accounts["politicians"]]
    threads += [threading.Thread(target=reviewer, args=(run, e)) for e in accounts["reviewers"]]
    kill_time = killed = None
    try:
        for thread in threads:
            thread.start()
        time.sleep(args.seconds / 2)
        killed = random.choice(worker_pids(server.pid))
        kill_time = time.monotonic()
        os.kill(killed, signal.SIGKILL)
        for thread in threads:
            thread.join(timeout=args.seconds + 60)
        respawned = len(worker_pids(server.pid))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    logged = {line.split()[0] for line in access_log.read_text().splitlines() if line.strip()}
    counts = classify(run.records, kill_time, logged)
    lost = lost_writes(url, run.writes)
    broken = inconsistencies(url)
    writes = Counter(kind for kind, _id, _marker in run.writes)
    database = "PostgreSQL" if args.postgres else "SQLite"
    print(f"{database}, gunicorn {args.workers} workers, {args.seconds:.0f} s, {args.readers} readers, "
          f"{args.politicians} politicians, {args.reviewers} reviewers; worker {killed} killed (SIGKILL) at "
          f"{args.seconds / 2:.0f} s; workers afterwards: {respawned}")
    print(f"requests: {len(run.records)} ({Counter(r.kind for r in run.records).most_common()})")
    print(f"successful writes: {sum(writes.values())} ({dict(writes)})")
    print(f"refused (another reviewer signed off first): {counts['refused']}")
    print(f"errors in flight on the killed worker: {counts['killed']}")
    print(f"other errors: {counts['other']}")
    for record in [r for r in run.records if r.outcome == 'error'][:10]:
        print(f"  {record.kind}: {record.detail}")
    print(f"writes without a response: {len(run.unanswered)}, of which saved all the same: "
          f"{saved_anyway(url, run.unanswered)} (the client could not know; not a loss)")
    print(f"lost writes: {len(lost)}" + (f" {lost[:10]}" if lost else ""))
    print(f"inconsistencies: {broken or 'none'}")
    failed = bool(lost or counts["other"] or broken)
    if failed:
        print(f"database and access log kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
