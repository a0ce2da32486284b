"""Inspection plans, inspections and what an inspection records."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cadres.citations import check_district, document_field
from portal.models import District
from portal.scoping import ScopedQuerySet
from portal.uploads import validate_evidence
from schools.models import School
from supervision.models.standards import Indicator, Standard

DEFAULT_COMMENDATION_QUOTA = 20  # % of a plan's schools (the source's 20 %)


NO_OUTCOME_REASON_MAX_LENGTH = 500


def weighted_total(rows: Iterable[tuple]) -> Decimal | None:
    """The total out of 100 from (score, max_score, weight, not_applicable) rows: each score
    counts score/max × weight, rescaled over the applicable indicators. An unscored applicable
    indicator counts as zero. None when nothing is applicable or nothing is scored yet (a
    planned inspection has no total, not 0.0 in the rectification band)."""
    earned = Decimal(0)
    weights = 0
    scored = False
    for score, max_score, weight, not_applicable in rows:
        if not_applicable:
            continue
        weights += weight
        if score is not None:
            scored = True
            earned += Decimal(str(score)) / Decimal(max_score) * weight
    if not weights or not scored:
        return None
    return (earned * 100 / weights).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class InspectionPlan(models.Model):
    """A year's programme of joint inspections (督导计划) in one district, with its team."""

    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT,
                                 related_name="inspection_plans")
    year = models.PositiveSmallIntegerField(_("school year (start)"))
    title = models.CharField(_("title"), max_length=150)
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("joint team"),
                                  related_name="inspection_plans")
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    commendation_quota = models.PositiveSmallIntegerField(
        _("commendation quota (%)"), null=True, blank=True, validators=[MaxValueValidator(100)],
        help_text=_("At most this share of the plan's schools is commended. Leave empty for "
                    "the standard's quota (a fifth of the schools unless the district changed "
                    "it)."))
    document = document_field(_("document it follows"), "inspection_plans")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_district = "district"
    scope_school = None
    url_kwarg = "plan_pk"

    objects = ScopedQuerySet.as_manager()
    # the joint team decides who may score and sign: who joined or left it, and by whom
    history = HistoricalRecords(m2m_fields=["team"])

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:plan_detail", kwargs={"plan_pk": self.pk})

    def clean(self) -> None:
        check_district(self, self.district_id, "document")

    @staticmethod
    def usual_title(year: int) -> str:
        """How districts (and the demo) title the plan of the school year from September
        `year`: the score template's example names it."""
        return f"{year}—{year + 1}学年学校团队工作联合督导"

    def quota_for(self, standard) -> int:
        """The commendation quota (%) that applies: the plan's own, else the standard's."""
        if self.commendation_quota is not None:
            return self.commendation_quota
        return standard.commendation_quota if standard is not None else DEFAULT_COMMENDATION_QUOTA


class InspectionQuerySet(ScopedQuerySet):
    def for_secretary(self, user):
        """A secretary sees only published inspections of their own school."""
        return super().for_secretary(user).filter(status=Inspection.Status.PUBLISHED)

    def for_self_assessment(self, user) -> InspectionQuerySet:
        """What a secretary may self-assess: their own school's inspections before the visit
        is over (they are not yet published, so `visible_to` hides them)."""
        if not user.is_secretary or user.school_id is None:
            return self.none()
        return self.filter(school_id=user.school_id,
                           status__in=[Inspection.Status.PLANNED, Inspection.Status.IN_PROGRESS])

    def with_total(self) -> InspectionQuerySet:
        """Annotate `total_score` (out of 100) with the same rule as `weighted_total`.

        A correlated subquery per inspection rather than a join and GROUP BY over every
        score: a page of the list computes its 25 totals, and counting the list reads no
        scores at all (a join made a 500-school list aggregate all 12,000 scores twice per
        request)."""
        weight = Cast("indicator__weight", models.FloatField())
        # NULL, and so no total, while no applicable indicator is scored.
        earned = models.Sum(
            Cast("score", models.FloatField()) * weight
            / Cast("indicator__max_score", models.FloatField()),
            filter=models.Q(score__isnull=False))
        total = (Score.objects.filter(inspection=models.OuterRef("pk"), not_applicable=False)
                 .order_by().values("inspection")
                 .annotate(total=earned * 100.0 / models.functions.NullIf(models.Sum(weight), 0.0))
                 .values("total"))
        return self.annotate(total_score=models.Subquery(total,
                                                         output_field=models.FloatField()))

    def for_list(self) -> InspectionQuerySet:
        return self.select_related("school", "plan", "standard").with_total()


