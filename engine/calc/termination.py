"""Trợ cấp thôi việc (Điều 46) and trợ cấp mất việc làm (Điều 47) of the Labour Code,
with the counting rules of Điều 8 Nghị định 145/2020/NĐ-CP."""
from __future__ import annotations

from decimal import Decimal

from .base import Calculator, Context, Outcome, Version
from .fields import dong, money, months, num, vnd
from .law import CalcError, Figure

BLLD, ND145 = "45/2019/QH14", "145/2020/NĐ-CP"

FIELDS = (
    months("months_worked", "Tổng thời gian làm việc thực tế cho người sử dụng lao động"),
    months("months_unemployment_insurance", "Thời gian đã tham gia bảo hiểm thất nghiệp trong thời gian đó"),
    money("salary", "Tiền lương bình quân 06 tháng liền kề theo hợp đồng lao động"),
    months("months_already_paid", "Thời gian đã được chi trả trợ cấp thôi việc, mất việc làm", required=False),
)

_COUNTING = {
    "odd_half": Figure(ND145, "8", "3", "c", "tháng lẻ ít hơn hoặc bằng 06 tháng được tính bằng 1/2 năm"),
    "odd_full": Figure(ND145, "8", "3", "c", "trên 06 tháng được tính bằng 01 năm làm việc"),
    "period": Figure(ND145, "8", "3", "", "trừ đi thời gian người lao động đã tham gia bảo hiểm thất nghiệp"),
}

SEVERANCE = Version(BLLD, {
    "eligible": Figure(BLLD, "46", "1", "", "từ đủ 12 tháng trở lên"),
    "grounds": Figure(BLLD, "46", "1", "", "các khoản 1, 2, 3, 4, 6, 7, 9 và 10 Điều 34"),
    "rate": Figure(BLLD, "46", "1", "", "mỗi năm làm việc được trợ cấp một nửa tháng tiền lương"),
    "salary": Figure(BLLD, "46", "3", "", "tiền lương bình quân của 06 tháng liền kề"),
    "pension": Figure(ND145, "8", "1", "a", "Người lao động đủ điều kiện hưởng lương hưu"),
    "quit": Figure(ND145, "8", "1", "b", "tự ý bỏ việc mà không có lý do chính đáng từ 05 ngày làm việc liên tục"),
    **_COUNTING,
})

JOB_LOSS = Version(BLLD, {
    "eligible": Figure(BLLD, "47", "1", "", "từ đủ 12 tháng trở lên"),
    "grounds": Figure(BLLD, "47", "1", "", "mất việc làm theo quy định tại khoản 11 Điều 34"),
    "rate": Figure(BLLD, "47", "1", "", "cứ mỗi năm làm việc trả 01 tháng tiền lương"),
    "floor": Figure(BLLD, "47", "1", "", "ít nhất bằng 02 tháng tiền lương"),
    "floor_24": Figure(ND145, "8", "2", "", "ít hơn 24 tháng thì người sử dụng lao động có trách nhiệm "
                       "chi trả trợ cấp mất việc làm cho người lao động ít nhất bằng 02 tháng tiền lương"),
    "salary": Figure(BLLD, "47", "3", "", "tiền lương bình quân của 06 tháng liền kề"),
    **_COUNTING,
})


def counted_years(ctx: Context, v: dict, lines: list[str]) -> Decimal:
    """Working time counted in years, odd months rounded by điểm c khoản 3 Điều 8."""
    period = v["months_worked"] - v["months_unemployment_insurance"] - v["months_already_paid"]
    lines.append(f"Thời gian làm việc để tính trợ cấp: {v['months_worked']} − {v['months_unemployment_insurance']}"
                 f" (bảo hiểm thất nghiệp) − {v['months_already_paid']} (đã được chi trả) = {period} tháng "
                 f"({ctx.cite('period')}).")
    whole, odd = divmod(period, 12)
    if odd == 0:
        extra = Decimal(0)
    elif odd <= ctx.value("odd_half"):
        extra = ctx.value("odd_half", 1)
    else:
        extra = ctx.value("odd_full", 1)
    years = whole + extra
    rule = "" if odd == 0 else f"; {odd} tháng lẻ được tính bằng {num(extra)} năm ({ctx.cite('odd_half')})"
    lines.append(f"= {whole} năm {odd} tháng{rule} → {num(years)} năm.")
    return years


