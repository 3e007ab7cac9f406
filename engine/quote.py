"""What an answer quotes: the clause that covers the question, a short snippet of it, the
other clauses that match, and the words to highlight."""
from __future__ import annotations

import re

import numpy as np

from . import text
from .weights import WEIGHTS

# "Chính phủ quy định chi tiết điều này": a clause that only hands the matter on.
_DELEGATION = re.compile(r"(quy định chi tiết|hướng dẫn (thi hành|chi tiết)|quy định cụ thể)[^.;]*\.?\s*$", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.;:])\s+")
# Function words worth no highlight (retrieval weighs them by IDF already).
HIGHLIGHT_SKIP = frozenset("khi nếu thì sao ở từ về đến trong ra vào nào gì để mà cho của với các những".split())


def is_delegation(clause) -> bool:
    """A short clause whose only content is handing the matter to another text.

    >>> from engine.records import Clause
    >>> is_delegation(Clause("7", "Chính phủ quy định chi tiết điều này."))
    True
    """
    return not clause.points and len(clause.text) < 200 and bool(_DELEGATION.search(clause.text))


def unit_choice(model, row: int, found, query) -> tuple[int, np.ndarray]:
    """(clause position to quote or -1 for the intro, positions ranked) for article `row`."""
    units = model.lexical.units_
    first, last = np.searchsorted(units.clause_article, [row, row + 1])
    rows = np.arange(first, last)
    if not rows.size:
        return -1, np.zeros(0, dtype=int)
    lex = found.lexical
    score = lex.coverage[rows] + WEIGHTS.snippet_similarity * lex.unit[rows]
    if found.dense_units is not None:
        score = score + WEIGHTS.snippet_similarity * np.maximum(found.dense_units[rows], 0) * (lex.coverage[rows] > 0)
    if query.asks_quantity:
        score = score + WEIGHTS.snippet_figure * units.has_figure[rows]
    article = model.articles[model.article_ids[row]]
    positions = units.clause_position[rows]
    delegating = np.array([p >= 0 and is_delegation(article.clauses[p]) for p in positions])
    if not delegating.all():
        score = np.where(delegating, -np.inf, score)
    ranked = list(dict.fromkeys(int(p) for p in positions[np.argsort(-score, kind="stable")]
                                if not (p >= 0 and is_delegation(article.clauses[p])) or delegating.all()))
    return ranked[0], np.array(ranked[1:], dtype=int)


def named_position(article, reference, default: int) -> int:
    """A named provision is quoted from the clause named, else from its start."""
    wanted = reference[1] or (article.clauses[0].label if article.clauses and not article.intro else None)
    return next((i for i, c in enumerate(article.clauses) if c.label == wanted), -1 if article.intro else default)


def snippet(body: str, terms: tuple[str, ...]) -> str:
    """The point or sentence of `body` holding most of the question's terms, cut short.

    >>> snippet("1. Lead in: a) nghỉ phép năm; b) làm thêm giờ", ("làm thêm giờ",))
    'b) làm thêm giờ'
    >>> snippet("1.\\na) Nghỉ hằng năm 12 ngày", ())
    'a) Nghỉ hằng năm 12 ngày'
    """
    lines = [ln for ln in body.split("\n") if ln.strip()]
    pieces = [p for ln in lines for p in (_SENTENCE.split(ln) if len(ln) > WEIGHTS.snippet_chars else [ln])]
    pieces = [p for piece in pieces for p in re.split(r"(?<=;)\s+(?=[a-zđ]\) )", piece)]
    # a bare label ("1.", "a)") says nothing: only pieces with words of their own compete
    pieces = [p for p in pieces if len(re.sub(r"^\s*[\dA-Za-zđ]{1,3}[.)]\s*", "", p)) > 3] or [body]
    folded_terms = [text.fold(t) for t in terms]
    best = max(pieces, key=lambda p: sum(t in text.fold(p) for t in folded_terms))
    if len(best) <= WEIGHTS.snippet_chars:
        return best
    cut = best[: WEIGHTS.snippet_chars].rsplit(" ", 1)[0]
    return cut.rstrip(",;: ") + " …"


def highlights(model, query, row: int) -> tuple[str, ...]:
    """The question's terms found in the article (compared with their diacritics, so "đuổi"
    never marks "dưới"): runs of its words that the article uses as a phrase ("làm thêm giờ",
    "thử việc"), and a single word only when it is rare in the statutes (never "việc", "lương")."""
    vocabulary, idf = model.lexical.word_vectorizer_.vocabulary_, model.lexical.word_vectorizer_.idf_
    haystack = model.surface[row]
    words = [w.replace("_", " ") for w in query.words if w not in HIGHLIGHT_SKIP]
    found, i = [], 0
    while i < len(words):
        for n in (4, 3, 2):
            phrase = " ".join(words[i:i + n])
            if len(words[i:i + n]) == n and f" {phrase} " in haystack:
                found.append(phrase)
                i += n
                break
        else:
            column = vocabulary.get(words[i].replace(" ", "_"))
            if len(words[i]) > 1 and f" {words[i]} " in haystack and column is not None \
                    and idf[column] >= WEIGHTS.highlight_min_idf:
                found.append(words[i])
            i += 1
    return tuple(dict.fromkeys(found))
