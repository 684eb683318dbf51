"""Real pages in real Chromium: every page kind at desktop and phone width, screenshotted.

Ingests the shared real pages and the seed (as the acceptance suite does; real outlets' image URLs
do not load offline: the broken-image case) and serves the portal with uvicorn. Screenshots go to
``$NEWSDESK_SCREENSHOTS`` or ``benchmarks/results/screenshots`` (git-ignored), one per page kind and
width, for a person to look at; the test asserts what it can: nothing scrolls sideways on a 390 px
screen, the charts are drawn, no script error, no request leaves the portal but for images.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.browser.live import live_server
from click.testing import CliRunner
from conftest import REPO, shared_path

from newsdesk.cli.main import cli
from newsdesk.settings import Settings
from tests.browser.test_portal_browser import browser  # noqa: F401 - the shared Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.shared, pytest.mark.slow]

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def real_portal(tmp_path_factory):

    from newsdesk.store import open_store
    from newsdesk.web import create_app
    from newsdesk.web.store_data import StoreData

    folders = {
        "scrapinghub": shared_path("benchmarks", "extraction", "scrapinghub", "html"),
        "wcxb": shared_path("benchmarks", "extraction", "wcxb-dev-article", "html"),
        "seed": shared_path("seed"),
    }
    db = str(tmp_path_factory.mktemp("rb") / "real.db")
    for name, folder in folders.items():
        CliRunner().invoke(
            cli, ["source", "add", "folder", str(folder), "--name", name, "--db", db], catch_exceptions=False
        )
    res = CliRunner().invoke(cli, ["ingest", "--db", db, "--json", "-q"], catch_exceptions=False)
    assert json.loads(res.output)["articles"] >= 800
    settings = Settings(db=db, secret_key="k")
    store = open_store(settings)
    with live_server(create_app(StoreData(store), settings)) as url:
        yield url, store
    store.close()


def _shots_dir() -> Path:
    d = Path(os.environ.get("NEWSDESK_SCREENSHOTS") or REPO / "benchmarks" / "results" / "screenshots")
    d.mkdir(parents=True, exist_ok=True)
    return d


def _pages(base: str, store) -> dict[str, str]:
    import urllib.request

    home = json.loads(urllib.request.urlopen(base + "/index.json").read())
    top = home["top_stories"]
    story = next((s for s in top if s["coverage"] > 1), None) or {
        "id": store._scalar("SELECT id FROM stories WHERE merged_into IS NULL ORDER BY size DESC, id LIMIT 1")
    }
    story["lead"] = (
        story.get("lead")
        or json.loads(urllib.request.urlopen(f"{base}/story/{story['id']}.json").read())["story"]["lead"]
    )
    seed = store._scalar("SELECT id FROM articles WHERE title LIKE 'Venezuela%Maduro%'")
    section = home["sections"][0]["slug"]
    return {
        "home": "/",
        "article": f"/article/{story['lead']['id']}",
        "seed-article": f"/article/{seed}",
        "story": f"/story/{story['id']}",
        "section": f"/section/{section}",
        "search": "/search?q=impeachment",
        "trending": "/trending",
    }


def test_every_page_kind_at_desktop_and_phone_width(real_portal, browser):  # noqa: F811
    base, store = real_portal
    out = _shots_dir()
    saved, problems = [], []
    for width_name, (w, h) in WIDTHS.items():
        page = browser.new_page(viewport={"width": w, "height": h})
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        requests: list[str] = []
        page.on(
            "request",
            lambda r, requests=requests: requests.append(r.url) if r.resource_type != "image" else None,
        )
        for kind, path in _pages(base, store).items():
            page.goto(base + path)
            page.wait_for_load_state("load")
            page.wait_for_timeout(100)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > w + 2:
                problems.append(f"{kind} at {w}px scrolls sideways ({scroll}px)")
            wide = page.evaluate(f"""Array.from(document.querySelectorAll('main img, main svg'))
                .filter(e => e.getBoundingClientRect().right > {w} + 2).length""")
            if wide:
                problems.append(f"{kind} at {w}px: {wide} images or charts wider than the screen")
            p = out / f"real-{kind}-{width_name}.png"
            page.screenshot(path=str(p), full_page=True)
            saved.append(p)
        page.goto(base + _pages(base, store)["story"])
        assert page.locator("figure.coverage-chart svg[role=img] desc").count() == 1
        assert not errors, errors
        assert all(u.startswith(base) for u in requests), [u for u in requests if not u.startswith(base)]
        page.close()
    print("screenshots:", *saved, sep="\n  ")
    assert not problems, problems
