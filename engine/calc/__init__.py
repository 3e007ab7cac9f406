"""Calculators for the money questions, each applying the figures of the provisions it cites.

`calculate(corpus, name, body)` → {"name", "result", "unit", "breakdown", "provisions", "notice"};
`offer(question)` → the calculator that answers a money question, or None.
"""
from .law import CalcError
from .offer import offer
from .registry import CALCULATORS, calculate, get

__all__ = ["CALCULATORS", "CalcError", "calculate", "get", "offer"]
