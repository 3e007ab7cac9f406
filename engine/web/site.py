"""Health checks, the OpenAPI description, the widget's files, a provision's full-text page and
the demo portal page."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
from pathlib import Path

from flask import Blueprint, current_app, jsonify, render_template, request, send_from_directory

from ..corpus import PROJECT_ROOT
from .errors import error_response
from .extensions import get_holder
from .api import BadInput, provision_record

bp = Blueprint("site", __name__)
WIDGET_DIR = PROJECT_ROOT / "widget"
# the widget's source files, in the order they are read: each uses only those before it
WIDGET_SOURCES = ("core.js", "net.js", "view.js", "calculator.js", "element.js")
OPENAPI = Path(__file__).with_name("openapi.json")


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "alive"})


@bp.get("/readyz")
def readyz():
    """Ready or not, nothing more: file names, hashes and errors are for the editors (/admin/model)."""
    holder = get_holder()
    holder.refresh()
    if not holder.ready:
        return error_response(503, "model_unavailable", "Mô hình chưa sẵn sàng.")
    return jsonify({"status": "ready"})


@bp.get("/openapi.json")
def openapi():
    return current_app.response_class(OPENAPI.read_text(encoding="utf-8"), mimetype="application/json")


@functools.lru_cache(maxsize=2)
def _bundle(stamp: tuple[int, ...]) -> bytes:
    parts = [(WIDGET_DIR / "src" / name).read_text(encoding="utf-8") for name in WIDGET_SOURCES]
    return ("(function () {\n" + "\n".join(parts) + "})();\n").encode("utf-8")


def widget_bundle() -> bytes:
    """widget/src/*.js as the one script a portal loads, in one function scope (rebuilt when a
    source file changes)."""
    return _bundle(tuple((WIDGET_DIR / "src" / name).stat().st_mtime_ns for name in WIDGET_SOURCES))


@bp.get("/widget/<path:name>")
def widget(name: str):
    if name == "tuvan.js":
        body = widget_bundle()
        response = current_app.response_class(body, mimetype="text/javascript")
        response.cache_control.public, response.cache_control.max_age = True, 300
        response.set_etag(hashlib.sha256(body).hexdigest()[:32])
        response.make_conditional(request)
    elif name.endswith(".css") and "/" not in name:
        response = send_from_directory(WIDGET_DIR, name, max_age=300)
    else:
        return error_response(404)
    # any portal may load the widget's files; its API calls are what CORS guards
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@bp.get("/dieu/<doc>/<article>")
def provision_page(doc: str, article: str):
    """A provision's full text, for a worker to read or show to someone: linked from each answer."""
    try:
        record = provision_record(doc, article, dt.date.today())
    except BadInput as err:
        return render_template("provision.html", error=err.message), err.status
    return render_template("provision.html", p=record)


@bp.get("/")
def demo():
    cfg = current_app.config
    return render_template("demo.html", hotline=cfg.get("COUNSELLOR_HOTLINE") or "1900 0000",
                           zalo=cfg.get("COUNSELLOR_ZALO") or "", email=cfg.get("COUNSELLOR_EMAIL") or "")
