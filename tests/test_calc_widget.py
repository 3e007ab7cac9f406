"""The calculator form under a money answer, in a real browser (Debian chromium via Playwright),
the widget embedded by its script tag on another origin under a strict CSP."""
import http.server
import threading

import pytest

from .calc_support import calc_model_dir  # noqa: F401  (fixture)
from .conftest import LiveServer, make_app

pytestmark = pytest.mark.browser
playwright_sync = pytest.importorskip("playwright.sync_api")


class Host(http.server.BaseHTTPRequestHandler):
    api = ""

    def do_GET(self):
        body = (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng</title></head><body>'
                f'<script src="{self.api}/widget/tuvan.js" defer></script></body></html>').encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Security-Policy", f"default-src 'none'; script-src {self.api}; "
                         f"style-src {self.api}; connect-src {self.api}; img-src {self.api}")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def page(calc_model_dir, tmp_path_factory):
    host = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Host)
    origin = f"http://127.0.0.1:{host.server_port}"
    api = LiveServer(make_app(calc_model_dir, tmp_path_factory.mktemp("calc-browser"), ALLOWED_ORIGINS=origin))
    api.start()
    Host.api = api.url
    threading.Thread(target=host.serve_forever, daemon=True).start()
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        pg = browser.new_context(locale="vi-VN").new_page()
        pg.goto(origin)
        pg.locator("tuvan-phapluat .launcher").click()
        yield pg
        browser.close()
    host.shutdown()
    api.stop()


def ask(page, question):
    box = page.locator("tuvan-phapluat textarea")
    box.fill(question)
    box.press("Enter")
    return page.locator("tuvan-phapluat .msg.bot").last


def test_money_answer_offers_its_calculator_and_shows_the_steps(page):
    reply = ask(page, "phep nam duoc may ngay")
    reply.get_by_role("button", name="Mở công cụ: Tính số ngày nghỉ hằng năm").click()
    form = reply.locator("form.calc-form")
    form.get_by_label("Thời gian làm việc cho người sử dụng lao động (tháng)").fill("60")
    form.get_by_label("Điều kiện công việc").select_option(label="Nặng nhọc, độc hại, nguy hiểm")
    form.get_by_role("button", name="Tính").click()
    result = form.locator(".calc-result")
    result.wait_for()
    assert result.locator("strong").inner_text() == "Kết quả: 15 ngày"       # 14 + 1 for 5 full years
    assert result.locator("ol li").count() == 3
    assert "Điều 113 (45/2019/QH14)" in result.locator(".basis").inner_text()


def test_refused_input_shows_the_servers_vietnamese_message(page):
    reply = ask(page, "tro cap that nghiep duoc bao nhieu")
    reply.get_by_role("button", name="Mở công cụ: Tính trợ cấp thất nghiệp").click()
    form = reply.locator("form.calc-form")
    form.get_by_label("Số tháng đã đóng bảo hiểm thất nghiệp (chưa hưởng) (tháng)").fill("50")
    form.get_by_label("Bình quân tiền lương tháng đóng bảo hiểm thất nghiệp của 06 tháng gần nhất (đồng/tháng)").fill("10000000")
    form.get_by_label("Tháng cuối cùng đóng bảo hiểm thất nghiệp (YYYY-MM)").fill("2099-01")
    form.get_by_role("button", name="Tính").click()
    form.locator("[aria-live]").filter(has_text="không được sau ngày áp dụng").wait_for()
