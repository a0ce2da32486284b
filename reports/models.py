"""Stored evaluation PDFs. The table keeps the name it had when the model lived in the portal
app (`portal_evaluationreport`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.school_year import school_year_of
from portal.scoping import ScopedQuerySet


class EvaluationReportQuerySet(ScopedQuerySet):
    def done(self) -> EvaluationReportQuerySet:
        return self.filter(status=EvaluationReport.Status.DONE)

    def same_as(self, report: EvaluationReport) -> EvaluationReportQuerySet:
        """Reports of the same kind, subject, period and language as `report`."""
        return self.filter(kind=report.kind, district_id=report.district_id,
                           school_id=report.school_id, period_start=report.period_start,
                           period_end=report.period_end, language=report.language)


class EvaluationReport(models.Model):
    """One requested evaluation PDF (a district summary or a school evaluation) and its
    build: queued → running → done or failed. The file is built by a background task
    (`reports.services.build_report`); `fingerprint` is the hash of the figures it shows, so a
    request whose figures have not changed reuses the stored file instead of a new render."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District evaluation summary")
        SCHOOL = "school", _("School evaluation")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    district = models.ForeignKey("portal.District", verbose_name=_("district"),
                                 on_delete=models.CASCADE, related_name="evaluation_reports")
    school = models.ForeignKey("schools.School", verbose_name=_("school"), null=True,
                               blank=True, on_delete=models.CASCADE,
                               related_name="evaluation_reports")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    period_label = models.CharField(_("period"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to="evaluation/%Y/%m/", blank=True)
    fingerprint = models.CharField(_("data fingerprint"), max_length=64, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    scope_district = "district"
    scope_school = "school"  # a secretary sees their own school's evaluations only
    url_kwarg = "report_pk"

    objects = EvaluationReportQuerySet.as_manager()

    class Meta:
        db_table = "portal_evaluationreport"
        verbose_name = _("evaluation report")
        verbose_name_plural = _("evaluation reports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["district", "kind", "period_start", "period_end"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(period_start__lte=models.F("period_end")),
                                   name="evaluationreport_period_ordered",
                                   violation_error_message=_("The period ends before it starts.")),
            models.CheckConstraint(
                condition=models.Q(kind="district", school__isnull=True)
                | models.Q(kind="school", school__isnull=False),
                name="evaluationreport_school_matches_kind",
                violation_error_message=_("A school evaluation needs a school, and only it.")),
            # One build of a PDF at a time: simultaneous requests share it.
            models.UniqueConstraint(
                fields=["district", "period_start", "period_end", "language"],
                condition=models.Q(kind="district", status__in=["queued", "running"]),
                name="evaluationreport_one_pending_district_build"),
            models.UniqueConstraint(
                fields=["school", "period_start", "period_end", "language"],
                condition=models.Q(kind="school", status__in=["queued", "running"]),
                name="evaluationreport_one_pending_school_build"),
        ]

    def __str__(self) -> str:
        subject = self.school or self.district
        return f"{self.get_kind_display()} · {subject} · {self.period_start}–{self.period_end}"

    def get_absolute_url(self) -> str:
        return reverse("report_detail", kwargs={"report_pk": self.pk})

    @property
    def shown_period_label(self) -> str:
        """The period's name in the reader's language. `period_label` is the name the PDF
        was asked for with, in the language it is built in: a school year's name is the
        portal's own, so it is named again in the active language; any other (a semester's
        name, which the district typed) is shown as it was asked for."""
        year = school_year_of(self.period_start)
        if (self.period_start, self.period_end) == (year.start, year.end):
            return str(year.label)
        return self.period_label

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)

    @property
    def download_name(self) -> str:
        """District, school (of a school evaluation), period and language: the English and
        the Chinese PDF of one subject never share a name."""
        subject = f"{self.district.name}-{self.school.name}" if self.school_id \
            else self.district.name
        return (f"{subject}-{self.period_start:%Y%m%d}-{self.period_end:%Y%m%d}"
                f"{language_suffix(self.language)}.pdf")


def language_suffix(language: str) -> str:
    """What a PDF's file name adds for its language: nothing for Chinese (the default),
    "-en" for English."""
    return "" if language.lower().startswith("zh") else f"-{language.split('-')[0]}"
