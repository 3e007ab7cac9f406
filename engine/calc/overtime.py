"""Tiền lương làm thêm giờ, làm việc ban đêm (Điều 98 of the Labour Code; Điều 55–57 Nghị định
145/2020/NĐ-CP) for a worker paid by time, from the hourly wage of a normal working day."""
from __future__ import annotations

from decimal import Decimal

from .base import Calculator, Context, Outcome, Version
from .fields import Field, dong, hours, money, num, vnd
from .law import Figure

BLLD, ND145 = "45/2019/QH14", "145/2020/NĐ-CP"

FIELDS = (
    money("hourly_wage", "Tiền lương giờ thực trả của ngày làm việc bình thường", "đồng/giờ"),
    hours("weekday_hours", "Giờ làm thêm ban ngày vào ngày thường"),
    hours("rest_day_hours", "Giờ làm thêm ban ngày vào ngày nghỉ hằng tuần"),
    hours("holiday_hours", "Giờ làm thêm ban ngày vào ngày nghỉ lễ, tết, ngày nghỉ có hưởng lương"),
    hours("night_hours", "Giờ làm việc bình thường vào ban đêm (không phải làm thêm)"),
    hours("night_weekday_hours", "Giờ làm thêm vào ban đêm của ngày thường"),
    hours("night_rest_day_hours", "Giờ làm thêm vào ban đêm của ngày nghỉ hằng tuần"),
    hours("night_holiday_hours", "Giờ làm thêm vào ban đêm của ngày nghỉ lễ, tết"),
    Field("day_overtime_before_night", "Ngày thường đó có làm thêm giờ ban ngày trước khi làm thêm ban đêm",
          "boolean", required=False, default=False),
)

V2019 = Version(BLLD, {
    "weekday": Figure(BLLD, "98", "1", "a", "Vào ngày thường, ít nhất bằng 150%"),
    "rest_day": Figure(BLLD, "98", "1", "b", "Vào ngày nghỉ hằng tuần, ít nhất bằng 200%"),
    "holiday": Figure(BLLD, "98", "1", "c", "Vào ngày nghỉ lễ, tết, ngày nghỉ có hưởng lương, ít nhất bằng 300%"),
    "night": Figure(BLLD, "98", "2", "", "được trả thêm ít nhất bằng 30%"),
    "night_overtime": Figure(BLLD, "98", "3", "", "còn được trả thêm 20%"),
    "formula": Figure(ND145, "55", "1", "", "Mức ít nhất 150% hoặc 200% hoặc 300%"),
    "day_plain": Figure(ND145, "57", "1", "b1", "được tính ít nhất bằng 100%"),
    "day_overtime": Figure(ND145, "57", "1", "b1", "ít nhất bằng 150% so với tiền lương giờ thực trả"),
    "day_rest": Figure(ND145, "57", "1", "b2", "được tính ít nhất bằng 200%"),
    "day_holiday": Figure(ND145, "57", "1", "b3", "được tính ít nhất bằng 300%"),
}, notes=("Các mức là mức tối thiểu; thỏa thuận cao hơn thì theo thỏa thuận. Công thức của Điều 56 và Điều 57 "
          "Nghị định 145/2020/NĐ-CP không có trong văn bản nguồn của hệ thống; phần ban đêm được tính theo "
          "khoản 2, khoản 3 Điều 98 Bộ luật Lao động và điểm b khoản 1 Điều 57.",))

# (hours field, rate figure, Vietnamese kind); daytime overtime by khoản 1 Điều 98
_DAY = (("weekday_hours", "weekday", "làm thêm ngày thường"),
        ("rest_day_hours", "rest_day", "làm thêm ngày nghỉ hằng tuần"),
        ("holiday_hours", "holiday", "làm thêm ngày lễ, tết"))
# night overtime: (hours field, overtime rate, the day's daytime wage rate, Vietnamese kind)
_NIGHT = (("night_weekday_hours", "weekday", None, "làm thêm ban đêm ngày thường"),
          ("night_rest_day_hours", "rest_day", "day_rest", "làm thêm ban đêm ngày nghỉ hằng tuần"),
          ("night_holiday_hours", "holiday", "day_holiday", "làm thêm ban đêm ngày lễ, tết"))


def _line(kind: str, h, rate: Decimal, wage: Decimal, cite: str) -> tuple[Decimal, str]:
    amount = wage * rate * h
    return amount, f"{kind}: {num(h)} giờ × {num(rate * 100)}% × {vnd(wage)} = {vnd(amount)} ({cite})."


def overtime(ctx: Context, v: dict) -> Outcome:
    wage, total, lines = v["hourly_wage"], Decimal(0), []
    for field, key, kind in _DAY:
        if v[field]:
            amount, line = _line(kind.capitalize(), v[field], ctx.value(key), wage, ctx.cite(key, "formula"))
            total, lines = total + amount, lines + [line]
    if v["night_hours"]:
        amount, line = _line("Làm việc ban đêm (phần trả thêm)", v["night_hours"], ctx.value("night"), wage,
                             ctx.cite("night"))
        total, lines = total + amount, lines + [line]
    for field, key, day_key, kind in _NIGHT:
        if not v[field]:
            continue
        plus_night, plus_day = ctx.value("night"), ctx.value("night_overtime")
        if day_key is None:
            day_key = "day_overtime" if v["day_overtime_before_night"] else "day_plain"
        rate = ctx.value(key) + plus_night + plus_day * ctx.value(day_key)
        amount, line = _line(kind.capitalize(), v[field], rate, wage, ctx.cite(key, "night", "night_overtime", day_key))
        total, lines = total + amount, lines + [line]
    lines.append(f"Tổng cộng: {vnd(total)}." if lines else "Chưa nhập số giờ nào: 0 đồng.")
    return Outcome(dong(total), "đồng", lines)


CALCULATORS = (
    Calculator("overtime", "Tính tiền lương làm thêm giờ, làm việc ban đêm", FIELDS, (V2019,), overtime),
)
