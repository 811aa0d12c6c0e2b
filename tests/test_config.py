"""Settings that would start the register wrongly stop the start, with a message that says what to do."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import Config, ConfigError, TestConfig
from register import create_app

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", ["Production", "prod", "PRODUCTION", "production ", "productie", ""])
def test_a_misspelled_register_env_is_refused_at_start(monkeypatch, tmp_path, name):
    monkeypatch.setenv("REGISTER_ENV", name)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'r.db'}")
    with pytest.raises(ConfigError, match="REGISTER_ENV") as refused:
        create_app()
    assert "development, production" in str(refused.value)


def test_an_unknown_env_name_in_a_config_class_is_refused_too(tmp_path):
    class Misspelled(Config):
        ENV_NAME = "prod"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'r.db'}"
    with pytest.raises(ConfigError, match="'prod' is onbekend"):
        create_app(Misspelled)


@pytest.mark.parametrize("name", ["development", "test", "benchmark"])
def test_the_known_non_production_names_start(monkeypatch, tmp_path, name):
    monkeypatch.setenv("REGISTER_ENV", name)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'r.db'}")
    app = create_app()
    assert app.config["ENV_NAME"] in ("development", "test", "benchmark")
    assert not app.config.get("SESSION_COOKIE_SECURE")


def test_production_is_production(monkeypatch, tmp_path):
    monkeypatch.setenv("REGISTER_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'r.db'}")
    import config
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "s" * 40)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["ENV_NAME"] == "production"


def test_production_without_a_real_secret_still_refuses(monkeypatch, tmp_path):
    monkeypatch.setenv("REGISTER_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'r.db'}")
    import config
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", config.DEFAULT_SECRET)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_the_wsgi_entry_point_refuses_a_misspelled_env(tmp_path):
    """What gunicorn does: import wsgi. It stops with the message instead of serving with the development key."""
    env = {k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL",)}
    env.update(REGISTER_ENV="Production", DATABASE_URL=f"sqlite:///{tmp_path / 'r.db'}")
    result = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode != 0
    assert "REGISTER_ENV='Production' is onbekend" in result.stderr


@pytest.mark.parametrize("setting,value,message", [
    ("LOG_FORMAT", "xml", "LOG_FORMAT"),
    ("LOG_LEVEL", "chatty", "LOG_LEVEL"),
    ("METRICS_ALLOWED_IPS", "127.0.0.1, localhost", "'localhost' is geen IP-adres"),
    ("METRICS_ALLOWED_IPS", "10.0.0.0/33", "10.0.0.0/33"),
    ("METRICS_TOKEN", "kort", "METRICS_TOKEN is te kort"),
])
def test_a_wrong_operations_setting_is_refused_at_start(tmp_path, setting, value, message):
    with pytest.raises(ConfigError, match=message):
        create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'r.db'}", **{setting: value})
