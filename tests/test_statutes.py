import pytest

from engine.corpus import load_corpus
from engine.statutes import CorpusError, parse_file

from .conftest import LAWS


def articles_of(name):
    parsed = parse_file(LAWS / name)
    assert parsed.issues == []
    return parsed, {a.label: a for a in parsed.articles}


def test_labour_code_has_220_articles_and_article_139():
    parsed, arts = articles_of("bo-luat-lao-dong-2019.txt")
    assert parsed.key == "45/2019/QH14"
    assert len(parsed.articles) == 220
    art = arts["139"]
    assert art.id == "45/2019/QH14/d139"
    assert art.title == "Nghỉ thai sản"
    assert art.chapter.startswith("Chương X.")
    assert "06 tháng" in art.clauses[0].text and art.clauses[0].label == "1"


def test_points_get_ids_and_text():
    _, arts = articles_of("bo-luat-lao-dong-2019.txt")
    points = arts["5"].clauses[0].points
    assert [p.label for p in points][:5] == ["a", "b", "c", "d", "đ"]
    assert points[4].text == "Đơn phương chấm dứt hợp đồng lao động;"


def test_repealed_articles_of_2014_social_insurance_law():
    _, arts = articles_of("luat-bao-hiem-xa-hoi-2014.txt")
    repealed = {label for label, a in arts.items() if a.repealed}
    assert {"42", "52", "104", "106", "116", "117"} <= repealed
    assert len(repealed) == 17
    # the note is metadata, never law text
    assert arts["42"].source_note.startswith("[Ghi chú nguồn")
    assert "Ghi chú" not in arts["42"].full_text
    # partly repealed (Điều 10) and amended (Điều 54) articles stay answerable
    assert not arts["10"].repealed and not arts["54"].repealed
    # clause numbering gaps left by repeals are accepted
    assert [c.label for c in arts["84"].clauses] != [str(i) for i in range(1, len(arts["84"].clauses) + 1)]


def test_letter_articles_and_two_consolidated_versions():
    old, old_arts = articles_of("luat-bao-hiem-y-te-2008-hop-nhat-2014.txt")
    new, new_arts = articles_of("luat-bao-hiem-y-te-hop-nhat-2026.txt")
    assert {"7a", "7b", "7c"} <= set(old_arts)
    assert {"48a", "48b"} <= set(new_arts) and "48a" not in old_arts
    assert old.key == "25/2008/QH12@2015-01-01" and new.key == "25/2008/QH12@2025-07-01"
    assert new_arts["48b"].id == "25/2008/QH12@2025-07-01/d48b"
    # "N. (được bãi bỏ)" marks a repealed clause
    assert [c.label for c in new_arts["18"].clauses if c.repealed] == ["4"]


def test_amending_law_quotes_are_not_its_articles():
    parsed, arts = articles_of("luat-sua-doi-bao-hiem-y-te-2024.txt")
    assert list(arts) == ["1", "2", "3"]
    assert "Điều 48b. Trốn đóng bảo hiểm y tế" in arts["1"].full_text
    assert len(arts["1"].clauses) == 35


def test_tables_are_kept_as_rows():
    _, arts = articles_of("nghi-dinh-293-2025-nd-cp.txt")
    assert " | " in arts["3"].full_text and "5.310.000" in arts["3"].full_text


def test_decree_without_chapters():
    parsed, arts = articles_of("nghi-dinh-145-2020-nd-cp.txt")
    assert len(parsed.articles) == 115 and arts["1"].chapter == ""


def test_appendix_without_articles():
    parsed = parse_file(LAWS / "nghi-dinh-293-2025-nd-cp-phu-luc.txt")
    assert parsed.issues == []
    assert len(parsed.articles) == 34
    first = parsed.articles[0]
    assert first.appendix and first.title == "Thành phố Hà Nội" and "Vùng I" in first.intro
    assert first.id == "293/2025/NĐ-CP/pl1"


