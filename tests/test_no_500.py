"""No input gives a 500 (issue 12): generated text, numbers and ids — NUL and other control
characters, NaN, infinities, huge and negative values — posted to every form of every app,
and sent as query parameters to every page, as each role, on the demo district.

The forms are discovered, not listed: every URL pattern (as tests/test_access.py walks them)
is opened as the role, and the fields of the forms on the page are what gets generated. A
POST-only URL (an inline form posted from another page) gets the fields seen on any page.
A new app's URLs are covered without editing this file."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from portal.models import User
from tests.test_access import MODELS, ROUTES, _kwargs, _object_kwarg

pytestmark = pytest.mark.django_db

EXAMPLES_POST = 8  # per form and role: modest, the suite runs on shared machines
EXAMPLES_GET = 4
EXAMPLES_PDF = 2  # a valid request renders a PDF in the request (the test task backend)
EXAMPLES_QUERY = 2  # generated query strings per page (lists also get QUERY_EXPLICIT)
PDF_ROUTES = {"report_request", "report_retry", "school_evaluation", "inspection_record"}
ROLES = ["tuanqu", "jiaowei", "qiujing", "lingdao"]  # league, education, secretary, leader
SPECIAL = ["NaN", "nan", "-NaN", "sNaN", "Infinity", "-Infinity", "inf", "1e999", "-1e999",
           "9" * 40, "-1", "0", "-0.0", "1e-999", "0x10", "99999999999999999999",
           "2026-13-45", "0000-00-00", "", " ", "\x00", "a\x00b", "x\x1b[0m", "\x7f", "..",
           "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --", "求精中学" * 80]

settings.register_profile("no500", max_examples=EXAMPLES_POST, deadline=None, database=None,
                          derandomize=True, phases=[Phase.explicit, Phase.generate],
                          suppress_health_check=list(HealthCheck))
# query parameters every list may read (the page's own GET form fields are added)
QUERY_PARAMS = ["page", "per_page", "sort", "year", "month", "semester", "district", "school",
                "status", "area", "level", "q", "state", "result"]
QUERY_EXPLICIT = [{"per_page": "-1"}, {"per_page": "0", "page": "-1"},
                  {"per_page": "9" * 40, "page": "9" * 40}, {"page": "abc", "per_page": "x"},
                  {"year": "0"}, {"year": "-1"}, {"year": str(2**63)}, {"year": "abc"},
                  {"month": "0-13"}, {"sort": "-no_such_column"}]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
NUMBER = st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str),
                   st.floats(allow_nan=True, allow_infinity=True).map(str),
                   st.decimals(allow_nan=True, allow_infinity=True).map(str))
VALUE = st.one_of(st.sampled_from(SPECIAL), TEXT, NUMBER,
                  st.integers(min_value=1, max_value=60).map(str),
                  st.dates().map(lambda d: d.isoformat()))


class FormFields(HTMLParser):
    """The forms of a page: (method, action, {field name: the values the page offers})."""

    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self.forms: list[tuple[str, str, dict[str, list[str]]]] = []
        self._fields = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._fields = {}
            self.forms.append(((attrs.get("method") or "get").lower(),
                               attrs.get("action") or self.url, self._fields))
        elif self._fields is not None and tag in ("input", "select", "textarea", "button"):
            name = attrs.get("name")
            if name and name != "csrfmiddlewaretoken":
                options = self._fields.setdefault(name, [])
                if attrs.get("value"):
                    options.append(attrs["value"])
                self._select = name if tag == "select" else None
        elif tag == "option" and self._select and attrs.get("value"):
            self._fields[self._select].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None


def _forms(url: str, html: str) -> list[tuple[str, str, dict[str, list[str]]]]:
    parser = FormFields(url)
    parser.feed(html)
    return parser.forms


def _data(fields: dict[str, list[str]]):
    """Generated values for the fields: mostly anything, sometimes one of the page's own
    options (so that a valid choice carries the other fields deeper into the view)."""
    return st.fixed_dictionaries({
        name: (st.one_of(VALUE, st.sampled_from(options)) if options else VALUE)
        for name, options in fields.items()})


def _instance(model, user):
    if hasattr(model.objects, "visible_to"):
        found = model.objects.visible_to(user).order_by("pk").first()
        if found is not None:
            return found
    return model.objects.order_by("pk").first()


def _urls(user) -> list[tuple[str, str]]:
    urls = []
    for route in ROUTES:
        obj = _object_kwarg(route)
        instance = _instance(MODELS[obj], user) if obj else None
        if obj and instance is None:
            continue
        urls.append((route.name, reverse(route.name, kwargs=_kwargs(route, instance))))
    return urls


def _check(client, method: str, url: str, strategy, examples: int, explicit=()) -> None:
    def send(data):
        if method == "post":
            response = client.post(url, data)
        else:
            response = client.get(url, data)
        assert response.status_code < 500, f"{method.upper()} {url} {data!r}"

    for data in reversed(explicit):
        send = example(data=data)(send)
    settings(settings.get_profile("no500"), max_examples=examples)(given(data=strategy)(send))()


def _query(fields: dict[str, list[str]]):
    """Query strings of one to three parameters: the lists' usual ones and the page's own."""
    names = sorted({*QUERY_PARAMS, *fields})
    return st.dictionaries(st.sampled_from(names), VALUE, min_size=1, max_size=3)


def _is_list(response) -> bool:
    context = response.context
    return context is not None and any(
        key in context for key in ("page_obj", "paginator", "table", "filter"))


@pytest.fixture
def demo(db):
    call_command("seed_demo", password="pw-for-tests-1", stdout=open("/dev/null", "w"))


@pytest.mark.parametrize("username", ROLES)
def test_no_input_gives_a_500(demo, client, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    client.raise_request_exception = True
    urls = _urls(user)
    # {(method, url): fields} of every form the role's pages show, wherever it posts to
    forms: dict[tuple[str, str], dict[str, list[str]]] = {}
    post_only = set()
    pages = {}  # url: whether it is a list (paginated or filtered)
    for _name, url in urls:
        response = client.get(url)
        if response.status_code == 405:
            post_only.add(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            pages[url] = _is_list(response)
            for method, action, fields in _forms(url, response.content.decode()):
                found = forms.setdefault((method, action.split("?")[0]), {})
                for field, options in fields.items():
                    found.setdefault(field, []).extend(options[:5])
    pool = {f: o for (method, _a), fields in forms.items() if method == "post"
            for f, o in fields.items()}
    for name, url in urls:
        if forms.get(("get", url)):
            _check(client, "get", url, _data(forms[("get", url)]), EXAMPLES_GET)
        if url in pages:  # the query string: paging, sorting, years, ids, the filters
            _check(client, "get", url, _query(forms.get(("get", url), {})), EXAMPLES_QUERY,
                   explicit=QUERY_EXPLICIT if pages[url] else ())
        if name.endswith(("_delete", "logout")) or "password" in name:
            continue  # deleting the row or the session would end the test of the rest
        if ("post", url) not in forms and url not in post_only:
            continue  # a page without a form of its own: nothing is posted to it
        probe = client.post(url, {})
        assert probe.status_code < 500, f"POST {url} {{}}"
        if probe.status_code in (403, 404, 405):
            continue  # the role may not post here: the form is never reached
        examples = EXAMPLES_PDF if name.split(":")[-1] in PDF_ROUTES else EXAMPLES_POST
        _check(client, "post", url, _data(forms.get(("post", url)) or pool), examples)
