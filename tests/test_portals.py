"""Portals: each with its origins, counsellors, editors and report; the Confederation sees them all."""
import csv
import hashlib
import io
import textwrap

import pytest

from engine.web.portals import Portals, PortalsError

from .conftest import make_app

A_TOKEN = "token-cua-lai-chau-0001"
B_TOKEN = "token-cua-dien-bien-0002"
CONFEDERATION = "bi-mat-bien-tap"
A = "https://ldld.laichau.gov.vn"
B = "https://ldld.dienbien.gov.vn"
LOW = "chủ nhà trọ tăng giá phòng xyz"  # nothing in the mini corpus answers it: low confidence, hand-off

PORTALS = f"""
[[portal]]
id = "laichau"
name = "LĐLĐ tỉnh Lai Châu"
origins = ["{A}", "https://www.ldld.laichau.gov.vn/"]
admin_token = "{A_TOKEN}"
[portal.counsellor]
name = "Tư vấn viên LĐLĐ Lai Châu"
hotline = "0213 3876 543"

[[portal]]
id = "dienbien"
name = "LĐLĐ tỉnh Điện Biên"
origins = ["{B}"]
admin_token = "sha256:{hashlib.sha256(B_TOKEN.encode()).hexdigest()}"
[portal.counsellor]
hotline = "0215 3825 111"
zalo = "0915 000 111"
"""


def write_portals(directory, text=PORTALS):
    path = directory / "portals.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def portal_app(mini_model_dir, tmp_path):
    return make_app(mini_model_dir, tmp_path, PORTALS_FILE=str(write_portals(tmp_path)), ADMIN_TOKEN=CONFEDERATION)


def ask(client, question, origin=None):
    headers = {"Origin": origin} if origin else {}
    return client.post("/api/ask", json={"question": question}, headers=headers)


def test_hand_off_shows_the_requesting_portals_counsellor(portal_app):
    client = portal_app.test_client()
    b = ask(client, LOW, B).get_json()
    assert b["confidence"] == "low"
    assert b["handoff"]["hotline"] == "0215 3825 111" and b["handoff"]["zalo"] == "0915 000 111"
    assert b["handoff"]["name"] == "Tư vấn viên pháp luật Công đoàn"  # no name given: the service's
    a = ask(client, LOW, "https://www.ldld.laichau.gov.vn").get_json()
    assert a["handoff"]["hotline"] == "0213 3876 543" and "zalo" not in a["handoff"]
    service = ask(client, LOW).get_json()
    assert service["handoff"]["hotline"] == "1900 1234"  # COUNSELLOR_HOTLINE of the service itself
    assert set(service) == set(b)  # the API's JSON shape does not depend on the portal


def test_log_records_the_portal_and_cors_allows_every_portal(portal_app):
    client = portal_app.test_client()
    r = ask(client, "nghỉ phép năm", A)
    assert r.headers["Access-Control-Allow-Origin"] == A
    assert ask(client, "nghỉ phép năm", B).headers["Access-Control-Allow-Origin"] == B
    assert "Access-Control-Allow-Origin" not in ask(client, "nghỉ phép năm", "https://evil.example").headers
    portals = [row["portal"] for row in portal_app.extensions["question_log"].rows()]
    assert portals == ["laichau", "dienbien", None]


def seeded(portal_app):
    client = portal_app.test_client()
    for question, origin in [("nghỉ phép năm", A), (LOW, A), ("kinh phí công đoàn", B), (LOW, B), (LOW, B),
                             ("nghỉ hằng năm", None)]:
        assert ask(client, question, origin).status_code == 200
    return client


def report(client, token, query=""):
    return client.get("/admin/report.json" + query, auth=("x", token))


