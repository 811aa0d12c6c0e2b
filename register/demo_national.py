"""A national-size fictional register for benchmarks: about 400 bodies, 11,000 politicians, 50,000 declarations.

Rows are inserted in bulk (not through the services, which would take far too long); the result has the same
shape as data made through the services: versions, published/ended/withdrawn declarations, agreements in every
state with versions and sign-offs, and realistic dates for lateness.
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, UTC
from typing import Any

from sqlalchemy import bindparam, insert, select, text

from register.auth.passwords import hash_password
from register.extensions import db
from register.models import (
    Agreement, AgreementStatus, AgreementVersion, AuditEvent, Body, BodyKind, Declaration, DeclarationChange,
    DeclarationKind, DeclarationStatus, DeclarationVersion, Group, IncomeBand, Office, Politician, RoleGrant,
    RoleKind, SignOff, SignOffDecision, User,
)
from register.models.agreements import agreement_version_declaration
from register.models.base import utcnow
from register.models.organisations import organisation_key
from register.slugs import make_slug, unique_slug

PARTIES = ["VVD", "GroenLinks-PvdA", "CDA", "D66", "PVV", "SP", "ChristenUnie", "SGP", "Partij voor de Dieren",
           "JA21", "BBB", "Volt", "50PLUS", "DENK"]
LOCAL_PARTIES = ["Lokaal Belang", "Gemeentebelangen", "Dorpsbelangen", "Leefbaar", "Samen", "Onafhankelijk"]
WATER_PARTIES = ["Water Natuurlijk", "AWP", "Algemene Waterschapspartij", "Ongebouwd", "Bedrijven", "Natuurterreinen"]
PREFIXES = ["Noord", "Zuid", "Oost", "West", "Nieuw", "Oud", "Hoog", "Laag", "Groot", "Klein", "Sint", "Ter",
            "Over", "Neder", "Midden", "Ooster", "Wester", "Bergen", "Linde", "Wilder"]
STEMS = ["veen", "dam", "broek", "horst", "dijk", "wijk", "hoven", "kerk", "zand", "wold", "meer", "berg", "beek",
         "haven", "burg", "loo", "rade", "sloot", "woude", "hem"]
FIRST = ["Anna", "Bram", "Carla", "Daan", "Eva", "Fleur", "Gerrit", "Hanna", "Ilse", "Jan", "Karin", "Lars", "Marieke",
         "Niels", "Olga", "Pieter", "Quinten", "Rosa", "Sander", "Tineke", "Umut", "Vera", "Willem", "Yasmina",
         "Zeynep", "Ahmed", "Bart", "Coen", "Dewi", "Els", "Fatima", "Hendrik", "Iris", "Joost", "Kees", "Lotte",
         "Mohamed", "Noor", "Priya", "Ruud", "Sanne", "Thijs", "Wouter", "Yvonne"]
LAST = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
        "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
        "de Graaf", "van der Meer", "Kok", "Jacobs", "Yilmaz", "El Amrani", "Haddou", "Kaya", "Postma", "Hoekstra",
        "van Dijk", "Willems", "Verhoeven", "Kuipers", "Schouten", "Veenstra", "Prins", "Huisman", "Kramer"]
ORGS = ["Stichting Woonbelang {town}", "Voetbalvereniging VV {town}", "Rabobank {town} e.o.",
        "Bouwbedrijf De Vries B.V.", "Zorggroep Noord", "Stichting Openbaar Onderwijs {town}",
        "Stichting Cultuurpodium {town}",
        "Dagblad van het Oosten", "Woningcorporatie Thuis in {town}", "Ondernemersvereniging {town}",
        "Installatiebedrijf Smit B.V.", "Stichting Dorpshuis {town}", "Muziekvereniging Excelsior {town}",
        "Adviesbureau Meijer & Partners", "Huisartsenpraktijk {town}", "Vereniging Natuurmonumenten",
        "Zwembad De Spetter {town}", "Stichting Voedselbank {town}", "Hockeyclub {town}", "Kinderopvang Zonnetje B.V."]
ROLES = {
    DeclarationKind.side_job: ["Bestuurslid", "Penningmeester", "Voorzitter raad van toezicht", "Secretaris",
                               "Medewerker", "Adviseur", "Eigenaar", "Docent", "Directeur", "Lid raad van advies"],
    DeclarationKind.financial: ["Aandelen", "Eigenaar (100%)", "Vastgoed: bedrijfspand", "Certificaten",
                                "Vennoot"],
    DeclarationKind.gift: ["Diner op uitnodiging", "Kaarten voor een concert", "Boek", "Reis betaald door de "
                           "partnerstad", "Kerstpakket"],
    DeclarationKind.other: ["Lid", "Broer is directeur", "Partner werkt bij deze organisatie", "Erelid"],
}
AGREEMENTS = ["Ik neem niet deel aan de besluitvorming over subsidies aan {org}.",
              "Ik neem geen opdrachten aan van de gemeente.",
              "Ik onthoud mij van stemming over het bestemmingsplan {town} Havenkwartier.",
              "Ik meld vooraf aan de fractievoorzitter wanneer {org} op de agenda staat."]
TERM_START = {BodyKind.municipality: date(2022, 3, 30), BodyKind.province: date(2023, 3, 29),
              BodyKind.water_board: date(2023, 3, 29)}


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(7, 22), rng.randint(0, 59)), tzinfo=UTC)


def _insert(model, rows: list[dict]) -> list[int]:
    """Insert many rows at once and return their ids in order."""
    if not rows:
        return []
    table = model.__table__ if hasattr(model, "__table__") else model
    result = db.session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    return list(result.scalars())


class _Builder:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.password_hash = hash_password("demo-wachtwoord-2026")

    def town(self) -> str:
        while True:
            name = self.rng.choice(PREFIXES) + self.rng.choice(STEMS)
            if name not in self.names:
                self.names.add(name)
                return name

    def bodies(self) -> list[dict]:
        rows = []
        for kind, count, label in ((BodyKind.municipality, 342, "Gemeente"), (BodyKind.province, 12, "Provincie"),
                                   (BodyKind.water_board, 21, "Waterschap")):
            for _ in range(count):
                town = self.town()
                rows.append(dict(slug=f"{label.lower()}-{town.lower()}", name=f"{label} {town}", kind=kind,
                                 declaration_deadline_days=self.rng.choice([7, 7, 7, 14, 28]),
                                 required_sign_offs=1, active=True,
                                 created_at=utcnow()))
        return rows

    def seats(self, kind: BodyKind) -> int:
        if kind == BodyKind.municipality:
            return self.rng.choice([9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37, 39])
        return self.rng.choice([39, 41, 43, 47, 49, 55]) if kind == BodyKind.province else \
            self.rng.choice([21, 23, 25, 27, 29, 31, 33, 35, 37, 39, 41, 43, 45, 47, 49])


def load_national_data(seed: int = 2026, echo=print) -> dict[str, int]:
    """Bulk-load the national register into an empty database; returns row counts."""
    b = _Builder(seed)
    rng = b.rng
    body_rows = b.bodies()
    body_ids = _insert(Body, body_rows)
    counts = {"bodies": len(body_ids)}
    group_rows: list[dict[str, Any]] = []  # column values of rows for one bulk insert each
    pol_rows: list[dict[str, Any]] = []
    pol_meta = []
    for body_id, body in zip(body_ids, body_rows, strict=True):
        kind = body["kind"]
        pool = WATER_PARTIES if kind == BodyKind.water_board else PARTIES[:rng.randint(6, 12)] + [
            f"{rng.choice(LOCAL_PARTIES)} {body['name'].split(' ', 1)[1]}"]
        parties = rng.sample(pool, k=min(len(pool), rng.randint(5, 9)))
        first_group = len(group_rows)
        for party in parties:
            group_rows.append(dict(body_id=body_id, slug=make_slug(party, "fractie"), name=party, active=True,
                                   created_at=utcnow()))
        seats = b.seats(kind)
        offices = _offices(kind, seats, rng)
        used: set[str] = set()
        for office in offices:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            slug = _unique(make_slug(name, "ambtsdrager", 120), used)
            term_start = TERM_START[kind]
            gi = first_group + rng.randrange(len(parties)) if office not in (Office.burgemeester, Office.commissaris,
                                                                              Office.dijkgraaf) else None
            ended = rng.random() < 0.03
            pol_rows.append(dict(body_id=body_id, group_index=gi, slug=slug, name=name,
                                 sort_name=name.split(" ")[-1] + ", " + name, office=office, term_start=term_start,
                                 term_end=date(2025, rng.randint(1, 12), 1) if ended else None, active=not ended,
                                 created_at=utcnow()))
            pol_meta.append((body_id, body["declaration_deadline_days"], body["required_sign_offs"], term_start))
    group_ids = _insert(Group, group_rows)
    for row in pol_rows:
        gi = row.pop("group_index")
        row["group_id"] = group_ids[gi] if gi is not None else None
    pol_ids = _insert(Politician, pol_rows)
    counts.update(groups=len(group_ids), politicians=len(pol_ids))
    echo(f"  {len(body_ids)} organen, {len(group_ids)} fracties, {len(pol_ids)} ambtsdragers")

    reviewers = _reviewers(b, group_rows, group_ids)
    decl_ids, decl_info = _declarations(b, pol_rows, pol_ids, pol_meta)
    counts["declarations"] = len(decl_ids)
    echo(f"  {len(decl_ids)} opgaven")
    counts["agreements"] = _agreements(b, decl_info, reviewers)
    db.session.add(AuditEvent(action="demo.national_loaded", object_type="", data=counts))
    db.session.flush()
    # Fresh table statistics, so the query planners know these tables are large (PostgreSQL's autovacuum
    # would gather them later; SQLite never does by itself).
    db.session.execute(text("ANALYZE"))
    return counts


def _offices(kind: BodyKind, seats: int, rng: random.Random) -> list[Office]:
    if kind == BodyKind.municipality:
        return [Office.burgemeester] + [Office.wethouder] * max(2, seats // 6) + [Office.raadslid] * seats
    if kind == BodyKind.province:
        return [Office.commissaris] + [Office.gedeputeerde] * rng.randint(5, 7) + [Office.statenlid] * seats
    return [Office.dijkgraaf] + [Office.db_lid] * rng.randint(4, 6) + [Office.ab_lid] * seats


def _unique(slug: str, used: set[str]) -> str:
    candidate = unique_slug(slug, used, 120)
    used.add(candidate)
    return candidate


def _reviewers(b: _Builder, group_rows: list[dict], group_ids: list[int]) -> dict[int, int]:
    """One reviewer account per fractie (sharing one password hash: hashing 3,000 times would take minutes)."""
    users = [dict(email=f"beoordelaar{gid}@landelijk.demo", name=f"Beoordelaar {row['name']}",
                  password_hash=b.password_hash, active=True, session_token=f"demo{gid}", created_at=utcnow())
             for gid, row in zip(group_ids, group_rows, strict=True)]
    user_ids = _insert(User, users)
    _insert(RoleGrant, [dict(user_id=uid, role=RoleKind.reviewer, body_id=row["body_id"], group_id=gid,
                             created_at=utcnow())
                        for uid, gid, row in zip(user_ids, group_ids, group_rows, strict=True)])
    return dict(zip(group_ids, user_ids, strict=True))


def _declarations(b: _Builder, pol_rows, pol_ids, pol_meta):
    rng = b.rng
    today = date(2026, 11, 29)
    decls, versions_for = [], []
    kinds = [DeclarationKind.side_job] * 6 + [DeclarationKind.financial, DeclarationKind.gift,
                                              DeclarationKind.gift, DeclarationKind.other]
    for pid, pol, (_body_id, deadline, _, term_start) in zip(pol_ids, pol_rows, pol_meta, strict=True):
        town = pol["slug"]
        for _ in range(max(0, int(rng.gauss(4.9, 2)))):
            kind = rng.choice(kinds)
            started = term_start - timedelta(days=rng.randint(0, 3000)) if rng.random() < 0.5 else \
                term_start + timedelta(days=rng.randint(0, (today - term_start).days - 1))
            if kind == DeclarationKind.gift:
                started = term_start + timedelta(days=rng.randint(0, (today - term_start).days - 1))
            reference = max(started, term_start)
            delay = rng.choice([0, 1, 2, 3, 5, 6]) if rng.random() < 0.8 else rng.randint(deadline + 1, 120)
            declared = min(reference + timedelta(days=delay), today)
            paid = kind in (DeclarationKind.side_job, DeclarationKind.financial) and rng.random() < 0.45
            content = dict(
                organisation=rng.choice(ORGS).format(town=town.split("-")[0].title()), kvk_number=None,
                role=rng.choice(ROLES[kind]), description=None, paid=paid,
                income_band=rng.choice(list(IncomeBand)) if paid else None,
                hours_per_month=rng.choice([2, 4, 8, 16, 40, None]) if kind == DeclarationKind.side_job else None,
                ex_officio=kind == DeclarationKind.side_job and rng.random() < 0.1,
                estimated_value=rng.choice([25, 60, 120, 450]) if kind == DeclarationKind.gift else None,
                started_on=started, ended_on=None, explanation=None,
                concerns_family=kind == DeclarationKind.other and rng.random() < 0.3,
                organisation_public=True, description_public=True, income_public=rng.random() < 0.9,
                hours_public=True, explanation_public=True)
            content["organisation_key"] = organisation_key(content["organisation"])
            roll = rng.random()
            fate = "draft" if roll < 0.02 else "withdrawn" if roll < 0.03 else "ended" if roll < 0.18 else \
                "corrected" if roll < 0.28 else "published"
            if kind == DeclarationKind.gift:
                content["ended_on"] = started
                fate = "gift" if fate != "draft" else fate
            decls.append(dict(politician_id=pid, kind=kind, status=DeclarationStatus.draft,
                              created_at=_at(declared, rng), declared_at=None, after_signal=False,
                              current_number=0, published_number=None,
                              updated_at=_at(declared, rng)))
            versions_for.append((content, fate, declared, today, term_start, deadline))
    decl_ids = _insert(Declaration, decls)
    version_rows, updates, info = [], [], []
    for did, decl, (content, fate, declared, today, term_start, deadline) in zip(decl_ids, decls, versions_for,
                                                                                 strict=True):
        rows = _versions_for(did, content, fate, declared, today, rng)
        version_rows.extend(rows)
        published = [r["number"] for r in rows if r["published_at"] is not None]
        status = {"draft": DeclarationStatus.draft, "withdrawn": DeclarationStatus.withdrawn,
                  "ended": DeclarationStatus.ended,
                  "gift": DeclarationStatus.ended}.get(fate, DeclarationStatus.published)
        updates.append(dict(id=did, status=status, current_number=rows[-1]["number"],
                            published_number=published[-1] if published else None,
                            declared_at=_at(declared, rng) if fate != "draft" else None,
                            withdrawn_at=rows[-1]["created_at"] if fate == "withdrawn" else None,
                            withdrawal_reason="Per abuis dubbel opgegeven" if fate == "withdrawn" else None,
                            # what was due, fixed at first publication (as publish_declaration does)
                            **_what_was_due(content["started_on"] if fate != "draft" else None, term_start,
                                            deadline)))
        if status in (DeclarationStatus.published,):
            info.append((did, decl["politician_id"], content["organisation"]))
    for start in range(0, len(version_rows), 20000):
        db.session.execute(insert(DeclarationVersion.__table__), version_rows[start:start + 20000])
    db.session.execute(Declaration.__table__.update().where(Declaration.__table__.c.id == _bind("b_id")).values(
        status=_bind("status"), current_number=_bind("current_number"), published_number=_bind("published_number"),
        declared_at=_bind("declared_at"), withdrawn_at=_bind("withdrawn_at"),
        withdrawal_reason=_bind("withdrawal_reason"), **{name: _bind(name) for name in WHAT_WAS_DUE}),
        [dict(u, b_id=u.pop("id")) for u in updates])
    return decl_ids, info


WHAT_WAS_DUE = ("declared_started_on", "counted_started_on", "declared_term_start", "declared_deadline_days")


def _what_was_due(started_on, term_start, deadline) -> dict:
    if started_on is None:
        return dict.fromkeys(WHAT_WAS_DUE)
    return dict(declared_started_on=started_on, counted_started_on=started_on, declared_term_start=term_start,
                declared_deadline_days=deadline)


def _bind(name):
    return bindparam(name)


def _versions_for(did, content, fate, declared, today, rng):
    created = _at(declared, rng)
    base = dict(declaration_id=did, reason=None, created_by_id=None, **content)
    rows = [dict(base, number=1, change=DeclarationChange.draft, created_at=created, published_at=None)]
    if fate == "draft":
        return rows
    rows.append(dict(base, number=2, change=DeclarationChange.published, created_at=created, published_at=created))
    later = _at(min(declared + timedelta(days=rng.randint(10, 400)), today), rng)
    if fate == "corrected":
        new = dict(base, role=base["role"] + " (gewijzigd)", hours_per_month=rng.choice([4, 8, 12]))
        rows.append(dict(new, number=3, change=DeclarationChange.corrected, created_at=later, published_at=later,
                         reason="Functie en uren gewijzigd"))
    elif fate == "ended":
        ended_on = min(content["started_on"] + timedelta(days=rng.randint(30, 2000)), today)
        if ended_on < declared:
            ended_on = declared
        rows.append(dict(base, ended_on=ended_on, number=3, change=DeclarationChange.ended, created_at=later,
                         published_at=later))
    elif fate == "withdrawn":
        rows.append(dict(base, number=3, change=DeclarationChange.withdrawn, created_at=later, published_at=later,
                         reason="Per abuis dubbel opgegeven"))
    return rows


def _agreements(b: _Builder, decl_info, reviewers) -> int:
    """About one agreement for every six current declarations, in every state."""
    rng = b.rng
    chosen = [d for d in decl_info if rng.random() < 0.16]
    group_of = {pid: gid for pid, gid in db.session.execute(select(Politician.id, Politician.group_id))}
    states = [AgreementStatus.signed_off] * 6 + [AgreementStatus.submitted, AgreementStatus.draft,
                                                 AgreementStatus.changes_requested, AgreementStatus.ended]
    agreements, plans = [], []
    for did, pid, org in chosen:
        state = rng.choice(states)
        if group_of.get(pid) is None:
            continue
        created = utcnow() - timedelta(days=rng.randint(20, 900))
        signed = state in (AgreementStatus.signed_off, AgreementStatus.ended)
        agreements.append(dict(politician_id=pid, status=state, created_at=created, current_number=1,
                               signed_number=1 if signed else None,
                               ended_at=created + timedelta(days=15) if state == AgreementStatus.ended else None,
                               end_reason="De nevenfunctie is beëindigd." if state == AgreementStatus.ended else None,
                               updated_at=created))
        plans.append((did, pid, org, state, created))
    ids = _insert(Agreement, agreements)
    versions = []
    for aid, (_did, _pid, org, state, created) in zip(ids, plans, strict=True):
        text = rng.choice(AGREEMENTS).format(org=org, town="")
        signed = state in (AgreementStatus.signed_off, AgreementStatus.ended)
        versions.append(dict(agreement_id=aid, number=1, title=text[:60], text=text, created_at=created,
                             submitted_at=None if state == AgreementStatus.draft else created + timedelta(days=1),
                             signed_off_at=created + timedelta(days=5) if signed else None))
    version_ids = _insert(AgreementVersion, versions)
    links, signs = [], []
    for vid, (did, pid, _org, state, created) in zip(version_ids, plans, strict=True):
        links.append(dict(agreement_version_id=vid, declaration_id=did))
        reviewer = reviewers.get(group_of[pid])
        if state in (AgreementStatus.signed_off, AgreementStatus.ended) and reviewer:
            signs.append(dict(agreement_version_id=vid, reviewer_id=reviewer, decision=SignOffDecision.approved,
                              comment=None, comment_public=False, created_at=created + timedelta(days=5)))
        elif state == AgreementStatus.changes_requested and reviewer:
            signs.append(dict(agreement_version_id=vid, reviewer_id=reviewer,
                              decision=SignOffDecision.changes_requested, comment="Graag concreter formuleren.",
                              comment_public=False, created_at=created + timedelta(days=4)))
    db.session.execute(insert(agreement_version_declaration), links)
    if signs:
        db.session.execute(insert(SignOff.__table__), signs)
    return len(ids)
