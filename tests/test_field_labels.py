"""One voice: a declaration field has one label (FIELD_LABELS, register/models/visibility.py) on the public card,
in search results and on the politician's own declaration pages; templates do not spell those labels themselves."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from register.models import IncomeBand
from register.models.visibility import FIELDS
from tests.factories import make_declaration, make_politician, make_user

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Where declaration fields are shown: to the public, to the politician, to reviewers and to the griffie.
CHECKED = ("public", "search", "declarations", "review", "admin", "todo", "agreements")
# Labels written out in a template on purpose: the same Dutch word for something that is not the declaration field
# (the review's comment in the history; the agreement's end on the politician's page).
ELSEWHERE = {("public/history.html", "Toelichting"), ("public/politician.html", "Beëindigd op")}
SHOWN = ("kvk_number", "description", "paid", "income_band", "hours_per_month", "ex_officio", "started_on",
         "ended_on", "explanation")
# The declaration form asks each field under the label the card shows (organisation and role are named per kind).
ASKED = {"side_job": ("kvk_number", "description", "paid", "income_band", "hours_per_month", "ex_officio", "started_on",
                      "ended_on", "explanation"),
         "financial": ("kvk_number", "description", "holding_band", "started_on"),
         "gift": ("gift_value_band", "gift_outcome", "explanation"),
         "other": ("concerns_family", "income_band", "explanation")}


def test_templates_take_declaration_field_labels_from_the_one_table():
    labels = {str(rule.label) for rule in FIELDS.values()}
    spelt = set()
    for folder in CHECKED:
        for path in (TEMPLATES / folder).rglob("*.html"):
            name = path.relative_to(TEMPLATES).as_posix()
            for text in re.findall(r"""_\(\s*['"]([^'"]+)['"]\s*\)""", path.read_text(encoding="utf-8")):
                if text in labels and (name, text) not in ELSEWHERE:
                    spelt.add((name, text))
    assert not spelt


def test_own_declaration_page_and_public_card_use_the_same_labels(app, client, login):
    user = make_user(politician=make_politician(), name="Anna Eenstem")
    declaration = make_declaration(user.politician, organisation="Stichting Eén Stem", kvk_number="12345678",
                                   description="Beheer van de kas", paid=True, income_band=IncomeBand.from_5001,
                                   hours_per_month=4, explanation="Sinds de oprichting", ex_officio=False,
                                   started_on=date(2025, 1, 1), ended_on=date(2026, 6, 30))
    politician = user.politician
    public = client.get(f"/register/{politician.body.slug}/{politician.slug}/").get_data(as_text=True)
    own = login(user).get(f"/mijn/opgaven/{declaration.id}").get_data(as_text=True)
    for name in SHOWN:
        label = str(FIELDS[name].label)
        if name != "kvk_number":  # the public card shows the KvK number in search and organisation pages only
            assert f"<dt>{label}</dt>" in public, (name, "public")
        assert f"<dt>{label}</dt>" in own, (name, "own page")


@pytest.mark.parametrize("kind", sorted(ASKED))
def test_declaration_form_asks_under_the_labels_the_card_shows(client, login, kind):
    user = make_user(politician=make_politician())
    html = login(user).get(f"/mijn/opgaven/nieuw?soort={kind}").get_data(as_text=True)
    labels = set(re.findall(r"<(?:label|legend)[^>]*>\s*([^<]+?)\s*<", html))
    missing = [name for name in ASKED[kind] if str(FIELDS[name].label) not in labels
               and not (name == "started_on" and kind in ("financial", "gift"))]
    assert not missing, (missing, sorted(labels))
