"""Score a question file (the format of shared/bench/dev.jsonl): hit@1, hit@5, MRR@10, and
how far the confidence can be trusted; in-sample, or cross-validated (K-fold) for the parts
fitted on these very questions."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import text
from .model import gold_of, question_day, scored, training_sets
from .pipeline import ask
from .ranking import Ranker
from .weights import WEIGHTS


class QuestionFileError(ValueError):
    pass


@dataclass(frozen=True)
class Outcome:
    id: str
    question: str
    rank: int | None          # 1-based rank of the first gold article in the top 10
    top: tuple[str, ...]      # "doc Điều N" of the top 3, for reading failures
    confidence: str = ""
    probability: float = 0.0
    curated: bool = False
    length: int = 0


def read_questions(path: str | Path) -> list[dict]:
    rows = []
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as err:
            raise QuestionFileError(f"{path}:{lineno}: không phải JSON ({err})") from err
        if not isinstance(row, dict) or not row.get("question") or not isinstance(row.get("gold"), list):
            raise QuestionFileError(f"{path}:{lineno}: cần có 'question' và danh sách 'gold'")
        rows.append(row)
    return rows


def outcomes_of(model, rows: list[dict], as_of: dt.date | None = None, strip_diacritics: bool = False,
                curated: bool = True, today: dt.date | None = None) -> list[Outcome]:
    """Each scored question asked as users ask it (curated answers first unless `curated=False`)."""
    out = []
    for row in scored(model, rows):
        gold = gold_of(model, row)
        question = text.fold(row["question"]) if strip_diacritics else row["question"]
        response = ask(model, question, as_of or question_day(row, today), top_k=10, use_curated=curated)
        rank = next((i + 1 for i, a in enumerate(response.answers) if a.id in gold), None)
        out.append(Outcome(str(row.get("id", "")), question, rank,
                           tuple(f"{a.doc} Điều {a.article_label}" for a in response.answers[:3]),
                           response.confidence, response.probability, bool(response.curated), len(row["question"])))
    return out


def metrics(outcomes: list[Outcome], skipped: int = 0) -> dict:
    n = len(outcomes)
    return {"questions": n, "skipped": skipped,
            "hit@1": round(sum(o.rank == 1 for o in outcomes) / n, 4) if n else 0.0,
            "hit@5": round(sum(o.rank is not None and o.rank <= 5 for o in outcomes) / n, 4) if n else 0.0,
            "mrr@10": round(sum(1 / o.rank for o in outcomes if o.rank) / n, 4) if n else 0.0}


def evaluate(model, rows: list[dict], as_of: dt.date | None = None, strip_diacritics: bool = False,
             today: dt.date | None = None, curated: bool = True) -> tuple[dict, list[Outcome]]:
    outcomes = outcomes_of(model, rows, as_of, strip_diacritics, curated, today)
    return metrics(outcomes, len(rows) - len(outcomes)), outcomes


def cross_validate(model, rows: list[dict], folds: int = 5, strip_diacritics: bool = False,
                   curated: bool = True, today: dt.date | None = None) -> tuple[dict, list[Outcome]]:
    """K-fold: the ranker and its calibration are refitted without each fold, which is then
    asked through the product path. The channels are not fitted on questions."""
    if folds < 2:
        raise ValueError("cần ít nhất 2 phần (--cv K với K ≥ 2)")
    kept = scored(model, rows)
    order = np.random.default_rng(0).permutation(len(kept))
    fold_of = np.empty(len(kept), dtype=int)
    fold_of[order] = np.arange(len(kept)) % folds
    sets, labels, groups = training_sets(model, kept)
    if sum(int(l.any()) for l in labels) < 20:
        raise ValueError("quá ít câu hỏi có đáp án trong kho văn bản này để kiểm định chéo (cần ít nhất 10)")
    original, outcomes = model.ranker, []
    try:
        for k in range(folds):
            train = [i for i in range(len(sets)) if fold_of[groups[i]] != k]
            model.ranker = Ranker().fit([sets[i] for i in train], [labels[i] for i in train], groups[train])
            held = [kept[j] for j in range(len(kept)) if fold_of[j] == k]
            outcomes += outcomes_of(model, held, None, strip_diacritics, curated, today)
    finally:
        model.ranker = original
    return metrics(outcomes, len(rows) - len(kept)), outcomes


def summary(outcomes: list[Outcome]) -> dict:
    """Per confidence level, how many answers and how many right at rank 1; how often a
    curated entry answered first and was right; long questions (letters) apart."""
    out: dict = {}
    for level in ("high", "medium", "low"):
        chosen = [o for o in outcomes if o.confidence == level]
        out[f"{level}_answers"] = len(chosen)
        out[f"{level}_right"] = sum(o.rank == 1 for o in chosen)
        out[f"{level}_precision"] = round(out[f"{level}_right"] / len(chosen), 4) if chosen else 0.0
    out["high_share"] = round(out["high_answers"] / len(outcomes), 4) if outcomes else 0.0
    out["curated_first"] = sum(o.curated for o in outcomes)
    out["curated_first_right"] = sum(o.curated and o.rank == 1 for o in outcomes)
    long_ = [o for o in outcomes if o.length > WEIGHTS.long_question_chars]
    out.update({f"long_{k}": v for k, v in metrics(long_).items() if k != "skipped"})
    return out
