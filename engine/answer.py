"""Hits → the answer record: citation, quoted clause and snippet, highlights, law status,
notices (each said once, on the provisions it concerns), confidence and hand-off.

The API's JSON is `Response.to_dict()`, so the CLI, the API and the tests see the same."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .records import Article, Document, Hit

CONFIDENCE_LABEL = {"high": "cao", "medium": "trung bình", "low": "thấp"}
CONFIDENCE_NOTE = {
    "high": "Hệ thống khá chắc chắn quy định đầu tiên trả lời đúng câu hỏi.",
    "medium": "Quy định đầu tiên có thể đúng; hãy đọc kỹ và đối chiếu các quy định tiếp theo.",
    "low": "Hệ thống chưa chắc chắn đã tìm đúng quy định; nên hỏi tư vấn viên.",
}
HANDOFF_MESSAGE = ("Câu hỏi của bạn có thể cần tư vấn viên xem xét cụ thể. "
                   "Vui lòng liên hệ tư vấn viên pháp luật của Công đoàn.")
LOW_NOTICE = "Hệ thống chưa chắc chắn đã tìm đúng quy định cho câu hỏi này."
# The official texts print some formulas as images, which the plain-text copies lack: a clause
# that announces a formula ("tính như sau:") and goes straight on to its terms ("Trong đó") or ends.
_MISSING_FORMULA = re.compile(r"(như sau|công thức sau):\s*(\n\s*|\s*)(Trong đó|$)", re.IGNORECASE)
FORMULA_NOTICE = ("Lưu ý: công thức của quy định này được in dạng hình trong văn bản gốc và không có trong bản văn "
                  "của hệ thống; hãy xem văn bản gốc hoặc hỏi tư vấn viên.")


def vi_date(day: dt.date) -> str:
    """Dates as Vietnamese readers write them.

    >>> vi_date(dt.date(2025, 7, 1))
    '01/07/2025'
    """
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Status:
    code: str           # in_force | replaced | expired_version | not_yet
    label: str          # plain Vietnamese
    replaced_by: str | None = None
    replaced_on: str | None = None
    amendments_missing: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "replaced_by": self.replaced_by,
                "replaced_on": self.replaced_on, "amendments_missing": list(self.amendments_missing)}


@dataclass(frozen=True)
class AnswerItem:
    id: str
    doc: str
    doc_title: str
    article: int
    article_label: str
    clause: str | None
    citation: str
    title: str
    text: str
    snippet: str
    highlights: tuple[str, ...]
    score: float
    status: Status
    notice: str = ""
    successors: tuple[str, ...] = ()   # where this provision lives in the text that replaced it
    other_clauses: tuple[dict, ...] = ()
    url: str = ""

    def to_dict(self) -> dict:
        return {"id": self.id, "doc": self.doc, "doc_title": self.doc_title, "article": self.article,
                "article_label": self.article_label, "clause": self.clause, "citation": self.citation,
                "title": self.title, "text": self.text, "snippet": self.snippet, "highlights": list(self.highlights),
                "score": self.score, "status": self.status.to_dict(), "notice": self.notice,
                "successors": list(self.successors), "other_clauses": list(self.other_clauses), "url": self.url}


@dataclass(frozen=True)
class Response:
    question: str
    as_of: str
    confidence: str
    probability: float
    answers: tuple[AnswerItem, ...]
    notice: str = ""
    handoff: dict | None = None
    curated: dict | None = None
    topic: str = ""     # for reports: the curated entry's first tag, else the first provision's chapter

    def to_dict(self) -> dict:
        data = {"question": self.question, "as_of": self.as_of, "confidence": self.confidence,
                "probability": round(self.probability, 3), "confidence_label": CONFIDENCE_LABEL[self.confidence],
                "confidence_note": CONFIDENCE_NOTE[self.confidence], "answers": [i.to_dict() for i in self.answers],
                "notice": self.notice, "handoff": self.handoff, "curated": self.curated, "topic": self.topic}
        return data


def document_slug(number: str) -> str:
    """'45/2019/QH14' → '45-2019-QH14' (how URLs name a document)."""
    return number.replace("/", "-")


def citation(article: Article, doc: Document, clause: str | None = None) -> str:
    """'Khoản 1 Điều 139 Bộ luật Lao động 2019 (45/2019/QH14)'."""
    name = doc.display_name
    if article.appendix:
        return f"Mục {article.label.removeprefix('PL-')} Phụ lục {name}"
    head = f"Khoản {clause} Điều {article.label}" if clause else f"Điều {article.label}"
    return f"{head} {name}"


def _standing(corpus, doc: Document, day: dt.date) -> tuple[str, str, str]:
    """(code, label, notice) of a text on that day."""
    code = doc.status(day)
    if code == "in_force":
        return code, "Đang có hiệu lực", ""
    if code == "not_yet":
        start = max(doc.effective, doc.valid_from or doc.effective)
        return code, f"Chưa có hiệu lực (có hiệu lực từ {vi_date(start)})", \
            f"{doc.short_name} chưa có hiệu lực vào ngày {vi_date(day)}."
    if doc.replaced_by:
        successor = corpus.document_name(doc.replaced_by)
        notice = (f"Lưu ý: {doc.short_name} ({doc.number}) đã hết hiệu lực từ ngày {vi_date(doc.replaced_on)}, "
                  f"được thay thế bởi {successor}. ")
        notice += ("Văn bản mới chưa có trong hệ thống nên quy định dưới đây có thể đã thay đổi; "
                   "vui lòng liên hệ tư vấn viên để được hướng dẫn theo quy định hiện hành."
                   if corpus.lacks(doc.replaced_by) else "Hãy đối chiếu với văn bản mới.")
        return "replaced", f"Đã được thay thế bởi {successor} từ ngày {vi_date(doc.replaced_on)}", notice
    label = f"Phiên bản văn bản này áp dụng đến ngày {vi_date(doc.valid_until)}" if doc.valid_until else "Hết hiệu lực"
    return "expired_version", label, \
        f"Lưu ý: nội dung trích từ phiên bản {doc.short_name} không còn áp dụng vào ngày {vi_date(day)}."


def document_status(corpus, doc: Document, article: Article | None, day: dt.date,
                    clause: str | None = None) -> tuple[Status, str]:
    """The text's standing on that day and the notice a reader must see: an amendment in force
    whose text is missing is told only on the articles (and clauses) it touches."""
    code, label, notice = _standing(corpus, doc, day)
    missing = []
    for amendment in corpus.amendments.get(doc.key, ()):
        touches = amendment.touches(article.label if article is not None else None, clause)
        if amendment.since <= day and touches:
            missing.append(amendment.by)
            notice += (" " if notice else "") + (
                f"Lưu ý: quy định này đã được sửa đổi bởi {corpus.document_name(amendment.by)} "
                f"từ ngày {vi_date(amendment.since)} ({amendment.summary}); nội dung sửa đổi chưa được "
                "cập nhật vào văn bản trích dẫn dưới đây.")
    return Status(code, label, doc.replaced_by or None,
                  vi_date(doc.replaced_on) if doc.replaced_on else None, tuple(missing)), notice


def successor_citations(model, article: Article) -> tuple[str, ...]:
    out = []
    for new_id in model.successors.get(article.id, ()):
        if (new := model.articles.get(new_id)) is not None:
            out.append(citation(new, model.corpus.documents[new.doc_key]))
    return tuple(out)


def answer_item(model, hit: Hit, day: dt.date) -> AnswerItem:
    art, doc = hit.article, hit.document
    clause = art.clauses[hit.clause_index] if hit.clause_index is not None else None
    status, notice = document_status(model.corpus, doc, art, day, clause.label if clause else None)
    later = successor_citations(model, art) if doc.replaced_on or doc.valid_until else ()
    if later:
        since = doc.replaced_on or (doc.valid_until + dt.timedelta(days=1))
        notice += (" " if notice else "") + f"Từ ngày {vi_date(since)}, quy định này nay tại {' và '.join(later)}."
    body = clause.full_text if clause else (art.intro or art.full_text)
    if _MISSING_FORMULA.search(body) or (clause and _MISSING_FORMULA.search(f"{art.intro}\n{clause.full_text}")):
        notice += (" " if notice else "") + FORMULA_NOTICE
    others = tuple({"clause": art.clauses[i].label, "citation": citation(art, doc, art.clauses[i].label),
                    "text": art.clauses[i].full_text} for i in hit.other_clauses)
    return AnswerItem(
        id=art.id, doc=doc.number, doc_title=doc.short_name, article=art.number, article_label=art.label,
        clause=clause.label if clause else None, citation=citation(art, doc, clause.label if clause else None),
        title=art.title, text=body, snippet=hit.snippet, highlights=hit.matched, score=round(hit.score, 4),
        status=status, notice=notice, successors=later, other_clauses=others,
        url=f"/dieu/{document_slug(doc.number)}/{art.label}")


def compose(model, question: str, hits: list[Hit], day: dt.date, level: str, probability: float,
            contact: dict | None = None, curated: dict | None = None) -> Response:
    items = tuple(answer_item(model, hit, day) for hit in hits)
    first = items[0] if items else None
    # the worker is sent to a counsellor when unsure, or when the first text is replaced or amended
    concerns = first is not None and (first.status.code in ("replaced", "expired_version")
                                      or bool(first.status.amendments_missing))
    handoff = {"message": HANDOFF_MESSAGE, **(contact or {})} if level == "low" or concerns or not items else None
    topic = (curated or {}).get("tags", [""])[0] if curated and curated.get("tags") else ""
    if not topic and hits:
        topic = (hits[0].article.chapter.partition(". ")[2] or hits[0].article.title).capitalize()
    return Response(question=question, as_of=day.isoformat(), confidence=level, probability=probability,
                    answers=items, notice=LOW_NOTICE if level == "low" else "", handoff=handoff,
                    curated=curated, topic=topic)
