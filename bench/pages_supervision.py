from django.urls import reverse

from bench.framework import BenchContext, Page


def _current_plan(ctx: BenchContext):
    from supervision.models import InspectionPlan

    return InspectionPlan.objects.filter(district=ctx.district).order_by("-year").first()


def _logging_page(ctx: BenchContext) -> str:
    """The inspection-logging page of an inspection still being scored (the heaviest form)."""
    from supervision.models import Inspection

    inspection = (Inspection.objects.filter(plan=_current_plan(ctx), status="in_progress")
                  .order_by("pk").first()
                  or Inspection.objects.filter(plan=_current_plan(ctx)).order_by("pk").first())
    return inspection.get_absolute_url()


def pages(ctx: BenchContext) -> list[Page]:
    return [
        Page("inspection list", reverse("supervision:inspection_list"), "tuanqu",
             "/admin/supervision/inspection/"),
        # The admin's view of a plan's inspections is the inspection changelist for that plan.
        Page("plan progress", lambda c: _current_plan(c).get_absolute_url(), "tuanqu",
             lambda c: f"/admin/supervision/inspection/?plan__id__exact={_current_plan(c).pk}",
             rows=50),
        Page("inspection logging", _logging_page, "tuanqu", "/admin/supervision/inspection/"),
    ]
