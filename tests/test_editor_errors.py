"""Editors' errors: every problem of every corpus file in one run, located from the corpus
root and written in Vietnamese; the CLI's own refusals too."""
import textwrap

import pytest

from engine.__main__ import main as cli
from engine.build import main as train

from .conftest import annual_leave_entry, mini_corpus

QA = annual_leave_entry()


def check(corpus_dir, laws, capsys):
    code = train(["--check", "--corpus", str(corpus_dir), "--laws", str(laws)])
    out = capsys.readouterr()
    return code, [line.strip() for line in out.err.splitlines()[1:]], out


def test_lexicon_manifest_and_yaml_errors_are_all_reported_in_one_run(tmp_path, capsys):
    corpus_dir, laws = mini_corpus(tmp_path)
    (corpus_dir / "lexicon.txt").write_text("phép năm => nghỉ hằng năm\nbị đuổi việc sa thải\n", encoding="utf-8")
    manifest = corpus_dir / "documents.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + '\n[[document]]\nfile = "khong-co.txt"\nshort_name = "X"\n',
                        encoding="utf-8")
    (corpus_dir / "qa").mkdir()
    (corpus_dir / "qa" / "luong.yaml").write_text("- id: a\n  questions: [chưa đóng\n  answer: b\n", encoding="utf-8")
    where = next(n for n, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1) if "khong-co" in line)
    code, lines, out = check(corpus_dir, laws, capsys)
    assert code == 2 and "có 3 lỗi" in out.err
    assert lines[0] == f"documents.toml:{where}: không tìm thấy tệp 'khong-co.txt' trong thư mục văn bản luật " + str(laws)
    assert lines[1] == ("lexicon.txt:2: dòng phải có dạng 'cách nói thường ngày => thuật ngữ trong luật | "
                        "thuật ngữ khác'")
    assert lines[2].startswith("qa/luong.yaml:3: sai cú pháp YAML")
    assert len(lines) == 3


def test_a_broken_law_file_is_not_echoed_by_every_entry_that_cites_it(tmp_path, capsys):
    corpus_dir, laws = mini_corpus(tmp_path)
    law = laws / "new.txt"
    law.write_text(law.read_text(encoding="utf-8").replace("effective: 2025-07-01", "effective: 2025-07-32"),
                   encoding="utf-8")
    (corpus_dir / "qa").mkdir()
    (corpus_dir / "qa" / "nghi.yaml").write_text(textwrap.dedent(QA), encoding="utf-8")
    code, lines, _ = check(corpus_dir, laws, capsys)
    assert code == 2
    assert lines == ["new.txt:7: effective phải là một ngày dạng YYYY-MM-DD, không phải '2025-07-32'"]


def test_qa_entries_still_checked_when_only_the_lexicon_is_broken(tmp_path, capsys):
    corpus_dir, laws = mini_corpus(tmp_path)
    (corpus_dir / "lexicon.txt").write_text("phép năm\n", encoding="utf-8")
    (corpus_dir / "qa").mkdir()
    (corpus_dir / "qa" / "nghi.yaml").write_text(textwrap.dedent(QA).replace("14 ngày", "15 ngày"), encoding="utf-8")
    _, lines, _ = check(corpus_dir, laws, capsys)
    assert lines[0].startswith("lexicon.txt:1: dòng phải có dạng")
    assert lines[1] == ("qa/nghi.yaml:4: câu trả lời nêu con số '15', nhưng không điều khoản nào được dẫn "
                        "có con số này")


def test_cli_refuses_an_empty_question_in_vietnamese(capsys):
    assert cli(["--model", "/khong/co", "ask", "   "]) == 2
    assert "câu hỏi trống" in capsys.readouterr().err


def test_cli_usage_errors_are_in_vietnamese(capsys):
    with pytest.raises(SystemExit) as stop:
        cli(["ask", "nghỉ phép", "--top", "99"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "lỗi: tham số --top: lựa chọn không hợp lệ" in err and "cách dùng:" in err
