"""Home-page panels: open and overdue rectification orders, this school year's inspection plan
(published of planned), read from the registry (`supervision.figures`)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal import figures
from portal.dashboard import Panel


def panels(user) -> list[Panel]:
    scope = figures.Scope(user=user)
    orders = figures.values("orders_now", scope)
    url = reverse("supervision:order_list")
    result = [
        Panel(figures.label("orders.open_now"), orders["orders.open_now"], url,
              key="orders.open_now"),
        Panel(figures.label("orders.overdue_now"), orders["orders.overdue_now"],
              url + "?overdue=true", tone="danger", key="orders.overdue_now"),
    ]
    if not user.is_secretary:
        plan = figures.values("plan", scope)
        ratio = plan["inspections.plan_published"]
        result.append(Panel(
            figures.label("inspections.plan_published"),
            f"{ratio.numerator} / {ratio.denominator}", reverse("supervision:plan_list"),
            note=_("%(pct)s%% published · %(n)s overdue meeting actions") % {
                "pct": ratio.percent or 0, "n": plan["actions.overdue_now"]},
            key="inspections.plan_published"))
    return result
