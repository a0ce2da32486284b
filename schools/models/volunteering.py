"""Membership applicants (入团积极分子) of a school and their volunteer service: learning
from Lei Feng and volunteering are a required part of an applicant's assessment. The pages
that keep them are in `activities/` (the cooperation mechanism); the records are the school's."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from portal.scoping import ScopedQuerySet


class ApplicantQuerySet(ScopedQuerySet):
    def with_hours(self) -> ApplicantQuerySet:
        return self.select_related("school", "branch").annotate(
            volunteer_hours=models.functions.Coalesce(
                models.Sum("volunteer_records__hours"), models.Value(Decimal("0")),
                output_field=models.DecimalField(max_digits=6, decimal_places=1))
        ).order_by("school__name", "name")


class ApplicantStatus(models.TextChoices):
    # Contexts of their own: "Applied", "Admitted"... are short words other apps use too.
    APPLIED = "applied", pgettext_lazy("applicant", "Applied")
    UNDER_REVIEW = "under_review", pgettext_lazy("applicant", "Under review")
    ADMITTED = "admitted", pgettext_lazy("applicant", "Admitted")
    DEFERRED = "deferred", pgettext_lazy("applicant", "Deferred")


class Applicant(models.Model):
    """A student who applied to join the league; volunteer service is part of the
    assessment: applied → under review → admitted (only with the district's required
    volunteer hours) or deferred (and reviewed again later)."""

    Status = ApplicantStatus
    # Where each status may go (`activities.services.applicant_move` enforces it).
    MOVES = {
        ApplicantStatus.APPLIED: (ApplicantStatus.UNDER_REVIEW,),
        ApplicantStatus.UNDER_REVIEW: (ApplicantStatus.ADMITTED, ApplicantStatus.DEFERRED),
        ApplicantStatus.DEFERRED: (ApplicantStatus.UNDER_REVIEW,),
        ApplicantStatus.ADMITTED: (),
    }

    school = models.ForeignKey("schools.School", verbose_name=_("school"),
                               on_delete=models.PROTECT, related_name="applicants")
    name = models.CharField(_("name"), max_length=30)
    branch = models.ForeignKey("schools.Branch", verbose_name=_("class"),
                               on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="applicants")
    registered_on = models.DateField(_("registered on"))
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ApplicantStatus.choices,
                              default=ApplicantStatus.APPLIED)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    scope_district = "school__district"
    scope_school = "school"

    objects = ApplicantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership applicant")
        verbose_name_plural = _("membership applicants")
        ordering = ["school__name", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("activities:applicant_detail", kwargs={"applicant_pk": self.pk})


class VolunteerRecord(models.Model):
    """Hours of volunteer service, at a paired community (市民学校) or elsewhere."""

    applicant = models.ForeignKey(Applicant, verbose_name=_("applicant"),
                                  on_delete=models.CASCADE, related_name="volunteer_records")
    date = models.DateField(_("date"))
    pairing = models.ForeignKey("schools.CommunityPairing", verbose_name=_("community pairing"),
                                on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="volunteer_records")
    place = models.CharField(_("community or citizen school"), max_length=100, blank=True)
    hours = models.DecimalField(
        _("hours"), max_digits=4, decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"), _("Hours must be more than zero.")),
                    MaxValueValidator(24)])
    activity = models.CharField(_("activity"), max_length=100)

    scope_district = "applicant__school__district"
    scope_school = "applicant__school"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volunteer record")
        verbose_name_plural = _("volunteer records")
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0, hours__lte=24),
                                   name="volunteer_hours_in_range",
                                   violation_error_message=_(
                                       "Hours must be more than 0 and at most 24.")),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} {self.date} {self.hours}h"

    def clean(self) -> None:
        # Service not yet done counts toward no admission (forms, imports, the admin).
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Volunteer service cannot be dated in the "
                                             "future.")}, code="future")

    @property
    def where(self) -> str:
        return self.place or (str(self.pairing.citizen_school or self.pairing.community)
                              if self.pairing_id else "")
