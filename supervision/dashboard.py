"""Home-page panels: open and overdue rectification orders, inspections this year."""

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
    result = [
        Panel(_("Open rectification orders"), orders.open().count(), url),
        Panel(_("Overdue rectification orders"), orders.overdue().count(), url + "?overdue=true",
              tone="danger"),
    ]
    if not user.is_secretary:
        result.append(Panel(
            _("Inspections this school year"),
            Inspection.objects.visible_to(user).filter(plan__year=start_year).count(),
            reverse("supervision:inspection_list"),
            note=_("%(n)s overdue meeting actions") % {
                "n": ActionItem.objects.visible_to(user).overdue().count()}))
    return result
