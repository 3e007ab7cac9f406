"""Put diacritics back on a question typed without them, from the statutes' own words.

A syllable bigram model over the corpus picks, for each run of unaccented
syllables, the most likely accented spelling (Viterbi). Syllables the corpus
never uses are left as typed.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Iterable

from .text import fold

_WORD = re.compile(r"\w+")
_MAX_CANDIDATES = 8


class AccentRestorer:
    """Learns syllable statistics in `fit`; `restore` works on normalised text."""

    def __init__(self, interpolation: float = 0.8):
        self.interpolation = interpolation

    def fit(self, texts: Iterable[str]) -> "AccentRestorer":
        unigrams: Counter = Counter()
        bigrams: Counter = Counter()
        for chunk in texts:
            for sentence in re.split(r"[.;:\n!?]", chunk):
                words = _WORD.findall(sentence)
                unigrams.update(words)
                bigrams.update(zip(words, words[1:]))
        by_fold: dict[str, list[str]] = defaultdict(list)
        for word, _ in unigrams.most_common():
            key = fold(word)
            if len(by_fold[key]) < _MAX_CANDIDATES:
                by_fold[key].append(word)
        self.unigrams = dict(unigrams)
        self.bigrams = dict(bigrams)
        self.candidates = dict(by_fold)
        self.total = sum(unigrams.values())
        return self

    def _logp(self, prev: str | None, word: str) -> float:
        uni = (self.unigrams.get(word, 0) + 0.1) / (self.total + 1)
        if prev is None:
            return math.log(uni)
        big = self.bigrams.get((prev, word), 0) / (self.unigrams.get(prev, 0) + 1)
        return math.log(self.interpolation * big + (1 - self.interpolation) * uni)

    def restore(self, normalized: str) -> str:
        """Most likely accented spelling, word by word.

        Words that already carry diacritics are kept and steer their neighbours.
        """
        words = _WORD.findall(normalized)
        if not words:
            return ""
        lattice = [[w] if fold(w) != w else self.candidates.get(w, [w]) for w in words]
        # Viterbi over the lattice: best[j] = (log-prob, back-pointer) for candidate j.
        best = [(self._logp(None, c), -1) for c in lattice[0]]
        back: list[list[int]] = []
        for i in range(1, len(lattice)):
            row, pointers = [], []
            for cand in lattice[i]:
                score, arg = max((best[j][0] + self._logp(prev, cand), j) for j, prev in enumerate(lattice[i - 1]))
                row.append((score, arg))
                pointers.append(arg)
            best = row
            back.append(pointers)
        j = max(range(len(best)), key=lambda k: best[k][0])
        out = [lattice[-1][j]]
        for i in range(len(lattice) - 2, -1, -1):
            j = back[i][j]
            out.append(lattice[i][j])
        return " ".join(reversed(out))
