"""Which text applies on a date, and saying so: fixtures for the rules, the real corpus for the examples."""
import datetime as dt
import subprocess
import sys

from engine.pipeline import ask

from .conftest import ROOT, fit_model, mini_corpus

BEFORE, AFTER = dt.date(2025, 6, 30), dt.date(2025, 7, 1)


def mini_model(tmp_path, with_successor=True):
    corpus_dir, laws = mini_corpus(tmp_path, with_successor)
    return fit_model(corpus_dir, laws)


def test_the_text_in_force_answers_on_each_side_of_the_replacement_date(tmp_path):
    model = mini_model(tmp_path)
    assert ask(model, "nghỉ phép năm mấy ngày", BEFORE).answers[0].doc == "1/2020/QH14"
    assert ask(model, "nghỉ phép năm mấy ngày", AFTER).answers[0].doc == "2/2024/QH15"


def test_an_old_answer_says_where_the_provision_lives_now(tmp_path):
    model = mini_model(tmp_path)
    assert model.successors["1/2020/QH14/d1"] == ("2/2024/QH15/d1",)
    assert model.successors["1/2020/QH14/d3"] == ()  # the penalty article has no successor
    item = ask(model, "nghỉ phép năm mấy ngày", BEFORE).answers[0]
    assert item.status.code == "in_force"
    assert item.successors == ("Điều 1 Luật Lao động thử 2024 (2/2024/QH15)",)
    assert "Từ ngày 01/07/2025, quy định này nay tại Điều 1 Luật Lao động thử 2024" in item.notice


def test_replaced_text_with_successor_is_not_answered_today(tmp_path):
    model = mini_model(tmp_path)
    docs = {a.doc for a in ask(model, "phạt chậm đóng bảo hiểm xã hội 10.000.000 đồng", AFTER, 10).answers}
    assert "1/2020/QH14" not in docs


def test_replaced_text_without_successor_still_answers_with_notice_and_handoff(tmp_path):
    model = mini_model(tmp_path, with_successor=False)
    response = ask(model, "mức phạt chậm đóng bảo hiểm xã hội bắt buộc", dt.date(2026, 11, 22))
    top = response.answers[0]
    assert top.doc == "3/2021/NĐ-CP" and top.status.code == "replaced"
    assert "9/2026/NĐ-CP" in top.notice and "10/09/2026" in top.notice
    assert response.handoff is not None


def test_replaced_text_without_successor_at_a_date_it_was_in_force(tmp_path):
    model = mini_model(tmp_path, with_successor=False)
    response = ask(model, "mức phạt chậm đóng bảo hiểm xã hội bắt buộc", dt.date(2024, 1, 1))
    assert response.answers[0].status.code == "in_force" and "hết hiệu lực" not in response.answers[0].notice


def test_repealed_articles_are_never_answers(real_model):
    # Điều 43 of the 2014 law (conditions for work-accident benefits) was repealed in 2016
    answers = ask(real_model, "Điều kiện hưởng chế độ tai nạn lao động", dt.date(2020, 1, 1), 10).answers
    assert answers and all(not real_model.articles[a.id].repealed for a in answers)
    assert "58/2014/QH13/d43" not in {a.id for a in answers}
    assert "58/2014/QH13/d43" not in real_model.articles


def test_notices_in_cli_output(tmp_path):
    corpus_dir, laws = mini_corpus(tmp_path)
    models = tmp_path / "models"
    subprocess.run([sys.executable, "train.py", "--corpus", str(corpus_dir), "--laws", str(laws), "--out", str(models),
                    "--quiet"], cwd=ROOT, check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-m", "engine", "--model", str(models), "ask", "mức phạt chậm đóng bảo hiểm xã hội",
                          "--as-of", "2026-11-22"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "đã hết hiệu lực từ ngày 10/09/2026" in out and "9/2026/NĐ-CP" in out
    out = subprocess.run([sys.executable, "-m", "engine", "--model", str(models), "ask", "đóng kinh phí công đoàn bao nhiêu"],
                         cwd=ROOT, capture_output=True, text=True).stdout
    assert "sửa đổi bởi 5/2025/QH15" in out


# -- the examples of the issue, on the real corpus ---------------------------------------------

TODAY = dt.date(2026, 11, 22)


def test_union_dues_today_from_2024_law_with_amendment_notice(real_model):
    response = ask(real_model, "kinh phí công đoàn đóng bao nhiêu phần trăm quỹ lương", TODAY)
    top = response.answers[0]
    assert top.doc == "50/2024/QH15" and top.article == 29
    assert "97/2025/QH15" in top.notice and "97/2025/QH15" in top.status.amendments_missing


def test_union_dues_in_2024_from_2012_law_showing_its_successor(real_model):
    response = ask(real_model, "kinh phí công đoàn đóng bao nhiêu phần trăm quỹ lương", dt.date(2024, 6, 1))
    top = response.answers[0]
    assert top.doc == "12/2012/QH13" and top.article == 26
    assert "Điều 29 Luật Công đoàn 2024 (50/2024/QH15)" in top.successors
    assert "nay tại Điều 29 Luật Công đoàn 2024" in top.notice


def test_penalties_today_from_the_replaced_decree_with_notice(real_model):
    response = ask(real_model, "công ty chậm đóng bảo hiểm xã hội bị phạt bao nhiêu tiền", TODAY)
    top = response.answers[0]
    assert top.doc == "12/2022/NĐ-CP" and top.status.replaced_by == "283/2026/NĐ-CP"
    assert "283/2026/NĐ-CP" in response.answers[0].notice and "10/09/2026" in response.answers[0].notice
    assert response.handoff


def test_supersession_report_counts(real_model):
    report = real_model.supersession_report
    assert set(report) == {"58/2014/QH13 → 41/2024/QH15", "25/2008/QH12@2015-01-01 → 25/2008/QH12@2025-07-01",
                           "38/2013/QH13 → 74/2025/QH15", "12/2012/QH13 → 50/2024/QH15"}
    union = report["12/2012/QH13 → 50/2024/QH15"]
    assert sum(union.values()) == 33 and union["one_to_one"] >= 25
