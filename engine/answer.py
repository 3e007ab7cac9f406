"""Hits → answers: citation, quoted clause, highlights, law status, notices, confidence, hand-off."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .corpus import Corpus
from .records import Article, Document, Hit

# Confidence from the top score and its lead over the second; calibrated on the
# dev set (see README, "Độ tin cậy"). HIGH needs both a strong score and a lead.
HIGH_SCORE, HIGH_MARGIN = 0.40, 0.03
MEDIUM_SCORE = 0.25

HANDOFF_MESSAGE = ("Câu hỏi của bạn có thể cần tư vấn viên xem xét cụ thể. "
                   "Vui lòng liên hệ tư vấn viên pháp luật của Công đoàn.")


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
    highlights: tuple[str, ...]
    score: float
    status: Status
    notice: str = ""
    successors: tuple[str, ...] = ()   # where this provision lives in the text that replaced it


@dataclass(frozen=True)
class Response:
    question: str
    as_of: str
    confidence: str
    answers: tuple[AnswerItem, ...]
    notice: str = ""
    handoff: dict | None = None
    curated: dict | None = None
    extra: dict = field(default_factory=dict)

    @property
    def topic(self) -> str:
        """What the question is about, for reports: the curated entry's first tag, else the
        chapter (or title) of the first provision."""
        if self.curated and self.curated.get("tags"):
            return self.curated["tags"][0]
        return self.extra.get("topic", "")

    def to_dict(self) -> dict:
        """The JSON the API returns (built directly: dataclasses.asdict deep-copies everything)."""
        data = {"question": self.question, "as_of": self.as_of, "confidence": self.confidence,
                "answers": [_item_dict(i) for i in self.answers], "notice": self.notice,
                "handoff": self.handoff, "curated": self.curated}
        data.update(self.extra)
        return data


def _item_dict(item: AnswerItem) -> dict:
    status = item.status
    return {"id": item.id, "doc": item.doc, "doc_title": item.doc_title, "article": item.article,
            "article_label": item.article_label, "clause": item.clause, "citation": item.citation,
            "title": item.title, "text": item.text, "highlights": list(item.highlights), "score": item.score,
            "status": {"code": status.code, "label": status.label, "replaced_by": status.replaced_by,
                       "replaced_on": status.replaced_on, "amendments_missing": list(status.amendments_missing)},
            "notice": item.notice, "successors": list(item.successors)}


def citation(article: Article, doc: Document, clause: str | None = None) -> str:
    """'Khoản 1 Điều 139 Bộ luật Lao động 2019 (45/2019/QH14)'."""
    name = doc.short_name if doc.number in doc.short_name else f"{doc.short_name} ({doc.number})"
    if article.appendix:
        return f"Mục {article.label.removeprefix('PL-')} Phụ lục {name}"
    head = f"Khoản {clause} Điều {article.label}" if clause else f"Điều {article.label}"
    return f"{head} {name}"


def document_status(corpus: Corpus, doc: Document, article: Article | None, day: dt.date) -> tuple[Status, str]:
    """The text's standing on that day and the notice a reader must see, if any."""
    code = doc.status(day)
    notice = ""
    if code == "in_force":
        label = "Đang có hiệu lực"
    elif code == "not_yet":
        label = f"Chưa có hiệu lực (có hiệu lực từ {vi_date(max(doc.effective, doc.valid_from or doc.effective))})"
        notice = f"{doc.short_name} chưa có hiệu lực vào ngày {vi_date(day)}."
    elif doc.replaced_by:
        successor = corpus.document_name(doc.replaced_by)
        label = f"Đã được thay thế bởi {successor} từ ngày {vi_date(doc.replaced_on)}"
        have = any(d.number == doc.replaced_by for d in corpus.documents.values())
        notice = (f"Lưu ý: {doc.short_name} ({doc.number}) đã hết hiệu lực từ ngày {vi_date(doc.replaced_on)}, "
                  f"được thay thế bởi {successor}. ")
        notice += ("Hãy đối chiếu với văn bản mới." if have else
                   "Văn bản mới chưa có trong hệ thống nên quy định dưới đây có thể đã thay đổi; "
                   "vui lòng liên hệ tư vấn viên để được hướng dẫn theo quy định hiện hành.")
        code = "replaced"
    else:
        label = f"Phiên bản văn bản này áp dụng đến ngày {vi_date(doc.valid_until)}" if doc.valid_until else "Hết hiệu lực"
        notice = f"Lưu ý: nội dung trích từ phiên bản {doc.short_name} không còn áp dụng vào ngày {vi_date(day)}."
        code = "expired_version"
    missing = []
    for amendment in corpus.amendments.get(doc.key, ()):
        touches = article is None or not amendment.articles or article.label in amendment.articles
        if amendment.since <= day and touches:
            missing.append(amendment.by)
            notice += (" " if notice else "") + (
                f"Lưu ý: điều này đã được sửa đổi bởi {corpus.document_name(amendment.by)} "
                f"từ ngày {vi_date(amendment.since)} ({amendment.summary}); nội dung sửa đổi chưa được "
                "cập nhật vào văn bản trích dẫn dưới đây.")
    return Status(code, label, doc.replaced_by or None,
                  vi_date(doc.replaced_on) if doc.replaced_on else None, tuple(missing)), notice


