"""The demo's evaluation summary: `seed_demo` asks for the current school year's district
summary once, as the leader would. The worker that `make run` starts builds it, so the
leader's first click downloads it. Enqueued after the seed's transaction commits (inside a
test's never-committed transaction it stays queued, and no PDF is built)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from portal.school_year import school_year_of
from reports import services
from reports.models import EvaluationReport


def seed(ctx) -> None:
    if ctx.district is None or EvaluationReport.objects.filter(district=ctx.district).exists():
        return
    period = school_year_of(ctx.today or timezone.localdate())
    report = EvaluationReport.objects.create(
        kind=EvaluationReport.Kind.DISTRICT, district=ctx.district,
        period_start=period.start, period_end=period.end, period_label=str(period.label),
        language="zh-hans", requested_by=ctx.users.get("lingdao"))
    transaction.on_commit(lambda: services.enqueue(report))
    ctx.log.append("Evaluation summary of the current school year requested.")
