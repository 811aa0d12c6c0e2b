"""Command-line commands: create-user, demo-data, backup, restore."""
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask, current_app
from sqlalchemy import select

from register.extensions import db

if TYPE_CHECKING:  # the commands import the models when they run
    from register.models import Body, Group, Politician

log = logging.getLogger(__name__)


def register_cli(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(send_reminders_command)
    app.cli.add_command(send_alerts_command)
    from register.agenda.cli import import_agenda_command
    from register.relations.cli import import_relations_command
    app.cli.add_command(import_relations_command)
    app.cli.add_command(import_agenda_command)
    from register.static_error_pages import error_pages_command
    app.cli.add_command(error_pages_command)
    from register.setup_cli import create_body_command, import_people_command
    app.cli.add_command(create_body_command)
    app.cli.add_command(import_people_command)


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--politician", "politician_slug", help="Slug van de ambtsdrager (met --body).")
@click.option("--body", "body_slug", help="Slug van het orgaan.")
@click.option("--griffie", is_flag=True, help="Griffierol voor --body.")
@click.option("--reviewer", "group_slugs", multiple=True,
              help="Fractiebeoordelaar van deze fractie (slug, met --body).")
@click.option("--admin", "site_admin", is_flag=True, help="Sitebeheerder: voegt organen toe en nodigt griffies uit.")
def create_user_command(email, name, password, politician_slug, body_slug, griffie, group_slugs, site_admin):
    """Maak een account aan."""
    from register.auth.passwords import check_password_policy
    from register.auth.services import AccountError, create_user
    from register.models import Body

    problems = check_password_policy(password)
    if problems:
        raise click.ClickException(" ".join(problems))
    body = None
    if body_slug:
        body = db.session.scalar(select(Body).where(Body.slug == body_slug))
        if body is None:
            raise click.ClickException(f"Orgaan '{body_slug}' bestaat niet.")
    if body is not None:
        politician, groups = _roles_in(body, politician_slug, group_slugs)
    elif politician_slug or griffie or group_slugs:
        raise click.ClickException("Geef met --body aan om welk orgaan het gaat.")
    else:
        politician, groups = None, []
    try:
        user = create_user(email=email, name=name, password=password, politician=politician, reviewer_of=groups,
                           griffie_of=[body] if griffie and body is not None else [], site_admin=site_admin)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Account aangemaakt: {user.email}")


def _roles_in(body: "Body", politician_slug: str | None, group_slugs) -> tuple["Politician | None", list["Group"]]:
    """The politician and the fracties named for create-user, in `body` (a ClickException for an unknown one)."""
    from register.models import Group, Politician

    politician = None
    if politician_slug:
        politician = db.session.scalar(select(Politician).where(Politician.body_id == body.id,
                                                                Politician.slug == politician_slug))
        if politician is None:
            raise click.ClickException(f"Ambtsdrager '{politician_slug}' bestaat niet in {body.name}.")
    groups = []
    for slug in group_slugs:
        group = db.session.scalar(select(Group).where(Group.body_id == body.id, Group.slug == slug))
        if group is None:
            raise click.ClickException(f"Fractie '{slug}' bestaat niet in {body.name}.")
        groups.append(group)
    return politician, groups


@click.command("demo-data")
@click.option("--if-empty", is_flag=True, help="Alleen als de database nog leeg is.")
@click.option("--scale", type=click.Choice(["demo", "national"]), default="demo",
              help="demo: Gemeente Voorbeeldstad; national: ongeveer 11.000 ambtsdragers in 375 organen.")
def demo_data_command(if_empty, scale):
    """Laad de demogegevens (Gemeente Voorbeeldstad, of landelijke omvang voor benchmarks)."""
    from register.models import Body

    if current_app.config.get("ENV_NAME") == "production":
        raise click.ClickException("Demogegevens worden niet geladen in productie.")
    if db.session.scalar(select(Body.id).limit(1)) is not None:
        from register.demo import print_logins
        if if_empty:
            click.echo("De database bevat al gegevens; geen demogegevens geladen.")
            print_logins()
            return
        raise click.ClickException("De database bevat al gegevens; demogegevens alleen in een lege database.")
    if scale == "national":
        import time
        from register.demo_national import load_national_data
        started = time.perf_counter()
        counts = load_national_data(echo=click.echo)
        db.session.commit()
        log.info("Landelijke demogegevens geladen: %s", counts)
        click.echo(f"Landelijke demogegevens geladen in {time.perf_counter() - started:.1f} s: {counts}")
        return
    from register.demo import load_demo_data, print_logins
    load_demo_data()
    db.session.commit()
    log.info("Demogegevens geladen: Gemeente Voorbeeldstad.")
    click.echo("Demogegevens geladen: Gemeente Voorbeeldstad.")
    print_logins()


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path):
    """Maak een back-up van de hele database in FILE (kan terwijl de toepassing draait)."""
    from flask_babel import gettext as _

    from register import backup
    from register.audit import record

    if file.exists():
        raise click.ClickException(_("Het bestand %(file)s bestaat al; kies een nieuwe naam.", file=file))
    # On the record before the copy is taken, so that the backup itself shows when it was made.
    record("database.backup", None, file=file.name)
    db.session.commit()
    try:
        backup.backup(db.engine.url, file, pg_bin_dir=current_app.config.get("PG_BIN_DIR", ""))
    except backup.BackupError as error:
        record("database.backup_failed", None, file=file.name, error=str(error)[:500])
        db.session.commit()
        log.error("Back-up %s mislukt: %s", file.name, error)
        raise click.ClickException(str(error)) from None
    log.info("Back-up %s gemaakt en gecontroleerd (%d bytes).", file.name, file.stat().st_size)
    click.echo(_("Back-up gemaakt en gecontroleerd (integriteit en aantal rijen per tabel): %(file)s (%(size)d "
                 "bytes).", file=file, size=file.stat().st_size))


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Ook een database overschrijven die al gegevens bevat.")
@click.option("--yes", is_flag=True, help="Niet om bevestiging vragen.")
def restore_command(file: Path, force: bool, yes: bool):
    """Zet de back-up in FILE terug; dit vervangt de hele database."""
    from flask_babel import gettext as _

    from register import backup, data_version
    from register.audit import record

    engine = db.engine
    where = engine.url.render_as_string(hide_password=True)
    try:
        backup.check_backup_file(file, engine.url)
        empty = backup.is_empty(engine)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    if not empty and not force:
        raise click.ClickException(_("De database %(db)s bevat al gegevens. Er is niets veranderd. Geef --force "
                                     "mee om haar te overschrijven.", db=where))
    if not yes:
        click.confirm(_("De database %(db)s vervangen door de back-up %(file)s?", db=where, file=file), abort=True)
    with engine.connect() as connection:
        used = data_version.read_with(connection)
    db.session.remove()
    engine.dispose()
    try:
        backup.restore(file, engine.url, pg_bin_dir=current_app.config.get("PG_BIN_DIR", ""))
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    engine.dispose()
    with engine.begin() as connection:  # past every number used before: no old ETag or stored page matches again
        data_version.advance_past(connection, used)
    record("database.restored", None, file=file.name, overwrote_data=not empty)
    db.session.commit()
    log.info("Back-up %s teruggezet (bestaande gegevens overschreven: %s).", file.name, "ja" if not empty else "nee")
    click.echo(_("Back-up %(file)s teruggezet in %(db)s. Voer `flask db upgrade` uit als de back-up van een "
                 "oudere versie van het register is.", file=file, db=where))


