"""The page every role lands on after signing in, beside the admin's own home page."""

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
    """The admin's home page; for a secretary, whose home is their school's page, the admin's
    page of that school."""
    if username != LANDING_USERS["school secretary"]:
        return ADMIN_HOME
    return lambda c: f"/admin/schools/school/{c.named_school().pk}/change/"


def pages(ctx: BenchContext) -> list[Page]:
    return [
        Page(f"home: {role}", _landing(username), username, _admin_equivalent(username))
        for role, username in LANDING_USERS.items()
    ]
