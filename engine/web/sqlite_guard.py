"""What keeps an embedded SQLite log safe from the file being deleted or made read-only under it.

SQLite in WAL mode maps the `-shm` file into memory: once that file is made immutable, the next write
through the mapping kills the worker with SIGBUS, which no exception handler sees. So the files are
checked before every use, and a log whose file was deleted or replaced is reopened at its path.
(Closing the connections to the deleted file is safe: SQLite neither checkpoints nor deletes the WAL
of a database file that has moved, so the new file's `-wal` and `-shm` are left alone.)
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path


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
