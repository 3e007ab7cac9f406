"""Build, save and load the model: vectorizers, matrices and the corpus records.

The artifact is a joblib file with a content-derived name plus a JSON stamp,
`model.json`, that names it. Publishing is one atomic `os.replace` of the stamp,
so a reader sees either the old model or the new one, never half of either.
Readers check the stamp (format, library versions, sha256) before unpickling.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

from . import __version__, text
from .accents import AccentRestorer
from .corpus import Corpus

FORMAT = 1
STAMP_NAME = "model.json"
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models"


class ModelError(Exception):
    """The model on disk cannot be used; the message says why and what to do."""


def model_dir(explicit: str | os.PathLike | None = None) -> Path:
    return Path(explicit or os.environ.get("MODEL_PATH") or DEFAULT_MODEL_DIR)


def library_versions() -> dict[str, str]:
    import underthesea

    return {"engine": __version__, "python": f"{sys.version_info.major}.{sys.version_info.minor}",
            "scikit-learn": sklearn.__version__, "numpy": np.__version__,
            "joblib": joblib.__version__, "underthesea": underthesea.__version__}


def passthrough(tokens):
    """Analyzer for token lists made by engine.text (module-level so it pickles)."""
    return tokens


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=passthrough, sublinear_tf=True, norm="l2", dtype=np.float32)


@dataclass
class Units:
    """What the matrices' rows stand for."""
    article_ids: list[str]             # row i of the article matrices
    clause_article: np.ndarray         # clause row → article row
    clause_position: np.ndarray        # clause row → index in Article.clauses (-1 = intro)


def article_heading(article, title_weight: int) -> str:
    """Normalised heading text of an article; its title is repeated to weigh more."""
    heading = " . ".join([article.title] * title_weight + [article.section.partition(". ")[2],
                                                            article.chapter.partition(". ")[2]])
    if article.appendix:
        heading += " . lương tối thiểu vùng"
    return text.normalize(heading)


def accented_bigrams(normalized: str) -> set[str]:
    syllables = text.syllables_accented(normalized)
    return {f"{a} {b}" for a, b in zip(syllables, syllables[1:])}


def title_signatures(corpus: Corpus, articles: list, doc_keys: list[str], share: float = 0.55) -> list[tuple[str, ...]]:
    """Per document, the pairs of words of its title that belong to it: at least `share` of
    the articles using them are its own ("xử phạt" for the penalties decree, not "lao động")."""
    frequency: dict[str, int] = {}
    own: dict[str, dict[str, int]] = {k: {} for k in doc_keys}
    for article in articles:
        for pair in accented_bigrams(text.normalize(f"{article.title} {article.full_text}")):
            frequency[pair] = frequency.get(pair, 0) + 1
            own[article.doc_key][pair] = own[article.doc_key].get(pair, 0) + 1
    signatures = []
    for key in doc_keys:
        title = accented_bigrams(text.normalize(corpus.documents[key].title))
        signatures.append(tuple(sorted(p for p in title if frequency.get(p) and own[key].get(p, 0) / frequency[p] >= share)))
    return signatures


