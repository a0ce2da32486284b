"""Shell pages: the role-aware home page (the to-do list first, then the role's figures) and
the notification list."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from portal.access import allow_read_only_post
from portal.dashboard import collect_panels
from portal.excel import wants_xlsx
from portal.exports import NotificationExport
from portal.models import Notification
from portal.plugins import app_modules


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on every site, before reading the page's <link rel=icon>:
    send them to the static file (public, like the sign-in page)."""
    return redirect(static("portal/favicon.ico"), permanent=True)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_secretary:
        return secretary_home(request)
    if user.is_organisation_department:
        return redirect("cadres:orgdep_home")
    if user.is_leader:  # leaders come for the evaluation summaries
        return redirect("reports")
    return render(request, "portal/home.html", {"panels": collect_panels(user)})


def secretary_home(request: HttpRequest) -> HttpResponse:
    """A secretary's home: their to-do list, this month's report and its deadline, open
    orders with due dates, the next inspection, their compliance; the school page a click
    away. Each app adds its part (`<app>/secretary_home.py` `context(request, school, today)`)."""
    school, today = request.user.school, timezone.localdate()
    context = {"school": school, "today": today}
    for module in app_modules("secretary_home"):
        context.update(module.context(request, school, today))
    return render(request, "portal/secretary_home.html", context)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's own notifications; ``?export=xlsx`` is the same list as Excel."""
    mine = Notification.objects.for_user(request.user)
    if wants_xlsx(request):
        return NotificationExport().response(mine, request.user)
    page = Paginator(mine, 25).get_page(request.GET.get("page"))
    return render(request, "portal/notifications.html", {"page_obj": page})


@allow_read_only_post
@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    return redirect("notifications")


@login_required
def todo_follow(request: HttpRequest) -> HttpResponse:
    """A to-do item's link: the page it names (``?to=``, a path of this site), with the user's
    unread notifications that link to that page marked read (one query): following the item
    is reading what announced it."""
    to = request.GET.get("to", "")
    if not to.startswith("/") or not url_has_allowed_host_and_scheme(
            to, allowed_hosts=None, require_https=request.is_secure()):
        return redirect("home")
    Notification.objects.for_user(request.user).unread().filter(url=to).update(
        read_at=timezone.now())
    return redirect(to)
