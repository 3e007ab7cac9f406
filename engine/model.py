"""The model: every fitted part, learnt from a corpus in named steps (and, for the ranker,
from questions with known answers). Saving and loading live in `artifact`."""
from __future__ import annotations

import datetime as dt

import numpy as np

from . import text
from .accents import AccentRestorer
from .curated import CuratedIndex
from .lexical import LexicalIndex
from .query import Preparer
from .ranking import FallbackRanker, Ranker, candidates
from .semantic import SemanticIndex
from .supersession import map_successors
from .validity import Validity
from .weights import WEIGHTS


class Model:
    """`Model(semantic=True)` stores its parameter; `fit` learns. Passage vectors are read
    from and added to the cache in `cache_dir` when given (where is not part of the model:
    the same corpus gives the same bytes wherever it was built)."""

    def __init__(self, semantic: bool = True):
        self.semantic_channel = semantic

    def fit(self, corpus, questions: list[dict] | None = None, progress=None, cache_dir=None,
            report: dict | None = None) -> "Model":
        self.corpus = corpus
        articles = [a for a in corpus.articles if not a.repealed]
        self.articles = {a.id: a for a in articles}
        self.article_ids = [a.id for a in articles]
        self.article_rows = {aid: row for row, aid in enumerate(self.article_ids)}
        self.rows_by_label: dict[str, list[int]] = {}
        for row, a in enumerate(articles):
            self.rows_by_label.setdefault(a.label, []).append(row)
        self.lexical = LexicalIndex().fit(articles, corpus.documents, progress)
        self.semantic = (SemanticIndex().fit(articles, self.lexical.units_, corpus.documents, progress, cache_dir,
                                             report) if self.semantic_channel else None)
        self._fit_law_in_time(corpus, articles)
        self.restorer = AccentRestorer().fit(text.normalize(f"{a.title}\n{a.full_text}") for a in articles)
        self.preparer = Preparer().fit(corpus, self.lexical, self.restorer, self.semantic is not None)
        self.curated = CuratedIndex().fit(corpus.qa, self.preparer, self.semantic is not None)
        self.surface = [" " + " ".join(text.syllables_accented(text.normalize(f"{a.title}\n{a.full_text}"))) + " "
                        for a in articles]
        self.fit_ranker(questions or [])
        return self

    def _fit_law_in_time(self, corpus, articles) -> None:
        self.validity = Validity().fit(corpus, articles, self.lexical.syllable_vectorizer_)
        self.successors, self.supersession_report = map_successors(
            self.article_ids, self.validity.article_docs_, self.lexical.fit_article_syllables, corpus)
        del self.lexical.fit_article_syllables  # fit-only: the query path never reads article rows
        self.prior = np.array([WEIGHTS.decree_prior if corpus.documents[a.doc_key].kind.startswith("Nghị định") else 1.0
                               for a in articles], dtype=np.float32)

    def fit_ranker(self, questions: list[dict]) -> "Model":
        """Learn the ranker and its calibration from questions with gold articles (both as
        written and typed without diacritics); the fallback without any."""
        sets, labels, groups = training_sets(self, questions)
        self.ranker = Ranker().fit(sets, labels, groups) if sum(int(l.sum() > 0) for l in labels) >= 20 else FallbackRanker()
        return self


def gold_of(model, row: dict) -> set[str]:
    """Article ids (any version of the document) a question's published answer cites."""
    wanted = {(str(g["doc"]), str(g["article"])) for g in row["gold"]}
    return {aid for aid, a in model.articles.items()
            if (model.corpus.documents[a.doc_key].number, a.label) in wanted}


def question_day(row: dict, today: dt.date | None = None) -> dt.date:
    return dt.date.fromisoformat(row["as_of"]) if row.get("as_of") else (today or dt.date.today())


def scored(model, rows: list[dict]) -> list[dict]:
    """The questions whose gold cites a document of the corpus."""
    numbers = {d.number for d in model.corpus.documents.values()}
    return [r for r in rows if any(str(g["doc"]) in numbers for g in r["gold"])]


def training_sets(model, rows: list[dict]) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    sets, labels, groups = [], [], []
    for n, row in enumerate(scored(model, rows)):
        gold = gold_of(model, row)
        for question in (row["question"], text.fold(row["question"])):
            found = candidates(model, model.preparer.prepare(question), question_day(row))
            sets.append(found.features)
            labels.append(np.array([model.article_ids[r] in gold for r in found.rows], dtype=int))
            groups.append(n)
    return sets, labels, np.array(groups, dtype=int)
