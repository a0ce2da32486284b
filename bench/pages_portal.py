"""The page every role lands on after signing in (each starts with the user's to-do list,
`portal.todo`), beside the admin's own home page; and an officer's calendar feed (the same
to-do list as iCalendar)."""

from django.test import Client

from bench.framework import BenchContext, Page

ADMIN_HOME = "/admin/"
# role: the demo user (portal/demo.py, schools/demo.py)
LANDING_USERS = {
    "district officer": "tuanqu",
    "education officer": "jiaowei",
    "organisation department": "zuzhibu",
    "leader": "lingdao",
    "school secretary": "qiujing",
}


def _landing(username: str):
    """Where `/` takes this user (the home page itself, or the page it redirects to)."""

    def url(ctx: BenchContext) -> str:
        from portal.models import User

        client = Client()
        client.force_login(User.objects.get(username=username))
        response = client.get("/")
        return response.url if response.status_code == 302 else "/"

    return url


def _admin_equivalent(username: str):
    """The admin's home page; for a secretary, whose home shows their school's reports, orders
    and compliance, the admin's page of that school."""
    if username != LANDING_USERS["school secretary"]:
        return ADMIN_HOME
    return lambda c: f"/admin/schools/school/{c.named_school().pk}/change/"


def _calendar_feed(username: str):
    def url(ctx: BenchContext) -> str:
        from portal.models import User
        from portal.preferences import NotificationPreference

        token = NotificationPreference.of(User.objects.get(username=username)).calendar_token
        return f"/calendar/{token}.ics"

    return url


def pages(ctx: BenchContext) -> list[Page]:
    return [
        *(Page(f"home: {role}", _landing(username), username, _admin_equivalent(username))
          for role, username in LANDING_USERS.items()),
        Page("calendar feed: district officer", _calendar_feed("tuanqu"), "tuanqu", ADMIN_HOME),
    ]
