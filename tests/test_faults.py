"""Faults lose nothing: interrupted builds, reload under load, concurrent and failing logs."""
import gc
import json
import multiprocessing
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
import weakref

import pytest
import sqlalchemy

from engine.artifact import load
from engine.web.holder import ModelHolder
from engine.web.store import QuestionLog

from .conftest import ROOT, LiveServer, fit_model, make_app, mini_corpus


def test_serve_refuses_to_start_without_a_good_model(tmp_path):
    env = {"MODEL_PATH": str(tmp_path), "PATH": "/usr/bin:/bin", "DATABASE_PATH": str(tmp_path / "q.db")}
    result = subprocess.run([sys.executable, "serve.py", "--port", "0"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    lines = [l for l in result.stderr.splitlines() if l.strip() and not l.startswith("INFO")]
    assert len(lines) == 1 and "python train.py" in lines[0]


@pytest.mark.parametrize("sig, delay", [(signal.SIGKILL, 0.5), (signal.SIGKILL, 1.5), (signal.SIGKILL, 2.5),
                                        (signal.SIGINT, 1.5), (signal.SIGINT, 2.5)])
def test_interrupted_build_never_leaves_a_half_written_model(tmp_path, sig, delay):
    corpus_dir, laws = mini_corpus(tmp_path)
    models = tmp_path / "models"
    fit_model(corpus_dir, laws, models)
    _, before = load(models)
    proc = subprocess.Popen([sys.executable, "train.py", "--corpus", str(corpus_dir), "--laws", str(laws),
                             "--out", str(models), "--quiet"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    # whatever moment it died at, the published model is whole: the old one or a complete new one
    model, stamp = load(models)
    assert model.corpus.hash == stamp["corpus_hash"] == before["corpus_hash"]
    assert stamp["sha256"] == before["sha256"]  # same corpus, same bytes: nothing half-written
    assert not list(models.glob(".model-*.tmp"))  # the name save() gives its temporary


def _wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.05)


def test_reload_under_load_fails_no_request(tmp_path):
    corpus_dir, laws = mini_corpus(tmp_path / "v1")
    models = tmp_path / "models"
    fit_model(corpus_dir, laws, models)
    server = LiveServer(make_app(models, tmp_path, RATE_LIMIT="100000/minute"))
    server.start()
    results, stop = [], threading.Event()

    def visitor():
        while not stop.is_set():
            req = urllib.request.Request(server.url + "/api/ask", method="POST",
                                         data=json.dumps({"question": "nghỉ hằng năm mấy ngày"}).encode(),
                                         headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=10) as r:
                    results.append((r.status, json.loads(r.read())["answers"][0]["text"]))
            except Exception as err:  # any failure counts
                results.append((0, repr(err)))

    visitors = [threading.Thread(target=visitor) for _ in range(4)]
    for v in visitors:
        v.start()
    _wait_until(lambda: len(results) >= 8)  # the old model is answering
    corpus2, laws2 = mini_corpus(tmp_path / "v2")
    (laws2 / "new.txt").write_text((laws2 / "new.txt").read_text().replace("14 ngày", "15 ngày"), encoding="utf-8")
    fit_model(corpus2, laws2, models)
    # reload interval is 0: the next requests see the new stamp, while the visitors go on
    _wait_until(lambda: sum("15 ngày" in t for _, t in results[-8:]) == 8)
    stop.set()
    for v in visitors:
        v.join()
    server.httpd.shutdown()
    assert results and all(status == 200 for status, _ in results), [r for r in results if r[0] != 200][:3]
    texts = [t for _, t in results]
    assert all("14 ngày" in t or "15 ngày" in t for t in texts)
    assert "14 ngày" in texts[0] and "15 ngày" in texts[-1]


def _write_rows(path, worker, n):
    log = QuestionLog(path)
    for i in range(n):
        log.record(f"câu hỏi {worker}-{i}", "2026-01-01", "low", "", "")


def test_two_workers_writing_concurrently_lose_no_row(tmp_path):
    path = tmp_path / "q.sqlite3"
    QuestionLog(path)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_rows, args=(str(path), w, 300)) for w in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    db = sqlite3.connect(path)
    assert db.execute("SELECT COUNT(*) FROM questions").fetchone()[0] == 600
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def full_disk():
    raise sqlalchemy.exc.OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))


def test_disk_full_log_fails_soft(app, client, caplog):
    log = app.extensions["question_log"]
    log._ready = full_disk
    for _ in range(3):
        r = client.post("/api/ask", json={"question": "nghỉ phép năm"})
        assert r.status_code == 200 and r.get_json()["answers"]
    assert sum("disk is full" in rec.getMessage() for rec in caplog.records) == 1


def test_a_swapped_out_model_is_freed_although_models_are_kept_out_of_the_collector(tmp_path):
    """The holder puts the model it serves in the collector's permanent generation (no full
    collection walks it between questions); the model it replaces must still be freed."""
    corpus_dir, laws = mini_corpus(tmp_path / "v1")
    models = tmp_path / "models"
    fit_model(corpus_dir, laws, models)
    gc.unfreeze()  # what earlier tests' holders froze
    try:
        holder = ModelHolder(models, interval=0)
        assert gc.get_freeze_count() > 0, "the model in service was left to the collector"
        first = weakref.ref(holder.current[0])
        corpus2, laws2 = mini_corpus(tmp_path / "v2")
        (laws2 / "new.txt").write_text((laws2 / "new.txt").read_text().replace("14 ngày", "15 ngày"), encoding="utf-8")
        fit_model(corpus2, laws2, models)
        holder.refresh(force=True)
        assert holder.current[0] is not first()
        assert first() is None, "the replaced model is still in memory"
    finally:
        gc.unfreeze()
