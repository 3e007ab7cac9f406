"""Which calculator answers a money question: matched on the folded question, so that
"trợ cấp thôi việc" and "tro cap thoi viec" are the same question."""
from __future__ import annotations

import re

from .. import text
from .registry import CALCULATORS

# (calculator, the topic, a cue that the question asks "how much / how many / when", or None
# when naming the topic is already the question). First match wins: named benefits first.
_RULES = (
    ("unemployment", r"tro cap that nghiep|tctn|that nghiep\b.*\b(huong|linh|nhan)\b|(huong|linh|nhan)\b.*\bthat nghiep", None),
    ("lump-sum", r"(bao hiem xa hoi|bao hiem|bh) 1 lan|\brut\b.*\bbao hiem|\b1 lan\b.*\bbao hiem xa hoi", None),
    ("job-loss", r"mat viec lam|tro cap mat viec", None),
    ("severance", r"tro cap thoi viec|tro cap nghi viec|thoi viec", r"tro cap|bao nhieu|tien|tinh|muc"),
    ("annual-leave", r"phep nam|nghi phep|nghi hang nam", r"may ngay|bao nhieu|so ngay|tinh|duoc nghi"),
    ("retirement-age", r"tuoi nghi huu|tuoi huu|nghi huu|ve huu", r"tuoi|khi nao|bao gio|nam nao|luc nao|thang nao"),
    ("overtime", r"lam them gio|lam them|tang ca|lam (viec )?ban dem|lam dem",
     r"tien|luong|tra|phan tram|%|he so|nhan"),
)
_COMPILED = tuple((name, re.compile(topic), re.compile(cue) if cue else None) for name, topic, cue in _RULES)


def match(question: str) -> str | None:
    """The name of the calculator a question asks for, or None."""
    if not isinstance(question, str):
        return None
    folded = text.fold(text.normalize(question))
    for name, topic, cue in _COMPILED:
        if topic.search(folded) and (cue is None or cue.search(folded)):
            return name
    return None


def offer(question: str) -> dict | None:
    """{name, title, fields: [{name, label, type, unit, options?}]} of the matching calculator, or None."""
    name = match(question)
    return CALCULATORS[name].describe() if name else None
