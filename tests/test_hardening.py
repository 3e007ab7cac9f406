"""Findings of the hardening review (issue 14) on the API, each as the attacker saw it."""
import csv
import http.client
import io
import json
import logging
import os
import sqlite3
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml

from engine import semantic
from engine.corpus import load_corpus
from engine.artifact import save
from engine.model import Model
from engine.web import holder
from engine.web.report import GROUP_ROWS, group_similar

from .conftest import LiveServer, make_app, mini_corpus


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


# -- the editors' page ------------------------------------------------------------------------

AUTH = ("bientap", "bi-mat-bien-tap")


def seed(app, rows):
    """rows: (asked_at, question, confidence, comment)"""
    db = sqlite3.connect(app.config["DATABASE_PATH"])
    for i, (asked_at, question, confidence, comment) in enumerate(rows):
        db.execute("INSERT INTO questions (id, asked_at, question, as_of, confidence, answer, doc, topic, helpful, comment)"
                   " VALUES (?,?,?,?,?,?,?,?,?,?)", (f"h{i}", asked_at, question, None, confidence, "", "", "", None, comment))
    db.commit()


def test_export_leaves_empty_cells_empty_and_still_defuses_formulas(app, client):
    seed(app, [("2026-03-10T08:00:00+00:00", "chủ nhà trọ tăng giá", "low", None),
               ("2026-03-11T08:00:00+00:00", "@SUM(A1)", "low", "+cmd")])
    rows = list(csv.reader(io.StringIO(client.get("/admin/export.csv", auth=AUTH).get_data(as_text=True).lstrip("\ufeff"))))
    first = next(r for r in rows if r[1] == "chủ nhà trọ tăng giá")
    assert first[3] == "" and first[4] == "" and first[5] == "" and first[6] == ""  # no lone "'"
    second = next(r for r in rows if r[1] == "'@SUM(A1)")
    assert second[6] == "'+cmd"


@pytest.mark.parametrize("question", ["lương: bao nhiêu tiền", "# nghỉ phép", "yes", "- a", "[a, b", "{x: 1}",
                                      "&a *b", "'nửa", '"nửa', "---", "!!python/object:os.system", "a\nb: c", "null"])
def test_draft_is_yaml_that_gives_back_the_question(client, question):
    r = client.get("/admin/draft", query_string={"q": question}, auth=AUTH)
    entry = yaml.safe_load(r.get_data(as_text=True))[0]
    assert entry["questions"] == [question] and entry["id"] == "dat-ten-khong-dau"
    assert all(isinstance(p, str) for p in entry["provisions"])


def test_redirects_never_name_the_host_a_client_sent(mini_model_dir, tmp_path):
    for proxies, headers in ((0, {"Host": "evil.example.com"}),
                             (1, {"Host": "tuvan.congdoan.vn", "X-Forwarded-Host": "evil.example.com"})):
        client = make_app(mini_model_dir, tmp_path, TRUSTED_PROXIES=str(proxies)).test_client()
        r = client.get("/admin", headers=headers, auth=AUTH)
        assert r.status_code in (301, 308) and r.headers["Location"] == "/admin/"


def test_redirects_may_name_the_configured_public_url(mini_model_dir, tmp_path):
    client = make_app(mini_model_dir, tmp_path, PUBLIC_URL="https://tuvan.congdoan.vn").test_client()
    r = client.get("/admin", headers={"Host": "evil.example.com"}, auth=AUTH)
    assert r.headers["Location"] == "https://tuvan.congdoan.vn/admin/"


@pytest.mark.parametrize("token", ["   ", "\t \n", "abc", " a b c d e f g "])
def test_a_token_that_is_no_secret_does_not_open_the_page(mini_model_dir, tmp_path, token, caplog):
    caplog.set_level(logging.INFO)
    client = make_app(mini_model_dir, tmp_path, ADMIN_TOKEN=token).test_client()
    for given in (token, token.strip(), ""):
        assert client.get("/admin/", auth=("x", given)).status_code == 401
    assert any("ADMIN_TOKEN" in r.getMessage() and "8" in r.getMessage() for r in caplog.records)


