"""Review states of curated entries: draft until marked, back to 'needs review' when the
cited text changes, never reviewed over an amendment whose wording the corpus lacks."""
import datetime as dt
import textwrap

import pytest

from engine.pipeline import ask
from engine.build import main as train
from engine.corpus import load_corpus
from engine.model import Model
from engine.statutes import CorpusError

from .conftest import annual_leave_entry, mini_corpus

DRAFT = annual_leave_entry("drafted_by: Nhóm phát triển") + """- id: kinh-phi
  questions: [kinh phí công đoàn bao nhiêu]
  answer: Doanh nghiệp đóng kinh phí công đoàn bằng 2% quỹ tiền lương làm căn cứ đóng bảo hiểm xã hội.
  provisions: [2/2024/QH15 Điều 2]
  tags: [công đoàn]
"""


@pytest.fixture
def corpus_dirs(tmp_path):
    corpus_dir, laws = mini_corpus(tmp_path)
    (corpus_dir / "qa").mkdir()
    (corpus_dir / "qa" / "nghi.yaml").write_text(textwrap.dedent(DRAFT).lstrip(), encoding="utf-8")
    return corpus_dir, laws


def states(corpus_dir, laws):
    return {e.id: e.review_status for e in load_corpus(corpus_dir, laws).qa}


def review(corpus_dir, laws, entry_id, by="Ban Pháp luật LĐLĐ tỉnh"):
    return train(["--corpus", str(corpus_dir), "--laws", str(laws), "--review", entry_id, "--by", by, "--on", "2026-12-01"])


def test_entries_are_drafts_until_an_editor_marks_them(corpus_dirs, capsys):
    corpus_dir, laws = corpus_dirs
    entry = load_corpus(corpus_dir, laws).qa[0]
    assert (entry.review_status, entry.reviewed_by, entry.reviewed_on, entry.drafted_by) == ("draft", "", None, "Nhóm phát triển")
    assert review(corpus_dir, laws, "nghi-hang-nam") == 0
    entry = load_corpus(corpus_dir, laws).qa[0]
    assert entry.review_status == "reviewed" and entry.reviewed
    assert entry.reviewed_by == "Ban Pháp luật LĐLĐ tỉnh" and entry.reviewed_on.isoformat() == "2026-12-01"
    assert entry.reviewed_hash == entry.provisions_hash
    # only that entry's block changed: the other entry is still a draft
    assert states(corpus_dir, laws)["kinh-phi"] == "draft"


def test_changed_law_text_sends_a_reviewed_entry_back_to_needs_review(corpus_dirs):
    corpus_dir, laws = corpus_dirs
    review(corpus_dir, laws, "nghi-hang-nam")
    law = laws / "new.txt"
    law.write_text(law.read_text(encoding="utf-8").replace(
        "được nghỉ hằng năm 14 ngày làm việc.", "được nghỉ hằng năm 14 ngày làm việc, hưởng nguyên lương."),
        encoding="utf-8")
    assert states(corpus_dir, laws)["nghi-hang-nam"] == "needs_review"
    review(corpus_dir, laws, "nghi-hang-nam")
    assert states(corpus_dir, laws)["nghi-hang-nam"] == "reviewed"


def test_recorded_amendment_sends_it_back_and_blocks_review(corpus_dirs, capsys):
    corpus_dir, laws = corpus_dirs
    review(corpus_dir, laws, "nghi-hang-nam")
    manifest = corpus_dir / "documents.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + textwrap.dedent("""
        [[document.pending]]
        by = "7/2026/QH15"
        since = 2026-01-01
        clauses = ["1.1"]
        summary = "sửa số ngày nghỉ hằng năm"
        """), encoding="utf-8")
    entry = next(e for e in load_corpus(corpus_dir, laws).qa if e.id == "nghi-hang-nam")
    assert entry.review_status == "needs_review"
    assert "7/2026/QH15" in entry.blocked_by
    assert review(corpus_dir, laws, "nghi-hang-nam") == 2
    assert "chưa thể thẩm định" in capsys.readouterr().err
    # writing the new hash by hand does not get round it: a located error
    path = corpus_dir / "qa" / "nghi.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(entry.reviewed_hash, entry.provisions_hash), encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_corpus(corpus_dir, laws)
    assert [str(i) for i in err.value.issues] == [
        "qa/nghi.yaml:8: mục chưa thể được đánh dấu đã thẩm định: 2/2024/QH15 Điều 1 Khoản 1 bị sửa đổi "
        "bởi 7/2026/QH15 mà nội dung sửa đổi chưa có trong kho"]


def test_amendment_on_other_clauses_leaves_the_entry_reviewed(corpus_dirs):
    corpus_dir, laws = corpus_dirs
    review(corpus_dir, laws, "kinh-phi")
    # the fixture's pending amendment 5/2025/QH15 covers the whole Điều 2: reviewing is blocked
    assert states(corpus_dir, laws)["kinh-phi"] == "draft"
    manifest = corpus_dir / "documents.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        'articles = ["2"]', 'articles = ["2"]\ntext = "2/2024/QH15 Điều 2"'), encoding="utf-8")
    assert review(corpus_dir, laws, "kinh-phi") == 0 and states(corpus_dir, laws)["kinh-phi"] == "reviewed"


def test_clause_level_amendment_touches_only_its_clauses(corpus_dirs):
    corpus_dir, laws = corpus_dirs
    manifest = corpus_dir / "documents.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('articles = ["2"]', 'clauses = ["1.1"]'),
                        encoding="utf-8")
    amendment = load_corpus(corpus_dir, laws).amendments["2/2024/QH15"][0]
    assert amendment.articles == ("1",) and amendment.clauses == ("1.1",)
    assert amendment.touches("1", "1") and amendment.touches("1")
    assert not amendment.touches("1", "2") and not amendment.touches("2")


def test_bad_clause_and_half_written_review_are_located(corpus_dirs):
    corpus_dir, laws = corpus_dirs
    manifest = corpus_dir / "documents.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('articles = ["2"]', 'clauses = ["1.9", "x"]'),
                        encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_corpus(corpus_dir, laws)
    found = [str(i) for i in err.value.issues]
    assert len(found) == 2 and all(f.startswith("documents.toml:") and "không có khoản đó" in f for f in found)
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('clauses = ["1.9", "x"]', 'articles = ["2"]'),
                        encoding="utf-8")
    path = corpus_dir / "qa" / "nghi.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  drafted_by: Nhóm phát triển", "  reviewed_by: Ban X"),
                    encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_corpus(corpus_dir, laws)
    assert [str(i) for i in err.value.issues] == [
        "qa/nghi.yaml:7: thiếu reviewed_on: khi thẩm định phải ghi cả người thẩm định (reviewed_by) và ngày (reviewed_on)"]


def test_a_draft_still_answers_and_says_it_is_not_reviewed(corpus_dirs):
    """The answer path must take a draft (reviewed_by "", reviewed_on None) and pass its state on:
    the widget says "chưa được thẩm định" for anything but "reviewed"."""
    corpus_dir, laws = corpus_dirs
    model = Model().fit(load_corpus(corpus_dir, laws))
    curated = ask(model, "Một năm được nghỉ phép bao nhiêu ngày?", dt.date(2026, 1, 1)).curated
    assert curated["id"] == "nghi-hang-nam"
    assert curated["review_status"] == "draft" and not curated["reviewed_by"] and curated["reviewed_on"] is None
