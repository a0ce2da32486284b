"""The supervision section of a school's page: inspection history with totals, score per
indicator over the years, and rectification orders (4 queries whatever the history)."""

from django.template.loader import render_to_string

from supervision.models import Inspection, RectificationOrder, Score


def section(request, school) -> str | None:
    user = request.user
    inspections = list(Inspection.objects.visible_to(user).filter(school=school)
                       .select_related("plan", "standard").with_total()
                       .order_by("planned_date"))
    orders = list(RectificationOrder.objects.visible_to(user).filter(inspection__school=school)
                  .select_related("finding__indicator").order_by("-due_date"))
    if not inspections and not orders:
        return None
    published = [i.pk for i in inspections if i.is_published]
    cells = {}
    indicators = {}
    for s in (Score.objects.filter(inspection_id__in=published)
              .select_related("indicator").order_by("indicator__order")):
        indicators.setdefault(s.indicator.code, s.indicator.title)
        cells[(s.indicator.code, s.inspection_id)] = "N/A" if s.not_applicable else s.score
    columns = [i for i in inspections if i.is_published]
    matrix = [(code, title, [cells.get((code, i.pk)) for i in columns])
              for code, title in indicators.items()]
    return render_to_string("supervision/_school_section.html", {
        "school": school, "inspections": inspections, "orders": orders,
        "columns": columns, "matrix": matrix}, request=request)
