"""Coordination meetings (联系会议) and their action items."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import access
from portal.access import DISTRICT_READERS, OFFICERS, role_required
from portal.excel import wants_xlsx
from portal.scoping import scoped_or_404
from portal.services import run_service
from supervision import handovers, services
from supervision.exports import ActionItemExport, MeetingExport
from supervision.forms import ActionItemForm, MeetingForm
from supervision.models import ActionItem, CoordinationMeeting
from supervision.views.common import save_form_page


@role_required(*DISTRICT_READERS)
def meeting_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    meetings = CoordinationMeeting.objects.visible_to(request.user).annotate(
        open_actions=Count("action_items", filter=Q(action_items__done_at__isnull=True)),
        overdue_actions=Count("action_items", filter=Q(action_items__done_at__isnull=True,
                                                       action_items__due_date__lt=today)))
    if wants_xlsx(request):
        return MeetingExport().response(meetings, request.user)
    if request.GET.get("export") == "actions":  # the action items of the meetings listed
        return ActionItemExport().response(
            meeting_actions(request.user, meetings.values("pk")), request.user)
    return render(request, "supervision/meeting_list.html", {"meetings": meetings})


def meeting_actions(user, meetings):
    """The action items of `meetings` (a meeting, or a queryset of meetings' pks) the user may
    see, as a meeting's page lists them."""
    actions = ActionItem.objects.visible_to(user)
    if isinstance(meetings, CoordinationMeeting):
        return actions.filter(meeting=meetings)
    return actions.filter(meeting__in=meetings)


@role_required(*DISTRICT_READERS)
def meeting_detail(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = scoped_or_404(CoordinationMeeting.objects.select_related("document")
                            .prefetch_related("attendees"), request.user, pk=meeting_pk)
    if wants_xlsx(request):
        return ActionItemExport().response(meeting_actions(request.user, meeting), request.user,
                                           filename=f"{meeting.date:%Y%m%d}-action-items.xlsx")
    is_officer = access.officer_of(request.user, meeting.district_id)
    return render(request, "supervision/meeting_detail.html", {
        "meeting": meeting, "is_officer": is_officer,
        "actions": meeting_actions(request.user, meeting).select_related("owner", "done_by"),
        "action_form": ActionItemForm(district=meeting.district) if is_officer else None})


@role_required(*OFFICERS)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, district=request.user.district)
    return save_form_page(request, form, success=_("Meeting recorded."), title=_("New meeting"))


@role_required(*OFFICERS)
def meeting_update(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = scoped_or_404(CoordinationMeeting.objects.all(), request.user, pk=meeting_pk)
    form = MeetingForm(request.POST or None, instance=meeting, district=meeting.district)
    return save_form_page(request, form, success=_("Changes saved."), title=str(meeting),
                          back=meeting.get_absolute_url())


@require_POST
@role_required(*OFFICERS)
def action_create(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = scoped_or_404(CoordinationMeeting.objects.all(), request.user, pk=meeting_pk)
    form = ActionItemForm(request.POST, district=meeting.district)
    if form.is_valid():
        form.instance.meeting = meeting
        handovers.action_assigned(form.save(), request.user)
        messages.success(request, _("Action item added."))
    else:
        messages.error(request, _("The action item was not added: %(errors)s")
                       % {"errors": " ".join(m for e in form.errors.values() for m in e)})
    return redirect(meeting)


@require_POST
@role_required(*OFFICERS)
def action_done(request: HttpRequest, action_pk: int) -> HttpResponse:
    item = scoped_or_404(ActionItem.objects.select_related("meeting"), request.user,
                         pk=action_pk)
    run_service(request, lambda: services.action_item_done(item=item, user=request.user),
                _("Marked as done."))
    return redirect(item.meeting)
