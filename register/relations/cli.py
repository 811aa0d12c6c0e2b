"""`flask import-relations`: the griffie's subsidy register, contracts or permits from a CSV or XLSX file."""
from __future__ import annotations

import hashlib
from pathlib import Path

import click
from sqlalchemy import select

from register.extensions import db


def find_body(slug: str):
    from register.models import Body

    body = db.session.scalar(select(Body).where(Body.slug == slug))
    if body is None:
        raise click.ClickException(f"Orgaan '{slug}' bestaat niet.")
    return body


@click.command("import-relations")
@click.option("--body", "body_slug", required=True, help="Slug van het orgaan.")
@click.option("--column", "columns", multiple=True, metavar="VELD=KOLOM",
              help="Welke kolom wat bevat, bijvoorbeeld --column organisation=Ontvanger "
                   "(velden: organisation, kvk_number, kind, amount, date, source_url). Zonder: herkend op de naam.")
@click.option("--kind", "default_kind", type=click.Choice(["subsidie", "opdracht", "vergunning", "garantie", "lening"]),
              help="Soort voor regels zonder soort (bijvoorbeeld een subsidieregister).")
@click.option("--dry-run", is_flag=True, help="Alleen controleren en tellen; niets opslaan.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_relations_command(body_slug, columns, default_kind, dry_run, file: Path):
    """Lees subsidies, opdrachten, vergunningen, garanties of leningen van een orgaan in (alles of niets)."""
    from register.models import RelationKind
    from register.relations import services
    from register.relations.tables import TableError, read_table

    body = find_body(body_slug)
    content = file.read_bytes()
    try:
        table = read_table(file.name, content)
    except TableError as error:
        raise click.ClickException(str(error)) from None
    mapping = services.guess_mapping(table.headers)
    for pair in columns:
        name, _sep, header = pair.partition("=")
        if name not in services.FIELDS or not header:
            raise click.ClickException(f"Onbekend veld in --column {pair!r}; kies uit {', '.join(services.FIELDS)}.")
        mapping[name] = header
    try:
        result = services.import_relations(body, table, mapping, default_kind=RelationKind(default_kind)
                                           if default_kind else None, actor=None, filename=file.name,
                                           sha256=hashlib.sha256(content).hexdigest(), dry_run=dry_run)
    except services.RelationImportError as error:
        db.session.rollback()
        raise click.ClickException("\n".join([str(error), *error.problems])) from None
    db.session.commit()
    verb = "Zou inlezen" if dry_run else "Ingelezen"
    click.echo(f"{verb}: {result.added} nieuwe regels van {result.rows} ({result.already} stonden er al, "
               f"{result.doubles} dubbel in het bestand).")
