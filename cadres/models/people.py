"""People (cadres) and their posts, including concurrent posts (兼任)."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from portal.models import District, Organisation
from portal.scoping import ScopedQuerySet


def mask_phone(phone: str) -> str:
    """138****5678: the first three and last four digits stay readable."""
    if len(phone) <= 7:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"


def mask_id_number(number: str) -> str:
    """5001**********1234: the region prefix and the last four characters stay readable."""
    if len(number) <= 8:
        return "*" * len(number)
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"


MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CODES = "10X98765432"


def validate_phone(value: str) -> None:
    """An 11-digit mainland mobile number, or a landline with its area code (digits and
    hyphens: 023-63851234)."""
    if value and not (MOBILE.fullmatch(value) or LANDLINE.fullmatch(value)):
        raise ValidationError(
            _("Enter an 11-digit mobile number (such as 13812345678) or a landline number "
              "with its area code (such as 023-63851234)."),
            code="phone",
        )


def id_check_character(first17: str) -> str:
    """The check character of a resident identity number (GB 11643-1999, ISO 7064 MOD 11-2)."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CODES[total % 11]


def validate_id_number(value: str) -> None:
    """18 characters: 17 digits and a check digit or X; a real birth date; the right check
    character (GB 11643)."""
    if not value:
        return
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise ValidationError(
            _("An identity number has 18 characters: 17 digits, then a digit or X."),
            code="id_format",
        )
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(
            _("The birth date in this identity number (%(date)s) does not exist."),
            code="id_birth_date",
            params={"date": value[6:14]},
        ) from None
    expected = id_check_character(value[:17])
    if value[17] != expected:
        raise ValidationError(
            _("The last character of this identity number should be %(expected)s, not "
              "%(given)s: check the number for a typing error."),
            code="id_checksum",
            params={"expected": expected, "given": value[17]},
        )


def same_id_number_elsewhere() -> models.QuerySet:
    """The other records of the district with the outer cadre's identity number: the same
    person at another workplace (a transfer, or a record kept twice). For subqueries
    (`OuterRef` to the cadre); none for a cadre without a number."""
    return (Cadre.objects.filter(district=models.OuterRef("district"),
                                 id_number=models.OuterRef("id_number"))
            .exclude(id_number="").exclude(pk=models.OuterRef("pk")))


ID_AT_SCHOOL = _("A cadre with this identity number is already recorded at this school.")
ID_AT_ORGANISATION = _(
    "A cadre with this identity number is already recorded at this organisation.")


class CadreQuerySet(ScopedQuerySet):
    def with_current_posts(self) -> CadreQuerySet:
        """What the cadre list shows beside each person, in a fixed number of queries."""
        current = Post.objects.current().select_related("organisation", "school")
        return self.select_related("school", "organisation").prefetch_related(
            models.Prefetch("posts", queryset=current, to_attr="current_posts")
        )

    def with_records_elsewhere(self) -> CadreQuerySet:
        """Annotate each cadre with the other records of its identity number in the district
        (in the same query): `elsewhere_count`, and the first one's `elsewhere_pk` and
        `elsewhere_workplace` (its `workplace` as a page shows it). Only for the
        roles that see full identity numbers (`Cadre.sees_personal_data`): to anyone else it
        would tell that a number is recorded outside their school."""
        others = same_id_number_elsewhere().order_by("pk")
        return self.annotate(
            elsewhere_count=Coalesce(models.Subquery(
                others.order_by().values("district").annotate(n=models.Count("pk"))
                .values("n")[:1]), 0),
            elsewhere_pk=models.Subquery(others.values("pk")[:1]),
            elsewhere_workplace=models.Subquery(others.annotate(
                place=Coalesce("school__name", NullIf("organisation__short_name", Value("")),
                               "organisation__name")).values("place")[:1]),
        )

    def recorded_elsewhere(self) -> CadreQuerySet:
        """The cadres whose identity number is recorded at another workplace as well."""
        return self.filter(models.Exists(same_id_number_elsewhere()))

    def get_by_natural_key(self, district_code, id_number, school=None, organisation=None):
        """A cadre by `Cadre.natural_key`: an identity number is unique per workplace."""
        place = (models.Q(school__name=school) if school
                 else models.Q(school__isnull=True, organisation__name=organisation))
        return self.get(place, district__code=district_code, id_number=id_number)


