"""The JSON API: ask, provisions, suggest, feedback."""
from __future__ import annotations

import datetime as dt
import json
import re

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from .. import text
from ..answer import citation, document_status
from ..calc import offer as offer_calculator
from ..pipeline import ask
from .errors import error_response
from .extensions import get_holder, get_log, get_portals, get_suggestions, limiter
from .portals import contact_for

bp = Blueprint("api", __name__, url_prefix="/api")

MAX_QUESTION = 1000
MAX_COMMENT = 1000
ASK_FIELDS = {"question", "as_of", "top_k", "request_id"}
# the widget's id for one question, sent again on a retry so that the log keeps the question once
REQUEST_ID = re.compile(r"[0-9a-f]{16,32}")
# an answer's id as /api/ask gives it ("45/2019/QH14/d98"): the card a worker's feedback is about
ANSWER_ID = re.compile(r"[\w./-]{1,80}")
FEEDBACK_FIELDS = {"question_id", "helpful", "comment", "answer_id"}
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
SUGGEST_FIELDS = {"q"}


class BadInput(Exception):
    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@bp.errorhandler(BadInput)
def bad_input(err: BadInput):
    return error_response(err.status, err.code, err.message)


def _rate_limit() -> str:
    return current_app.config.get("RATE_LIMIT") or "30/minute"


def _json_body(allowed: set[str]) -> dict:
    if request.mimetype != "application/json":
        raise BadInput("unsupported_media_type", "Dữ liệu phải được gửi dưới dạng JSON (Content-Type: application/json).", 415)
    raw = request.get_data(cache=True)  # over MAX_CONTENT_LENGTH: 413 before we read it
    if request.content_length is None and len(raw) >= current_app.config["MAX_CONTENT_LENGTH"]:
        # a chunked body has no length to refuse up front: werkzeug stops reading at the
        # limit and hands over the first 8 KB, which is not the JSON that was sent
        raise RequestEntityTooLarge()
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise BadInput("invalid_json", "Dữ liệu gửi lên không phải JSON hợp lệ.") from None
    if not isinstance(body, dict):
        raise BadInput("invalid_json", "Dữ liệu gửi lên phải là một đối tượng JSON.")
    if any(_LONE_SURROGATE.search(key) for key in body):
        # "\ud800" parses but can be neither echoed in a message nor stored
        raise BadInput("invalid_json", "Tên trường chứa ký tự không hợp lệ.")
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise BadInput("unknown_field", f"Trường không được hỗ trợ: {', '.join(map(str, unknown))[:200]}.")
    return body


def _as_of(value) -> dt.date:
    if value is None:
        return dt.date.today()
    if not isinstance(value, str):
        raise BadInput("invalid_as_of", "Ngày áp dụng (as_of) phải là chuỗi dạng YYYY-MM-DD.")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput("invalid_as_of", "Ngày áp dụng (as_of) không hợp lệ, cần dạng YYYY-MM-DD.") from None
    return day


def _model():
    holder = get_holder()
    holder.refresh()
    if not holder.ready:
        raise BadInput("model_unavailable", "Hệ thống đang khởi động hoặc bảo trì. Vui lòng thử lại sau ít phút.", 503)
    return holder.current[0]


def requesting_portal():
    """The portal whose origins hold the request's Origin header, or None (the service itself)."""
    return get_portals().for_origin(request.headers.get("Origin"))


def contact() -> dict:
    """The requesting portal's counsellor (by Origin), else the service's."""
    return contact_for(requesting_portal(), current_app.config)


@bp.post("/ask")
@limiter.limit(_rate_limit)
def ask_endpoint():
    body = _json_body(ASK_FIELDS)
    question = body.get("question")
    if not isinstance(question, str) or not text.clean(question):
        raise BadInput("question_missing", "Vui lòng nhập câu hỏi.")
    if len(question) > MAX_QUESTION:
        raise BadInput("question_too_long", f"Câu hỏi quá dài (tối đa {MAX_QUESTION} ký tự). Vui lòng rút gọn.")
    top_k = body.get("top_k", 3)
    if isinstance(top_k, float) and top_k.is_integer() and abs(top_k) < 100:
        top_k = int(top_k)  # JSON has one number type: 2.0 is the integer 2
    if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= 10:
        raise BadInput("invalid_top_k", "top_k phải là số nguyên từ 1 đến 10.")
    request_id = body.get("request_id")
    if request_id is not None and not (isinstance(request_id, str) and REQUEST_ID.fullmatch(request_id)):
        raise BadInput("invalid_request_id", "Mã yêu cầu (request_id) phải gồm 16 đến 32 chữ số thập lục phân.")
    day = _as_of(body.get("as_of"))
    model = _model()
    question = text.clean(question)
    response = ask(model, question, day, top_k, contact())
    top = response.answers[0] if response.answers else None
    qid = get_log().record(
        question, day.isoformat(), response.confidence, top.citation if top else "", top.doc if top else "",
        response.topic, qid=request_id, portal=getattr(requesting_portal(), "id", None),
        curated=(response.curated or {}).get("id"))
    data = response.to_dict()
    data["question_id"] = qid
    data["calculator"] = offer_calculator(question)
    return jsonify(data)


