"""Belangenregister: the application factory."""
from __future__ import annotations

from flask import Flask

from config import DEFAULT_SECRET, Config, check_env_name, config_for_env


def create_app(config: type[Config] | None = None, **overrides) -> Flask:
    """Build the app for a config class; overrides win (tests pass a database URL)."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static",
                instance_relative_config=True)
    app.config.from_object(config or config_for_env())
    app.config.update(overrides)
    check_env_name(app.config.get("ENV_NAME"))  # a misspelling would start production with development settings
    from register.logs import init_logging
    init_logging(app)  # first: every later hook and error runs inside a request that has its id
    from register.metrics import init_metrics
    init_metrics(app)
    from register.db_setup import engine_options
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config["SQLALCHEMY_DATABASE_URI"],
                                                             app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    _refuse_insecure_production(app)
    if app.config.get("CHEAP_PASSWORD_HASHING"):
        from register.auth.passwords import use_cheap_hashing
        use_cheap_hashing()
    register_extensions(app)
    from register.mail import init_mail
    init_mail(app)  # where the signals blueprint used to register these hooks: the order of hooks is unchanged
    register_blueprints(app)
    register_commands(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    from register.static_urls import init_static_urls
    init_static_urls(app)  # ?v=<content hash> on static URLs: safe to cache them for a year
    from register.security import init_security_headers, init_session_limits
    init_security_headers(app)
    init_session_limits(app)
    from register.access import init_access
    from register.input_guard import init_input_guard
    init_access(app)  # after the session limits: an expired login counts as none
    init_input_guard(app)
    from register.cache import init_cache
    init_cache(app)  # last: its 304s and stored pages come after the access checks
    _trust_proxies(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies the client's address and scheme come from X-Forwarded-For/-Proto."""
    count = app.config.get("TRUSTED_PROXIES", 0)
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix
        # Flask's documented way to add WSGI middleware; mypy sees wsgi_app only as a method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]


def _refuse_insecure_production(app: Flask) -> None:
    if app.config.get("ENV_NAME") == "production":
        key = app.config.get("SECRET_KEY") or ""
        if not key or key == DEFAULT_SECRET or len(key) < 32:
            raise RuntimeError(
                "SECRET_KEY ontbreekt of is de standaardwaarde: stel in productie een lange, geheime "
                "SECRET_KEY in (minstens 32 tekens)."
            )


def register_extensions(app: Flask) -> None:
    from register.extensions import babel, csrf, db, login_manager, migrate
    from register import models  # noqa: F401  (models must be known to Alembic)
    from register.db_setup import configure_engine_events

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    from register.i18n import init_i18n, select_locale
    babel.init_app(app, locale_selector=select_locale)
    init_i18n(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    from flask_babel import lazy_gettext
    login_manager.login_message = lazy_gettext("Log in om deze pagina te zien.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = str  # translated when flashed, in the language of that request
    configure_engine_events(app)


def _migrations_dir():
    from pathlib import Path
    return Path(__file__).resolve().parent.parent / "migrations"


def register_blueprints(app: Flask) -> None:
    from register.admin.routes import bp as admin_bp
    from register.agreements.routes import bp as agreements_bp
    from register.api.routes import bp as api_bp
    from register.auth.routes import bp as auth_bp
    from register.declarations.routes import bp as declarations_bp
    from register.opendata.routes import bp as opendata_bp
    from register.public.routes import bp as public_bp
    from register.recusals.routes import bp as recusals_bp
    from register.signals.routes import bp as signals_bp
    from register.review.routes import bp as review_bp
    from register.search.routes import bp as search_bp
    from register.ops import bp as ops_bp
    from register.risk.routes import bp as risk_bp
    from register.relations.routes import bp as relations_bp
    from register.agenda.routes import bp as agenda_bp
    from register.siteadmin.routes import bp as siteadmin_bp
    from register.todo.routes import bp as todo_bp
    from register.statements.routes import bp as statements_bp
    from register.favicon import bp as favicon_bp

    for bp in (public_bp, auth_bp, declarations_bp, agreements_bp, review_bp, admin_bp, search_bp, opendata_bp,
               api_bp, signals_bp, recusals_bp, ops_bp, risk_bp, relations_bp, agenda_bp, siteadmin_bp, todo_bp):
        app.register_blueprint(bp)
    app.register_blueprint(statements_bp)
    app.register_blueprint(favicon_bp)
    from register.alerts.routes import bp as alerts_bp
    app.register_blueprint(alerts_bp)


def register_commands(app: Flask) -> None:
    from register.cli import register_cli
    register_cli(app)


def register_errorhandlers(app: Flask) -> None:
    from register.errors import register_error_pages
    register_error_pages(app)


def register_template_helpers(app: Flask) -> None:
    from register.templating import init_templating
    init_templating(app)
