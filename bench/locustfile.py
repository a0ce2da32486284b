"""The load `make load` puts on the portal (run by `bench/load.py`, not on its own).

Three kinds of simulated users, signed in through session cookies that `bench/load.py`
prepared (signing in 200 users would measure password hashing, not the portal):

- 150 school secretaries who, within the same minute, open this month's report, add an
  activity and submit it;
- 10 officers reviewing: the list of submitted reports, one report, approve;
- 40 users browsing as every role, with a few seconds between pages.
"""

from __future__ import annotations

import json
import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, constant, events, task

USERS = json.loads(open(os.environ["LOAD_USERS"]).read())
SECRETARIES = list(USERS["secretaries"])
SUBMIT_WINDOW = float(os.environ.get("LOAD_SUBMIT_WINDOW", "55"))  # seconds
START_PAGE = re.compile(r"/activities/reports/\d{4}/\d{1,2}/$")


class Forms(HTMLParser):
    """The forms of a page: action and the default value of every field."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "fields": {}})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("file", "submit", "button"):
                fields[a["name"]] = a.get("value") or ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            fields.setdefault(self._select, "")
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            if "selected" in a or (value and not fields[self._select]):
                fields[self._select] = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def form_with(html: str, action_part: str) -> dict | None:
    parser = Forms()
    parser.feed(html)
    return next((f for f in parser.forms if action_part in f["action"]), None)


class PortalUser(HttpUser):
    abstract = True

    def sign_in(self, session: dict) -> None:
        self.client.cookies.set("sessionid", session["sessionid"])

    def post_form(self, page_html: str, action_part: str, name: str, **values) -> bool:
        form = form_with(page_html, action_part)
        if form is None:
            return False
        with self.client.post(form["action"], data={**form["fields"], **values}, name=name,
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"expected a redirect, got {response.status_code}")
                return False
            response.success()
        return True


class SubmittingSecretary(PortalUser):
    """Opens this month's report, adds an activity, submits: once, within the minute."""

    fixed_count = 150
    wait_time = constant(3600)  # one submission, then nothing

    def on_start(self):
        self.me = SECRETARIES.pop()
        self.sign_in(self.me)
        self.done = False

    @task
    def submit_this_months_report(self):
        if self.done:
            return
        self.done = True
        import gevent

        gevent.sleep(random.uniform(0, SUBMIT_WINDOW))
        page = self.client.get("/activities/reports/current/", name="secretary: this month")
        if START_PAGE.search(page.url):  # no report yet: the month is started by a POST,
            # which leads to the new report's page, as a browser follows it
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            page = self.client.post(page.url, data={"csrfmiddlewaretoken": token.group(1)},
                                    name="secretary: start the month")
        self.post_form(page.text, "/activities/new/", "secretary: add an activity",
                       participants="40", partner="", campaign="",
                       description="科技周主题团日：创新、创业、创优")
        report = self.client.get(page.url, name="secretary: report page").text
        if not self.post_form(report, "/submit/", "secretary: submit"):
            events.request.fire(request_type="POST", name="secretary: submit",
                                response_time=0, response_length=0, context={},
                                exception=RuntimeError("no submit button on the report"))


class ReviewingOfficer(PortalUser):
    fixed_count = 10
    wait_time = between(3, 6)

    def on_start(self):
        self.sign_in(random.choice(USERS["officers"]))

    @task
    def review_one(self):
        listing = self.client.get("/activities/reports/?status=submitted",
                                  name="officer: submitted reports").text
        ids = re.findall(r'href="/activities/reports/(\d+)/"', listing)
        if not ids:
            return
        url = f"/activities/reports/{random.choice(ids)}/"
        page = self.client.get(url, name="officer: report page").text
        self.post_form(page, "/approve/", "officer: approve")


class BrowsingUser(PortalUser):
    fixed_count = 40
    wait_time = between(2, 6)

    def on_start(self):
        self.me = random.choice(USERS["browsers"])
        self.sign_in(self.me)

    @task
    def browse(self):
        path = random.choice(self.me["pages"])
        self.client.get(path, name=f"{self.me['role']}: {path.split('?')[0]}")


@events.quitting.add_listener
def _exit_code(environment, **kwargs):
    environment.process_exit_code = 1 if environment.stats.total.num_failures else 0
