"""The API as a portal and its visitors use it: every endpoint and every error."""
import json
import sqlite3

import pytest


from .conftest import fit_model, make_app, mini_corpus

ADMIN = ("bientap", "bi-mat-bien-tap")


def ask(client, **body):
    return client.post("/api/ask", json=body)


def test_ask_returns_cited_answers(client):
    r = ask(client, question="nghỉ hằng năm được mấy ngày")
    assert r.status_code == 200
    data = r.get_json()
    assert set(data) >= {"question_id", "confidence", "answers", "notice", "handoff"}
    top = data["answers"][0]
    assert top["doc"] == "2/2024/QH15" and top["article"] == 1 and top["clause"] == "1"
    assert top["citation"] == "Khoản 1 Điều 1 Luật Lao động thử 2024 (2/2024/QH15)"
    assert "14 ngày làm việc" in top["text"]
    assert top["status"]["code"] == "in_force"
    assert "nghỉ hằng năm" in top["highlights"]  # the phrase, not its words one by one
    assert top["snippet"] and top["snippet"] in top["text"]
    assert r.headers["Content-Type"].startswith("application/json")


def test_ask_as_of_a_past_date_cites_the_old_law(client):
    data = ask(client, question="nghỉ hằng năm được mấy ngày", as_of="2024-01-01").get_json()
    assert data["answers"][0]["doc"] == "1/2020/QH14"
    assert data["answers"][0]["status"]["code"] == "in_force"


def test_replaced_text_without_successor_carries_notice_and_handoff(client):
    data = ask(client, question="phạt chậm đóng bảo hiểm xã hội bắt buộc", as_of="2026-11-22").get_json()
    top = data["answers"][0]
    assert top["doc"] == "3/2021/NĐ-CP"
    assert top["status"]["code"] == "replaced" and top["status"]["replaced_by"] == "9/2026/NĐ-CP"
    assert "10/09/2026" in top["notice"] and "9/2026/NĐ-CP" in top["notice"]
    assert "9/2026/NĐ-CP" not in data["notice"]  # said once, on the provision it concerns
    assert data["handoff"]["hotline"] == "1900 1234"


def test_pending_amendment_is_announced(client):
    data = ask(client, question="đóng kinh phí công đoàn bao nhiêu phần trăm quỹ tiền lương").get_json()
    top = data["answers"][0]
    assert top["doc"] == "2/2024/QH15" and top["article"] == 2
    assert top["status"]["amendments_missing"] == ["5/2025/QH15"]
    assert "5/2025/QH15" in top["notice"]


