"""Keeps the model in service and swaps in a newly published one without downtime.

On request (at most every `interval` seconds) the stamp's signature is compared;
a new model is loaded fully in the background of that request, then swapped in
with one assignment. A broken new artifact is logged once and ignored.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from ..artifact import STAMP_NAME, ModelError, load

log = logging.getLogger(__name__)


class ModelHolder:
    def __init__(self, directory: str | Path, interval: float = 2.0):
        self.directory = Path(directory)
        self.interval = interval
        self.current: tuple | None = None     # (model, stamp), replaced whole
        self.error: str | None = None
        self._signature = None
        self._rejected = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self.refresh(force=True)

    def _stamp_signature(self):
        try:
            st = os.stat(self.directory / STAMP_NAME)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._checked < self.interval:
            return
        if not self._lock.acquire(blocking=force):
            return  # another thread is already checking
        try:
            self._checked = now
            signature = self._stamp_signature()
            if signature is None or signature in (self._signature, self._rejected):
                if signature is None and self.current is None:
                    self.error = f"no model in {self.directory}: run `python train.py`"
                return
            try:
                loaded = load(self.directory)
            except ModelError as err:
                self._rejected = signature
                self.error = str(err)
                log.error("new model refused, %s: %s", "keeping the model in service" if self.current else "no model", err)
                return
            self.current = loaded
            self._signature = signature
            self.error = None
            log.info("model %s in service (corpus %s)", loaded[1].get("version"), loaded[1].get("corpus_hash"))
        finally:
            self._lock.release()

    @property
    def ready(self) -> bool:
        return self.current is not None
