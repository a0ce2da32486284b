"""The register of joint documents (联合发文): list, detail, create/edit, PDF download."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from cadres.citations import citations
from cadres.filters_people import DocumentFilter
from cadres.forms_people import DocumentForm
from cadres.models import Document
from cadres.services import documents as services
from cadres.tables_people import DocumentTable
from cadres.views.people import _editing_district
from portal import access
from portal.access import DISTRICT_EDITORS, READERS, RoleRequiredMixin, role_required
from portal.excel import xlsx_response
from portal.lists import TablePaginationMixin
from portal.scoping import scoped_or_404
from portal.services import run_service
from portal.uploads import serve_upload


class DocumentListView(RoleRequiredMixin, TablePaginationMixin, SingleTableMixin, FilterView):
    allowed_roles = READERS
    table_class = DocumentTable
    filterset_class = DocumentFilter
    table_pagination = {"per_page": 25}
    template_name = "cadres/document_list.html"

    def get_queryset(self):
        return Document.objects.visible_to(self.request.user).prefetch_related("issuers")

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            documents = DocumentFilter(request.GET, queryset=self.get_queryset(),
                                       user=request.user).qs
            return xlsx_response("documents.xlsx", _("Joint documents"),
                                 DocumentTable.export_headers(),
                                 (DocumentTable.export_row(d) for d in documents))
        return super().get(request, *args, **kwargs)


@require_safe
@role_required(*READERS)
def document_detail(request: HttpRequest, document_pk: int) -> HttpResponse:
    document = scoped_or_404(
        Document.objects.select_related("standard", "allocation__fund",
                                        "allocation__campaign", "allocation__school")
        .prefetch_related("issuers"), request.user, pk=document_pk)
    user = request.user
    return render(request, "cadres/document_detail.html", {
        "document": document, "citations": citations(document, user),
        "can_edit": access.edits_district(user, document.district_id),
        "sees_funds": not user.is_secretary,
    })


def _document_form_page(request, form, *, title: str, back: str, success: str):
    if request.method == "POST" and form.is_valid():
        saved = []
        if run_service(request, lambda: saved.append(
                services.document_save(form=form, user=request.user)), success):
            return redirect(saved[0])
    return render(request, "cadres/people_form.html", {"form": form, "title": title,
                                                       "back": back})


@role_required(*DISTRICT_EDITORS)
def document_create(request: HttpRequest) -> HttpResponse:
    # a number recorded before it was registered (a secondment's approval) comes filled in
    initial = {k: request.GET[k][:80] for k in ("number", "kind", "direction")
               if request.GET.get(k)}
    form = DocumentForm(request.POST or None, request.FILES or None, initial=initial,
                        district=_editing_district(request))
    return _document_form_page(request, form, title=_("Register a joint document"),
                               back="/cadres/documents/", success=_("Document registered."))


@role_required(*DISTRICT_EDITORS)
def document_update(request: HttpRequest, document_pk: int) -> HttpResponse:
    document = scoped_or_404(Document.objects.all(), request.user, pk=document_pk)
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document,
                        district=document.district)
    return _document_form_page(request, form, title=_("Edit %(document)s")
                               % {"document": document.number},
                               back=document.get_absolute_url(), success=_("Changes saved."))


@require_safe
@role_required(*READERS)
def document_file(request: HttpRequest, document_pk: int) -> HttpResponse:
    document = scoped_or_404(Document.objects.all(), request.user, pk=document_pk)
    return serve_upload(document.file, document.original_name or f"{document.number}.pdf",
                        inline_images=False)


