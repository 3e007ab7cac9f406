"""Rate limits that hold for the whole service, however many workers serve it.

With RATE_LIMIT_STORAGE=redis://… every worker of every replica counts in one place. With the default
memory:// each worker process counts alone, so W workers would allow W times RATE_LIMIT: then each
worker enforces RATE_LIMIT / W (rounded down, at least 1), so that the total still holds, and says so
at start-up. A multi-process server whose worker count cannot be known refuses rate-limited requests.
"""
from __future__ import annotations

import logging
import os
import sys

from limits import parse_many

log = logging.getLogger(__name__)


def gunicorn_workers() -> int | None:
    """How many workers gunicorn runs, when the app is being created by a gunicorn worker.

    gunicorn keeps its settings on the application object whose `wsgi()` is importing us, and hands
    them to no global; its arbiter marks the environment with SERVER_SOFTWARE."""
    if not os.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn"):
        return None
    frame = sys._getframe(1)
    while frame is not None:
        cfg = getattr(frame.f_locals.get("self"), "cfg", None)
        workers = getattr(cfg, "workers", None)
        if isinstance(workers, int) and type(cfg).__module__.startswith("gunicorn"):
            return workers
        frame = frame.f_back
    return None


def per_worker(limit: str, workers: int) -> str:
    """'10/minute' for 2 workers → '5 per 1 minute'; every limit of a ';'-separated list is divided."""
    items = parse_many(limit)
    return "; ".join(f"{max(1, item.amount // workers)} per {item.multiples} {item.GRANULARITY.name}"
                     for item in items)


def configure(cfg: dict) -> None:
    """Flask-Limiter's settings from ours; divides RATE_LIMIT per worker when counters are per process."""
    storage = cfg.get("RATE_LIMIT_STORAGE") or "memory://"
    cfg["RATELIMIT_STORAGE_URI"] = storage
    cfg["RATELIMIT_HEADERS_ENABLED"] = True
    # a moving window: "10/minute" holds over any 60 seconds, not only within clock minutes
    cfg["RATELIMIT_STRATEGY"] = "moving-window"
    # Redis down: answers are still served, counted per worker meanwhile (and the error is logged)
    cfg["RATELIMIT_SWALLOW_ERRORS"] = True
    cfg["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] = True
    cfg.setdefault("RATELIMIT_ENABLED", True)
    cfg["RATE_LIMIT_PER_PROCESS"] = storage.startswith("memory://")
    workers = cfg.get("SERVER_WORKERS") or gunicorn_workers()
    cfg["SERVER_WORKERS"] = workers
    configured = cfg.get("RATE_LIMIT") or "30/minute"
    cfg["RATE_LIMIT_CONFIGURED"] = configured
    if cfg["RATE_LIMIT_PER_PROCESS"] and workers and workers > 1:
        cfg["RATE_LIMIT"] = per_worker(configured, workers)
        log.warning("RATE_LIMIT_STORAGE=memory:// with %d workers: each worker allows %s so that the total "
                    "stays within %s; set RATE_LIMIT_STORAGE=redis://… to share one counter",
                    workers, cfg["RATE_LIMIT"], configured)


def unknown_split(cfg: dict, environ: dict) -> bool:
    """True when per-process counters serve a multi-process server whose worker count is unknown."""
    return bool(cfg.get("RATE_LIMIT_PER_PROCESS") and environ.get("wsgi.multiprocess")
                and not cfg.get("SERVER_WORKERS"))
