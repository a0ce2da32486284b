"""The school calendar: semesters (with their term months and report deadlines) and the
district's few activity settings. Nothing about terms is hard-coded elsewhere."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cadres.citations import check_district, document_field
from portal.models import District
from portal.scoping import DistrictWideQuerySet

DEFAULT_DEADLINE_DAY = 10
DEFAULT_CLOSE_AFTER_DAYS = 15
TERM_MONTH_MIN_DAYS = 14  # a month counts as a term month with at least two weeks of term


def month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_end(year: int, month: int) -> date:
    y, m = next_month(year, month)
    return date(y, m, 1) - timedelta(days=1)


class SemesterQuerySet(DistrictWideQuerySet):
    def covering(self, year: int, month: int) -> SemesterQuerySet:
        return self.filter(start__lte=month_end(year, month), end__gte=month_start(year, month))


class Semester(models.Model):
    """A semester of the district's school calendar (e.g. 2025-2026学年第一学期). Its term
    months are derived from its dates; the report of a month is due on `deadline_day` of the
    following month and closes `close_after_days` after that."""

    class Term(models.IntegerChoices):
        FIRST = 1, _("First semester")
        SECOND = 2, _("Second semester")

    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.CASCADE,
                                 related_name="semesters")
    school_year = models.PositiveSmallIntegerField(
        _("school year (start year)"), validators=[MinValueValidator(2000),
                                                   MaxValueValidator(2100)])
    term = models.PositiveSmallIntegerField(_("term"), choices=Term.choices)
    name = models.CharField(_("name"), max_length=50, blank=True,
                            help_text=_("Left empty, it is built from the year and term."))
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    deadline_day = models.PositiveSmallIntegerField(
        _("report deadline (day of the following month)"), default=DEFAULT_DEADLINE_DAY,
        validators=[MinValueValidator(1), MaxValueValidator(28)])
    close_after_days = models.PositiveSmallIntegerField(
        _("month closes after (days past the deadline)"), default=DEFAULT_CLOSE_AFTER_DAYS,
        validators=[MaxValueValidator(90)])

    scope_district = "district"
    scope_school = None

    objects = SemesterQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("semester")
        verbose_name_plural = _("semesters")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["district", "school_year", "term"],
                                    name="semester_unique_per_district",
                                    violation_error_message=_("This semester already exists.")),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")),
                                   name="semester_end_after_start",
                                   violation_error_message=_(
                                       "The last day must be after the first.")),
        ]

    def __str__(self) -> str:
        # A name given by the district is shown as it is; otherwise the school year and term
        # through the active language (2026-2027学年第一学期, 2026–2027 school year, first
        # semester). Older rows stored that Chinese default as their name: it reads as none.
        if self.name and self.name != self._stored_default_name():
            return self.name
        return _("%(start)s-%(end)s school year, %(term)s") % {
            "start": self.school_year, "end": self.school_year + 1,
            "term": self.get_term_display()}

    def _stored_default_name(self) -> str:
        term = "第一学期" if self.term == self.Term.FIRST else "第二学期"
        return f"{self.school_year}-{self.school_year + 1}学年{term}"

    @property
    def term_months(self) -> list[tuple[int, int]]:
        """(year, month) of every month with at least two weeks of term."""
        months = []
        y, m = self.start.year, self.start.month
        while month_start(y, m) <= self.end:
            first = max(self.start, month_start(y, m))
            last = min(self.end, month_end(y, m))
            if (last - first).days + 1 >= TERM_MONTH_MIN_DAYS:
                months.append((y, m))
            y, m = next_month(y, m)
        return months

    def deadline_for(self, year: int, month: int) -> date:
        y, m = next_month(year, month)
        return date(y, m, self.deadline_day)


def deadline_for(semesters, year: int, month: int) -> tuple[date, date]:
    """The (deadline, closing day) of a month's report from the calendar (defaults outside
    any semester)."""
    first, last = month_start(year, month), month_end(year, month)
    for semester in semesters:
        if semester.start <= last and semester.end >= first:
            deadline = semester.deadline_for(year, month)
            return deadline, deadline + timedelta(days=semester.close_after_days)
    y, m = next_month(year, month)
    deadline = date(y, m, DEFAULT_DEADLINE_DAY)
    return deadline, deadline + timedelta(days=DEFAULT_CLOSE_AFTER_DAYS)


class ActivitiesSettings(models.Model):
    """The district's activity rules that officers may tune."""

    district = models.OneToOneField(District, verbose_name=_("district"),
                                    on_delete=models.CASCADE, related_name="activities_settings")
    required_volunteer_hours = models.DecimalField(
        _("volunteer hours required of an applicant"), max_digits=5, decimal_places=1,
        default=20, validators=[MinValueValidator(0)])
    class_hours_per_month = models.PositiveSmallIntegerField(
        _("activity class hours a month (default of a new course)"), default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("What the compliance check requires of a school that has not set its "
                    "course for the semester (one activity class hour a month: 1)."))
    reminder_days_before = models.PositiveSmallIntegerField(
        _("remind secretaries this many days before the deadline"), default=3,
        validators=[MaxValueValidator(28)])
    # the documents the rules come from (the volunteer hours: the city's opinion, forwarded)
    volunteer_hours_document = document_field(
        _("document the volunteer hours follow"), "volunteer_hours_settings")
    class_hours_document = document_field(
        _("document the class hours follow"), "class_hours_settings")

    scope_district = "district"
    scope_school = None

    objects = DistrictWideQuerySet.as_manager()
    # the rules decide what counts (the volunteer hours that admit an applicant): every change
    # is kept with who made it and why (the settings form asks for the reason)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity settings")
        verbose_name_plural = _("activity settings")

    def __str__(self) -> str:
        return str(self.district)

    def clean(self) -> None:
        check_district(self, self.district_id, "volunteer_hours_document",
                       "class_hours_document")

    @classmethod
    def for_district(cls, district_id: int) -> ActivitiesSettings:
        """The district's settings; the defaults, unsaved, when it has none yet (reading
        writes nothing: the row is created when an officer saves the settings)."""
        return cls.objects.filter(district_id=district_id).first() or cls(district_id=district_id)
