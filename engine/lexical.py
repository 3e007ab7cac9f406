"""The lexical channel: TF-IDF over two views (segmented words, folded syllables + pairs)
of each article, each clause (and each point of a long enumeration) and each heading.

`fit` learns from the corpus's articles in three named steps (units, vectorising,
headings); `score` reads only the question's terms (term-major matrices).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from . import text
from .weights import WEIGHTS


def passthrough(tokens):
    """Analyzer for token lists made by engine.text (module-level so it pickles)."""
    return tokens


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=passthrough, sublinear_tf=True, norm="l2", dtype=np.float32)


def stack_scores(term_major: sp.csr_matrix, query: sp.csr_matrix) -> np.ndarray:
    """Cosine of every unit with one l2-normalised query row, reading only the query's terms."""
    if query.nnz == 0:
        return np.zeros(term_major.shape[1], dtype=np.float32)
    return term_major[query.indices].T @ query.data


def blend(word_scores: np.ndarray, syllable_scores: np.ndarray, accented: bool) -> np.ndarray:
    """The one mix of the two views: restored accents are guesses, so the segmented view
    counts less for a question typed without them."""
    ww = WEIGHTS.word_weight * (1.0 if accented else WEIGHTS.unaccented_word_factor)
    return ww * word_scores + (1 - ww) * syllable_scores


def article_heading(article) -> str:
    """Normalised heading text of an article; its title is repeated to weigh more."""
    heading = " . ".join([article.title] * WEIGHTS.title_weight + [article.section.partition(". ")[2],
                                                                   article.chapter.partition(". ")[2]])
    if article.appendix:
        heading += " . lương tối thiểu vùng"
    return text.normalize(heading)


def article_parts(article) -> list[tuple[int, str]]:
    """(clause position, text) of every scored unit: the intro (-1), each clause, and each
    point of a long enumeration with the clause's lead-in."""
    parts = [(-1, article.intro)] if article.intro else []
    for i, c in enumerate(article.clauses):
        if c.repealed:
            continue
        parts.append((i, c.full_text))
        if len(c.points) > WEIGHTS.point_split:
            parts += [(i, f"{c.label}. {c.text}\n{p.label}) {p.text}") for p in c.points]
    return parts


@dataclass
class Units:
    """What the rows stand for: article rows, and per unit its article row, clause position
    (-1 = intro), raw text and whether it states a figure."""
    article_ids: list
    clause_article: np.ndarray
    clause_position: np.ndarray
    texts: list
    has_figure: np.ndarray


def build_units(articles: list) -> Units:
    rows, positions, texts, figures = [], [], [], []
    for row, article in enumerate(articles):
        for pos, part in article_parts(article):
            rows.append(row)
            positions.append(pos)
            texts.append(part)
            figures.append(any(ch.isdigit() for ch in part.partition(" ")[2]))  # not the clause's own number
    return Units([a.id for a in articles], np.array(rows, dtype=np.int32), np.array(positions, dtype=np.int32),
                 texts, np.array(figures, dtype=np.float32))


def article_topic(article) -> str:
    """Chapter, section and title without their numbers: "thời giờ làm việc, thời giờ nghỉ
    ngơi . nghỉ lễ, tết"."""
    parts = (article.chapter.partition(". ")[2] or article.chapter, article.section.partition(". ")[2], article.title)
    return " . ".join(p for p in parts if p)


