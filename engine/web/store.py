"""The question log: SQLite in WAL mode, scrubbed text only, no IP addresses.

Logging fails soft: if the database cannot be written (disk full, read-only),
answers are still served and the error is logged once.
"""
from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
import uuid
from pathlib import Path

from ..privacy import scrub

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id TEXT PRIMARY KEY,
    asked_at TEXT NOT NULL,
    question TEXT NOT NULL,
    as_of TEXT,
    confidence TEXT,
    answer TEXT,
    doc TEXT,
    helpful INTEGER,
    comment TEXT,
    feedback_at TEXT,
    topic TEXT
);
CREATE INDEX IF NOT EXISTS questions_asked_at ON questions(asked_at);
"""


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class QuestionLog:
    def __init__(self, path: str | Path):
        self.path = str(path)
        self._local = threading.local()
        self._warned = False
        try:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.executescript(SCHEMA)
                columns = {row[1] for row in db.execute("PRAGMA table_info(questions)")}
                if "topic" not in columns:  # logs created before topics were recorded
                    db.execute("ALTER TABLE questions ADD COLUMN topic TEXT")
        except (sqlite3.Error, OSError) as err:
            self._fail(err)

    def _connect(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=10000")
            self._local.db = db
        return db

    def _fail(self, err: Exception) -> None:
        if not self._warned:
            log.error("question log %s unavailable, answers are served without logging: %s", self.path, err)
            self._warned = True
        self._local.db = None

    def record(self, question: str, as_of: str, confidence: str, answer: str, doc: str, topic: str = "") -> str:
        """Store a scrubbed question; returns its id (also when storing failed)."""
        qid = uuid.uuid4().hex
        try:
            self._connect().execute(
                "INSERT INTO questions (id, asked_at, question, as_of, confidence, answer, doc, topic)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (qid, _now(), scrub(question), as_of, confidence, answer, doc, topic))
        except sqlite3.Error as err:
            self._fail(err)
        return qid

    def feedback(self, qid: str, helpful: bool, comment: str | None) -> bool | None:
        """True when recorded, False for an unknown id, None when the log is unavailable."""
        try:
            cur = self._connect().execute(
                "UPDATE questions SET helpful = ?, comment = ?, feedback_at = ? WHERE id = ?",
                (int(helpful), scrub(comment) if comment else None, _now(), qid))
            return cur.rowcount > 0
        except sqlite3.Error as err:
            self._fail(err)
            return None

    def purge(self, days: int) -> int:
        """Delete questions older than `days`; returns how many."""
        cutoff = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)).isoformat(timespec="seconds")
        cur = self._connect().execute("DELETE FROM questions WHERE asked_at < ?", (cutoff,))
        return cur.rowcount

    def rows(self, since: str | None = None, until: str | None = None) -> list[dict]:
        query = "SELECT * FROM questions WHERE asked_at >= ? AND asked_at < ? ORDER BY asked_at"
        cur = self._connect().execute(query, (since or "", until or "9999"))
        names = [c[0] for c in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]
