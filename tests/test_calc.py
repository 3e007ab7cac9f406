"""Calculators on cases worked by hand from the texts, odd-month and cap boundaries included,
and every figure the code applies found in the provision it cites."""
import dataclasses
import datetime as dt
import re
from decimal import Decimal

import pytest

from engine.calc import CALCULATORS, CalcError, calculate
from engine.calc.base import Context
from engine.calc.law import numbers_in, provision_text
from engine.calc.retirement import age_in
from engine.calc.wages import missing_decree, regional_minimum

from .calc_support import laws_corpus  # noqa: F401  (fixture)

DAY = "2026-11-22"


def run(corpus, name, **body):
    body.setdefault("as_of", DAY)
    return calculate(corpus, name, body)


def refused(corpus, name, **body):
    body.setdefault("as_of", DAY)
    with pytest.raises(CalcError) as err:
        calculate(corpus, name, body)
    return err.value


# --- every figure in its provision -------------------------------------------------------------

FIGURES = [(calc.name, version.doc, key, fig) for calc in CALCULATORS.values()
           for version in calc.versions for key, fig in version.figures.items()]


@pytest.mark.parametrize("name, doc, key, fig", FIGURES, ids=[f"{n}-{d}-{k}" for n, d, k, _ in FIGURES])
def test_each_figure_is_in_the_cited_provision(laws_corpus, name, doc, key, fig):
    found = provision_text(laws_corpus, fig)
    assert found is not None, f"{fig.cite()} is not in the corpus"
    squash = lambda s: " ".join(s.split())  # noqa: E731
    assert squash(fig.words) in squash(found), f"{fig.cite()} does not say {fig.words!r}"


def test_numbers_are_read_as_the_texts_write_them():
    assert numbers_in("bằng 60% mức") == (Decimal("0.6"),)
    assert numbers_in("không quá 05 lần") == (5,)
    assert numbers_in("Bằng 1,5 tháng") == (Decimal("1.5"),)
    assert numbers_in("bằng 1/2 năm") == (Decimal("0.5"),)
    assert numbers_in("Vùng I | 5.310.000 |") == (5310000,)


def test_a_changed_text_stops_the_calculator(laws_corpus):
    articles = []
    for article in laws_corpus.articles:
        if article.doc_key == "45/2019/QH14" and article.label == "98":
            clause = article.clauses[0]
            points = tuple(dataclasses.replace(p, text=p.text.replace("150%", "160%")) for p in clause.points)
            article = dataclasses.replace(article, clauses=(dataclasses.replace(clause, points=points),) + article.clauses[1:])
        articles.append(article)
    changed = dataclasses.replace(laws_corpus, articles=articles)
    err = refused(changed, "overtime", hourly_wage=30000, weekday_hours=1)
    assert err.status == 503 and "150%" in err.message


def test_regional_minimum_wage_read_from_the_decree(laws_corpus):
    table, cited = regional_minimum(laws_corpus, dt.date(2026, 3, 1))
    assert table == {1: 5310000, 2: 4730000, 3: 4140000, 4: 3700000}
    assert cited == "Khoản 1 Điều 3 (293/2025/NĐ-CP)"
    assert regional_minimum(laws_corpus, dt.date(2025, 12, 1)) is None
    assert missing_decree(laws_corpus, dt.date(2025, 12, 1)) == "Nghị định 74/2024/NĐ-CP"


# --- severance and job loss: 0.5 / 1 month per year, odd months ≤ 6 → ½ year, > 6 → 1 year -------

@pytest.mark.parametrize("worked, ui, paid, salary, expected", [
    (40, 30, 0, 10_000_000, 5_000_000),       # 10 months → 1 year
    (126, 0, 0, 8_000_000, 42_000_000),       # 10 y 6 m → 10.5 years
    (127, 0, 0, 8_000_000, 44_000_000),       # 10 y 7 m → 11 years
    (13, 0, 0, 7_777_777, 5_833_333),         # 1.5 years × 0.5 = 0.75 × salary = 5 833 332.75
    (60, 0, 24, 10_000_000, 15_000_000),      # 36 months after what was already paid
    (24, 24, 0, 10_000_000, 0),               # all of it under unemployment insurance
    (11, 0, 0, 10_000_000, 0),                # under 12 months: not eligible
])
def test_severance(laws_corpus, worked, ui, paid, salary, expected):
    out = run(laws_corpus, "severance", months_worked=worked, months_unemployment_insurance=ui,
              months_already_paid=paid, salary=salary)
    assert out["result"] == expected and out["unit"] == "đồng"
    assert "Khoản 1 Điều 46 (45/2019/QH14)" in out["provisions"]
    if worked >= 12 and (worked - ui - paid) % 12:     # the odd-month rule applied, and cited
        assert "Điểm c Khoản 3 Điều 8 (145/2020/NĐ-CP)" in out["provisions"]