@pytest.mark.parametrize("kwargs, status, code", [
    ({"data": "question=hi", "content_type": "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"),
    ({"data": "{not json", "content_type": "application/json"}, 400, "invalid_json"),
    ({"data": b"\xff\xfe{}", "content_type": "application/json"}, 400, "invalid_json"),
    ({"data": "[1, 2]", "content_type": "application/json"}, 400, "invalid_json"),
    ({"data": "[" * 100000 + "]" * 100000, "content_type": "application/json"}, 413, "payload_too_large"),
    ({"data": "[" * 3000 + "]" * 3000, "content_type": "application/json"}, 400, "invalid_json"),
    ({"json": {"question": "x" * 9000}}, 413, "payload_too_large"),
    ({"json": {}}, 400, "question_missing"),
    ({"json": {"question": ""}}, 400, "question_missing"),
    ({"json": {"question": " \u200b\t "}}, 400, "question_missing"),
    ({"json": {"question": 5}}, 400, "question_missing"),
    ({"json": {"question": "a" * 1001}}, 400, "question_too_long"),
    ({"json": {"question": "nghỉ phép", "foo": 1}}, 400, "unknown_field"),
    ({"json": {"question": "nghỉ phép", "as_of": "22/11/2026"}}, 400, "invalid_as_of"),
    ({"json": {"question": "nghỉ phép", "as_of": "99999-01-01"}}, 400, "invalid_as_of"),
    ({"json": {"question": "nghỉ phép", "as_of": 20260101}}, 400, "invalid_as_of"),
    ({"json": {"question": "nghỉ phép", "top_k": 0}}, 400, "invalid_top_k"),
    ({"json": {"question": "nghỉ phép", "top_k": 11}}, 400, "invalid_top_k"),
    ({"json": {"question": "nghỉ phép", "top_k": "3"}}, 400, "invalid_top_k"),
    ({"json": {"question": "nghỉ phép", "top_k": True}}, 400, "invalid_top_k"),
    ({"json": {"question": "nghỉ phép", "top_k": 10**30}}, 400, "invalid_top_k"),
])
def test_ask_rejects_bad_input_in_vietnamese(client, kwargs, status, code):
    r = client.post("/api/ask", **kwargs)
    assert r.status_code == status
    body = r.get_json()
    assert body["error"] == code
    assert body["message"] and any(ch in body["message"] for ch in "ăâđêôơưáàảãạ")


def test_errors_are_json_even_404_and_405(client):
    r = client.get("/khong-co")
    assert r.status_code == 404 and r.get_json()["error"] == "not_found"
    r = client.get("/api/ask")
    assert r.status_code == 405 and r.get_json()["error"] == "method_not_allowed"
    assert "POST" in r.headers["Allow"]


def test_visitor_text_is_never_echoed_as_html(client):
    r = ask(client, question="<script>alert(1)</script> nghỉ phép")
    assert r.headers["Content-Type"].startswith("application/json")
    r = client.get("/<img src=x onerror=alert(1)>")
    assert r.headers["Content-Type"].startswith("application/json") and b"<img" not in r.data


def test_provisions_full_article(client):
    r = client.get("/api/provisions/1-2020-QH14/1")
    data = r.get_json()
    assert r.status_code == 200 and data["title"] == "Thời gian nghỉ hằng năm"
    assert [c["label"] for c in data["clauses"]] == ["1", "2"]
    assert data["status"]["code"] == "replaced"
    assert client.get("/api/provisions/3-2021-NĐ-CP/1").get_json()["status"]["replaced_by"] == "9/2026/NĐ-CP"
    assert client.get("/api/provisions/9-9999-QH99/1").status_code == 404
    assert client.get("/api/provisions/1-2020-QH14/99").get_json()["error"] == "unknown_article"


def test_suggest(client):
    r = client.post("/api/suggest", json={"q": "nghỉ h"})
    assert r.status_code == 200 and r.get_json()["suggestions"] == ["Nghỉ hằng năm"]
    assert len(client.post("/api/suggest", json={"q": "n"}).get_json()["suggestions"]) <= 8
    assert client.post("/api/suggest", json={}).status_code == 200  # nothing typed yet: the starter questions
    too_long = client.post("/api/suggest", json={"q": "a" * 201})
    assert too_long.status_code == 400 and too_long.get_json()["error"] == "query_too_long"
    assert client.post("/api/suggest", json={"q": 5}).get_json()["error"] == "invalid_query"
    assert client.post("/api/suggest", json={"q": "a", "x": 1}).get_json()["error"] == "unknown_field"


def test_suggest_never_takes_what_is_typed_in_the_url(client):
    # issue 14: a name and phone typed into the box reached the access log in ?q=
    r = client.get("/api/suggest?q=tôi là Nguyễn Văn An 0912345678")
    assert r.status_code == 405 and "POST" in r.headers["Allow"] and "GET" not in r.headers["Allow"]
    assert r.get_json()["error"] == "method_not_allowed" and r.get_json()["message"]


def test_feedback_recorded_and_checked(app, client):
    qid = ask(client, question="nghỉ phép năm").get_json()["question_id"]
    r = client.post("/api/feedback", json={"question_id": qid, "helpful": False, "comment": "gọi 0912345678"})
    assert r.status_code == 200 and r.get_json()["stored"] is True
    row = app.extensions["question_log"].rows()[0]
    assert row["helpful"] == 0 and row["comment"] == "gọi [số điện thoại]"
    assert client.post("/api/feedback", json={"question_id": "khong-co", "helpful": True}).status_code == 404
    assert client.post("/api/feedback", json={"question_id": qid, "helpful": "yes"}).get_json()["error"] == "invalid_helpful"
    assert client.post("/api/feedback", json={"question_id": qid, "helpful": True, "x": 1}).status_code == 400


def test_log_stores_scrubbed_question_and_no_ip(app, client):
    ask(client, question="Tôi là Nguyễn Văn An, email an@gmail.com, CCCD 001203004567, bị đuổi việc")
    db = sqlite3.connect(app.config["DATABASE_PATH"])
    stored = db.execute("SELECT question FROM questions").fetchone()[0]
    assert stored == "Tôi là [tên], email [email], CCCD [số định danh], bị đuổi việc"
    columns = [c[1] for c in db.execute("PRAGMA table_info(questions)")]
    assert not any("ip" in c or "addr" in c for c in columns)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_retention_purge(app, client):
    log = app.extensions["question_log"]
    ask(client, question="nghỉ phép")
    db = sqlite3.connect(app.config["DATABASE_PATH"])
    db.execute("UPDATE questions SET asked_at = '2020-01-01T00:00:00+00:00'")
    db.commit()
    ask(client, question="nghỉ phép năm")
    assert log.purge(180) == 1
    assert len(log.rows()) == 1


def test_health_and_readiness(client, mini_model_dir):
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").get_json() == {"status": "ready"}
    ready = client.get("/admin/model", auth=ADMIN).get_json()
    stamp = json.loads((mini_model_dir / "model.json").read_text())
    assert ready["version"] == stamp["version"] and ready["corpus_hash"] == stamp["corpus_hash"]


def test_not_ready_without_model(tmp_path):
    client = make_app(tmp_path / "empty", tmp_path).test_client()
    assert client.get("/healthz").status_code == 200
    r = client.get("/readyz")
    assert r.status_code == 503 and r.get_json()["error"] == "model_unavailable"
    assert "python train.py" in client.get("/admin/model", auth=ADMIN).get_json()["reason"]
    assert ask(client, question="nghỉ phép").status_code == 503


def test_security_headers(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"]
    assert b'src="/widget/tuvan.js"' in page.data


def test_cors_only_for_configured_origins(mini_model_dir, tmp_path):
    client = make_app(mini_model_dir, tmp_path, ALLOWED_ORIGINS="https://ldld.example.vn").test_client()
    ok = client.post("/api/ask", json={"question": "nghỉ phép"}, headers={"Origin": "https://ldld.example.vn"})
    assert ok.headers.get("Access-Control-Allow-Origin") == "https://ldld.example.vn"
    other = client.post("/api/ask", json={"question": "nghỉ phép"}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    pre = client.options("/api/ask", headers={"Origin": "https://ldld.example.vn", "Access-Control-Request-Method": "POST",
                                              "Access-Control-Request-Headers": "content-type"})
    assert pre.headers.get("Access-Control-Allow-Origin") == "https://ldld.example.vn"


def test_no_cors_headers_when_no_origin_configured(client):
    r = client.post("/api/ask", json={"question": "nghỉ phép"}, headers={"Origin": "https://ldld.example.vn"})
    assert "Access-Control-Allow-Origin" not in r.headers


def test_rate_limit_answers_429_with_retry_after(mini_model_dir, tmp_path):
    client = make_app(mini_model_dir, tmp_path, RATE_LIMIT="3/minute").test_client()
    codes = [client.post("/api/ask", json={"question": "nghỉ phép"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = client.post("/api/ask", json={"question": "nghỉ phép"})
    assert r.get_json()["error"] == "rate_limited" and int(r.headers["Retry-After"]) > 0
    # another visitor is not limited
    other = client.post("/api/ask", json={"question": "nghỉ phép"}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_proxy_fix_only_when_trusted(mini_model_dir, tmp_path):
    client = make_app(mini_model_dir, tmp_path, RATE_LIMIT="1/minute", TRUSTED_PROXIES="1").test_client()
    first = client.post("/api/ask", json={"question": "nghỉ phép"}, headers={"X-Forwarded-For": "1.1.1.1"})
    second = client.post("/api/ask", json={"question": "nghỉ phép"}, headers={"X-Forwarded-For": "2.2.2.2"})
    assert (first.status_code, second.status_code) == (200, 200)
    untrusted = make_app(mini_model_dir, tmp_path / "u", RATE_LIMIT="1/minute").test_client()
    codes = [untrusted.post("/api/ask", json={"question": "nghỉ phép"}, headers={"X-Forwarded-For": ip}).status_code
             for ip in ("1.1.1.1", "2.2.2.2")]
    assert codes == [200, 429]  # a forged header does not buy a new quota


def test_reload_to_new_model_and_refuse_broken_one(app, client, mini_model_dir, tmp_path):
    before = client.get("/admin/model", auth=ADMIN).get_json()["version"]
    corpus_dir, laws = mini_corpus(tmp_path / "v2")
    (laws / "new.txt").write_text((laws / "new.txt").read_text().replace("14 ngày", "15 ngày"), encoding="utf-8")
    fit_model(corpus_dir, laws, mini_model_dir)
    after = client.get("/admin/model", auth=ADMIN).get_json()["version"]
    assert after != before
    assert "15 ngày" in ask(client, question="nghỉ hằng năm mấy ngày").get_json()["answers"][0]["text"]

    stamp = json.loads((mini_model_dir / "model.json").read_text())
    broken = mini_model_dir / "model-broken.joblib"
    broken.write_bytes(b"not a model")
    stamp.update(artifact=broken.name, version="broken")
    (mini_model_dir / "model.json").write_text(json.dumps(stamp))
    assert client.get("/admin/model", auth=ADMIN).get_json()["version"] == after
    assert ask(client, question="nghỉ hằng năm mấy ngày").status_code == 200


def test_unwritable_log_fails_soft(mini_model_dir, tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    client = make_app(mini_model_dir, tmp_path, DATABASE_PATH=str(blocker / "q.sqlite3")).test_client()
    for _ in range(2):
        r = client.post("/api/ask", json={"question": "nghỉ phép"})
        assert r.status_code == 200 and r.get_json()["answers"]
    assert sum("question log" in rec.message for rec in caplog.records) == 1


def test_admin_behind_token(client):
    assert client.get("/admin/").status_code == 401
    assert client.get("/admin/", auth=("editor", "sai")).status_code == 401
    ask(client, question="hỏi linh tinh xyz")
    page = client.get("/admin/", auth=("editor", "bi-mat-bien-tap"))
    assert page.status_code == 200 and "Mô hình đang phục vụ" in page.get_data(as_text=True)
    csv = client.get("/admin/export.csv", auth=("editor", "bi-mat-bien-tap"))
    assert csv.status_code == 200 and csv.mimetype == "text/csv"


def test_openapi_served(client):
    spec = client.get("/openapi.json").get_json()
    assert {"/api/ask", "/api/provisions/{doc}/{article}", "/api/suggest", "/api/feedback"} <= set(spec["paths"])
