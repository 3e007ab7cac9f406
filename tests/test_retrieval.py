"""Retrieval as workers type: named provisions, informal and unaccented questions, and the
dev-set quality gate (figures in the closing note of the retrieval issue)."""
import datetime as dt

import numpy as np
import pytest

from engine import text
from engine.pipeline import ask, rank
from engine.answer import FORMULA_NOTICE
from engine.ranking import FEATURES, FallbackRanker
from engine.evaluate import cross_validate, evaluate, read_questions, summary

from .conftest import DEV

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize("question, doc, article, clause", [
    ("khoản 2 điều 35 blld", "45/2019/QH14", 35, "2"),
    ("Điều 139 Bộ luật Lao động", "45/2019/QH14", 139, "1"),
    ("điều 5 luật công đoàn", "50/2024/QH15", 5, "1"),           # today: the 2024 law
    ("dieu 10 luat cong doan 2012", "12/2012/QH13", 10, None),    # the year names the old law
    ("khoan 1 dieu 70 luat bhxh", "41/2024/QH15", 70, "1"),
])
def test_named_provision_comes_first(real_model, question, doc, article, clause):
    top = ask(real_model, question, TODAY).answers[0]
    assert (top.doc, top.article) == (doc, article)
    if clause:
        assert top.clause == clause


# Written for this test from how workers ask; the right article was checked in the text.
INFORMAL = [
    ("nghỉ đẻ được mấy tháng", "45/2019/QH14", "139"),
    ("bị đuổi việc khi đang có bầu", "45/2019/QH14", "37|137"),  # either protection applies
    ("tăng ca tối đa bao nhiêu giờ một năm", "45/2019/QH14", "107"),
    ("lương thử việc được bao nhiêu phần trăm", "45/2019/QH14", "26"),
    ("nghỉ phép năm được mấy ngày", "45/2019/QH14", "113"),
    ("chồng được nghỉ mấy ngày khi vợ sinh con", "41/2024/QH15", "53"),
    ("rút bảo hiểm xã hội 1 lần được không", "41/2024/QH15", "70"),
    ("lương tối thiểu vùng 1 là bao nhiêu", "293/2025/NĐ-CP", "3"),
    ("bị tai nạn trên đường đi làm có được tính tai nạn lao động", "84/2015/QH13", "45"),
    ("tiền thất nghiệp được bao nhiêu một tháng", "74/2025/QH15", "39"),
    ("công ty đóng kinh phí công đoàn bao nhiêu", "50/2024/QH15", "29"),
    ("xin nghỉ việc phải báo trước mấy ngày", "45/2019/QH14", "35"),
]


@pytest.mark.parametrize("question, doc, label", INFORMAL)
@pytest.mark.parametrize("typed", ["as written", "no diacritics"])
def test_informal_questions_find_their_article(real_model, question, doc, label, typed):
    q = question if typed == "as written" else text.fold(question)
    found = [(a.doc, a.article_label) for a in ask(real_model, q, TODAY, top_k=3).answers]
    assert any((doc, one) in found for one in label.split("|")), found


def test_dev_set_quality_gate(real_model):
    """Floors under the measured figures, so a change that loses ground fails here. The ranker
    learnt from these very questions, so the gate on ranking is cross-validated (5 folds)."""
    rows = read_questions(DEV)
    held_out, outcomes = cross_validate(real_model, rows, 5)
    stripped, _ = evaluate(real_model, rows, strip_diacritics=True)
    assert held_out["questions"] == 177
    # measured 0.655 / 0.864 / 0.749 held out; unaccented in-sample 0.644 / 0.848 / 0.732
    assert held_out["hit@1"] >= 0.63 and held_out["hit@5"] >= 0.82 and held_out["mrr@10"] >= 0.72
    assert stripped["hit@1"] >= 0.61 and stripped["hit@5"] >= 0.80 and stripped["mrr@10"] >= 0.70
    levels = summary(outcomes)
    # the levels mean something on questions the ranker never saw: each is right more often than the next
    assert levels["high_precision"] > levels["medium_precision"] > levels["low_precision"]
    # measured 0.88 right on 42% of questions (5-fold CV); 0.85 on 37% before the topic links;
    # before the channels' agreement and the documents' titles were read, 0.83 on 13%
    assert levels["high_precision"] >= 0.80 and levels["high_share"] >= 0.25 and levels["low_precision"] <= 0.45
    # questions about penalties (gold in the penalties decree): 10 of 29 right at rank 1 before
    # candidates were linked to the topic of other texts' strongest articles, 16 after (CV)
    penalties = {str(r.get("id")) for r in rows if any(g["doc"] == "12/2022/NĐ-CP" for g in r["gold"])}
    asked = [o for o in outcomes if o.id in penalties]
    assert len(asked) == 29 and sum(o.rank == 1 for o in asked) >= 14


