"""Inspection standards (规范化建设标准) and their indicators, versioned: an inspection keeps
the indicators of the version it was scored against."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.scoping import ScopedQuerySet


def round_total(total) -> Decimal | None:
    """A total as the inspection page shows it: one decimal, half up. A total summed in the
    database arrives as a float (59.99999999999999 for 60); its noise is cut off first."""
    if total is None:
        return None
    exact = Decimal(str(total)).quantize(Decimal("0.0001"))
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class StandardQuerySet(ScopedQuerySet):
    """Standards are reference data shared by every district; secretaries read them through
    their inspections only."""

    def for_district(self, district_id):
        return self if district_id else self.none()

    def for_secretary(self, user):
        return self.none()

    def current(self) -> "StandardQuerySet":
        """The newest version of each standard."""
        newer = Standard.objects.filter(code=models.OuterRef("code"),
                                        version__gt=models.OuterRef("version"))
        return self.filter(~models.Exists(newer))


class Standard(models.Model):
    """A version of a standard: its indicators, weights and outcome thresholds."""

    class Kind(models.TextChoices):
        MIDDLE_LEAGUE = "middle_league", _("Middle-school league work")
        PRIMARY_PIONEER = "primary_pioneer", _("Primary-school pioneer work")

    code = models.SlugField(_("code"), max_length=50,
                            help_text=_("The same for every version of one standard."))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    issuing_bodies = models.CharField(_("issuing bodies"), max_length=200, blank=True)
    effective_on = models.DateField(_("effective from"))
    is_draft = models.BooleanField(
        _("draft"), default=False,
        help_text=_("A draft for the district to confirm before it is relied on."))
    commend_threshold = models.DecimalField(
        _("commendation threshold"), max_digits=5, decimal_places=1, default=Decimal("90"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A total at or above this proposes a commendation."))
    rectify_threshold = models.DecimalField(
        _("rectification threshold"), max_digits=5, decimal_places=1, default=Decimal("60"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A total below this proposes rectification."))
    commendation_quota = models.PositiveSmallIntegerField(
        _("commendation quota (%)"), default=20, validators=[MaxValueValidator(100)],
        help_text=_("At most this share of a plan's schools should be commended."))
    pass_ratio = models.DecimalField(
        _("pass mark (share of maximum)"), max_digits=3, decimal_places=2,
        default=Decimal("0.60"), validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("An indicator scored below this share of its maximum is followed up."))

    scope_district = None
    scope_school = None

    objects = StandardQuerySet.as_manager()
    # thresholds, quotas and texts decide outcomes: every change is kept with who made it and
    # the reason the admin asks for
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["kind", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="standard_unique_version",
                                    violation_error_message=_("This version already exists.")),
            models.CheckConstraint(
                condition=models.Q(rectify_threshold__lte=models.F("commend_threshold")),
                name="standard_thresholds_ordered",
                violation_error_message=_(
                    "The rectification threshold cannot exceed the commendation threshold.")),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("supervision:standard_list") + f"#standard-{self.pk}"

    def bands(self) -> list[tuple[str, Decimal | None, Decimal | None]]:
        """The outcome bands as ranges of the total (one decimal, as shown): each band with
        the total it starts at and the total it stays below (None: open). The inspection
        page reads them to follow the total as it is typed (`supervision.js`)."""
        return [("rectify", None, self.rectify_threshold),
                ("satisfactory", self.rectify_threshold, self.commend_threshold),
                ("commend", self.commend_threshold, None)]

    def band_for(self, total) -> str:
        """The outcome band proposed for a total score: commend, satisfactory or rectify
        (none without a total: nothing scored yet)."""
        total = round_total(total)
        if total is None:
            return ""
        return next((band for band, start, below in self.bands()
                     if (start is None or total >= start) and (below is None or total < below)),
                    "")


class Indicator(models.Model):
    """One aspect of a standard, with its weight and maximum score."""

    standard = models.ForeignKey(Standard, verbose_name=_("standard"), on_delete=models.CASCADE,
                                 related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1,
                                              validators=[MinValueValidator(1)])
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=10,
                                                 validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()  # weights and texts, changed with a reason (the admin asks)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["standard", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="indicator_unique_code",
                                    violation_error_message=_(
                                        "This standard already has an indicator with this code."))
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def pass_mark(self) -> Decimal:
        return (Decimal(self.max_score) * self.standard.pass_ratio).quantize(Decimal("0.1"))
