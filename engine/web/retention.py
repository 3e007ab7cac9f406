"""Retention while serving: questions older than RETENTION_DAYS are deleted every RETENTION_INTERVAL
seconds, not only when the server starts.

The app purges once when it is created; then each worker process runs its own timer thread, started
on its first request (a thread started before
gunicorn forks would not exist in the workers). Several workers or replicas purging the same database
do no harm: the DELETE is idempotent and reads the asked_at index only.
"""
from __future__ import annotations

import logging
import os
import threading

log = logging.getLogger(__name__)


class RetentionPurge:
    def __init__(self, question_log, days: int, interval: float):
        self.question_log = question_log
        self.days = days
        self.interval = interval
        self.runs = 0
        self._pid: int | None = None
        self._stop = threading.Event()
        self._done = threading.Condition()
        self._failing = False

    def ensure_running(self) -> None:
        """Start the timer in this process if it is not running here yet (cheap: one comparison)."""
        if self._pid == os.getpid():
            return
        with self._done:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            threading.Thread(target=self._loop, name="retention-purge", daemon=True).start()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.run_once()

    def run_once(self) -> int | None:
        removed = None
        try:
            removed = self.question_log.purge(self.days)
            if removed:
                log.info("retention: %d questions older than %d days deleted", removed, self.days)
            self._failing = False
        except Exception as err:  # an unavailable log is reported by the log itself; purge next time
            if not self._failing:
                log.warning("retention purge skipped: %s", err)
                self._failing = True
        with self._done:
            self.runs += 1
            self._done.notify_all()
        return removed

    def wait_for_runs(self, count: int, timeout: float) -> bool:
        """Until `count` purges have run in this process (for tests and operators' checks)."""
        with self._done:
            return self._done.wait_for(lambda: self.runs >= count, timeout)

    def stop(self) -> None:
        self._stop.set()