def test_wrong_tokens_are_limited_per_address(mini_model_dir, tmp_path):
    client = make_app(mini_model_dir, tmp_path, ADMIN_FAILURE_LIMIT="5/minute").test_client()
    assert client.get("/admin/", auth=AUTH).status_code == 200  # the right token does not count
    pages = ["/admin/", "/admin/export.csv", "/admin/report.csv", "/admin/model", "/admin/qa/", "/admin/draft?q=x"]
    statuses = [client.get(pages[i % len(pages)], auth=("x", f"doan-{i}")).status_code for i in range(8)]
    assert statuses[:5] == [401] * 5 and statuses[5:] == [429] * 3  # one count, whichever page is tried
    r = client.get("/admin/", auth=("x", "doan-9"))
    assert r.status_code == 429 and r.get_json()["error"] == "rate_limited"
    other = client.get("/admin/", auth=AUTH, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200  # another address is not locked out


@pytest.mark.parametrize("query", ["to=0001-01-01", "from=9999-12-31&to=9999-12-31", "from=0001-01-01&to=9999-12-30",
                                   "from=0001-01-01&to=9000-01-01", "from=2019-12-31&to=2020-06-01",
                                   "from=2021-01-01&to=2026-01-01", "from=2026-01-01&to=2099-01-01", "to=2026-13-01"])
def test_periods_out_of_range_are_a_400_in_vietnamese(client, query):
    for path in ("/admin/", "/admin/report.csv", "/admin/report.svg", "/admin/report.json"):
        r = client.get(f"{path}?{query}", auth=AUTH)
        assert r.status_code == 400, (path, query)
        assert r.get_json()["error"] == "invalid_period" and "tối đa 3 năm" in r.get_json()["message"]


def test_a_three_year_period_is_served(client):
    r = client.get("/admin/report.svg?from=2023-01-01&to=2025-12-31", auth=AUTH)
    assert r.status_code == 200 and len(r.data) < 200_000


def test_grouping_stays_sparse_and_bounded(app):
    words = "lương thưởng nghỉ phép hợp đồng thai sản công ty bảo hiểm trợ cấp thôi việc đình công ca đêm".split()
    rows = [{"question": " ".join(words[(i * 7 + k * 3) % len(words)] + str(k * i % 97) for k in range(140))[:1000],
             "confidence": "low", "helpful": None, "asked_at": f"2026-03-{i % 28 + 1:02d}T00:00:00", "topic": ""}
            for i in range(400)]
    tracemalloc.start()
    groups = group_similar(rows)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert sum(g["count"] for g in groups) == GROUP_ROWS  # only the most recent ones
    assert peak < 40 * 2 ** 20  # a dense matrix of these questions takes over 100 MB


# -- a corrupt artifact and a worker restart ----------------------------------------------------

def publish_two(tmp_path):
    """A model directory where model B replaced model A, A's stamp kept as model.previous.json
    (save keeps it). Returns (directory, stamp A, stamp B)."""
    directory = tmp_path / "models"
    corpus_dir, laws = mini_corpus(tmp_path / "a")
    save(Model().fit(load_corpus(corpus_dir, laws)), directory)
    first = json.loads((directory / "model.json").read_text())
    corpus_dir, laws = mini_corpus(tmp_path / "b")
    (laws / "new.txt").write_text((laws / "new.txt").read_text().replace("14 ngày", "15 ngày"), encoding="utf-8")
    save(Model().fit(load_corpus(corpus_dir, laws)), directory)
    second = json.loads((directory / "model.json").read_text())
    assert (directory / first["artifact"]).is_file() and first["artifact"] != second["artifact"]
    assert json.loads((directory / holder.PREVIOUS_NAME).read_text())["artifact"] == first["artifact"]  # save kept A
    return directory, first, second


def _answer(client):
    r = client.post("/api/ask", json={"question": "nghỉ hằng năm mấy ngày"})
    return r.status_code, (r.get_json()["answers"] or [{}])[0].get("text", "") if r.status_code == 200 else ""


def test_restarted_worker_serves_the_previous_model_and_recovers(tmp_path):
    directory, first, second = publish_two(tmp_path)
    artifact = directory / second["artifact"]
    good = artifact.read_bytes()
    stat = artifact.stat()
    artifact.write_bytes(good[: len(good) // 2])              # overwritten in place, stamp unchanged
    client = make_app(directory, tmp_path).test_client()       # the worker that replaces a killed one
    status, text = _answer(client)
    assert status == 200 and "14 ngày" in text                 # the previous model
    model = client.get("/admin/model", auth=AUTH).get_json()
    assert model["fallback"] is True and model["version"] == first["version"] and "sha256" in model["reason"]
    assert client.get("/readyz").get_json() == {"status": "ready"}

    artifact.write_bytes(good)                                 # the right bytes back
    os.utime(artifact, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with their old date
    holder.RETRY_REFUSED, retry = 0.0, holder.RETRY_REFUSED
    try:
        status, text = _answer(client)
    finally:
        holder.RETRY_REFUSED = retry
    assert status == 200 and "15 ngày" in text
    assert client.get("/admin/model", auth=AUTH).get_json()["version"] == second["version"]


def test_a_refusal_is_not_kept_once_the_files_change(tmp_path):
    directory, first, second = publish_two(tmp_path)
    (directory / holder.PREVIOUS_NAME).unlink()                # nothing to fall back to
    artifact = directory / second["artifact"]
    good = artifact.read_bytes()
    artifact.write_bytes(b"not a model")
    client = make_app(directory, tmp_path).test_client()
    assert _answer(client)[0] == 503
    artifact.write_bytes(good)
    assert _answer(client)[0] == 200


def test_readiness_tells_strangers_nothing_about_the_files(tmp_path):
    directory, first, second = publish_two(tmp_path)
    for name in (second["artifact"], first["artifact"]):
        (directory / name).write_bytes(b"broken")
    client = make_app(directory, tmp_path).test_client()
    r = client.get("/readyz")
    assert r.status_code == 503 and set(r.get_json()) == {"error", "message"}
    text = r.get_data(as_text=True)
    for secret in (second["artifact"], second["sha256"][:12], str(directory), "joblib"):
        assert secret not in text
    assert client.get("/admin/model", auth=AUTH).status_code == 503


@pytest.mark.parametrize("value, threads", [("1", 1), (" 2 ", 2), ("", None)])
def test_encoder_threads_are_read_from_the_environment(monkeypatch, value, threads):
    monkeypatch.setenv("ENCODER_THREADS", value)
    assert semantic.encoder_threads() == threads


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5"])
def test_a_wrong_encoder_threads_is_said_in_the_log(monkeypatch, caplog, value):
    """The operator meant to limit each worker: a typo must not pass in silence."""
    monkeypatch.setenv("ENCODER_THREADS", value)
    with caplog.at_level("WARNING", logger="engine.semantic"):
        assert semantic.encoder_threads() is None
    assert "ENCODER_THREADS" in caplog.text and repr(value) in caplog.text


@pytest.mark.parametrize("value, expected", [("1", {1}), ("", None)])
def test_encoder_threads_also_bound_numpys_blas(value, expected):
    """Two busy web workers on two cores: BLAS threads of their own spun against each other."""
    probe = ("from engine.semantic import encoder; from threadpoolctl import threadpool_info; encoder(); "
             "print(sorted({p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas'}))")
    env = {**os.environ, "ENCODER_THREADS": value}
    env.pop("OPENBLAS_NUM_THREADS", None), env.pop("OMP_NUM_THREADS", None)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    threads = set(json.loads(out.stdout))
    if expected is None:
        assert threads and min(threads) == os.cpu_count()  # a build uses every core
    else:
        assert threads == expected