def _document_number(slug: str) -> str:
    """'45-2019-QH14' → '45/2019/QH14'; '12-2022-NĐ-CP' → '12/2022/NĐ-CP'."""
    return "/".join(slug.split("-", 2))


@bp.get("/provisions/<doc>/<article>")
@limiter.limit(_rate_limit)
def provision(doc: str, article: str):
    return jsonify(provision_record(doc, article, _as_of(request.args.get("as_of"))))


def provision_record(doc: str, article: str, day: dt.date) -> dict:
    """One article as the JSON endpoint and the full-text page show it; BadInput when unknown."""
    model = _model()
    number = _document_number(doc)
    document = model.corpus.version(number, day)
    if document is None:
        raise BadInput("unknown_document", f"Không có văn bản số {number[:40]} trong hệ thống.", 404)
    found = next((a for a in model.corpus.articles if a.doc_key == document.key and a.label == article.lower()), None)
    if found is None:
        raise BadInput("unknown_article", f"Không có Điều {article[:10]} trong {document.short_name}.", 404)
    status, notice = document_status(model.corpus, document, found, day)
    return {
        "id": found.id, "doc": document.number, "doc_title": document.short_name, "article": found.number,
        "article_label": found.label, "title": found.title, "citation": citation(found, document),
        "chapter": found.chapter, "section": found.section, "intro": found.intro, "repealed": found.repealed,
        "clauses": [{"label": c.label, "text": c.text, "repealed": c.repealed,
                     "points": [{"label": p.label, "text": p.text} for p in c.points]} for c in found.clauses],
        "status": status.to_dict(),
        "notice": notice,
    }


@bp.post("/suggest")
@limiter.limit(_rate_limit)
def suggest():
    # What is typed so far travels in the body: a URL, with the client's address, lands in
    # access logs before anything could scrub it. A GET gets 405 (the app's JSON error).
    q = _json_body(SUGGEST_FIELDS).get("q", "")
    if not isinstance(q, str):
        raise BadInput("invalid_query", "Trường q phải là chuỗi ký tự.")
    if len(q) > 200:
        raise BadInput("query_too_long", "Chuỗi gợi ý quá dài (tối đa 200 ký tự).")
    return jsonify({"suggestions": get_suggestions().find(_model(), q)})


@bp.post("/feedback")
@limiter.limit(_rate_limit)
def feedback():
    body = _json_body(FEEDBACK_FIELDS)
    qid, helpful, comment = body.get("question_id"), body.get("helpful"), body.get("comment")
    if not isinstance(qid, str) or not qid or len(qid) > 64 or _LONE_SURROGATE.search(qid):
        raise BadInput("invalid_question_id", "Thiếu mã câu hỏi (question_id) hoặc mã không hợp lệ.")
    if not isinstance(helpful, bool):
        raise BadInput("invalid_helpful", "Trường helpful phải là true hoặc false.")
    if comment is not None and (not isinstance(comment, str) or len(comment) > MAX_COMMENT):
        raise BadInput("invalid_comment", f"Góp ý phải là chuỗi, tối đa {MAX_COMMENT} ký tự.")
    answer_id = body.get("answer_id")
    if answer_id is not None and not (isinstance(answer_id, str) and ANSWER_ID.fullmatch(answer_id)):
        raise BadInput("invalid_answer_id", "Mã câu trả lời (answer_id) không hợp lệ.")
    stored = get_log().feedback(
        qid, helpful, text.clean(comment) if comment else None, answer=answer_id)
    if stored is False:
        raise BadInput("unknown_question", "Không tìm thấy câu hỏi để ghi nhận đánh giá.", 404)
    return jsonify({"ok": True, "stored": bool(stored)})
