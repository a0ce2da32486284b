"""Home-page panels: open and overdue rectification orders, this school year's inspection plan
(published of planned)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.dashboard import Panel
from supervision.models import ActionItem, Inspection, RectificationOrder


def panels(user) -> list[Panel]:
    orders = RectificationOrder.objects.visible_to(user)
    today = timezone.localdate()
    start_year = today.year if today.month >= 9 else today.year - 1
    url = reverse("supervision:order_list")
    # `open()` and `overdue()` counted in one query
    still_open = ~Q(status=RectificationOrder.Status.CLOSED)
    counts = orders.aggregate(open=Count("pk", filter=still_open),
                              overdue=Count("pk", filter=still_open & Q(due_date__lt=today)))
    result = [
        Panel(_("Open rectification orders"), counts["open"], url),
        Panel(_("Overdue rectification orders"), counts["overdue"], url + "?overdue=true",
              tone="danger"),
    ]
    if not user.is_secretary:
        year = Inspection.objects.visible_to(user).filter(plan__year=start_year).aggregate(
            total=Count("pk"), published=Count("pk", filter=Q(status=Inspection.Status.PUBLISHED)))
        done = round(100 * year["published"] / year["total"]) if year["total"] else 0
        result.append(Panel(
            _("This year's inspection plan"), f"{year['published']} / {year['total']}",
            reverse("supervision:plan_list"),
            note=_("%(pct)s%% published · %(n)s overdue meeting actions") % {
                "pct": done, "n": ActionItem.objects.visible_to(user).overdue().count()}))
    return result
