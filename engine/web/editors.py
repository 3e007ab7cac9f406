"""What the editors' page shows beyond the period report: the documents' standing, the last
evaluation as a table, the curated entries' review states and use, and the questions to look
at (rated unhelpful, answered with low or medium confidence), each kind grouped. Pure functions
over the model in service and the question log's rows."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from .. import review
from ..evaluation_table import rows as evaluation_rows
from ..standing import document_standing
from .report import group_similar

LOOK_AT = (  # (key, heading, which rows): what an editor should read first comes first
    ("unhelpful", "Bị đánh giá “không hữu ích”", lambda r: r.get("helpful") == 0),
    ("low", "Độ tin cậy thấp (đã mời liên hệ tư vấn viên)", lambda r: r.get("confidence") == "low" and r.get("helpful") != 0),
    ("medium", "Độ tin cậy trung bình", lambda r: r.get("confidence") == "medium" and r.get("helpful") is None),
)
GROUPS_SHOWN = 30   # per kind: a page an editor reads in one sitting
ENTRY_ROWS_SHOWN = 200


def _entries(model) -> list:
    corpus = getattr(model, "corpus", None)
    return list(getattr(corpus, "qa", None) or [])


def usage(rows: list[dict]) -> dict[str, dict]:
    """Per curated id: how many questions it answered, rated helpful, rated unhelpful."""
    out: dict[str, dict] = {}
    for r in rows:
        if not r.get("curated"):
            continue
        u = out.setdefault(r["curated"], {"asked": 0, "helpful": 0, "unhelpful": 0})
        u["asked"] += 1
        u["helpful"] += r.get("helpful") == 1
        u["unhelpful"] += r.get("helpful") == 0
    return out


def entry_summary(entry, used: dict | None = None) -> dict:
    used = used or {"asked": 0, "helpful": 0, "unhelpful": 0}
    return {"id": entry.id, "question": entry.questions[0], "status": entry.review_status,
            "status_label": review.STATUS_VI.get(entry.review_status, entry.review_status),
            "reviewed_by": entry.reviewed_by, "reviewed_on": entry.reviewed_on.isoformat() if entry.reviewed_on else "",
            "blocked_by": entry.blocked_by, "where": f"{entry.file}:{entry.line}", "tags": list(entry.tags), **used}


def page_context(model, rows: list[dict], stamp: dict, day: dt.date | None = None) -> dict:
    """Template variables for /admin: standing, evaluation, review states, questions to look at."""
    day = day or dt.date.today()
    corpus = getattr(model, "corpus", None)
    entries = _entries(model)
    used = usage(rows)
    states = Counter(e.review_status for e in entries)
    headings, table = evaluation_rows((stamp or {}).get("evaluation") or {})
    return {
        "standing": document_standing(corpus, day) if corpus is not None else [],
        "evaluation_headings": headings, "evaluation_table": table,
        "review_counts": {s: states.get(s, 0) for s in (review.REVIEWED, review.DRAFT, review.NEEDS_REVIEW)},
        "needs_review": [entry_summary(e, used.get(e.id)) for e in entries if e.review_status == review.NEEDS_REVIEW],
        "look_at": [{"key": key, "heading": heading, "groups": group_similar(rows, keep=keep)[:GROUPS_SHOWN],
                     "total": sum(map(keep, rows))} for key, heading, keep in LOOK_AT],
        "most_unhelpful": sorted((entry_summary(e, used[e.id]) for e in entries if used.get(e.id, {}).get("unhelpful")),
                                 key=lambda s: -s["unhelpful"])[:10],
    }


def entries_context(model, rows: list[dict], status: str | None = None) -> dict:
    used = usage(rows)
    entries = [e for e in _entries(model) if status in (None, "", e.review_status)]
    return {"entries": [entry_summary(e, used.get(e.id)) for e in entries], "status": status or "",
            "status_labels": review.STATUS_VI}


def entry_context(model, entry_id: str, rows: list[dict]) -> dict | None:
    """One curated entry: its text, citations and review, and the questions it answered with their feedback."""
    entry = next((e for e in _entries(model) if e.id == entry_id), None)
    if entry is None:
        return None
    answered = [r for r in rows if r.get("curated") == entry_id]
    answered.reverse()  # newest first
    return {"entry": entry, "summary": entry_summary(entry, usage(answered).get(entry_id)),
            "provisions": [str(c) for c in entry.provisions], "answered": answered[:ENTRY_ROWS_SHOWN],
            "answered_total": len(answered)}
