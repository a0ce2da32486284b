"""Cadres and their posts, and the district's "Posts and concurrent posts" page."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from cadres import leadership
from cadres.exports import CadreExport, MoralPostExport, PostExport
from cadres.filters_people import CadreFilter
from cadres.forms_people import CadreForm, PostEndForm, PostForm
from cadres.models import AreaMeeting, Cadre, Post
from cadres.services import people as services
from cadres.tables_people import CadreTable
from portal.access import (
    DISTRICT_READERS,
    READERS,
    SCHOOL_EDITORS,
    RoleRequiredMixin,
    role_required,
)
from portal.excel import wants_xlsx
from portal.lists import TablePaginationMixin
from portal.models import District
from portal.scoping import scoped_or_404
from portal.services import run_service

PAGE_SIZE = 25  # the admin's Cadre changelist shows as many (`cadres.admin`)


def chosen_district(request) -> tuple[int | None, list[District]]:
    """The district a page shows, and the districts to choose from. District users see their
    own (``?district=`` is ignored); city-wide users choose one (by default the first)."""
    user = request.user
    if not user.is_city_wide:
        return user.district_id, []
    districts = list(District.objects.order_by("name"))
    chosen = request.GET.get("district", "")
    district_id = next((d.pk for d in districts if str(d.pk) == chosen), None)
    if district_id is None:
        district_id = user.district_id or (districts[0].pk if districts else None)
    return district_id, districts


def _editing_district(request) -> District:
    if request.user.district is None:
        raise Http404
    return request.user.district


class CadreListView(RoleRequiredMixin, TablePaginationMixin, SingleTableMixin, FilterView):
    allowed_roles = READERS
    table_class = CadreTable
    filterset_class = CadreFilter
    table_pagination = {"per_page": PAGE_SIZE}  # one COUNT (not a second from ListView)
    template_name = "cadres/cadre_list.html"

    def get_queryset(self):
        cadres = Cadre.objects.visible_to(self.request.user).with_current_posts()
        if Cadre.sees_personal_data(self.request.user):
            # The records of the same person at other workplaces, in the page's query.
            cadres = cadres.with_records_elsewhere()
        return cadres

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_table_kwargs(self):
        return {"user": self.request.user}

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        export = request.GET.get("export")
        if export in ("xlsx", "posts"):
            cadres = CadreFilter(request.GET, queryset=self.get_queryset(), user=request.user).qs
            if export == "posts":  # every post (current or past) of the cadres kept
                posts = Post.objects.visible_to(request.user).filter(
                    cadre__in=cadres.values("pk"))
                return PostExport().response(posts, request.user)
            return CadreExport().response(cadres, request.user)
        return super().get(request, *args, **kwargs)


@require_safe
@role_required(*READERS)
def cadre_detail(request: HttpRequest, cadre_pk: int) -> HttpResponse:
    cadre = scoped_or_404(Cadre.objects.select_related("school", "organisation", "district"),
                          request.user, pk=cadre_pk)
    if request.GET.get("export") == "posts":  # the timeline, current and past
        return PostExport().response(cadre.posts.all(), request.user, title=cadre.name,
                                     filename=f"cadre-{cadre.pk}-posts.xlsx")
    today = timezone.localdate()
    posts = list(cadre.posts.select_related("school", "organisation", "appointed_by",
                                            "document").order_by("-start", "-pk"))
    meetings = (AreaMeeting.objects.visible_to(request.user).filter(attending_cadres=cadre)
                .order_by("-held_on")[:10])
    elsewhere = []
    if cadre.id_number and Cadre.sees_personal_data(request.user):
        # The same identity number at other workplaces: only for the roles that see full
        # numbers (to anyone else it would tell that the number exists elsewhere).
        elsewhere = list(Cadre.objects.visible_to(request.user).filter(
            district_id=cadre.district_id, id_number=cadre.id_number).exclude(pk=cadre.pk)
            .select_related("school", "organisation").order_by("pk"))
    return render(request, "cadres/cadre_detail.html", {
        "cadre": cadre, "today": today,
        "current_posts": [p for p in posts if p.is_current(today)],
        "past_posts": [p for p in posts if not p.is_current(today)],
        "meetings": meetings, "elsewhere": elsewhere,
        "phone": cadre.phone_for(request.user),
        "id_number": cadre.id_number_for(request.user),
        "can_edit": services.can_edit_cadre(request.user, cadre),
    })


def _form_page(request, form, *, title: str, back: str, success: str):
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, success)
        return redirect(saved if isinstance(saved, Cadre) else saved.cadre)
    return render(request, "cadres/people_form.html", {"form": form, "title": title,
                                                       "back": back})


@role_required(*SCHOOL_EDITORS)
def cadre_create(request: HttpRequest) -> HttpResponse:
    form = CadreForm(request.POST or None, user=request.user,
                     district=_editing_district(request))
    return _form_page(request, form, title=_("New cadre"), back="/cadres/",
                      success=_("Cadre recorded."))


@role_required(*SCHOOL_EDITORS)
def cadre_update(request: HttpRequest, cadre_pk: int) -> HttpResponse:
    cadre = scoped_or_404(Cadre.objects.select_related("school"), request.user, pk=cadre_pk)
    services.check_can_edit_cadre(request.user, cadre)
    form = CadreForm(request.POST or None, instance=cadre, user=request.user,
                     district=cadre.district)
    return _form_page(request, form, title=_("Edit %(name)s") % {"name": cadre},
                      back=cadre.get_absolute_url(), success=_("Changes saved."))


@role_required(*SCHOOL_EDITORS)
def post_create(request: HttpRequest, cadre_pk: int) -> HttpResponse:
    cadre = scoped_or_404(Cadre.objects.select_related("district"), request.user, pk=cadre_pk)
    services.check_can_edit_cadre(request.user, cadre)
    form = PostForm(request.POST or None, user=request.user, cadre=cadre)
    return _form_page(request, form, title=_("New post of %(name)s") % {"name": cadre},
                      back=cadre.get_absolute_url(), success=_("Post recorded."))


@role_required(*SCHOOL_EDITORS)
def post_update(request: HttpRequest, post_pk: int) -> HttpResponse:
    post = scoped_or_404(Post.objects.select_related("cadre__district"), request.user,
                         pk=post_pk)
    services.check_can_edit_cadre(request.user, post.cadre)
    form = PostForm(request.POST or None, instance=post, user=request.user, cadre=post.cadre)
    return _form_page(request, form, title=_("Edit post %(post)s") % {"post": post.title},
                      back=post.cadre.get_absolute_url(), success=_("Changes saved."))


@role_required(*SCHOOL_EDITORS)
def post_end(request: HttpRequest, post_pk: int) -> HttpResponse:
    """Ask for the last day, then end the post (it stays in the timeline)."""
    post = scoped_or_404(Post.objects.select_related("cadre"), request.user, pk=post_pk)
    services.check_can_edit_cadre(request.user, post.cadre)
    form = PostEndForm(request.POST or None, initial={"end": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        ended = run_service(request, lambda: services.post_end(
            post=post, user=request.user, end=form.cleaned_data["end"]), _("Post ended."))
        if ended:
            return redirect(post.cadre)
    return render(request, "cadres/post_end.html", {"form": form, "post": post})


@require_safe
@role_required(*DISTRICT_READERS)
def leadership_page(request: HttpRequest) -> HttpResponse:
    district_id, districts = chosen_district(request)
    schools = leadership.schools_and_moral_posts(district_id)
    counts = leadership.moral_post_counts(schools)
    holds = request.GET.get("holds", "")
    if holds in ("yes", "no"):
        schools = schools.filter(moral_post=holds == "yes")
    if wants_xlsx(request):
        return MoralPostExport().response(schools, request.user)
    if request.GET.get("export") == "posts":  # concurrent posts, directors, research staff
        return PostExport().response(leadership.leadership_post_queryset(district_id),
                                     request.user, title=_("Concurrent posts"),
                                     filename="concurrent-posts.xlsx")
    page = Paginator(schools, 50).get_page(request.GET.get("page"))
    return render(request, "cadres/leadership.html", {
        **leadership.leadership_posts(district_id),
        "page_obj": page, "schools": leadership.attach_school_posts(list(page.object_list)),
        "counts": counts, "holds": holds, "district_id": district_id, "districts": districts,
    })