class LexicalIndex:
    """The constructor stores nothing; `fit` learns vectorizers and term-major matrices."""

    def fit(self, articles: list, documents: dict, progress=None) -> "LexicalIndex":
        progress = progress or (lambda it, **_: it)
        self.units_ = build_units(articles)
        docs, units = self._tokenise(articles, progress)
        self._vectorise(docs, units)
        self._fit_headings(articles, documents)
        return self

    def _tokenise(self, articles, progress):
        """Token lists per article (heading + each clause once) and per unit (title + unit)."""
        word_docs, syl_docs, unit_words, unit_syls = [], [], [], []
        by_article: dict[int, list[int]] = {}
        for i, row in enumerate(self.units_.clause_article):
            by_article.setdefault(int(row), []).append(i)
        for row, article in enumerate(progress(articles, desc="Tách từ", unit="điều")):
            heading, title = article_heading(article), text.normalize(article.title)
            title_words, title_syls = text.word_tokens(title), text.syllable_tokens(title)
            words, syls = text.word_tokens(heading), text.syllable_tokens(heading)
            previous = None
            for i in by_article.get(row, []):
                norm = text.normalize(self.units_.texts[i])
                part_words, part_syls = text.word_tokens(norm), text.syllable_tokens(norm)
                position = int(self.units_.clause_position[i])
                if position == -1 or position != previous:  # the article counts each clause once
                    words, syls = words + part_words, syls + part_syls
                previous = position
                unit_words.append(title_words + part_words)
                unit_syls.append(title_syls + part_syls)
            word_docs.append(words)
            syl_docs.append(syls)
        return (word_docs, syl_docs), (unit_words, unit_syls)

    def _vectorise(self, docs, units) -> None:
        (word_docs, syl_docs), (unit_words, unit_syls) = docs, units
        self.word_vectorizer_ = _vectorizer().fit(word_docs + unit_words)
        self.syllable_vectorizer_ = _vectorizer().fit(syl_docs + unit_syls)
        article_syllables = self.syllable_vectorizer_.transform(syl_docs).tocsr()
        self.fit_article_syllables = article_syllables  # for supersession at fit time; dropped before saving
        self.article_words_t_ = self.word_vectorizer_.transform(word_docs).T.tocsr()
        self.article_syllables_t_ = article_syllables.T.tocsr()
        unit_syllables = self.syllable_vectorizer_.transform(unit_syls).tocsr()
        self.unit_words_t_ = self.word_vectorizer_.transform(unit_words).T.tocsr()
        self.unit_syllables_t_ = unit_syllables.T.tocsr()
        presence = unit_syllables.copy()
        presence.data[:] = 1.0
        self.unit_presence_t_ = presence.T.tocsr()

    def _fit_headings(self, articles, documents) -> None:
        """Title + section + the document's title: context for each article ("xử phạt" for a
        penalties decree)."""
        headings = [text.normalize(f"{a.title} . {a.section.partition('. ')[2]} . {documents[a.doc_key].title}")
                    for a in articles]
        self.heading_words_t_ = self.word_vectorizer_.transform([text.word_tokens(h) for h in headings]).T.tocsr()
        self.heading_syllables_t_ = self.syllable_vectorizer_.transform(
            [text.syllable_tokens(h) for h in headings]).T.tocsr()
        # the document's title alone, so the ranker can learn which kind of text a question wants
        # ("bị phạt bao nhiêu" → a penalties decree) apart from the article's own words
        self.document_syllables_t_ = self.syllable_vectorizer_.transform(
            [text.syllable_tokens(text.normalize(documents[a.doc_key].title)) for a in articles]).T.tocsr()
        # each article's title (term-major, like the others), and the topic it sits in (chapter,
        # section, title; row-major: a few sources are read per question): an article of one
        # text is linked to the strongest candidates of another by topic
        self.title_syllables_t_ = self.syllable_vectorizer_.transform(
            [text.syllable_tokens(text.normalize(a.title)) for a in articles]).T.tocsr()
        self.topic_syllables_ = self.syllable_vectorizer_.transform(
            [text.syllable_tokens(text.normalize(article_topic(a))) for a in articles]).tocsr()

    def topic_links(self, sources: np.ndarray) -> np.ndarray:
        """Cosine of every article's title with each source article's topic (articles × sources)."""
        return (self.topic_syllables_[sources] @ self.title_syllables_t_).toarray().T

    def vector(self, view: str, own: list[str], hints: list[str]) -> sp.csr_matrix:
        """A question's row in one view: its own words, plus the lexicon's statute terms as a
        lighter hint (what the worker wrote matters most)."""
        vectorizer = self.word_vectorizer_ if view == "words" else self.syllable_vectorizer_
        row = vectorizer.transform([own])
        if hints:
            row = row + WEIGHTS.expansion_weight * vectorizer.transform([hints])
        norm = np.sqrt(row.multiply(row).sum())
        return (row / norm if norm else row).tocsr()

    def score(self, query) -> "LexicalScores":
        w, s = query.word_vector, query.syllable_vector
        article = blend(stack_scores(self.article_words_t_, w), stack_scores(self.article_syllables_t_, s), query.accented)
        unit = blend(stack_scores(self.unit_words_t_, w), stack_scores(self.unit_syllables_t_, s), query.accented)
        if query.asks_quantity:
            unit = unit + WEIGHTS.quantity_bonus * self.units_.has_figure * (unit > 0)
        heading = blend(stack_scores(self.heading_words_t_, w), stack_scores(self.heading_syllables_t_, s), query.accented)
        best_unit = np.zeros_like(article)
        np.maximum.at(best_unit, self.units_.clause_article, unit)
        combined = (1 - WEIGHTS.clause_weight) * article + WEIGHTS.clause_weight * best_unit + WEIGHTS.heading_weight * heading
        return LexicalScores(article, best_unit, heading, combined, unit, stack_scores(self.unit_presence_t_, s),
                             stack_scores(self.document_syllables_t_, s))


@dataclass(frozen=True)
class LexicalScores:
    article: np.ndarray      # per article: cosine with the whole article
    best_unit: np.ndarray    # per article: its best clause or point
    heading: np.ndarray      # per article: its heading
    combined: np.ndarray     # per article: the hand-set mix (a ranker feature, and the fallback)
    unit: np.ndarray         # per unit: cosine
    coverage: np.ndarray     # per unit: weighted share of the question's terms present
    document: np.ndarray     # per article: its document's title (folded syllables)
