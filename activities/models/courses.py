"""The activity course (团队活动课程) a school sets once per semester, with its sessions."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models.calendar import Semester
from portal.scoping import ScopedQuerySet


class ActivityCourse(models.Model):
    """A school's league or pioneer activity class in the timetable for one semester, and
    the semester's school-wide demonstration activity."""

    school = models.ForeignKey("schools.School", verbose_name=_("school"),
                               on_delete=models.PROTECT, related_name="activity_courses")
    semester = models.ForeignKey(Semester, verbose_name=_("semester"), on_delete=models.CASCADE,
                                 related_name="courses")
    class_hours_per_month = models.PositiveSmallIntegerField(
        _("class hours a month"), default=1, validators=[MinValueValidator(1),
                                                        MaxValueValidator(20)])
    timetable_slot = models.CharField(_("timetable slot"), max_length=50, blank=True,
                                      help_text=_("e.g. Friday, 7th period"))
    demonstration_plan = models.CharField(_("demonstration activity of the semester"),
                                          max_length=200, blank=True)
    demonstration_date = models.DateField(_("demonstration activity date"), null=True,
                                          blank=True)

    scope_district = "school__district"
    scope_school = "school"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity course")
        verbose_name_plural = _("activity courses")
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "semester"],
                                    name="course_one_per_school_semester",
                                    violation_error_message=_(
                                        "The school already has a course for this semester.")),
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.semester}"

    def get_absolute_url(self) -> str:
        return reverse("activities:course_detail", kwargs={"activitycourse_pk": self.pk})


class ActivitySession(models.Model):
    """One planned session of the course: a date (or a teaching week), a period, the grade or
    classes, a theme (创新、创业、创优, 科技周…)."""

    course = models.ForeignKey(ActivityCourse, verbose_name=_("course"),
                               on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"), null=True, blank=True)
    week = models.PositiveSmallIntegerField(_("teaching week"), null=True, blank=True,
                                            validators=[MinValueValidator(1),
                                                        MaxValueValidator(25)])
    period = models.PositiveSmallIntegerField(_("period"), null=True, blank=True,
                                              validators=[MinValueValidator(1),
                                                          MaxValueValidator(12)])
    classes = models.CharField(_("grade or classes"), max_length=100, blank=True)
    theme = models.CharField(_("theme"), max_length=100)

    scope_district = "course__school__district"
    scope_school = "course__school"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity session")
        verbose_name_plural = _("activity sessions")
        ordering = ["date", "week", "period"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date__isnull=False) | models.Q(week__isnull=False),
                name="session_has_date_or_week",
                violation_error_message=_("Give a date or a teaching week.")),
        ]

    def __str__(self) -> str:
        return self.theme

    def clean(self) -> None:
        semester = self.course.semester if self.course_id else None
        if semester and self.date and not (semester.start <= self.date <= semester.end):
            raise ValidationError({"date": _("The date is outside the semester.")})

    def planned_date(self, semester: Semester) -> date:
        """The session's date, or the Monday of its teaching week."""
        if self.date:
            return self.date
        monday = semester.start - timedelta(days=semester.start.weekday())
        return monday + timedelta(weeks=self.week - 1)
