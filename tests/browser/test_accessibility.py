"""Every page of every role, checked three ways: axe-core (WCAG 2.1 A and AA) and
HTML_CodeSniffer (WCAG2AA, its errors) in the browser, and the Nu Html Checker (vnu-jar) on
the HTML the server sent.

The pages are those of tests/browser/pages.py: every URL pattern of the project that answers a
role's GET with an HTML page, for each role of the `world` fixture in turn — officer (团区委),
education officer (区教委), secretary, leader, organisation department (组织部), administrator —
with one object of every kind. Both checkers come from node_modules (package.json's
devDependencies, pinned); vnu runs once over all the pages with the Java `make install`
installs. All problems are listed together at the end."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT
from tests.browser.pages import every_role, one_of_everything

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

HTMLCS_SOURCE = ROOT / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# HTMLCS's messages of type 1 are errors (2 warnings, 3 notices: things to look at by hand).
HTMLCS_RUN = """() => new Promise((resolve, reject) => {
  HTMLCS.process("WCAG2AA", document, () => resolve(
    HTMLCS.getMessages().filter((m) => m.type === HTMLCS.ERROR).map((m) => ({
      code: m.code, msg: m.msg,
      html: m.element && m.element.outerHTML ? m.element.outerHTML.slice(0, 160) : ""}))),
    reject, "en");
})"""


def htmlcs_errors(page) -> list[str]:
    """HTML_CodeSniffer's WCAG2AA errors on the current page (evaluated through the DevTools
    protocol, as axe-core, so the page's Content-Security-Policy does not refuse it)."""
    page.evaluate("if (!window.HTMLCS) {\n" + HTMLCS_SOURCE.read_text() + "\n}")
    return [f"{m['code']}: {m['msg']}\n      {m['html']}" for m in page.evaluate(HTMLCS_RUN)]


def nu_html_errors(documents: dict[str, str], folder: Path) -> list[str]:
    """The Nu Html Checker's errors on the documents ({where: html}), in one run."""
    java = shutil.which("java")
    assert java, "java is missing: `make install` installs Debian's default-jre-headless"
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: `make install` runs npm ci"
    names, paths = {}, []
    for number, (where, html) in enumerate(documents.items()):
        path = folder / f"page-{number:04d}.html"
        path.write_text(html)
        names[path.name] = where
        paths.append(str(path))
    done = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--exit-zero-always",
         "--stdout", *paths], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    found = []
    for message in json.loads(done.stdout)["messages"]:
        url = message.get("url", "")
        where = names.get(url.rsplit("/", 1)[-1], url)
        line = message.get("lastLine", "?")
        found.append(f"{where} line {line}: {message['message']}\n"
                     f"      {message.get('extract', '').strip()[:160]}")
    return found


def test_every_page_of_every_role_is_accessible_and_valid(world, page, login, tmp_path):
    one_of_everything(world)
    axe, htmlcs, documents, visited = [], [], {}, 0
    for user, pages in every_role(world):
        username = user.username
        try:
            login(username)  # checks the login page and the role's home page
        except AssertionError as found:
            axe.append(f"as {username}: {found}")
        for found_page in pages:
            where = f"as {username}: {found_page.url}"
            documents[where] = found_page.html
            try:
                page.goto(page.base_url + found_page.url)
            except AssertionError as found:
                axe.append(f"as {username}: {found}")
            htmlcs.extend(f"{where}: {error}" for error in htmlcs_errors(page))
            visited += 1
    assert visited > 350, visited  # the pages were found (one object of every kind)
    vnu = nu_html_errors(documents, tmp_path)
    problems = [(f"axe-core (WCAG 2.1 A/AA): {len(axe)}", axe),
                (f"HTML_CodeSniffer (WCAG2AA) errors: {len(htmlcs)}", htmlcs),
                (f"Nu Html Checker errors: {len(vnu)}", vnu)]
    assert not (axe or htmlcs or vnu), "\n".join(
        f"{title}\n  " + "\n  ".join(found) for title, found in problems if found)
