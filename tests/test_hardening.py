"""Findings of the hardening review (issue 14) on the API, each as the attacker saw it."""
import http.client
import json

from .conftest import LiveServer


def test_lone_surrogate_in_a_json_key_is_a_400(client):
    for path in ("/api/ask", "/api/feedback", "/api/suggest"):
        r = client.post(path, data=b'{"\\ud800": 1}', headers={"Content-Type": "application/json"})
        assert r.status_code == 400 and r.get_json()["error"] == "invalid_json", path


def test_lone_surrogate_in_a_question_id_is_a_400(client):
    r = client.post("/api/feedback", data=b'{"question_id": "\\udfff", "helpful": true}',
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.get_json()["error"] == "invalid_question_id"


def _post_chunked(url: str, path: str, body: bytes) -> tuple[int, dict]:
    conn = http.client.HTTPConnection(url.split("//")[1], timeout=10)
    pieces = (body[i:i + 1000] for i in range(0, len(body), 1000))
    conn.request("POST", path, body=pieces, headers={"Content-Type": "application/json"}, encode_chunked=True)
    response = conn.getresponse()
    status, data = response.status, json.loads(response.read())
    conn.close()
    return status, data


def test_chunked_body_over_the_limit_is_a_413(app):
    server = LiveServer(app)
    server.start()
    try:
        status, data = _post_chunked(server.url, "/api/ask", json.dumps({"question": "a" * 20000}).encode())
        assert status == 413 and data["error"] == "payload_too_large"
        status, data = _post_chunked(server.url, "/api/ask", json.dumps({"question": "nghỉ hằng năm"}).encode())
        assert status == 200 and data["question_id"]  # a small chunked body is still read whole
    finally:
        server.stop()
