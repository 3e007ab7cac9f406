"""A real PostgreSQL and a real Redis, started by the test suite itself on loopback, on free ports.

Debian's `postgresql` and `redis-server` packages provide them (`make test` and .ci/run install them).
PostgreSQL refuses to run as root: when the suite runs as root, the cluster lives in a temporary
directory owned by the `postgres` user and its programs run through `runuser -u postgres`.
Missing binaries are a failure, never a skip: nothing is skipped in CI.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import redis

MISSING = "Chưa cài {what} (gói Debian {package}): hãy chạy `make test`, lệnh này tự cài khi chạy bằng root."
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout: float, what: str):
    """Poll `condition` (a function returning a true value when done) until it holds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = condition()
            if result:
                return result
        except Exception as err:  # not up yet
            last = err
        else:
            last = None
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not ready after {timeout} s: {last!r}")
        time.sleep(0.05)


def postgres_bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        pytest.fail(MISSING.format(what="PostgreSQL", package="postgresql"), pytrace=False)
    return found[-1].parent


class PostgresServer:
    def __init__(self):
        self.bindir = postgres_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="tuvan-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bindir / program), *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=START_TIMEOUT)

    def start(self) -> "PostgresServer":
        self._run("initdb", "-D", str(self.data), "-U", "tuvan", "--auth=trust", "-E", "UTF8", "--no-sync")
        options = (f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off -c full_page_writes=off "
                   "-c synchronous_commit=off -c shared_buffers=16MB -c max_connections=60")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options, "-w", "start")
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://tuvan@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


class RedisServer:
    def __init__(self):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            pytest.fail(MISSING.format(what="Redis", package="redis-server"), pytrace=False)
        self.root = Path(tempfile.mkdtemp(prefix="tuvan-redis-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.port)

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: self.client().ping(), START_TIMEOUT, "redis-server")
        return self

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(10)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty database on the suite's PostgreSQL."""
    return postgres_server.create_database()


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server):
    redis_server.client().flushall()
    return redis_server.url
