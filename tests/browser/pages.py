"""Every page of every role, one list for the browser tests that walk them all: axe-core,
HTML_CodeSniffer and the Nu Html Checker (test_accessibility), the languages
(test_languages) and the phone width (test_responsive).

The pages are found, not listed: every URL pattern of the project (as tests/test_access.py
walks them) with the first object of its kind the user sees, plus the URLs that take their
subject in the query string (the import pages). A role's pages are those that answer its GET
with a whole HTML document; downloads, redirects, refusals and htmx fragments are not pages.
`one_of_everything` builds an object of every kind the pages show, so that every detail and
edit page has something to show."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from activities import services as activity_services
from activities.models import Allocation, Spending
from activities.tests import factories as activities
from cadres.models import Post
from cadres.tests import factories as cadres
from portal.imports import registry
from portal.imports import services as imports
from portal.models import GroupRobot
from portal.school_year import school_year_of
from portal.tests.xlsx import xlsx
from reports.models import EvaluationReport
from supervision.models import ActionItem, CoordinationMeeting, Inspection, RectificationResponse
from supervision.tests.factories import PlanFactory, make_inspection, make_order, make_problem
from tests.factories import HonourFactory, PairingFactory, SchoolUnitFactory
from tests.test_access import MODELS, ROUTES, _kwargs, _object_kwarg
from tests.test_no_500 import _instance

# The roles of the `world` fixture, in the order the walks take them.
ROLES = ("officer", "education_officer", "secretary", "leader", "org_department",
         "city_officer", "admin")


@dataclass
class Page:
    name: str  # the route's name (or "admin")
    url: str
    html: str  # the document as the server sent it to this user


def one_of_everything(world, language: str = "zh-hans") -> None:
    """An object of every kind the pages show, in the world's district and own school. What
    the portal writes in the language of the moment (an import's check) is written in
    `language`, as the person who reads it would have had it written."""
    district, school = world.district, world.school
    plan = PlanFactory(district=district, team=[world.officer, world.education_officer])
    make_inspection(world, school=world.other_school, plan=plan)  # to be scored
    published = make_inspection(world, plan=plan, status=Inspection.Status.PUBLISHED, score=8)
    order = make_order(published)
    RectificationResponse.objects.create(order=order, text="已补齐团员档案", by=world.secretary)
    make_problem(published)
    _first, current = activities.current_semesters(district)
    report = activities.ReportFactory(school=school)
    activities.ActivityFactory(report=report)
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    closed = activities.ReportFactory(
        school=school, year=last_month.year, month=last_month.month,
        deadline=last_month, closes_on=last_month)
    activities.ActivityFactory(report=closed, date=last_month.replace(day=1))
    activity_services.unlock_request_create(report=closed, user=world.secretary,
                                            reason="补报上月主题团日")
    course = activities.CourseFactory(school=school, semester=current)
    activities.SessionFactory(course=course, date=timezone.localdate())
    campaign = activities.CampaignFactory(district=district)
    selection = activities.SelectionFactory(district=district)
    activities.NominationFactory(selection=selection, school=school)
    fund = activities.FundFactory(district=district, year=timezone.localdate().year)
    allocation = Allocation.objects.create(fund=fund, school=school, campaign=campaign,
                                           amount=Decimal("1000"), note="主题团日经费")
    Spending.objects.create(allocation=allocation, amount=Decimal("200"),
                            date=timezone.localdate(), note="购买团旗")
    activities.VolunteerRecordFactory(applicant=activities.ApplicantFactory(school=school))
    HonourFactory(school=school)
    PairingFactory(school=school)
    SchoolUnitFactory(school=school)
    cadre = cadres.CadreFactory(school=school)
    cadres.PostFactory(cadre=cadre)
    cadres.PostFactory(cadre=cadre, kind=Post.Kind.MORAL_EDUCATION_OFFICE, is_concurrent=True,
                       title="德育处副主任（分管学生社团与志愿服务工作）")
    cadres.DocumentFactory(district=district)
    cadres.AreaMeetingFactory(district=district)
    application = cadres.ApplicationFactory(round=cadres.SecondmentRoundFactory(district=district),
                                            cadre=cadre, submitted_by=world.secretary)
    secondment = cadres.SecondmentFactory(application=application, result="qualified")
    cadres.ReservePoolEntryFactory(secondment=secondment, added_by=world.org_department)
    meeting = CoordinationMeeting.objects.create(
        district=district, date=timezone.localdate(), title="团教协作联席会议",
        minutes="研究督导整改", decisions="按月通报")
    ActionItem.objects.create(meeting=meeting, text="通报整改进度", owner=world.league,
                              due_date=timezone.localdate() + datetime.timedelta(days=14))
    # A district summary built in Chinese, as the demo's leader asks for it.
    year = school_year_of(timezone.localdate())
    EvaluationReport.objects.create(
        kind=EvaluationReport.Kind.DISTRICT, district=district, period_start=year.start,
        period_end=year.end, period_label="2025–2026 学年", language="zh-hans",
        status=EvaluationReport.Status.DONE, progress=100, requested_by=world.leader,
        finished_at=timezone.now())
    # An import checked and waiting for confirmation: one row to create, one refused.
    with translation.override(language):
        imports.preview(user=world.officer, kind="schools", district=district,
                        upload=SimpleUploadedFile("schools.xlsx", xlsx([
                            ["学校名称", "学段"], ["人和街小学", "小学"], ["", "小学"]])))
    # Last, so that nothing above posts to it (the walks only read).
    GroupRobot.objects.create(district=district, name="学校团建工作群", platform="wecom",
                              topics=["reports"],
                              webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")


def _urls(user) -> list[tuple[str, str]]:
    """(route name, URL) of every URL pattern, with the first object of its kind the user
    sees (as test_no_500), and the import pages of every kind the user may import."""
    urls = []
    for route in ROUTES:
        try:
            obj = _object_kwarg(route)
        except AssertionError:
            continue  # tests/test_access.py reports a URL it cannot fill
        instance = _instance(MODELS[obj], user) if obj else None
        if obj and instance is None:
            continue
        try:
            urls.append((route.name, reverse(route.name, kwargs=_kwargs(route, instance))))
        except NoReverseMatch:
            continue  # a kwarg test_access does not know how to fill: that test reports it
    upload = reverse("imports:upload")
    for kind, importer in sorted(registry.importers().items()):
        if registry.may_import(user, importer):
            urls.append(("imports:upload", f"{upload}?kind={kind}"))
    batch = apps.get_model("portal", "ImportBatch").objects.filter(user=user).first()
    if batch is not None:
        urls.append(("imports:batch", f"{reverse('imports:batch')}?token={batch.token}"))
    return urls


def _is_document(response) -> bool:
    return (response.status_code == 200
            and response["Content-Type"].startswith("text/html")
            and response.content.lstrip()[:15].lower() == b"<!doctype html>")


def role_pages(user) -> tuple[list[Page], list[str]]:
    """The user's pages, and the URLs that answer with a server error (each one a failure
    of the test that asked)."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    pages, broken = [], []
    for name, url in _urls(user):
        response = client.get(url)
        if response.status_code >= 500:
            broken.append(f"as {user.username}: {url} answered {response.status_code}")
        elif _is_document(response):
            pages.append(Page(name, url, response.content.decode()))
    return pages, broken


