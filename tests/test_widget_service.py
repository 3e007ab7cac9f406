"""What the service does for the widget: its one script, a provision's full-text page, and a retried
question logged once."""
import subprocess

from engine.web.site import WIDGET_DIR, WIDGET_SOURCES, widget_bundle


def test_the_widget_is_served_as_one_script_with_a_validator(client):
    first = client.get("/widget/tuvan.js")
    assert first.status_code == 200 and first.mimetype == "text/javascript"
    assert first.data == widget_bundle()
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    again = client.get("/widget/tuvan.js", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/widget/src/core.js").status_code == 404
    assert client.get("/widget/core.js").status_code == 404


def test_every_source_file_is_in_the_script_and_it_parses(tmp_path):
    assert sorted(WIDGET_SOURCES) == sorted(p.name for p in (WIDGET_DIR / "src").glob("*.js"))
    bundle = tmp_path / "tuvan.js"
    bundle.write_bytes(widget_bundle())
    subprocess.run(["node", "--check", str(bundle)], check=True)


def test_full_text_page_of_a_provision(client):
    page = client.get("/dieu/2-2024-QH15/1")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "<h1>Điều 1. Nghỉ hằng năm</h1>" in html
    assert 'id="khoan-1"' in html and "Người lao động được nghỉ hằng năm 14 ngày làm việc." in html
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_full_text_page_of_a_replaced_text_says_so(client):
    html = client.get("/dieu/3-2021-NĐ-CP/1").get_data(as_text=True)
    assert "Đang có hiệu lực" not in html
    assert "9/2026/NĐ-CP" in html


def test_unknown_provision_page_is_a_vietnamese_404(client):
    page = client.get("/dieu/2-2024-QH15/99")
    assert page.status_code == 404 and "Không có Điều 99" in page.get_data(as_text=True)
    assert client.get("/dieu/9-9999-QH99/1").status_code == 404


def test_a_retried_question_is_logged_once(client, app):
    body = {"question": "nghỉ phép năm mấy ngày", "request_id": "ab12" * 8}
    first, second = client.post("/api/ask", json=body), client.post("/api/ask", json=body)
    assert first.status_code == second.status_code == 200
    assert first.json["question_id"] == second.json["question_id"] == "ab12" * 8
    other = client.post("/api/ask", json={"question": "nghỉ phép năm mấy ngày"})
    assert other.json["question_id"] != "ab12" * 8
    assert len(app.extensions["question_log"].rows()) == 2


def test_a_malformed_request_id_is_refused(client):
    for bad in ["xyz", "AB12" * 8, "a" * 33, 12]:
        r = client.post("/api/ask", json={"question": "nghỉ phép", "request_id": bad})
        assert r.status_code == 400 and r.json["error"] == "invalid_request_id", bad


def test_feedback_names_the_answer_it_was_given_on(client, app):
    qid = client.post("/api/ask", json={"question": "nghỉ phép năm mấy ngày"}).json["question_id"]
    r = client.post("/api/feedback", json={"question_id": qid, "helpful": False, "answer_id": "2/2024/QH15/d1"})
    assert r.status_code == 200 and r.json["stored"]
    row = app.extensions["question_log"].rows()[0]
    assert (row["helpful"], row["feedback_answer"]) == (0, "2/2024/QH15/d1")
    for bad in ["", "a" * 81, "<script>", 5]:
        r = client.post("/api/feedback", json={"question_id": qid, "helpful": True, "answer_id": bad})
        assert r.status_code == 400 and r.json["error"] == "invalid_answer_id", bad