@pytest.mark.parametrize("worked, ui, expected, raised", [
    (40, 30, 20_000_000, True),     # 1 year, raised to 2 months' salary
    (18, 0, 20_000_000, True),      # 1 y 6 m → 1.5 years, raised to 2
    (19, 0, 20_000_000, False),     # 1 y 7 m → 2 years: exactly the floor
    (25, 0, 25_000_000, False),     # 2 y 1 m → 2.5 years
    (36, 0, 30_000_000, False),
    (11, 0, 0, False),
])
def test_job_loss(laws_corpus, worked, ui, expected, raised):
    out = run(laws_corpus, "job-loss", months_worked=worked, months_unemployment_insurance=ui, salary=10_000_000)
    assert out["result"] == expected
    assert ("Khoản 2 Điều 8 (145/2020/NĐ-CP)" in out["provisions"]) == raised


def test_termination_time_cannot_exceed_work(laws_corpus):
    err = refused(laws_corpus, "severance", months_worked=10, months_unemployment_insurance=11, salary=1)
    assert err.status == 400 and "bảo hiểm thất nghiệp" in err.message


# --- unemployment: 60 %, cap 5 × regional minimum, 3 months for 12–36 then +1 per 12 -----------

@pytest.mark.parametrize("months, expected", [(11, 0), (12, 3), (36, 3), (47, 3), (48, 4), (143, 11), (144, 12), (400, 12)])
def test_unemployment_duration(laws_corpus, months, expected):
    out = run(laws_corpus, "unemployment", months_contributed=months, average_salary=10_000_000, region=1,
              last_month="2026-03")
    assert out["duration_months"] == expected
    assert out["result"] == (6_000_000 if expected else 0)


@pytest.mark.parametrize("salary, region, expected", [
    (10_000_000, 1, 6_000_000),
    (7_777_777, 2, 4_666_666),          # 4 666 666.2
    (44_250_000, 1, 26_550_000),        # exactly 5 × 5 310 000
    (50_000_000, 1, 26_550_000),        # capped
    (50_000_000, 4, 18_500_000),        # 5 × 3 700 000
])
def test_unemployment_amount_and_cap(laws_corpus, salary, region, expected):
    out = run(laws_corpus, "unemployment", months_contributed=50, average_salary=salary, region=region,
              last_month="2026-03")
    assert out["result"] == expected and out["unit"] == "đồng/tháng"
    assert {"Khoản 1 Điều 39 (74/2025/QH15)", "Khoản 2 Điều 39 (74/2025/QH15)",
            "Khoản 1 Điều 3 (293/2025/NĐ-CP)"} <= set(out["provisions"])


def test_unemployment_before_2026_follows_the_2013_law_and_names_the_missing_decree(laws_corpus):
    out = run(laws_corpus, "unemployment", months_contributed=50, average_salary=50_000_000, region=1,
              last_month="2025-10", as_of="2025-11-01")
    assert out["result"] == 30_000_000 and out["duration_months"] == 4
    assert "Khoản 1 Điều 50 (38/2013/QH13)" in out["provisions"]
    assert "74/2024/NĐ-CP" in out["notice"] and "chưa có trong hệ thống" in out["notice"]


def test_unemployment_refusals(laws_corpus):
    base = dict(months_contributed=50, average_salary=1, region=1)
    assert refused(laws_corpus, "unemployment", **base, last_month="2026-12", as_of="2026-11-22").status == 400
    assert refused(laws_corpus, "unemployment", **base, last_month="2014-03", as_of="2014-06-01").status == 404


# --- lump sum: 1.5 / 2 months per year, odd months before 2014 moved, 1–6 → ½, 7–11 → 1 ----------

@pytest.mark.parametrize("before, after, expected", [
    (29, 40, 88_000_000),     # 5 odd months moved: 24 → 2 y; 45 → 3 y 9 m → 4 y; (3 + 8) × 8 M
    (30, 0, 30_000_000),      # only before 2014: 2 y 6 m → 2.5 y × 1.5
    (31, 0, 36_000_000),      # 2 y 7 m → 3 y × 1.5
    (0, 18, 24_000_000),      # 1 y 6 m → 1.5 y × 2
    (0, 19, 32_000_000),      # 1 y 7 m → 2 y × 2
    (12, 1, 20_000_000),      # 1 y × 1.5 + ½ y × 2
    (5, 20, 40_000_000),      # all 5 months moved: 25 → 2 y 1 m → 2.5 y × 2
])
def test_lump_sum(laws_corpus, before, after, expected):
    out = run(laws_corpus, "lump-sum", months_before_2014=before, months_from_2014=after, average_salary=8_000_000)
    assert out["result"] == expected
    assert "Khoản 6 Điều 5 (41/2024/QH15)" in out["provisions"]
    assert "Khoản 1 Điều 70" in out["notice"] or "khoản 1 Điều 70" in out["notice"]
    assert "01/07/2025" in out["notice"]


