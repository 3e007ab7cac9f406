"""Tuổi nghỉ hưu in normal working conditions (Điều 169 of the Labour Code; Điều 3, 4, 7
Nghị định 135/2020/NĐ-CP): the age, the date it is reached, and the retirement moment."""
from __future__ import annotations

import calendar
import datetime as dt

from .base import Calculator, Context, Outcome, Version
from .fields import Field
from .law import CalcError, Figure, fmt_date

BLLD, ND135 = "45/2019/QH14", "135/2020/NĐ-CP"

FIELDS = (
    Field("birth_date", "Ngày sinh", "date", "YYYY-MM-DD"),
    Field("sex", "Giới tính", "choice", options=(("male", "Nam"), ("female", "Nữ"))),
)

V2019 = Version(BLLD, {
    "male_start": Figure(BLLD, "169", "2", "", "Kể từ năm 2021, tuổi nghỉ hưu của người lao động trong điều kiện "
                         "lao động bình thường là đủ 60 tuổi 03 tháng đối với lao động nam"),
    "female_start": Figure(BLLD, "169", "2", "", "đủ 55 tuổi 04 tháng đối với lao động nữ"),
    "male_step": Figure(BLLD, "169", "2", "", "cứ mỗi năm tăng thêm 03 tháng đối với lao động nam"),
    "female_step": Figure(BLLD, "169", "2", "", "04 tháng đối với lao động nữ"),
    "male_end": Figure(BLLD, "169", "2", "", "đủ 62 tuổi đối với lao động nam vào năm 2028"),
    "female_end": Figure(BLLD, "169", "2", "", "đủ 60 tuổi đối với lao động nữ vào năm 2035"),
    "roadmap": Figure(ND135, "4", "2", "", "Lộ trình điều chỉnh tuổi nghỉ hưu"),
    "moment": Figure(ND135, "3", "1", "", "Thời điểm nghỉ hưu là kết thúc ngày cuối cùng của tháng đủ tuổi nghỉ hưu"),
    "pension": Figure(ND135, "3", "2", "", "bắt đầu ngày đầu tiên của tháng liền kề sau thời điểm nghỉ hưu"),
    "male_last": Figure(ND135, "7", "2", "", "lao động nam sinh tháng 12 năm 1960"),
    "female_last": Figure(ND135, "7", "2", "", "lao động nữ sinh tháng 12 năm 1965"),
    "last_moment": Figure(ND135, "7", "2", "", "thời điểm nghỉ hưu là kết thúc ngày 31 tháng 12 năm 2020"),
}, notes=("Tuổi nghỉ hưu trong điều kiện lao động bình thường; người làm nghề nặng nhọc, độc hại, nguy hiểm, "
          "suy giảm khả năng lao động hoặc có trình độ cao có thể nghỉ sớm hoặc muộn hơn (khoản 3, 4 Điều 169).",))


def age_in(ctx: Context, sex: str, year: int) -> int:
    """Retirement age in months for someone retiring in `year` (khoản 2 Điều 169)."""
    first = ctx.whole("male_start", 0)
    key = f"{sex}_start"
    start = ctx.whole(key, 1 if sex == "male" else 0) * 12 + ctx.whole(key, 2 if sex == "male" else 1)
    end, end_year = ctx.whole(f"{sex}_end") * 12, ctx.whole(f"{sex}_end", 1)
    if year >= end_year:
        return end
    return min(start + (year - first) * ctx.whole(f"{sex}_step"), end)


def add_months(day: dt.date, count: int) -> dt.date:
    """The day `count` months later; the 31st falls back to the last day of a shorter month."""
    year, month = divmod(day.month - 1 + count, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _covered(ctx: Context, v: dict) -> None:
    """The roadmap covers those who had not retired by the end of 2020 (khoản 2 Điều 7)."""
    month, year = ctx.whole(f"{v['sex']}_last", 0), ctx.whole(f"{v['sex']}_last", 1)
    if v["birth_date"] > ctx.day:
        raise CalcError("invalid_field", f"Ngày sinh không được sau ngày áp dụng {fmt_date(ctx.day)}.")
    if (v["birth_date"].year, v["birth_date"].month) <= (year, month):
        who = "nam" if v["sex"] == "male" else "nữ"
        last = dt.date(ctx.whole("last_moment", 2), ctx.whole("last_moment", 1), ctx.whole("last_moment", 0))
        raise CalcError("out_of_scope", f"Lao động {who} sinh tháng {month:02d}/{year} nghỉ hưu khi kết thúc ngày "
                        f"{fmt_date(last)} (khoản 2 Điều 7 ({ND135})); người sinh trước đó đã đến tuổi nghỉ hưu "
                        "theo Bộ luật Lao động 2012, văn bản này chưa có trong hệ thống.")


def retirement_age(ctx: Context, v: dict) -> Outcome:
    _covered(ctx, v)
    birth, sex = v["birth_date"], v["sex"]
    year = ctx.whole("male_start")
    while add_months(birth, age_in(ctx, sex, year)).year > year:
        year += 1
    age = age_in(ctx, sex, year)
    reached = add_months(birth, age)
    last = dt.date(reached.year, reached.month, calendar.monthrange(reached.year, reached.month)[1])
    years, months = divmod(age, 12)
    shown = f"{years} tuổi" + (f" {months} tháng" if months else "")
    lines = [f"Năm nghỉ hưu {year}: tuổi nghỉ hưu của lao động {'nam' if sex == 'male' else 'nữ'} là {shown} "
             f"({ctx.cite('male_start', 'roadmap')}).",
             f"Sinh ngày {fmt_date(birth)} → đủ {shown} vào ngày {fmt_date(reached)}.",
             f"Thời điểm nghỉ hưu: kết thúc ngày {fmt_date(last)} ({ctx.cite('moment')}); hưởng lương hưu từ ngày "
             f"{fmt_date(last + dt.timedelta(days=1))} ({ctx.cite('pension')})."]
    return Outcome({"years": years, "months": months, "date": reached.isoformat()}, "tuổi", lines)


CALCULATORS = (
    Calculator("retirement-age", "Tính tuổi nghỉ hưu", FIELDS, (V2019,), retirement_age),
)
