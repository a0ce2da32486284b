"""The secondment cycle (挂职): an open selection round, applications, approval by the
organisation department, a one-year term, the joint assessment by three bodies, and the
reserve pool for vice-principal posts (副校级后备干部).

Transitions live in `cadres.services.secondments`; this module holds the states and the rules
that follow from data (the assessment result).
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cadres.citations import check_district, document_field
from portal.models import District, Organisation
from portal.scoping import DistrictWideQuerySet, ScopedQuerySet


class SecondmentRound(models.Model):
    """An open selection (公开选拔) of school league cadres for a secondment to the league
    committee's school department, announced by a joint notice of the two bodies."""

    class Status(models.TextChoices):
        # A context of its own: "Open" is a verb or another status in other catalogues.
        OPEN = "open", pgettext_lazy("secondment round", "Open")
        CLOSED = "closed", pgettext_lazy("secondment round", "Closed")

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT,
        related_name="secondment_rounds",
    )
    year = models.PositiveIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    post_title = models.CharField(
        _("post on offer"), max_length=100, default="团区委学少部副部长"
    )
    posts_on_offer = models.PositiveSmallIntegerField(_("number of posts on offer"), default=2)
    requirements = models.TextField(_("requirements"), max_length=5000, blank=True)
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"), default=12)
    notice = models.ForeignKey(
        "cadres.Document",
        verbose_name=_("joint notice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="secondment_rounds",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        "portal.User", verbose_name=_("opened by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_district = "district"
    scope_school = None  # secretaries read open rounds of their district
    url_kwarg = "round_pk"

    objects = DistrictWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("secondment round")
        verbose_name_plural = _("secondment rounds")
        ordering = ["-year", "-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="round_window_in_order",
                violation_error_message=_("Applications cannot close before they open."),
            ),
            models.CheckConstraint(
                condition=models.Q(posts_on_offer__gte=1),
                name="round_offers_a_post",
                violation_error_message=_("A round offers at least one post."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cadres:round_detail", kwargs={"round_pk": self.pk})

    def is_open_on(self, day) -> bool:
        return self.status == self.Status.OPEN and self.opens_on <= day <= self.closes_on


class Application(models.Model):
    """A cadre's application to a round, filed by a school secretary (for themself or for a
    cadre of their school) with a statement. Officers shortlist and select; the organisation
    department approves each selected person."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("secondment", "Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        SELECTED = "selected", _("Selected")
        APPROVED = "approved", pgettext_lazy("secondment", "Approved")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    round = models.ForeignKey(
        SecondmentRound, verbose_name=_("round"), on_delete=models.PROTECT,
        related_name="applications",
    )
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("cadre"), on_delete=models.PROTECT,
        related_name="applications",
    )
    school = models.ForeignKey(
        "schools.School", verbose_name=_("school"), on_delete=models.PROTECT,
        related_name="secondment_applications",
    )
    statement = models.TextField(_("statement"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        "portal.User", verbose_name=pgettext_lazy("secondment", "submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(
        pgettext_lazy("secondment", "submitted at"), auto_now_add=True
    )
    decided_by = models.ForeignKey(
        "portal.User", verbose_name=_("decided by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    approval_document_number = models.CharField(
        _("approval document number"), max_length=80, blank=True
    )

    scope_district = "round__district"
    scope_school = "school"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("secondment application")
        verbose_name_plural = _("secondment applications")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "cadre"],
                name="application_once_per_round",
                violation_error_message=_("This cadre has already applied in this round."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.round}"


class Grade(models.TextChoices):
    """An assessor's grade, and the assessment's result (the same three words)."""

    OUTSTANDING = "outstanding", _("Outstanding")
    QUALIFIED = "qualified", _("Qualified")
    NOT_QUALIFIED = "not_qualified", _("Not qualified")


# How long after the end of the term the three bodies may still record their grades.
ASSESSMENT_GRACE_DAYS = 60


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def term_end(start: date, months: int) -> date:
    """The last day of a term of ``months`` starting on ``start`` (2025-09-01 + 12 months →
    2026-08-31)."""
    return add_months(start, months) - timedelta(days=1)


class SecondmentQuerySet(ScopedQuerySet):
    def overlapping(self, start: date, end: date) -> SecondmentQuerySet:
        return self.filter(start__lte=end, end__gte=start)

    def assessable_on(self, day: date) -> SecondmentQuerySet:
        """The secondments without a result whose assessment window contains ``day``, exactly
        (`Secondment.is_assessable_on`, as a filter the database can count): the window
        opens on the same day a month before the day after the term's end, which grows with
        the end, so the latest end whose window has opened by ``day`` is found by stepping
        back from ``day`` + 32 days (no query)."""
        latest = day + timedelta(days=32)
        while add_months(latest + timedelta(days=1), -1) > day:
            latest -= timedelta(days=1)
        return self.filter(result="", end__lte=latest,
                           end__gte=day - timedelta(days=ASSESSMENT_GRACE_DAYS))


class Secondment(models.Model):
    """A one-year term (by default) as deputy head of the league committee's school department
    (学少部副部长), created when the organisation department approves a selected application."""

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.PROTECT,
        related_name="secondment",
    )
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("cadre"), on_delete=models.PROTECT,
        related_name="secondments",
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT,
        related_name="secondments",
    )
    host = models.ForeignKey(
        Organisation, verbose_name=_("host organisation"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="secondees",
    )
    post_title = models.CharField(_("post"), max_length=100)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    approval_document_number = models.CharField(_("approval document number"), max_length=80)
    # the approval in the register; empty for a number not registered (yet): registering it
    # links it (`cadres.services.documents.document_save`)
    approval_document = document_field(_("approval document"), "approved_secondments")
    result = models.CharField(
        _("assessment result"), max_length=20, choices=Grade.choices, blank=True
    )
    result_on = models.DateField(_("result on"), null=True, blank=True)

    scope_district = "district"
    scope_school = "cadre__school"

    objects = SecondmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("secondment")
        verbose_name_plural = _("secondments")
        ordering = ["-start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="secondment_end_after_start",
                violation_error_message=_("A secondment ends after it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.post_title}"

    def get_absolute_url(self) -> str:
        return reverse("cadres:secondment_detail", kwargs={"secondment_pk": self.pk})

    def clean(self) -> None:
        check_district(self, self.district_id, "approval_document")

    @property
    def assessment_opens_on(self) -> date:
        """The first day of the term's last month: the joint assessment opens then."""
        return add_months(self.end + timedelta(days=1), -1)

    @property
    def assessment_closes_on(self) -> date:
        return self.end + timedelta(days=ASSESSMENT_GRACE_DAYS)

    def is_assessable_on(self, day: date) -> bool:
        return not self.result and self.assessment_opens_on <= day <= self.assessment_closes_on

    @staticmethod
    def result_from(grades: list[str]) -> str:
        """The joint assessment's result, from the three bodies' grades — the one place this
        rule is written. Any "not qualified" makes the result not qualified; at least two
        "outstanding" (and none "not qualified") make it outstanding; otherwise qualified."""
        if Grade.NOT_QUALIFIED in grades:
            return Grade.NOT_QUALIFIED
        if grades.count(Grade.OUTSTANDING) >= 2:
            return Grade.OUTSTANDING
        return Grade.QUALIFIED


class Assessment(models.Model):
    """One body's grade of a secondee, in the last month of the term: the organisation
    department, the league committee and the education commission each record their own."""

    class Body(models.TextChoices):
        ORGANISATION_DEPARTMENT = "organisation_department", _("Organisation department")
        LEAGUE_COMMITTEE = "league_committee", _("District league committee")
        EDUCATION_COMMISSION = "education_commission", _("Education commission")

    secondment = models.ForeignKey(
        Secondment, verbose_name=_("secondment"), on_delete=models.PROTECT,
        related_name="assessments",
    )
    body = models.CharField(_("assessing body"), max_length=30, choices=Body.choices)
    grade = models.CharField(
        pgettext_lazy("assessment", "grade"), max_length=20, choices=Grade.choices
    )
    comments = models.TextField(_("comments"), max_length=5000, blank=True)
    assessed_by = models.ForeignKey(
        "portal.User", verbose_name=_("assessed by"), on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed at"), auto_now_add=True)

    scope_district = "secondment__district"
    scope_school = None  # grades are not shown to schools

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["secondment", "body"]
        constraints = [
            models.UniqueConstraint(
                fields=["secondment", "body"],
                name="assessment_once_per_body",
                violation_error_message=_("This body has already graded this secondment."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.secondment} · {self.get_body_display()}"


class ReservePoolQuerySet(ScopedQuerySet):
    def current(self) -> ReservePoolQuerySet:
        return self.filter(left_on__isnull=True)


class ReservePoolEntry(models.Model):
    """A cadre in the reserve pool for vice-principal posts (副校级后备干部), with the date and
    the basis. Leaving the pool is recorded (`left_on`, `left_reason`), never deleted."""

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT,
        related_name="reserve_pool",
    )
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("cadre"), on_delete=models.PROTECT,
        related_name="reserve_entries",
    )
    secondment = models.ForeignKey(
        Secondment, verbose_name=_("secondment"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="reserve_entries",
    )
    entered_on = models.DateField(_("entered on"))
    basis = models.CharField(_("basis"), max_length=300)
    school_support = models.CharField(
        _("school's support"), max_length=300,
        help_text=_("How the school supports the cadre (e.g. its Party committee's opinion)."),
    )
    added_by = models.ForeignKey(
        "portal.User", verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+",
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)

    scope_district = "district"
    scope_school = None

    objects = ReservePoolQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reserve pool entry")
        verbose_name_plural = _("reserve pool")
        ordering = ["-entered_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre"],
                condition=models.Q(left_on__isnull=True),
                name="reserve_pool_once_per_cadre",
                violation_error_message=_("This cadre is already in the reserve pool."),
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("entered_on")),
                name="reserve_pool_left_after_entry",
                violation_error_message=_("A cadre cannot leave the pool before entering it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.entered_on:%Y-%m-%d}"
