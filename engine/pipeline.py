"""One question, one way through: prepare → candidates (curated match included) → rank →
compose. `ask` is the whole engine as the API, the CLI and the evaluation use it."""
from __future__ import annotations

import datetime as dt

import numpy as np

from .answer import Response, citation, compose
from .curated import cited_article_ids
from .quote import highlights, named_position, snippet, unit_choice
from .ranking import FEATURES, candidates
from .records import Hit
from .review import STATUS_VI
from .weights import WEIGHTS


def rank(model, query, day: dt.date):
    """(candidates, their order, ranker scores, probability, level)."""
    found = candidates(model, query, day)
    scores = model.ranker.score(found.features)
    order = np.argsort(-scores, kind="stable")
    if query.reference:  # a provision the worker names comes first, even from a replaced text
        named = found.features[order, FEATURES.index("named")] > 0
        order = np.concatenate([order[named], order[~named]])
    first = int(order[0]) if len(order) else None
    probability = model.ranker.probability(scores, found.features, first)
    return found, order, scores, probability, model.ranker.level(probability, scores, first)


def shown_curated(found, first_article: str | None):
    """The curated entry shown first: the asker's question is one of its phrasings' (close
    enough) and the ranker's first article is one it cites."""
    for entry, lexical, _semantic in found.curated:
        if lexical >= WEIGHTS.curated_show and first_article in cited_article_ids(entry):
            return entry, lexical
    return None


def make_hit(model, query, found, row: int, score: float, cited_clause: str | None = None) -> Hit:
    article = model.articles[model.article_ids[row]]
    position, others = unit_choice(model, row, found, query)
    if query.reference and article.label == query.reference[0]:
        position = named_position(article, query.reference, position)
    if cited_clause:
        position = next((i for i, c in enumerate(article.clauses) if c.label == cited_clause), position)
    body = article.clauses[position].full_text if position >= 0 else (article.intro or article.full_text)
    terms = highlights(model, query, row)
    kept = tuple(int(p) for p in others if p >= 0 and p != position)[: WEIGHTS.other_clauses]
    return Hit(article, model.corpus.documents[article.doc_key], model.ranker.display(score), None if position < 0 else position,
               terms, snippet(body, terms), kept)


def curated_record(entry, hits: list[Hit], score: float) -> dict:
    cited = set(cited_article_ids(entry))
    return {"id": entry.id, "answer": entry.answer, "score": round(score, 4), "tags": list(entry.tags),
            "provisions": [citation(h.article, h.document, h.article.clauses[h.clause_index].label
                                    if h.clause_index is not None else None) for h in hits if h.article.id in cited],
            "reviewed_by": entry.reviewed_by or None,
            "reviewed_on": entry.reviewed_on.isoformat() if entry.reviewed_on else None,
            "review_status": entry.review_status, "review_label": STATUS_VI[entry.review_status]}


def ask(model, question: str, as_of: dt.date | None = None, top_k: int = 5, contact: dict | None = None,
        use_curated: bool = True) -> Response:
    day = as_of or dt.date.today()
    query = model.preparer.prepare(question)
    found, order, scores, probability, level = rank(model, query, day)
    top = [(int(found.rows[i]), float(scores[i])) for i in order[: max(top_k, 1)]]
    first_article = model.article_ids[top[0][0]] if top else None
    shown = shown_curated(found, first_article) if use_curated else None
    clauses = {}
    if shown:  # the provisions the entry cites come first, quoting the clause it cites
        entry = shown[0]
        clauses = {c.article_id: c.clause for c in entry.provisions}
        cited = [r for r, _ in top if model.article_ids[r] in clauses]
        top = [t for t in top if t[0] in cited] + [t for t in top if t[0] not in cited]
    hits = [make_hit(model, query, found, row, score, clauses.get(model.article_ids[row])) for row, score in top]
    curated = curated_record(shown[0], hits, shown[1]) if shown else None
    return compose(model, question, hits, day, level, probability, contact, curated)
