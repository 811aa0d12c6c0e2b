"""Factories as callables; they use the same services the app uses, then commit."""
from __future__ import annotations

import itertools
from datetime import date

from register.agreements import services as agreement_services
from register.auth.services import create_user
from register.declarations import services as declaration_services
from register.extensions import db
from register.models import Body, DeclarationKind, Group, Office, Politician
from register.recusals import services as recusal_services
from register.review import services as review_services
from register.signals import services as signal_services

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


def make_body(name: str | None = None, **kwargs) -> Body:
    n = next(_seq)
    body = Body(name=name or f"Gemeente Test{n}", slug=kwargs.pop("slug", f"test{n}"), **kwargs)
    db.session.add(body)
    db.session.commit()
    return body


def make_group(body: Body | None = None, name: str | None = None) -> Group:
    n = next(_seq)
    body = body or make_body()
    group = Group(body=body, name=name or f"Fractie {n}", slug=f"fractie-{n}")
    db.session.add(group)
    db.session.commit()
    return group


def make_politician(group: Group | None = None, name: str | None = None, body: Body | None = None,
                    **kwargs) -> Politician:
    n = next(_seq)
    group = group or make_group(body)
    name = name or f"Persoon {n}"
    politician = Politician(body=group.body, group=group, name=name, sort_name=name, slug=f"persoon-{n}",
                            office=kwargs.pop("office", Office.raadslid),
                            term_start=kwargs.pop("term_start", date(2022, 3, 30)), **kwargs)
    db.session.add(politician)
    db.session.commit()
    return politician


def make_user(*, politician: Politician | None = None, reviewer_of=(), griffie_of=(), email: str | None = None,
              name: str | None = None, password: str = PASSWORD):
    n = next(_seq)
    user = create_user(email=email or f"user{n}@example.nl", name=name or f"Gebruiker {n}", password=password,
                       politician=politician, reviewer_of=list(reviewer_of), griffie_of=list(griffie_of))
    db.session.commit()
    return user


def make_politician_user(group: Group | None = None, **kwargs):
    """A politician with an account; returns the user (user.politician is the politician)."""
    return make_user(politician=make_politician(group, **kwargs))


def declaration_content(**overrides) -> dict:
    content = dict(organisation="Stichting Woonbelang Voorbeeldstad", role="Bestuurslid", paid=False,
                   started_on=date(2025, 1, 15), description=None, hours_per_month=4)
    content.update(overrides)
    return content


def make_declaration(politician: Politician, *, kind: DeclarationKind = DeclarationKind.side_job,
                     publish: bool = True, actor=None, **overrides):
    declaration = declaration_services.create_declaration(
        politician, kind, declaration_content(**overrides), actor=actor or politician.user, publish=publish)
    db.session.commit()
    return declaration


def make_agreement(politician: Politician, declarations=None, *, submit: bool = True, actor=None,
                   title: str = "Geen besluitvorming over subsidies",
                   text: str = "Ik neem niet deel aan de besluitvorming over subsidies aan deze organisatie."):
    declarations = declarations or [make_declaration(politician)]
    agreement = agreement_services.create_agreement(politician, title=title, text=text, declarations=declarations,
                                                    actor=actor or politician.user, submit=submit)
    db.session.commit()
    return agreement


def sign_off(agreement, reviewer, **kwargs):
    result = review_services.sign_off(agreement, reviewer=reviewer, **kwargs)
    db.session.commit()
    return result


def make_signal(body: Body, politician: Politician | None = None, *, text: str = "Een melding over een nevenfunctie "
                "die niet in het register staat.", source_url: str | None = None, contact_email: str | None = None,
                client: str | None = None, opened_by=None):
    """A signal from outside, through the service (each with its own client key, so the throttle never counts it);
    opened by the griffie user `opened_by` when given."""
    signal = signal_services.receive_signal(body, politician=politician, text=text, source_url=source_url,
                                            contact_email=contact_email, client=client or f"test-client-{next(_seq)}")
    db.session.commit()
    if opened_by is not None:
        signal_services.open_signal(signal, actor=opened_by)
        db.session.commit()
    return signal


def make_recusal(politician: Politician, agreement, *, actor=None, meeting_date: date = date(2026, 3, 12),
                 agenda_item: str = "Subsidie sportpark", note: str | None = None):
    """A recorded abstention under one of the politician's agreements, by the politician unless `actor` is given."""
    recusal = recusal_services.record_recusal(politician, actor=actor or politician.user, meeting_date=meeting_date,
                                              agenda_item=agenda_item, agreement=agreement, note=note)
    db.session.commit()
    return recusal
