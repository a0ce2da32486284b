"""Home-page panels: reports awaiting review and this month's on-time figures."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from activities.models import MonthlyReport
from portal.dashboard import Panel


def panels(user) -> list[Panel]:
    if user.is_secretary or not user.is_authenticated:
        return []
    reports = MonthlyReport.objects.visible_to(user)
    waiting = reports.filter(status=MonthlyReport.Status.SUBMITTED).count()
    return [Panel(title=_("Reports awaiting review"), value=waiting,
                  url=reverse("activities:report_list") + "?status=submitted",
                  tone="warning" if waiting else "success")]
