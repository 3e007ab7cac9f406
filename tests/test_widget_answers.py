"""The widget's behaviour in a real browser against a fake service that records every request:
what a reply shows, waiting and failing, keyboard, privacy of what is typed. The real engine's
answers are covered in test_widget_browser.py."""
import json
import re
import threading
import time

import pytest

from .widget_pages import FakeService, Portal, answer, browser, reply  # noqa: F401  (browser: fixture)

pytestmark = pytest.mark.browser
W = "tuvan-phapluat"


def wait_until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


@pytest.fixture
def service():
    s = FakeService()
    yield s
    if s.gate:
        s.gate.set()
    s.shutdown()


@pytest.fixture
def portal(service):
    p = Portal()
    p.embed(service.url)
    yield p
    p.shutdown()


def open_page(browser, portal, width=1200, height=900, **options):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN", **options)
    page = context.new_page()
    page.goto(portal.url)
    return page


@pytest.fixture
def page(browser, portal):
    pg = open_page(browser, portal)
    yield pg
    pg.context.close()


@pytest.fixture
def phone(browser, portal):
    pg = open_page(browser, portal, 375, 740, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield pg
    pg.context.close()


def ask(page, question, open_panel=True):
    if open_panel and page.locator(f"{W} .panel").is_hidden():
        page.locator(f"{W} .launcher").click()
    before = page.locator(f"{W} .msg.bot").count()
    box = page.locator(f"{W} textarea")
    box.fill(question)
    box.press("Enter")
    return page.locator(f"{W} .msg.bot").nth(before)  # this question's reply, when it comes


def test_confidence_in_words_with_its_meaning_on_every_reply(page, service):
    shown = []
    for level, extra in [("high", {"confidence_label": "cao", "confidence_note": "Khớp rõ với câu hỏi."}),
                         ("medium", {}), ("low", {})]:
        service.replies["/api/ask"] = reply([answer(1)], level, **extra)
        bot = ask(page, f"câu hỏi {level}")
        bot.locator(".confidence").wait_for()
        shown.append(bot.locator(".confidence").inner_text())
    assert shown[0] == "Độ tin cậy: cao — Khớp rõ với câu hỏi."  # the server's own words when it sends them
    assert shown[1].startswith("Độ tin cậy: trung bình — ") and len(shown[1]) > 30
    assert shown[2].startswith("Độ tin cậy: thấp — ")
    assert len(set(shown)) == 3


def test_one_card_per_article_with_its_other_clauses_a_tap_away(page, service):
    # a server that still sends one answer per clause: the widget shows one card per article
    service.replies["/api/ask"] = reply([answer(1, 25, "1"), answer(2, 25, "2"), answer(3, 26), answer(4, 25, "3")])
    bot = ask(page, "thử việc 3 tháng")
    bot.locator(".card").first.wait_for()
    assert bot.locator(".card").count() == 2
    first = bot.locator(".card").first
    assert first.locator(".full").is_hidden()
    first.locator(".more").click()
    assert first.locator(".more").get_attribute("aria-expanded") == "true"
    others = first.locator(".full .other").all_inner_texts()
    assert others == ["Khoản 2 Điều 25 Bộ luật Lao động 2019 (45/2019/QH14)",
                      "Khoản 3 Điều 25 Bộ luật Lao động 2019 (45/2019/QH14)"]


def test_snippet_first_and_the_whole_clause_on_a_tap(page, service):
    long_clause = answer(1, text="1. Mở đầu của khoản.\na) " + "Nội dung điểm a rất dài. " * 20 +
                  "\nb) Người lao động được trả lương làm thêm giờ.")
    service.replies["/api/ask"] = reply([long_clause, answer(2, snippet="Đoạn trích do máy chủ chọn.")])
    bot = ask(page, "trả lương làm thêm")
    cards = bot.locator(".card")
    cards.first.wait_for()
    # no server snippet: the point with the question's terms, not the whole clause
    assert cards.first.locator(".quote").first.inner_text() == "b) Người lao động được trả lương làm thêm giờ."
    assert cards.nth(1).locator(".quote").first.inner_text() == "Đoạn trích do máy chủ chọn."
    cards.first.locator(".more").click()
    assert "Nội dung điểm a rất dài." in cards.first.locator(".full").inner_text()


def test_a_notice_is_said_once_on_the_provisions_it_concerns(page, service):
    amended = "Lưu ý: Điều 53 đã được sửa đổi bởi Luật 113/2025/QH15."
    service.replies["/api/ask"] = reply(
        [answer(1, notice=amended), answer(2, notice="Khoản này chỉ áp dụng cho lao động nữ."), answer(3)],
        notice=amended)
    bot = ask(page, "lương")
    bot.locator(".card").first.wait_for()
    notices = bot.locator(".notice").all_inner_texts()
    assert notices.count(amended) == 1
    assert bot.locator(".card").nth(1).locator(".notice").inner_text() == "Khoản này chỉ áp dụng cho lao động nữ."
    assert bot.locator(".card").nth(2).locator(".notice").count() == 0


def test_feedback_on_every_answer(page, service):
    service.replies["/api/ask"] = reply([answer(1), answer(2), answer(3)])
    bot = ask(page, "lương")
    bot.locator(".card").first.wait_for()
    assert [c.locator(".vote").count() for c in bot.locator(".card").all()] == [2, 2, 2]
    bot.locator(".card").nth(1).get_by_role("button", name="Không").click()
    bot.locator(".card").nth(1).get_by_text("Cảm ơn bạn đã góp ý!").wait_for()
    sent = service.posts("/api/feedback")
    assert sent == [{"question_id": "q" + "0" * 31, "answer_id": "45/2019/QH14/d102", "helpful": False}]


@pytest.mark.parametrize("case", ["low", "replaced"])
def test_hand_off_comes_before_the_cards_when_it_matters(page, service, case):
    if case == "low":
        service.replies["/api/ask"] = reply([answer(1), answer(2)], "low",
                                            handoff={"message": "Vui lòng liên hệ tư vấn viên.", "hours": "8h–17h"})
    else:  # a server without the hand-off rule: the widget still offers it for a replaced text
        old = answer(1, status={"code": "replaced", "label": "Đã được thay thế", "amendments_missing": []})
        service.replies["/api/ask"] = reply([old, answer(2)], "high")
    bot = ask(page, "bị đuổi việc")
    bot.locator(".card").first.wait_for()
    order = bot.evaluate("b => [...b.children].map(n => n.className)")
    assert order.index("handoff") < order.index("card")
    assert bot.locator(".handoff a[href='tel:19001234']").inner_text() == "1900 1234"  # the portal's data-hotline
    assert bot.locator(".card").count() == 2


def test_no_hand_off_for_a_sure_answer_in_force(page, service):
    service.replies["/api/ask"] = reply([answer(1)], "high")
    bot = ask(page, "lương")
    bot.locator(".card").first.wait_for()
    assert bot.locator(".handoff").count() == 0


TAB_STOPS_IN_PANEL = """(host) => {
  const root = host.shadowRoot, active = root.activeElement;
  return document.activeElement === host && !!active && root.querySelector('.panel').contains(active);
}"""


def test_focus_stays_in_the_phone_panel_and_returns_on_close(phone, service):
    service.replies["/api/ask"] = reply([answer(1), answer(2), answer(3)])
    ask(phone, "lương").locator(".card").first.wait_for()
    host = phone.locator(W)
    assert phone.locator(f"{W} .panel").get_attribute("aria-modal") == "true"
    visited = set()
    for _ in range(25):
        phone.keyboard.press("Tab")
        assert host.evaluate(TAB_STOPS_IN_PANEL)
        visited.add(host.evaluate("h => [...h.shadowRoot.querySelectorAll('*')].indexOf(h.shadowRoot.activeElement)"))
    for _ in range(5):
        phone.keyboard.press("Shift+Tab")
        assert host.evaluate(TAB_STOPS_IN_PANEL)
    assert len(visited) >= 15  # it went round the panel's controls (3 cards of 5), it did not stick on one
    phone.keyboard.press("Escape")
    assert phone.locator(f"{W} .panel").is_hidden()
    assert phone.locator(f"{W} .launcher").evaluate("b => b.getRootNode().activeElement === b")


def test_a_question_sent_twice_while_pending_reaches_the_server_once(page, service):
    service.gate = threading.Event()
    service.replies["/api/ask"] = reply([answer(1)])
    ask(page, "công ty nợ lương 2 tháng")
    page.locator(f"{W} .pending").wait_for()
    send = page.locator(f"{W} .send")
    assert send.get_attribute("aria-disabled") == "true"
    ask(page, "công ty nợ lương 2 tháng")  # Enter again
    page.locator(f"{W} textarea").fill("công ty nợ lương 2 tháng")
    send.click(force=True)                 # and the button (a click on an aria-disabled button still happens)
    assert "đợi câu trả lời" in page.locator(f"{W} .hint").inner_text()
    page.wait_for_timeout(300)  # give a duplicate every chance to leave before the reply
    service.gate.set()
    page.locator(f"{W} .msg.bot .card").first.wait_for()
    assert len(service.asked()) == 1
    assert page.locator(f"{W} .pending").count() == 0 and send.get_attribute("aria-disabled") == "false"


def test_one_try_then_a_timeout_message_and_a_retry_under_the_same_id(page, service):
    page.clock.install()
    page.reload()
    service.gate = threading.Event()
    service.replies["/api/ask"] = reply([answer(1)])
    ask(page, "nghỉ phép năm")
    page.locator(f"{W} .pending").wait_for()
    wait_until(lambda: service.asked())  # the question has reached the server, which holds it
    page.clock.run_for(3000)
    assert "3 giây" in page.locator(f"{W} .pending").inner_text()  # progress the worker can see
    page.clock.run_for(13000)
    error = page.locator(f"{W} .msg.error")
    error.wait_for()
    assert "chưa trả lời sau 15 giây" in error.inner_text()
    assert error.locator("a[href='tel:19001234']").count() == 1
    service.gate.set()
    page.clock.run_for(60000)  # no second try on its own
    assert len(service.asked()) == 1
    error.locator(".retry").click()
    page.locator(f"{W} .msg.bot .card").first.wait_for()
    first, second = service.asked()
    assert first == second and re.fullmatch(r"[0-9a-f]{32}", first["request_id"])
    assert page.locator(f"{W} .msg.user").count() == 1 and page.locator(f"{W} .msg.error").count() == 0


def test_unreachable_service_is_not_blamed_on_the_network_and_offers_the_portal_contacts(browser, service):
    portal = Portal()
    portal.embed(service.url, element=f'<tuvan-phapluat data-api="http://127.0.0.1:9"></tuvan-phapluat>',
                 connect=("http://127.0.0.1:9",))
    try:
        page = open_page(browser, portal)
        ask(page, "nghỉ phép năm")
        error = page.locator(f"{W} .msg.error")
        error.wait_for()
        assert "Không kết nối được máy chủ tư vấn" in error.inner_text()
        assert "kiểm tra kết nối mạng" not in error.inner_text()
        links = error.locator(".handoff a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        assert links == ["tel:19001234", "https://zalo.me/0912345678", "mailto:tuvan@ldld.vn"]
        page.context.close()
    finally:
        portal.shutdown()


def test_a_portal_refused_by_cors_gets_the_contacts_too(browser):
    refusing = FakeService(cors=False)
    portal = Portal()
    portal.embed(refusing.url)
    try:
        page = open_page(browser, portal)
        ask(page, "nghỉ phép năm")
        error = page.locator(f"{W} .msg.error")
        error.wait_for()
        assert "Không kết nối được máy chủ tư vấn" in error.inner_text()
        assert error.locator("a[href='tel:19001234']").count() == 1
        page.context.close()
    finally:
        portal.shutdown()
        refusing.shutdown()


def test_no_network_is_told_apart(page, service):
    page.locator(f"{W} .launcher").click()
    page.context.set_offline(True)
    ask(page, "nghỉ phép năm")
    error = page.locator(f"{W} .msg.error")
    error.wait_for()
    assert "không có mạng" in error.inner_text()
    assert error.locator("a[href='tel:19001234']").count() == 1


def test_nothing_typed_travels_in_a_url(page, service):
    urls = []
    page.on("request", lambda r: urls.append(r.url))
    service.replies["/api/suggest"] = {"suggestions": ["Công ty chậm trả lương thì người lao động được gì?"]}
    service.replies["/api/ask"] = reply([answer(1)])
    page.locator(f"{W} .launcher").click()
    box = page.locator(f"{W} textarea")
    box.press_sequentially("tôi tên Lan, sđt 0912345678, công ty nợ lương", delay=40)
    page.locator(f"{W} .chips .chip").first.wait_for()  # suggestions came, by POST
    box.press("Enter")
    page.locator(f"{W} .msg.bot .card").first.wait_for()
    assert service.posts("/api/suggest") and not [p for m, p, b in service.seen if m == "GET" and "/api/" in p]
    typed = ["0912345678", "Lan", "nợ", "n%E1%BB%A3", "l%C6%B0%C6%A1ng", "lương", "sđt", "s%C4%91t"]
    assert not [u for u in urls for t in typed if t in u], urls


def test_suggestions_wait_for_three_characters_and_stop_for_a_long_story(page, service):
    page.locator(f"{W} .launcher").click()
    box = page.locator(f"{W} textarea")
    box.press_sequentially("ng", delay=20)
    page.wait_for_timeout(600)
    assert not service.posts("/api/suggest")
    box.press_sequentially("h", delay=20)
    page.wait_for_timeout(600)
    assert [b["q"] for b in service.posts("/api/suggest")] == ["ngh"]
    box.fill("tôi làm ở công ty may được 5 năm, tháng trước bị cho nghỉ vì đau ốm kéo dài, giờ công ty không trả sổ")
    page.wait_for_timeout(600)
    assert len(service.posts("/api/suggest")) == 1


def test_first_view_greets_and_offers_topics_workers_ask_most(phone):
    phone.locator(f"{W} .launcher").click()
    greeting = phone.locator(f"{W} .greeting")
    assert greeting.locator("p").inner_text().startswith("Xin chào!")
    chips = greeting.locator(".chip")
    assert chips.count() == 7
    text = " ".join(chips.all_inner_texts()).lower()
    for topic in ["lương", "đuổi việc", "thai sản", "tăng ca", "nghỉ phép", "bảo hiểm", "tai nạn"]:
        assert topic in text
    log = phone.locator(f"{W} .log").bounding_box()
    for chip in chips.all():  # every chip is on the first screen
        box = chip.bounding_box()
        assert box["y"] >= log["y"] and box["y"] + box["height"] <= log["y"] + log["height"]


def test_after_a_reload_the_latest_answer_is_in_view(phone, service):
    for i in range(3):
        service.replies["/api/ask"] = reply([answer(3 * i + 1), answer(3 * i + 2), answer(3 * i + 3)])
        ask(phone, f"câu hỏi số {i}").locator(".card").first.wait_for()
    phone.reload()
    phone.locator(f"{W} .launcher").click()
    latest = phone.locator(f"{W} .msg.bot").last.locator(".citation").first
    assert latest.inner_text().startswith("Khoản 1 Điều 107")
    log = phone.locator(f"{W} .log").bounding_box()
    box = latest.bounding_box()
    assert log["y"] <= box["y"] and box["y"] + box["height"] <= log["y"] + log["height"]


def test_copy_puts_citation_text_and_link_on_the_clipboard(browser, portal, service):
    page = open_page(browser, portal, permissions=["clipboard-read", "clipboard-write"])
    service.replies["/api/ask"] = reply([answer(1, 139)])
    card = ask(page, "thai sản").locator(".card").first
    card.locator(".copy").click()
    card.get_by_text("Đã sao chép").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.splitlines()[0] == "Khoản 1 Điều 139 Bộ luật Lao động 2019 (45/2019/QH14)"
    assert "Người lao động được trả lương đúng hạn" in copied
    assert copied.endswith(f"Nguồn: {service.url}/dieu/45-2019-QH14/139#khoan-1")
    assert card.locator(".link").get_attribute("href") == f"{service.url}/dieu/45-2019-QH14/139#khoan-1"
    page.context.close()


def test_an_element_own_data_api_and_history_are_its_own(browser, service):
    other = FakeService()
    other.replies["/api/ask"] = reply([answer(1, 77)])
    portal = Portal()
    portal.embed(service.url, connect=(other.url,),
                 element=f'<tuvan-phapluat id="a" inline data-api="{other.url}"></tuvan-phapluat>'
                         '<tuvan-phapluat id="b" inline></tuvan-phapluat>')
    try:
        page = open_page(browser, portal)
        first = page.locator("#a")
        first.locator("textarea").fill("câu hỏi")
        first.locator(".send").click()
        first.locator(".card").wait_for()
        assert len(other.asked()) == 1 and service.asked() == []
        page.reload()
        assert page.locator("#a .msg.user").inner_text() == "câu hỏi"
        assert page.locator("#b .msg").count() == 0 and page.locator("#b .greeting").count() == 1
        page.context.close()
    finally:
        portal.shutdown()
        other.shutdown()


def test_an_element_taken_off_the_page_leaves_no_timer_behind(page, service):
    page.clock.install()
    page.reload()
    page.locator(f"{W} .launcher").click()
    page.locator(f"{W} textarea").press_sequentially("nghỉ phép", delay=10)
    page.evaluate("document.querySelector('tuvan-phapluat').remove()")
    page.clock.run_for(2000)  # the pending suggestion timer would have fired by now
    assert not service.posts("/api/suggest")


def test_server_markup_stays_text(page, service):
    xss = "<img src=x onerror=\"window.__xss=1\">"
    service.replies["/api/ask"] = reply([answer(1, citation=xss, snippet=xss, notice=xss)],
                                        "low", handoff={"message": xss, "hotline": "javascript:alert(1)"},
                                        confidence_note=xss, calculator={"name": "x", "title": xss, "fields": []})
    bot = ask(page, "x")
    bot.locator(".card").wait_for()
    assert bot.locator(".citation").inner_text() == xss
    assert page.evaluate("window.__xss") is None and page.locator(f"{W} img").count() == 0
    assert json.dumps(xss)[1:-1] in json.dumps(bot.inner_text())
