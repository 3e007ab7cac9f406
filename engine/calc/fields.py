"""Input fields of a calculator: what the widget shows, and the checks every request passes."""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .law import CalcError

# Upper bounds that keep the arithmetic and the answers sensible; none is a legal figure.
MAX_MONTHS = 1200           # 100 years of work or contributions
MAX_MONEY = 10**12          # đồng: far above any salary
MAX_HOURS = 10_000          # hours of one kind in one calculation

_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")


@dataclass(frozen=True)
class Field:
    name: str
    label: str              # Vietnamese, shown beside the input
    type: str               # "integer", "number", "boolean", "choice", "month", "date"
    unit: str = ""
    required: bool = True
    default: object = None
    maximum: float | None = None
    options: tuple[tuple[object, str], ...] = ()   # (value, Vietnamese label) for "choice"

    def describe(self) -> dict:
        out = {"name": self.name, "label": self.label, "type": self.type, "unit": self.unit,
               "required": self.required}
        if self.default is not None:
            out["default"] = self.default
        if self.options:
            out["options"] = [{"value": v, "label": label} for v, label in self.options]
        return out


def months(name: str, label: str, required: bool = True) -> Field:
    return Field(name, label, "integer", "tháng", required, None if required else 0, MAX_MONTHS)


def money(name: str, label: str, unit: str = "đồng/tháng") -> Field:
    return Field(name, label, "number", unit, True, None, MAX_MONEY)


def hours(name: str, label: str) -> Field:
    return Field(name, label, "number", "giờ", False, 0, MAX_HOURS)


def _number(field: Field, value, integer: bool):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CalcError("invalid_field", f"{field.label} phải là một số.")
    if isinstance(value, float) and not math.isfinite(value):
        raise CalcError("invalid_field", f"{field.label} phải là một số hữu hạn.")
    if integer:
        if isinstance(value, float) and not value.is_integer():
            raise CalcError("invalid_field", f"{field.label} phải là số nguyên ({field.unit}).")
        value = int(value)
    if value < 0:
        raise CalcError("invalid_field", f"{field.label} không được là số âm.")
    if field.maximum is not None and value > field.maximum:
        raise CalcError("invalid_field", f"{field.label} quá lớn (tối đa {field.maximum:,} {field.unit}).".replace(",", "."))
    return value if integer else Decimal(str(value))


def _month(field: Field, value) -> dt.date:
    if isinstance(value, str) and _MONTH.fullmatch(value):
        try:
            return dt.date(int(value[:4]), int(value[5:]), 1)
        except ValueError:
            pass
    raise CalcError("invalid_field", f"{field.label} không hợp lệ, cần dạng YYYY-MM (ví dụ 2026-03).")


def _date(field: Field, value) -> dt.date:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise CalcError("invalid_field", f"{field.label} không hợp lệ, cần một ngày có thật dạng YYYY-MM-DD.")


def _one(field: Field, value):
    if field.type in ("integer", "number"):
        return _number(field, value, field.type == "integer")
    if field.type == "boolean":
        if not isinstance(value, bool):
            raise CalcError("invalid_field", f"{field.label} phải là true hoặc false.")
        return value
    if field.type == "choice":
        allowed = [v for v, _ in field.options]
        if isinstance(value, bool) or value not in allowed:
            shown = ", ".join(f"{v} ({label})" for v, label in field.options)
            raise CalcError("invalid_field", f"{field.label} không hợp lệ; chọn một trong: {shown}.")
        return value
    return _month(field, value) if field.type == "month" else _date(field, value)


def parse(fields: tuple[Field, ...], body: dict) -> dict:
    """Checked values for every field (defaults filled in); `as_of` is not a field."""
    known = {f.name for f in fields} | {"as_of"}
    unknown = sorted(str(k) for k in body if k not in known)
    if unknown:
        raise CalcError("unknown_field", f"Trường không được hỗ trợ: {', '.join(unknown)[:200]}.")
    values = {}
    for field in fields:
        if body.get(field.name) is None:
            if field.required:
                raise CalcError("missing_field", f"Thiếu trường {field.name} ({field.label}).")
            values[field.name] = None if field.default is None else _one(field, field.default)
            continue
        values[field.name] = _one(field, body[field.name])
    return values


def as_of(value) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise CalcError("invalid_as_of", "Ngày áp dụng (as_of) không hợp lệ, cần dạng YYYY-MM-DD.")


def dong(value) -> int:
    """Money rounded to the đồng, half up (the texts state no rounding of their own)."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def vnd(value) -> str:
    """12345678 → '12.345.678 đồng'."""
    return f"{dong(value):,}".replace(",", ".") + " đồng"


def num(value) -> str:
    """1.5 → '1,5'; 2 → '2'."""
    d = Decimal(value).normalize()
    s = f"{d:f}"
    return s.replace(".", ",")
