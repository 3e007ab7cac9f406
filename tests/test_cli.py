"""train.py and `python -m engine` as an editor uses them."""
import json
import subprocess
import sys

from .conftest import ROOT, mini_corpus


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_train_then_ask_and_eval(tmp_path):
    corpus_dir, laws = mini_corpus(tmp_path)
    models = tmp_path / "models"
    built = run("train.py", "--corpus", str(corpus_dir), "--laws", str(laws), "--out", str(models), "--quiet")
    assert built.returncode == 0, built.stderr
    assert "văn bản thay thế CHƯA CÓ trong kho" in built.stdout  # the penalty decree's successor is missing

    asked = run("-m", "engine", "--model", str(models), "ask", "nghỉ hằng năm mấy ngày", "--json")
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["answers"][0]["citation"] == "Khoản 1 Điều 1 Luật Lao động thử 2024 (2/2024/QH15)"

    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": "a", "question": "nghỉ hằng năm bao nhiêu ngày", "gold": [{"doc": "2/2024/QH15", "article": 1}], "as_of": "2026-01-01"},
        {"id": "b", "question": "đóng kinh phí công đoàn bao nhiêu", "gold": [{"doc": "2/2024/QH15", "article": 2}]},
        {"id": "c", "question": "câu hỏi về văn bản không có", "gold": [{"doc": "99/2099/QH99", "article": 1}]},
    ]), encoding="utf-8")
    scored = run("-m", "engine", "--model", str(models), "eval", str(questions), "--json")
    assert scored.returncode == 0, scored.stderr
    metrics = json.loads(scored.stdout)
    assert set(metrics) == {"questions", "skipped", "hit@1", "hit@5", "mrr@10"}
    assert metrics["questions"] == 2 and metrics["skipped"] == 1
    assert metrics["hit@1"] == 1.0 and metrics["mrr@10"] == 1.0

    # as of 2024 the old law answers, so the gold of the new one is missed
    old = run("-m", "engine", "--model", str(models), "eval", str(questions), "--json", "--as-of", "2024-01-01")
    assert json.loads(old.stdout)["hit@5"] == 0.0


def test_corpus_errors_stop_the_build_and_keep_the_model(tmp_path):
    corpus_dir, laws = mini_corpus(tmp_path)
    models = tmp_path / "models"
    assert run("train.py", "--corpus", str(corpus_dir), "--laws", str(laws), "--out", str(models), "--quiet").returncode == 0
    before = (models / "model.json").read_text()
    (laws / "new.txt").write_text((laws / "new.txt").read_text().replace("Điều 2.", "Điều 1."), encoding="utf-8")
    failed = run("train.py", "--corpus", str(corpus_dir), "--laws", str(laws), "--out", str(models), "--quiet")
    assert failed.returncode == 2
    assert "new.txt:" in failed.stderr and "Điều 1 xuất hiện hai lần" in failed.stderr
    assert (models / "model.json").read_text() == before


def test_missing_model_is_one_line(tmp_path):
    result = run("-m", "engine", "--model", str(tmp_path), "ask", "nghỉ phép")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "python train.py" in result.stderr


def test_purge_log_command(tmp_path):
    import sqlite3
    from engine.web.store import QuestionLog

    db = tmp_path / "q.sqlite3"
    log = QuestionLog(db)
    log.record("cũ", "2026-01-01", "low", "", "")
    log.record("mới", "2026-01-01", "low", "", "")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE questions SET asked_at = '2001-01-01T00:00:00+00:00' WHERE question = 'cũ'")
    conn.commit()
    result = run("-m", "engine", "purge-log", "--days", "30", "--database", str(db))
    assert result.returncode == 0 and "Đã xóa 1 câu hỏi" in result.stdout
    assert [r["question"] for r in log.rows()] == ["mới"]
