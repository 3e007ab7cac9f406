"""A question (+ as_of) → ranked hits, with the question's words found in each."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from . import text
from .index import Model, accented_bigrams, stack_scores
from .records import Hit

# A replaced text whose successor is not in the corpus may still answer, a little behind.
ORPHAN_PENALTY = 0.85
ORPHAN_MARGIN = 0.05
EXPANSION_WEIGHT = 0.25
# Function words worth no highlight (retrieval weighs them by IDF already).
HIGHLIGHT_SKIP = frozenset("khi nếu thì sao ở từ về đến trong ra vào nào gì để mà cho của với các những".split())
NAMED_BOOST = 1.0
# A curated entry answers first when one of its phrasings is this close to the question.
CURATED_THRESHOLD = 0.58

_REFERENCE = re.compile(r"(?:khoan\s+(\d+[a-z]?)\s+)?(?:cua\s+)?dieu\s+(\d+[a-z]?)\b")
_YEAR = re.compile(r"\b(19|20)\d\d\b")
# A question asking "how much / how long" is answered by a clause that states a figure.
_ASKS_QUANTITY = re.compile(r"\b(may|bao nhieu|bao lau|toi da|toi thieu|muc|phan tram|ty le)\b|%")
QUANTITY_BONUS = 0.05


@dataclass(frozen=True, eq=False)
class Query:
    raw: str
    normalized: str
    accented: bool
    words_text: str         # accented text for the segmented view (restored when typed without marks)
    expansion: str          # statute terms added by the lexicon
    reference: tuple[str, str | None, tuple[str, ...]] | None  # (article, clause, doc keys)
    asks_quantity: bool = False
    word_vector: object = None      # the question's TF-IDF rows, computed once per question
    syllable_vector: object = None
    words: tuple[str, ...] = ()     # its content words, for highlighting


def _lexicon_matcher(model: Model):
    """One regex over every colloquial phrase, accented and folded, built once per model."""
    cached = model.__dict__.get("_lexicon_re")
    if cached is None:
        targets: dict[str, list[str]] = {}
        for entry in model.corpus.lexicon:
            for form in {entry.phrase, text.fold(entry.phrase)}:
                targets.setdefault(form, []).extend(entry.targets)
        pattern = "|".join(sorted(map(re.escape, targets), key=len, reverse=True)) or r"(?!)"
        cached = model._lexicon_re = (re.compile(rf"(?<!\w)(?:{pattern})(?!\w)"), targets)
    return cached


def _lexicon_expansion(model: Model, normalized: str, folded: str) -> str:
    regex, targets = _lexicon_matcher(model)
    terms = []
    for haystack in (normalized, folded):
        # overlapping phrases ("nghỉ phép", "phép năm") both count: scan from every word start
        for start in [0] + [m.end() for m in re.finditer(r"\s+", haystack)]:
            if m := regex.match(haystack, start):
                terms.extend(targets[m.group()])
    return " . ".join(dict.fromkeys(terms))


def _document_aliases(model: Model) -> list[tuple[str, str, str]]:
    """(folded alias, doc key, year) longest first, for naming a document in a question."""
    cached = getattr(model, "_aliases", None)
    if cached is not None:
        return cached
    aliases = []
    for doc in model.corpus.documents.values():
        name = re.sub(r"\(.*?\)", "", doc.short_name)
        year = m.group() if (m := _YEAR.search(name)) else str(doc.issued.year)
        base = text.fold(_YEAR.sub("", name)).strip()
        base = re.sub(r"\s+", " ", base.split(" ve ")[0]).strip()
        for alias in {base, text.fold(doc.number), text.fold(doc.number.split("/")[0] + "/" + doc.number.split("/")[1])}:
            if alias:
                aliases.append((alias, doc.key, year))
    aliases.sort(key=lambda a: -len(a[0]))
    model._aliases = aliases
    return aliases


def _reference(model: Model, folded: str) -> tuple[str, str | None, tuple[str, ...]] | None:
    m = _REFERENCE.search(folded)
    if not m:
        return None
    tail = folded[m.end():]
    years = {y.group() for y in _YEAR.finditer(tail)}
    keys: list[str] = []
    for alias, key, year in _document_aliases(model):
        if alias in tail and (not years or year in years or alias[0].isdigit()):
            keys.append(key)
    return m.group(2), m.group(1), tuple(dict.fromkeys(keys))


def _query_vector(vectorizer, own: list[str], hints: list[str]):
    """The question's own words, plus the lexicon's statute terms as a lighter hint:
    what the worker wrote matters most ("trợ cấp thôi việc" beats what "nghỉ việc" suggests)."""
    vector = vectorizer.transform([own])
    if hints:
        vector = vector + EXPANSION_WEIGHT * vectorizer.transform([hints])
    norm = np.sqrt(vector.multiply(vector).sum())
    return (vector / norm if norm else vector).tocsr()


def prepare(model: Model, question: str) -> Query:
    """Normalise, restore diacritics, expand and parse a question (cached per model)."""
    cache = model.__dict__.setdefault("_queries", {})
    if question in cache:
        return cache[question]
    normalized = text.normalize(question)
    folded = text.fold(normalized)
    accented = text.has_diacritics(normalized)
    words_text = normalized if accented else model.restorer.restore(normalized)
    expansion = _lexicon_expansion(model, normalized, folded)
    words = text.word_tokens(words_text)
    query = Query(question, normalized, accented, words_text, expansion, _reference(model, folded),
                  bool(_ASKS_QUANTITY.search(folded)),
                  _query_vector(model.word_vectorizer, words, text.word_tokens(expansion)),
                  _query_vector(model.syllable_vectorizer, text.syllable_tokens(normalized), text.syllable_tokens(expansion)),
                  tuple(words))
    if len(cache) >= 1024:  # bounded: a public endpoint sees endless new questions
        cache.clear()
    cache[question] = query
    return query


def eligible(model: Model, day: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """(weight, orphan) per article row on that day: weight 1 in force, ORPHAN_PENALTY for a
    replaced text whose successor is not in the corpus (an orphan), 0 otherwise (and for
    texts not yet in force)."""
    cache = model.__dict__.setdefault("_eligible", {})
    if day in cache:
        return cache[day]
    numbers = {d.number for d in model.corpus.documents.values()}
    weight_of = {}
    for key, doc in model.corpus.documents.items():
        status = doc.status(day)
        if status == "in_force":
            weight_of[key] = 1.0
        elif status == "replaced" and doc.replaced_by and doc.replaced_by not in numbers:
            weight_of[key] = ORPHAN_PENALTY
        else:
            weight_of[key] = 0.0
    weights = np.array([weight_of.get(k, 0.0) for k in model.article_docs], dtype=np.float32)
    if len(cache) > 64:
        cache.clear()
    cache[day] = (weights, (weights > 0) & (weights < 1))
    return cache[day]


def _title_coverage(model: Model, query: Query) -> np.ndarray:
    """Per document: the share of the question's weight (IDF of each accented syllable, the
    lexicon's hints counting a quarter) that the document's title holds."""
    vocabulary, idf = model.syllable_vectorizer.vocabulary_, model.syllable_vectorizer.idf_
    weights: dict[str, float] = {}
    for source, factor in ((query.words_text, 1.0), (query.expansion, EXPANSION_WEIGHT)):
        for syllable in text.syllables_accented(source):
            column = vocabulary.get(text.fold(syllable))
            if column is not None and text.fold(syllable) not in text.FOLDED_STOPWORDS:
                weights[syllable] = max(weights.get(syllable, 0.0), factor * float(idf[column]) ** 2)
    total = sum(weights.values())
    if not total:
        return np.zeros(len(model.doc_keys))
    titles = model.__dict__.get("_title_sets")
    if titles is None:
        titles = model._title_sets = [set(title) for title in model.doc_title_syllables]
    return np.array([sum(w for s, w in weights.items() if s in title) / total for title in titles])


def _lift_orphans(model: Model, weights: np.ndarray, orphan: np.ndarray, query: Query) -> np.ndarray:
    """A replaced text with no successor in the corpus answers first when nothing in force
    covers the question as well: when its title holds more of the question than the title
    of any text in force (penalties, today, live only in the replaced 12/2022/NĐ-CP)."""
    if not orphan.any():
        return weights
    # only a question using words that belong to an orphan's title ("xử phạt") can lift it
    asked = accented_bigrams(query.words_text) | accented_bigrams(query.expansion)
    speaks_of = np.array([not asked.isdisjoint(signature) for signature in model.doc_signatures])[model.article_doc_index]
    orphan = orphan & speaks_of
    if not orphan.any():
        return weights
    title_sim = _title_coverage(model, query)[model.article_doc_index]
    best_in_force = title_sim[weights >= 1].max(initial=0.0)
    lifted = orphan & (title_sim > best_in_force + ORPHAN_MARGIN)
    if not lifted.any():
        return weights
    # The texts in force only share words with the question: each follows in proportion to
    # how much of the question its own title holds compared with the orphan's.
    ratio = np.minimum(1.0, title_sim / title_sim[lifted].max())
    return np.where(lifted, 1.0, np.where(weights >= 1, ratio, weights))


def matched_terms(query: Query, haystack: str) -> tuple[str, ...]:
    """The question's words found in the article (its accented words, space-delimited),
    compared with their diacritics (restored ones for a question typed without), so
    "đuổi" never matches "dưới"."""
    found = []
    for word in query.words:
        phrase = word.replace("_", " ")
        if len(phrase) > 1 and phrase not in HIGHLIGHT_SKIP and f" {phrase} " in haystack:
            found.append(phrase)
    return tuple(dict.fromkeys(found))


def search(model: Model, question: str, as_of: dt.date | None = None, top_k: int = 5) -> list[Hit]:
    """Rank the articles in force on `as_of` (default today) for a question."""
    day = as_of or dt.date.today()
    query = prepare(model, question)
    word_q, syl_q = query.word_vector, query.syllable_vector
    ww = model.word_weight if query.accented else model.word_weight * 0.6
    article = ww * stack_scores(model.article_words_t, word_q) + (1 - ww) * stack_scores(model.article_syllables_t, syl_q)
    clause = ww * stack_scores(model.clause_words_t, word_q) + (1 - ww) * stack_scores(model.clause_syllables_t, syl_q)
    if query.asks_quantity:
        clause = clause + QUANTITY_BONUS * model.clause_has_figure * (clause > 0)
    heading = ww * stack_scores(model.heading_words_t, word_q) + (1 - ww) * stack_scores(model.heading_syllables_t, syl_q)
    coverage = stack_scores(model.clause_presence_t, syl_q)
    best_clause = np.zeros_like(article)
    np.maximum.at(best_clause, model.units.clause_article, clause)
    raw = ((1 - model.clause_weight) * article + model.clause_weight * best_clause
           + model.heading_weight * heading) * model.prior
    weights, orphan = eligible(model, day)
    weights = _lift_orphans(model, weights, orphan, query)
    scores = raw * weights
    if query.reference:
        _boost_reference(model, query.reference, scores)
    top = np.argsort(-scores)[: max(top_k, 1)]
    hits = []
    for row in top:
        if scores[row] <= 0:
            break
        art = model.articles[model.units.article_ids[row]]
        # Quote the clause covering most of the question's weighted terms (cosine alone
        # prefers the shortest clause), then the most similar, then one stating a figure.
        first, last = np.searchsorted(model.units.clause_article, [row, row + 1])
        rows = np.arange(first, last)
        snippet = coverage[rows] + 0.5 * clause[rows] + (0.1 * model.clause_has_figure[rows] if query.asks_quantity else 0.0)
        best = rows[np.argmax(snippet)] if rows.size else None
        position = int(model.units.clause_position[best]) if best is not None else -1
        if query.reference and art.label == query.reference[0]:
            # a named provision is quoted from the clause named, else from its start
            wanted = query.reference[1] or (art.clauses[0].label if art.clauses and not art.intro else None)
            position = next((i for i, c in enumerate(art.clauses) if c.label == wanted), -1 if art.intro else position)
        hits.append(Hit(article=art, document=model.corpus.documents[art.doc_key], score=float(scores[row]),
                        clause_index=None if position < 0 else position,
                        matched=matched_terms(query, model.article_surface[row])))
    return hits


def _boost_reference(model: Model, reference, scores: np.ndarray) -> None:
    label, _clause, keys = reference
    rows = [i for i, aid in enumerate(model.units.article_ids)
            if aid.rsplit("/d", 1)[-1] == label and (not keys or model.article_docs[i] in keys) and scores[i] > 0]
    if not rows and keys:
        rows = [i for i, aid in enumerate(model.units.article_ids)
                if aid.rsplit("/d", 1)[-1] == label and model.article_docs[i] in keys]
    for i in rows:
        scores[i] += NAMED_BOOST


def build_curated_index(model: Model) -> None:
    """Vectors of every curated phrasing, expanded by the lexicon like a question."""
    entries = list(model.corpus.qa)
    phrasings = [(i, q) for i, entry in enumerate(entries) for q in entry.questions]
    model.qa_owner = np.array([i for i, _ in phrasings], dtype=np.int32)
    if not phrasings:
        model.qa_words_t = model.qa_syllables_t = None
        return
    words, syls = [], []
    for _, q in phrasings:
        normalized = text.normalize(q)
        expansion = _lexicon_expansion(model, normalized, text.fold(normalized))
        words.append(_query_vector(model.word_vectorizer, text.word_tokens(normalized), text.word_tokens(expansion)))
        syls.append(_query_vector(model.syllable_vectorizer, text.syllable_tokens(normalized), text.syllable_tokens(expansion)))
    model.qa_words_t = sp.vstack(words).T.tocsr()
    model.qa_syllables_t = sp.vstack(syls).T.tocsr()


def match_curated(model: Model, question: str, day: dt.date):
    """(entry, score) of the curated entry that fits the question, or None.

    An entry whose cited texts are not in force on `day` does not answer: curated
    answers speak of the law as it stands."""
    if getattr(model, "qa_syllables_t", None) is None:
        return None
    query = prepare(model, question)
    ww = model.word_weight if query.accented else model.word_weight * 0.6
    sims = ww * stack_scores(model.qa_words_t, query.word_vector) + (1 - ww) * stack_scores(model.qa_syllables_t, query.syllable_vector)
    for row in np.argsort(-sims)[:5]:
        if sims[row] < CURATED_THRESHOLD:
            return None
        entry = model.corpus.qa[model.qa_owner[row]]
        if all(model.corpus.documents[c.doc_key].in_force(day) for c in entry.provisions):
            return entry, float(sims[row])
    return None


def cited_hits(model: Model, question: str, entry, score: float) -> list[Hit]:
    """The provisions a curated entry rests on, as hits quoting the clause it cites."""
    query = prepare(model, question)
    hits = []
    for c in entry.provisions:
        article = model.articles.get(f"{c.doc_key}/d{c.article}")
        if article is None:
            continue
        position = next((i for i, cl in enumerate(article.clauses) if cl.label == c.clause), None) if c.clause else None
        if position is None and not article.intro and article.clauses:
            position = 0
        row = model.article_rows[article.id]
        hits.append(Hit(article=article, document=model.corpus.documents[article.doc_key], score=score,
                        clause_index=position, matched=matched_terms(query, model.article_surface[row])))
    return hits
