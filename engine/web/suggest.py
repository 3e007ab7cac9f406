"""Suggestions while a worker types: curated phrasings first, then titles of articles in
force. The pool is read on every keystroke, so it is built once per model and day and
kept by this object (one per app), not pinned onto the model."""
from __future__ import annotations

import datetime as dt
import threading

from .. import text


class Suggestions:
    def __init__(self):
        self._key = None
        self._pairs: list[tuple[str, list[str]]] = []
        self._lock = threading.Lock()

    def _pool(self, model, day: dt.date) -> list[tuple[str, list[str]]]:
        with self._lock:
            if self._key != (id(model), day):
                pool = [p for entry in model.corpus.qa for p in entry.questions]
                pool += [a.title for a in model.corpus.articles
                         if not a.repealed and not a.appendix and model.corpus.documents[a.doc_key].in_force(day)]
                self._pairs = [(candidate, text.syllables(candidate)) for candidate in pool]
                self._key = (id(model), day)
            return self._pairs

    def find(self, model, q: str, limit: int = 8) -> list[str]:
        """Candidates whose words contain every word typed (the last one may be unfinished)."""
        words = text.syllables(text.normalize(q))
        if not words:
            return [entry.questions[0] for entry in model.corpus.qa][:limit]
        found: list[str] = []
        for candidate, have in self._pool(model, dt.date.today()):
            if all(w in have for w in words[:-1]) and any(h.startswith(words[-1]) for h in have):
                if candidate not in found:
                    found.append(candidate)
                if len(found) >= limit:
                    break
        return found
