"""Trợ cấp thất nghiệp: monthly amount and duration (Luật Việc làm 2025 Điều 39; before
2026 Luật Việc làm 2013 Điều 50), capped by the regional minimum wage of the last month."""
from __future__ import annotations

from .base import Calculator, Context, Outcome, Version
from .fields import Field, dong, money, months, num, vnd
from .law import CalcError, Figure, fmt_date
from .wages import missing_decree, regional_minimum

LVL25, LVL13 = "74/2025/QH15", "38/2013/QH13"

FIELDS = (
    months("months_contributed", "Số tháng đã đóng bảo hiểm thất nghiệp (chưa hưởng)"),
    money("average_salary", "Bình quân tiền lương tháng đóng bảo hiểm thất nghiệp của 06 tháng gần nhất"),
    Field("region", "Vùng lương tối thiểu nơi làm việc", "choice",
          options=((1, "Vùng I"), (2, "Vùng II"), (3, "Vùng III"), (4, "Vùng IV"))),
    Field("last_month", "Tháng cuối cùng đóng bảo hiểm thất nghiệp", "month", "YYYY-MM"),
)

V2025 = Version(LVL25, {
    "rate": Figure(LVL25, "39", "1", "", "bằng 60% mức bình quân tiền lương tháng đóng bảo hiểm thất nghiệp"),
    "cap": Figure(LVL25, "39", "1", "", "tối đa không quá 05 lần mức lương tối thiểu tháng theo vùng"),
    "first": Figure(LVL25, "39", "2", "", "cứ đóng đủ 12 tháng đến đủ 36 tháng thì được hưởng 03 tháng"),
    "step": Figure(LVL25, "39", "2", "", "cứ đóng đủ thêm 12 tháng thì được hưởng thêm 01 tháng"),
    "longest": Figure(LVL25, "39", "2", "", "thời gian hưởng trợ cấp thất nghiệp tối đa 12 tháng"),
    "condition": Figure(LVL25, "38", "1", "b", "từ đủ 12 tháng trở lên trong thời gian 24 tháng"),
})

V2013 = Version(LVL13, {
    "rate": Figure(LVL13, "50", "1", "", "bằng 60% mức bình quân tiền lương tháng đóng bảo hiểm thất nghiệp"),
    "cap": Figure(LVL13, "50", "1", "", "không quá 05 lần mức lương tối thiểu vùng"),
    "first": Figure(LVL13, "50", "2", "", "cứ đóng đủ 12 tháng đến đủ 36 tháng thì được hưởng 03 tháng"),
    "step": Figure(LVL13, "50", "2", "", "cứ đóng đủ thêm 12 tháng thì được hưởng thêm 01 tháng"),
    "longest": Figure(LVL13, "50", "2", "", "tối đa không quá 12 tháng"),
    "condition": Figure(LVL13, "49", "2", "", "từ đủ 12 tháng trở lên trong thời gian 24 tháng"),
}, notes=("Theo Luật Việc làm 2013, mức trần tính theo lương tối thiểu vùng tại thời điểm chấm dứt hợp đồng; "
          "công cụ dùng tháng cuối cùng đóng bảo hiểm thất nghiệp. Người hưởng lương theo chế độ Nhà nước "
          "quy định có mức trần theo lương cơ sở, công cụ này không tính.",))


def duration(ctx: Context, contributed: int) -> int:
    """Months of benefit by khoản 2: the first band, then one month per further full year, capped."""
    low, high, base = ctx.whole("first"), ctx.whole("first", 1), ctx.whole("first", 2)
    if contributed < low:
        return 0
    extra = max(0, contributed - high) // ctx.whole("step") * ctx.whole("step", 1)
    return min(base + extra, ctx.whole("longest"))


def _cap(ctx: Context, v: dict, lines: list[str], notes: list[str]):
    found = regional_minimum(ctx.corpus, v["last_month"])
    month = f"{v['last_month'].month:02d}/{v['last_month'].year}"
    if found is None:
        notes.append(f"Mức lương tối thiểu vùng tháng {month} do {missing_decree(ctx.corpus, v['last_month'])} "
                     "quy định; văn bản này chưa có trong hệ thống nên kết quả chưa đối chiếu mức trần.")
        return None
    table, cited = found
    ctx.provisions.append(cited)
    cap = ctx.value("cap") * table[v["region"]]
    lines.append(f"Mức trần: {num(ctx.value('cap'))} × lương tối thiểu vùng {v['region']} tháng {month} "
                 f"{vnd(table[v['region']])} ({cited}) = {vnd(cap)} ({ctx.cite('cap')}).")
    return cap


def unemployment(ctx: Context, v: dict) -> Outcome:
    if v["last_month"] > ctx.day:
        raise CalcError("invalid_field", f"Tháng cuối cùng đóng bảo hiểm thất nghiệp không được sau ngày áp dụng {fmt_date(ctx.day)}.")
    months_paid = duration(ctx, v["months_contributed"])
    need = ctx.whole("first")
    if months_paid == 0:
        return Outcome(0, "đồng/tháng", [f"Đóng {v['months_contributed']} tháng, chưa đủ {need} tháng: "
                                         f"chưa được hưởng trợ cấp thất nghiệp ({ctx.cite('condition')})."],
                       extra={"duration_months": 0})
    rate = ctx.value("rate")
    amount = rate * v["average_salary"]
    lines = [f"{num(rate * 100)}% × {vnd(v['average_salary'])} = {vnd(amount)} mỗi tháng ({ctx.cite('rate')})."]
    notes: list[str] = []
    cap = _cap(ctx, v, lines, notes)
    if cap is not None and amount > cap:
        amount = cap
        lines.append(f"Vượt mức trần nên được hưởng {vnd(cap)} mỗi tháng.")
    lines.append(f"Thời gian hưởng: đóng {v['months_contributed']} tháng → {months_paid} tháng "
                 f"({ctx.cite('first', 'step', 'longest')}).")
    lines.append(f"Tổng cộng khoảng {vnd(dong(amount) * months_paid)}.")
    notes.insert(0, f"Chỉ được hưởng khi đủ các điều kiện, trong đó có đóng {ctx.version.figures['condition'].words} "
                 f"trước khi chấm dứt hợp đồng ({ctx.cite('condition')}).")
    return Outcome(dong(amount), "đồng/tháng", lines, notes, {"duration_months": months_paid})


CALCULATORS = (
    Calculator("unemployment", "Tính trợ cấp thất nghiệp", FIELDS, (V2025, V2013), unemployment),
)
