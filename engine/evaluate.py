"""Score a question file (the format of shared/bench/dev.jsonl): hit@1, hit@5, MRR@10."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from . import text
from .search import search


class QuestionFileError(ValueError):
    pass


@dataclass(frozen=True)
class Outcome:
    id: str
    question: str
    rank: int | None          # 1-based rank of the first gold article in the top 10
    top: tuple[str, ...]      # "doc Điều N" of the top 3, for reading failures


def read_questions(path: str | Path) -> list[dict]:
    rows = []
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as err:
            raise QuestionFileError(f"{path}:{lineno}: not JSON ({err})") from err
        if not isinstance(row, dict) or not row.get("question") or not isinstance(row.get("gold"), list):
            raise QuestionFileError(f"{path}:{lineno}: needs 'question' and a list 'gold'")
        rows.append(row)
    return rows


def evaluate(model, rows: list[dict], as_of: dt.date | None = None, strip_diacritics: bool = False,
             today: dt.date | None = None) -> tuple[dict, list[Outcome]]:
    numbers = {d.number for d in model.corpus.documents.values()}
    outcomes: list[Outcome] = []
    skipped = 0
    for row in rows:
        gold = {(str(g["doc"]), str(g["article"])) for g in row["gold"]}
        if not any(doc in numbers for doc, _ in gold):
            skipped += 1
            continue
        day = as_of or (dt.date.fromisoformat(row["as_of"]) if row.get("as_of") else (today or dt.date.today()))
        question = text.fold(row["question"]) if strip_diacritics else row["question"]
        hits = search(model, question, day, top_k=10)
        keys = [(h.document.number, h.article.label) for h in hits]
        rank = next((i + 1 for i, k in enumerate(keys) if k in gold), None)
        outcomes.append(Outcome(str(row.get("id", "")), question, rank,
                                tuple(f"{d} Điều {a}" for d, a in keys[:3])))
    n = len(outcomes)
    metrics = {
        "questions": n,
        "skipped": skipped,
        "hit@1": round(sum(o.rank == 1 for o in outcomes) / n, 4) if n else 0.0,
        "hit@5": round(sum(o.rank is not None and o.rank <= 5 for o in outcomes) / n, 4) if n else 0.0,
        "mrr@10": round(sum(1 / o.rank for o in outcomes if o.rank) / n, 4) if n else 0.0,
    }
    return metrics, outcomes
