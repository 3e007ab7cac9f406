"""Editors' page: the model in service and the questions the engine could not answer.

Protected by ADMIN_TOKEN (HTTP Basic, any user name, the token as password; compared
in constant time). Without a configured token the page is closed.
"""
from __future__ import annotations

import csv
import hmac
import io

from flask import Blueprint, current_app, render_template, request

from . import error_response

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def require_token():
    token = current_app.config.get("ADMIN_TOKEN") or ""
    auth = request.authorization
    given = (auth.password if auth and auth.type == "basic" else None) or \
        (auth.token if auth and auth.type == "bearer" else None) or ""
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        response = error_response(401)
        response.headers["WWW-Authenticate"] = 'Basic realm="Quan tri tu van phap luat", charset="UTF-8"'
        return response
    return None


def _unanswered(rows):
    return [r for r in rows if r["confidence"] == "low" or r["helpful"] == 0]


@bp.get("/")
def index():
    holder = current_app.extensions["model"]
    holder.refresh()
    stamp = holder.current[1] if holder.ready else {}
    rows = current_app.extensions["question_log"].rows()
    return render_template("admin.html", stamp=stamp, error=holder.error, unanswered=_unanswered(rows)[-200:],
                           total=len(rows))


@bp.get("/export.csv")
def export():
    rows = _unanswered(current_app.extensions["question_log"].rows())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["thoi_gian", "cau_hoi", "do_tin_cay", "tra_loi", "danh_gia", "gop_y"])
    for r in rows:
        # a leading = + - @ would be run as a formula by a spreadsheet
        cells = [r["asked_at"], r["question"], r["confidence"], r["answer"],
                 {1: "hữu ích", 0: "không hữu ích"}.get(r["helpful"], ""), r["comment"] or ""]
        writer.writerow(["'" + c if isinstance(c, str) and c[:1] in "=+-@" else c for c in cells])
    return current_app.response_class("\ufeff" + out.getvalue(), mimetype="text/csv",
                                      headers={"Content-Disposition": "attachment; filename=cau-hoi-chua-tra-loi.csv"})
