"""The group robots page: officers of a district (and administrators) register the chat
groups' robots and choose what each posts. The webhook address and the secret are never
shown back (masked); leaving them empty when editing keeps them."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.access import DISTRICT_EDITORS, role_required
from portal.models import District
from portal.notices import Topic
from portal.robots import GroupRobot, host_allowed
from portal.scoping import scoped_or_404


class RobotForm(forms.ModelForm):
    webhook_url = forms.URLField(label=gettext_lazy("webhook address"), max_length=500,
                                 required=False, widget=forms.PasswordInput(render_value=False),
                                 assume_scheme="https")
    secret = forms.CharField(label=gettext_lazy("signing secret"), max_length=200,
                             required=False, widget=forms.PasswordInput(render_value=False),
                             help_text=GroupRobot._meta.get_field("secret").help_text)
    topics = forms.MultipleChoiceField(label=gettext_lazy("what it posts"),
                                       choices=Topic.CHOICES, required=False,
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = GroupRobot
        fields = ["district", "name", "platform", "webhook_url", "secret", "topics", "language",
                  "active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # the history keeps neither the address nor the secret: it says when they changed
        self.stored = (self.instance.webhook_url, self.instance.secret)
        if user.is_city_wide:
            self.fields["district"].queryset = District.objects.all()
        else:
            del self.fields["district"]
        if self.instance.pk:
            keep = _("Leave empty to keep the stored one (%(masked)s).")
            self.fields["webhook_url"].help_text = keep % {"masked": self.instance.masked_url}
            if self.instance.secret:
                self.fields["secret"].help_text = keep % {"masked": self.instance.masked_secret}

    def clean_webhook_url(self) -> str:
        value = (self.cleaned_data.get("webhook_url") or "").strip()
        if not value and not self.instance.webhook_url:
            raise forms.ValidationError(_("Enter the robot's webhook address."))
        if value and not host_allowed(value):
            raise forms.ValidationError(
                _("Enter the webhook address the platform gave you (https://%(hosts)s/…)."),
                params={"hosts": " or https://".join(settings.ROBOT_WEBHOOK_HOSTS)})
        return value or self.instance.webhook_url

    def clean_secret(self) -> str:
        return (self.cleaned_data.get("secret") or "").strip() or self.instance.secret

    def save(self, commit=True):
        robot = super().save(commit=False)
        if not self.user.is_city_wide:
            robot.district_id = self.user.district_id
        if robot.pk:
            changed = [name for name, old, new in (
                ("address", self.stored[0], robot.webhook_url),
                ("secret", self.stored[1], robot.secret)) if old != new]
            if changed:
                robot._change_reason = " and ".join(changed) + " changed"
        if commit:
            robot.save()
        return robot


@role_required(*DISTRICT_EDITORS)
def robot_list(request: HttpRequest) -> HttpResponse:
    form = RobotForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The group robot is saved."))
        return redirect("robot_list")
    robots = GroupRobot.objects.visible_to(request.user).select_related("district")
    return render(request, "portal/robots.html", {"robots": robots, "form": form})


@role_required(*DISTRICT_EDITORS)
def robot_update(request: HttpRequest, robot_pk: int) -> HttpResponse:
    robot = scoped_or_404(GroupRobot.objects, request.user, pk=robot_pk)
    form = RobotForm(request.POST or None, instance=robot, user=request.user,
                     initial={"topics": robot.topics})
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The group robot is saved."))
        return redirect("robot_list")
    return render(request, "portal/robot_form.html", {"robot": robot, "form": form})


@role_required(*DISTRICT_EDITORS)
@require_POST
def robot_delete(request: HttpRequest, robot_pk: int) -> HttpResponse:
    robot = scoped_or_404(GroupRobot.objects, request.user, pk=robot_pk)
    robot.delete()
    messages.success(request, _("The group robot is removed."))
    return redirect("robot_list")
