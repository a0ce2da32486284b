"""The school page's section: the school's own compliance row for the current semester and
its recent reports (a constant number of queries)."""

from __future__ import annotations

from django.template.loader import render_to_string

from activities import compliance
from activities.models import MonthlyReport, Semester
from activities.views.courses import current_semester


def section(request, school) -> str | None:
    semester = current_semester(school.district_id)
    rows = compliance.grid([school], [semester]) if semester else []
    reports = (MonthlyReport.objects.filter(school=school).order_by("-year", "-month")[:6])
    return render_to_string("activities/_school_section.html", {
        "semester": semester, "row": rows[0] if rows else None,
        "months": compliance.months_of([semester]) if semester else [],
        "reports": reports, "school": school,
    }, request=request)


__all__ = ["section", "Semester"]
