"""What the widget's browser tests share: Debian's chromium, a portal page on its own origin under a
strict CSP, and a fake service that serves the real widget files and records every request."""
from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest

from engine.web.site import widget_bundle

CHROMIUM = "/usr/bin/chromium"
WIDGET_CSS = Path(__file__).resolve().parent.parent / "widget" / "tuvan.css"
CONTACTS = 'data-hotline="1900 1234" data-zalo="0912345678" data-email="tuvan@ldld.vn"'


@pytest.fixture(scope="module")
def browser():
    playwright_sync = pytest.importorskip("playwright.sync_api")
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


class Portal(http.server.ThreadingHTTPServer):
    """A portal page that embeds the widget by its script tag; CSP allows only the given hosts."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), PortalHandler)
        self.url = f"http://127.0.0.1:{self.server_port}"
        self.page = b""
        self.csp = ""
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def embed(self, widget_host: str, element: str = "", script_attrs: str = CONTACTS, connect: tuple = ()):
        hosts = " ".join((widget_host, *connect))
        self.csp = (f"default-src 'none'; script-src {widget_host}; style-src {widget_host}; "
                    f"connect-src {hosts}; img-src {widget_host}")
        self.page = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Cổng LĐLĐ tỉnh</title></head>
<body><h1>Cổng thông tin Liên đoàn Lao động tỉnh</h1><p><a href="#tin">Tin tức</a></p>{element}
<script src="{widget_host}/widget/tuvan.js" data-title="Hỏi đáp pháp luật" {script_attrs} defer></script>
</body></html>""".encode()


class PortalHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Security-Policy", self.server.csp)
        self.end_headers()
        self.wfile.write(self.server.page)

    def log_message(self, *args):
        pass


class FakeService(http.server.ThreadingHTTPServer):
    """Serves the real widget and answers /api/* from `replies` (path → body or function of the
    request body); `gate`, when set, holds /api/ask until the test releases it. Every request is
    kept in `seen` as (method, path, parsed body)."""

    def __init__(self, cors: bool = True):
        super().__init__(("127.0.0.1", 0), FakeHandler)
        self.url = f"http://127.0.0.1:{self.server_port}"
        self.cors = cors
        self.replies: dict = {"/api/suggest": {"suggestions": []}, "/api/feedback": {"ok": True, "stored": True}}
        self.seen: list = []
        self.gate: threading.Event | None = None
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def posts(self, path: str) -> list:
        return [body for method, seen, body in self.seen if method == "POST" and seen == path]

    def asked(self) -> list:
        return self.posts("/api/ask")


class FakeHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _send(self, status: int, body: bytes, kind: str):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST")
            self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.end_headers()
        self.wfile.write(body)

    def do_OPTIONS(self):
        self.server.seen.append(("OPTIONS", self.path, None))
        self._send(204, b"", "text/plain")

    def do_GET(self):
        self.server.seen.append(("GET", self.path, None))
        if self.path.startswith("/widget/tuvan.js"):
            return self._send(200, widget_bundle(), "text/javascript; charset=utf-8")
        if self.path.startswith("/widget/tuvan.css"):
            return self._send(200, WIDGET_CSS.read_bytes(), "text/css; charset=utf-8")
        self._send(404, b'{"error": "not_found"}', "application/json")

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.loads(raw or b"null")
        self.server.seen.append(("POST", self.path, body))
        if self.path == "/api/ask" and self.server.gate is not None:
            self.server.gate.wait(30)
        reply = self.server.replies.get(self.path)
        if reply is None:
            return self._send(404, b'{"error": "not_found"}', "application/json")
        reply = reply(body) if callable(reply) else reply
        self._send(200, json.dumps(reply, ensure_ascii=False).encode(), "application/json")

    def log_message(self, *args):
        pass


def answer(n: int, article: int | None = None, clause: str = "1", text: str | None = None, **extra) -> dict:
    """One answer as POST /api/ask returns it, for article `article` (default 100 + n)."""
    article = article if article is not None else 100 + n
    citation = f"Khoản {clause} Điều {article} Bộ luật Lao động 2019 (45/2019/QH14)"
    body = text or (f"{clause}. Người lao động được trả lương đúng hạn theo quy định tại điều {article}.\n"
                    "a) Một điểm dài của khoản, với nhiều chữ để chiếm chỗ trên màn hình điện thoại, "
                    "như các điều luật thật thường có.\nb) Một điểm khác.")
    item = {"id": f"45/2019/QH14/d{article}", "doc": "45/2019/QH14", "doc_title": "Bộ luật Lao động 2019",
            "article": article, "article_label": str(article), "clause": clause, "citation": citation,
            "title": f"Tên điều {article}", "text": body, "highlights": ["trả lương"], "score": 0.5 - n / 100,
            "status": {"code": "in_force", "label": "Đang có hiệu lực", "replaced_by": None, "replaced_on": None,
                       "amendments_missing": []},
            "notice": "", "successors": [], "url": f"/dieu/45-2019-QH14/{article}"}
    item.update(extra)
    return item


def reply(answers: list, confidence: str = "high", **extra) -> dict:
    body = {"question": "câu hỏi", "as_of": "2026-12-01", "question_id": "q" + "0" * 31,
            "confidence": confidence, "notice": "", "handoff": None, "curated": None, "calculator": None,
            "answers": answers}
    body.update(extra)
    return body
