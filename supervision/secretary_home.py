"""The supervision part of a secretary's home (`portal.views.secretary_home`): open
rectification orders with their due dates, and the next inspection."""

from __future__ import annotations

from datetime import date

from supervision.models import Inspection, RectificationOrder


def context(request, school, today: date) -> dict:
    user = request.user
    orders = RectificationOrder.objects.visible_to(user).open()
    return {"orders": list(orders.order_by("due_date", "pk")[:5]),
            "order_count": orders.count(),
            "next_inspection": Inspection.objects.for_self_assessment(user)
            .order_by("planned_date", "pk").first()}
