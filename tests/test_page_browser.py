"""The companion page in a real browser: headless Chromium (the system's) driven by Playwright.

The page is loaded from file://. Every request is recorded; anything but the page's own files is
refused and fails the test. Screenshots at desktop and phone widths are saved under the test's
temporary folder. axe-core (bundled by the axe-playwright-python package) audits the page.
Skipped, with the reason, where Chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.catalogue import add_recordings

from ost import catalogue
from ost.page import build

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

CHROMIUM = os.environ.get("OST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).is_file():
    pytest.skip(
        f"no Chromium at {CHROMIUM} (install Debian's chromium, or set OST_CHROMIUM)",
        allow_module_level=True,
    )

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
DATED_RELEASES = 6  # s1-01..s1-05 and s1-07; s1-06, the unverified two and Da Capo have no date


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except sync_api.Error as e:  # pragma: no cover - depends on the machine
            pytest.skip(f"Chromium at {CHROMIUM} does not start under Playwright: {e}")
        yield b
        b.close()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The page for the bundled catalogue, with an accepted match and a local file."""
    db = catalogue.open_catalogue()
    add_recordings(db, tmp_path / "Music")
    out = tmp_path / "site"
    build(db, out)
    return out


class Visit:
    """One page load, with every request, console message and page error it caused."""

    def __init__(self, browser: Any, site: Path, **context: Any):
        self.site = site
        self.requests: list[str] = []
        self.refused: list[str] = []
        self.console: list[str] = []
        self.context = browser.new_context(**context)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.goto(site.joinpath("index.html").as_uri())

    def _route(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith(self.site.parent.as_uri() + "/"):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()

    def _console(self, msg: Any) -> None:
        if msg.type in ("error", "warning"):
            self.console.append(f"{msg.type}: {msg.text}")

    def visible(self, selector: str) -> int:
        return sum(1 for el in self.page.locator(selector).all() if el.is_visible())

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, site: Path) -> Iterator[Visit]:
    v = Visit(browser, site, viewport=DESKTOP)
    yield v
    v.close()


def test_songs_marks_and_links_are_there_and_nothing_leaves(visit: Visit) -> None:
    page = visit.page
    assert page.locator("li.song").count() == 10
    assert visit.visible("li.song") == 10
    assert (
        page.locator("#song-s1-01 h4").inner_text().startswith("1. 사랑은 말로 표현하는게 아니래요")
    )
    assert page.locator("svg a.mark").count() == DATED_RELEASES
    assert page.locator("svg .air").count() == 5  # 2 for season 1, 3 for season 2
    assert page.locator("svg .air.derived").count() == 1
    spotify = page.locator("#song-s1-03 a.spotify")
    assert spotify.get_attribute("href") == "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC"
    assert page.locator("#song-s1-01 a[href^='https://']").count() >= 1  # its sources
    # a mark links to its song
    assert page.locator("#mark-song-s1-03").get_attribute("href") == "#song-s1-03"
    assert visit.refused == [] and visit.console == []
    assert all(u.startswith("file://") for u in visit.requests)
    assert {u.rsplit("/", 1)[1] for u in visit.requests} == {
        "index.html",
        "ost-page.css",
        "ost-page.js",
    }


def test_the_local_file_plays_from_file_url(visit: Visit) -> None:
    audio = visit.page.locator("#song-s1-01 audio")
    assert audio.count() == 1
    duration = visit.page.evaluate(
        """() => new Promise((ok, fail) => {
             const a = document.querySelector('#song-s1-01 audio');
             a.addEventListener('loadedmetadata', () => ok(a.duration));
             a.addEventListener('error', () => fail('cannot load ' + a.currentSrc));
             a.load();
           })"""
    )
    assert duration == pytest.approx(0.5, abs=0.05)
    assert visit.refused == [] and visit.console == []
    assert any(u.endswith(".wav") and "/Music/" in u for u in visit.requests)


def test_the_filter_hides_what_does_not_match(visit: Visit) -> None:
    page = visit.page
    box = page.get_by_label("Filter songs by title or artist")
    box.fill("davichi")
    assert visit.visible("li.song") == 1 and page.locator("#song-s1-03").is_visible()
    assert visit.visible("svg a.mark") == 1 and page.locator("#mark-song-s1-03").is_visible()
    assert "1 of 10" in page.locator("#filter-count").inner_text()
    assert page.locator("#season-2 .no-match").is_visible()
    box.fill("다비치")  # the Korean name finds the same song
    assert visit.visible("li.song") == 1 and page.locator("#song-s1-03").is_visible()
    box.fill("love beyond")  # an English title, spacing and case aside
    assert visit.visible("li.song") == 1 and page.locator("#song-s1-01").is_visible()
    box.fill("demian")  # an alias of K's singer name
    assert visit.visible("li.song") == 1 and page.locator("#song-s2-01").is_visible()
    box.fill("규현|kyuhyun")  # typing the separator between names joins nothing
    assert visit.visible("li.song") == 0
    box.fill("")
    assert visit.visible("li.song") == 10 and visit.visible("svg a.mark") == DATED_RELEASES
    assert visit.console == []