@click.command("send-alerts")
def send_alerts_command():
    """Stuur de dagelijkse e-mail aan wie een ambtsdrager, fractie of orgaan volgt (eenmaal per dag, cron)."""
    from register.alerts.digest import send_alerts
    from register.mail import deliver_unsent

    queued, removed = send_alerts()
    sent, unsent = deliver_unsent()
    log.info("send-alerts: %d overzichten klaargezet, %d onbevestigde aanmeldingen verwijderd, %d e-mails verzonden, "
             "%d niet verzonden.", queued, removed, sent, unsent)
    click.echo(f"Overzichten klaargezet: {queued}. Onbevestigde aanmeldingen verwijderd: {removed}. "
               f"E-mails verzonden: {sent}. Niet verzonden: {unsent}.")


@click.command("send-reminders")
def send_reminders_command():
    """Stuur de jaarlijkse herinnering om te bevestigen (eenmaal per jaar) en verstuur onverzonden e-mail (cron)."""
    from register.mail import deliver_unsent, queue_confirmation_reminders, smtp_configured

    queued = queue_confirmation_reminders()
    db.session.commit()
    sent, unsent = deliver_unsent()
    log.info("send-reminders: %d herinneringen klaargezet, %d e-mails verzonden, %d niet verzonden.",
             queued, sent, unsent)
    click.echo(f"Herinneringen klaargezet: {queued}. E-mails verzonden: {sent}. Niet verzonden: {unsent}.")
    if unsent and not smtp_configured():  # a cron job that fails is one an operator notices
        raise click.ClickException("SMTP_HOST is niet ingesteld: er is geen e-mail verzonden. De berichten blijven "
                                   "in de wachtrij tot SMTP_HOST is ingesteld.")
