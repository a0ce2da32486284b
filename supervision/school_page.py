"""The supervision section of a school's page: inspection history with totals, score per
indicator over the years, and rectification orders (4 queries whatever the history); the
same history as an Excel sheet."""

from django.template.loader import render_to_string

from supervision.models import Inspection, RectificationOrder, Score


def school_history(user, school) -> dict:
    """The inspections of `school` the user may see, and the published ones' scores as an
    indicator × inspection matrix."""
    inspections = list(Inspection.objects.visible_to(user).filter(school=school)
                       .select_related("plan", "standard").with_total()
                       .order_by("planned_date"))
    columns = [i for i in inspections if i.is_published]
    cells = {}
    indicators = {}
    for s in (Score.objects.filter(inspection__in=[i.pk for i in columns])
              .select_related("indicator").order_by("indicator__order")):
        indicators.setdefault(s.indicator.code, s.indicator.title)
        cells[(s.indicator.code, s.inspection_id)] = "N/A" if s.not_applicable else s.score
    matrix = [(code, title, [cells.get((code, i.pk)) for i in columns])
              for code, title in indicators.items()]
    return {"inspections": inspections, "columns": columns, "matrix": matrix}


def section(request, school) -> str | None:
    history = school_history(request.user, school)
    orders = list(RectificationOrder.objects.visible_to(request.user)
                  .filter(inspection__school=school)
                  .select_related("finding__indicator").order_by("-due_date"))
    if not history["inspections"] and not orders:
        return None
    return render_to_string("supervision/_school_section.html", {
        "school": school, "orders": orders, **history}, request=request)
