"""Offline scores: download the plan's sheet, upload it, preview, confirm."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.access import OFFICERS, role_required
from portal.excel import XLSX_TYPE
from portal.scoping import scoped_or_404
from portal.services import run_service
from supervision import offline
from supervision.forms import SheetUploadForm
from supervision.models import InspectionPlan

SESSION_KEY = "supervision_sheet_%s"


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
    key = SESSION_KEY % plan.pk
    form = SheetUploadForm()
    preview = None
    if request.method == "POST" and request.POST.get("action") == "confirm":
        changes = request.session.pop(key, None)
        if not changes:
            messages.error(request, _("Upload the sheet again: the preview has expired."))
        elif run_service(request, lambda: offline.apply_changes(plan, request.user, changes),
                         _("%(n)s scores saved.") % {"n": len(changes)}):
            return redirect(plan)
    elif request.method == "POST":
        form = SheetUploadForm(request.POST, request.FILES)
        if form.is_valid():
            preview = offline.parse_sheet(plan, request.user, form.cleaned_data["file"])
            if preview["errors"]:
                request.session.pop(key, None)
            else:
                request.session[key] = preview["changes"]
    return render(request, "supervision/scores_upload.html",
                  {"plan": plan, "form": form, "preview": preview})
