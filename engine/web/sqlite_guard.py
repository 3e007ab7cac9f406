"""What keeps an embedded SQLite log safe from the file being deleted or made read-only under it.

SQLite in WAL mode maps the `-shm` file into memory: once that file is made immutable, the next write
through the mapping kills the worker with SIGBUS, which no exception handler sees. So the files are
checked before every use, and a log whose file was deleted or replaced is reopened at its path.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

NO_CKPT_ON_CLOSE = 1006  # SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, sqlite3.h
_libsqlite = None


def keep_wal_on_close(dbapi_conn: sqlite3.Connection) -> None:
    """Closing the last connection to a WAL database normally checkpoints it and then deletes the
    `-wal` and `-shm` files *by name*: after the log file was deleted and recreated, a worker closing
    its connections to the old file would delete the new file's WAL. With this option, closing
    deletes nothing; the WAL is checkpointed while writing (wal_autocheckpoint), as before."""
    global _libsqlite
    if hasattr(dbapi_conn, "setconfig"):  # Python 3.12+
        dbapi_conn.setconfig(NO_CKPT_ON_CLOSE, True)
        return
    # Python 3.11: the sqlite3* handle is the first field after PyObject_HEAD (Modules/_sqlite/connection.h)
    handle = ctypes.c_void_p.from_address(id(dbapi_conn) + object.__basicsize__).value
    if _libsqlite is None:
        _libsqlite = ctypes.CDLL(ctypes.util.find_library("sqlite3"))
        _libsqlite.sqlite3_db_config.restype = ctypes.c_int
    done = ctypes.c_int(-1)
    rc = _libsqlite.sqlite3_db_config(ctypes.c_void_p(handle), NO_CKPT_ON_CLOSE, 1, ctypes.byref(done))
    if rc != 0 or done.value != 1:
        raise sqlite3.OperationalError(f"cannot set SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE (rc={rc})")


def identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def unwritable(path: str) -> str | None:
    """The first of the database's files that exists and cannot be written (immutable, read-only)."""
    for name in (path, path + "-wal", path + "-shm"):
        if os.path.exists(name) and not os.access(name, os.W_OK):
            return name
    return None


@contextmanager
def reopening(path: str):
    """Held while a worker replaces a deleted log: the directory is locked (flock) so that one worker
    at a time decides; if the file is still missing, the old file's `-wal` and `-shm` are removed
    first, since SQLite would replay a stale WAL into the new database."""
    directory = Path(path).parent
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        if not os.path.exists(path):
            for stale in (path + "-wal", path + "-shm"):
                try:
                    os.unlink(stale)
                except FileNotFoundError:
                    pass
        yield
    finally:
        os.close(fd)
