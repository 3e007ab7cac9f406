"""Each document's full standing on a day, for editors (train.py and the editors' page):
in force or not yet, replaced (by what, and whether the successor's text is in the corpus),
an expired version, and the amendments in force whose wording the file does not integrate."""
from __future__ import annotations

import datetime as dt


def _vi(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _clauses(amendment) -> str:
    """"42.7", "44.2.b" → "khoản 7 Điều 42, điểm b khoản 2 Điều 44"."""
    named = []
    for ref in amendment.clauses:
        parts = ref.split(".")
        named.append((f"điểm {parts[2]} " if len(parts) > 2 else "") + f"khoản {parts[1]} Điều {parts[0]}")
    whole = [a for a in amendment.articles if not any(c.split(".")[0] == a for c in amendment.clauses)]
    return ", ".join(named + [f"Điều {a}" for a in whole]) or "cả văn bản"


def document_standing(corpus, day: dt.date) -> list[dict]:
    out = []
    for doc in corpus.documents.values():
        code = doc.status(day)
        if code == "in_force":
            state, label = "in_force", "Đang có hiệu lực"
        elif code == "not_yet":
            state, label = "not_yet", f"Chưa có hiệu lực (từ {_vi(max(doc.effective, doc.valid_from or doc.effective))})"
        elif doc.replaced_by:
            state = "replaced"
            label = f"Đã được thay thế bởi {corpus.document_name(doc.replaced_by)} từ {_vi(doc.replaced_on)}"
            if corpus.lacks(doc.replaced_by):
                label += " — văn bản thay thế CHƯA CÓ trong kho"
        else:
            state = "expired_version"
            label = f"Phiên bản đã hết áp dụng (đến {_vi(doc.valid_until)})" if doc.valid_until else "Hết hiệu lực"
        pending = [{"by": a.by, "name": corpus.document_name(a.by), "since": _vi(a.since), "in_force": a.since <= day,
                    "where": _clauses(a), "summary": a.summary, "text": a.text}
                   for a in corpus.amendments.get(doc.key, ())]
        out.append({"key": doc.key, "number": doc.number, "short_name": doc.short_name, "state": state, "label": label,
                    "replaced_by": doc.replaced_by, "successor_in_corpus": bool(doc.replaced_by) and not corpus.lacks(doc.replaced_by),
                    "file": doc.file, "pending": pending})
    return out


def report_lines(corpus, day: dt.date) -> list[str]:
    """The same as text: one line per document, one indented line per amendment not integrated."""
    lines = []
    for d in document_standing(corpus, day):
        lines.append(f"  {d['number']:<16} {d['short_name']}: {d['label']}")
        for a in d["pending"]:
            where = f"nội dung sửa đổi ở {a['text']}" if a["text"] else "nội dung sửa đổi CHƯA CÓ trong kho"
            lines.append(f"      sửa đổi chưa tích hợp: {a['by']} từ {a['since']} ({a['where']}); {where}")
    return lines