def test_each_token_reads_its_own_scope(portal_app):
    client = seeded(portal_app)
    confederation = report(client, CONFEDERATION).get_json()
    assert confederation["questions"] == 6
    assert confederation["by_portal"] == {"dienbien": 3, "laichau": 2, "_service": 1}
    assert report(client, CONFEDERATION, "?portal=laichau").get_json()["questions"] == 2
    a = report(client, A_TOKEN).get_json()
    assert a["questions"] == 2 and a["portal"] == "laichau" and "by_portal" not in a
    assert report(client, B_TOKEN).get_json()["questions"] == 3  # the hashed form of the token
    denied = report(client, A_TOKEN, "?portal=dienbien")
    assert denied.status_code == 403 and denied.get_json()["error"] == "forbidden_portal"
    assert report(client, CONFEDERATION, "?portal=khong-co").status_code == 400
    assert report(client, "sai-mat-khau-hoan-toan").status_code == 401
    assert report(client, "sha256:" + hashlib.sha256(B_TOKEN.encode()).hexdigest()).status_code == 401


def test_portal_editors_see_only_their_questions_groups_and_exports(portal_app):
    client = seeded(portal_app)
    rows = list(csv.reader(io.StringIO(client.get("/admin/export.csv", auth=("x", A_TOKEN))
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 2  # the header and A's one low-confidence question, not B's two
    page = client.get("/admin/", auth=("x", B_TOKEN)).get_data(as_text=True)
    assert "LĐLĐ tỉnh Điện Biên" in page and "<b>3</b>câu hỏi" in page and "Theo cổng thông tin" not in page
    page = client.get("/admin/", auth=("x", CONFEDERATION)).get_data(as_text=True)
    assert "Theo cổng thông tin" in page and "<b>6</b>câu hỏi" in page
    table = client.get("/admin/report.csv", auth=("x", CONFEDERATION)).get_data(as_text=True)
    assert "laichau,2" in table and "dienbien,3" in table


def test_without_portals_file_everything_is_the_service(client):
    ask(client, "nghỉ phép năm", A)
    body = report(client, "bi-mat-bien-tap").get_json()
    assert body["questions"] == 1 and body["by_portal"] == {"_service": 1}
    assert client.get("/admin/report.json?from=2026-05-01&to=2026-01-01", auth=("x", "bi-mat-bien-tap")).status_code == 400


@pytest.mark.parametrize("text, message", [
    ('[[portal]]\nid = "Lai Châu"\n', "id phải gồm"),
    ('[[portal]]\nid = "a"\nname = "A"\norigins = ["https://a.vn/trang"]\nadmin_token = "x" \n', "origin"),
    ('[[portal]]\nid = "a"\nname = "A"\norigins = ["https://a.vn"]\nadmin_token = "ngan"\n', "ít nhất 16"),
    ('[[portal]]\nid = "a"\nname = "A"\norigins = ["https://a.vn"]\nadmin_token = "   "\n', "thiếu admin_token"),
    ('[[portal]]\nid = "a"\nname = "A"\norigins = ["https://a.vn"]\nadmin_token = "0123456789abcdefgh"\n'
     '[portal.counsellor]\nfax = "1"\n', "counsellor"),
    ('[[portal]]\nid = "a"\nname = "A"\norigins = ["https://a.vn"]\nadmin_token = "0123456789abcdefgh"\n'
     '[[portal]]\nid = "b"\nname = "B"\norigins = ["https://A.vn/"]\nadmin_token = "0123456789abcdefgx"\n', "thuộc hai cổng"),
    ('[[portal]\n', "không phải TOML hợp lệ"),
])
def test_a_bad_portals_file_is_refused_with_what_is_wrong(tmp_path, text, message):
    path = write_portals(tmp_path, text)
    with pytest.raises(PortalsError) as err:
        Portals.load(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_confederation_token_of_spaces_opens_nothing(tmp_path):
    portals = Portals.load(write_portals(tmp_path))
    assert portals.scope_for("   ", "   ") is None
    assert portals.scope_for(A_TOKEN, "   ").portal == "laichau"
