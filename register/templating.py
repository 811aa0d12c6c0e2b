"""Jinja filters and globals: dates shown in Europe/Amsterdam, Dutch formats."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]


def local(value: datetime) -> datetime:
    return value.astimezone(ZoneInfo(current_app.config["DISPLAY_TIMEZONE"]))


def format_date(value: date | datetime | None) -> str:
    """'3 maart 2026' (English: '3 March 2026'); a datetime is first converted to Amsterdam time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    from register.i18n import current_language
    months = MONTHS_EN if current_language() == "en" else MONTHS
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    moment = local(value)
    return f"{format_date(moment)} {moment:%H:%M}"


def iso_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local(value).date().isoformat()
    return value.isoformat()


def yes_no(value: bool | None) -> str:
    from flask_babel import gettext as _
    return _("ja") if value else _("nee")


def format_count(value: int) -> str:
    """A whole number with the page language's thousands separator: 1.000 in Dutch, 1,000 in English."""
    from flask_babel import format_decimal
    return format_decimal(value)


def init_templating(app: Flask) -> None:
    app.jinja_env.filters.update(date=format_date, datetime=format_datetime, isodate=iso_date, yesno=yes_no,
                                 number=format_count)
    from register.models.visibility import FIELD_LABELS
    app.jinja_env.globals["FIELD_LABELS"] = FIELD_LABELS  # one label per declaration field, on every page
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
