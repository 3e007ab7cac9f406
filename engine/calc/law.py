"""Figures a calculator applies, the provisions they come from, and the texts in force.

Every figure is declared with the exact words of the provision that states it; at run
time the words are looked up in the loaded corpus, so a changed or missing text stops
the calculator instead of letting it apply a figure the law no longer says.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from .. import text


class CalcError(Exception):
    """Bad input (400), or a text the calculator needs is not in the corpus (404)."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@dataclass(frozen=True)
class Figure:
    doc: str            # document number, "45/2019/QH14"
    article: str        # article label, "46"
    clause: str = ""    # clause label; "" = the article's own text
    point: str = ""     # point label; "" = the clause's own text and points
    words: str = ""     # the exact words of the provision that state the figure
    value: object = None  # the number(s) the code applies, as the words state them

    def cite(self) -> str:
        parts = [f"Điểm {self.point}"] if self.point else []
        parts += [f"Khoản {self.clause}"] if self.clause else []
        return " ".join(parts + [f"Điều {self.article} ({self.doc})"])


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:/\d+)?%?")


def numbers_in(words: str) -> tuple[Decimal, ...]:
    """The numbers written in a provision's words: '05' → 5, '1,5' → 1.5, '60%' → 0.6,
    '1/2' → 0.5, '5.310.000' → 5310000."""
    found = []
    for token in _NUMBER.findall(words):
        percent = token.endswith("%")
        token = token.rstrip("%")
        if "/" in token:
            top, bottom = token.split("/")
            value = Decimal(top) / Decimal(bottom)
        elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
            value = Decimal(token.replace(".", ""))
        else:
            value = Decimal(token.replace(",", "."))
        found.append(value / 100 if percent else value)
    return tuple(found)


def find_article(corpus, doc_number: str, label: str, day: dt.date | None = None):
    """The article `label` of the version of `doc_number` in force on `day` (else the latest)."""
    versions = [d for d in corpus.documents.values() if d.number == doc_number]
    if day is not None:
        versions = [d for d in versions if d.in_force(day)] or versions
    for doc in sorted(versions, key=lambda d: d.valid_from or d.effective, reverse=True):
        for article in corpus.articles:
            if article.doc_key == doc.key and article.label == label:
                return article
    return None


def provision_text(corpus, figure: Figure, day: dt.date | None = None) -> str | None:
    """The text of the article, clause or point the figure cites; None when it is not in the corpus."""
    article = find_article(corpus, figure.doc, figure.article, day)
    if article is None:
        return None
    if not figure.clause:
        return article.full_text
    clause = next((c for c in article.clauses if c.label == figure.clause), None)
    if clause is None:
        return None
    if not figure.point:
        return clause.full_text
    point = next((p for p in clause.points if p.label == figure.point), None)
    return point.text if point else None


def _squash(value: str) -> str:
    return " ".join(text.normalize(value).split())


def check_figures(corpus, figures, day: dt.date) -> None:
    """Refuse to compute when a cited provision is missing or no longer says the figure."""
    for fig in figures:
        found = provision_text(corpus, fig, day)
        if found is None:
            raise CalcError("text_unavailable", f"Hệ thống chưa có {fig.cite()} nên chưa tính được.", 404)
        if _squash(fig.words) not in _squash(found):
            raise CalcError("text_changed", f"{fig.cite()} trong hệ thống không còn ghi “{fig.words}”; "
                            "công cụ tính cần được cập nhật theo văn bản mới.", 503)


def document(corpus, number: str, day: dt.date):
    """The version of `number` in force on `day`, or None."""
    return next((d for d in corpus.documents.values() if d.number == number and d.in_force(day)), None)


def pick_version(corpus, versions, day: dt.date):
    """The first version whose governing document is in force on `day`."""
    for version in versions:
        if document(corpus, version.doc, day) is not None:
            return version
    known = [d for v in versions for d in corpus.documents.values() if d.number == v.doc]
    if not known:
        raise CalcError("text_unavailable", "Hệ thống chưa có văn bản "
                        f"{versions[0].doc} mà công cụ tính này áp dụng.", 404)
    earliest = min(known, key=lambda d: d.effective)
    if day < earliest.effective:
        held = any(d.number == earliest.replaces for d in corpus.documents.values())
        before = "" if not earliest.replaces else (
            f"; công cụ chưa tính theo văn bản trước đó ({earliest.replaces})" if held
            else f"; văn bản trước đó ({earliest.replaces}) chưa có trong hệ thống")
        raise CalcError("text_unavailable", f"Ngày {fmt_date(day)} chưa áp dụng {earliest.short_name}, "
                        f"có hiệu lực từ {fmt_date(earliest.effective)}{before}.", 404)
    latest = max(known, key=lambda d: d.effective)
    raise CalcError("text_unavailable", f"Ngày {fmt_date(day)} {latest.short_name} đã được thay thế bởi "
                    f"{latest.replaced_by or 'văn bản khác'}, văn bản này chưa có trong hệ thống.", 404)


def text_notices(corpus, figures, day: dt.date) -> list[str]:
    """Say when a cited document is not yet or no longer in force, or has an amendment not in its text."""
    notes = []
    for number in dict.fromkeys(f.doc for f in figures):
        versions = [d for d in corpus.documents.values() if d.number == number]
        doc = document(corpus, number, day) or (versions[0] if versions else None)
        if doc is None:
            continue
        if not doc.in_force(day):
            state = "chưa có hiệu lực" if day < doc.effective else "đã hết hiệu lực"
            notes.append(f"Ngày {fmt_date(day)} {doc.short_name} {state}; kết quả vẫn theo văn bản này.")
        labels = {f.article for f in figures if f.doc == number}
        for amendment in getattr(corpus, "amendments", {}).get(doc.key, ()):
            if amendment.since <= day and labels & set(amendment.articles):
                notes.append(f"{amendment.by} đã sửa đổi văn bản này ({amendment.summary}); "
                             "nội dung sửa đổi chưa có trong hệ thống.")
    return notes


def fmt_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
