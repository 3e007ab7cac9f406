"""The question log: scrubbed text only, no IP addresses, in SQLite or PostgreSQL.

`QuestionLog(target)`: a file path (SQLite in WAL mode, embedded: `make run` needs no server) or a
`postgresql://` URL (several machines share one log). One storage layer for both, on SQLAlchemy Core.

Logging fails soft: when the database cannot be used (disk full, file deleted or made read-only,
server down), answers are still served, the fault is logged once, the questions wait in memory
(bounded) and are written when the database is back; that is logged too.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
import uuid
import weakref
from collections import deque
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..privacy import scrub
from . import sqlite_guard
from .schema import migrate, questions

log = logging.getLogger(__name__)

# Questions kept in memory while the database is unavailable: a few minutes of peak traffic
# (about 5 questions/s per worker); beyond that the oldest are dropped, and the count is logged.
# Where the log lives and how long it keeps questions when nothing else is configured
# (the one place both the server and `python -m engine purge-log` read them from).
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "instance" / "questions.sqlite3"
DEFAULT_RETENTION_DAYS = 180
PENDING_MAX = 2000
# How often an unavailable database is tried again: often enough to recover within seconds,
# rarely enough that a down PostgreSQL does not add a connect timeout to most requests.
RETRY_SECONDS = 5.0
PG_CONNECT_TIMEOUT = 3  # seconds; the log must never hold an answer for long

_OPEN_LOGS: weakref.WeakSet = weakref.WeakSet()


class LogUnavailable(Exception):
    pass


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL: `postgresql://` means psycopg 3; anything without a scheme is a SQLite file."""
    value = str(target)
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix):]
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).resolve())


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _sqlite_engine(url: str) -> sa.Engine:
    engine = sa.create_engine(url, connect_args={"timeout": 10, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def configure(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # transactions are begun below: pysqlite's own skip DDL
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000"):
            dbapi_conn.execute(f"PRAGMA {pragma}")

    @sa.event.listens_for(engine, "begin")
    def begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("sqlite_immediate") else "BEGIN")

    return engine


def create_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": PG_CONNECT_TIMEOUT})


def _after_fork() -> None:
    # connections opened before a fork (gunicorn --preload) belong to the parent
    for store in list(_OPEN_LOGS):
        if store._engine is not None:
            store._engine.dispose(close=False)


os.register_at_fork(after_in_child=_after_fork)


class QuestionLog:
    def __init__(self, target: str | Path):
        self.url = database_url(target)
        self.path = self.url[len("sqlite:///"):] if self.url.startswith("sqlite:///") else None
        self.name = self.path or sa.make_url(self.url).render_as_string(hide_password=True)
        self.dialect = "sqlite" if self.path else sa.make_url(self.url).get_backend_name()
        self._engine: sa.Engine | None = None
        self._identity = None
        self._lock = threading.RLock()
        self._pending: deque[dict] = deque()
        self._dropped = 0
        self._down = False
        self._retry_at = 0.0
        _OPEN_LOGS.add(self)
        try:
            self._ready()
        except (sa.exc.SQLAlchemyError, OSError, LogUnavailable) as err:
            self._fail(err)

    # -- the connection, checked before every use -------------------------------------------------

    def _open(self) -> None:
        engine = create_engine(self.url)
        try:
            if self.path:
                with sqlite_guard.reopening(self.path):
                    migrate(engine)
                    self._identity = sqlite_guard.identity(self.path)
            else:
                migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        self._engine = engine

    def _ready(self) -> sa.Engine:
        with self._lock:
            if self.path:
                self._check_file()
            if self._engine is None:
                if time.monotonic() < self._retry_at:
                    raise LogUnavailable("waiting before trying again")
                try:
                    self._open()
                except BaseException:
                    self._retry_at = time.monotonic() + RETRY_SECONDS
                    raise
            return self._engine

    def _check_file(self) -> None:
        if self._engine is not None and sqlite_guard.identity(self.path) != self._identity:
            log.error("question log %s was deleted or replaced while in use: starting a new file there", self.path)
            self._engine.dispose()
            self._engine = None
            self._retry_at = 0.0
        blocked = sqlite_guard.unwritable(self.path)
        if blocked:
            raise LogUnavailable(f"{blocked} cannot be written")

    def _fail(self, err: Exception) -> None:
        if not self._down:
            log.error("question log %s unavailable, answers are served without logging: %s", self.name, err)
            self._down = True

    def _recovered(self) -> None:
        if self._down:
            log.warning("question log %s available again; %d questions kept in memory written, %d dropped",
                        self.name, len(self._pending), self._dropped)
            self._down = False
            self._dropped = 0

    def _insert_ignoring_duplicates(self):
        # a write that failed after its commit may be retried from memory: never twice the same row
        dialect = postgresql if self.dialect == "postgresql" else sqlite
        return dialect.insert(questions).on_conflict_do_nothing(index_elements=["id"])

    # -- the operations --------------------------------------------------------------------------

    def record(self, question: str, as_of: str, confidence: str, answer: str, doc: str, topic: str = "",
               portal: str | None = None, qid: str | None = None, curated: str | None = None) -> str:
        """Store a scrubbed question; returns its id (also when storing failed). A `qid` already
        stored (the widget's retry of a question sent under that id) is not stored again."""
        row = {"id": qid or uuid.uuid4().hex, "asked_at": _now(), "question": scrub(question), "as_of": as_of,
               "confidence": confidence, "answer": answer, "doc": doc, "topic": topic, "portal": portal,
               "curated": curated}
        with self._lock:
            batch = [*self._pending, row]
            try:
                with self._ready().begin() as conn:
                    conn.execute(self._insert_ignoring_duplicates(), batch)
            except (sa.exc.SQLAlchemyError, OSError, LogUnavailable) as err:
                self._fail(err)
                if len(self._pending) >= PENDING_MAX:
                    self._pending.popleft()
                    self._dropped += 1
                self._pending.append(row)
                return row["id"]
            self._recovered()
            self._pending.clear()
        return row["id"]

    def feedback(self, qid: str, helpful: bool, comment: str | None, answer: str | None = None) -> bool | None:
        """True when recorded, False for an unknown id, None when the log is unavailable. `answer`:
        the id of the answer the vote was given on (the widget asks on every card)."""
        values = {"helpful": int(helpful), "comment": scrub(comment) if comment else None, "feedback_at": _now(),
                  "feedback_answer": answer}
        with self._lock:
            waiting = next((r for r in self._pending if r["id"] == qid), None)
            if waiting is not None:
                waiting.update(values)
                return True
            try:
                with self._ready().begin() as conn:
                    done = conn.execute(sa.update(questions).where(questions.c.id == qid).values(**values))
                    return done.rowcount > 0
            except (sa.exc.SQLAlchemyError, OSError, LogUnavailable) as err:
                self._fail(err)
                return None

    def purge(self, days: int) -> int:
        """Delete questions older than `days`; returns how many. Raises when the log is unavailable."""
        cutoff = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)).isoformat(timespec="seconds")
        with self._lock:
            self._pending = deque((r for r in self._pending if r["asked_at"] >= cutoff), maxlen=None)
            engine = self._ready()
        with engine.begin() as conn:
            return conn.execute(sa.delete(questions).where(questions.c.asked_at < cutoff)).rowcount

    def rows(self, since: str | None = None, until: str | None = None, portal: str | None = None) -> list[dict]:
        """Questions asked in [since, until) (ISO dates or times), oldest first; of one portal if given."""
        query = sa.select(questions).where(questions.c.asked_at >= (since or ""),
                                           questions.c.asked_at < (until or "9999"))
        if portal is not None:
            query = query.where(questions.c.portal == portal)
        try:
            with self._lock:
                engine = self._ready()
            with engine.connect() as conn:
                return [dict(row._mapping) for row in conn.execute(query.order_by(questions.c.asked_at))]
        except (sa.exc.SQLAlchemyError, OSError) as err:
            self._fail(err)
            raise LogUnavailable(str(err)) from None

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