class Cadre(models.Model):
    """A person who holds or held a post in school league or pioneer work: a school league
    secretary, a committee officer, a research staff member (教研员). Phone and identity number
    are stored in full and shown masked to every role but administrators and the organisation
    department (`Cadre.sees_personal_data`).

    A record belongs to a workplace: the identity number is unique per school (per
    organisation for a cadre without a school), not per district, so a person moved to
    another school, or recorded by two, has a record at each. A school secretary's form or
    import naming a number recorded only elsewhere creates a record at their school, as a
    number recorded nowhere does: nothing tells them the number exists. The roles that see
    full numbers are shown the records kept elsewhere (`with_records_elsewhere`)."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="cadres"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadres",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadres",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    id_number = models.CharField(_("identity number"), max_length=18, blank=True)
    user = models.OneToOneField(
        "portal.User",
        verbose_name=_("portal account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cadre",
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)

    scope_district = "district"
    scope_school = "school"

    objects = CadreQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(school__isnull=False) | models.Q(organisation__isnull=False),
                name="cadre_has_school_or_organisation",
                violation_error_message=_("A cadre belongs to a school or an organisation."),
            ),
            # `district` leads both so that forms, which leave it out, skip them: `clean()`
            # checks the same with a message on the identity number.
            models.UniqueConstraint(
                fields=["district", "school", "id_number"],
                condition=~models.Q(id_number="") & models.Q(school__isnull=False),
                name="cadre_unique_id_number_per_school",
                violation_error_message=ID_AT_SCHOOL,
            ),
            models.UniqueConstraint(
                fields=["district", "organisation", "id_number"],
                condition=~models.Q(id_number="") & models.Q(school__isnull=True),
                name="cadre_unique_id_number_per_organisation",
                violation_error_message=ID_AT_ORGANISATION,
            ),
        ]
        indexes = [
            # The records of one person across workplaces (`same_id_number_elsewhere`).
            models.Index(fields=["district", "id_number"], name="cadre_district_id_number"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cadres:cadre_detail", kwargs={"cadre_pk": self.pk})

    def natural_key(self) -> tuple:
        """The district, the identity number and the workplace: the school's full name, or
        None and the organisation's (fixtures name cadres that have a number)."""
        if self.school_id:
            return (self.district.code, self.id_number, self.school.name, None)
        return (self.district.code, self.id_number, None,
                self.organisation.name if self.organisation_id else None)

    natural_key.dependencies = ["portal.district", "schools.school", "portal.organisation"]

    def clean(self) -> None:
        self.phone = re.sub(r"\s", "", self.phone or "")
        self.id_number = (self.id_number or "").strip().upper()
        errors = {}
        for field, check in (("phone", validate_phone), ("id_number", validate_id_number)):
            try:
                check(getattr(self, field))
            except ValidationError as error:
                errors[field] = error
        if "id_number" not in errors and self.id_number and self.district_id and (
                self.school_id or self.organisation_id):
            # Forms leave out `district`, so Django skips the unique constraints: check here,
            # at this workplace only (a record elsewhere is no concern of the form's user).
            same = Cadre.objects.filter(district_id=self.district_id, id_number=self.id_number)
            if self.school_id:
                same = same.filter(school_id=self.school_id)
            else:
                same = same.filter(school__isnull=True, organisation_id=self.organisation_id)
            if same.exclude(pk=self.pk).exists():
                errors["id_number"] = ID_AT_SCHOOL if self.school_id else ID_AT_ORGANISATION
        if self.school_id and self.school.district_id != self.district_id:
            errors["school"] = _("The school is not in the cadre's district.")
        if self.organisation_id and self.organisation.district_id not in (None, self.district_id):
            errors["organisation"] = _("The organisation is not in the cadre's district.")
        if errors:
            raise ValidationError(errors)

    @property
    def workplace(self):
        return self.school or self.organisation

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @staticmethod
    def sees_personal_data(user) -> bool:
        """Only administrators and the organisation department see phones and identity
        numbers unmasked, on pages and in exports alike."""
        from portal import access

        return access.sees_personal_data(user)

    def phone_for(self, user) -> str:
        return self.phone if self.sees_personal_data(user) else self.masked_phone

    def id_number_for(self, user) -> str:
        return self.id_number if self.sees_personal_data(user) else self.masked_id_number