def _period_ok(v: dict) -> None:
    if v["months_unemployment_insurance"] + v["months_already_paid"] > v["months_worked"]:
        raise CalcError("invalid_field", "Thời gian tham gia bảo hiểm thất nghiệp và thời gian đã được chi trả "
                  "không thể dài hơn tổng thời gian làm việc.")


def _years_or_refusal(ctx: Context, v: dict, allowance: str) -> tuple[Outcome | None, float, list[str]]:
    """The years an allowance counts (with their working lines), or the outcome of a worker
    who has not worked long enough for it: both allowances share the rule of their article."""
    _period_ok(v)
    need = ctx.whole("eligible")
    if v["months_worked"] < need:
        return Outcome(0, "đồng", [f"Làm việc {v['months_worked']} tháng, chưa đủ {need} tháng: "
                                   f"không được {allowance} ({ctx.cite('eligible')})."]), 0.0, []
    lines: list[str] = []
    return None, counted_years(ctx, v, lines), lines


def severance(ctx: Context, v: dict) -> Outcome:
    refusal, years, lines = _years_or_refusal(ctx, v, "trợ cấp thôi việc")
    if refusal:
        return refusal
    rate = ctx.word("rate")
    amount = years * rate * v["salary"]
    lines.append(f"Trợ cấp = {num(years)} năm × {num(rate)} tháng lương × {vnd(v['salary'])} = {vnd(amount)} "
                 f"({ctx.cite('rate')}).")
    notes = [f"Trợ cấp thôi việc khi hợp đồng chấm dứt theo {ctx.version.figures['grounds'].words} Bộ luật Lao động "
             f"({ctx.cite('grounds')}).",
             "Không được trợ cấp thôi việc khi đủ điều kiện hưởng lương hưu hoặc tự ý bỏ việc không có lý do "
             f"chính đáng từ {ctx.whole('quit')} ngày làm việc liên tục trở lên ({ctx.cite('pension', 'quit')})."]
    return Outcome(dong(amount), "đồng", lines, notes)


def job_loss(ctx: Context, v: dict) -> Outcome:
    refusal, years, lines = _years_or_refusal(ctx, v, "trợ cấp mất việc làm")
    if refusal:
        return refusal
    rate, floor = ctx.value("rate"), ctx.value("floor")
    amount = years * rate * v["salary"]
    lines.append(f"{num(years)} năm × {num(rate)} tháng lương × {vnd(v['salary'])} = {vnd(amount)} ({ctx.cite('rate')}).")
    if amount < floor * v["salary"]:
        amount = floor * v["salary"]
        lines.append(f"Thấp hơn mức tối thiểu {num(floor)} tháng lương, nên được {vnd(amount)} "
                     f"({ctx.cite('floor', 'floor_24')}).")
    notes = [f"Trợ cấp mất việc làm khi người lao động bị {ctx.version.figures['grounds'].words} Bộ luật Lao động: "
             "bị cho thôi việc do thay đổi cơ cấu, công nghệ hoặc vì lý do kinh tế; chia, tách, hợp nhất, sáp nhập "
             f"doanh nghiệp… (Điều 42, 43) ({ctx.cite('grounds')})."]
    return Outcome(dong(amount), "đồng", lines, notes)


CALCULATORS = (
    Calculator("severance", "Tính trợ cấp thôi việc", FIELDS, (SEVERANCE,), severance),
    Calculator("job-loss", "Tính trợ cấp mất việc làm", FIELDS, (JOB_LOSS,), job_loss),
)