def confidence_of(hits: list[Hit]) -> str:
    if not hits:
        return "low"
    top = hits[0].score
    lead = top - (hits[1].score if len(hits) > 1 else 0.0)
    if top >= HIGH_SCORE and lead >= HIGH_MARGIN:
        return "high"
    return "medium" if top >= MEDIUM_SCORE else "low"


def successor_citations(corpus: Corpus, successors: dict, article: Article, articles: dict) -> tuple[str, ...]:
    out = []
    for new_id in successors.get(article.id, ()):
        new = articles.get(new_id)
        if new is not None:
            out.append(citation(new, corpus.documents[new.doc_key]))
    return tuple(out)


def compose(corpus: Corpus, question: str, hits: list[Hit], day: dt.date, contact: dict | None = None,
            curated: dict | None = None, confidence: str | None = None, successors: dict | None = None,
            articles: dict | None = None) -> Response:
    items = []
    notices: list[str] = []
    for hit in hits:
        art, doc = hit.article, hit.document
        clause = art.clauses[hit.clause_index] if hit.clause_index is not None else None
        status, notice = document_status(corpus, doc, art, day)
        later = successor_citations(corpus, successors or {}, art, articles or {}) if doc.replaced_on or doc.valid_until else ()
        if later:
            since = doc.replaced_on or (doc.valid_until + dt.timedelta(days=1))
            notice += (" " if notice else "") + (
                f"Từ ngày {vi_date(since)}, quy định này nay tại {' và '.join(later)}.")
        if notice and notice not in notices:
            notices.append(notice)
        items.append(AnswerItem(
            id=art.id, doc=doc.number, doc_title=doc.short_name, article=art.number, article_label=art.label,
            clause=clause.label if clause else None,
            citation=citation(art, doc, clause.label if clause else None), title=art.title,
            text=clause.full_text if clause else (art.intro or art.full_text),
            highlights=hit.matched, score=round(hit.score, 4), status=status, notice=notice, successors=later))
    level = confidence or confidence_of(hits)
    replaced = any(i.status.code in ("replaced", "expired_version") for i in items[:1])
    handoff = None
    if level == "low" or replaced:
        handoff = {"message": HANDOFF_MESSAGE, **(contact or {})}
    top_notice = items[0].notice if items else ""
    if level == "low":
        top_notice = ("Hệ thống chưa chắc chắn đã tìm đúng quy định cho câu hỏi này. " + top_notice).strip()
    topic = ""
    if hits:
        first = hits[0].article
        topic = (first.chapter.partition(". ")[2] or first.title).capitalize()
    return Response(question=question, as_of=day.isoformat(), confidence=level, answers=tuple(items),
                    notice=top_notice, handoff=handoff, curated=curated, extra={"topic": topic})


CURATED_HIGH = 0.75


def ask(model, question: str, as_of: dt.date | None = None, top_k: int = 5, contact: dict | None = None,
        use_curated: bool = True) -> Response:
    """The whole flow for one question: a fitting curated answer first (with the provisions
    it rests on, quoted), then the statutes the search finds."""
    from .search import cited_hits, match_curated, search  # late: search imports the model's modules

    day = as_of or dt.date.today()
    hits = search(model, question, day, top_k)
    curated = confidence = None
    match = match_curated(model, question, day) if use_curated else None
    if match:
        entry, score = match
        first = cited_hits(model, question, entry, score)
        shown = {h.article.id for h in first}
        hits = first + [h for h in hits if h.article.id not in shown][: max(top_k - len(first), 0)]
        curated = {"id": entry.id, "answer": entry.answer, "score": round(score, 4), "tags": list(entry.tags),
                   "provisions": [citation(h.article, h.document, h.article.clauses[h.clause_index].label
                                           if h.clause_index is not None else None) for h in first],
                   "reviewed_by": entry.reviewed_by, "reviewed_on": entry.reviewed_on.isoformat()}
        confidence = "high" if score >= CURATED_HIGH else "medium"
    return compose(model.corpus, question, hits, day, contact, curated=curated, confidence=confidence,
                   successors=model.successors, articles=model.articles)
