"""The user's own profile page: how they hear about hand-overs (e-mail at once, a daily
digest, none — in the portal always) and their private calendar feed of due dates."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from icalendar import Calendar, Event

from portal.links import absolute
from portal.models import User
from portal.preferences import NotificationPreference, new_calendar_token
from portal.todo import collect_todos


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email"]
        widgets = {"email": forms.RadioSelect}
        labels = {"email": gettext_lazy("E-mail")}
        help_texts = {"email": gettext_lazy("Notifications always appear under the bell.")}


class AccountForm(forms.ModelForm):
    """The user's own e-mail address (where hand-overs and digests go) and the language of
    their mails."""

    class Meta:
        model = User
        fields = ["email", "language"]
        labels = {"email": gettext_lazy("E-mail address")}
        help_texts = {"email": gettext_lazy("Hand-overs, reminders and digests are sent here.")}

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    # A GET creates nothing: a user without a preference sees the defaults, and gets a
    # calendar address when they ask for one (a POST).
    preference = NotificationPreference.read(request.user)
    account_post = request.method == "POST" and request.POST.get("form") == "account"
    account = AccountForm(request.POST if account_post else None, instance=request.user,
                          prefix="account")
    form = PreferenceForm(request.POST if request.method == "POST" and not account_post
                          else None, instance=preference)
    if account_post and account.is_valid():
        account.save()
        messages.success(request, _("Your e-mail address and language are saved."))
        return redirect("profile")
    if request.method == "POST" and not account_post and form.is_valid():
        form.save()
        messages.success(request, _("Your notification preference is saved."))
        return redirect("profile")
    feed = absolute(reverse("calendar_feed", kwargs={"token": preference.calendar_token}),
                    request) if preference.pk else ""
    return render(request, "portal/profile.html", {"form": form, "account": account,
                                                   "feed_url": feed})


@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    """A new secret address for the calendar feed; the old one stops working at once."""
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that the old address will stop "
                                  "working."))
        return redirect("profile")
    preference = NotificationPreference.read(request.user)
    if preference.pk is None:  # the first address
        preference.save()
        messages.success(request, _("Your calendar has an address: subscribe to it in your "
                                    "calendar program."))
        return redirect("profile")
    preference.calendar_token = new_calendar_token()
    preference._change_reason = "calendar address reset"
    preference.save(update_fields=["calendar_token"])
    messages.success(request, _("Your calendar has a new address: subscribe to it again."))
    return redirect("profile")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The user's dated to-do items as all-day events. The secret token is the only key (a
    calendar program cannot sign in); a wrong or reset token is a 404."""
    preference = (NotificationPreference.objects.select_related("user")
                  .filter(calendar_token=token, user__is_active=True).first())
    if preference is None:
        raise Http404
    user: User = preference.user
    calendar = Calendar()
    calendar.add("prodid", "-//School League Work Portal//todo//")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("To do · %(user)s") % {"user": user})
    now, host = timezone.now(), request.get_host().split(":")[0]
    for item in collect_todos(user):
        if item.due is None:
            continue
        event = Event()
        event.add("uid", f"{item.object_key}@{host}")
        event.add("summary", item.title)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        event.add("dtstamp", now)
        event.add("url", absolute(item.url, request))
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="todo.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


__all__ = ["profile", "calendar_reset", "calendar_feed"]
