"""The editors' page: token, grouping, draft, CSV export and the period report on a seeded log."""
import csv
import io
import sqlite3
import xml.etree.ElementTree as ET


AUTH = ("bientap", "bi-mat-bien-tap")


def seed(app, rows, start=0):
    """rows: (asked_at, question, confidence, topic, doc, helpful)"""
    db = sqlite3.connect(app.config["DATABASE_PATH"])
    for i, (asked_at, question, confidence, topic, doc, helpful) in enumerate(rows, start):
        db.execute("INSERT INTO questions (id, asked_at, question, as_of, confidence, answer, doc, topic, helpful)"
                   " VALUES (?,?,?,?,?,?,?,?,?)", (f"id{i}", asked_at, question, "2026-01-01", confidence, "", doc, topic, helpful))
    db.commit()


ROWS = [
    ("2026-03-02T08:00:00+00:00", "nghỉ phép năm mấy ngày", "high", "Nghỉ hằng năm", "2/2024/QH15", 1),
    ("2026-03-03T08:00:00+00:00", "phép năm được bao nhiêu ngày", "high", "Nghỉ hằng năm", "2/2024/QH15", None),
    ("2026-03-10T08:00:00+00:00", "chủ nhà trọ tăng giá phòng", "low", "Khác", "", None),
    ("2026-03-11T08:00:00+00:00", "chu nha tro tang gia phong tro", "low", "Khác", "", 0),
    ("2026-03-12T08:00:00+00:00", "đóng kinh phí công đoàn", "medium", "Tài chính", "2/2024/QH15", 0),
    ("2025-01-01T08:00:00+00:00", "câu hỏi ngoài kỳ báo cáo", "high", "Cũ", "1/2020/QH14", None),
]


def test_admin_needs_its_token(client):
    for path in ("/admin/", "/admin/export.csv", "/admin/report.csv", "/admin/report.svg", "/admin/draft?q=x"):
        r = client.get(path)
        assert r.status_code == 401 and r.get_json()["error"] == "unauthorized"
        assert "Basic" in r.headers["WWW-Authenticate"]
    assert client.get("/admin/", auth=("bientap", "sai")).status_code == 401
    assert client.get("/admin/", headers={"Authorization": "Bearer bi-mat-bien-tap"}).status_code == 200


def test_admin_closed_without_a_configured_token(mini_model_dir, tmp_path):
    from .conftest import make_app
    client = make_app(mini_model_dir, tmp_path, ADMIN_TOKEN="").test_client()
    assert client.get("/admin/", auth=("x", "")).status_code == 401


def test_period_report_on_a_seeded_log(app, client):
    seed(app, ROWS)
    r = client.get("/admin/report.csv?from=2026-03-01&to=2026-03-31", auth=AUTH)
    assert r.status_code == 200 and r.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    values = {row[0]: row[1] for row in table if len(row) == 2}
    assert values["Tổng số câu hỏi"] == "5"
    assert values["Tỷ lệ trả lời độ tin cậy cao"] == "0.4"
    assert values["Tỷ lệ có đánh giá"] == "0.6"
    assert values["Tỷ lệ đánh giá hữu ích"] == "0.333"
    assert values["Nghỉ hằng năm"] == "2" and values["Khác"] == "2"
    weeks = [row for row in table if row and row[0].startswith("2026-")]
    assert ["2026-03-02", "2"] in weeks and ["2026-03-09", "3"] in weeks and ["2026-02-23", "0"] in weeks


def test_report_chart_is_svg_with_a_bar_per_week(app, client):
    seed(app, ROWS)
    r = client.get("/admin/report.svg?from=2026-03-01&to=2026-03-31", auth=AUTH)
    root = ET.fromstring(r.data)
    bars = root.findall("{http://www.w3.org/2000/svg}rect")
    assert r.mimetype == "image/svg+xml" and len(bars) == 6  # weeks starting 23/2 … 30/3
    heights = [float(b.get("height")) for b in bars]
    assert max(heights) > 0 and heights[0] == 0


def test_admin_page_groups_similar_unanswered_questions(app, client):
    seed(app, ROWS)
    page = client.get("/admin/?from=2026-03-01&to=2026-03-31", auth=AUTH).get_data(as_text=True)
    assert "<b>5</b>câu hỏi" in page
    # the accented and the unaccented way of asking the same thing form one group (both rated unhelpful)
    seed_more = [("2026-03-14T08:00:00+00:00", "chủ nhà trọ tăng giá phòng quá", "low", "Khác", "", 0)]
    seed(app, seed_more, start=len(ROWS))
    page = client.get("/admin/?from=2026-03-01&to=2026-03-31", auth=AUTH).get_data(as_text=True)
    assert "chu nha tro tang gia phong tro <details><summary>và 1 câu tương tự</summary>" in page
    assert "Soạn mục hỏi-đáp" in page


def test_bad_period_is_a_json_error(client):
    r = client.get("/admin/?from=2026-05-01&to=2026-01-01", auth=AUTH)
    assert r.status_code == 400 and r.get_json()["error"] == "invalid_period"


def test_draft_entry_carries_the_question_and_current_provisions(client):
    r = client.get("/admin/draft?q=nghỉ hằng năm mấy ngày", auth=AUTH)
    body = r.get_data(as_text=True)
    assert r.mimetype == "text/plain"
    assert "    - nghỉ hằng năm mấy ngày" in body and "2/2024/QH15 Điều 1 Khoản 1" in body


def test_csv_export_of_unanswered_defuses_formulas(app, client):
    seed(app, ROWS + [("2026-03-13T08:00:00+00:00", "=HYPERLINK(\"http://x\")", "low", "Khác", "", None)])
    r = client.get("/admin/export.csv", auth=AUTH)
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    questions = [row[1] for row in rows[1:]]
    assert "'=HYPERLINK(\"http://x\")" in questions and "chủ nhà trọ tăng giá phòng" in questions
    assert "nghỉ phép năm mấy ngày" not in questions


def test_topic_is_logged_with_each_question(app, client):
    client.post("/api/ask", json={"question": "nghỉ hằng năm mấy ngày"})
    assert app.extensions["question_log"].rows()[0]["topic"] == "Quy định chung"
