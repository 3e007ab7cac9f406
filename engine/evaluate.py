"""Score a question file (the format of shared/bench/dev.jsonl): hit@1, hit@5, MRR@10."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from . import text
from .answer import ask


class QuestionFileError(ValueError):
    pass


@dataclass(frozen=True)
class Outcome:
    id: str
    question: str
    rank: int | None          # 1-based rank of the first gold article in the top 10
    top: tuple[str, ...]      # "doc Điều N" of the top 3, for reading failures
    confidence: str = ""
    curated: bool = False


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
             today: dt.date | None = None, curated: bool = True) -> tuple[dict, list[Outcome]]:
    """Score questions as users get them (curated answers first unless `curated=False`)."""
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
        response = ask(model, question, day, top_k=10, use_curated=curated)
        keys = [(a.doc, a.article_label) for a in response.answers]
        rank = next((i + 1 for i, k in enumerate(keys) if k in gold), None)
        outcomes.append(Outcome(str(row.get("id", "")), question, rank,
                                tuple(f"{d} Điều {a}" for d, a in keys[:3]), response.confidence,
                                bool(response.curated)))
    n = len(outcomes)
    metrics = {
        "questions": n,
        "skipped": skipped,
        "hit@1": round(sum(o.rank == 1 for o in outcomes) / n, 4) if n else 0.0,
        "hit@5": round(sum(o.rank is not None and o.rank <= 5 for o in outcomes) / n, 4) if n else 0.0,
        "mrr@10": round(sum(1 / o.rank for o in outcomes if o.rank) / n, 4) if n else 0.0,
    }
    return metrics, outcomes


def summary(outcomes: list[Outcome]) -> dict:
    """How often a 'high' answer is right, and how often a curated entry answered first."""
    high = [o for o in outcomes if o.confidence == "high"]
    return {"high_answers": len(high), "high_right": sum(o.rank == 1 for o in high),
            "high_precision": round(sum(o.rank == 1 for o in high) / len(high), 4) if high else 0.0,
            "curated_first": sum(o.curated for o in outcomes),
            "curated_first_right": sum(o.curated and o.rank == 1 for o in outcomes)}
