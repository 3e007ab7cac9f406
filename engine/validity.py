"""The law in time: which articles may answer on a day, and how much.

A text in force answers with weight 1. A replaced text whose successor is not in the
corpus (an orphan) still answers, a little behind, and first when its title holds more of
the question than the title of any text in force (penalties, today, live only in the
replaced 12/2022/NĐ-CP). Everything else (replaced with successor here, not yet in force,
expired versions) does not answer.
"""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict

import numpy as np

from . import text
from .weights import WEIGHTS


def accented_bigrams(normalized: str) -> set[str]:
    syllables = text.syllables_accented(normalized)
    return {f"{a} {b}" for a, b in zip(syllables, syllables[1:])}


def title_signatures(corpus, articles: list, doc_keys: list[str]) -> list[tuple[str, ...]]:
    """Per document, the pairs of words of its title that belong to it: at least the set share
    of the articles using them are its own ("xử phạt" for the penalties decree, not "lao động")."""
    frequency: dict[str, int] = {}
    own: dict[str, dict[str, int]] = {k: {} for k in doc_keys}
    for article in articles:
        for pair in accented_bigrams(text.normalize(f"{article.title} {article.full_text}")):
            frequency[pair] = frequency.get(pair, 0) + 1
            own[article.doc_key][pair] = own[article.doc_key].get(pair, 0) + 1
    signatures = []
    for key in doc_keys:
        title = accented_bigrams(text.normalize(corpus.documents[key].title))
        signatures.append(tuple(sorted(p for p in title if frequency.get(p)
                                       and own[key].get(p, 0) / frequency[p] >= WEIGHTS.title_signature_share)))
    return signatures


class Validity:
    """Learns documents, their titles and each article's document in `fit`."""

    def fit(self, corpus, articles: list, syllable_vectorizer) -> "Validity":
        self.corpus_, self.documents_ = corpus, corpus.documents
        self.doc_keys_ = list(corpus.documents)
        self.article_docs_ = np.array([a.doc_key for a in articles], dtype=object)
        self.article_doc_index_ = np.array([self.doc_keys_.index(a.doc_key) for a in articles], dtype=np.int32)
        # sorted tuples, not sets: a set of strings pickles in hash-seed order, and the same
        # corpus must give the same bytes
        self.title_syllables_ = [tuple(sorted(set(text.syllables_accented(text.normalize(corpus.documents[k].title)))))
                                 for k in self.doc_keys_]
        self.signatures_ = title_signatures(corpus, articles, self.doc_keys_)
        self.vocabulary_, self.idf_ = syllable_vectorizer.vocabulary_, syllable_vectorizer.idf_
        return self

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != "_days"}

    def weights(self, day: dt.date) -> tuple[np.ndarray, np.ndarray]:
        """(weight, orphan) per article row on that day."""
        days = self.__dict__.setdefault("_days", OrderedDict())
        if day not in days:
            weight_of = {}
            for key, doc in self.documents_.items():
                status = doc.status(day)
                weight_of[key] = (1.0 if status == "in_force" else
                                  WEIGHTS.orphan_penalty if status == "replaced" and doc.replaced_by and self.corpus_.lacks(doc.replaced_by)
                                  else 0.0)
            weights = np.array([weight_of[k] for k in self.article_docs_], dtype=np.float32)
            days[day] = (weights, (weights > 0) & (weights < 1))
            if len(days) > WEIGHTS.day_cache:
                days.popitem(last=False)
        return days[day]

    def title_coverage(self, query) -> np.ndarray:
        """Per document: the share of the question's weight (IDF² of each accented syllable,
        lexicon hints counting less) that the document's title holds."""
        weights: dict[str, float] = {}
        for source, factor in ((query.words_text, 1.0), (query.expansion, WEIGHTS.expansion_weight)):
            for syllable in text.syllables_accented(source):
                column = self.vocabulary_.get(text.fold(syllable))
                if column is not None and text.fold(syllable) not in text.FOLDED_STOPWORDS:
                    weights[syllable] = max(weights.get(syllable, 0.0), factor * float(self.idf_[column]) ** 2)
        total = sum(weights.values())
        if not total:
            return np.zeros(len(self.doc_keys_))
        return np.array([sum(w for s, w in weights.items() if s in title) / total
                         for title in map(set, self.title_syllables_)])

    def for_query(self, query, day: dt.date) -> tuple[np.ndarray, np.ndarray]:
        """(weight, orphan) per article for this question on that day, orphans lifted when
        the question speaks of them."""
        weights, orphan = self.weights(day)
        if not orphan.any():
            return weights, orphan
        # only a question using words that belong to an orphan's title ("xử phạt") can lift it
        asked = accented_bigrams(query.words_text) | accented_bigrams(query.expansion)
        speaks_of = np.array([not asked.isdisjoint(s) for s in self.signatures_])[self.article_doc_index_]
        candidates = orphan & speaks_of
        if not candidates.any():
            return weights, orphan
        title_sim = self.title_coverage(query)[self.article_doc_index_]
        best_in_force = title_sim[weights >= 1].max(initial=0.0)
        lifted = candidates & (title_sim > best_in_force + WEIGHTS.orphan_margin)
        if not lifted.any():
            return weights, orphan
        # texts in force follow in proportion to how much of the question their own title
        # holds compared with the orphan's
        ratio = np.minimum(1.0, title_sim / title_sim[lifted].max())
        return np.where(lifted, 1.0, np.where(weights >= 1, ratio, weights)).astype(np.float32), orphan