def test_the_names_switch(visit: Visit) -> None:
    page = visit.page
    title_ko = page.locator("#song-s1-01 h4 .ko")
    title_en = page.locator("#song-s1-01 h4 .en")
    assert title_ko.is_visible() and title_en.is_visible()
    page.get_by_label("English").check()
    assert not title_ko.is_visible() and title_en.is_visible()
    assert page.locator("#song-s1-04 h4 .nm").is_visible()  # "My Love": one name, always shown
    page.get_by_label("한국어").check()
    assert title_ko.is_visible() and not title_en.is_visible()
    page.reload()  # the choice is remembered
    assert page.locator("html").get_attribute("data-names") == "ko"
    assert visit.console == []


def test_focusing_a_mark_names_the_song(visit: Visit) -> None:
    page = visit.page
    label = page.locator("#mark-song-s1-03 .label")
    assert not label.is_visible()
    page.locator("#mark-song-s1-03").focus()
    assert label.is_visible()
    assert "소녀 같은 맘을 가진 그댈 생각하면 아파요" in label.text_content()
    title = page.locator("#mark-song-s1-03 title").text_content()
    assert "Your Tender Heart Hurts Me" in title and "2022-01-20" in title


def test_a_script_title_shows_as_text(browser: Any, tmp_path: Path, run) -> None:
    rows = '[{"season": 1, "title": "<script>alert(1)</script>", "artist": "<b>x</b>",'
    rows += ' "release_date": "2022-01-10", "source": "javascript:alert(2)"}]'
    (tmp_path / "evil.json").write_text(rows, encoding="utf-8")
    assert run("import", str(tmp_path / "evil.json")).exit_code == 0
    out = tmp_path / "evil-site"
    build(catalogue.open_catalogue(), out)
    v = Visit(browser, out, viewport=DESKTOP)
    dialogs: list[str] = []
    v.page.on("dialog", lambda d: dialogs.append(d.message))
    try:
        song = v.page.locator("li.song", has_text="<script>alert(1)</script>")
        assert song.count() == 1 and "<b>x</b>" in song.inner_text()
        assert song.locator("a[href^='javascript']").count() == 0
        assert v.page.locator("svg a.mark title", has_text="<script>").count() == 1
        v.page.locator("svg a.mark").first.focus()
        assert dialogs == [] and v.console == [] and v.refused == []
    finally:
        v.close()


def test_the_page_works_without_javascript(browser: Any, site: Path) -> None:
    v = Visit(browser, site, viewport=DESKTOP, java_script_enabled=False)
    try:
        assert v.visible("li.song") == 10
        assert not v.page.locator("#controls").is_visible()  # no dead filter box
        assert v.page.locator("#song-s1-01 h4 .en").is_visible()
        assert v.refused == []
    finally:
        v.close()


def _serious(results: dict[str, Any]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(
    ("viewport", "scheme"),
    [(DESKTOP, "light"), (PHONE, "dark"), (DESKTOP, "dark"), (PHONE, "light")],
    ids=["desktop-light", "phone-dark", "desktop-dark", "phone-light"],
)
def test_screenshots_and_accessibility_audit(
    browser: Any, site: Path, tmp_path: Path, viewport: dict[str, int], scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    v = Visit(browser, site, viewport=viewport, color_scheme=scheme)
    try:
        name = f"page-{viewport['width']}-{scheme}"
        v.page.screenshot(path=tmp_path / f"{name}-top.png")
        v.page.screenshot(path=tmp_path / f"{name}-full.png", full_page=True)
        v.page.locator("#timeline-1").scroll_into_view_if_needed()
        v.page.locator("#mark-song-s1-03").focus()  # the focused mark shows its song's name
        v.page.screenshot(path=tmp_path / f"{name}-timeline.png")
        assert all(p.stat().st_size > 10_000 for p in tmp_path.glob(f"{name}-*.png"))
        width = v.page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], "the page scrolls sideways"
        assert v.refused == [] and v.console == []
        # preload off: axe would fetch the style sheet itself, which the page's policy refuses
        options = {"resultTypes": ["violations"], "preload": False}
        results = Axe().run(v.page, options=options).response
        assert results["testEngine"]["name"] == "axe-core"
        assert _serious(results) == []
    finally:
        v.close()
