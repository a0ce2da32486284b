"""The annual joint coordination meeting (联系会议) and its action items."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cadres.citations import check_district, document_field
from portal.models import District, Organisation
from portal.scoping import ScopedQuerySet


class CoordinationMeeting(models.Model):
    """The league committee and education commission's regular joint meeting."""

    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT,
                                 related_name="coordination_meetings")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=150)
    attendees = models.ManyToManyField(Organisation, verbose_name=_("attending organisations"),
                                       related_name="+", blank=True)
    minutes = models.TextField(_("minutes"), max_length=10000, blank=True)
    decisions = models.TextField(_("decisions"), max_length=5000, blank=True)
    document = document_field(_("document it follows"), "coordination_meetings")

    scope_district = "district"
    scope_school = None
    url_kwarg = "meeting_pk"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["attendees"])

    class Meta:
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:meeting_detail", kwargs={"meeting_pk": self.pk})

    def clean(self) -> None:
        check_district(self, self.district_id, "document")


class ActionItemQuerySet(ScopedQuerySet):
    def overdue(self, today=None):
        return self.filter(done_at__isnull=True, due_date__lt=today or timezone.localdate())


class ActionItem(models.Model):
    """A task the meeting gave one organisation, tracked to done."""

    meeting = models.ForeignKey(CoordinationMeeting, verbose_name=_("meeting"),
                                on_delete=models.CASCADE, related_name="action_items")
    text = models.TextField(pgettext_lazy("action item", "action"), max_length=2000)
    owner = models.ForeignKey(Organisation, verbose_name=_("owner"), on_delete=models.PROTECT,
                              related_name="+")
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("done by"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")

    scope_district = "meeting__district"
    scope_school = None
    url_kwarg = "action_pk"

    objects = ActionItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.text[:50]

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_date < timezone.localdate()
