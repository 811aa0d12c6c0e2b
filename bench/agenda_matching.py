"""Agenda matching at national scale (issue 16 item 7): an agenda of 100 items against the national demo register.

    DATABASE_URL=sqlite:////tmp/national.db .venv/bin/flask --app wsgi.py db upgrade
    DATABASE_URL=sqlite:////tmp/national.db .venv/bin/flask --app wsgi.py demo-data --scale national
    DATABASE_URL=sqlite:////tmp/national.db .venv/bin/python bench/agenda_matching.py [--repeat 3]

Prints two figures, best of --repeat runs, and how many matches they found:
1. the whole register: build the index of every active politician's published declarations and signed agreements
   (about 50,000 declarations) and match 100 agenda items against it (register.agenda.matching);
2. one body's agenda as the griffie imports it (register.agenda.services.import_agenda: store the meeting and its
   100 items, match them against the body's politicians, queue the mails), in the body with most declarations.
Half of the items name an organisation from the register (some by KvK number), half are ordinary agenda items.
Nothing is kept: every run is rolled back. The target is under 2 seconds for the first figure.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from register import create_app  # noqa: E402
from register.extensions import db  # noqa: E402

ORDINARY = ["Vaststelling van de notulen", "Begroting 2027, eerste wijziging", "Vragenuur", "Rekenkamerrapport "
            "over de jeugdzorg", "Verordening parkeerbelasting", "Motie vreemd aan de orde over de bibliotheek",
            "Benoeming van een lid van de rekenkamercommissie", "Omgevingsvisie, tweede fase", "Sluiting"]


def _items(organisations: list[tuple[str, str | None]], rng: random.Random):
    from register.agenda.sources import ItemData

    items = []
    for n in range(1, 101):
        if n % 2:
            name, kvk = rng.choice(organisations)
            title = f"Subsidieaanvraag van {name} voor {rng.choice(['2027', 'de renovatie', 'een project'])}"
            items.append(ItemData(str(n), str(n), title, "Voorstel van het college.", [name],
                                  [kvk] if kvk and n % 5 == 0 else []))
        else:
            items.append(ItemData(str(n), str(n), f"{rng.choice(ORDINARY)} ({n})", "Bespreekstuk."))
    return items


def _organisations(*where) -> list[tuple[str, str | None]]:
    from register.models import Declaration, DeclarationStatus, DeclarationVersion, Politician

    return db.session.execute(
        select(DeclarationVersion.organisation, DeclarationVersion.kvk_number)
        .join(Declaration, (Declaration.id == DeclarationVersion.declaration_id)
              & (Declaration.published_number == DeclarationVersion.number))
        .join(Politician, Politician.id == Declaration.politician_id)
        .where(Declaration.status == DeclarationStatus.published, *where).limit(5000)).all()


def whole_register(rng: random.Random) -> tuple[float, float, int, int]:
    from register.agenda.matching import build_index, match_text
    from register.models import Declaration, DeclarationStatus

    items = _items(_organisations(), rng)
    started = time.perf_counter()
    index = build_index()
    built = time.perf_counter()
    matches = sum(len(match_text(index, i.title, i.description, i.organisations, i.kvk_numbers)) for i in items)
    done = time.perf_counter()
    declarations = db.session.scalar(select(func.count()).select_from(Declaration)
                                     .where(Declaration.status == DeclarationStatus.published))
    return built - started, done - started, matches, declarations


def one_body(rng: random.Random) -> tuple[float, int, str]:
    from register.agenda import services
    from register.agenda.sources import MeetingData
    from register.models import Body, Declaration, Politician

    body_id = db.session.scalar(select(Politician.body_id).join(Declaration, Declaration.politician_id == Politician.id)
                                .group_by(Politician.body_id).order_by(func.count().desc()).limit(1))
    body = db.session.get(Body, body_id)
    meeting = MeetingData("bench", "Raadsvergadering", date.today() + timedelta(days=7), "bench",
                          items=_items(_organisations(Politician.body_id == body.id), rng))
    started = time.perf_counter()
    result = services.import_agenda(body, [meeting], actor=None, filename="bench.csv", sha256="bench", source="bench")
    db.session.flush()
    return time.perf_counter() - started, result.matches_added, body.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    app = create_app()
    with app.app_context():
        runs, body_runs = [], []
        for n in range(args.repeat):
            runs.append(whole_register(random.Random(n)))
            db.session.rollback()
            body_runs.append(one_body(random.Random(n)))
            db.session.rollback()
        index_s, total_s, matches, declarations = min(runs, key=lambda r: r[1])
        body_s, body_matches, body_name = min(body_runs, key=lambda r: r[0])
        print(f"Database: {db.engine.url.render_as_string(hide_password=True)}")
        print(f"Whole register ({declarations} published declarations): index {index_s:.2f} s, index + 100 items "
              f"{total_s:.2f} s, {matches} matches (best of {args.repeat}; target < 2 s: "
              f"{'met' if total_s < 2 else 'NOT met'})")
        print(f"One body ({body_name}): import of 100 items with matching and mails {body_s:.2f} s, "
              f"{body_matches} matches (best of {args.repeat})")


if __name__ == "__main__":
    main()
