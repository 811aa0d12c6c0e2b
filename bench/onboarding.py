"""Set-up figures (issue 12): "wachtwoord vergeten" for a known and an unknown address, and the people import.

    python bench/onboarding.py [--requests 30] [--rows 2000]

In a temporary SQLite database, through the Flask test client (no network, mail delivery not included: it goes
out after the response):
- the time to answer POST /wachtwoord-vergeten for an address with an account and for one without (medians and
  their ratio; the answers must take similar time, so that the timing tells nothing about which accounts exist);
- the time to parse and preview (plan) a CSV of --rows people (the import limit, IMPORT_MAX_ROWS), and to apply it.
Prints the figures; nothing is asserted.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _app(path: Path):
    from flask_migrate import upgrade

    from config import TestConfig
    from register import create_app
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", WTF_CSRF_ENABLED=False,
                     RESET_MAX_PER_ACCOUNT=10**6, RESET_MAX_PER_CLIENT=10**6, IMPORT_MAX_ROWS=10**6)
    with app.app_context():
        upgrade(revision="heads")
    return app


def reset_timing(app, requests: int) -> None:
    from register.auth.services import create_user
    from register.extensions import db
    with app.app_context():
        create_user(email="bestaat@bench.nl", name="Bench", password="een lang bench wachtwoord")
        db.session.commit()
    client = app.test_client()
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    for n in range(requests):
        for kind, email in (("known", "bestaat@bench.nl"), ("unknown", f"niemand{n}@bench.nl")):
            started = time.perf_counter()
            client.post("/wachtwoord-vergeten", data={"email": email})
            timings[kind].append(time.perf_counter() - started)
    known, unknown = (statistics.median(timings[k]) * 1000 for k in ("known", "unknown"))
    print(f"wachtwoord vergeten: known {known:.1f} ms, unknown {unknown:.1f} ms (median of {requests}); "
          f"ratio unknown/known {unknown / known:.2f}")


def import_timing(app, rows: int) -> None:
    from register.admin.import_plan import make_plan
    from register.admin.import_services import apply_plan
    from register.admin.importer import parse
    from register.extensions import db
    from register.models import Body
    content = ("naam;ambt;fractie;e-mail;begindatum\n" + "".join(
        f"Persoon {n};raadslid;Fractie {n % 12};p{n}@bench.nl;30-03-2022\n" for n in range(rows))).encode()
    with app.app_context():
        body = Body(name="Gemeente Bench", slug="bench")
        db.session.add(body)
        db.session.commit()
        started = time.perf_counter()
        plan = make_plan(body, parse(content))
        planned = time.perf_counter()
        apply_plan(plan, actor=None, filename="bench.csv")
        db.session.commit()
        applied = time.perf_counter()
    print(f"import of {rows} rows ({len(content) / 1024:.0f} KiB): preview {planned - started:.2f} s, "
          f"apply {applied - planned:.2f} s (each new account: an invitation link and a queued mail)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = _app(Path(folder) / "bench.db")
        reset_timing(app, args.requests)
        import_timing(app, args.rows)


if __name__ == "__main__":
    main()
