"""Curated answers: every validation rule on a small bad file, and curated-first ranking."""
import datetime as dt
import textwrap

import pytest

from engine.pipeline import ask
from engine.corpus import load_corpus
from engine.model import Model
from engine.statutes import CorpusError

from .conftest import mini_corpus

GOOD = """
- id: nghi-hang-nam
  questions:
    - Một năm được nghỉ phép bao nhiêu ngày?
    - phep nam may ngay
  answer: Người lao động được nghỉ hằng năm 14 ngày làm việc.
  provisions: [2/2024/QH15 Điều 1 Khoản 1]
  tags: [nghỉ hằng năm]
  reviewed_by: Ban Pháp luật
  reviewed_on: 2026-11-22
"""


def load_with(tmp_path, *files: str):
    corpus_dir, laws = mini_corpus(tmp_path)
    qa = corpus_dir / "qa"
    qa.mkdir()
    for n, content in enumerate(files):
        (qa / f"topic{n}.yaml").write_text(textwrap.dedent(content), encoding="utf-8")
    return load_corpus(corpus_dir, laws)


def issues(tmp_path, *files: str) -> list[str]:
    with pytest.raises(CorpusError) as err:
        load_with(tmp_path, *files)
    return [str(i) for i in err.value.issues]


def test_good_entry_loads(tmp_path):
    corpus = load_with(tmp_path, GOOD)
    assert [e.id for e in corpus.qa] == ["nghi-hang-nam"]
    assert corpus.qa[0].provisions[0].doc_key == "2/2024/QH15"


def test_figure_not_in_the_cited_provision(tmp_path):
    bad = GOOD.replace("14 ngày làm việc", "15 ngày làm việc")
    assert issues(tmp_path, bad) == ["qa/topic0.yaml:6: câu trả lời nêu con số '15', nhưng không điều khoản nào được dẫn có con số này"]


def test_figure_written_as_a_word_is_checked_too(tmp_path):
    bad = GOOD.replace("14 ngày làm việc", "mười lăm ngày làm việc")
    assert issues(tmp_path, bad) == ["qa/topic0.yaml:6: câu trả lời nêu con số '15', nhưng không điều khoản nào được dẫn có con số này"]


def test_cited_provision_that_does_not_exist(tmp_path):
    found = issues(tmp_path, GOOD.replace("Điều 1 Khoản 1", "Điều 9"), GOOD.replace("nghi-hang-nam", "b").replace(
        "Một năm", "Mỗi năm").replace("phep nam", "phép").replace("Điều 1 Khoản 1", "Điều 1 Khoản 7"))
    assert "qa/topic0.yaml:7: dẫn 2/2024/QH15 Điều 9, nhưng văn bản 2/2024/QH15 không có Điều 9" in found
    assert "qa/topic1.yaml:7: dẫn 2/2024/QH15 Điều 1 Khoản 7, nhưng Điều 1 không có khoản 7" in found


def test_document_not_in_corpus_and_malformed_citation(tmp_path):
    found = issues(tmp_path, GOOD.replace("2/2024/QH15 Điều 1 Khoản 1", "99/2099/QH99 Điều 1, Điều một"))
    assert "qa/topic0.yaml:7: dẫn 99/2099/QH99 Điều 1, nhưng văn bản 99/2099/QH99 không có trong kho" in found
    assert "qa/topic0.yaml:7: điều khoản 'Điều một' không đúng cách viết '45/2019/QH14 Điều 139 Khoản 1'" in found


def test_repealed_provision(tmp_path):
    corpus_dir, laws = mini_corpus(tmp_path)
    text = (laws / "new.txt").read_text(encoding="utf-8")
    (laws / "new.txt").write_text(text.replace("Điều 2. Đóng kinh phí công đoàn",
                                               "Điều 2. Đóng kinh phí công đoàn\n[Ghi chú nguồn (Bộ pháp điển): bị bãi bỏ bởi Luật X]"),
                                  encoding="utf-8")
    (corpus_dir / "qa").mkdir()
    (corpus_dir / "qa" / "a.yaml").write_text(GOOD.replace("Điều 1 Khoản 1", "Điều 2").replace("14 ngày làm việc", "hai phần trăm"),
                                              encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_corpus(corpus_dir, laws)
    assert "qa/a.yaml:7: dẫn 2/2024/QH15 Điều 2, là quy định đã bị bãi bỏ" in [str(i) for i in err.value.issues]


def test_duplicate_ids_and_phrasings_across_files(tmp_path):
    found = issues(tmp_path, GOOD, GOOD.replace("phep nam may ngay", "phép năm khác"))
    assert "qa/topic1.yaml:2: id 'nghi-hang-nam' đã dùng ở qa/topic0.yaml:2" in found
    assert any(f.startswith("qa/topic1.yaml:4: cách hỏi 'Một năm được nghỉ phép bao nhiêu ngày?' đã dùng") for f in found)


def test_empty_fields_unknown_keys_missing_keys_and_bad_date(tmp_path):
    bad = GOOD.replace("tags: [nghỉ hằng năm]", "tags: []").replace("2026-11-22", "hôm qua") + "  colour: red\n"
    found = issues(tmp_path, bad, "- id: x\n  questions: [q]\n")
    assert "qa/topic0.yaml:8: tags để trống" in found
    assert "qa/topic0.yaml:10: reviewed_on phải là một ngày dạng YYYY-MM-DD, không phải 'hôm qua'" in found
    assert any(f.startswith("qa/topic0.yaml:11: khóa 'colour' không hợp lệ") for f in found)
    assert "qa/topic1.yaml:1: mục thiếu khóa 'answer'" in found


def test_yaml_syntax_error_is_located(tmp_path):
    found = issues(tmp_path, "- id: x\n  questions: [unclosed\n  answer: y\n")
    assert len(found) == 1 and found[0].startswith("qa/topic0.yaml:") and "sai cú pháp YAML" in found[0]


def test_curated_answer_comes_first_with_its_provision_quoted(tmp_path):
    model = Model().fit(load_with(tmp_path, GOOD))
    response = ask(model, "mot nam duoc nghi phep bao nhieu ngay", dt.date(2026, 1, 1))
    assert response.curated["id"] == "nghi-hang-nam"
    assert response.curated["answer"] == "Người lao động được nghỉ hằng năm 14 ngày làm việc."
    assert response.curated["provisions"] == ["Khoản 1 Điều 1 Luật Lao động thử 2024 (2/2024/QH15)"]
    assert response.answers[0].citation == "Khoản 1 Điều 1 Luật Lao động thử 2024 (2/2024/QH15)"
    assert "14 ngày làm việc" in response.answers[0].text
    assert response.confidence == "high"


def test_unrelated_question_gets_statutes_only(tmp_path):
    model = Model().fit(load_with(tmp_path, GOOD))
    response = ask(model, "đóng kinh phí công đoàn bao nhiêu phần trăm", dt.date(2026, 1, 1))
    assert response.curated is None and response.answers[0].article == 2


def test_curated_answer_not_given_before_its_law_applies(tmp_path):
    model = Model().fit(load_with(tmp_path, GOOD))
    response = ask(model, "Một năm được nghỉ phép bao nhiêu ngày?", dt.date(2024, 1, 1))
    assert response.curated is None
    assert response.answers[0].doc == "1/2020/QH14"


def test_the_real_curated_set_is_large_and_valid(real_corpus):
    assert len(real_corpus.qa) >= 80
    assert len({e.id for e in real_corpus.qa}) == len(real_corpus.qa)
