"""One storage layer for SQLite and PostgreSQL (a real server, started by the suite), and the faults
an embedded SQLite log meets in service: its file deleted, or made immutable, while workers write."""
import datetime as dt
import logging
import multiprocessing
import os
import sqlite3
import subprocess
import sys

import pytest
import sqlalchemy as sa

from engine.web.store import QuestionLog

from .conftest import ROOT, make_app


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "log" / "q.sqlite3")
    return request.getfixturevalue("postgres_url")


def old(log, qid: str, asked_at: str):
    engine = sa.create_engine(log.url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE questions SET asked_at = :t WHERE id = :id"), {"t": asked_at, "id": qid})
    engine.dispose()


def test_record_feedback_rows_and_purge_on_both_engines(target):
    log = QuestionLog(target)
    a = log.record("Tôi là Nguyễn Văn An, gọi 0912345678, nghỉ phép năm", "2026-01-01", "high", "Điều 113", "45/2019/QH14",
                   "Nghỉ hằng năm", portal="laichau")
    b = log.record("lương tối thiểu vùng", "2026-01-01", "low", "", "", portal=None)
    assert log.feedback(a, False, "số tôi 0912345678") is True
    assert log.feedback("khong-co", True, None) is False
    rows = {r["id"]: r for r in log.rows()}
    assert rows[a]["question"] == "Tôi là [tên], gọi [số điện thoại], nghỉ phép năm"
    assert rows[a]["helpful"] == 0 and rows[a]["comment"] == "số tôi [số điện thoại]"
    assert rows[a]["portal"] == "laichau" and rows[b]["portal"] is None
    assert [r["id"] for r in log.rows(portal="laichau")] == [a]
    assert log.rows(since="2999-01-01") == []
    old(log, b, "2020-01-01T00:00:00+00:00")
    assert log.purge(180) == 1 and [r["id"] for r in log.rows()] == [a]


def test_a_retried_question_is_kept_once(target):
    log = QuestionLog(target)
    first = log.record("nghỉ phép", "2026-01-01", "high", "", "", qid="ab" * 8)
    again = log.record("nghỉ phép", "2026-01-01", "high", "", "", qid="ab" * 8)
    assert first == again and len(log.rows()) == 1


def _open_log(url):
    QuestionLog(url).record("câu hỏi", "2026-01-01", "low", "", "")


def test_workers_starting_together_create_the_schema_once(postgres_url):
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_open_log, args=(postgres_url,)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0] * 4
    assert len(QuestionLog(postgres_url).rows()) == 4


