"""The portal in real headless Chromium: home -> section -> article -> story -> search -> subscribe.

Drives Debian's ``chromium`` through Playwright (``executable_path``; no browser download).
Screenshots land in the test's tmp dir (printed at the end). Skips when either is missing.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.request
import warnings

import pytest
from tests.browser.live import live_server

from newsdesk.model import Article
from newsdesk.settings import Settings
from newsdesk.pipeline.demo import build_demo_store
from newsdesk.web import create_app
from newsdesk.web.store_data import StoreData

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def portal(tmp_path_factory):

    from tests.web.test_security import HOSTILE_HTML

    folder = tmp_path_factory.mktemp("b")
    settings = Settings(db=str(folder / "b.db"), secret_key="k")
    store = build_demo_store(settings, folder)  # what `newsdesk serve` shows on an empty store
    data = StoreData(store, demo=True)
    hostile = store.upsert_article(Article(
        title="Hostile page <script>alert(1)</script>", published="2020-01-01T00:00:00Z", site_name="Evil",
        url="https://outlet.example/a", section="World", body="x", body_html=HOSTILE_HTML,
        language="en")).article_id
    with live_server(create_app(data, settings)) as url:
        yield url, hostile
    store.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.skip("chromium is not installed (apt-get install chromium); browser tests skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install 'newsdesk[browser]'); browser tests skipped")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
    except Exception as exc:  # noqa: BLE001 - a broken local chromium is a skip, not a failure
        pw.stop()
        pytest.skip(f"chromium did not start: {exc}")
    yield b
    b.close()
    pw.stop()


def test_reader_journey(portal, browser, tmp_path):
    base, _ = portal
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    shots = []

    def shot(name: str, full: bool = True) -> None:
        p = tmp_path / f"{len(shots):02d}-{name}.png"
        if full:  # let lazy images load first
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_timeout(150)
            page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(p), full_page=full)
        shots.append(p)

    page.goto(base + "/")
    assert page.title() == "Top stories · newsdesk"
    assert page.locator(".demo-banner").is_visible()
    assert page.locator("nav.trending a").count() >= 3
    assert page.locator("section.top article.story-card").count() >= 5
    shot("home")

    page.locator("nav.sections a", has_text="World").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/section/world")
    assert page.locator("h1").inner_text() == "World"
    shot("section")

    page.locator("main article.card h3 a").first.click()
    page.wait_for_load_state()
    assert "/article/" in page.url
    assert page.locator("h1#headline").is_visible()
    assert page.locator("p.byline time[datetime]").count() >= 1
    assert page.locator("figure.lead-image figcaption").is_visible()
    assert page.locator("ul.share a").count() >= 4
    shot("article")

    story_link = page.locator("a", has_text="Full coverage and timeline")
    if story_link.count() == 0:
        page.goto(base + "/")
        page.locator("section.top article.story-card h3 a").first.click()
    else:
        story_link.first.click()
    page.wait_for_load_state()
    assert "/story/" in page.url
    assert page.locator("ol.timeline li").count() >= 1
    shot("story")

    lead = json.loads(urllib.request.urlopen(base + "/index.json").read())["top_stories"][0]["lead"]
    body = json.loads(urllib.request.urlopen(f"{base}/article/{lead['id']}.json").read())["body_html"]
    words = re.findall(r"[A-Za-z]{7,}", re.sub(r"<[^>]+>", " ", body))  # words the lead article holds
    page.fill("#q-top", f"{words[0]} {words[1]}".lower())
    page.press("#q-top", "Enter")
    page.wait_for_load_state()
    assert "/search" in page.url
    assert page.locator("ol.results li").count() >= 1
    assert page.locator("ol.results mark").count() >= 1
    shot("search")

    page.fill("#nl-email", "reader@example.org")
    page.locator("footer form[action='/subscribe'] button").click()
    page.wait_for_load_state()
    assert page.locator("h1", has_text="Check your inbox").is_visible()
    shot("subscribed")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/")
    shot("home-mobile", full=False)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the phone layout scrolls sideways ({width}px)"
    assert not errors, errors
    print("screenshots:", *shots, sep="\n  ")


def test_hostile_article_does_not_execute(portal, browser):
    base, hostile = portal
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base}/article/{hostile}")
    page.wait_for_timeout(300)
    for link in page.locator(".prose a").all():
        href = link.get_attribute("href") or ""
        assert not href.lower().startswith(("javascript:", "data:", "vbscript:"))
    page.mouse.move(200, 400)
    assert dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not [u for u in requests if "evil.example" in u]
    assert "<script>alert(1)</script>" in page.locator("h1#headline").inner_text()
