"""A journalist's questions at national scale (issue 11): recent changes, late declarations, forgiving search.

    flask --app wsgi.py demo-data --scale national          # once, into DATABASE_URL (e.g. sqlite:////tmp/n.db)
    python bench/journalist.py DATABASE_URL [--requests 20]

Through the Flask test client on that database, with the response cache off (every request renders), it prints
per URL the median and p95 time and the number of SQL statements of one request. Read-only: nothing is written.
Nothing is asserted; bench/README.md records the figures.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

URLS = [
    "/wijzigingen", "/wijzigingen?page=2", "/wijzigingen?page=100", "/wijzigingen?kind=corrected",
    "/wijzigingen?kind=recusal", "/wijzigingen?late=1", "/wijzigingen?late=1&page=5",
    "{body}/wijzigingen", "{body}/wijzigingen?late=1", "{person}/feed.atom", "/feed.atom", "{body}/",
    "/search?q=stichting", "/search?q=Rabbobank", "/search?q=voetbalverening", "/search?q=zorgroep",
    "/search?q=xqzvw", "{name_search}", "/search?late=1", "{body_late_search}",
]


def _app(url: str):
    from config import TestConfig
    from register import create_app
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, RESPONSE_CACHE=False, HTTP_CACHING=False)


def _targets(app) -> dict[str, str]:
    """The largest body and the person with the most declarations, as the bench's other scripts use."""
    from sqlalchemy import func, select

    from register.extensions import db
    from register.models import Body, Declaration, Politician
    with app.app_context():
        body = db.session.execute(select(Body.slug).join(Politician, Politician.body_id == Body.id)
                                  .group_by(Body.id, Body.slug).order_by(func.count().desc()).limit(1)).scalar()
        person = db.session.execute(select(Body.slug, Politician.slug, Politician.name)
                                    .join(Politician, Politician.body_id == Body.id)
                                    .join(Declaration, Declaration.politician_id == Politician.id)
                                    .group_by(Body.slug, Politician.slug, Politician.name)
                                    .order_by(func.count().desc()).limit(1)).one()
    return {"body": f"/register/{body}", "person": f"/register/{person[0]}/{person[1]}",
            "name_search": f"/search?q={person[2].replace(' ', '+')}",
            "body_late_search": f"/search?body={body}&late=1"}


def _statements(app, client, url: str) -> int:
    from sqlalchemy import event

    from register.extensions import db
    count = 0

    def counter(*_args):
        nonlocal count
        count += 1
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        client.get(url).get_data()
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    app = _app(args.database_url)
    client = app.test_client()
    targets = _targets(app)
    print(f"{'url':58} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for template in URLS:
        url = template.format(**targets)
        status = client.get(url).status_code  # warm-up (templates, the search vocabulary)
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            client.get(url).get_data()
            timings.append((time.perf_counter() - started) * 1000)
        p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
        print(f"{url[:58]:58} {status:>6} {statistics.median(timings):>10.1f} {p95:>8.1f} "
              f"{_statements(app, client, url):>8}")


if __name__ == "__main__":
    main()