def test_an_earlier_sqlite_log_is_migrated_in_place(tmp_path):
    path = tmp_path / "q.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("""CREATE TABLE questions (id TEXT PRIMARY KEY, asked_at TEXT NOT NULL, question TEXT NOT NULL,
        as_of TEXT, confidence TEXT, answer TEXT, doc TEXT, helpful INTEGER, comment TEXT, feedback_at TEXT);
        INSERT INTO questions (id, asked_at, question) VALUES ('x', '2026-11-01T00:00:00+00:00', 'câu cũ');""")
    db.close()
    log = QuestionLog(path)
    log.record("câu mới", "2026-01-01", "low", "", "", "Khác", portal="laichau")
    assert [(r["question"], r["portal"]) for r in log.rows()] == [("câu cũ", None), ("câu mới", "laichau")]
    indexes = {row[1] for row in sqlite3.connect(path).execute("PRAGMA index_list(questions)")}
    assert {"questions_asked_at", "questions_portal_asked_at"} <= indexes


def test_postgresql_restarted_connections_are_replaced(postgres_url):
    log = QuestionLog(postgres_url)
    log.record("trước", "2026-01-01", "low", "", "")
    with sa.create_engine(log.url).connect() as admin:  # what a server restart does to open connections
        admin.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    log.record("sau", "2026-01-01", "low", "", "")
    assert [r["question"] for r in log.rows()] == ["trước", "sau"]


def test_postgresql_down_fails_soft_and_keeps_questions_until_it_is_back(postgres_server, caplog, monkeypatch):
    url = postgres_server.create_database()
    log = QuestionLog(url)
    monkeypatch.setattr("engine.web.store.RETRY_SECONDS", 0)
    admin = sa.create_engine(log.url)
    with admin.begin() as conn:  # the log cannot write while its table is away
        conn.execute(sa.text("ALTER TABLE questions RENAME TO questions_away"))
    for i in range(3):
        log.record(f"câu {i}", "2026-01-01", "low", "", "")
    with admin.begin() as conn:
        conn.execute(sa.text("ALTER TABLE questions_away RENAME TO questions"))
    admin.dispose()
    log.record("câu 3", "2026-01-01", "low", "", "")
    assert sorted(r["question"] for r in log.rows()) == ["câu 0", "câu 1", "câu 2", "câu 3"]
    messages = [r.getMessage() for r in caplog.records]
    assert sum("unavailable" in m for m in messages) == 1
    assert sum("available again; 3 questions kept in memory written, 0 dropped" in m for m in messages) == 1


# -- SQLite faults in service (issue 14 item 9) ----------------------------------------------------

def _worker(path, conn):
    """A worker process: writes the questions it is told to, answers when done."""
    logging.basicConfig(level=logging.INFO)
    log = QuestionLog(path)
    while True:
        command = conn.recv()
        if command is None:
            break
        for i in range(command[1]):
            log.record(f"{command[0]} {os.getpid()} {i}", "2026-01-01", "low", "", "")
        conn.send(len(log._pending))
    conn.close()


class Workers:
    def __init__(self, path, n=2):
        ctx = multiprocessing.get_context("spawn")
        self.pipes, self.procs = [], []
        for _ in range(n):
            mine, theirs = ctx.Pipe()
            proc = ctx.Process(target=_worker, args=(str(path), theirs))
            proc.start()
            self.pipes.append(mine)
            self.procs.append(proc)

    def write(self, label, n):
        for pipe in self.pipes:
            pipe.send((label, n))
        return [pipe.recv() for pipe in self.pipes]  # questions each still holds in memory

    def stop(self):
        for pipe in self.pipes:
            pipe.send(None)
        for proc in self.procs:
            proc.join(30)
        return [proc.exitcode for proc in self.procs]


def count(path, label):
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return db.execute("SELECT COUNT(*) FROM questions WHERE question LIKE ?", (label + " %",)).fetchone()[0]
    finally:
        db.close()


def test_log_deleted_while_workers_write_goes_on_in_a_new_file(tmp_path):
    path = tmp_path / "q.sqlite3"
    workers = Workers(path)
    try:
        assert workers.write("trước", 5) == [0, 0]
        os.unlink(path)  # an operator removes the log while the server runs
        assert workers.write("sau", 25) == [0, 0]
        assert count(path, "sau") == 50 and count(path, "trước") == 0
    finally:
        assert workers.stop() == [0, 0]
    # workers closing their connections to the deleted file removed nothing of the new one
    assert count(path, "sau") == 50


def _freeze(paths, on: bool):
    """Make files immutable (root: chattr +i, what an operator or a backup tool may do) or read-only."""
    for p in paths:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "+i" if on else "-i", str(p)], check=True)
        else:
            os.chmod(p, 0o444 if on else 0o644)


def test_immutable_log_does_not_kill_workers_and_nothing_is_lost(tmp_path):
    path = tmp_path / "q.sqlite3"
    workers = Workers(path)
    files = [path, path.with_name("q.sqlite3-shm")]
    try:
        workers.write("trước", 5)
        _freeze(files, True)
        try:
            assert workers.write("khi khóa", 10) == [10, 10]  # kept in memory, the workers alive
        finally:
            _freeze(files, False)
        assert workers.write("sau", 1) == [0, 0]
        assert (count(path, "trước"), count(path, "khi khóa"), count(path, "sau")) == (10, 20, 2)
    finally:
        assert workers.stop() == [0, 0]  # not -7 (SIGBUS)


def test_retention_purges_on_a_schedule_while_serving(mini_model_dir, tmp_path):
    app = make_app(mini_model_dir, tmp_path, RETENTION_INTERVAL="0.05", RETENTION_DAYS="180")
    client, log, retention = app.test_client(), app.extensions["question_log"], app.extensions["retention"]
    try:
        client.post("/api/ask", json={"question": "nghỉ phép năm"})
        stale = client.post("/api/ask", json={"question": "nghỉ hằng năm"}).get_json()["question_id"]
        old(log, stale, (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=200)).isoformat(timespec="seconds"))
        assert retention.wait_for_runs(retention.runs + 2, timeout=10)
        assert [r["question"] for r in log.rows()] == ["nghỉ phép năm"]
    finally:
        retention.stop()


def test_purge_log_command_reads_database_url(postgres_url):
    log = QuestionLog(postgres_url)
    stale = log.record("cũ", "2026-01-01", "low", "", "")
    log.record("mới", "2026-01-01", "low", "", "")
    old(log, stale, "2001-01-01T00:00:00+00:00")
    env = {**os.environ, "DATABASE_URL": postgres_url, "DATABASE_PATH": "/nonexistent/q.sqlite3"}
    result = subprocess.run([sys.executable, "-m", "engine", "purge-log", "--days", "30"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "Đã xóa 1 câu hỏi" in result.stdout, result.stderr
    assert "postgresql" in result.stdout and [r["question"] for r in log.rows()] == ["mới"]


def test_sqlite_faults_are_logged_once_each(tmp_path, caplog):
    path = tmp_path / "q.sqlite3"
    log = QuestionLog(path)
    log.record("một", "2026-01-01", "low", "", "")
    os.unlink(path)
    for _ in range(3):
        log.record("hai", "2026-01-01", "low", "", "")
    _freeze([path], True)
    try:
        for _ in range(3):
            log.record("ba", "2026-01-01", "low", "", "")
    finally:
        _freeze([path], False)
    log.record("bốn", "2026-01-01", "low", "", "")
    messages = [r.getMessage() for r in caplog.records]
    assert sum("deleted or replaced" in m for m in messages) == 1
    assert sum("unavailable" in m and "cannot be written" in m for m in messages) == 1
    assert sum("available again; 3 questions" in m for m in messages) == 1
    assert [r["question"] for r in log.rows()] == ["hai"] * 3 + ["ba"] * 3 + ["bốn"]


def test_editors_page_says_when_the_log_cannot_be_read(app, client):
    path = app.config["DATABASE_PATH"]
    _freeze([path], True)
    try:
        r = client.get("/admin/report.json", auth=("x", "bi-mat-bien-tap"))
    finally:
        _freeze([path], False)
    assert r.status_code == 503 and r.get_json()["error"] == "log_unavailable"
    assert client.get("/admin/report.json", auth=("x", "bi-mat-bien-tap")).status_code == 200
