"""What the hardening review (issue 14) asked of the app as a whole: redirects that never carry
the Host a client sent, an admin secret that is a secret, and few admin password guesses.
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, current_app

from . import ratelimits

log = logging.getLogger(__name__)

# ADMIN_TOKEN must hold at least this many non-space characters, or the editors' page stays
# closed: a token of spaces opened it. 8 is the floor the review asked for; generate one with
# `python -c "import secrets; print(secrets.token_urlsafe(16))"`.
MIN_ADMIN_TOKEN = 8
# Wrong admin tokens allowed per client address (300 guesses met no 429): ten a minute leaves an
# editor room for typos, and 14,400 a day are nothing against a random 16-character token.
# Shared by every worker when RATE_LIMIT_STORAGE is Redis, divided per worker otherwise (as
# RATE_LIMIT is). ADMIN_FAILURE_LIMIT overrides it.
ADMIN_FAILURE_LIMIT = "10/minute"


def admin_secret(config) -> str:
    """ADMIN_TOKEN when it is a real secret, else "" (the page closed)."""
    token = str(config.get("ADMIN_TOKEN") or "")
    return token if sum(not c.isspace() for c in token) >= MIN_ADMIN_TOKEN else ""


def admin_failure_limit() -> str:
    cfg = current_app.config
    limit = cfg.get("ADMIN_FAILURE_LIMIT") or ADMIN_FAILURE_LIMIT
    workers = cfg.get("SERVER_WORKERS")
    if cfg.get("RATE_LIMIT_PER_PROCESS") and workers and workers > 1:
        return ratelimits.per_worker(limit, workers)
    return limit


def failed_login(response) -> bool:
    """Only refused tokens count against the address: an editor's own work is never limited."""
    return response.status_code == 401


def _relative_location(response):
    """Location without scheme and host: werkzeug builds them from the Host (or X-Forwarded-Host)
    header, so `Host: evil.example.com` sent /admin to evil.example.com. PUBLIC_URL, when set,
    is the one base a redirect may name."""
    location = response.headers.get("Location")
    if location:
        parts = urlsplit(location)
        if parts.netloc:
            base = urlsplit(current_app.config.get("PUBLIC_URL") or "")
            scheme, netloc = (base.scheme, base.netloc) if base.netloc else ("", "")
            response.headers["Location"] = urlunsplit((scheme, netloc, parts.path or "/", parts.query, parts.fragment))
    return response


def install(app: Flask) -> None:
    app.after_request(_relative_location)
    if admin_secret(app.config):
        log.info("editors' page /admin open to ADMIN_TOKEN (at most %s wrong tokens per address)",
                 app.config.get("ADMIN_FAILURE_LIMIT") or ADMIN_FAILURE_LIMIT)
    elif app.config.get("ADMIN_TOKEN"):
        log.warning("ADMIN_TOKEN ignored: it needs at least %d non-space characters; /admin is closed "
                    "to the Confederation's token", MIN_ADMIN_TOKEN)
    else:
        log.info("no ADMIN_TOKEN: /admin is closed to the Confederation's token")
