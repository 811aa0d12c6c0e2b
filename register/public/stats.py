"""Statistics of one body per fractie, for the politicians in office today: aggregates in SQL (GROUP BY),
six queries whatever the size of the body. Timeliness is counted in one pass (see timeliness.py)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select

from register.extensions import db
from register.signals.queries import share_without_signal
from register.models import Body, Declaration, DeclarationKind, DeclarationStatus, DeclarationVersion, Group, Politician
from register.models.declarations import KIND_LABELS
from register.public import charts
from register.public.periods import amsterdam_today, confirmation_cutoff, start_of_day
from register.public.queries import current_member_clause, find_body
from register.public.timeliness import OnTime, on_time_by


@dataclass
class FractieStats:
    label: str
    kinds: dict[DeclarationKind, int] = field(default_factory=dict)
    paid: int = 0
    unpaid: int = 0
    on_time: OnTime = field(default_factory=OnTime)
    members: int = 0
    confirmed: int = 0

    @property
    def declarations(self) -> int:
        return sum(self.kinds.values())

    @property
    def confirmed_percent(self) -> int | None:
        return round(100 * self.confirmed / self.members) if self.members else None

    def add(self, other: FractieStats) -> None:
        for kind, count in other.kinds.items():
            self.kinds[kind] = self.kinds.get(kind, 0) + count
        self.paid, self.unpaid = self.paid + other.paid, self.unpaid + other.unpaid
        self.on_time = self.on_time + other.on_time
        self.members, self.confirmed = self.members + other.members, self.confirmed + other.confirmed


@dataclass
class BodyStats:
    body: Body
    today: date
    cutoff: date
    rows: list[FractieStats]
    total: FractieStats
    kinds: list[tuple[DeclarationKind, str]]
    without_signal: float | None = None  # share of declarations made without a signal from outside


def _grouped(statement) -> dict:
    return {tuple(row[:-1]): row[-1] for row in db.session.execute(statement)}


def body_stats(body_slug: str) -> BodyStats:
    """Declarations per fractie and kind, paid and unpaid side jobs, timeliness, confirmations, and the share
    declared without a signal (7 queries)."""
    today = amsterdam_today()
    body = find_body(body_slug)
    groups = db.session.scalars(select(Group).where(Group.body_id == body.id, Group.active.is_(True))
                                .order_by(Group.name)).all()
    members = and_(Politician.body_id == body.id, current_member_clause(today))
    current = and_(members, Declaration.status == DeclarationStatus.published)
    kinds = _grouped(select(Politician.group_id, Declaration.kind, func.count(Declaration.id))
                     .join(Declaration.politician).where(current).group_by(Politician.group_id, Declaration.kind))
    paid = _grouped(select(Politician.group_id, DeclarationVersion.paid, func.count(Declaration.id))
                    .join(Declaration.politician).join(Declaration.published_version)
                    .where(current, Declaration.kind == DeclarationKind.side_job)
                    .group_by(Politician.group_id, DeclarationVersion.paid))
    on_time = on_time_by(Politician.group_id, members)
    cutoff = confirmation_cutoff(today)
    confirmed = case((Politician.last_confirmed_at >= start_of_day(cutoff), 1), else_=0)
    people = {group_id: (count, int(done or 0)) for group_id, count, done in db.session.execute(
        select(Politician.group_id, func.count(Politician.id), func.sum(confirmed))
        .where(members).group_by(Politician.group_id))}
    rows = _rows(groups, kinds, paid, on_time, people)
    grand = FractieStats(_("Hele orgaan"))
    for row in rows:
        grand.add(row)
    return BodyStats(body, today, cutoff, rows, grand, [(k, KIND_LABELS[k]) for k in DeclarationKind],
                     share_without_signal(body))


def _rows(groups, kinds, paid, on_time, people) -> list[FractieStats]:
    """One row per active fractie, and one for office holders without an active fractie when there are any."""
    shown = {g.id for g in groups}
    rows = {g.id: FractieStats(g.name) for g in groups}
    without = FractieStats(_("Zonder fractie"))
    pick = defaultdict(lambda: without, rows)
    for (group_id, kind), count in kinds.items():
        row = pick[group_id if group_id in shown else None]
        row.kinds[kind] = row.kinds.get(kind, 0) + count
    for (group_id, is_paid), count in paid.items():
        row = pick[group_id if group_id in shown else None]
        row.paid, row.unpaid = row.paid + (count if is_paid else 0), row.unpaid + (0 if is_paid else count)
    for group_id, counted in on_time.items():
        row = pick[group_id if group_id in shown else None]
        row.on_time = row.on_time + counted
    for group_id, (count, done) in people.items():
        row = pick[group_id if group_id in shown else None]
        row.members, row.confirmed = row.members + count, row.confirmed + done
    result = [rows[g.id] for g in groups]
    if without.members or without.declarations:
        result.append(without)
    return result


def stats_charts(stats: BodyStats) -> dict[str, charts.Chart]:
    """The four bar charts of the statistics page; each is followed there by a table with the same numbers."""
    labels = [row.label for row in stats.rows]
    none = _("geen gegevens")
    return {
        "kinds": charts.bar_chart("grafiek-soorten", _("Lopende opgaven per fractie en soort"), labels,
                                  [label for _kind, label in stats.kinds],
                                  [[row.kinds.get(kind, 0) for kind, _label in stats.kinds] for row in stats.rows]),
        "paid": charts.bar_chart("grafiek-bezoldiging", _("Nevenfuncties per fractie: bezoldigd en onbezoldigd"),
                                 labels, [_("bezoldigd"), _("onbezoldigd")],
                                 [[row.paid, row.unpaid] for row in stats.rows]),
        "on_time": charts.bar_chart(
            "grafiek-tijdig", _("Aandeel opgaven op tijd opgegeven, per fractie (procent)"), labels, [_("op tijd")],
            [[row.on_time.percent or 0] for row in stats.rows], maximum=100,
            value_texts=[none if row.on_time.percent is None else f"{row.on_time.percent}%" for row in stats.rows]),
        "confirmed": charts.bar_chart(
            "grafiek-bevestigd", _("Aandeel ambtsdragers dat in de afgelopen 12 maanden bevestigde (procent)"),
            labels, [_("bevestigd")], [[row.confirmed_percent or 0] for row in stats.rows], maximum=100,
            value_texts=[none if row.confirmed_percent is None else f"{row.confirmed_percent}%" for row in stats.rows]),
    }
