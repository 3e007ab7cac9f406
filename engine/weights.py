"""Every tuned constant of the engine, in one place, each with its role and how it was set.

The fit-time ones are written into the model's stamp (`fit_dict`), so a model says how it
was built, and a model built with another layout of weights is refused on load.
"Set on the old dev set" means tuned in-sample on the first 47 dev questions (2026-11): those
values are kept as lexical features only; the learned ranker decides how much they count.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

# Bump when a field is added, removed or changes meaning: older models are then refused.
LAYOUT = 4


@dataclass(frozen=True)
class Weights:
    # --- lexical index (fit time) -------------------------------------------------------
    title_weight: int = 5            # article title repeated in its text; set on the old dev set
    title_signature_share: float = 0.55  # a title word pair "belongs" to a document when this share of its uses are there; read off the 12/2022 penalties decree
    point_split: int = 2             # clauses with more points than this are also scored point by point
    # --- lexical scoring (query time) ---------------------------------------------------
    word_weight: float = 0.2         # segmented view vs folded-syllable view; set on the old dev set
    unaccented_word_factor: float = 0.6  # restored accents are guesses: the segmented view counts less; old dev set
    clause_weight: float = 0.5       # best clause vs whole article; old dev set
    heading_weight: float = 0.2      # question vs heading alone; old dev set
    decree_prior: float = 0.9        # a decree details a law: the law answers first; old dev set
    expansion_weight: float = 0.25   # lexicon hints beside the worker's own words; plateau 0.2-0.3 on the old dev set
    quantity_bonus: float = 0.05     # "bao nhiêu" questions prefer clauses stating a figure; old dev set
    named_boost: float = 1.0         # a provision named in the question ("khoản 2 điều 35") comes first; any value > 1 cosine works
    orphan_penalty: float = 0.85     # a replaced text whose successor is missing still answers, a little behind; old dev set
    orphan_margin: float = 0.05      # how much more of the question an orphan's title must hold to answer first; old dev set
    # --- quoting the clause -------------------------------------------------------------
    snippet_similarity: float = 0.5  # clause cosine beside term coverage when choosing the quoted clause; old dev set
    snippet_figure: float = 0.1      # a clause stating a figure, for quantity questions; old dev set
    # --- semantic channel ---------------------------------------------------------------
    article_passage_chars: int = 1500   # an article is embedded from its title and first characters (issue 13 probe)
    clause_passage_chars: int = 1000    # a clause from the article title and its own text
    query_chars: int = 600              # longer questions are embedded from their focus (below) cut here
    query_tokens: int = 96              # ...and cut again to this many encoder tokens: about 1.2 ms a token on one core, so any input stays under the 250 ms bound (128 left 296 ms); 2 dev questions of 177 are longer (p99 89)
    # --- long questions (reader letters) ------------------------------------------------
    long_question_chars: int = 300      # a question longer than this is a letter: its asking part is found and weighed
    focus_weight: float = 1.0           # extra weight of the asking sentence(s) in a letter; 1 = counted twice (not tuned)
    # --- candidates and the learned ranker ----------------------------------------------
    candidates_per_channel: int = 30    # top N articles of each channel enter the ranker; recall@30 ≈ 0.95 on dev
    topic_sources: int = 5              # the strongest candidates (both channels' ranks) whose topic other texts' articles are matched with; not tuned: 3, 5 and 10 give the same CV figures
    topic_candidates: int = 5           # the articles best linked to those topics join the candidates (penalty articles the channels missed); not tuned: 5 and 10 give the same CV figures
    ranker_l2: float = 20.0             # L2 penalty of the listwise ranker; 5-fold CV on dev: plateau 10-20 (hit@1 0.62), 5 and 50+ lower
    # --- curated answers ----------------------------------------------------------------
    curated_min_similarity: float = 0.5  # a phrasing must be at least this close to be a candidate feature (not tuned: below it matches were noise)
    curated_lookup: int = 5              # how many nearest phrasings are considered
    curated_show: float = 0.58           # a curated answer is shown first at this similarity, when the ranker's first article is one it cites (the old threshold; its CV precision is reported by eval --details)
    # --- what an answer shows -----------------------------------------------------------
    highlight_min_idf: float = 4.0       # a single word is highlighted only when this rare: the generic words the review named (việc 2.7, làm 3.1, lương 3.1, tiền 3.0, trả 3.9, đi 3.6, trên 3.7) fall below, content words (phép 7.8, thử 6.1, thai 4.9, giờ 4.6) above; runs of words the article uses as a phrase always
    snippet_chars: int = 280             # the short excerpt shown first on a phone: about four lines at 375 px
    other_clauses: int = 3               # other matching clauses of an answer's article offered beside it
    # --- confidence ---------------------------------------------------------------------
    high_precision: float = 0.90        # "high" where cross-validated precision at rank 1 is at least this (issue 13)
    low_probability: float = 0.40       # "low" (with the hand-off) below this probability (issue 13)
    # --- caches (per process, not fitted) -----------------------------------------------
    query_cache: int = 1024             # prepared questions kept per process; a public endpoint sees endless new ones
    day_cache: int = 64                 # validity masks per as-of day

    def fit_dict(self) -> dict:
        """The constants that shape a built model, for its stamp."""
        return {"layout": LAYOUT, **{k: v for k, v in asdict(self).items() if k not in ("query_cache", "day_cache")}}


WEIGHTS = Weights()
