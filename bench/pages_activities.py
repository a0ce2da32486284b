from django.urls import reverse
from django.utils import timezone

from bench.framework import BenchContext, Page


def _current_report(ctx: BenchContext) -> str:
    from activities.models import MonthlyReport

    today = timezone.localdate()
    report = MonthlyReport.objects.get(school=ctx.named_school(), year=today.year,
                                       month=today.month)
    return report.get_absolute_url()


def pages(ctx: BenchContext) -> list[Page]:
    return [
        Page("activity report list", reverse("activities:report_list"), "tuanqu",
             admin_url="/admin/activities/monthlyreport/"),
        Page("activity report form", _current_report, "qiujing",
             admin_url="/admin/activities/monthlyreport/"),
        Page("compliance grid", reverse("activities:compliance"), "tuanqu",
             admin_url="/admin/activities/monthlyreport/", rows=50),
    ]