def every_role(world) -> list[tuple[object, list[Page]]]:
    """(user, pages) for every role of the world, after `one_of_everything`."""
    found, broken = [], []
    for role in ROLES:
        user = getattr(world, role)
        pages, errors = role_pages(user)
        found.append((user, pages))
        broken.extend(errors)
    assert not broken, "\n".join(broken)
    return found


def signed_in(browser, live_server, user, language="zh-hans", width=1280, height=900):
    """A browser context signed in as `user` (a test client's session cookie), in `language`,
    without the axe-core check of every load that the `page` fixture makes (the walks that
    use it read other things of the pages test_accessibility checks)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(15000)
    context.add_cookies([
        {"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
         "value": client.cookies[settings.SESSION_COOKIE_NAME].value},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    return context


def admin_pages(user) -> list[str]:
    """The administration's pages: its index, each app's index, and each model's list, add
    form and the change form of its first row."""
    urls = [reverse("admin:index")]
    for app_label in sorted({m._meta.app_label for m in admin.site._registry}):
        urls.append(reverse("admin:app_list", kwargs={"app_label": app_label}))
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(_request(user)):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return urls


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


# Written the same in Chinese: file formats, key names, date masks, and English's own name in
# the language picker.
SAME_IN_CHINESE = ["PDF", "Excel", "xlsx", "ICS", "Webhook", "Ctrl", "Control", "Command",
                   "Mac", "YYYY", "MM", "DD", "English"]

READ_TEXT = """([data, language, allowed]) => {
  const foreign = language === "en" ? /\\p{Script=Han}/u : /[A-Za-z]{2,}/;
  const ours = language === "en" ? "en" : "zh";
  const strip = (text) => {
    for (const value of data) if (text.includes(value)) text = text.split(value).join(" ");
    // Addresses, paths, file names and identifiers are not words of a language.
    if (language !== "en") text = text.replace(/\\S*[\\/.:_#@=?]\\S*/g, " ");
    if (language !== "en") for (const word of allowed) text = text.replace(
        new RegExp("\\\\b" + word + "\\\\b", "g"), " ");
    return text;
  };
  const skipped = (el) => el.closest("script, style, noscript, [translate=no]")
      || /^\\d+$/.test(el.closest("option")?.value || "")
      || !(el.closest("[lang]")?.getAttribute("lang") || ours).toLowerCase().startsWith(ours);
  const found = [];
  const check = (text, where) => {
    if (text && foreign.test(text) && foreign.test(strip(text)))
      found.push(where + ": " + text.trim().replace(/\\s+/g, " ").slice(0, 120));
  };
  check(document.title, "title");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!skipped(parent)) check(node.nodeValue, parent.tagName.toLowerCase());
  }
  const attributes = ["title", "alt", "placeholder", "aria-label", "data-label",
                      "aria-placeholder", "aria-roledescription"];
  for (const el of document.body.querySelectorAll("*")) {
    if (skipped(el)) continue;
    for (const name of attributes) if (el.hasAttribute(name)
        && !(name === "alt" && /\\/admin\\/img\\/icon-/.test(el.getAttribute("src") || "")))
      check(el.getAttribute(name), el.tagName.toLowerCase() + "[" + name + "]");
    if (el.matches("input[type=submit], input[type=button], input[type=reset]"))
      check(el.value, "input[value]");
  }
  return [...new Set(found)];
}"""


# What makes a page wider than the window: the elements reaching past its right edge that
# are not inside a box that scrolls or clips on its own (a wide table in .table-responsive).
TOO_WIDE = """() => {
  const width = window.innerWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if (overflow !== "visible") return true;
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1 && !clipped(el)) {
      const parent = el.parentElement && el.parentElement.getBoundingClientRect();
      if (parent && parent.right > width + 1 && !clipped(el.parentElement)) continue;
      found.push(el.outerHTML.slice(0, 120) + " (" + Math.round(box.right) + " px)");
    }
  }
  return [document.documentElement.scrollWidth, found.slice(0, 3)];
}"""


PHONE = (390, 844)


def phone_walk(browser, live_server, world, language, *, portal=True, admin=False):
    """Open every page of every role (`portal`) and the administration's (`admin`) at phone
    width in `language`; return the problems: a portal page wider than the screen (with a
    screenshot in test-artifacts/screenshots/), and text in the other language that is not
    data (test_languages's rule)."""
    from tests.browser.conftest import screenshot

    data = data_strings()
    problems, visited = [], 0
    for user, pages in every_role(world):
        urls = [(p.name, p.url, True) for p in pages] if portal else []
        if admin and user == world.admin:
            urls += [("admin", url, False) for url in admin_pages(user)]
        context = signed_in(browser, live_server, user, language, *PHONE)
        tab = context.new_page()
        for name, url, check_width in urls:
            where = f"as {user.username} in {language}: {url}"
            response = tab.goto(live_server.url + url)
            assert response.status == 200, f"{where} answered {response.status}"
            for text in tab.evaluate(READ_TEXT, [data, language, SAME_IN_CHINESE]):
                problems.append(f"{where}: other language: {text}")
            width, culprits = tab.evaluate(TOO_WIDE)
            if check_width and width > PHONE[0]:
                shot = screenshot(tab, f"phone-too-wide-{user.username}-{language}-"
                                       f"{name.replace(':', '-')}")
                problems.append(f"{where}: {width} px wide at {PHONE[0]} ({shot.name}):\n      "
                                + "\n      ".join(culprits))
            visited += 1
        context.close()
    return problems, visited


# The portal's own records: what it writes itself (notifications, built PDFs, imports, mail,
# logs, history) is portal text, not data, even when it is stored.
PORTAL_WRITTEN = {"Notification", "EvaluationReport", "ImportBatch", "OutgoingMessage",
                  "AccessEvent", "FormToken", "ReminderLog", "NotificationPreference"}


def data_strings() -> list[str]:
    """Every text people typed or imported: the values of every text field of every row
    (school and people's names, titles, descriptions…, and Django's permission names, which
    it stores in English), with the settings a page may show (the time zone); longest
    first."""
    values = {settings.TIME_ZONE}
    for model in apps.get_models():
        if model.__name__ in PORTAL_WRITTEN or model.__name__.startswith("Historical"):
            continue
        fields = [f.name for f in model._meta.concrete_fields
                  if isinstance(f, models.CharField | models.TextField) and not f.choices
                  and f.name != "password"]
        for row in model._default_manager.values_list(*fields) if fields else ():
            values.update(str(v).strip() for v in row if v)
    return sorted((v for v in values if len(v) >= 2), key=len, reverse=True)
