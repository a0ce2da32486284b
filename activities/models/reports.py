"""Monthly activity reports (月报), their activities, photos, transitions and unlocks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models.calendar import month_end, month_start
from portal.scoping import ScopedQuerySet
from portal.uploads import IMAGE_EXTENSIONS, validate_evidence


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class MonthlyReportQuerySet(ScopedQuerySet):
    def for_list(self) -> MonthlyReportQuerySet:
        return self.select_related("school", "reviewed_by").annotate(
            activity_count=models.Count("activities"),
            total_hours=models.Sum("activities__hours"),
        )

    def submitted(self) -> MonthlyReportQuerySet:
        return self.filter(first_submitted_on__isnull=False)


class MonthlyReport(models.Model):
    """A school's report of one month's activities. Draft → submitted → approved, or
    returned with a comment → corrected and submitted again. The deadline and closing day
    come from the school calendar when the report is opened."""

    Status = ReportStatus

    school = models.ForeignKey("schools.School", verbose_name=_("school"),
                               on_delete=models.PROTECT, related_name="monthly_reports")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000),
                                                                   MaxValueValidator(2100)])
    month = models.PositiveSmallIntegerField(_("month"), validators=[MinValueValidator(1),
                                                                     MaxValueValidator(12)])
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    deadline = models.DateField(_("deadline"))
    closes_on = models.DateField(_("closes on"))
    unlocked_until = models.DateField(_("unlocked until"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"),
                                     on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    first_submitted_on = models.DateField(_("first submitted on"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"),
                                    on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    return_comment = models.TextField(_("return comment"), max_length=1000, blank=True)

    scope_district = "school__district"
    scope_school = "school"

    objects = MonthlyReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-year", "-month", "school__name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "month"],
                                    name="report_one_per_school_month",
                                    violation_error_message=_(
                                        "The school already has a report for this month.")),
        ]
        indexes = [models.Index(fields=["year", "month", "status"])]

    def __str__(self) -> str:
        return f"{self.school} · {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("activities:report_detail", kwargs={"monthlyreport_pk": self.pk})

    @property
    def period_label(self) -> str:
        # Through the active language's YEAR_MONTH_FORMAT: 2026年11月, November 2026.
        return date_format(date(self.year, self.month, 1), "YEAR_MONTH_FORMAT")

    @property
    def first_day(self) -> date:
        return month_start(self.year, self.month)

    @property
    def last_day(self) -> date:
        return month_end(self.year, self.month)

    def days_late(self, today: date | None = None) -> int:
        """Days past the deadline of the first submission (or of today, if not yet
        submitted)."""
        when = self.first_submitted_on or today or timezone.localdate()
        return max(0, (when - self.deadline).days)

    @property
    def on_time(self) -> bool:
        return self.first_submitted_on is not None and self.first_submitted_on <= self.deadline

    def is_closed(self, today: date | None = None) -> bool:
        """A draft closes some days after its deadline; then only an unlock opens it."""
        today = today or timezone.localdate()
        if self.status != ReportStatus.DRAFT or today <= self.closes_on:
            return False
        return not (self.unlocked_until and today <= self.unlocked_until)


class ReportTransition(models.Model):
    """Who moved a report from one status to another, when, and why."""

    report = models.ForeignKey(MonthlyReport, verbose_name=_("report"),
                               on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=20, choices=ReportStatus.choices,
                                   blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ReportStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"),
                           on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)

    scope_district = "report__school__district"
    scope_school = "report__school"

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("report transition")
        verbose_name_plural = _("report transitions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} → {self.get_to_status_display()}"


class Activity(models.Model):
    """One activity of a month: what kind, when, how long; the rest is optional."""

    class Kind(models.TextChoices):
        THEME_DAY = "theme_day", _("Theme league or pioneer day")
        CLASS_HOUR = "class_hour", _("Timetabled activity class hour")
        DEMONSTRATION = "demonstration", _("School-wide demonstration activity")
        VOLUNTEER = "volunteer", _("Volunteer service")
        SCIENCE = "science", _("Science week or festival")
        CAMPAIGN = "campaign", _("Campaign event")
        VISIT = "visit", _("Outside visit")

    report = models.ForeignKey(MonthlyReport, verbose_name=_("report"),
                               on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=4, decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"), _("Hours must be more than zero.")),
                    MaxValueValidator(24, _("An activity lasts at most 24 hours a day."))])
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    partner = models.ForeignKey("portal.Organisation", verbose_name=_("partner organisation"),
                                on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    campaign = models.ForeignKey("activities.Campaign", verbose_name=_("campaign"),
                                 on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="activities")
    description = models.CharField(_("short description"), max_length=200, blank=True)

    scope_district = "report__school__district"
    scope_school = "report__school"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0, hours__lte=24),
                                   name="activity_hours_in_range",
                                   violation_error_message=_(
                                       "Hours must be more than 0 and at most 24.")),
        ]
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.report_id and self.date and (
            self.date.year, self.date.month) != (self.report.year, self.report.month):
            raise ValidationError({"date": _(
                "The date must fall in the report’s month (%(month)s).") % {
                    "month": self.report.period_label}})


class ActivityPhoto(models.Model):
    """A photo or file of a month's report (optionally of one activity). Served only
    through a scoped view."""

    report = models.ForeignKey(MonthlyReport, verbose_name=_("report"),
                               on_delete=models.CASCADE, related_name="photos")
    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="photos")
    file = models.FileField(_("file"), upload_to="activities/%Y/%m/",
                            validators=[validate_evidence])
    name = models.CharField(_("file name"), max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to="activities/%Y/%m/", blank=True,
                                 editable=False, help_text=_("Made on the server for images."))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    scope_district = "report__school__district"
    scope_school = "report__school"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("photo or file")
        verbose_name_plural = _("photos and files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.name.lower().endswith(IMAGE_EXTENSIONS)


class UnlockRequest(models.Model):
    """A secretary's request to reopen a closed month, granted (or not) by an officer."""

    report = models.ForeignKey(MonthlyReport, verbose_name=_("report"),
                               on_delete=models.CASCADE, related_name="unlock_requests")
    reason = models.CharField(_("reason"), max_length=300)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("granted by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    granted_at = models.DateTimeField(_("granted at"), null=True, blank=True)

    scope_district = "report__school__district"
    scope_school = "report__school"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unlock request")
        verbose_name_plural = _("unlock requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"], condition=models.Q(granted_at__isnull=True),
                name="unlockrequest_one_waiting_per_report",
                violation_error_message=_("An unlock request is already waiting.")),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.reason}"
