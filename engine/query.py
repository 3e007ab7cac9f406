"""A question → one immutable `Query` record holding everything the channels need.

`Preparer.prepare` runs once per question (its cache is its own): normalisation, accent
restoration, lexicon hints, a named provision ("khoản 2 điều 35 blld"), the asking part
of a long letter, both lexical rows and the question's vector.
"""
from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from . import text
from .semantic import encoder
from .weights import WEIGHTS

_REFERENCE = re.compile(r"(?:khoan\s+(\d+[a-z]?)\s+)?(?:cua\s+)?dieu\s+(\d+[a-z]?)\b")
_YEAR = re.compile(r"\b(19|20)\d\d\b")
# A question asking "how much / how long" is answered by a clause that states a figure.
_ASKS_QUANTITY = re.compile(r"\b(may|bao nhieu|bao lau|toi da|toi thieu|muc|phan tram|ty le)\b|%")
# How a letter turns to its question (folded): "cho hỏi", "vậy", "có được … không", "?".
_ASKING = re.compile(r"\?|\b(cho (em|toi|minh|chau)? ?hoi|xin hoi|hoi|vay|co duoc|duoc khong|co phai|the nao|"
                     r"bao nhieu|bao lau|khong a|nhu the nao|lam sao|phai lam gi|co bi)\b")
_SENTENCE = re.compile(r"(?<=[.?!\n])\s+")


@dataclass(frozen=True, eq=False)
class Query:
    accented: bool
    words_text: str         # accented text for the segmented view (restored when typed without marks)
    expansion: str          # statute terms added by the lexicon
    reference: tuple | None  # (article label, clause label, doc keys) named in the question
    asks_quantity: bool
    length: int             # characters of the question as typed
    focus: str              # the asking part of a long letter ("" for a short question)
    word_vector: object     # sparse rows of the two lexical views
    syllable_vector: object
    dense: np.ndarray | None  # the question's vector (None without a semantic channel)
    words: tuple[str, ...]  # its content words, for highlighting


def asking_part(normalized: str) -> str:
    """The sentences of a long letter that ask (or its last sentence).

    >>> asking_part("Tôi làm ở công ty 5 năm. Nay công ty cho tôi nghỉ. Vậy tôi có được trợ cấp không?")
    'Vậy tôi có được trợ cấp không?'
    """
    sentences = [s for s in _SENTENCE.split(normalized) if s.strip()]
    asking = [s for s in sentences if _ASKING.search(text.fold(s))]
    chosen = asking[-2:] if asking else sentences[-1:]
    return " ".join(chosen)


class Preparer:
    """Learns the lexicon's phrases and the documents' names in `fit`; `prepare` makes queries."""

    def fit(self, corpus, lexical, restorer, semantic: bool) -> "Preparer":
        targets: dict[str, list[str]] = {}
        # sorted, never a set's order: the same corpus must pickle to the same bytes in any process
        for entry in corpus.lexicon:
            for form in sorted({entry.phrase, text.fold(entry.phrase)}):
                targets.setdefault(form, []).extend(entry.targets)
        pattern = "|".join(sorted(map(re.escape, targets), key=lambda p: (-len(p), p))) or r"(?!)"
        self.lexicon_re_ = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")
        self.lexicon_targets_ = targets
        self.aliases_ = document_aliases(corpus)
        self.lexical_, self.restorer_, self.semantic_ = lexical, restorer, semantic
        return self

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != "_cache"}

    def expansion(self, normalized: str) -> str:
        terms = []
        for haystack in (normalized, text.fold(normalized)):
            # overlapping phrases ("nghỉ phép", "phép năm") both count: scan from every word start
            for start in [0] + [m.end() for m in re.finditer(r"\s+", haystack)]:
                if m := self.lexicon_re_.match(haystack, start):
                    terms.extend(self.lexicon_targets_[m.group()])
        return " . ".join(dict.fromkeys(terms))

    def reference(self, folded: str) -> tuple | None:
        m = _REFERENCE.search(folded)
        if not m:
            return None
        tail = folded[m.end():]
        years = {y.group() for y in _YEAR.finditer(tail)}
        keys = [key for alias, key, year in self.aliases_
                if alias in tail and (not years or year in years or alias[0].isdigit())]
        return m.group(2), m.group(1), tuple(dict.fromkeys(keys))

    def prepare(self, question: str) -> Query:
        cache = self.__dict__.setdefault("_cache", OrderedDict())
        if question in cache:
            cache.move_to_end(question)
            return cache[question]
        query = self._prepare(question)
        cache[question] = query
        if len(cache) > WEIGHTS.query_cache:  # bounded: a public endpoint sees endless new questions
            cache.popitem(last=False)
        return query

    def _prepare(self, question: str) -> Query:
        normalized = text.normalize(question)
        folded = text.fold(normalized)
        accented = text.has_diacritics(normalized)
        words_text = normalized if accented else self.restorer_.restore(normalized)
        focus = asking_part(words_text) if len(question) > WEIGHTS.long_question_chars else ""
        expansion = self.expansion(normalized)
        words = text.word_tokens(words_text)
        focus_words = text.word_tokens(focus) * int(WEIGHTS.focus_weight) if focus else []
        focus_syls = text.syllable_tokens(focus) * int(WEIGHTS.focus_weight) if focus else []
        dense = encoder().query(focus or words_text) if self.semantic_ else None
        return Query(accented, words_text, expansion, self.reference(folded), bool(_ASKS_QUANTITY.search(folded)),
                     len(question), focus,
                     self.lexical_.vector("words", words + focus_words, text.word_tokens(expansion)),
                     self.lexical_.vector("syllables", text.syllable_tokens(normalized) + focus_syls,
                                          text.syllable_tokens(expansion)),
                     dense, tuple(words))


def document_aliases(corpus) -> list[tuple[str, str, str]]:
    """(folded alias, doc key, year) longest first, for naming a document in a question."""
    aliases = []
    for doc in corpus.documents.values():
        name = re.sub(r"\(.*?\)", "", doc.short_name)
        year = m.group() if (m := _YEAR.search(name)) else str(doc.issued.year)
        base = text.fold(_YEAR.sub("", name)).strip()
        base = re.sub(r"\s+", " ", base.split(" ve ")[0]).strip()
        head = doc.number.split("/")
        for alias in sorted({base, text.fold(doc.number), text.fold(head[0] + "/" + head[1])}):
            if alias:
                aliases.append((alias, doc.key, year))
    aliases.sort(key=lambda a: (-len(a[0]), a))
    return aliases