class Inspection(models.Model):
    """The joint team's inspection of one school, scored against one standard version."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular")
        FOLLOW_UP = "follow_up", _("Follow-up")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        SIGNED_OFF = "signed_off", _("Signed off")
        PUBLISHED = "published", _("Published")

    plan = models.ForeignKey(InspectionPlan, verbose_name=_("plan"), on_delete=models.PROTECT,
                             related_name="inspections")
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT,
                               related_name="inspections")
    standard = models.ForeignKey(Standard, verbose_name=_("standard"), on_delete=models.PROTECT,
                                 related_name="inspections")
    planned_date = models.DateField(_("planned date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    follows = models.ForeignKey("self", verbose_name=_("follows up"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="follow_ups")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PLANNED)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The outcome closed as not needed (无需处理): neither a commendation nor a rectification
    # order, for a reason (services.outcome_not_needed; a reopening lifts it).
    no_outcome_reason = models.TextField(_("reason no outcome is needed"),
                                         max_length=NO_OUTCOME_REASON_MAX_LENGTH, blank=True)
    no_outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                      verbose_name=_("no outcome needed: decided by"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")
    no_outcome_at = models.DateTimeField(_("no outcome needed: decided at"), null=True,
                                         blank=True)

    scope_district = "school__district"
    scope_school = "school"

    objects = InspectionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-planned_date", "school__name"]
        indexes = [models.Index(fields=["status", "planned_date"])]
        constraints = [
            # Follow-ups (复查) may repeat; the regular inspection of a school is one per plan.
            models.UniqueConstraint(
                fields=["plan", "school"], condition=models.Q(kind="regular"),
                name="inspection_one_regular_per_plan_school",
                violation_error_message=_("This school already has a regular inspection in "
                                          "this plan.")),
            # An outcome closed as not needed always says why.
            models.CheckConstraint(
                condition=models.Q(no_outcome_at__isnull=True, no_outcome_reason="")
                | (models.Q(no_outcome_at__isnull=False) & ~models.Q(no_outcome_reason="")),
                name="inspection_no_outcome_with_reason",
                violation_error_message=_("Give the reason why no outcome is needed.")),
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.planned_date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:inspection_detail", kwargs={"inspection_pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def needs_no_outcome(self) -> bool:
        """Its outcome was closed as not needed (无需处理)."""
        return self.no_outcome_at is not None

    def compute_total(self, scores: Iterable[Score]) -> Decimal | None:
        return weighted_total(
            (s.score, s.indicator.max_score, s.indicator.weight, s.not_applicable) for s in scores
        )


class InspectionChildQuerySet(ScopedQuerySet):
    """Rows of an inspection: a secretary sees them once the inspection is published."""

    def for_secretary(self, user):
        return super().for_secretary(user).filter(inspection__status=Inspection.Status.PUBLISHED)


class Score(models.Model):
    """The team's score for one indicator of one inspection."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"),
                                   on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"),
                                  on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True,
                                blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)

    scope_district = "inspection__school__district"
    scope_school = "inspection__school"

    objects = InspectionChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["inspection", "indicator__order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "indicator"], name="score_unique",
                                    violation_error_message=_("This indicator is already scored.")),
            models.CheckConstraint(condition=models.Q(score__gte=0) | models.Q(score__isnull=True),
                                   name="score_not_negative",
                                   violation_error_message=_("A score cannot be negative.")),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.score}"

    @property
    def below_pass(self) -> bool:
        return (not self.not_applicable and self.score is not None
                and self.score < self.indicator.pass_mark())


class Finding(models.Model):
    """What the team found: the baseline (基础现状), a featured project (特色项目) or a
    problem (存在问题)."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        FEATURED = "featured", _("Featured project")
        PROBLEM = "problem", pgettext_lazy("finding", "Problem")

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"),
                                   on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="findings")
    text = models.TextField(_("text"), max_length=2000)
    follows = models.ForeignKey("self", verbose_name=_("original finding"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="follow_ups")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    scope_district = "inspection__school__district"
    scope_school = "inspection__school"

    objects = InspectionChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "kind", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class Evidence(models.Model):
    """A file the team collected, dated by when it was produced."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"),
                                   on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="supervision/%Y/%m/",
                            validators=[validate_evidence])
    produced_on = models.DateField(_("produced on"),
                                   help_text=_("When the document or photo was made."))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    original_name = models.CharField(_("original file name"), max_length=200, blank=True,
                                     help_text=_("The name the file had when it was uploaded."))
    thumbnail = models.FileField(_("thumbnail"), upload_to="supervision/%Y/%m/", blank=True,
                                 editable=False, help_text=_("Made on the server for images."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    scope_district = "inspection__school__district"
    scope_school = "inspection__school"

    objects = InspectionChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["inspection", "produced_on"]

    def __str__(self) -> str:
        return self.caption or self.filename

    @property
    def filename(self) -> str:
        """The uploaded file's own name (older rows: the stored name)."""
        return self.original_name or self.file.name.rsplit("/", 1)[-1]


class SignOff(models.Model):
    """One organisation's signature on a submitted inspection, with the scores as signed."""

    class Side(models.TextChoices):
        LEAGUE = "league", _("League committee")
        EDUCATION = "education", _("Education commission")

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"),
                                   on_delete=models.CASCADE, related_name="sign_offs")
    side = models.CharField(_("signed for"), max_length=20, choices=Side.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signed by"),
                             on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    scores_snapshot = models.JSONField(_("scores as signed"), default=dict)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True,
                                      help_text=_("Set when the inspection is reopened."))

    scope_district = "inspection__school__district"
    scope_school = "inspection__school"

    objects = InspectionChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        ordering = ["inspection", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "side"],
                                    condition=models.Q(revoked_at__isnull=True),
                                    name="signoff_one_per_side",
                                    violation_error_message=_("This side has already signed.")),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} · {self.user}"


class InspectionEvent(models.Model):
    """The transition log: who moved an inspection from which status to which, and why."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"),
                                   on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=20, choices=Inspection.Status.choices,
                                   blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Inspection.Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True,
                             on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    scope_district = "inspection__school__district"
    scope_school = None

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection event")
        verbose_name_plural = _("inspection events")
        ordering = ["inspection", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class SelfAssessment(models.Model):
    """The school's own score and note for one indicator (自评), filled before the visit."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"),
                                   on_delete=models.CASCADE, related_name="self_assessments")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"),
                                  on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("self score"), max_digits=5, decimal_places=1, null=True,
                                blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    scope_district = "inspection__school__district"
    scope_school = "inspection__school"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["inspection", "indicator__order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "indicator"],
                                    name="selfassessment_unique",
                                    violation_error_message=_("Already assessed.")),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.score}"