class Model:
    """TF-IDF over two views of each article and each clause.

    The constructor only stores parameters; `fit` learns from a `Corpus`.
    """

    def __init__(self, title_weight: int = 5, word_weight: float = 0.2, clause_weight: float = 0.5,
                 heading_weight: float = 0.2, decree_prior: float = 0.9):
        self.title_weight = title_weight        # heading repeats inside the article text
        self.word_weight = word_weight          # segmented view vs folded-syllable view
        self.clause_weight = clause_weight      # best clause vs whole article
        self.heading_weight = heading_weight    # question vs article title alone
        self.decree_prior = decree_prior        # a decree details a law: the law answers first

    def fit(self, corpus: Corpus, progress=None) -> "Model":
        progress = progress or (lambda it, **_: it)
        self.corpus = corpus
        articles = [a for a in corpus.articles if not a.repealed]
        self.articles = {a.id: a for a in articles}
        word_docs, syl_docs = [], []
        clause_word, clause_syl, clause_article, clause_pos, figures = [], [], [], [], []
        for row, article in enumerate(progress(articles, desc="Tách từ", unit="điều")):
            heading = article_heading(article, self.title_weight)
            parts = [(-1, article.intro)] if article.intro else []
            for i, c in enumerate(article.clauses):
                if c.repealed:
                    continue
                parts.append((i, c.full_text))
                # a long enumeration is scored point by point too, each with the clause's lead-in
                if len(c.points) > 2:
                    parts += [(i, f"{c.label}. {c.text}\n{p.label}) {p.text}") for p in c.points]
            title = text.normalize(article.title)
            title_words, title_syls = text.word_tokens(title), text.syllable_tokens(title)
            words, syls = text.word_tokens(heading), text.syllable_tokens(heading)
            for n, (pos, part) in enumerate(parts):
                norm = text.normalize(part)
                part_words, part_syls = text.word_tokens(norm), text.syllable_tokens(norm)
                if pos == -1 or parts[n - 1][0] != pos:  # the article counts each clause once
                    words += part_words
                    syls += part_syls
                clause_word.append(title_words + part_words)
                clause_syl.append(title_syls + part_syls)
                clause_article.append(row)
                clause_pos.append(pos)
                figures.append(any(ch.isdigit() for ch in part.partition(" ")[2]))  # not the clause's own number
            word_docs.append(words)
            syl_docs.append(syls)
        self.word_vectorizer = _vectorizer().fit(word_docs + clause_word)
        self.syllable_vectorizer = _vectorizer().fit(syl_docs + clause_syl)
        self.article_words = self.word_vectorizer.transform(word_docs).tocsr()
        self.article_syllables = self.syllable_vectorizer.transform(syl_docs).tocsr()
        self.clause_words = self.word_vectorizer.transform(clause_word).tocsr()
        self.clause_syllables = self.syllable_vectorizer.transform(clause_syl).tocsr()
        self.units = Units([a.id for a in articles], np.array(clause_article, dtype=np.int32),
                           np.array(clause_pos, dtype=np.int32))
        self.article_rows = {a.id: row for row, a in enumerate(articles)}
        self.clause_has_figure = np.array(figures, dtype=np.float32)
        self.article_docs = np.array([a.doc_key for a in articles], dtype=object)
        # The document's title is context for each of its articles ("xử phạt" for a penalties decree).
        headings = [text.normalize(f"{a.title} . {a.section.partition('. ')[2]} . {corpus.documents[a.doc_key].title}")
                    for a in articles]
        self.heading_words = self.word_vectorizer.transform([text.word_tokens(h) for h in headings]).tocsr()
        self.heading_syllables = self.syllable_vectorizer.transform([text.syllable_tokens(h) for h in headings]).tocsr()
        # What the query path reads, laid out for it: term-major matrices (a query touches
        # only its own terms' rows), clause term presence, articles' accented words.
        self.article_words_t = self.article_words.T.tocsr()
        self.article_syllables_t = self.article_syllables.T.tocsr()
        self.clause_words_t = self.clause_words.T.tocsr()
        self.clause_syllables_t = self.clause_syllables.T.tocsr()
        self.heading_words_t = self.heading_words.T.tocsr()
        self.heading_syllables_t = self.heading_syllables.T.tocsr()
        # each document's title, to tell which text a question is about as a whole
        self.doc_keys = list(corpus.documents)
        # accented syllables ("đóng", pay, must not match "động" of "lao động"), not compounds
        # ("phạt" must match "xử phạt")
        # sorted tuples, not sets: a set of strings pickles in hash-seed order, and the same
        # corpus must give the same bytes
        self.doc_title_syllables = [tuple(sorted(set(text.syllables_accented(text.normalize(corpus.documents[k].title)))))
                                    for k in self.doc_keys]
        self.doc_signatures = title_signatures(corpus, articles, self.doc_keys)
        self.article_doc_index = np.array([self.doc_keys.index(a.doc_key) for a in articles], dtype=np.int32)
        presence = self.clause_syllables.copy()
        presence.data[:] = 1.0
        self.clause_presence_t = presence.T.tocsr()
        self.article_surface = [" " + " ".join(text.syllables_accented(text.normalize(f"{a.title}\n{a.full_text}"))) + " "
                                for a in articles]
        from .supersession import map_successors

        self.successors, self.supersession_report = map_successors(
            self.units.article_ids, self.article_docs, self.article_syllables, corpus)
        self.prior = np.array([self.decree_prior if corpus.documents[a.doc_key].kind.startswith("Nghị định") else 1.0
                               for a in articles], dtype=np.float32)
        from .search import build_curated_index

        build_curated_index(self)
        self.restorer = AccentRestorer().fit(
            text.normalize(f"{a.title}\n{a.full_text}") for a in articles)
        return self

    def __getstate__(self):
        # Per-process caches (names starting with "_") are not part of the model.
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    # -- persistence -------------------------------------------------------
    def save(self, directory: str | os.PathLike | None = None, evaluation: dict | None = None) -> Path:
        """Write the artifact under a new name, then publish it by replacing the stamp."""
        directory = model_dir(directory)
        directory.mkdir(parents=True, exist_ok=True)
        built = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        fd, tmp = tempfile.mkstemp(prefix=".model-", suffix=".tmp", dir=directory)
        os.close(fd)
        try:
            joblib.dump(self, tmp, compress=3)
            digest = _sha256(Path(tmp))
            name = f"model-{built:%Y%m%dT%H%M%S}-{digest[:12]}.joblib"
            os.replace(tmp, directory / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        stamp = {
            "format": FORMAT, "artifact": name, "sha256": digest, "versions": library_versions(),
            "corpus_hash": self.corpus.hash, "built_at": built.isoformat(),
            "version": f"{built:%Y%m%d%H%M%S}-{digest[:8]}",
            "documents": [{"number": d.number, "key": d.key, "short_name": d.short_name,
                           "replaced_by": d.replaced_by,
                           "replaced_on": d.replaced_on.isoformat() if d.replaced_on else None}
                          for d in self.corpus.documents.values()],
            "articles": len(self.articles), "evaluation": evaluation or {},
        }
        _write_atomic(directory / STAMP_NAME, json.dumps(stamp, ensure_ascii=False, indent=2))
        _prune(directory, keep={name})
        return directory / name


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_atomic(path: Path, content: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".stamp-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prune(directory: Path, keep: set[str], spare: int = 1) -> None:
    """Remove old artifacts, keeping the newest `spare` ones a running server may still be reading."""
    old = sorted((p for p in directory.glob("model-*.joblib") if p.name not in keep),
                 key=lambda p: p.stat().st_mtime, reverse=True)
    for path in old[spare:]:
        path.unlink(missing_ok=True)


def read_stamp(directory: str | os.PathLike | None = None) -> dict:
    directory = model_dir(directory)
    path = directory / STAMP_NAME
    if not path.exists():
        raise ModelError(f"no model in {directory}: run `python train.py` first")
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise ModelError(f"model stamp {path} is not valid JSON ({err}); rebuild with `python train.py`") from err
    if not isinstance(stamp, dict) or stamp.get("format") != FORMAT:
        raise ModelError(f"model stamp {path} has format {stamp.get('format') if isinstance(stamp, dict) else '?'}, "
                         f"this engine reads format {FORMAT}; rebuild with `python train.py`")
    return stamp


def load(directory: str | os.PathLike | None = None) -> tuple[Model, dict]:
    """Check the stamp, then unpickle; every refusal says why."""
    directory = model_dir(directory)
    stamp = read_stamp(directory)
    ours = library_versions()
    for lib in ("engine", "scikit-learn", "numpy", "joblib", "python"):
        theirs = stamp.get("versions", {}).get(lib)
        if theirs != ours[lib]:
            raise ModelError(f"model was built with {lib} {theirs}, this server has {ours[lib]}; "
                             "rebuild with `python train.py`")
    artifact = directory / str(stamp.get("artifact", ""))
    if not artifact.is_file():
        raise ModelError(f"model file {artifact} named by the stamp is missing; rebuild with `python train.py`")
    if _sha256(artifact) != stamp.get("sha256"):
        raise ModelError(f"model file {artifact.name} does not match its stamp (sha256 differs): "
                         "truncated or replaced; rebuild with `python train.py`")
    try:
        model = joblib.load(artifact)
    except Exception as err:  # a corrupt pickle can raise almost anything
        raise ModelError(f"model file {artifact.name} cannot be read ({type(err).__name__}: {err})") from err
    if not isinstance(model, Model) or getattr(model, "corpus", None) is None:
        raise ModelError(f"model file {artifact.name} does not hold a model of this engine")
    if model.corpus.hash != stamp.get("corpus_hash"):
        raise ModelError(f"model file {artifact.name} was built from corpus {model.corpus.hash}, "
                         f"its stamp says {stamp.get('corpus_hash')}")
    return model, stamp


def stack_scores(term_major: sp.csr_matrix, query: sp.csr_matrix) -> np.ndarray:
    """Cosine of every unit with one l2-normalised query row, reading only the query's terms."""
    if query.nnz == 0:
        return np.zeros(term_major.shape[1], dtype=np.float32)
    return term_major[query.indices].T @ query.data
