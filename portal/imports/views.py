"""Import pages shared by every register: the template, the upload form, the preview (what
would be created, updated and skipped, and every error by row and column), the confirm, and
the progress of a large file imported in the background."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from portal.excel import wants_xlsx, xlsx_response
from portal.forms import PortalFormMixin
from portal.imports import registry, services
from portal.imports.models import ImportBatch
from portal.imports.reader import limits
from portal.imports.template import build_template
from portal.models import District
from portal.services import run_service

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(PortalFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    district = forms.ModelChoiceField(label=gettext_lazy("District"),
                                      queryset=District.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_city_wide and not user.district_id:
            self.fields["district"].queryset = District.objects.all()
            self.fields["district"].required = True
        else:
            del self.fields["district"]

    def chosen_district(self):
        if "district" in self.fields:
            return self.cleaned_data["district"]
        return self.user.district


def _list_url(importer_class, params: dict | None = None) -> str:
    own = getattr(importer_class, "back_url", None)
    if own is not None:  # a sheet uploaded from a record's page goes back to it
        return own(params or {})
    try:
        return reverse(importer_class.list_url)
    except NoReverseMatch:
        return reverse("home")


def _batch(request) -> ImportBatch:
    # Only the user who uploaded a file sees its preview and result.
    try:
        token = uuid.UUID(request.GET.get("token", ""))
    except ValueError:
        raise Http404 from None
    return get_object_or_404(ImportBatch.objects.select_related("district"), token=token,
                             user=request.user)


def batch_url(batch: ImportBatch) -> str:
    return f"{reverse('imports:batch')}?token={batch.token}"


def _kind(request) -> str:
    return request.GET.get("kind", "")[:40]


def _standalone(importer_class):
    """Kinds uploaded from a record's page (a plan's offline score sheet) have no page here."""
    if not getattr(importer_class, "standalone", True):
        raise Http404
    return importer_class


def _upload_url(importer_class, batch: ImportBatch) -> str:
    own = getattr(importer_class, "upload_url", None)
    if own is not None:
        return own(batch.params or {})
    return f"{reverse('imports:upload')}?kind={batch.kind}"


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    kind = _kind(request)
    importer_class = _standalone(registry.for_user(request.user, kind))
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        # The file's type, size and content are judged by the import reader, which tells an
        # old .xls, a password-protected file or a zip bomb apart from any other file.
        try:
            batch = services.preview(user=request.user, kind=kind, district=form.chosen_district(),
                                     upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(batch_url(batch))
    return render(request, "portal/imports/upload.html", {
        "form": form, "importer": importer_class, "kind": kind,
        "list_url": _list_url(importer_class), "max_rows": limits()["rows"],
        "background_rows": services.background_rows()})


@login_required
@require_GET
def template(request: HttpRequest) -> HttpResponse:
    kind = _kind(request)
    importer_class = _standalone(registry.for_user(request.user, kind))
    response = HttpResponse(build_template(importer_class), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.xlsx"'
    return response


@login_required
def batch(request: HttpRequest) -> HttpResponse:
    batch = _batch(request)
    importer_class = registry.for_user(request.user, batch.kind)
    result = batch.result or {}
    if wants_xlsx(request) and result.get("errors"):
        # Every error of the file, to work through beside it in Excel.
        return xlsx_response(
            f"{batch.kind}-errors.xlsx", _("Import errors"),
            [_("Row"), _("Column"), _("Problem")],
            ([e["row"] or None, e["column"], e["message"]] for e in result["errors"]))
    errors = Paginator(result.get("errors", []), 200).get_page(request.GET.get("page"))
    context = {"batch": batch, "importer": importer_class, "result": result,
               "errors": errors, "page_obj": errors,
               "list_url": _list_url(importer_class, batch.params),
               "upload_url": _upload_url(importer_class, batch)}
    if request.htmx and request.GET.get("partial"):
        if batch.status == ImportBatch.Status.PREVIEWED:
            # The worker has checked the file: the whole page shows its preview.
            return HttpResponseClientRefresh()
        return render(request, "portal/imports/_progress.html", context)
    return render(request, "portal/imports/batch.html", context)


@login_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    batch = _batch(request)
    registry.for_user(request.user, batch.kind)
    run_service(request, lambda: services.confirm(batch=batch, user=request.user))
    return redirect(batch_url(batch))
