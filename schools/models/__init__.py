"""Schools and their league and pioneer organisations, branches, honours and pairings."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from portal.models import District
from portal.scoping import ScopedQuerySet


class SchoolQuerySet(ScopedQuerySet):
    def active(self) -> "SchoolQuerySet":
        return self.filter(active=True)

    def with_counts(self) -> "SchoolQuerySet":
        """What the school list shows beside each school, in the same query."""
        return self.select_related("district").annotate(
            branch_count=models.Count("branches", distinct=True),
            honour_count=models.Count("honours", distinct=True),
        ).order_by("name")


class School(models.Model):
    """A school of the district with a league committee (middle schools) or a pioneer brigade
    (primary schools), or both (complete middle schools)."""

    class Level(models.TextChoices):
        PRIMARY = "primary", _("Primary school")
        MIDDLE = "middle", _("Middle school")
        COMPLETE_MIDDLE = "complete_middle", _("Complete middle school")
        VOCATIONAL = "vocational", _("Vocational school")

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="schools"
    )
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    area = models.CharField(
        _("area"), max_length=50, blank=True, help_text=_("The area used for area meetings.")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    joined_on = models.DateField(
        _("joined the portal on"),
        null=True,
        blank=True,
        help_text=_("Reports and compliance are expected from this date on."),
    )
    active = models.BooleanField(_("active"), default=True)

    scope_district = "district"
    scope_school = ""
    natural_key_fields = ("district__code", "name")

    objects = SchoolQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="school_unique_name_per_district",
                violation_error_message=_(
                    "A school with this name already exists in the district."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("schools:detail", kwargs={"school_pk": self.pk})

    def natural_key(self) -> tuple:
        return (self.district.code, self.name)

    natural_key.dependencies = ["portal.district"]

    @property
    def has_league(self) -> bool:
        return self.level != self.Level.PRIMARY

    @property
    def has_pioneers(self) -> bool:
        return self.level in (self.Level.PRIMARY, self.Level.COMPLETE_MIDDLE)


class SchoolUnit(models.Model):
    """The school's league committee (校团委) or pioneer brigade (少先队大队)."""

    class Kind(models.TextChoices):
        LEAGUE_COMMITTEE = "league_committee", _("School league committee")
        PIONEER_BRIGADE = "pioneer_brigade", _("Pioneer brigade")

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="units"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    leader_name = models.CharField(
        _("secretary or counsellor"), max_length=50, blank=True
    )
    member_count = models.PositiveIntegerField(_("members"), default=0)
    committee_size = models.PositiveSmallIntegerField(_("committee members"), default=0)
    established = models.PositiveSmallIntegerField(
        _("established (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1949), MaxValueValidator(2100)],
    )

    scope_district = "school__district"
    scope_school = "school"
    url_kwarg = "unit_pk"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("league committee or pioneer brigade")
        verbose_name_plural = _("league committees and pioneer brigades")
        ordering = ["school", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "kind"],
                name="schoolunit_one_of_each_kind",
                violation_error_message=_("The school already has one of these."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.get_kind_display()}"


class Branch(models.Model):
    """A class league branch (团支部) or pioneer squadron (中队)."""

    class Kind(models.TextChoices):
        LEAGUE_BRANCH = "league_branch", _("League branch")
        PIONEER_SQUADRON = "pioneer_squadron", _("Pioneer squadron")

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="branches"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.LEAGUE_BRANCH
    )
    class_name = models.CharField(_("class"), max_length=50)
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    advisor = models.CharField(_("advisor"), max_length=50, blank=True)
    member_count = models.PositiveIntegerField(_("members"), default=0)
    applicant_count = models.PositiveIntegerField(_("membership applicants"), default=0)

    scope_district = "school__district"
    scope_school = "school"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        ordering = ["school", "grade", "class_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "class_name"],
                name="branch_unique_class_per_school",
                violation_error_message=_("This school already has a branch for this class."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.class_name} {self.get_kind_display()}"


class Honour(models.Model):
    """A title the school's organisation holds: 五四红旗团委, 红领巾示范校, …"""

    class Title(models.TextChoices):
        MAY_FOURTH_RED_FLAG = "may_fourth_red_flag", _("May Fourth Red Flag league committee")
        RED_SCARF_MODEL_SCHOOL = "red_scarf_model_school", _("Red Scarf model school")
        OTHER = "other", _("Other")

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="honours"
    )
    title = models.CharField(pgettext_lazy("honour", "title"), max_length=40, choices=Title.choices)
    other_title = models.CharField(
        _("title (other)"), max_length=100, blank=True, help_text=_("When the title is Other.")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    awarded_by = models.CharField(_("awarded by"), max_length=100, blank=True)

    scope_district = "school__district"
    scope_school = "school"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "title", "other_title", "level", "year"],
                name="honour_unique",
                violation_error_message=_("This honour is already recorded for the school."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.display_title}"

    @property
    def display_title(self) -> str:
        return self.other_title if self.title == self.Title.OTHER else self.get_title_display()


class CommunityPairing(models.Model):
    """A school paired with a community citizen school (结对共建), where membership applicants
    register as volunteers."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="pairings"
    )
    community = models.CharField(_("community"), max_length=100)
    citizen_school = models.CharField(_("citizen school"), max_length=100, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    contact = models.CharField(_("contact"), max_length=50, blank=True)
    active = models.BooleanField(_("active"), default=True)

    scope_district = "school__district"
    scope_school = "school"
    url_kwarg = "pairing_pk"

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("community pairing")
        verbose_name_plural = _("community pairings")
        ordering = ["school", "community"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "community"],
                name="pairing_unique_community_per_school",
                violation_error_message=_("The school is already paired with this community."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} ↔ {self.community}"


from schools.models.volunteering import Applicant, VolunteerRecord  # noqa: E402, F401
