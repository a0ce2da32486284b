"""Outcomes of a published inspection: commendations and rectification orders."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from portal.scoping import ScopedQuerySet
from portal.uploads import validate_evidence
from supervision.models.inspections import Finding, Inspection


class Commendation(models.Model):
    """A commendation (表彰奖励) issued from a published inspection."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"),
                                   on_delete=models.PROTECT, related_name="commendations")
    text = models.TextField(_("text"), max_length=2000)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"),
                                  null=True, on_delete=models.SET_NULL, related_name="+")
    issued_on = models.DateField(_("issued on"), default=timezone.localdate)

    scope_district = "inspection__school__district"
    scope_school = "inspection__school"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return f"{self.inspection.school} · {self.issued_on}"


class RectificationOrderQuerySet(ScopedQuerySet):
    def for_secretary(self, user):
        return super().for_secretary(user).filter(
            inspection__status=Inspection.Status.PUBLISHED)

    def open(self):
        return self.exclude(status=RectificationOrder.Status.CLOSED)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def for_list(self):
        return self.select_related("inspection__school", "finding__indicator")


class RectificationOrder(models.Model):
    """An order to rectify (督促整改) a problem finding by a due date, tracked to closure."""

    class Status(models.TextChoices):
        # A context of its own: "Open" is a verb ("查看") in the project catalogue.
        OPEN = "open", pgettext_lazy("rectification order", "Open")
        RESPONDED = "responded", _("Responded")
        SENT_BACK = "sent_back", _("Sent back")
        CLOSED = "closed", _("Closed")

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"),
                                   on_delete=models.PROTECT, related_name="orders")
    finding = models.ForeignKey(Finding, verbose_name=_("problem"), on_delete=models.PROTECT,
                                related_name="orders")
    requirement = models.TextField(_("requirement"), max_length=2000)
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.OPEN)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"),
                                  null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    scope_district = "inspection__school__district"
    scope_school = "inspection__school"
    url_kwarg = "order_pk"

    objects = RectificationOrderQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification order")
        verbose_name_plural = _("rectification orders")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.inspection.school} · {self.requirement[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:order_detail", kwargs={"order_pk": self.pk})

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.CLOSED and self.due_date < timezone.localdate()


class RectificationResponse(models.Model):
    """The school's answer (整改报告) to an order, and the officer's verdict on it."""

    order = models.ForeignKey(RectificationOrder, verbose_name=_("order"),
                              on_delete=models.CASCADE, related_name="responses")
    text = models.TextField(_("what was done"), max_length=2000)
    file = models.FileField(_("evidence file"), upload_to="supervision/%Y/%m/", blank=True,
                            validators=[validate_evidence])
    original_name = models.CharField(_("original file name"), max_length=200, blank=True,
                                     help_text=_("The name the file had when it was uploaded."))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    accepted = models.BooleanField(_("accepted"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    scope_district = "order__inspection__school__district"
    scope_school = "order__inspection__school"
    url_kwarg = "response_pk"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification response")
        verbose_name_plural = _("rectification responses")
        ordering = ["order", "at"]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def filename(self) -> str:
        """The uploaded file's own name (older rows: the stored name)."""
        if not self.file:
            return ""
        return self.original_name or self.file.name.rsplit("/", 1)[-1]
