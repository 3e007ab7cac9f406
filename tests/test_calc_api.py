"""POST /api/calc/<name>, the calculator offered with an answer, the OpenAPI entries and the CLI,
served from a model built on the real law texts the calculators cite."""
import json
import subprocess
import sys

import pytest

from engine.calc import CALCULATORS, offer

from .calc_support import calc_model_dir  # noqa: F401  (fixture)
from .conftest import ROOT, make_app

@pytest.fixture
def api(calc_model_dir, tmp_path):
    return make_app(calc_model_dir, tmp_path).test_client()


def post(api, name, **body):
    return api.post(f"/api/calc/{name}", json=body)


def test_a_calculation_over_http(api):
    r = post(api, "unemployment", months_contributed=50, average_salary=50_000_000, region=1,
             last_month="2026-03", as_of="2026-06-01")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/json")
    data = r.get_json()
    assert data["name"] == "unemployment" and data["result"] == 26_550_000 and data["duration_months"] == 4
    assert data["unit"] == "đồng/tháng" and data["breakdown"] and isinstance(data["notice"], str)
    assert "Khoản 1 Điều 3 (293/2025/NĐ-CP)" in data["provisions"]


def test_retirement_over_http(api):
    data = post(api, "retirement-age", birth_date="1966-05-31", sex="male").get_json()
    assert data["result"] == {"years": 62, "months": 0, "date": "2028-05-31"}


@pytest.mark.parametrize("body, code", [
    ({"months_worked": -1, "months_unemployment_insurance": 0, "salary": 1}, "invalid_field"),
    ({"months_worked": "40", "months_unemployment_insurance": 0, "salary": 1}, "invalid_field"),
    ({"months_worked": True, "months_unemployment_insurance": 0, "salary": 1}, "invalid_field"),
    ({"months_worked": 40, "salary": 1}, "missing_field"),
    ({"months_worked": 40, "months_unemployment_insurance": 0, "salary": 1, "x": 1}, "unknown_field"),
    ({"months_worked": 40, "months_unemployment_insurance": 0, "salary": 1, "as_of": "2026-02-30"}, "invalid_as_of"),
])
def test_bad_input_gets_400_json_in_vietnamese(api, body, code):
    r = post(api, "severance", **body)
    assert r.status_code == 400
    data = r.get_json()
    assert data["error"] == code and data["message"] and data["message"] != "Yêu cầu không hợp lệ."


def test_nan_is_refused(api):
    r = api.post("/api/calc/severance", data='{"months_worked": 40, "months_unemployment_insurance": 0, '
                 '"salary": NaN}', content_type="application/json")
    assert r.status_code == 400 and r.get_json()["error"] == "invalid_field"


def test_unknown_region_and_impossible_month(api):
    base = dict(months_contributed=20, average_salary=1, last_month="2026-01")
    assert post(api, "unemployment", **base, region=5).get_json()["error"] == "invalid_field"
    r = post(api, "unemployment", **{**base, "last_month": "2026-13"}, region=1)
    assert r.status_code == 400 and "YYYY-MM" in r.get_json()["message"]


