"""Which calculator answers a money question: matched on the folded question, so that
"trợ cấp thôi việc" and "tro cap thoi viec" are the same question."""
from __future__ import annotations

import re

from .. import text
from .registry import CALCULATORS

# (calculator, the topic, a cue that the question asks how much / how many / when / whether one
# gets it). First match wins: the named benefits first.
_RULES = (
    ("unemployment", r"tro cap that nghiep|tctn|that nghiep\b.*\b(huong|linh|nhan)\b|(huong|linh|nhan)\b.*\bthat nghiep",
     r"bao nhieu|may thang|\bmuc\b|\btinh\b|\btien\b|duoc huong|bao lau|thoi gian huong|co duoc"),
    ("lump-sum", r"(bao hiem xa hoi|bao hiem|bh) 1 lan|\brut\b.*\bbao hiem|\b1 lan\b.*\bbao hiem xa hoi",
     r"bao nhieu|\bmuc\b|\btinh\b|\btien\b|duoc (rut|huong|nhan)|co duoc|dieu kien|\brut\b"),
    ("job-loss", r"mat viec lam|tro cap mat viec", r"tro cap|bao nhieu|\btinh\b|\btien\b|\bmuc\b"),
    ("severance", r"tro cap thoi viec|tro cap nghi viec|thoi viec", r"tro cap|bao nhieu|\btien\b|\btinh\b|\bmuc\b"),
    ("annual-leave", r"phep nam|nghi phep|nghi hang nam", r"may ngay|bao nhieu|so ngay|\btinh\b|duoc nghi"),
    ("retirement-age", r"tuoi nghi huu|tuoi huu|nghi huu|ve huu", r"tuoi|khi nao|bao gio|nam nao|luc nao|thang nao"),
    ("overtime", r"lam them gio|lam them|tang ca|lam (viec )?ban dem|lam dem",
     r"\btien\b|\bluong\b|\btra\b|phan tram|%|he so|\bnhan\b"),
)
_COMPILED = tuple((name, re.compile(topic), re.compile(cue)) for name, topic, cue in _RULES)


def match(question: str) -> str | None:
    """The name of the calculator a question asks for, or None."""
    if not isinstance(question, str):
        return None
    folded = text.fold(text.normalize(question))
    for name, topic, cue in _COMPILED:
        if topic.search(folded) and cue.search(folded):
            return name
    return None


def offer(question: str) -> dict | None:
    """{name, title, fields: [{name, label, type, unit, options?}]} of the matching calculator, or None."""
    name = match(question)
    return CALCULATORS[name].describe() if name else None
