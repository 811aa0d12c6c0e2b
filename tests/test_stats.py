"""The statistics page of a body: numbers per fractie, server-drawn SVG bar charts, each with a table."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, UTC

import pytest
from dateutil.relativedelta import relativedelta

from register.declarations import services as declaration_services
from register.extensions import db
from register.models import DeclarationKind, Office
from register.public.charts import bar_chart
from register.models.base import amsterdam_today
from tests.factories import make_body, make_declaration, make_group, make_politician
from tests.test_public import commit, count_queries, page

URL = "/register/zichtstad/statistieken"


def declared(declaration, start: date, days: int):
    declaration.declared_at = datetime(start.year, start.month, start.day, 11, tzinfo=UTC) \
        + timedelta(days=days)
    return commit(declaration)


def table_rows(html: str, caption: str) -> dict[str, list[str]]:
    """The rows of the table with this caption: row header -> cells, tags stripped."""
    table = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", html, re.S).group(1)
    rows = {}
    for header, cells in re.findall(r"<th scope=\"row\">(.*?)</th>(.*?)</tr>", table, re.S):
        rows[header] = [re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
    return rows


@pytest.fixture
def body(app):
    """Two fracties, a burgemeester without one, a former member and a draft that must not count."""
    body = make_body("Gemeente Zichtstad", slug="zichtstad")
    rood, blauw = make_group(body, "Rode Partij"), make_group(body, "Blauwe Partij")
    start = date(2025, 3, 1)
    ria = make_politician(rood, name="Ria Rood")
    declared(make_declaration(ria, paid=True, started_on=start), start, 2)
    declared(make_declaration(ria, paid=False, started_on=start), start, 20)  # 13 days late
    declared(make_declaration(ria, kind=DeclarationKind.gift, started_on=start), start, 1)
    ended = declared(make_declaration(ria, paid=True, started_on=start), start, 3)
    commit(declaration_services.end_declaration(ended, ended_on=date(2025, 9, 1), actor=None))
    make_declaration(ria, publish=False)
    roel = make_politician(rood, name="Roel Rood")
    declared(make_declaration(roel, kind=DeclarationKind.financial, started_on=start), start, 5)
    roel.last_confirmed_at = datetime.now(UTC) - timedelta(days=30)
    ria.last_confirmed_at = datetime(2020, 1, 1, tzinfo=UTC)  # overdue: not counted as confirmed
    bas = make_politician(blauw, name="Bas Blauw")
    declared(make_declaration(bas, kind=DeclarationKind.other, started_on=start), start, 30)
    bas.last_confirmed_at = datetime.now(UTC) - timedelta(days=300)
    mayor = make_politician(rood, name="Burgemeester", office=Office.burgemeester)
    mayor.group = None
    declared(make_declaration(mayor, paid=False, started_on=start), start, 1)
    former = make_politician(blauw, name="Oud Lid", active=False, 
                             term_end=amsterdam_today() - relativedelta(months=2))
    declared(make_declaration(former, paid=True, started_on=start), start, 60)
    commit()
    return body


def test_stats_page_counts_current_declarations_per_fractie_and_kind(client, body):
    html = page(client, URL)
    assert html.count("<h1") == 1 and "Statistieken van Gemeente Zichtstad</h1>" in html
    rows = table_rows(html, "Lopende opgaven per fractie en soort")
    # columns: side job, financial, gift, other, total
    assert rows["Blauwe Partij"] == ["0", "0", "0", "1", "1"]
    assert rows["Rode Partij"] == ["2", "1", "1", "0", "4"]
    assert rows["Zonder fractie"] == ["1", "0", "0", "0", "1"]
    assert rows["Hele orgaan"] == ["3", "1", "1", "1", "6"]


def test_stats_page_counts_paid_and_unpaid_side_jobs(client, body):
    rows = table_rows(page(client, URL), "Lopende nevenfuncties per fractie, bezoldigd en onbezoldigd")
    assert rows["Rode Partij"] == ["1", "1", "2"]
    assert rows["Zonder fractie"] == ["0", "1", "1"]
    assert rows["Hele orgaan"] == ["1", "2", "3"]


def test_stats_page_shows_the_share_declared_on_time(client, body):
    rows = table_rows(page(client, URL), "Opgaven op tijd opgegeven, per fractie")
    assert rows["Rode Partij"] == ["4", "5", "4 van 5 op tijd (80%)"]  # ended one counts, draft does not
    assert rows["Blauwe Partij"] == ["0", "1", "0 van 1 op tijd (0%)"]  # the former member does not count
    assert rows["Hele orgaan"] == ["5", "7", "5 van 7 op tijd (71%)"]


def test_stats_page_shows_the_share_confirmed_in_the_last_12_months(client, body):
    rows = table_rows(page(client, URL), "Ambtsdragers die in de afgelopen 12 maanden bevestigden, per fractie")
    assert rows["Rode Partij"] == ["1", "2", "50%"]
    assert rows["Blauwe Partij"] == ["1", "1", "100%"]
    assert rows["Zonder fractie"] == ["0", "1", "0%"]
    assert rows["Hele orgaan"] == ["2", "4", "50%"]


def test_charts_are_accessible_inline_svg_without_script_or_style_attributes(client, body):
    html = page(client, URL)
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(charts) == 4
    for svg in charts:
        assert 'role="img"' in svg and re.search(r'aria-label="[^"]+"', svg) and "<title>" in svg
        after = html.split(svg, 1)[1]
        table, next_chart = after.find("<table"), after.find("<svg")
        assert table != -1 and (next_chart == -1 or table < next_chart)  # each chart has its table
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script; self-hosted files are fine
    assert "style=" not in html and "onclick=" not in html


def test_bars_are_proportional_to_the_numbers(client, body):
    html = page(client, URL)
    svg = re.findall(r"<svg.*?</svg>", html, re.S)[0]
    widths = {title: float(width) for width, title in
              re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"[^>]*><title>(.*?)</title>', svg)}
    assert widths["Rode Partij, Nevenfunctie: 2"] == pytest.approx(2 * widths["Zonder fractie, Nevenfunctie: 1"])


def test_stats_for_an_empty_body_render_without_numbers(client):
    make_group(make_body("Gemeente Leeg", slug="leeg"), "Enige Partij")
    html = page(client, "/register/leeg/statistieken")
    assert "Nog geen gegevens om te tonen." in html
    assert table_rows(html, "Opgaven op tijd opgegeven, per fractie")["Enige Partij"] == ["0", "0", "geen opgaven"]


def test_unknown_body_has_no_statistics(client):
    assert client.get("/register/bestaat-niet/statistieken").status_code == 404


def test_stats_page_costs_the_same_number_of_queries_with_1_and_10_politicians(app, client):
    body = make_body(slug="groeistad")

    def add(n):
        for _ in range(n):
            politician = make_politician(make_group(body))
            make_declaration(politician, paid=True)
            make_declaration(politician, kind=DeclarationKind.gift)
            commit(declaration_services.confirm_register(politician, actor=None))

    add(1)
    few = count_queries(app, client, "/register/groeistad/statistieken")
    add(9)
    assert count_queries(app, client, "/register/groeistad/statistieken") == few


def test_bar_chart_scales_stacks_and_wraps_the_legend():
    chart = bar_chart("c", "Titel", ["Een", "Twee"], ["Serie A met een lange naam"] * 6, [[1, 1, 0, 0, 0, 0],
                                                                                        [4, 0, 0, 0, 0, 0]])
    first, second = chart.bars
    assert first.segments[0].width * 4 == pytest.approx(second.segments[0].width)
    assert first.segments[1].x == pytest.approx(first.segments[0].x + first.segments[0].width)
    assert len({item.y for item in chart.legend}) > 1 and max(i.x for i in chart.legend) < chart.width
    assert first.value_text == "2" and second.value_text == "4"
    assert bar_chart("e", "Leeg", ["A"], ["x"], [[0]]).empty


def test_statistics_show_the_share_declared_without_a_signal(app, client):
    from register.declarations.services import create_declaration
    from register.models import DeclarationKind
    from tests.factories import declaration_content, make_body, make_declaration, make_group, make_politician
    body = make_body("Gemeente Meldstad", slug="meldstad")
    politician = make_politician(make_group(body))
    for n in range(3):
        make_declaration(politician, organisation=f"Org {n}")
    create_declaration(politician, DeclarationKind.side_job, declaration_content(organisation="Na melding"),
                       actor=None, publish=True, after_signal=True)
    db.session.commit()
    html = client.get("/register/meldstad/statistieken").get_data(as_text=True)
    assert "75% van de gepubliceerde opgaven is opgegeven zonder dat iemand van buiten er eerst op wees." in html
