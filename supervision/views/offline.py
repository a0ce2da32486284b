"""Offline scores: download the plan's sheet; its upload is one of the imports (preview with
every error by row and column, confirm once: `supervision.offline.PlanSheetImporter`)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from portal.access import OFFICERS, role_required
from portal.excel import XLSX_TYPE
from portal.imports import services as imports
from portal.imports.views import batch_url
from portal.scoping import scoped_or_404
from supervision import offline
from supervision.forms import SheetUploadForm
from supervision.models import InspectionPlan


@role_required(*OFFICERS)
def scores_sheet(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = scoped_or_404(InspectionPlan.objects.all(), request.user, pk=plan_pk)
    response = HttpResponse(offline.build_sheet(plan, request.user).getvalue(),
                            content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="scores-plan-{plan.pk}.xlsx"'
    return response


@role_required(*OFFICERS)
def scores_upload(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = scoped_or_404(InspectionPlan.objects.all(), request.user, pk=plan_pk)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = imports.preview(user=request.user, kind=offline.PlanSheetImporter.kind,
                                    district=plan.district, upload=form.cleaned_data["file"],
                                    params={"plan": plan.pk})
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(batch_url(batch))
    return render(request, "supervision/scores_upload.html", {"plan": plan, "form": form})
