"""Health checks, the OpenAPI description, the widget's files and the demo portal page."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, jsonify, render_template, send_from_directory

from . import PROJECT_ROOT, error_response

bp = Blueprint("site", __name__)
WIDGET_DIR = PROJECT_ROOT / "widget"
OPENAPI = Path(__file__).with_name("openapi.json")


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "alive"})


@bp.get("/readyz")
def readyz():
    holder = current_app.extensions["model"]
    holder.refresh()
    if not holder.ready:
        return error_response(503, "model_unavailable", "Mô hình chưa sẵn sàng.", reason=holder.error)
    stamp = holder.current[1]
    return jsonify({"status": "ready", "version": stamp.get("version"), "corpus_hash": stamp.get("corpus_hash"),
                    "built_at": stamp.get("built_at")})


@bp.get("/openapi.json")
def openapi():
    return current_app.response_class(OPENAPI.read_text(encoding="utf-8"), mimetype="application/json")


@bp.get("/widget/<path:name>")
def widget(name: str):
    if not name.endswith((".js", ".css")) or "/" in name:
        return error_response(404)
    response = send_from_directory(WIDGET_DIR, name, max_age=300)
    # any portal may load the widget's files; its API calls are what CORS guards
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@bp.get("/")
def demo():
    cfg = current_app.config
    return render_template("demo.html", hotline=cfg.get("COUNSELLOR_HOTLINE") or "1900 0000",
                           zalo=cfg.get("COUNSELLOR_ZALO") or "", email=cfg.get("COUNSELLOR_EMAIL") or "")
