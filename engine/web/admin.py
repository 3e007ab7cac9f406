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

import yaml
from flask import Blueprint, current_app, g, jsonify, render_template, request

from ..pipeline import ask
from .errors import error_response
from .extensions import get_holder, get_log, get_portals, limiter
from .hardening import admin_failure_limit, admin_secret, failed_login
from .editors import entries_context, entry_context, page_context
from .report import group_similar, parse_period, period_message, period_report, report_csv, weekly_svg

bp = Blueprint("admin", __name__, url_prefix="/admin")
limiter.shared_limit(admin_failure_limit, scope="admin-login", deduct_when=failed_login)(bp)  # one count for every page


@bp.before_request
def require_token():
    token = admin_secret(current_app.config)
    auth = request.authorization
    given = (auth.password if auth and auth.type == "basic" else None) or \
        (auth.token if auth and auth.type == "bearer" else None) or ""
    portals = get_portals()
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
    return get_log().rows(since, until, portal=g.portal)


def _report():
    try:
        start, end = parse_period(request.args.get("from"), request.args.get("to"))
    except ValueError:
        return None
    rows = _rows(start.isoformat(), (end + dt.timedelta(days=1)).isoformat())
    # the Confederation sees every portal, those with no question too (unless it looks at one)
    portals = None if g.scope.portal else [g.portal] if g.portal else list(get_portals().by_id)
    return period_report(rows, start, end, portals=portals)


def _attachment(body: str, mimetype: str, name: str):
    return current_app.response_class(body, mimetype=mimetype,
                                      headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.get("/")
def index():
    holder = get_holder()
    holder.refresh()
    model, stamp = holder.current if holder.ready else (None, {})
    report = _report()
    if report is None:
        return error_response(400, "invalid_period", period_message())
    rows = _rows()
    groups = group_similar(rows)
    portal = get_portals().by_id.get(g.portal)
    return render_template("admin.html", stamp=stamp, error=holder.error, groups=groups[:50], total=len(rows),
                           report=report, query=request.query_string.decode(), portal=portal,
                           **page_context(model, rows, stamp))


@bp.get("/model")
def model_status():
    """The model in service, for the editors and monitoring: what /readyz tells nobody."""
    holder = get_holder()
    holder.refresh()
    stamp = holder.current[1] if holder.ready else {}
    body = {"ready": holder.ready, "fallback": holder.fallback, "reason": holder.error,
            **{key: stamp.get(key) for key in ("version", "corpus_hash", "built_at", "artifact")}}
    return jsonify(body), 200 if holder.ready else 503


@bp.get("/qa/")
def entries():
    """Every curated entry with its review state and use; `?status=draft|needs_review|reviewed`."""
    holder = get_holder()
    model = holder.current[0] if holder.ready else None
    return render_template("admin_entries.html", **entries_context(model, _rows(), request.args.get("status")))


@bp.get("/qa/<entry_id>")
def entry(entry_id: str):
    """One curated entry, the questions it answered and their feedback."""
    holder = get_holder()
    context = entry_context(holder.current[0] if holder.ready else None, entry_id, _rows())
    if context is None:
        return error_response(404, "unknown_entry", "Không có mục hỏi-đáp nào có mã này.")
    return render_template("admin_entry.html", **context)


class _DraftDumper(yaml.SafeDumper):
    """Lists indented under their key, as the entries in corpus/qa are written."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _comment(line: str) -> str:
    return "# " + " ".join(line.split())  # one line, whatever a statute title holds


@bp.get("/draft")
def draft():
    """A curated entry skeleton for a question, with the provisions the engine cites now.

    The entry is written by yaml.safe_dump: a question such as "lương: bao nhiêu", "# …" or "yes"
    comes back from the YAML as the same string (pasted raw, it became a mapping, a comment, true)."""
    question = (request.args.get("q") or "").strip()[:500]
    holder = get_holder()
    cited = []
    if question and holder.ready:
        for item in ask(holder.current[0], question, top_k=3).answers:
            cite = f"{item.doc} Điều {item.article_label}" + (f" Khoản {item.clause}" if item.clause else "")
            cited.append((cite, item.title))
    entry = {"id": "dat-ten-khong-dau", "questions": [question],
             "answer": "(Câu trả lời ngắn bằng tiếng Việt; mọi con số phải có trong điều khoản được trích.)",
             "provisions": [cite for cite, _ in cited] or ["45/2019/QH14 Điều 1"], "tags": ["chủ đề"],
             "drafted_by": "(người soạn)"}
    body = "\n".join([
        "# Bản nháp mục hỏi-đáp: kiểm tra lại điều khoản, viết câu trả lời 2–6 câu, rồi thêm vào corpus/qa/<chủ-đề>.yaml",
        *(_comment(f"{cite}: {title}") for cite, title in cited),
        yaml.dump([entry], Dumper=_DraftDumper, allow_unicode=True, sort_keys=False, width=120).rstrip("\n"),
        "# Mục là bản nháp cho tới khi được thẩm định: train.py --review dat-ten-khong-dau --by \"Ban Pháp luật …\"",
        "",
    ])
    return current_app.response_class(body, mimetype="text/plain")


def _defused_cell(cell):
    """A leading = + - @ (or tab, carriage return) would be run as a formula by a spreadsheet;
    an empty cell stays empty ("" is `in` every string)."""
    return "'" + cell if isinstance(cell, str) and cell and cell[0] in "=+-@\t\r" else cell


@bp.get("/export.csv")
def export():
    rows = [r for r in _rows() if r["confidence"] == "low" or r["helpful"] == 0]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["thoi_gian", "cau_hoi", "do_tin_cay", "tra_loi", "chu_de", "danh_gia", "gop_y"])
    for r in rows:
        cells = [r["asked_at"], r["question"], r["confidence"], r["answer"], r.get("topic") or "",
                 {1: "hữu ích", 0: "không hữu ích"}.get(r["helpful"], ""), r["comment"] or ""]
        writer.writerow([_defused_cell(c) for c in cells])
    return _attachment("\ufeff" + out.getvalue(), "text/csv", "cau-hoi-chua-tra-loi.csv")


@bp.get("/report.json")
def report_json():
    """The period report, machine-readable: `questions` in the token's scope and period and, for the
    Confederation, `by_portal` ({id: count}; questions from no portal under "_service")."""
    report = _report()
    if report is None:
        return error_response(400, "invalid_period", period_message())
    return jsonify({**report, "portal": g.portal})


@bp.get("/report.csv")
def report_download():
    report = _report()
    if report is None:
        return error_response(400, "invalid_period", period_message())
    return _attachment(report_csv(report), "text/csv", f"bao-cao-{report['start']}-{report['end']}.csv")


@bp.get("/report.svg")
def report_chart():
    report = _report()
    if report is None:
        return error_response(400, "invalid_period", period_message())
    return current_app.response_class(weekly_svg(report), mimetype="image/svg+xml")
