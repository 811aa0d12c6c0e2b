"""Recusals (onthoudingen) as open data: one row per public recusal, beside the declarations export."""
from __future__ import annotations

import io
import json
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import Agreement, AgreementVersion, Body, Politician, Recusal
from register.opendata.serialize import LICENCE, LICENCE_URL, csv_cell, csv_writer
from register.public.queries import publicly_listed_clause

RECUSAL_COLUMNS: list[tuple[str, Any]] = [
    ("body_slug", _l("Korte naam van het orgaan.")),
    ("politician", _l("Naam van de ambtsdrager.")),
    ("politician_slug", _l("Korte naam van de ambtsdrager binnen het orgaan.")),
    ("meeting_date", _l("Datum van de vergadering (JJJJ-MM-DD).")),
    ("agenda_item", _l("Het agendapunt waarbij de ambtsdrager zich onthield.")),
    ("agreement", _l("Titel van de afgetekende afspraak waaruit de onthouding volgt.")),
    ("recorded_on", _l("Datum waarop de onthouding is vastgelegd.")),
]
RECUSAL_FIELDS = [name for name, _ in RECUSAL_COLUMNS]


def recusal_records(body: Body | None) -> list[dict[str, Any]]:
    """Public recusals (under an agreement with a signed-off version) of publicly listed politicians."""
    statement = (select(Recusal).join(Recusal.agreement).join(Recusal.politician).join(Politician.body)
                 .where(Agreement.signed_number.is_not(None), publicly_listed_clause())
                 .options(selectinload(Recusal.agreement).selectinload(Agreement.signed_version),
                          selectinload(Recusal.politician).selectinload(Politician.body))
                 .order_by(Body.name, Politician.sort_name, Recusal.meeting_date, Recusal.id))
    if body is not None:
        statement = statement.where(Politician.body_id == body.id)
    records = []
    for recusal in db.session.scalars(statement):
        signed = recusal.agreement.signed_version
        if signed is not None:  # always, by the query: under an agreement never signed off it is not public
            records.append(_record(recusal, signed))
    return records


def _record(r: Recusal, signed: AgreementVersion) -> dict[str, Any]:
    return {"body_slug": r.politician.body.slug, "politician": r.politician.name,
            "politician_slug": r.politician.slug, "meeting_date": r.meeting_date.isoformat(),
            "agenda_item": r.agenda_item, "agreement": signed.title, "recorded_on": r.created_at.date().isoformat()}


def recusals_csv(records: list[dict[str, Any]], separator: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer, separator)
    writer.writerow(RECUSAL_FIELDS)
    for record in records:
        writer.writerow([csv_cell(record[name]) for name in RECUSAL_FIELDS])
    return buffer.getvalue()


def recusals_json(records: list[dict[str, Any]], body_slug: str | None) -> str:
    return json.dumps({"licence": LICENCE, "licence_url": LICENCE_URL, "body": body_slug, "recusals": records},
                      ensure_ascii=False)
