"""Every calculator by name."""
from __future__ import annotations

from . import leave, lump_sum, overtime, retirement, termination, unemployment
from .base import Calculator
from .law import CalcError

CALCULATORS: dict[str, Calculator] = {
    calc.name: calc
    for module in (termination, unemployment, lump_sum, leave, retirement, overtime)
    for calc in module.CALCULATORS
}


def get(name: str) -> Calculator:
    try:
        return CALCULATORS[name]
    except KeyError:
        raise CalcError("unknown_calculator", f"Không có công cụ tính “{str(name)[:40]}”. Các công cụ hiện có: "
                        f"{', '.join(CALCULATORS)}.", 404) from None


def calculate(corpus, name: str, body: dict) -> dict:
    """Run calculator `name` on a JSON object; raises `CalcError` with status and Vietnamese message."""
    return get(name).run(corpus, body)
