"""The production shape end to end: two gunicorn instances (2 workers each) sharing one PostgreSQL and
one Redis, serving two portals; and what a multi-worker server does with per-process counters."""
import hashlib
import json
import os
import subprocess
import sys
import textwrap
import urllib.error
import urllib.request

import pytest
import sqlalchemy as sa

from engine.web.store import database_url

from .conftest import ROOT, make_app
from .servers import free_port, wait_until

A, B = "https://ldld.laichau.gov.vn", "https://ldld.dienbien.gov.vn"
A_TOKEN, B_TOKEN, CONFEDERATION = "token-cua-lai-chau-0001", "token-cua-dien-bien-0002", "token-tong-lien-doan-0003"
LOW = "chủ nhà trọ tăng giá phòng xyz"  # the mini corpus cannot answer it: low confidence, hand-off
PORTALS = f"""
    [[portal]]
    id = "laichau"
    name = "LĐLĐ tỉnh Lai Châu"
    origins = ["{A}"]
    admin_token = "{A_TOKEN}"
    [portal.counsellor]
    hotline = "0213 3876 543"

    [[portal]]
    id = "dienbien"
    name = "LĐLĐ tỉnh Điện Biên"
    origins = ["{B}"]
    admin_token = "sha256:{hashlib.sha256(B_TOKEN.encode()).hexdigest()}"
    [portal.counsellor]
    hotline = "0215 3825 111"
"""


def call(base, path, body=None, origin=None, client_ip="10.0.0.1", token=None):
    headers = {"X-Forwarded-For": client_ip}
    if origin:
        headers["Origin"] = origin
    if body is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, headers=headers, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers, json.loads(r.read())
    except urllib.error.HTTPError as err:
        return err.code, err.headers, json.loads(err.read() or b"{}")


class Gunicorn:
    def __init__(self, env: dict, workers: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{self.port}",
             "--log-level", "warning", "engine.web:create_app()"],
            cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait_ready(self):
        def ready():
            assert self.process.poll() is None, self.process.stderr.read().decode()[-2000:]
            return call(self.url, "/readyz")[0] == 200
        wait_until(ready, 60, f"gunicorn on {self.url}")
        return self

    def stop(self):
        self.process.terminate()
        self.process.wait(30)


@pytest.fixture
def servers(request):
    started = []

    def start(env, workers=2):
        server = Gunicorn(env, workers)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def base_env(tmp_path, model_dir):
    return {"MODEL_PATH": str(model_dir), "DATABASE_PATH": str(tmp_path / "q.sqlite3"), "DATABASE_URL": "",
            "TRUSTED_PROXIES": "1", "RATE_LIMIT": "10/minute", "RELOAD_INTERVAL": "2", "PORTALS_FILE": "",
            "COUNSELLOR_HOTLINE": "1900 1234", "ADMIN_TOKEN": CONFEDERATION, "RATE_LIMIT_STORAGE": "memory://"}


def test_two_instances_share_postgresql_redis_and_portals(tmp_path, mini_model_dir, postgres_url, redis_url, servers):
    portals = tmp_path / "portals.toml"
    portals.write_text(textwrap.dedent(PORTALS), encoding="utf-8")
    env = {**base_env(tmp_path, mini_model_dir), "DATABASE_URL": postgres_url, "RATE_LIMIT_STORAGE": redis_url,
           "PORTALS_FILE": str(portals)}
    one, two = servers(env), servers(env)
    one.wait_ready(), two.wait_ready()

    # questions from visitors of each portal, spread over both instances
    sent = [("nghỉ phép năm", A), ("kinh phí công đoàn", A), ("nghỉ hằng năm", B), ("đóng bảo hiểm", B), (LOW, B)]
    for n, (question, origin) in enumerate(sent):
        status, _, body = call((one, two)[n % 2].url, "/api/ask", {"question": question}, origin, f"10.0.1.{n}")
        assert status == 200
    assert body["confidence"] == "low" and body["handoff"]["hotline"] == "0215 3825 111"  # B's hotline

    assert call(one.url, "/admin/report.json", token=A_TOKEN)[2]["questions"] == 2
    assert call(two.url, "/admin/report.json", token=B_TOKEN)[2]["questions"] == 3
    confederation = call(two.url, "/admin/report.json", token=CONFEDERATION)[2]
    assert confederation["questions"] == 5 and confederation["by_portal"] == {"dienbien": 3, "laichau": 2}
    assert call(one.url, "/admin/report.json?portal=dienbien", token=A_TOKEN)[0] == 403

    engine = sa.create_engine(database_url(postgres_url))
    with engine.connect() as conn:
        stored = dict(conn.execute(sa.text("SELECT portal, COUNT(*) FROM questions GROUP BY portal")).all())
    engine.dispose()
    assert stored == {"laichau": 2, "dienbien": 3}

    # one address, alternating between the instances: the limit holds across both
    codes = [call((one, two)[n % 2].url, "/api/ask", {"question": "nghỉ phép"}, client_ip="10.9.9.9")[0]
             for n in range(24)]
    assert set(codes) <= {200, 429} and codes.count(200) <= 10 and codes.count(429) >= 12, codes


def test_per_process_counters_are_divided_among_workers(tmp_path, mini_model_dir, servers):
    server = servers(base_env(tmp_path, mini_model_dir)).wait_ready()
    replies = [call(server.url, "/api/ask", {"question": "nghỉ phép"}, client_ip="10.8.8.8") for _ in range(24)]
    # each of the 2 workers allows 10 / 2, so the address never gets more than 10 a minute in all
    assert {headers["X-RateLimit-Limit"] for status, headers, _ in replies if status == 200} == {"5"}
    assert sum(status == 200 for status, _, _ in replies) <= 10


def test_redis_down_answers_are_still_served(mini_model_dir, tmp_path):
    client = make_app(mini_model_dir, tmp_path, RATE_LIMIT="3/minute",
                      RATE_LIMIT_STORAGE=f"redis://127.0.0.1:{free_port()}/0").test_client()
    codes = [client.post("/api/ask", json={"question": "nghỉ phép"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]  # counted in memory meanwhile, never a 500


def test_redis_counts_for_every_app_sharing_it(mini_model_dir, tmp_path, redis_url, redis_server):
    client = make_app(mini_model_dir, tmp_path, RATE_LIMIT="3/minute", RATE_LIMIT_STORAGE=redis_url).test_client()
    codes = [client.post("/api/ask", json={"question": "nghỉ phép"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert redis_server.client().keys("LIMITS:*")  # the counter lives in Redis, not in this process


def test_a_multi_process_server_of_unknown_size_refuses_per_process_counters(client):
    r = client.post("/api/ask", json={"question": "nghỉ phép"}, environ_overrides={"wsgi.multiprocess": True})
    assert r.status_code == 503 and r.get_json()["error"] == "rate_limit_misconfigured"
