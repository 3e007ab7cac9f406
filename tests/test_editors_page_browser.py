"""The editors' page on a 375 px phone (Debian chromium driven by Playwright): nothing wider
than the screen but the tables, which scroll inside their own box."""
import pytest

from .conftest import ROOT, LiveServer
from .test_admin import AUTH, ROWS, seed

pytestmark = pytest.mark.browser
playwright_sync = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason="chromium not installed")
def test_editors_page_fits_a_375px_phone(app):
    seed(app, ROWS)
    server = LiveServer(app)
    server.start()
    try:
        with playwright_sync.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context(viewport={"width": 375, "height": 812}, locale="vi-VN",
                                          http_credentials={"username": "bientap", "password": "bi-mat-bien-tap"})
            page = context.new_page()
            page.goto(f"{server.url}/admin/?from=2026-03-01&to=2026-03-31")
            assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")  # admin.css
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            for table in page.locator("table").all():
                box = table.evaluate("t => t.parentElement.getBoundingClientRect().right")
                assert box <= 375
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "admin-375.png"), full_page=True)
            browser.close()
    finally:
        server.stop()
