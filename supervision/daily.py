"""The supervision part of the daily job (`manage.py send_report_reminders`): the group robots
that follow it post the district's rectification orders past their due date."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from portal import robots
from portal.links import absolute
from portal.notices import Topic
from supervision.handovers import ORDERS_PAST_DUE
from supervision.models import RectificationOrder


def run(district, today: date, write) -> int:
    followers = robots.robots_for(district.pk, Topic.SUMMARY_ORDERS_PAST_DUE)
    if not followers:
        return 0
    orders = list(RectificationOrder.objects.filter(inspection__school__district=district)
                  .overdue(today).select_related("inspection__school")
                  .order_by("due_date", "pk"))
    if not orders:
        return 0
    params = {"date": today.isoformat(), "count": len(orders)}
    url = reverse("supervision:order_list")
    for robot in followers:
        with override(robot.language):
            lines = [f"- {robots.md_text(o.inspection.school)} · {o.due_date}: "
                     + _("%(days)d days late") % {"days": (today - o.due_date).days}
                     + f" · [{_('Open')}]({absolute(o.get_absolute_url())})"
                     for o in orders[:30]]
        robots.post_daily_summary(robot, ORDERS_PAST_DUE, params, url, lines, today)
    return 0
