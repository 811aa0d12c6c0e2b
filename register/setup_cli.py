"""Setting a body up from the command line: `flask create-body` and `flask import-people` (with --dry-run)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from register.extensions import db


@click.command("create-body")
@click.option("--slug", help="Adresnaam (standaard gemaakt uit de naam), zoals provincie-zeeland.")
@click.option("--name", required=True, help="Naam van het orgaan.")
@click.option("--kind", required=True, type=click.Choice(["gemeente", "provincie", "waterschap"]))
@click.option("--term-start", type=click.DateTime(formats=["%Y-%m-%d"]), help="Begin zittingsperiode, JJJJ-MM-DD.")
def create_body_command(slug, name, kind, term_start):
    """Maak een orgaan (gemeente, provincie of waterschap) aan."""
    from register.siteadmin.services import KIND_WORDS, SetupError, create_body

    start: date | None = term_start.date() if term_start else None
    try:
        body = create_body(name=name, kind=KIND_WORDS[kind], slug=slug, term_start=start)
    except SetupError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Orgaan aangemaakt: {body.name} (/register/{body.slug}/). Nodig de griffie uit met "
               f"`flask create-user --body {body.slug} --griffie …` of op /sitebeheer/.")


def _print_plan(plan) -> None:
    for note in plan.notes:
        click.echo(note)
    for planned in plan.rows:
        details = "; ".join([f"{k}: {a or '—'} -> {b or '—'}" for k, (a, b) in planned.changes.items()]
                            + planned.reasons)
        click.echo(f"{planned.row.line:>5}  {planned.label:<12} {planned.row.name or '—'}"
                   + (f"  ({details})" if details else ""))
    click.echo(f"Nieuw: {plan.count('create')}, gewijzigd: {plan.count('update')}, ongewijzigd: "
               f"{plan.count('unchanged')}, overgeslagen: {plan.count('skipped')}, geweigerd: "
               f"{plan.count('refused')}; nieuwe fracties: {', '.join(plan.new_groups) or 'geen'}.")


@click.command("import-people")
@click.option("--body", "body_slug", required=True, help="Adresnaam van het orgaan.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Alleen laten zien wat er zou gebeuren; niets opslaan.")
def import_people_command(body_slug, file: Path, dry_run: bool):
    """Importeer fracties, ambtsdragers en uitnodigingen uit een CSV- of Popolo-bestand (alles of niets)."""
    from sqlalchemy import select

    from register import mail
    from register.admin.import_plan import make_plan
    from register.admin.import_services import apply_plan
    from register.admin.importer import ImportFileError, parse
    from register.admin.services import AdminError
    from register.models import Body

    body = db.session.scalar(select(Body).where(Body.slug == body_slug))
    if body is None:
        raise click.ClickException(f"Orgaan '{body_slug}' bestaat niet.")
    try:
        plan = make_plan(body, parse(file.read_bytes()))
    except ImportFileError as error:
        raise click.ClickException(str(error)) from None
    _print_plan(plan)
    if dry_run:
        click.echo("Proefdraai: er is niets opgeslagen.")
        return
    try:
        apply_plan(plan, actor=None, filename=file.name)
    except AdminError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    sent = sum(mail.deliver(message_id) for message_id in mail.take_committed())
    click.echo(f"Geïmporteerd. Uitnodigingen verzonden: {sent}.")
