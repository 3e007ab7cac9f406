"""The per-app objects blueprints use, and small helpers to reach them (as flaskr's get_db)."""
from __future__ import annotations

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, headers_enabled=True)


def get_holder():
    """The ModelHolder: the model in service, swapped when a new one is published."""
    return current_app.extensions["model"]


def get_log():
    """The question log (SQLite or PostgreSQL)."""
    return current_app.extensions["question_log"]


def get_portals():
    return current_app.extensions["portals"]


def get_suggestions():
    return current_app.extensions["suggestions"]
