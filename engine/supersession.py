"""Where an old article now lives: link each article of a replaced text (or an earlier
consolidated version) to its successor article(s), by comparing their texts.

Articles are compared by the cosine of their folded-syllable TF-IDF vectors. An old
article's successors are the new articles within `RELATIVE` of its best match, when that
match reaches `THRESHOLD`. Each link is then classified:
one-to-one, split (one old → several new), merge (several old → one new), or none.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

THRESHOLD = 0.33
RELATIVE = 0.85
MAX_SUCCESSORS = 3


def successor_pairs(corpus) -> list[tuple[str, str]]:
    """(old document key, new document key) for every replacement whose new text is here,
    and for consecutive consolidated versions of one law."""
    docs = list(corpus.documents.values())
    pairs = []
    for old in docs:
        for new in docs:
            if old.key == new.key:
                continue
            replaced = old.replaced_by and new.number == old.replaced_by
            next_version = (old.number == new.number and old.valid_until and new.valid_from
                            and new.valid_from > old.valid_until)
            if replaced or next_version:
                pairs.append((old.key, new.key))
    return pairs


def map_successors(article_ids: list[str], article_docs: np.ndarray, vectors, corpus) -> tuple[dict, dict]:
    """(mapping article id → successor ids, report per document pair)."""
    mapping: dict[str, tuple[str, ...]] = {}
    report: dict[str, dict] = {}
    for old_key, new_key in successor_pairs(corpus):
        old_rows = np.flatnonzero(article_docs == old_key)
        new_rows = np.flatnonzero(article_docs == new_key)
        if not old_rows.size or not new_rows.size:
            continue
        sims = (vectors[old_rows] @ vectors[new_rows].T).toarray()
        links: dict[int, list[int]] = {}
        for i, row in enumerate(sims):
            best = row.max()
            if best < THRESHOLD:
                links[i] = []
                continue
            chosen = [j for j in np.argsort(-row)[:MAX_SUCCESSORS] if row[j] >= best * RELATIVE]
            links[i] = chosen
        targets = Counter(j for chosen in links.values() for j in chosen)
        kinds = Counter()
        for i, chosen in links.items():
            old_id = article_ids[old_rows[i]]
            mapping[old_id] = tuple(article_ids[new_rows[j]] for j in chosen)
            if not chosen:
                kinds["none"] += 1
            elif len(chosen) > 1:
                kinds["split"] += 1
            elif targets[chosen[0]] > 1:
                kinds["merge"] += 1
            else:
                kinds["one_to_one"] += 1
        report[f"{old_key} → {new_key}"] = {k: kinds.get(k, 0) for k in ("one_to_one", "split", "merge", "none")}
    return mapping, report
