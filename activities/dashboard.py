"""Home-page panels: reports awaiting review, and the submission rate and late schools of the
latest month whose deadline has passed (a month still before its deadline is not counted),
read from the registry (`activities.figures`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from portal import figures
from portal.dashboard import Panel


def submission_panels(found) -> list[Panel]:
    if found["month"] is None:
        return []
    year, month, deadline = found["month"]
    label = f"{year}-{month:02d}"
    ratio, late = found["reports.last_month_submitted"], found["reports.last_month_late"]
    return [
        Panel(_("Reports of %(month)s submitted") % {"month": label}, f"{ratio.percent or 0}%",
              reverse("activities:report_list") + f"?month={label}",
              _("%(done)s of %(all)s schools; deadline %(date)s") % {
                  "done": ratio.numerator, "all": ratio.denominator, "date": deadline},
              tone="success" if ratio.percent == 100 else "primary",
              key="reports.last_month_submitted"),
        Panel(_("Schools late with the %(month)s report") % {"month": label}, late,
              reverse("activities:overview") + f"?month={label}",
              _("not submitted by the deadline"), tone="danger" if late else "success",
              key="reports.last_month_late"),
    ]


def panels(user) -> list[Panel]:
    if user.is_secretary or not user.is_authenticated:
        return []
    found = figures.values("submission", figures.Scope(user=user))
    waiting = found["reports.awaiting_review"]
    return [Panel(title=figures.label("reports.awaiting_review"), value=waiting,
                  url=reverse("activities:report_list") + "?status=submitted",
                  tone="warning" if waiting else "success", key="reports.awaiting_review"),
            *submission_panels(found)]
