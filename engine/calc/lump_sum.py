"""Bảo hiểm xã hội một lần (Luật Bảo hiểm xã hội 2024, Điều 70; odd months by khoản 6 Điều 5)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .base import Calculator, Context, Outcome, Version
from .fields import Field, MAX_MONEY, dong, money, months, num, vnd
from .law import CalcError, Figure, find_article, fmt_date

BHXH24 = "41/2024/QH15"

FIELDS = (
    months("months_before_2014", "Số tháng đóng bảo hiểm xã hội trước năm 2014"),
    months("months_from_2014", "Số tháng đóng bảo hiểm xã hội từ năm 2014 trở đi"),
    money("average_salary", "Mức bình quân tiền lương tháng đóng bảo hiểm xã hội"),
    Field("amount_contributed", "Số tiền đã đóng (chỉ cần khi đóng chưa đủ 12 tháng)", "number", "đồng",
          required=False, maximum=MAX_MONEY),
)

V2024 = Version(BHXH24, {
    "before": Figure(BHXH24, "70", "3", "a", "Bằng 1,5 tháng mức bình quân tiền lương tháng đóng bảo hiểm xã hội "
                     "đối với năm đóng trước năm 2014"),
    "move": Figure(BHXH24, "70", "3", "a", "những tháng lẻ đó được chuyển sang giai đoạn đóng bảo hiểm xã hội "
                   "từ năm 2014 trở đi"),
    "after": Figure(BHXH24, "70", "3", "b", "Bằng 02 tháng mức bình quân tiền lương tháng đóng bảo hiểm xã hội "
                    "đối với năm đóng từ năm 2014 trở đi"),
    "short": Figure(BHXH24, "70", "3", "c", "chưa đủ một năm thì mức hưởng bằng số tiền đã đóng nhưng không quá 02 tháng"),
    "year": Figure(BHXH24, "5", "6", "", "một năm phải tính đủ 12 tháng"),
    "half": Figure(BHXH24, "5", "6", "", "tháng lẻ từ 01 tháng đến 06 tháng được tính là nửa năm"),
    "full": Figure(BHXH24, "5", "6", "", "từ 07 tháng đến 11 tháng được tính là một năm"),
    "effective": Figure(BHXH24, "140", "1", "", "có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025"),
}, notes=("Mức bình quân tiền lương tính theo Điều 72 (đã điều chỉnh theo Điều 73) do cơ quan bảo hiểm xã hội "
          "xác định; công cụ dùng mức bạn nhập.",))


def rounded_years(ctx: Context, count: int) -> Decimal:
    """Months → years for the amount: odd months by khoản 6 Điều 5."""
    whole, odd = divmod(count, ctx.whole("year"))
    if odd == 0:
        return Decimal(whole)
    if ctx.whole("half") <= odd <= ctx.whole("half", 1):
        return whole + ctx.word("half")
    return whole + ctx.word("full")


def who_may_withdraw(ctx: Context) -> str:
    """Điều 70 khoản 1 as the text says it, and what its point đ means in dates."""
    article = find_article(ctx.corpus, BHXH24, "70", ctx.day)
    clause = next(c for c in article.clauses if c.label == "1")
    cases = "; ".join(f"{p.label}) {p.text.splitlines()[0].rstrip(';.')}" for p in clause.points)
    start = dt.date(ctx.whole("effective", 2), ctx.whole("effective", 1), ctx.whole("effective", 0))
    return (f"Ai được rút (khoản 1 Điều 70 ({BHXH24})): người đã chấm dứt tham gia bảo hiểm xã hội, có đề nghị "
            f"và thuộc một trong các trường hợp: {cases}. Luật có hiệu lực từ {fmt_date(start)} "
            f"(khoản 1 Điều 140): theo điểm đ, chỉ người có thời gian đóng trước ngày {fmt_date(start)} mới "
            f"thuộc trường hợp này; người bắt đầu đóng từ ngày {fmt_date(start)} trở đi không được rút "
            "theo điểm này.")


def _short(ctx: Context, v: dict, total: int) -> Outcome:
    if v["amount_contributed"] is None:
        raise CalcError("missing_field", f"Thời gian đóng {total} tháng, chưa đủ một năm: cần nhập số tiền đã đóng "
                        "(amount_contributed).")
    cap = ctx.value("short") * v["average_salary"]
    amount = min(v["amount_contributed"], cap)
    lines = [f"Đóng {total} tháng, chưa đủ một năm: bằng số tiền đã đóng {vnd(v['amount_contributed'])}, "
             f"không quá {num(ctx.value('short'))} tháng lương bình quân = {vnd(cap)} → {vnd(amount)} "
             f"({ctx.cite('short')})."]
    return Outcome(dong(amount), "đồng", lines, [who_may_withdraw(ctx)])


def lump_sum(ctx: Context, v: dict) -> Outcome:
    before, after = v["months_before_2014"], v["months_from_2014"]
    total = before + after
    if total == 0:
        raise CalcError("invalid_field", "Chưa có thời gian đóng bảo hiểm xã hội để tính.")
    if total < ctx.whole("year"):
        return _short(ctx, v, total)
    lines = []
    odd = before % ctx.whole("year")
    if before and after and odd:
        before, after = before - odd, after + odd
        lines.append(f"{odd} tháng lẻ trước năm 2014 chuyển sang giai đoạn từ năm 2014: trước 2014 còn {before} "
                     f"tháng, từ 2014 là {after} tháng ({ctx.cite('move')}).")
    years_before, years_after = rounded_years(ctx, before), rounded_years(ctx, after)
    lines.append(f"Tính thành {num(years_before)} năm trước 2014 và {num(years_after)} năm từ 2014 "
                 f"(tháng lẻ theo {ctx.cite('half')}).")
    rate_before, rate_after = ctx.value("before"), ctx.value("after")
    amount = (years_before * rate_before + years_after * rate_after) * v["average_salary"]
    lines.append(f"({num(years_before)} × {num(rate_before)} + {num(years_after)} × {num(rate_after)}) tháng × "
                 f"{vnd(v['average_salary'])} = {vnd(amount)} ({ctx.cite('before', 'after')}).")
    return Outcome(dong(amount), "đồng", lines, [who_may_withdraw(ctx)])


CALCULATORS = (
    Calculator("lump-sum", "Tính bảo hiểm xã hội một lần", FIELDS, (V2024,), lump_sum),
)
