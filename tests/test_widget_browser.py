"""The widget in a real browser (Debian chromium driven by Playwright), embedded by its one
script tag in a host page on another origin under a strict CSP, talking to the real server."""
import gzip
import http.server
import json
import re
import sqlite3
import threading

import pytest

from engine.web.site import widget_bundle

from .conftest import ROOT, LiveServer, make_app

pytestmark = pytest.mark.browser
playwright_sync = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"


def host_page(api: str, inline: bool = False) -> bytes:
    widget = '<tuvan-phapluat inline data-title="Hỏi đáp"></tuvan-phapluat>' if inline else ""
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng thông tin LĐLĐ tỉnh</title></head>
<body><h1>Cổng thông tin Liên đoàn Lao động tỉnh</h1><p>Nội dung cổng.</p>{widget}
<script src="{api}/widget/tuvan.js" data-title="Hỏi đáp pháp luật" data-hotline="1900 1234"
 data-zalo="0912345678" data-email="tuvan@ldld.vn" defer></script></body></html>""".encode()


class HostHandler(http.server.BaseHTTPRequestHandler):
    api = ""
    inline = False

    def do_GET(self):
        body = host_page(self.api, self.inline)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        # only the widget's own host is allowed: no inline script or style, no third party
        self.send_header("Content-Security-Policy",
                         f"default-src 'none'; script-src {self.api}; style-src {self.api}; connect-src {self.api}; img-src {self.api}")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def stack(real_model_dir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    host = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HostHandler)
    host_url = f"http://127.0.0.1:{host.server_port}"
    app = make_app(real_model_dir, tmp, ALLOWED_ORIGINS=host_url, COUNSELLOR_HOTLINE="1900 1234")
    api = LiveServer(app)
    api.start()
    HostHandler.api = api.url
    threading.Thread(target=host.serve_forever, daemon=True).start()
    yield {"api": api, "host": host_url, "app": app}
    host.shutdown()
    api.stop()


@pytest.fixture(scope="module")
def browser():
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def page(browser, stack):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    pg = context.new_page()
    pg.csp_errors = []
    pg.on("console", lambda m: "Content Security Policy" in m.text and pg.csp_errors.append(m.text))
    HostHandler.inline = False
    pg.goto(stack["host"])
    yield pg
    context.close()


def open_and_ask(page, question):
    page.locator("tuvan-phapluat .launcher").click()
    box = page.locator("tuvan-phapluat textarea")
    box.fill(question)
    box.press("Enter")
    return page.locator("tuvan-phapluat .msg.bot").last


def test_ask_shows_answer_card_with_citation(page):
    bot = open_and_ask(page, "nghỉ thai sản được mấy tháng")
    citation = bot.locator(".citation").first
    citation.wait_for()
    assert "Điều 139 Bộ luật Lao động 2019 (45/2019/QH14)" in citation.inner_text()
    assert bot.locator(".status.ok").first.inner_text() == "Đang có hiệu lực"
    assert bot.locator("mark").count() > 0
    # the curated short answer comes first, with the provisions it rests on
    assert "06 tháng" in bot.locator(".summary").inner_text()
    assert "Căn cứ: Khoản 1 Điều 139" in bot.locator(".summary .basis").inner_text()
    assert page.csp_errors == []
    # the portal's hostile CSS (none here) and ours stay apart: the launcher keeps our colours
    assert page.locator("tuvan-phapluat .launcher").evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(179, 20, 27)"


def test_feedback_is_sent(page, stack):
    with page.expect_response("**/api/ask") as asked:
        bot = open_and_ask(page, "tăng ca tối đa bao nhiêu giờ một năm")
    first_id = asked.value.json()["answers"][0]["id"]
    bot.locator(".card").first.wait_for()
    assert all(card.locator(".vote").count() == 2 for card in bot.locator(".card").all())
    bot.locator(".vote").first.click()  # "Có": helpful
    page.get_by_text("Cảm ơn bạn đã góp ý!").wait_for()
    db = sqlite3.connect(stack["app"].config["DATABASE_PATH"])
    assert db.execute("SELECT COUNT(*) FROM questions WHERE helpful = 1 AND feedback_answer = ?",
                      (first_id,)).fetchone()[0] == 1  # the vote names the card it was given on


def test_unaccented_question_is_answered(page):
    bot = open_and_ask(page, "nghi thai san duoc may thang")
    bot.locator(".citation").first.wait_for()
    assert "Điều 139" in bot.locator(".citation").first.inner_text()


def test_full_text_toggle(page):
    bot = open_and_ask(page, "điều 139 bộ luật lao động")
    more = bot.locator(".more").first
    more.click()
    full = bot.locator(".full").first
    full.get_by_text("Lao động nữ được nghỉ thai sản trước và sau khi sinh con", exact=False).first.wait_for()
    assert more.get_attribute("aria-expanded") == "true"
    more.click()
    assert full.is_hidden()


XSS = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>"


def test_markup_from_the_server_is_shown_as_text(page):
    fake = {"question_id": "q1", "question": "x", "as_of": "2026-11-22", "confidence": "low", "notice": XSS,
            "handoff": {"message": XSS, "hotline": "javascript:alert(1)"}, "curated": None,
            "answers": [{"id": "a", "doc": "45/2019/QH14", "doc_title": XSS, "article": 1, "article_label": "1",
                         "clause": None, "citation": XSS, "title": XSS, "text": XSS + " thai sản",
                         "highlights": ["thai sản", "<img"], "score": 0.1,
                         "status": {"code": "replaced", "label": XSS}, "notice": XSS}]}
    page.route("**/api/ask", lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(fake)))
    page.route("**/api/suggest*", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps({"suggestions": [XSS]})))
    bot = open_and_ask(page, "câu hỏi bất kỳ")
    bot.locator(".citation").wait_for()
    assert bot.locator(".citation").inner_text() == XSS
    assert page.evaluate("window.__xss") is None
    assert page.locator("tuvan-phapluat img").count() == 0 and page.locator("tuvan-phapluat script").count() == 0
    page.locator("tuvan-phapluat textarea").fill("câu")  # typing brings suggestions back
    assert page.locator("tuvan-phapluat .chip").first.inner_text() == XSS
    assert page.evaluate("window.__xss") is None


@pytest.mark.parametrize("status, expected", [
    (429, "đợi một lát"), (400, "Vui lòng nhập câu hỏi."), (503, "bảo trì"),
])
def test_error_answers_get_vietnamese_messages(page, status, expected):
    body = json.dumps({"error": "x", "message": "Vui lòng nhập câu hỏi."})
    page.route("**/api/ask", lambda route: route.fulfill(status=status, content_type="application/json", body=body))
    open_and_ask(page, "nghỉ phép")
    assert expected in page.locator("tuvan-phapluat .msg.error").last.inner_text()


def test_server_down_gives_vietnamese_error_with_retry(page):
    page.route("**/api/ask", lambda route: route.abort())
    open_and_ask(page, "nghỉ phép năm")
    error = page.locator("tuvan-phapluat .msg.error").last
    error.wait_for()
    assert "Không kết nối được máy chủ tư vấn" in error.inner_text()
    assert "kiểm tra kết nối mạng" not in error.inner_text()
    assert error.locator("a[href='tel:19001234']").inner_text() == "1900 1234"  # the portal's data-hotline
    page.unroute("**/api/ask")
    error.locator(".retry").click()
    page.locator("tuvan-phapluat .msg.bot .citation").first.wait_for()


def test_keyboard_only(page):
    page.keyboard.press("Tab")
    launcher = page.locator("tuvan-phapluat .launcher")
    assert launcher.evaluate("b => b.getRootNode().activeElement === b")
    page.keyboard.press("Enter")
    assert launcher.get_attribute("aria-expanded") == "true"
    assert page.locator("tuvan-phapluat textarea").evaluate("t => t.getRootNode().activeElement === t")
    page.keyboard.type("nghỉ thai sản được mấy tháng")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("cảm ơn")
    assert "\n" in page.locator("tuvan-phapluat textarea").input_value()
    page.keyboard.press("Enter")
    page.locator("tuvan-phapluat .msg.bot .citation").first.wait_for()
    assert page.locator("tuvan-phapluat [role=log]").count() == 1
    page.keyboard.press("Escape")
    assert page.locator("tuvan-phapluat .panel").is_hidden()
    assert launcher.evaluate("b => b.getRootNode().activeElement === b")


def test_typing_brings_suggestions_by_post_and_nothing_typed_in_a_url(page):
    requests = []
    page.on("request", lambda r: requests.append((r.method, r.url)))
    page.locator("tuvan-phapluat .launcher").click()
    page.locator("tuvan-phapluat textarea").press_sequentially("thai sản", delay=30)
    page.locator("tuvan-phapluat .chips .chip").first.wait_for()
    assert "thai sản" in page.locator("tuvan-phapluat .chips").inner_text().lower()
    suggest = [(m, u) for m, u in requests if "/api/suggest" in u]
    assert suggest and all(m == "POST" and u.endswith("/api/suggest") for m, u in suggest), suggest
    assert not [u for m, u in requests if "thai" in u or "th%C3%A1i" in u or "s%E1%BA%A3n" in u]


def test_suggestions_do_not_come_back_after_asking(page):
    bot = open_and_ask(page, "nghỉ phép năm")  # typed, then Enter before the suggestion timer fires
    bot.locator(".citation").first.wait_for()
    page.wait_for_timeout(800)
    assert page.locator("tuvan-phapluat .chip").count() == 0


def test_history_survives_reload_and_can_be_cleared(page):
    open_and_ask(page, "nghỉ phép năm").locator(".citation").first.wait_for()
    page.reload()
    page.locator("tuvan-phapluat .launcher").click()
    assert page.locator("tuvan-phapluat .msg.user").first.inner_text() == "nghỉ phép năm"
    page.locator("tuvan-phapluat .clear").click()
    assert page.locator("tuvan-phapluat .msg").count() == 0


def test_phone_screenshot_375_shows_the_second_answer_without_scrolling(browser, stack):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.goto(stack["host"])
    page.locator("tuvan-phapluat .launcher").click()
    box = page.locator("tuvan-phapluat textarea")
    assert box.evaluate("t => getComputedStyle(t).fontSize") == "16px"  # no zoom on focus
    box.fill("lam ca dem co duoc tra them tien khong")
    box.press("Enter")
    cards = page.locator("tuvan-phapluat .msg.bot .card")
    cards.first.wait_for()
    assert cards.count() == 3
    width = page.locator("tuvan-phapluat .panel").evaluate("p => p.getBoundingClientRect().width")
    assert width <= 375
    log = page.locator("tuvan-phapluat .log").bounding_box()
    second = cards.nth(1).locator(".citation").bounding_box()
    assert log["y"] <= second["y"] and second["y"] + second["height"] <= log["y"] + log["height"]
    page.screenshot(path=str(ARTIFACTS / "widget-375.png"))
    context.close()


DELEGATION = re.compile(r"^(\d+\.\s*)?Chính phủ quy định chi tiết( thi hành)? (khoản|điều) này\.?$", re.I)


def test_a_delegation_clause_is_never_quoted(page):
    bot = open_and_ask(page, "nghi phep nam")
    bot.locator(".card").first.wait_for()
    for card in bot.locator(".card").all():
        if card.locator(".more").count():
            card.locator(".more").click()
        quoted = [q.strip() for q in card.locator(".quote").all_inner_texts()]
        assert quoted and not [q for q in quoted if DELEGATION.match(q)], quoted


def test_one_card_per_article(page):
    bot = open_and_ask(page, "cty bắt thử việc 3 tháng có đúng k")
    bot.locator(".card").first.wait_for()
    articles = [re.search(r"Điều \d+\w* .*", c).group(0) for c in bot.locator(".citation").all_inner_texts()]
    assert len(articles) == len(set(articles)), articles


def test_full_text_page_of_a_provision(page):
    bot = open_and_ask(page, "nghỉ thai sản được mấy tháng")
    link = bot.locator(".card").first.locator(".link")
    assert "/dieu/45-2019-QH14/139" in link.get_attribute("href")
    with page.context.expect_page() as opened:
        link.click()
    full = opened.value
    full.wait_for_load_state()
    assert full.locator("h1").inner_text() == "Điều 139. Nghỉ thai sản"
    assert "Lao động nữ được nghỉ thai sản trước và sau khi sinh con" in full.locator("#khoan-1").inner_text()


def test_demo_page_embeds_the_widget_by_its_script_tag(browser, stack):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.goto(stack["api"].url + "/")
    page.locator("tuvan-phapluat .launcher").click()
    box = page.locator("tuvan-phapluat textarea")
    box.fill("đóng kinh phí công đoàn bao nhiêu")
    box.press("Enter")
    page.locator("tuvan-phapluat .msg.bot .citation").first.wait_for()
    context.close()


def test_inline_element_without_a_floating_launcher(browser, stack):
    HostHandler.inline = True
    try:
        context = browser.new_context(viewport={"width": 1000, "height": 900})
        page = context.new_page()
        page.goto(stack["host"])
        inline = page.locator("tuvan-phapluat[inline]")
        inline.locator("textarea").fill("đóng kinh phí công đoàn bao nhiêu")
        inline.locator(".send").click()
        inline.locator(".msg.bot .citation").first.wait_for()
        assert page.locator("tuvan-phapluat").count() == 1 and page.locator("tuvan-phapluat .launcher").count() == 0
        context.close()
    finally:
        HostHandler.inline = False


def test_widget_size_budget():
    js = widget_bundle()  # what /widget/tuvan.js serves
    css = (ROOT / "widget" / "tuvan.css").read_bytes()
    assert len(gzip.compress(js + css, 9)) <= 15 * 1024


CONTRAST_JS = """
(host) => {
  const root = host.shadowRoot;
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let n = el; n; n = n.parentElement || (n.getRootNode() && n.getRootNode().host)) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = {};
  for (const sel of [".launcher", ".title", ".clear", ".disclaimer", ".msg.user", ".citation", ".atitle",
                     ".status.warn", ".notice", ".quote", "mark", ".more", ".vote", ".handoff p", ".handoff a",
                     ".chip", "textarea", ".send", ".msg.error p", ".summary p", ".basis",
                     ".confidence", ".copy", ".link", ".feedback span"]) {
    const el = root.querySelector(sel);
    if (!el) { out[sel] = null; continue; }
    const fg = lum(rgb(getComputedStyle(el).color)), bg = lum(background(el));
    out[sel] = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
  }
  return out;
}
"""


def test_text_contrast_is_at_least_4_5(page):
    fake = {"question_id": "q1", "question": "x", "as_of": "2026-11-22", "confidence": "low",
            "notice": "Lưu ý: văn bản đã được thay thế.",
            "curated": {"id": "c", "answer": "Trả lời ngắn.", "provisions": ["Khoản 1 Điều 39"]},
            "handoff": {"message": "Vui lòng liên hệ tư vấn viên.", "hotline": "1900 1234"},
            "answers": [{"id": "a", "doc": "12/2022/NĐ-CP", "doc_title": "Nghị định", "article": 39, "article_label": "39",
                         "clause": "1", "citation": "Khoản 1 Điều 39 Nghị định 12/2022/NĐ-CP", "title": "Vi phạm",
                         "text": "Phạt tiền chậm đóng bảo hiểm xã hội.\na) Một điểm khác của khoản.",
                         "snippet": "Phạt tiền chậm đóng bảo hiểm xã hội.", "highlights": ["chậm đóng"], "score": 0.2,
                         "status": {"code": "replaced", "label": "Đã được thay thế"}, "notice": "Lưu ý"}]}
    page.route("**/api/ask", lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(fake)))
    page.route("**/api/suggest*", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps({"suggestions": ["Nghỉ phép năm"]})))
    open_and_ask(page, "phạt chậm đóng").locator(".citation").wait_for()
    page.unroute("**/api/ask")
    page.route("**/api/ask", lambda route: route.fulfill(status=503, content_type="application/json", body="{}"))
    box = page.locator("tuvan-phapluat textarea")
    box.fill("lỗi")
    box.press("Enter")
    page.locator("tuvan-phapluat .msg.error").wait_for()
    box.fill("nghỉ")  # typing brings suggestion chips back
    page.locator("tuvan-phapluat .chip").first.wait_for()
    ratios = page.locator("tuvan-phapluat").first.evaluate(CONTRAST_JS)
    assert all(v is not None for v in ratios.values()), ratios
    low = {k: round(v, 2) for k, v in ratios.items() if v < 4.5}
    assert not low, low