# -- validation: every problem located, all in one run -----------------------------

def issues_of(path):
    return [str(i) for i in parse_file(path).issues]


def test_missing_header_field(make_law):
    path = make_law(body="Điều 1. A\nNội dung.\n")
    text = path.read_text(encoding="utf-8").replace("issuer: Quốc hội\n", "")
    path.write_text(text, encoding="utf-8")
    assert issues_of(path) == ["luat.txt:7: phần đầu thiếu trường 'issuer'"]


def test_unknown_header_key_and_bad_date(make_law):
    path = make_law(body="Điều 1. A\nNội dung.\n", extra="colour: red\nreplaced_on: 2025-13-01\nreplaced_by: 2/2024/QH15")
    found = issues_of(path)
    assert any(f.startswith("luat.txt:8: khóa phần đầu 'colour' không hợp lệ") for f in found)
    assert any(f.startswith("luat.txt:9: replaced_on phải là một ngày") for f in found)
    assert len(found) == 2  # the bad date once: not again as "replaced_by without replaced_on"


def test_articles_out_of_order_and_duplicated(make_law):
    path = make_law(body="Điều 1. A\nx\nĐiều 3. C\nx\nĐiều 2. B\nx\nĐiều 3. C lại\nx\n")
    found = issues_of(path)
    assert "luat.txt:13: Điều 2 sai thứ tự: đứng sau Điều 3" in found
    assert "luat.txt:15: Điều 3 xuất hiện hai lần (lần đầu ở dòng 11)" in found


def test_text_before_first_article(make_law):
    path = make_law(body="Căn cứ Hiến pháp;\nĐiều 1. A\nx\n")
    assert issues_of(path) == ["luat.txt:9: có chữ trước điều đầu tiên: 'Căn cứ Hiến pháp;'"]


def test_not_utf8(make_law):
    path = make_law(body="Điều 1. A\nx\n")
    path.write_bytes(path.read_bytes().replace(b"\nx\n", b"\nNgh\xe9\n"))
    found = issues_of(path)
    assert len(found) == 1 and found[0].startswith("luat.txt:10: tệp không phải UTF-8")


def test_all_problems_of_all_files_in_one_run(tmp_path, make_law):
    make_law("a.txt", body="Trước điều\nĐiều 1. A\nx\n")
    make_law("b.txt", body="Điều 2. B\nx\nĐiều 1. A\nx\n", number="2/2020/QH14")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "documents.toml").write_text(
        '[[document]]\nfile = "a.txt"\nshort_name = "A"\n\n[[document]]\nfile = "b.txt"\nshort_name = "B"\n'
        '\n[[document]]\nfile = "c.txt"\nshort_name = "C"\ncolor = 1\n', encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_corpus(corpus, tmp_path / "laws")
    messages = [str(i) for i in err.value.issues]
    assert any(m.startswith("a.txt:9: có chữ trước điều đầu tiên") for m in messages)
    assert any(m.startswith("b.txt:11: Điều 1 sai thứ tự") for m in messages)
    assert any(m.startswith("documents.toml:12: khóa 'color' không hợp lệ") for m in messages)
    assert any(m.startswith("documents.toml:10: không tìm thấy tệp 'c.txt'") for m in messages)


def test_lexicon_target_missing_from_corpus_is_an_error(mini, tmp_path):
    _, corpus_dir, laws = mini
    (corpus_dir / "lexicon.txt").write_text("phép năm => nghỉ hằng năm\nđuổi việc => sa thải\n", encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_corpus(corpus_dir, laws)
    assert [str(i) for i in err.value.issues] == ["lexicon.txt:2: thuật ngữ đích 'sa thải' không xuất hiện trong văn bản luật nào của kho"]


def test_real_corpus_loads(real_corpus):
    assert len(real_corpus.documents) == 14
    assert not any(a.doc_key == "51/2024/QH15" for a in real_corpus.articles)
    assert sum(a.appendix for a in real_corpus.articles) == 34
