"""Nghỉ hằng năm: days per year (Điều 113, 114 of the Labour Code; Điều 66 Nghị định 145/2020/NĐ-CP)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .base import Calculator, Context, Outcome, Version
from .fields import Field, months, num
from .law import Figure

BLLD, ND145 = "45/2019/QH14", "145/2020/NĐ-CP"

FIELDS = (
    months("months_worked", "Thời gian làm việc cho người sử dụng lao động"),
    Field("work", "Điều kiện công việc", "choice", options=(
        ("normal", "Bình thường"), ("heavy", "Nặng nhọc, độc hại, nguy hiểm"),
        ("very_heavy", "Đặc biệt nặng nhọc, độc hại, nguy hiểm"))),
    Field("minor_or_disabled", "Người chưa thành niên hoặc người khuyết tật", "boolean", required=False, default=False),
)

V2019 = Version(BLLD, {
    "year": Figure(BLLD, "113", "1", "", "làm việc đủ 12 tháng"),
    "normal": Figure(BLLD, "113", "1", "a", "12 ngày làm việc đối với người làm công việc trong điều kiện bình thường"),
    "heavy": Figure(BLLD, "113", "1", "b", "14 ngày làm việc đối với người lao động chưa thành niên, lao động là người "
                    "khuyết tật, người làm nghề, công việc nặng nhọc, độc hại, nguy hiểm"),
    "very_heavy": Figure(BLLD, "113", "1", "c", "16 ngày làm việc đối với người làm nghề, công việc đặc biệt nặng nhọc"),
    "prorata": Figure(BLLD, "113", "2", "", "theo tỷ lệ tương ứng với số tháng làm việc"),
    "seniority": Figure(BLLD, "114", "", "", "Cứ đủ 05 năm làm việc cho một người sử dụng lao động"),
    "extra_day": Figure(BLLD, "114", "", "", "được tăng thêm tương ứng 01 ngày"),
    "formula": Figure(ND145, "66", "1", "", "chia cho 12 tháng, nhân với số tháng làm việc thực tế trong năm"),
}, notes=("Văn bản không quy định cách làm tròn số ngày nghỉ lẻ khi làm chưa đủ 12 tháng; kết quả giữ hai chữ số "
          "thập phân.",))


def annual_leave(ctx: Context, v: dict) -> Outcome:
    kind = v["work"]
    if v["minor_or_disabled"] and kind == "normal":
        kind = "heavy"
    base = ctx.value(kind)
    lines = [f"Số ngày nghỉ hằng năm theo điều kiện công việc: {num(base)} ngày làm việc ({ctx.cite(kind)})."]
    year = ctx.whole("year")
    worked = v["months_worked"]
    if worked >= year:
        step = ctx.whole("seniority") * year
        extra = worked // step * ctx.whole("extra_day")
        lines.append(f"Thâm niên {worked // year} năm: cứ đủ {ctx.whole('seniority')} năm thêm "
                     f"{ctx.whole('extra_day')} ngày → thêm {extra} ngày ({ctx.cite('seniority')}).")
        days = base + extra
        lines.append(f"Tổng: {num(days)} ngày làm việc mỗi năm.")
        return Outcome(int(days), "ngày", lines)
    days = (base / ctx.value("formula") * worked).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    lines.append(f"Làm việc {worked} tháng, chưa đủ {year} tháng: {num(base)} : {ctx.whole('formula')} × {worked} "
                 f"= {num(days)} ngày ({ctx.cite('prorata', 'formula')}).")
    return Outcome(float(days), "ngày", lines)


CALCULATORS = (
    Calculator("annual-leave", "Tính số ngày nghỉ hằng năm", FIELDS, (V2019,), annual_leave),
)
