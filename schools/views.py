"""School pages: list, detail, and the forms that keep a school's records."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from portal import access
from portal.access import (
    DISTRICT_EDITORS,
    READERS,
    SCHOOL_EDITORS,
    RoleRequiredMixin,
    ScopedQuerysetMixin,
)
from portal.lists import TablePaginationMixin
from portal.scoping import scoped_or_404
from schools.exports import (
    BranchExport,
    HonourExport,
    PairingExport,
    SchoolExport,
    SchoolUnitExport,
)
from schools.filters import SchoolFilter
from schools.forms import (
    BranchForm,
    HonourForm,
    PairingForm,
    SchoolForm,
    SchoolUnitForm,
    SecretarySchoolForm,
)
from schools.models import Branch, CommunityPairing, Honour, School, SchoolUnit
from schools.sections import school_sections
from schools.tables import SchoolTable


class SchoolListView(RoleRequiredMixin, TablePaginationMixin, SingleTableMixin, FilterView):
    allowed_roles = READERS
    table_class = SchoolTable
    filterset_class = SchoolFilter
    paginate_by = 25
    template_name = "schools/school_list.html"

    def get_queryset(self):
        return School.objects.visible_to(self.request.user).with_counts()

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        export = request.GET.get("export")
        if export in ("xlsx", "branches", "honours"):
            schools = self.filterset_class(request.GET, queryset=self.get_queryset()).qs
            if export == "honours":  # the honours of the schools the filters keep
                honours = Honour.objects.visible_to(request.user).filter(
                    school__in=schools.values("pk"))
                return HonourExport().response(honours, request.user)
            if export == "branches":  # the branches of the schools the filters keep
                branches = Branch.objects.visible_to(request.user).filter(
                    school__in=schools.values("pk"))
                return BranchExport().response(branches, request.user)
            return SchoolExport().response(schools, request.user)
        return super().get(request, *args, **kwargs)


class SchoolDetailView(ScopedQuerysetMixin, DetailView):
    allowed_roles = READERS
    model = School
    pk_url_kwarg = "school_pk"
    template_name = "schools/school_detail.html"

    # ``?export=<name>``: one of the page's tables as Excel (its rows, through the user's scope).
    EXPORTS = {"units": (SchoolUnit, SchoolUnitExport), "pairings": (CommunityPairing,
                                                                     PairingExport),
               "branches": (Branch, BranchExport), "honours": (Honour, HonourExport)}

    def get_queryset(self):
        return super().get_queryset().select_related("district").prefetch_related(
            "units", "branches", "honours", "pairings"
        )

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        found = self.EXPORTS.get(request.GET.get("export"))
        if found is None:
            return super().get(request, *args, **kwargs)
        model, export = found
        school = self.get_object()  # 404 outside the user's scope
        return export().response(school_rows(model, request.user, school), request.user,
                                 filename=f"{school.name}-{export.filename}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        school = self.object
        user = self.request.user
        context.update(
            can_edit=access.edits_school(user, school),
            can_manage=access.edits_district(user, school.district_id),
            sections=school_sections(self.request, school),
        )
        return context


def school_rows(model, user, school):
    """The rows of one of a school page's tables (units, branches, honours, pairings) the
    user may see."""
    return model.objects.visible_to(user).filter(school=school)


class SchoolCreateView(RoleRequiredMixin, CreateView):
    allowed_roles = DISTRICT_EDITORS
    model = School
    form_class = SchoolForm
    template_name = "schools/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        messages.success(self.request, _("School “%(name)s” created.") % {"name": form.instance})
        return super().form_valid(form)


class SchoolUpdateView(ScopedQuerysetMixin, UpdateView):
    allowed_roles = SCHOOL_EDITORS
    model = School
    pk_url_kwarg = "school_pk"
    template_name = "schools/form.html"

    def get_form_class(self):
        return SecretarySchoolForm if self.request.user.is_secretary else SchoolForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if not self.request.user.is_secretary:
            kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        messages.success(self.request, _("Changes saved."))
        return super().form_valid(form)


class SchoolChildMixin(ScopedQuerysetMixin):
    """Create, edit and delete a school's records. The school comes from the URL (create) or
    the object (edit, delete), always through the user's scope."""

    template_name = "schools/form.html"

    def get_school(self) -> School:
        if not hasattr(self, "_school"):
            if "school_pk" in self.kwargs:
                self._school = scoped_or_404(
                    School.objects, self.request.user, pk=self.kwargs["school_pk"]
                )
            else:
                self._school = self.get_object().school
        return self._school

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school": self.get_school()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "school": self.get_school()}

    def get_success_url(self) -> str:
        return self.get_school().get_absolute_url()

    def form_valid(self, form):
        messages.success(self.request, _("Changes saved."))
        return super().form_valid(form)


class SchoolChildDeleteMixin(SchoolChildMixin):
    template_name = "schools/confirm_delete.html"

    def get_form_kwargs(self):
        return super(SchoolChildMixin, self).get_form_kwargs()

    def form_valid(self, form):
        messages.success(self.request, _("Deleted."))
        return super(SchoolChildMixin, self).form_valid(form)


class UnitUpdateView(SchoolChildMixin, UpdateView):
    allowed_roles = SCHOOL_EDITORS
    model = SchoolUnit
    form_class = SchoolUnitForm
    pk_url_kwarg = "unit_pk"

    def get_form_kwargs(self):
        return super(SchoolChildMixin, self).get_form_kwargs()


class BranchCreateView(SchoolChildMixin, CreateView):
    allowed_roles = SCHOOL_EDITORS
    model = Branch
    form_class = BranchForm


class BranchUpdateView(SchoolChildMixin, UpdateView):
    allowed_roles = SCHOOL_EDITORS
    model = Branch
    form_class = BranchForm
    pk_url_kwarg = "branch_pk"


class BranchDeleteView(SchoolChildDeleteMixin, DeleteView):
    allowed_roles = SCHOOL_EDITORS
    model = Branch
    pk_url_kwarg = "branch_pk"


class HonourCreateView(SchoolChildMixin, CreateView):
    allowed_roles = DISTRICT_EDITORS
    model = Honour
    form_class = HonourForm


class HonourUpdateView(SchoolChildMixin, UpdateView):
    allowed_roles = DISTRICT_EDITORS
    model = Honour
    form_class = HonourForm
    pk_url_kwarg = "honour_pk"


class HonourDeleteView(SchoolChildDeleteMixin, DeleteView):
    allowed_roles = DISTRICT_EDITORS
    model = Honour
    pk_url_kwarg = "honour_pk"


class PairingCreateView(SchoolChildMixin, CreateView):
    allowed_roles = DISTRICT_EDITORS
    model = CommunityPairing
    form_class = PairingForm


class PairingUpdateView(SchoolChildMixin, UpdateView):
    allowed_roles = DISTRICT_EDITORS
    model = CommunityPairing
    form_class = PairingForm
    pk_url_kwarg = "pairing_pk"


class PairingDeleteView(SchoolChildDeleteMixin, DeleteView):
    allowed_roles = DISTRICT_EDITORS
    model = CommunityPairing
    pk_url_kwarg = "pairing_pk"
