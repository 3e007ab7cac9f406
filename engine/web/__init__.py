"""The Flask app factory: `create_app(config=None)`.

Configuration comes from the environment (names below), then from `config`.
"""
from __future__ import annotations

import os

from flask import Flask, request
from flask_cors import CORS
from werkzeug.middleware.proxy_fix import ProxyFix

from ..artifact import model_dir
from ..corpus import laws_dir
from . import admin, api, calc, errors, hardening, ratelimits, site
from .errors import error_response
from .extensions import limiter
from .suggest import Suggestions
from .holder import ModelHolder
from .portals import Portals
from .retention import RetentionPurge
from .store import DEFAULT_PATH, DEFAULT_RETENTION_DAYS, LogUnavailable, QuestionLog

ENV_KEYS = {
    "MODEL_PATH": None, "LAWS_DIR": None, "DATABASE_PATH": None, "DATABASE_URL": "", "ALLOWED_ORIGINS": "",
    "PORTALS_FILE": "", "RETENTION_INTERVAL": "3600",
    "RATE_LIMIT": "30/minute", "RATE_LIMIT_STORAGE": "memory://", "TRUSTED_PROXIES": "0",
    "ADMIN_TOKEN": "", "ADMIN_FAILURE_LIMIT": "", "PUBLIC_URL": "", "RETENTION_DAYS": str(DEFAULT_RETENTION_DAYS), "RELOAD_INTERVAL": "2",
    "COUNSELLOR_NAME": "Tư vấn viên pháp luật Công đoàn", "COUNSELLOR_HOTLINE": "",
    "COUNSELLOR_ZALO": "", "COUNSELLOR_EMAIL": "", "COUNSELLOR_HOURS": "",
}

def _config_from_env() -> dict:
    return {key: os.environ.get(key, default) for key, default in ENV_KEYS.items()}


def _storage(app: Flask) -> None:
    """The question log (PostgreSQL at DATABASE_URL, else SQLite at DATABASE_PATH) and its retention."""
    cfg = app.config
    log = QuestionLog(cfg.get("DATABASE_URL") or cfg["DATABASE_PATH"])
    app.extensions["question_log"] = log
    retention = RetentionPurge(log, int(cfg.get("RETENTION_DAYS") or DEFAULT_RETENTION_DAYS), float(cfg.get("RETENTION_INTERVAL") or 3600))
    app.extensions["retention"] = retention
    retention.run_once()
    retention.ensure_running()  # a worker forked after this starts its own timer on its first request

    @app.errorhandler(LogUnavailable)
    def log_unavailable(err: LogUnavailable):  # already logged once by the question log
        return error_response(503, "log_unavailable", "Nhật ký câu hỏi tạm thời không đọc được. Vui lòng thử lại sau.")

    @app.before_request
    def per_process_guard():
        retention.ensure_running()
        if request.blueprint == "api" and ratelimits.unknown_split(cfg, request.environ):
            app.logger.error("RATE_LIMIT_STORAGE=memory:// on a multi-process server of unknown size: "
                             "rate-limited requests refused; set RATE_LIMIT_STORAGE=redis://…")
            return error_response(503, "rate_limit_misconfigured", "Máy chủ chưa được cấu hình giới hạn tần suất "
                                  "dùng chung cho nhiều tiến trình. Vui lòng báo quản trị hệ thống.")
        return None


def _portals(app: Flask) -> None:
    """The portals served (PORTALS_FILE); CORS allows their origins and ALLOWED_ORIGINS."""
    portals = app.extensions["portals"] = Portals.load(app.config.get("PORTALS_FILE"))
    origins = [o.strip() for o in str(app.config.get("ALLOWED_ORIGINS") or "").split(",") if o.strip()]
    origins += [o for o in portals.origins() if o not in origins]
    if origins:
        CORS(app, resources={r"/api/*": {"origins": origins}}, methods=["GET", "POST"],
             allow_headers=["Content-Type"], max_age=3600)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config.update(_config_from_env())
    app.config.update(config or {})
    cfg = app.config
    cfg["MODEL_PATH"] = str(model_dir(cfg.get("MODEL_PATH")))
    cfg["LAWS_DIR"] = str(laws_dir(cfg.get("LAWS_DIR")))
    cfg["DATABASE_PATH"] = cfg.get("DATABASE_PATH") or str(DEFAULT_PATH)
    cfg["MAX_CONTENT_LENGTH"] = int(cfg.get("MAX_CONTENT_LENGTH") or 8 * 1024)
    cfg["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False
    ratelimits.configure(cfg)

    proxies = int(cfg.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    _portals(app)
    interval = cfg.get("RELOAD_INTERVAL")
    app.extensions["model"] = ModelHolder(cfg["MODEL_PATH"], float(2 if interval in (None, "") else interval))
    _storage(app)
    app.extensions["suggestions"] = Suggestions()

    limiter.init_app(app)
    limiter._storage_dead = False  # the limiter is module-wide: a new app's storage starts out alive

    errors.install(app)
    hardening.install(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(calc.bp)
    app.register_blueprint(site.bp)
    app.register_blueprint(admin.bp)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if response.mimetype == "text/html":
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'; object-src 'none'")
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response

    return app
