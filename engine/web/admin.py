"""Editors' page: the model in service, the questions the engine could not answer (grouped),
a draft for a curated entry, and the period report (HTML, CSV, SVG).

Protected by ADMIN_TOKEN (HTTP Basic, any user name, the token as password; compared
in constant time). Without a configured token the page is closed. ADMIN_TOKEN is the Confederation's:
every portal, a breakdown by portal, and `?portal=ID` to look at one; a portal's admin_token
(PORTALS_FILE) opens its own questions, groups, exports and report only.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

from flask import Blueprint, current_app, g, jsonify, render_template, request

from ..pipeline import ask
from . import error_response
from .editors import entries_context, entry_context, page_context
from .report import group_similar, parse_period, period_report, report_csv, weekly_svg

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def require_token():
    token = current_app.config.get("ADMIN_TOKEN") or ""
    auth = request.authorization
    given = (auth.password if auth and auth.type == "basic" else None) or \
        (auth.token if auth and auth.type == "bearer" else None) or ""
    portals = current_app.extensions["portals"]
    scope = portals.scope_for(given, token) if given else None
    if scope is None:
        response = error_response(401)
        response.headers["WWW-Authenticate"] = 'Basic realm="Quan tri tu van phap luat", charset="UTF-8"'
        return response
    return _choose_portal(scope, portals)


def _choose_portal(scope, portals):
    """g.portal: the portal whose questions this request reads (None: every portal)."""
    wanted = request.args.get("portal") or None
    if wanted is not None and not scope.allows(wanted):
        return error_response(403, "forbidden_portal", "Mã quản trị này chỉ xem được câu hỏi của cổng của mình.")
    if wanted is not None and wanted not in portals.by_id:
        return error_response(400, "unknown_portal", "Không có cổng thông tin với mã này.")
    g.scope, g.portal = scope, wanted or scope.portal
    return None


def _rows(since: str | None = None, until: str | None = None):
    return current_app.extensions["question_log"].rows(since, until, portal=g.portal)


def _report():
    try:
        start, end = parse_period(request.args.get("from"), request.args.get("to"))
    except ValueError:
        return None
    rows = _rows(start.isoformat(), (end + dt.timedelta(days=1)).isoformat() if end < dt.date.max else None)
    # the Confederation sees every portal, those with no question too (unless it looks at one)
    portals = None if g.scope.portal else [g.portal] if g.portal else list(current_app.extensions["portals"].by_id)
    return period_report(rows, start, end, portals=portals)


def _attachment(body: str, mimetype: str, name: str):
    return current_app.response_class(body, mimetype=mimetype,
                                      headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.get("/")
def index():
    holder = current_app.extensions["model"]
    holder.refresh()
    model, stamp = holder.current if holder.ready else (None, {})
    report = _report()
    if report is None:
        return error_response(400, "invalid_period", "Khoảng thời gian không hợp lệ (dạng YYYY-MM-DD, từ ngày ≤ đến ngày).")
    rows = _rows()
    groups = group_similar(rows)
    portal = current_app.extensions["portals"].by_id.get(g.portal)
    return render_template("admin.html", stamp=stamp, error=holder.error, groups=groups[:50], total=len(rows),
                           report=report, query=request.query_string.decode(), portal=portal,
                           **page_context(model, rows, stamp))


@bp.get("/qa/")
def entries():
    """Every curated entry with its review state and use; `?status=draft|needs_review|reviewed`."""
    holder = current_app.extensions["model"]
    model = holder.current[0] if holder.ready else None
    return render_template("admin_entries.html", **entries_context(model, _rows(), request.args.get("status")))


@bp.get("/qa/<entry_id>")
def entry(entry_id: str):
    """One curated entry, the questions it answered and their feedback."""
    holder = current_app.extensions["model"]
    context = entry_context(holder.current[0] if holder.ready else None, entry_id, _rows())
    if context is None:
        return error_response(404, "unknown_entry", "Không có mục hỏi-đáp nào có mã này.")
    return render_template("admin_entry.html", **context)


@bp.get("/draft")
def draft():
    """A curated entry skeleton for a question, with the provisions the engine cites now."""
    question = (request.args.get("q") or "").strip()[:500]
    holder = current_app.extensions["model"]
    provisions = []
    if question and holder.ready:
        model = holder.current[0]
        for item in ask(model, question, top_k=3).answers:
            cite = f"{item.doc} Điều {item.article_label}" + (f" Khoản {item.clause}" if item.clause else "")
            provisions.append(f"    - {cite}  # {item.title}")
    body = "\n".join([
        "# Bản nháp mục hỏi-đáp: kiểm tra lại điều khoản, viết câu trả lời 2–6 câu, rồi thêm vào corpus/qa/<chủ-đề>.yaml",
        "- id: dat-ten-khong-dau",
        "  questions:",
        f"    - {question}",
        "  answer: >",
        "    (Câu trả lời ngắn bằng tiếng Việt; mọi con số phải có trong điều khoản được trích.)",
        "  provisions:",
        *(provisions or ["    - 45/2019/QH14 Điều 1"]),
        "  tags: [chủ đề]",
        "  drafted_by: (người soạn)",
        "# Mục là bản nháp cho tới khi được thẩm định: train.py --review dat-ten-khong-dau --by \"Ban Pháp luật …\"",
        "",
    ])
    return current_app.response_class(body, mimetype="text/plain")


@bp.get("/export.csv")
def export():
    rows = [r for r in _rows() if r["confidence"] == "low" or r["helpful"] == 0]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["thoi_gian", "cau_hoi", "do_tin_cay", "tra_loi", "chu_de", "danh_gia", "gop_y"])
    for r in rows:
        # a leading = + - @ would be run as a formula by a spreadsheet
        cells = [r["asked_at"], r["question"], r["confidence"], r["answer"], r.get("topic") or "",
                 {1: "hữu ích", 0: "không hữu ích"}.get(r["helpful"], ""), r["comment"] or ""]
        writer.writerow(["'" + c if isinstance(c, str) and c[:1] in "=+-@" else c for c in cells])
    return _attachment("\ufeff" + out.getvalue(), "text/csv", "cau-hoi-chua-tra-loi.csv")


@bp.get("/report.json")
def report_json():
    """The period report, machine-readable: `questions` in the token's scope and period and, for the
    Confederation, `by_portal` ({id: count}; questions from no portal under "_service")."""
    report = _report()
    if report is None:
        return error_response(400, "invalid_period", "Khoảng thời gian không hợp lệ (dạng YYYY-MM-DD, từ ngày ≤ đến ngày).")
    return jsonify({**report, "portal": g.portal})


@bp.get("/report.csv")
def report_download():
    report = _report()
    if report is None:
        return error_response(400, "invalid_period", "Khoảng thời gian không hợp lệ.")
    return _attachment(report_csv(report), "text/csv", f"bao-cao-{report['start']}-{report['end']}.csv")


@bp.get("/report.svg")
def report_chart():
    report = _report()
    if report is None:
        return error_response(400, "invalid_period", "Khoảng thời gian không hợp lệ.")
    return current_app.response_class(weekly_svg(report), mimetype="image/svg+xml")
