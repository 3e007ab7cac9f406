"""What every calculator shares: versions chosen by the text in force, the figures read from
that text, the checked inputs, and the answer's shape."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from . import fields as fieldlib
from .fields import Field
from .law import CalcError, Figure, check_figures, numbers_in, pick_version, text_notices

# Figures whose words carry their number in letters, not digits.
WORD_NUMBERS = {"một nửa": Decimal("0.5"), "nửa năm": Decimal("0.5"), "là một năm": Decimal(1)}


@dataclass(frozen=True)
class Version:
    doc: str                        # the document whose being in force selects this version
    figures: dict[str, Figure]      # key → figure the code applies
    notes: tuple[str, ...] = ()     # what this version's texts leave out, said in every answer


@dataclass
class Context:
    corpus: object
    day: dt.date
    version: Version
    provisions: list[str] = field(default_factory=list)   # cited beyond the figures (read at run time)
    used: set[str] = field(default_factory=set)            # figure keys this answer applied or cited

    def value(self, key: str, index: int = 0) -> Decimal:
        """The number the provision's words state: never typed in the code."""
        self.used.add(key)
        return numbers_in(self.version.figures[key].words)[index]

    def word(self, key: str) -> Decimal:
        """The number a provision writes in letters ("nửa năm" → 0.5)."""
        self.used.add(key)
        words = self.version.figures[key].words
        return next(v for w, v in WORD_NUMBERS.items() if w in words)

    def whole(self, key: str, index: int = 0) -> int:
        return int(self.value(key, index))

    def cite(self, *keys: str) -> str:
        self.used.update(keys)
        return "; ".join(dict.fromkeys(self.version.figures[k].cite() for k in keys))


@dataclass
class Outcome:
    result: object
    unit: str
    breakdown: list[str]
    notes: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Calculator:
    name: str
    title: str
    fields: tuple[Field, ...]
    versions: tuple[Version, ...]
    compute: Callable[[Context, dict], Outcome]

    def describe(self) -> dict:
        return {"name": self.name, "title": self.title, "fields": [f.describe() for f in self.fields]}

    def run(self, corpus, body: dict) -> dict:
        """Checked input → the answer dict; raises `CalcError` (400 bad input, 404 text missing)."""
        if not isinstance(body, dict):
            raise CalcError("invalid_json", "Dữ liệu gửi lên phải là một đối tượng JSON.")
        values = fieldlib.parse(self.fields, body)
        day = fieldlib.as_of(body.get("as_of"))
        version = pick_version(corpus, self.versions, day)
        figures = list(version.figures.values())
        check_figures(corpus, figures, day)
        ctx = Context(corpus, day, version)
        out = self.compute(ctx, values)
        applied = [fig.cite() for key, fig in version.figures.items() if key in ctx.used]
        cited = list(dict.fromkeys(applied + ctx.provisions))
        notes = out.notes + list(version.notes) + text_notices(corpus, figures, day)
        return {"name": self.name, "title": self.title, "as_of": day.isoformat(), "result": out.result,
                "unit": out.unit, **out.extra, "breakdown": out.breakdown, "provisions": cited,
                "notice": " ".join(notes)}
