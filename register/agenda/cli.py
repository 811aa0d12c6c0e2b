"""`flask import-agenda`: a meeting agenda from a CSV/XLSX/ORI-JSON file, or straight from Open Raadsinformatie."""
from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import click

from register.extensions import db
from register.relations.cli import find_body


@click.command("import-agenda")
@click.option("--body", "body_slug", required=True, help="Slug van het orgaan.")
@click.option("--from-ori", "ori_index", metavar="INDEX",
              help="Haal de agenda op bij Open Raadsinformatie (ORI_BASE_URL), bijvoorbeeld ori_voorbeeldstad*.")
@click.option("--from-date", type=click.DateTime(["%Y-%m-%d"]), help="Met --from-ori: vanaf (standaard vandaag).")
@click.option("--days", type=click.IntRange(1, 366), default=60, show_default=True,
              help="Met --from-ori: zoveel dagen vooruit.")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_agenda_command(body_slug, ori_index, from_date, days, file: Path | None):
    """Lees een agenda in en vergelijk de agendapunten met de opgaven en afspraken (alles of niets)."""
    from register.agenda import services
    from register.agenda.sources import AgendaError, fetch_ori, parse_file

    body = find_body(body_slug)
    if bool(file) == bool(ori_index):
        raise click.ClickException("Geef een bestand of --from-ori INDEX (één van beide).")
    try:
        if file:
            content = file.read_bytes()
            meetings, name, source = parse_file(file.name, content), file.name, "file"
        else:
            start = from_date.date() if from_date else date.today()
            meetings = fetch_ori(ori_index, start, start + timedelta(days=days))
            content, name, source = repr([(m.key, [i.content() for i in m.items]) for m in meetings]).encode(), \
                f"ori:{ori_index}", "ori"
    except AgendaError as error:
        raise click.ClickException("\n".join([str(error), *error.problems])) from None
    result = services.import_agenda(body, meetings, actor=None, filename=name,
                                    sha256=hashlib.sha256(content).hexdigest(), source=source)
    db.session.commit()
    if not result.changed:
        click.echo("Niets veranderd: deze agenda stond al volledig in het register.")
        return
    click.echo(f"Ingelezen: {result.meetings_added} nieuwe vergaderingen, {result.items_added} nieuwe en "
               f"{result.items_changed} gewijzigde agendapunten, {result.matches_added} nieuwe signaleringen.")