class PostQuerySet(ScopedQuerySet):
    def current(self, on=None) -> PostQuerySet:
        """Posts held on a day (today by default)."""
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(start__lte=on).filter(models.Q(end__isnull=True) | models.Q(end__gte=on))


class Post(models.Model):
    """A post a cadre holds in an organisation or a school, from `start` to `end` (open while
    held), with the body that appointed them and its document. `is_concurrent` marks a post
    held beside the cadre's main one (兼任): the committee's deputy secretary on the education
    Party working committee, a school secretary as deputy head of the moral-education office."""

    class Kind(models.TextChoices):
        LEAGUE_SECRETARY = "league_secretary", _("School league secretary")
        PIONEER_COUNSELLOR = "pioneer_counsellor", _("Pioneer counsellor")
        MORAL_EDUCATION_OFFICE = "moral_education_office", _("Moral-education office")
        COMMITTEE_LEADER = "committee_leader", _("Committee leader")
        PARTY_COMMITTEE_MEMBER = "party_committee_member", _(
            "Education Party working committee member"
        )
        PIONEERS_DIRECTOR = "pioneers_director", _("Director of the pioneers work committee")
        RESEARCH_STAFF = "research_staff", _("Research staff")
        SECONDMENT = "secondment", _("Secondment")
        OTHER = "other", _("Other")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="posts"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("post", "title"), max_length=100)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        help_text=_("Where the post is held (or the school below)."),
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    is_concurrent = models.BooleanField(_("concurrent post"), default=False)
    middle_management = models.BooleanField(
        _("has middle-management standing"), default=False
    )
    appointed_by = models.ForeignKey(
        Organisation,
        verbose_name=_("appointing body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
    )
    document = models.ForeignKey(
        "cadres.Document",
        verbose_name=_("appointing document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
    )
    basis = models.CharField(
        _("basis"),
        max_length=200,
        blank=True,
        help_text=_("E.g. elected at the 9th pioneers congress, or a document not registered."),
    )

    scope_district = "cadre__district"
    scope_school = "cadre__school"

    objects = PostQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="post_end_after_start",
                violation_error_message=_("A post cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(school__isnull=False) | models.Q(organisation__isnull=False),
                name="post_in_school_or_organisation",
                violation_error_message=_("A post is held in a school or an organisation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.title}"

    @property
    def place(self):
        return self.school or self.organisation

    def clean(self) -> None:
        errors = {}
        district_id = self.cadre.district_id if self.cadre_id else None
        if self.school_id and self.school.district_id != district_id:
            errors["school"] = _("The school is not in the cadre's district.")
        for field in ("organisation", "appointed_by"):
            org = getattr(self, field)
            if org is not None and org.district_id not in (None, district_id):
                errors[field] = _("The organisation is not in the cadre's district.")
        if self.document_id and self.document.district_id != district_id:
            errors["document"] = _("The document is not registered in the cadre's district.")
        if errors:
            raise ValidationError(errors)

    def is_current(self, on=None) -> bool:
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.start <= on and (self.end is None or self.end >= on)
