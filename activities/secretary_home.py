"""The activities part of a secretary's home (`portal.views.secretary_home`): this month's
report and its deadline, and the school's compliance."""

from __future__ import annotations

from datetime import date

from activities import school_page
from activities.models import MonthlyReport, Semester
from activities.models.calendar import deadline_for


def context(request, school, today: date) -> dict:
    report = MonthlyReport.objects.filter(school=school, year=today.year,
                                          month=today.month).first()
    deadline = report.deadline if report else deadline_for(
        list(Semester.objects.filter(district_id=school.district_id).covering(
            today.year, today.month)), today.year, today.month)[0]
    return {"report": report, "deadline": deadline,
            "compliance": school_page.section(request, school)}
