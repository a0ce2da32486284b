"""Headless Chromium (Debian's `chromium`) driven by Playwright against pytest-django's
live server. Where no browser can be found the tests skip, saying why — except under
CI=true, where a missing browser fails the run.

Every page the tests load is checked with axe-core (node_modules/axe-core, pinned in
package.json) against the WCAG 2.1 A and AA rules: a document is checked when it fires its
load event, and the next `page.goto` / `page.wait_for_load_state` (or the end of the test)
fails with the rule and the elements of any violation. `check_page(page)` checks the page
again after a change made without a page load (htmx, a script)."""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# One run per document: the load-event handler and the next goto/wait share the promise.
# The result carries a random key so that a run read twice is reported once.
AXE_RUN = """async ([tags, again]) => {
  if (again) window.__axeRun = undefined;
  window.__axeRun = window.__axeRun || (async () => {
    const found = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                           resultTypes: ["violations"]});
    return {key: Math.random().toString(36).slice(2), url: location.pathname + location.search,
            violations: found.violations.map((v) => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 8).map(
                (n) => n.target.join(" ") + "  " + n.html.slice(0, 160)),
              more: Math.max(0, v.nodes.length - 8)}))};
  })();
  return await window.__axeRun;
}"""
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    reason = "headless Chromium is not installed (make install installs Debian's chromium)"
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + "; under CI a missing browser fails the run")
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("playwright is not installed")
        pytest.skip("playwright is not installed")
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
    # inside one unless told it is safe (it is: the test and the live server do not share it).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            instance = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            yield instance
            instance.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


class AxeWatch:
    """The axe-core check of every document a page loads (see the module docstring)."""

    _source = None

    def __init__(self, tab):
        self.tab = tab
        self.seen: set[str] = set()
        self.failures: list[str] = []
        self._wait_for_load = tab.wait_for_load_state  # before the fixture wraps it
        tab.on("load", self._on_load)

    @classmethod
    def source(cls) -> str:
        if cls._source is None:
            if not AXE_SOURCE.exists():
                pytest.fail(f"{AXE_SOURCE} is missing: `make install` runs npm ci")
            # Evaluated through the DevTools protocol, so the Content-Security-Policy that
            # forbids inline scripts does not apply; injected once per document.
            cls._source = "if (!window.axe) {\n" + AXE_SOURCE.read_text() + "\n}"
        return cls._source

    def _run(self, again: bool = False) -> None:
        if not self.tab.url.startswith(("http://", "https://")):
            return  # the browser's own error page (offline) or about:blank
        self.tab.evaluate(self.source())
        result = self.tab.evaluate(AXE_RUN, [AXE_TAGS, again])
        if result["key"] in self.seen:
            return
        self.seen.add(result["key"])
        for v in result["violations"]:
            nodes = "\n      ".join(v["nodes"])
            more = f"\n      … and {v['more']} more" if v["more"] else ""
            self.failures.append(f"{result['url']}: {v['id']} ({v['impact']}): {v['help']}\n"
                                 f"      {nodes}{more}")

    def _on_load(self, _page) -> None:
        # Runs in Playwright's event greenlet; the page may navigate away meanwhile.
        from playwright.sync_api import Error

        try:
            self._run()
        except Error:
            pass  # left before the check finished; a later check covers the new page

    def check(self, again: bool = False) -> None:
        """Check the current document (once, unless `again`) and fail on any violation."""
        from playwright.sync_api import Error

        try:
            self._run(again)
        except Error:  # the page navigated on (a redirect, a script): check where it landed
            self._wait_for_load()
            self._run(again)
        self.raise_failures()

    def raise_failures(self) -> None:
        if self.failures:
            found, self.failures = self.failures, []
            raise AssertionError("axe-core (WCAG 2.1 A/AA) violations:\n  " + "\n  ".join(found))


def check_page(page) -> None:
    """Check the page with axe-core again (after htmx or a script changed it)."""
    page.axe.check(again=True)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    tab = context.new_page()
    tab.base_url = live_server.url
    tab.axe = AxeWatch(tab)
    goto, wait_for_load_state = tab.goto, tab.wait_for_load_state

    def checked_goto(*args, **kwargs):
        response = goto(*args, **kwargs)
        if response is None or "text/html" in (response.headers.get("content-type") or ""):
            tab.axe.check()
        return response

    def checked_wait(*args, **kwargs):
        wait_for_load_state(*args, **kwargs)
        tab.axe.check()

    tab.goto, tab.wait_for_load_state = checked_goto, checked_wait
    yield tab
    from playwright.sync_api import Error

    try:
        tab.axe.check()  # the page the test ended on
    except Error:
        pass  # the test broke off mid-navigation: its own failure says why
    finally:
        context.close()


@pytest.fixture
def login(page):
    """`login(username, password)` logs in through the real form and returns the page."""

    def do_login(username: str, password: str = "pw-for-tests-1"):
        page.goto(page.base_url + "/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("#login-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return do_login


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots (for people to look at)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target
