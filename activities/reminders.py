"""The district setting the daily reminders read (`portal.reminders`): how many days before
an item is due its reminder goes out (`ActivitiesSettings.reminder_days_before`)."""

from __future__ import annotations

from activities.models import ActivitiesSettings


def days_before(district_id) -> int | None:
    return (ActivitiesSettings.objects.filter(district_id=district_id)
            .values_list("reminder_days_before", flat=True).first())
