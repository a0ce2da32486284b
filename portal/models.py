"""Districts, organisations and users: who works in the portal and what they may see."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.scoping import ScopedQuerySet


class District(models.Model):
    """A district (区): the first-class scope of the portal. One deployment serves a city."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    code = models.SlugField(_("code"), max_length=50, unique=True)

    scope_district = ""  # the district itself
    natural_key_fields = ("code",)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def named(cls, name: str) -> "District | None":
        """The district a command line names, by its name or its code."""
        return cls.objects.filter(models.Q(name=name) | models.Q(code=name)).first()

    def natural_key(self) -> tuple:
        return (self.code,)


class Organisation(models.Model):
    """A body that takes part in school league work: the district league committee (团区委),
    the education commission (区教委), the pioneers work committee (少工委), partners."""

    class Kind(models.TextChoices):
        LEAGUE_COMMITTEE = "league_committee", _("District league committee")
        CITY_LEAGUE_COMMITTEE = "city_league_committee", _("City league committee")
        EDUCATION_COMMISSION = "education_commission", _("Education commission")
        PIONEERS_COMMITTEE = "pioneers_committee", _("Pioneers work committee")
        ORGANISATION_DEPARTMENT = "organisation_department", _("Organisation department")
        EDUCATION_PARTY_COMMITTEE = "education_party_committee", _(
            "Education Party working committee"
        )
        FINANCE_BUREAU = "finance_bureau", _("Finance bureau")
        PUBLICITY_DEPARTMENT = "publicity_department", _("Publicity department")
        CIVILISATION_OFFICE = "civilisation_office", _("Civilisation office")
        PROCURATORATE = "procuratorate", _("Procuratorate")
        COLLEGE = "college", _("College")
        COMMUNITY = "community", _("Community")
        SCHOOL = "school", _("School")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Empty for city-level bodies."),
    )

    scope_district = "district"
    natural_key_fields = ("district__code", "name")

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["district__name", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="organisation_unique_name_per_district",
                violation_error_message=_("An organisation with this name already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def natural_key(self) -> tuple:
        return (self.district.code if self.district_id else None, self.name)

    natural_key.dependencies = ["portal.district"]


class Role(models.TextChoices):
    """The portal's roles. Each has a group of the same name holding its model permissions;
    what a role may *see* is decided by `ScopedQuerySet.visible_to`."""

    DISTRICT_OFFICER = "district_officer", _("District officer")
    EDUCATION_OFFICER = "education_officer", _("Education officer")
    SCHOOL_SECRETARY = "school_secretary", _("School secretary")
    ORGANISATION_DEPARTMENT = "organisation_department", _("Organisation department")
    LEADER = "leader", _("Leader")
    CITY_OFFICER = "city_officer", _("City officer")
    ADMINISTRATOR = "administrator", _("Administrator")


OFFICER_ROLES = frozenset({Role.DISTRICT_OFFICER, Role.EDUCATION_OFFICER})
READ_ONLY_ROLES = frozenset({Role.LEADER})
CITY_WIDE_ROLES = frozenset({Role.CITY_OFFICER, Role.ADMINISTRATOR})


class UserHistory(HistoricalRecords):
    """A user's history without their password and last sign-in: a save that touches only
    those (every sign-in saves ``last_login``) leaves no history row."""

    def post_save(self, instance, created, using=None, update_fields=None, **kwargs):
        if update_fields and set(update_fields) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)


class User(AbstractUser):
    """A person who logs in. Tied to an organisation and, for school secretaries, to one school.
    The district a user works in is the organisation's district (or the school's)."""

    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="secretaries",
        help_text=_("Only for school secretaries: the one school they keep."),
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Empty only for city-wide roles."),
    )
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans",
        help_text=_("The language of your e-mails."))

    # Role, organisation, school and district changes, with the user who made them.
    history = UserHistory(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="school_secretary") | models.Q(school__isnull=False),
                name="user_secretary_has_school",
                violation_error_message=_("A school secretary must be tied to a school."),
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("home")

    def clean(self) -> None:
        """A role that does not fit the user's school, organisation or district is refused
        (`portal.access.role_misfits`), when a user is added or any of the four changes."""
        super().clean()
        who = (self.role, self.organisation_id, self.school_id, self.district_id)
        saved = (User.objects.filter(pk=self.pk).values_list(
            "role", "organisation_id", "school_id", "district_id").first()
                 if self.pk else None)
        if saved != who and (errors := access.role_misfits(self)):
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        if self.school_id and not self.district_id:
            self.district_id = self.school.district_id
        if self.organisation_id and not self.district_id:
            self.district_id = self.organisation.district_id
        super().save(*args, **kwargs)
        self.sync_role_group()

    def sync_role_group(self) -> None:
        """Keep the user in exactly the group of their role."""
        role_names = set(Role.values)
        current = set(self.groups.values_list("name", flat=True))
        if current & role_names == ({self.role} if self.role else set()):
            return
        self.groups.remove(*Group.objects.filter(name__in=role_names - {self.role}))
        if self.role:
            group, _created = Group.objects.get_or_create(name=self.role)
            self.groups.add(group)

    # Role predicates for templates and querysets: each one is `portal.access`'s.
    @property
    def is_officer(self) -> bool:
        return access.is_officer(self)

    @property
    def is_secretary(self) -> bool:
        return access.is_secretary(self)

    @property
    def is_organisation_department(self) -> bool:
        return access.is_organisation_department(self)

    @property
    def is_leader(self) -> bool:
        return access.is_read_only(self)

    @property
    def is_read_only(self) -> bool:
        return access.is_read_only(self)

    @property
    def is_city_wide(self) -> bool:
        return access.is_city_wide(self)

    @property
    def is_portal_admin(self) -> bool:
        return access.administers(self)

    def has_role(self, *roles: str) -> bool:
        return access.holds_role(self, roles)


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user: User) -> "NotificationQuerySet":
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one user inside the portal: what happened (``kind`` and ``params``, see
    `portal.notices`), rendered in the reader's language wherever it is shown. ``title`` and
    ``body`` keep the text in the portal's language (search, the admin, rows older than kinds).
    """

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=80, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # When a daily digest carried it: each notification is in one digest at most.
    digested_at = models.DateTimeField(_("in a digest at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.shown_title  # in the reader's language (the admin lists notifications)

    def rendered(self, language: str | None = None) -> tuple[str, str]:
        """(title, body) in ``language`` (the active one by default)."""
        from portal.notices import render

        language = language or get_language() or settings.LANGUAGE_CODE
        cache = self.__dict__.setdefault("_rendered", {})
        if language not in cache:
            cache[language] = render(self.kind, self.params or {}, language) or (
                self.title, self.body)
        return cache[language]

    @property
    def shown_title(self) -> str:
        return self.rendered()[0]

    @property
    def shown_body(self) -> str:
        return self.rendered()[1]

    @property
    def actor_name(self) -> str:
        return (self.params or {}).get("actor") or ""

    @property
    def due(self) -> str:
        return (self.params or {}).get("due") or ""


# Who may act (`portal.access` reads the roles and kinds above).
from portal import access  # noqa: E402

# Models that live in their own modules of the portal app; importing them here registers them.
from portal.access_log import AccessEvent  # noqa: E402, F401
from portal.form_tokens import FormToken  # noqa: E402, F401
from portal.imports.models import ImportBatch  # noqa: E402, F401
from portal.outbox import OutgoingMessage  # noqa: E402, F401
from portal.preferences import NotificationPreference, ReminderLog  # noqa: E402, F401
from portal.robots import GroupRobot  # noqa: E402, F401
