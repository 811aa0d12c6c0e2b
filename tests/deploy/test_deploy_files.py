"""The deployment files on their own: wrong settings are refused clearly, the systemd units are valid, the backup
timer's script rotates without ever emptying the folder, static URLs are fingerprinted, and `flask error-pages`
writes the pages nginx serves.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from deploy.render_nginx import main as render_nginx
from tests.deploy.servers import BIN, ROOT, app_env

UNITS = sorted((ROOT / "deploy" / "systemd").iterdir())


def _render(tmp_path: Path, *settings: str) -> tuple[int, Path]:
    pages = tmp_path / "pages"
    for lang in ("nl", "en"):
        (pages / lang).mkdir(parents=True, exist_ok=True)
        (pages / lang / "429.html").write_text("429")
    output = tmp_path / "site.conf"
    code = render_nginx([f"APP_DIR={ROOT}", f"ERROR_PAGES_DIR={pages}", *settings, "-o", str(output)])
    return code, output


@pytest.mark.parametrize("setting, named", [
    ("SERVER_NAME=", "SERVER_NAME=''"),
    ("SERVER_NAME=register_voorbeeldstad.nl", "SERVER_NAME="),
    ("APP_SERVERS=127.0.0.1", "APP_SERVERS="),
    ("APP_SERVERS=10.0.0.5:99999", "APP_SERVERS="),
    ("LISTEN_HTTPS=443;", "LISTEN_HTTPS="),
    ("SEARCH_RATE=veel", "SEARCH_RATE="),
    ("SEARCH_BURST=0", "SEARCH_BURST="),
    ("CACHE_DIR=cache", "CACHE_DIR="),
    ("TLS_CERTIFICATE=/etc/ssl/x.pem; include /etc/passwd", "TLS_CERTIFICATE="),
    ("BROTLI=misschien", "BROTLI="),
    ("SERVERNAME=register.example.nl", "onbekende instelling SERVERNAME"),
])
def test_render_refuses_a_wrong_setting_and_writes_nothing(tmp_path, capsys, setting, named):
    code, output = _render(tmp_path, "SERVER_NAME=register.example.nl", setting)
    assert code == 2
    assert not output.exists()
    error = capsys.readouterr().err
    assert "niets geschreven" in error and named in error


def test_render_refuses_when_the_error_pages_were_not_made_first(tmp_path, capsys):
    code = render_nginx(["SERVER_NAME=register.example.nl", f"APP_DIR={ROOT}", f"ERROR_PAGES_DIR={tmp_path}"])
    assert code == 2
    assert "flask error-pages" in capsys.readouterr().err


def test_render_fills_every_placeholder(tmp_path):
    code, output = _render(tmp_path, "SERVER_NAME=register.example.nl www.register.example.nl",
                           "APP_SERVERS=10.0.0.11:8000 10.0.0.12:8000", f"CACHE_DIR={tmp_path}/cache")
    assert code == 0
    site = output.read_text()
    assert "@@" not in site
    assert "server_name register.example.nl www.register.example.nl;" in site
    assert "server 10.0.0.11:8000 max_fails=3" in site and "server 10.0.0.12:8000 max_fails=3" in site
    assert "listen 443 ssl http2;" in site and "listen [::]:443 ssl http2;" in site


def _run_gunicorn_check(**env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    environment.setdefault("TRUSTED_PROXIES", "1")
    environment.update(env)
    return subprocess.run([str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "--check-config"], cwd=ROOT,
                          env=environment, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name, value", [
    ("GUNICORN_WORKERS", "vier"), ("GUNICORN_WORKERS", "0"), ("GUNICORN_TIMEOUT", "-1"),
    ("GUNICORN_BIND", "localhost"), ("FORWARDED_ALLOW_IPS", "*"), ("FORWARDED_ALLOW_IPS", "nginx.local"),
    ("GUNICORN_LOG_LEVEL", "loud"), ("TRUSTED_PROXIES", "een"), ("GUNICORN_ACCESS_LOG", "logs/access.log"),
])
def test_gunicorn_refuses_a_wrong_setting_with_its_name(name, value):
    result = _run_gunicorn_check(**{name: value})
    assert result.returncode != 0
    # gunicorn checks FORWARDED_ALLOW_IPS itself before reading the file; both messages name the value.
    assert repr(value) in result.stderr + result.stdout


def test_gunicorn_accepts_the_defaults():
    assert _run_gunicorn_check().returncode == 0


def test_gunicorn_in_production_refuses_to_start_without_a_database():
    result = _run_gunicorn_check(REGISTER_ENV="production", DATABASE_URL="")
    assert result.returncode != 0 and "DATABASE_URL='' is ongeldig" in result.stderr


def test_manage_refuses_an_env_file_without_the_database(tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text("# settings\nSECRET_KEY=" + "s" * 40 + "\n")
    result = subprocess.run([str(ROOT / "deploy" / "manage.sh"), "db", "current"], capture_output=True, text=True,
                            env=dict(os.environ, ENV_FILE=str(env_file), APP_USER="root"))
    assert result.returncode == 2 and "DATABASE_URL ontbreekt" in result.stderr


def test_manage_refuses_a_malformed_env_file(tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text("DATABASE_URL=sqlite://\nthis is not a setting\n")
    result = subprocess.run([str(ROOT / "deploy" / "manage.sh"), "db", "current"], capture_output=True, text=True,
                            env=dict(os.environ, ENV_FILE=str(env_file), APP_USER="root"))
    assert result.returncode == 2 and "verwacht NAAM=waarde" in result.stderr


def test_systemd_units_are_valid(tmp_path):
    """systemd's own checker on the units, with the app's directory where this checkout is."""
    for unit in UNITS:
        (tmp_path / unit.name).write_text(unit.read_text().replace("/srv/belangenregister/app", str(ROOT)))
    names = [str(tmp_path / unit.name) for unit in UNITS]
    result = subprocess.run(["systemd-analyze", "verify", *names], capture_output=True, text=True,
                            env=dict(os.environ, SYSTEMD_LOG_LEVEL="warning"))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
    assert {unit.name for unit in UNITS} >= {"belangenregister.service", "belangenregister-reminders.timer",
                                             "belangenregister-backup.timer"}


@pytest.fixture
def backups(tmp_path) -> Path:
    folder = tmp_path / "backups"
    folder.mkdir()
    return folder


def _backup(folder: Path, database_url: str, **env: str) -> subprocess.CompletedProcess:
    environment = app_env(database_url, BACKUP_DIR=str(folder), FLASK=str(BIN / "flask"), **env)
    return subprocess.run([str(ROOT / "deploy" / "backup.sh")], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=300)


def _age(path: Path, days: int) -> None:
    then = time.time() - days * 86400 + 3600  # an hour younger than whole days: clear of the cut-off
    os.utime(path, (then, then))


def test_backup_script_rotates_but_never_below_the_minimum(backups, database_url):
    old = []
    for day in range(1, 21):  # 20 earlier backups, one per day, 1 to 20 days old
        path = backups / f"register-2026010{day:02d}T023000Z.backup"
        path.write_bytes(b"old")
        _age(path, day)
        old.append(path)
    result = _backup(backups, database_url, BACKUP_KEEP_DAYS="14", BACKUP_KEEP_MIN="7")
    assert result.returncode == 0, result.stderr
    kept = sorted(p.name for p in backups.glob("register-*.backup"))
    new = [name for name in kept if name not in {p.name for p in old}]
    assert len(new) == 1 and (backups / new[0]).stat().st_size > 1000
    # Days 1-14 are young enough; 15-20 are older than 14 days and beyond the 7 newest: removed.
    assert {p.name for p in old[:14]} <= set(kept) and not {p.name for p in old[14:]} & set(kept)


def test_backup_script_keeps_the_minimum_even_when_all_are_old(backups, database_url):
    for day in range(30, 40):
        path = backups / f"register-old{day}.backup"
        path.write_bytes(b"old")
        _age(path, day)
    assert _backup(backups, database_url, BACKUP_KEEP_DAYS="14", BACKUP_KEEP_MIN="3").returncode == 0
    assert len(list(backups.glob("register-*.backup"))) == 3  # the new one and the two newest old ones


@pytest.mark.parametrize("env", [{"BACKUP_KEEP_DAYS": "veertien"}, {"BACKUP_KEEP_MIN": "0"}])
def test_backup_script_refuses_wrong_settings_and_removes_nothing(backups, database_url, env):
    old = backups / "register-old.backup"
    old.write_bytes(b"old")
    _age(old, 400)
    result = _backup(backups, database_url, **env)
    assert result.returncode == 2 and "is ongeldig" in result.stderr
    assert list(backups.iterdir()) == [old]


def test_backup_script_fails_loudly_when_the_backup_fails(backups):
    old = backups / "register-old.backup"
    old.write_bytes(b"old")
    _age(old, 400)
    result = _backup(backups, "sqlite:////nonexistent/dir/register.db", BACKUP_KEEP_MIN="1")
    assert result.returncode != 0
    assert old.exists()  # nothing rotated after a failed backup


def test_static_urls_carry_the_hash_of_the_file(client):
    html = client.get("/").get_data(as_text=True)
    for name in ("css/site.css", "js/forms.js"):
        digest = hashlib.sha256((ROOT / "static" / name).read_bytes()).hexdigest()[:12]
        assert f"/static/{name}?v={digest}" in html
        assert client.get(f"/static/{name}?v={digest}").status_code == 200


def test_a_changed_static_file_gets_a_new_url(app, tmp_path):
    folder = tmp_path / "static"
    shutil.copytree(ROOT / "static", folder)
    app.static_folder = str(folder)
    with app.test_request_context("/"):
        from flask import url_for
        before = url_for("static", filename="css/site.css")
        (folder / "css" / "site.css").write_text("body { color: black; }\n")
        os.utime(folder / "css" / "site.css", (time.time() + 5, time.time() + 5))
        after = url_for("static", filename="css/site.css")
        missing = url_for("static", filename="css/none.css")
    assert re.fullmatch(r"/static/css/site\.css\?v=[0-9a-f]{12}", before) and before != after
    assert missing == "/static/css/none.css"


def test_error_pages_command_writes_both_languages(runner, tmp_path):
    result = runner.invoke(args=["error-pages", str(tmp_path / "pages")])
    assert result.exit_code == 0, result.output
    dutch = (tmp_path / "pages" / "nl" / "429.html").read_text()
    english = (tmp_path / "pages" / "en" / "502.html").read_text()
    assert '<html lang="nl">' in dutch and "<h1>Te veel verzoeken</h1>" in dutch
    assert '<html lang="en">' in english and "<h1>Temporarily unavailable</h1>" in english
    assert "csrf_token" not in dutch + english  # static copies hold nothing of a visitor's session


def test_error_pages_command_reports_an_unwritable_directory(runner, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    result = runner.invoke(args=["error-pages", str(blocked / "pages")])
    assert result.exit_code != 0 and "konden niet worden geschreven" in result.output