def test_lump_sum_under_a_year(laws_corpus):
    kw = dict(months_before_2014=0, months_from_2014=5, average_salary=8_000_000)
    assert run(laws_corpus, "lump-sum", **kw, amount_contributed=9_000_000)["result"] == 9_000_000
    assert run(laws_corpus, "lump-sum", **kw, amount_contributed=20_000_000)["result"] == 16_000_000
    assert refused(laws_corpus, "lump-sum", **kw).code == "missing_field"
    assert refused(laws_corpus, "lump-sum", months_before_2014=0, months_from_2014=0, average_salary=1).status == 400


def test_lump_sum_before_the_2024_law_is_not_computed(laws_corpus):
    err = refused(laws_corpus, "lump-sum", months_before_2014=0, months_from_2014=40, average_salary=1,
                  as_of="2025-06-30")
    assert err.status == 404 and "58/2014/QH13" in err.message


# --- annual leave: 12 / 14 / 16 days, +1 per full 5 years, pro rata under 12 months ----------------

@pytest.mark.parametrize("months, work, minor, expected", [
    (130, "heavy", False, 16),
    (59, "normal", False, 12),
    (60, "normal", False, 13),
    (12, "very_heavy", False, 16),
    (24, "normal", True, 14),
    (24, "very_heavy", True, 16),
    (5, "normal", True, 5.83),        # 14 : 12 × 5
    (7, "normal", False, 7),
    (3, "very_heavy", False, 4),
])
def test_annual_leave(laws_corpus, months, work, minor, expected):
    out = run(laws_corpus, "annual-leave", months_worked=months, work=work, minor_or_disabled=minor)
    assert out["result"] == pytest.approx(expected) and out["unit"] == "ngày"
    assert any("Điều 113 (45/2019/QH14)" in p for p in out["provisions"])


# --- retirement age: the roadmap of khoản 2 Điều 169 and Điều 4 Nghị định 135/2020 -----------------

@pytest.mark.parametrize("birth, sex, years, months, date", [
    ("1961-01-15", "male", 60, 3, "2021-04-15"),
    ("1961-10-01", "male", 60, 6, "2022-04-01"),
    ("1966-05-31", "male", 62, 0, "2028-05-31"),
    ("1966-01-01", "female", 55, 4, "2021-05-01"),
    ("1970-08-31", "female", 57, 4, "2027-12-31"),
    ("1968-10-31", "female", 56, 8, "2025-06-30"),   # 31 October + 56 y 8 m: the last day of June
    ("1975-02-10", "female", 59, 8, "2034-10-10"),
    ("1980-03-10", "female", 60, 0, "2040-03-10"),
])
def test_retirement_age(laws_corpus, birth, sex, years, months, date):
    out = run(laws_corpus, "retirement-age", birth_date=birth, sex=sex)
    assert out["result"] == {"years": years, "months": months, "date": date}
    assert {"Khoản 2 Điều 169 (45/2019/QH14)", "Khoản 2 Điều 4 (135/2020/NĐ-CP)"} <= set(out["provisions"])


def test_retirement_moment_is_the_end_of_that_month(laws_corpus):
    out = run(laws_corpus, "retirement-age", birth_date="1970-08-15", sex="female")
    assert any("kết thúc ngày 31/12/2027" in line for line in out["breakdown"])
    assert any("01/01/2028" in line for line in out["breakdown"])


def test_roadmap_agrees_with_the_decree_table(laws_corpus):
    """Every row of the table in khoản 2 Điều 4 Nghị định 135/2020 matches the rule of Điều 169."""
    calc = CALCULATORS["retirement-age"]
    ctx = Context(laws_corpus, dt.date(2026, 1, 1), calc.versions[0])
    table = provision_text(laws_corpus, calc.versions[0].figures["roadmap"])
    rows = 0
    for line in table.splitlines():
        cells = re.findall(r"(\d{4})(?: trở đi)? \| (\d+) tuổi(?: (\d+) tháng)?", line)
        for sex, (year, age, extra) in zip(("male", "female") if len(cells) == 2 else ("female",), cells):
            assert age_in(ctx, sex, int(year)) == int(age) * 12 + int(extra or 0), line
            rows += 1
    assert rows == 8 + 15