def test_unknown_calculator_wrong_method_and_media_type(api):
    r = post(api, "lottery", x=1)
    assert r.status_code == 404 and r.get_json()["error"] == "unknown_calculator"
    assert "severance" in r.get_json()["message"]
    assert api.get("/api/calc/severance").status_code == 405
    r = api.post("/api/calc/severance", data="x=1", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 415
    r = api.post("/api/calc/severance", data="[1]", content_type="application/json")
    assert r.status_code == 400 and r.get_json()["error"] == "invalid_json"


def test_a_date_without_its_text_is_404(api):
    r = post(api, "severance", months_worked=40, months_unemployment_insurance=0, salary=1, as_of="2019-01-01")
    assert r.status_code == 404 and "10/2012/QH13" in r.get_json()["message"]


def test_missing_texts_are_404_not_500(client):
    """The mini corpus of the other API tests holds none of the texts: the calculator says so."""
    r = client.post("/api/calc/severance", json={"months_worked": 40, "months_unemployment_insurance": 0, "salary": 1})
    assert r.status_code == 404 and r.get_json()["error"] == "text_unavailable"


# --- the offer ----------------------------------------------------------------------------------

@pytest.mark.parametrize("question, name", [
    ("Trợ cấp thôi việc được tính thế nào?", "severance"),
    ("tro cap thoi viec duoc bao nhieu", "severance"),
    ("công ty cắt giảm, trợ cấp mất việc làm bao nhiêu", "job-loss"),
    ("tro cap that nghiep duoc may thang", "unemployment"),
    ("Rút BHXH 1 lần được bao nhiêu tiền?", "lump-sum"),
    ("rut bao hiem xa hoi mot lan", "lump-sum"),
    ("phép năm được mấy ngày", "annual-leave"),
    ("nghi phep nam bao nhieu ngay", "annual-leave"),
    ("sinh năm 1975 bao giờ được nghỉ hưu", "retirement-age"),
    ("tuoi nghi huu cua nu", "retirement-age"),
    ("tăng ca ngày chủ nhật được trả lương thế nào", "overtime"),
    ("lam them gio ngay le duoc bao nhieu tien", "overtime"),
    ("Đi làm 5 năm 10 tháng được hưởng bao nhiêu tháng trợ cấp thất nghiệp?", "unemployment"),
    ("nghỉ thai sản mấy tháng", None),
    ("nộp hồ sơ hưởng trợ cấp thất nghiệp ở đâu", None),
    ("bị mất việc làm thì phải làm gì", None),
    ("làm thêm giờ tối đa bao nhiêu giờ một tháng", None),
    ("công ty không ký hợp đồng lao động", None),
])
def test_money_questions_offer_their_calculator(question, name):
    found = offer(question)
    assert (found and found["name"]) == name
    if found:
        assert found["title"] and all({"name", "label", "type", "unit"} <= set(f) for f in found["fields"])


def test_ask_response_carries_the_offer(client):
    data = client.post("/api/ask", json={"question": "phép năm được mấy ngày"}).get_json()
    assert data["calculator"]["name"] == "annual-leave"
    work = next(f for f in data["calculator"]["fields"] if f["name"] == "work")
    assert [o["value"] for o in work["options"]] == ["normal", "heavy", "very_heavy"]
    data = client.post("/api/ask", json={"question": "đóng kinh phí công đoàn bao nhiêu"}).get_json()
    assert data["calculator"] is None


def test_openapi_describes_every_calculator(client):
    spec = client.get("/openapi.json").get_json()
    for calc in CALCULATORS.values():
        schema = spec["paths"][f"/api/calc/{calc.name}"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        assert set(schema["properties"]) == {f.name for f in calc.fields} | {"as_of"}
        assert set(schema["required"]) == {f.name for f in calc.fields if f.required}
    assert "calculator" in spec["paths"]["/api/ask"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"]


# --- the command line ---------------------------------------------------------------------------

def cli(*args):
    return subprocess.run([sys.executable, "-m", "engine", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_calc(calc_model_dir):
    done = cli("--model", str(calc_model_dir), "calc", "severance", "--months-worked", "126",
               "--months-unemployment-insurance", "0", "--salary", "8000000", "--as-of", "2026-06-01")
    assert done.returncode == 0, done.stderr
    assert "42000000 đồng" in done.stdout and "Khoản 1 Điều 46 (45/2019/QH14)" in done.stdout
    done = cli("--model", str(calc_model_dir), "calc", "annual-leave", "--months-worked", "60", "--work", "normal",
               "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["result"] == 13


def test_cli_calc_refuses_in_vietnamese(calc_model_dir):
    done = cli("--model", str(calc_model_dir), "calc", "unemployment", "--months-contributed", "20",
               "--average-salary", "1", "--region", "5", "--last-month", "2026-01")
    assert done.returncode == 2 and "Vùng" in done.stderr
    done = cli("--model", str(calc_model_dir), "calc", "xoso")
    assert done.returncode == 2 and "Không có công cụ tính" in done.stderr
