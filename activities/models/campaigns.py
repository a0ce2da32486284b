"""Campaigns with partner organisations, and honour selections with their nominations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cadres.citations import check_district, document_field
from portal.models import District
from portal.scoping import DistrictWideQuerySet, ScopedQuerySet


class Campaign(models.Model):
    """A district campaign (雷锋榜样进校园, 端午, 中秋, 文明城区) run with partner organisations;
    school activities link to it."""

    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.CASCADE,
                                 related_name="campaigns")
    name = models.CharField(_("name"), max_length=100)
    partners = models.ManyToManyField("portal.Organisation",
                                      verbose_name=_("partner organisations"),
                                      blank=True, related_name="campaigns")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    document = document_field(_("document it follows"), "campaigns")

    scope_district = "district"
    scope_school = None

    objects = DistrictWideQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["partners"])

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")),
                                   name="campaign_end_after_start",
                                   violation_error_message=_(
                                       "The end must not be before the start.")),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.start.year}）"

    def clean(self) -> None:
        check_district(self, self.district_id, "document")


class SelectionStatus(models.TextChoices):
    NOMINATING = "nominating", _("Nominating")
    REVIEWING = "reviewing", _("Reviewing")
    PUBLIC_NOTICE = "public_notice", _("Public notice")
    PUBLISHED = "published", _("Published")


class HonourSelection(models.Model):
    """A selection of honoured youths (雷锋式好少年, 五心四好美德少年): schools nominate within a
    quota → district review → public notice (公示) → published list."""

    Status = SelectionStatus

    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.CASCADE,
                                 related_name="honour_selections")
    name = models.CharField(_("name"), max_length=100)
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="selections",
                                 help_text=_("The campaign this selection is part of, if any."))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000),
                                                                   MaxValueValidator(2100)])
    quota_per_school = models.PositiveSmallIntegerField(_("quota per school"), default=2,
                                                        validators=[MinValueValidator(1)])
    nomination_opens = models.DateField(_("nominations open"))
    nomination_closes = models.DateField(_("nominations close"))
    notice_starts = models.DateField(_("public notice starts"), null=True, blank=True)
    notice_ends = models.DateField(_("public notice ends"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SelectionStatus.choices,
                              default=SelectionStatus.NOMINATING)
    document = document_field(_("document it follows"), "honour_selections")

    scope_district = "district"
    scope_school = None

    objects = DistrictWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("honour selection")
        verbose_name_plural = _("honour selections")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nomination_closes__gte=models.F("nomination_opens")),
                name="selection_window_ordered",
                violation_error_message=_("Nominations must close after they open.")),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("activities:selection_detail", kwargs={"honourselection_pk": self.pk})

    def clean(self) -> None:
        check_district(self, self.district_id, "document")


class Nomination(models.Model):
    """A student nominated by their school. Students are minors: only name, school and class
    are kept, shown to officers and the school's own secretary."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        ACCEPTED = "accepted", pgettext_lazy("nomination", "Accepted")
        REJECTED = "rejected", _("Rejected")

    selection = models.ForeignKey(HonourSelection, verbose_name=_("selection"),
                                  on_delete=models.CASCADE, related_name="nominations")
    school = models.ForeignKey("schools.School", verbose_name=_("school"),
                               on_delete=models.PROTECT, related_name="nominations")
    student_name = models.CharField(_("student name"), max_length=30)
    class_name = models.CharField(_("class"), max_length=30)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.NOMINATED)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("nominated by"),
                                     on_delete=models.SET_NULL, null=True, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    scope_district = "school__district"
    scope_school = "school"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["school__name", "class_name", "student_name"]

    def __str__(self) -> str:
        return f"{self.student_name}（{self.school}）"