@pytest.mark.parametrize("birth, sex", [("1960-12-15", "male"), ("1950-01-01", "male"), ("1965-12-01", "female")])
def test_retirement_before_the_roadmap_is_refused_with_the_reason(laws_corpus, birth, sex):
    err = refused(laws_corpus, "retirement-age", birth_date=birth, sex=sex)
    assert err.status == 400 and "31/12/2020" in err.message


def test_birth_date_after_as_of_is_refused(laws_corpus):
    assert refused(laws_corpus, "retirement-age", birth_date="2027-01-01", sex="male").status == 400


# --- overtime: 150 / 200 / 300 %, night +30 %, night overtime +20 % of the day's daytime wage --------

@pytest.mark.parametrize("hours, expected", [
    ({"weekday_hours": 10}, 450_000),
    ({"rest_day_hours": 8}, 480_000),
    ({"holiday_hours": 8}, 720_000),
    ({"night_hours": 8}, 72_000),                      # the extra 30 % on top of the normal wage
    ({"night_weekday_hours": 2}, 120_000),             # 150 + 30 + 20 × 100 = 200 %
    ({"night_weekday_hours": 2, "day_overtime_before_night": True}, 126_000),   # 150 + 30 + 20 × 150 = 210 %
    ({"night_rest_day_hours": 1}, 81_000),             # 200 + 30 + 20 × 200 = 270 %
    ({"night_holiday_hours": 1}, 117_000),             # 300 + 30 + 20 × 300 = 390 %
    ({"weekday_hours": 1.5}, 67_500),
    ({}, 0),
])
def test_overtime(laws_corpus, hours, expected):
    out = run(laws_corpus, "overtime", hourly_wage=30_000, **hours)
    assert out["result"] == expected and out["unit"] == "đồng"


def test_overtime_rounds_to_the_dong(laws_corpus):
    assert run(laws_corpus, "overtime", hourly_wage=25_555, weekday_hours=1)["result"] == 38_333   # 38 332.5


# --- every refused input ------------------------------------------------------------------------

SEVERANCE = dict(months_worked=40, months_unemployment_insurance=0, salary=10_000_000)


@pytest.mark.parametrize("name, body, code", [
    ("severance", {**SEVERANCE, "months_worked": -1}, "invalid_field"),
    ("severance", {**SEVERANCE, "months_worked": "40"}, "invalid_field"),
    ("severance", {**SEVERANCE, "months_worked": True}, "invalid_field"),
    ("severance", {**SEVERANCE, "months_worked": 40.5}, "invalid_field"),
    ("severance", {**SEVERANCE, "salary": float("nan")}, "invalid_field"),
    ("severance", {**SEVERANCE, "salary": 10**13}, "invalid_field"),
    ("severance", {**SEVERANCE, "salary": False}, "invalid_field"),
    ("severance", {k: v for k, v in SEVERANCE.items() if k != "salary"}, "missing_field"),
    ("severance", {**SEVERANCE, "bonus": 1}, "unknown_field"),
    ("severance", {**SEVERANCE, "as_of": "2026-02-30"}, "invalid_as_of"),
    ("severance", {**SEVERANCE, "as_of": 20260101}, "invalid_as_of"),
    ("unemployment", {"months_contributed": 20, "average_salary": 1, "region": 5, "last_month": "2026-01"}, "invalid_field"),
    ("unemployment", {"months_contributed": 20, "average_salary": 1, "region": "1", "last_month": "2026-01"}, "invalid_field"),
    ("unemployment", {"months_contributed": 20, "average_salary": 1, "region": True, "last_month": "2026-01"}, "invalid_field"),
    ("unemployment", {"months_contributed": 20, "average_salary": 1, "region": 1, "last_month": "2026-13"}, "invalid_field"),
    ("unemployment", {"months_contributed": 20, "average_salary": 1, "region": 1, "last_month": "03/2026"}, "invalid_field"),
    ("annual-leave", {"months_worked": 5, "work": "super"}, "invalid_field"),
    ("annual-leave", {"months_worked": 5, "work": "normal", "minor_or_disabled": 1}, "invalid_field"),
    ("retirement-age", {"birth_date": "1970-02-30", "sex": "male"}, "invalid_field"),
    ("retirement-age", {"birth_date": "1970-01-01", "sex": "other"}, "invalid_field"),
    ("overtime", {"hourly_wage": 30000, "weekday_hours": -2}, "invalid_field"),
])
def test_bad_input_is_refused_in_vietnamese(laws_corpus, name, body, code):
    with pytest.raises(CalcError) as err:
        calculate(laws_corpus, name, body)
    assert err.value.status == 400 and err.value.code == code
    assert re.search(r"[ảạấầẩẫậắằẳẵặẻẽếềểễệỉịốồổỗộớờởỡợủụứừửữựỳỵỷỹđ]", err.value.message)
