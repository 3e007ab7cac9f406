"""A table of hostile inputs to POST /api/ask, each with its expected status and message."""
import json

import numpy as np
import pytest

from engine.semantic import encoder
from engine.weights import WEIGHTS

J = "application/json"
OK = (200, None, None)


def body(**fields):
    return json.dumps(fields, ensure_ascii=False).encode()


CASES = [
    # (name, raw body, content type, status, error code, words the message must contain)
    ("control characters", body(question="nghỉ\x01\x02\x07 phép\x1b[31m"), J, *OK),
    ("only control characters", body(question="\x01\x02\x03"), J, 400, "question_missing", "nhập câu hỏi"),
    ("null bytes", body(question="nghỉ\x00phép\x00"), J, *OK),
    ("RTL override", body(question="\u202enghỉ phép\u202c năm"), J, *OK),
    ("zero-width spaces only", body(question="\u200b\u200b\ufeff"), J, 400, "question_missing", "nhập câu hỏi"),
    ("10,000 emoji", body(question="😀" * 10000), J, 413, "payload_too_large", "quá lớn"),
    ("1,000 emoji (at the limit)", body(question="😀" * 1000), J, *OK),
    ("1,001 characters", body(question="a" * 1001), J, 400, "question_too_long", "quá dài"),
    ("SQL injection", body(question="'; DROP TABLE questions; -- nghỉ phép"), J, *OK),
    ("SQL injection in id", body(question="1 OR 1=1"), J, *OK),
    ("script injection", body(question="<script>alert(1)</script>"), J, *OK),
    ("img onerror", body(question='<img src=x onerror="alert(1)">'), J, *OK),
    ("JSON bomb (wide)", ("[" + ",".join(["[1,1,1,1,1,1,1,1]"] * 2000) + "]").encode(), J, 413, "payload_too_large", "quá lớn"),
    ("deeply nested JSON", ("[" * 4000 + "]" * 4000).encode(), J, 400, "invalid_json", "JSON"),
    ("nested object", ('{"a":' * 1200 + '"x"' + "}" * 1200).encode(), J, 400, "invalid_json", "JSON"),
    ("invalid UTF-8", b'{"question": "ngh\xff\xfe ph\xe9p"}', J, 400, "invalid_json", "JSON"),
    ("lone surrogate escape", b'{"question": "\\ud800 nghi phep"}', J, *OK),
    ("huge top_k", body(question="nghỉ phép", top_k=10 ** 12), J, 400, "invalid_top_k", "từ 1 đến 10"),
    ("negative top_k", body(question="nghỉ phép", top_k=-1), J, 400, "invalid_top_k", "từ 1 đến 10"),
    ("float top_k", body(question="nghỉ phép", top_k=2.5), J, 400, "invalid_top_k", "từ 1 đến 10"),
    ("NaN top_k", '{"question": "nghỉ phép", "top_k": NaN}'.encode(), J, 400, "invalid_top_k", "từ 1 đến 10"),
    ("year 99999", body(question="nghỉ phép", as_of="99999-01-01"), J, 400, "invalid_as_of", "YYYY-MM-DD"),
    ("impossible date", body(question="nghỉ phép", as_of="2025-02-30"), J, 400, "invalid_as_of", "YYYY-MM-DD"),
    ("date with time", body(question="nghỉ phép", as_of="2025-01-01T00:00:00"), J, 400, "invalid_as_of", "YYYY-MM-DD"),
    ("question as list", body(question=["nghỉ", "phép"]), J, 400, "question_missing", "nhập câu hỏi"),
    ("question as object", body(question={"$ne": ""}), J, 400, "question_missing", "nhập câu hỏi"),
    ("null question", body(question=None), J, 400, "question_missing", "nhập câu hỏi"),
    ("prototype pollution key", body(question="nghỉ phép", __proto__={"admin": True}), J, 400, "unknown_field", "không được hỗ trợ"),
    ("empty body", b"", J, 400, "invalid_json", "JSON"),
    ("JSON string", '"nghỉ phép"'.encode(), J, 400, "invalid_json", "đối tượng JSON"),
    ("form content type", b"question=nghi+phep", "application/x-www-form-urlencoded", 415, "unsupported_media_type", "JSON"),
    ("text/plain JSON", body(question="nghỉ phép"), "text/plain", 415, "unsupported_media_type", "JSON"),
    ("no content type", body(question="nghỉ phép"), None, 415, "unsupported_media_type", "JSON"),
    ("duplicate keys", '{"question": "", "question": "nghỉ phép"}'.encode(), J, *OK),
    ("BOM before JSON", "\ufeff".encode() + body(question="nghỉ phép"), J, *OK),
    ("path traversal text", body(question="../../etc/passwd"), J, *OK),
    ("unicode homoglyphs", body(question="nghỉ рhép"), J, *OK),
    ("only punctuation", body(question="?!.,;:"), J, *OK),
    # issue 14: what froze both workers, and what gave a 500
    ("URL then 28 dots", body(question="nghỉ phép http://a" + "." * 28), J, *OK),
    ("ftp then 40 !", body(question="ftp:a" + "!" * 40), J, *OK),
    ("domain path then ?", body(question="nghỉ phép a.vn/" + "?" * 60), J, *OK),
    ("HTTP then quotes", body(question="HTTP://" + "'" * 60 + " lương"), J, *OK),
    ("https then ,.", body(question="https://" + ",." * 200), J, *OK),
    ("lone surrogate key", b'{"\\ud800": 1}', J, 400, "invalid_json", "không hợp lệ"),
]


@pytest.mark.parametrize("name, raw, ctype, status, code, words", CASES, ids=[c[0] for c in CASES])
def test_hostile_input(client, app, name, raw, ctype, status, code, words):
    headers = {"Content-Type": ctype} if ctype else {}
    r = client.post("/api/ask", data=raw, headers=headers)
    assert r.status_code == status, r.get_data(as_text=True)[:200]
    assert r.headers["Content-Type"].startswith("application/json")
    data = r.get_json()
    if status == 200:
        assert data["confidence"] in {"high", "medium", "low"} and "question_id" in data
    else:
        assert data["error"] == code
        assert words in data["message"]


def test_table_is_large_enough():
    assert len(CASES) >= 30


def test_log_survives_sql_injection(client, app):
    client.post("/api/ask", json={"question": "'); DROP TABLE questions; --"})
    assert len(app.extensions["question_log"].rows()) == 1


def test_odd_input_is_embedded_within_the_token_budget():
    """The encoder's cost grows with tokens, and a URL or a run of punctuation holds several
    tokens a character: what reaches it is cut to the budget, while a real question is left whole."""
    enc = encoder()
    hostile = "nghỉ phép http://a.vn/" + ".,;!?()[]{}" * 80
    assert enc.tokens(hostile[: WEIGHTS.query_chars]) > 2 * WEIGHTS.query_tokens
    cut = enc.capped(hostile[: WEIGHTS.query_chars])
    assert hostile.startswith(cut) and WEIGHTS.query_tokens - 3 <= enc.tokens(cut) <= WEIGHTS.query_tokens
    question = "Công ty nợ lương hai tháng thì người lao động có được đơn phương chấm dứt hợp đồng không?"
    assert enc.capped(question) == question
    assert np.allclose(enc.query(hostile), enc.query(cut))
