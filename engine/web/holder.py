"""Keeps a model in service and swaps in a newly published one without downtime.

On request (at most every `interval` seconds) the model files' signature is compared: the
stamp, the stamp it replaced (`model.previous.json`) and every artifact, so that an artifact
overwritten in place, or restored, is noticed although the stamp is unchanged. A changed set
is loaded fully in the background of that request, then swapped in with one assignment.

When the published model cannot be used the holder keeps the model it serves; a worker
that has none (one just restarted) serves the previous model instead, if it is still on disk
and sound. A refusal is retried when the files change, and every RETRY_REFUSED seconds in
case they were restored with their old dates.
"""
from __future__ import annotations

import gc
import logging
import os
import threading
import time
from pathlib import Path

from ..artifact import PREVIOUS_NAME, STAMP_NAME, ModelError, load, load_previous

log = logging.getLogger(__name__)

# How often a worker that could not use the published model tries again with unchanged files;
# each try hashes the artifact (about 0.1 s), so every half minute is cheap and soon enough.
RETRY_REFUSED = 30.0


def settle() -> None:
    """After a model is swapped in: free the one it replaced, then put everything alive into
    the collector's permanent generation. The model is some 160,000 objects that live until the
    next swap; a full collection walking them all paused one question in a hundred by about
    100 ms (measured by `make bench`'s hostile inputs)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class ModelHolder:
    def __init__(self, directory: str | Path, interval: float = 2.0):
        self.directory = Path(directory)
        self.interval = interval
        self.current: tuple | None = None     # (model, stamp), replaced whole
        self.error: str | None = None         # why the published model is not the one served
        self.fallback = False                 # serving the previous model
        self._signature = None
        self._checked = 0.0
        self._refused_at: float | None = None
        self._lock = threading.Lock()
        self.refresh(force=True)

    def _files_signature(self):
        """Name, time, size and inode of the stamps and artifacts; None when there is no stamp."""
        try:
            names = [n for n in os.listdir(self.directory)
                     if n in (STAMP_NAME, PREVIOUS_NAME) or (n.startswith("model-") and n.endswith(".joblib"))]
            if STAMP_NAME not in names:
                return None
            stats = [(n, os.stat(self.directory / n)) for n in sorted(names)]
        except OSError:
            return None
        return tuple((n, st.st_mtime_ns, st.st_size, st.st_ino) for n, st in stats)

    def _due(self, signature, now: float) -> bool:
        if signature != self._signature:
            return True
        return self._refused_at is not None and now - self._refused_at >= RETRY_REFUSED

    def refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._checked < self.interval:
            return
        if not self._lock.acquire(blocking=force):
            return  # another thread is already checking
        try:
            self._checked = now
            signature = self._files_signature()
            if signature is None:
                if self.current is None:
                    self.error = f"no model in {self.directory}: run `python train.py`"
                return
            if self._due(signature, now):
                self._signature = signature
                self._reload(now)
        finally:
            self._lock.release()

    def _reload(self, now: float) -> None:
        try:
            loaded = load(self.directory)
        except ModelError as err:
            self._refused(err, now)
            return
        self.current, self.error, self.fallback, self._refused_at = loaded, None, False, None
        settle()
        log.info("model %s in service (corpus %s)", loaded[1].get("version"), loaded[1].get("corpus_hash"))

    def _refused(self, err: ModelError, now: float) -> None:
        first = self._refused_at is None
        self._refused_at, self.error = now, str(err)
        if self.current is not None:
            if first:
                log.error("published model refused, keeping the model in service: %s", err)
            return
        try:
            self.current = load_previous(self.directory)
        except ModelError as previous_err:
            if first:
                log.error("published model refused and no previous model to serve: %s; %s", err, previous_err)
            return
        self.fallback = True
        settle()
        log.error("published model refused, serving the previous model %s: %s", self.current[1].get("version"), err)

    @property
    def ready(self) -> bool:
        return self.current is not None
