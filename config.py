"""Configuration from environment variables."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_SECRET = "dev-insecure-change-me"
# REGISTER_ENV must be one of these: a misspelling ("Production", "prod") would otherwise start a production
# server with the public development key and insecure cookies. "test" and "benchmark" behave as development.
KNOWN_ENVS = ("development", "production", "test", "benchmark")


class ConfigError(RuntimeError):
    """A setting the app cannot start with; the message says which and what to do."""


def check_env_name(name: str | None) -> str:
    """The environment name (REGISTER_ENV), refused when it is not one of KNOWN_ENVS."""
    if name not in KNOWN_ENVS:
        raise ConfigError(f"REGISTER_ENV={name!r} is onbekend; gebruik een van: {', '.join(KNOWN_ENVS)} "
                          "(kleine letters, precies zo geschreven). Het register start niet.")
    return name


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        instance = BASE_DIR / "instance"
        instance.mkdir(exist_ok=True)
        return f"sqlite:///{instance / 'register.db'}"
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg 3 explicitly.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Config:
    # Checked by create_app (register/__init__.py): an unknown name stops the start.
    ENV_NAME = os.environ.get("REGISTER_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET)
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}  # per database kind more in register/db_setup.py
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = 1024 * 1024
    # register/access.py: refuse (403) any endpoint without a rule in ACCESS (deny by default); the inventory test
    # also fails the build for an endpoint without a rule.
    ACCESS_DENY_UNLISTED = os.environ.get("ACCESS_DENY_UNLISTED", "1") != "0"
    # A login session ends after this long without a request, and this long after logging in, whatever happens.
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
    SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))
    # Failed logins: this many for one e-mail address, or from one client, within LOGIN_THROTTLE_MINUTES
    # refuse further attempts for LOGIN_THROTTLE_MINUTES (counted in the database, shared by all workers).
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_CLIENT = 20
    LOGIN_THROTTLE_MINUTES = 15
    # Number of reverse proxies in front of the app whose X-Forwarded-For/-Proto may be trusted (0: none).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # Public pages (register/cache.py, README "Caching"): a worker reads the data version at most every
    # CACHE_VERSION_CHECK_MS (a change elsewhere shows within that); a shared cache (proxy, CDN) may keep a page
    # PUBLIC_SHARED_MAX_AGE seconds (0: revalidate every time) and, when the app fails, PUBLIC_STALE_IF_ERROR more.
    CACHE_VERSION_CHECK_MS = os.environ.get("CACHE_VERSION_CHECK_MS", "1000")
    PUBLIC_SHARED_MAX_AGE = os.environ.get("PUBLIC_SHARED_MAX_AGE", "10")
    PUBLIC_STALE_IF_ERROR = os.environ.get("PUBLIC_STALE_IF_ERROR", "0")
    # Directory of pg_dump and pg_restore when they are not on the PATH (flask backup / restore on PostgreSQL).
    PG_BIN_DIR = os.environ.get("PG_BIN_DIR", "")
    # Outgoing e-mail: through SMTP when SMTP_HOST is set, otherwise written to the log (development).
    SMTP_HOST = os.environ.get("SMTP_HOST", "")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", "587"))
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "true").lower() in ("1", "true", "yes", "on")
    SMTP_TIMEOUT = 10
    MAIL_FROM = os.environ.get("MAIL_FROM", "Belangenregister <noreply@localhost>")
    # Absolute links in e-mails sent outside a request (flask send-reminders from cron).
    BASE_URL = os.environ.get("BASE_URL", "http://localhost:5000")
    # Open Raadsinformatie (agenda import with --from-ori): the Elasticsearch proxy and how long to wait for it.
    ORI_BASE_URL = os.environ.get("ORI_BASE_URL", "https://api.openraadsinformatie.nl/v1/elastic")
    ORI_TIMEOUT_SECONDS = float(os.environ.get("ORI_TIMEOUT_SECONDS", "15"))
    # Signals (meldingen) from one client (salted hash of its address), counted in the database.
    SIGNAL_RATE_LIMIT = 5
    SIGNAL_RATE_WINDOW_SECONDS = 3600
    # Logging (register/logs.py): "text" (readable lines) or "json" (one JSON object per line); LOG_LEVEL by name.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    # /metrics (register/metrics.py) answers only requests from these addresses or networks (comma-separated; the
    # client address as TRUSTED_PROXIES determines it) or with "Authorization: Bearer <METRICS_TOKEN>"; others 404.
    METRICS_ALLOWED_IPS = os.environ.get("METRICS_ALLOWED_IPS", "")
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
    # One-time links (issue 12): an invitation is valid 7 days, a password reset 1 hour. "Wachtwoord vergeten"
    # answers this many requests per typed address, and per client, within RESET_WINDOW_MINUTES.
    INVITATION_VALID_DAYS = 7
    RESET_VALID_MINUTES = 60
    RESET_MAX_PER_ACCOUNT = 3
    RESET_MAX_PER_CLIENT = 10
    RESET_WINDOW_MINUTES = 60
    # People import: files with more data rows are refused whole. The largest body has about 60 office holders;
    # bench/onboarding.py measures the import (each new account is an invitation with its own mail).
    IMPORT_MAX_ROWS = 500
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "register" / "translations")
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    DISPLAY_TIMEZONE = "Europe/Amsterdam"
    TESTING = False


class ProductionConfig(Config):
    ENV_NAME = "production"  # whatever REGISTER_ENV said when config.py was imported: this class is production
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, for path / and without a domain,
    # so that no subdomain or plain-HTTP page can plant or overwrite it.
    SESSION_COOKIE_NAME = "__Host-session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_PATH = "/"
    SESSION_COOKIE_DOMAIN = None
    REMEMBER_COOKIE_NAME = "__Host-remember"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_PATH = "/"
    REMEMBER_COOKIE_DOMAIN = None
    PREFERRED_URL_SCHEME = "https"


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret"
    CHEAP_PASSWORD_HASHING = True
    SMTP_HOST = ""  # tests that send mail start their own SMTP server
    # Tests turn CSRF on explicitly where they test it; the login helper fetches a token otherwise.
    WTF_CSRF_ENABLED = True


def config_for_env() -> type[Config]:
    name = check_env_name(os.environ.get("REGISTER_ENV", "development"))
    return ProductionConfig if name == "production" else Config
