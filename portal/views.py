"""Shell pages: the role-aware home dashboard and the notification list."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.access import allow_read_only_post
from portal.dashboard import collect_panels
from portal.models import Notification, Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_secretary:
        return redirect("schools:detail", school_pk=user.school_id)
    if user.role == Role.ORGANISATION_DEPARTMENT:
        return redirect("cadres:orgdep_home")
    if user.is_leader:  # leaders come for the evaluation summaries
        return redirect("reports")
    return render(request, "portal/home.html", {"panels": collect_panels(user)})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = Paginator(Notification.objects.for_user(request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/notifications.html", {"page_obj": page})


@allow_read_only_post
@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    return redirect("notifications")
