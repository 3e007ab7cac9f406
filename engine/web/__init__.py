"""The Flask app factory: `create_app(config=None)`.

Configuration comes from the environment (names below), then from `config`.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, jsonify, request
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from ..corpus import laws_dir
from ..artifact import model_dir
from . import ratelimits
from .holder import ModelHolder
from .portals import Portals
from .retention import RetentionPurge
from .store import LogUnavailable, QuestionLog

PROJECT_ROOT = Path(__file__).resolve().parents[2]

ENV_KEYS = {
    "MODEL_PATH": None, "LAWS_DIR": None, "DATABASE_PATH": None, "DATABASE_URL": "", "ALLOWED_ORIGINS": "",
    "PORTALS_FILE": "", "RETENTION_INTERVAL": "3600",
    "RATE_LIMIT": "30/minute", "RATE_LIMIT_STORAGE": "memory://", "TRUSTED_PROXIES": "0",
    "ADMIN_TOKEN": "", "ADMIN_FAILURE_LIMIT": "", "PUBLIC_URL": "", "RETENTION_DAYS": "180", "RELOAD_INTERVAL": "2",
    "COUNSELLOR_NAME": "Tư vấn viên pháp luật Công đoàn", "COUNSELLOR_HOTLINE": "",
    "COUNSELLOR_ZALO": "", "COUNSELLOR_EMAIL": "", "COUNSELLOR_HOURS": "",
}

MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Bạn cần đăng nhập bằng mã quản trị để xem trang này.",
    403: "Bạn không có quyền truy cập.",
    404: "Không tìm thấy địa chỉ yêu cầu.",
    405: "Phương thức này không được hỗ trợ tại địa chỉ này.",
    413: "Nội dung gửi lên quá lớn (tối đa 8 KB).",
    415: "Dữ liệu phải được gửi dưới dạng JSON (Content-Type: application/json).",
    429: "Bạn đã gửi quá nhiều yêu cầu. Vui lòng đợi một lát rồi thử lại.",
    500: "Hệ thống gặp sự cố. Vui lòng thử lại sau.",
    503: "Hệ thống đang khởi động hoặc bảo trì. Vui lòng thử lại sau ít phút.",
}
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         413: "payload_too_large", 415: "unsupported_media_type", 429: "rate_limited", 500: "internal_error",
         503: "unavailable"}

limiter = Limiter(key_func=get_remote_address, headers_enabled=True)


def error_response(status: int, code: str | None = None, message: str | None = None, **extra):
    body = {"error": code or CODES.get(status, "error"), "message": message or MESSAGES.get(status, MESSAGES[400])}
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    return response


def _config_from_env() -> dict:
    return {key: os.environ.get(key, default) for key, default in ENV_KEYS.items()}


def _storage(app: Flask) -> None:
    """The question log (PostgreSQL at DATABASE_URL, else SQLite at DATABASE_PATH) and its retention."""
    cfg = app.config
    log = QuestionLog(cfg.get("DATABASE_URL") or cfg["DATABASE_PATH"])
    app.extensions["question_log"] = log
    retention = RetentionPurge(log, int(cfg.get("RETENTION_DAYS") or 180), float(cfg.get("RETENTION_INTERVAL") or 3600))
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
    cfg["DATABASE_PATH"] = cfg.get("DATABASE_PATH") or str(PROJECT_ROOT / "instance" / "questions.sqlite3")
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

    limiter.init_app(app)
    limiter._storage_dead = False  # the limiter is module-wide: a new app's storage starts out alive

    from . import admin, api, calc, hardening, site
    hardening.install(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(calc.bp)
    app.register_blueprint(site.bp)
    app.register_blueprint(admin.bp)

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        response = error_response(err.code or 500)
        if err.code == 405 and err.valid_methods:
            response.headers["Allow"] = ", ".join(err.valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected(err: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return error_response(500)

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

    if not app.debug:
        logging.basicConfig(level=logging.INFO)
    return app
