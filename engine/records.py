"""The small frozen records passed between the steps of the engine."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    label: str          # "a", "đ", "a1"
    text: str
    line: int


@dataclass(frozen=True)
class Clause:
    label: str          # "1", "1a"
    text: str           # the clause's own sentence(s), without its points
    points: tuple[Point, ...] = ()
    repealed: bool = False
    line: int = 0

    @property
    def full_text(self) -> str:
        parts = [f"{self.label}. {self.text}"]
        parts += [f"{p.label}) {p.text}" for p in self.points]
        return "\n".join(parts)


@dataclass(frozen=True)
class Article:
    id: str             # "45/2019/QH14/d139"
    doc_key: str        # Document.key
    label: str          # "139", "7a", or "PL-3" for an appendix item
    title: str
    intro: str = ""     # text before the first clause (or the whole text when no clauses)
    clauses: tuple[Clause, ...] = ()
    chapter: str = ""   # "Chương X. TITLE"
    section: str = ""   # "Mục 1. TITLE"
    repealed: bool = False
    source_note: str = ""  # the [Ghi chú nguồn …] line: metadata, never law text
    line: int = 0
    appendix: bool = False

    @property
    def number(self) -> int:
        """Integer part of the label (7 for "7a"); 0 for appendix items."""
        digits = "".join(ch for ch in self.label if ch.isdigit())
        return int(digits) if digits and not self.appendix else 0

    @property
    def full_text(self) -> str:
        parts = [self.intro] if self.intro else []
        parts += [c.full_text for c in self.clauses]
        return "\n".join(parts)


@dataclass(frozen=True)
class Document:
    key: str            # number, or number@valid_from when several versions share it
    number: str         # "45/2019/QH14"
    title: str
    short_name: str     # "Bộ luật Lao động 2019"
    kind: str
    issuer: str
    issued: dt.date
    effective: dt.date
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    replaced_by: str = ""
    replaced_on: dt.date | None = None
    amended_by: str = ""
    pending_amendments: tuple[str, ...] = ()  # amendments in force but not in this text
    replaces: str = ""
    text_state: str = ""
    note: str = ""
    file: str = ""

    @property
    def display_name(self) -> str:
        """How a sentence names it: 'Bộ luật Lao động 2019 (45/2019/QH14)'."""
        return self.short_name if self.number in self.short_name else f"{self.short_name} ({self.number})"

    def in_force(self, day: dt.date) -> bool:
        start = max(self.effective, self.valid_from or self.effective)
        if day < start:
            return False
        if self.valid_until and day > self.valid_until:
            return False
        if self.replaced_on and day >= self.replaced_on:
            return False
        return True

    def status(self, day: dt.date) -> str:
        """'in_force', 'replaced' (or expired version) or 'not_yet' on that day."""
        if self.in_force(day):
            return "in_force"
        start = max(self.effective, self.valid_from or self.effective)
        return "not_yet" if day < start else "replaced"


@dataclass(frozen=True)
class Hit:
    article: Article
    document: Document
    score: float
    clause_index: int | None      # index into article.clauses of the quoted clause, None = intro
    matched: tuple[str, ...] = ()  # question words found in the article, to highlight
    snippet: str = ""             # the point or sentence shown first
    other_clauses: tuple[int, ...] = ()  # other matching clauses of the article (indexes)
