"""POST /api/calc/<name>: run a calculator on a JSON object, against the corpus of the model in service."""
from __future__ import annotations

from flask import Blueprint, jsonify

from .. import calc
from .errors import error_response
from .extensions import limiter
from .api import BadInput, _json_body, _model, _rate_limit

bp = Blueprint("calc", __name__, url_prefix="/api/calc")


@bp.errorhandler(BadInput)
def bad_input(err: BadInput):
    return error_response(err.status, err.code, err.message)


@bp.errorhandler(calc.CalcError)
def calc_error(err: calc.CalcError):
    return error_response(err.status, err.code, err.message)


@bp.post("/<name>")
@limiter.limit(_rate_limit)
def run(name: str):
    calculator = calc.get(name)                    # unknown name: 404 before the body is read
    body = _json_body({f.name for f in calculator.fields} | {"as_of"})
    return jsonify(calculator.run(_model().corpus, body))
