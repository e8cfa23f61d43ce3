"""The web app: Flask factory, extensions, blueprints, the embedded projector."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, has_request_context, request, session
from flask_login import current_user

from projections.system import Settings, open_system

from .config import defaults
from .extensions import babel, csrf, login_manager


def select_locale() -> str:
    if not has_request_context():  # the CLI and jobs speak Chinese
        return "zh"
    chosen = session.get("lang")
    if chosen in ("zh", "en"):
        return chosen
    # Chinese first: English only when the browser prefers it over Chinese.
    return request.accept_languages.best_match(["zh", "en"], default="zh")


def create_app(test_config: dict | None = None, system=None) -> Flask:
    app = Flask(__name__)
    settings = Settings.from_env(**(test_config or {}).get("SHUANGSUI_SETTINGS", {}))
    app.config.from_mapping(defaults(settings.var_dir))
    if test_config:
        app.config.from_mapping({k: v for k, v in test_config.items() if k != "SHUANGSUI_SETTINGS"})
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # migration chatter on every start

    from .i18n import ensure_compiled

    ensure_compiled(Path(app.root_path) / "translations")
    babel.init_app(app, locale_selector=select_locale, default_translation_directories="translations")
    csrf.init_app(app)
    login_manager.init_app(app)

    app.extensions["shuangsui"] = system or open_system(settings)
    if system is None and app.config["EMBEDDED_PROJECTOR"] and settings.embedded:
        app.extensions["shuangsui"].projector.start_thread()
    if system is None and app.config["EMBEDDED_PROJECTOR"]:
        start_background(app)

    from . import auth, directory, home, imports, organisation, admin, plans, problems, public, tasks  # noqa: F401
    from .auth.routes import bp as auth_bp
    from .auth import token_routes  # noqa: F401 - the API token pages, on that blueprint
    from .directory.routes import bp as directory_bp
    from .home.routes import bp as home_bp
    from .imports.routes import bp as imports_bp
    from .organisation.routes import bp as organisation_bp
    from .admin.routes import bp as admin_bp
    from .plans.routes import bp as plans_bp
    from .public.routes import bp as public_bp
    from .tasks.routes import bp as tasks_bp
    from .tasks import crew  # noqa: F401 - the recusal and joint-inspection routes on that blueprint
    from .problems.routes import bp as problems_bp
    from .record.routes import bp as record_bp
    from .asof.routes import bp as asof_bp
    from .stats.routes import bp as stats_bp
    from .ledger.routes import bp as ledger_bp
    from .disclosure.routes import bp as disclosure_bp
    from .calendar_admin.routes import bp as calendar_bp
    from .reports.routes import bp as reports_bp
    from .special.routes import bp as special_bp
    from .jobs.routes import bp as jobs_bp
    from .notifications.routes import bp as notifications_bp
    from .public import disclosure as public_disclosure, penalties as public_penalties, units as public_units  # noqa: F401,E501

    for bp in (auth_bp, home_bp, directory_bp, organisation_bp, imports_bp, admin_bp, plans_bp, public_bp,
               tasks_bp, problems_bp, record_bp, asof_bp, stats_bp, ledger_bp, disclosure_bp, calendar_bp,
               reports_bp, special_bp, jobs_bp, notifications_bp):
        app.register_blueprint(bp)

    from .api import init_api
    from .errors import register_error_handlers
    from .templating import register_template_helpers

    init_api(app)  # after the pages: every page command gets its API route; before the error handlers

    register_error_handlers(app)
    register_template_helpers(app)
    from .history import register as register_history_helpers

    register_history_helpers(app)

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        if current_user and current_user.is_authenticated:
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app


def start_background(app: Flask) -> None:
    """No Redis: jobs, reminders and checkpoints run in threads of this process (one web
    process then; with Redis they are `shuangsui scheduler` and `shuangsui worker`)."""
    system = app.extensions["shuangsui"]
    if system.settings.redis_url or "shuangsui.background" in app.extensions:
        return
    from workers.jobs.embedded import Background
    from workers.jobs.schedule import intervals

    every = {**intervals(), "checkpoint": float(app.config["LEDGER_CHECKPOINT_SECONDS"])}
    app.extensions["shuangsui.background"] = Background(system, every).start()