def test_a_formula_missing_from_the_text_is_said(real_model):
    """NĐ 145/2020 Điều 56-57 print their formulas as images: the copy ends at "như sau:"."""
    answers = ask(real_model, "tiền lương làm thêm giờ vào ban đêm tính thế nào", TODAY, top_k=5).answers
    by_article = {(a.doc, a.article_label): a for a in answers}
    decree = [a for key, a in by_article.items() if key in {("145/2020/NĐ-CP", "56"), ("145/2020/NĐ-CP", "57")}]
    assert decree and all(FORMULA_NOTICE in a.notice for a in decree)
    assert all(FORMULA_NOTICE not in a.notice for a in answers if a.doc == "45/2019/QH14")


def test_the_probability_is_of_the_answer_shown_first(real_model):
    """A provision the worker names is shown first even when the ranker preferred another
    article: the probability shown must then be that provision's, not the ranker's favourite's."""
    query = real_model.preparer.prepare("điều 35 blld quy định gì về tiền lương làm thêm giờ")
    found, order, scores, probability, _level = rank(real_model, query, TODAY)
    named = found.features[:, list(FEATURES).index("named")] > 0
    assert named[order[0]]
    favourite = int(scores.argmax())
    assert not named[favourite], "the ranker alone would put another article first"
    assert probability == real_model.ranker.probability(scores, found.features, int(order[0]))
    assert probability < real_model.ranker.probability(scores, found.features)


def test_the_fallback_level_reads_the_answer_shown_first():
    """A model built without dev questions (a union's own small corpus) has fixed thresholds:
    a named provision moved ahead of a stronger article must not read as a clear winner."""
    scores = np.array([0.9, 0.5, 0.3])
    fallback = FallbackRanker()
    assert fallback.level(fallback.probability(scores, None), scores) == "high"
    assert fallback.level(fallback.probability(scores, None, 1), scores, 1) == "medium"
    assert fallback.level(fallback.probability(scores, None, 2), scores, 2) == "medium"
    assert fallback.level(0.0, np.array([0.2]), 0) == "low"
    assert fallback.level(0.0, np.zeros(0)) == "low"


def test_a_penalty_article_is_linked_to_the_topic_it_penalises(real_model):
    """Asked what a breach costs, the penalties decree's article titled after the Code's
    chapter on that topic ("Vi phạm quy định về thời giờ làm việc, thời giờ nghỉ ngơi") is
    linked to the Code's article the question finds (Điều 112 "Nghỉ lễ, tết"); the decree's
    general articles (Điều 5 "Thời hiệu xử phạt…") are not."""
    query = real_model.preparer.prepare("công ty không cho người lao động nghỉ lễ thì bị phạt bao nhiêu tiền")
    found = rank(real_model, query, TODAY)[0]
    topic = found.features[:, list(FEATURES).index("topic_document")]
    by_article = {real_model.article_ids[r]: t for r, t in zip(found.rows, topic)}
    penalty, general = by_article.get("12/2022/NĐ-CP/d18"), by_article.get("12/2022/NĐ-CP/d5")
    assert penalty is not None and general is not None, "both decree articles are candidates"
    assert penalty > 2 * general


def test_topic_links_cross_texts_only(real_model):
    """Linked from the Code's Điều 112 alone, the penalties article on its chapter's topic is
    the best linked article, and no article of the Code itself is linked (its own text
    says nothing new about which text answers)."""
    from engine.ranking import _topic_via_other_texts

    source = real_model.article_rows["45/2019/QH14/d112"]
    links = _topic_via_other_texts(real_model, np.array([source]), np.array([1.0]))
    code = [row for aid, row in real_model.article_rows.items() if aid.startswith("45/2019/QH14/")]
    assert not links[code].any()
    assert int(links.argmax()) == real_model.article_rows["12/2022/NĐ-CP/d18"]  # the best linked of all (0.80)
