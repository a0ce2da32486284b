"""The register of joint documents (联合发文) the two bodies issue or receive."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from portal.models import District, Organisation
from portal.scoping import DistrictWideQuerySet
from portal.uploads import UploadValidator


def document_upload_to(instance: Document, filename: str) -> str:
    return f"cadres/documents/{instance.district_id}/{filename}"


class Document(models.Model):
    """A document with its number (文号): the May 2014 opinion on standardising middle-school
    league work, an appointment, a secondment round's joint notice, a fund's allocation.
    What it governs is linked both ways: `standard` and `allocation` here; posts and
    secondment rounds point at their document."""

    class Kind(models.TextChoices):
        OPINION = "opinion", pgettext_lazy("document kind", "Opinion")
        NOTICE = "notice", pgettext_lazy("document kind", "Notice")
        APPOINTMENT = "appointment", pgettext_lazy("document kind", "Appointment")
        PLAN = "plan", pgettext_lazy("document kind", "Plan")

    class Direction(models.TextChoices):
        ISSUED = "issued", _("Issued")
        RECEIVED = "received", _("Received")

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="documents"
    )
    number = models.CharField(_("document number"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    direction = models.CharField(
        _("issued or received"), max_length=10, choices=Direction.choices,
        default=Direction.ISSUED,
    )
    issuers = models.ManyToManyField(
        Organisation, verbose_name=_("issuing organisations"), related_name="documents"
    )
    issued_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    file = models.FileField(
        _("PDF"),
        upload_to=document_upload_to,
        blank=True,
        validators=[UploadValidator(extensions=(".pdf",))],
    )
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    standard = models.ForeignKey(
        "supervision.Standard",
        verbose_name=_("standard it issues"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    allocation = models.ForeignKey(
        "activities.Allocation",
        verbose_name=_("fund allocation it governs"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )

    scope_district = "district"
    scope_school = None  # secretaries read them through DistrictWideQuerySet
    natural_key_fields = ("district__code", "number")

    objects = DistrictWideQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["issuers"])

    class Meta:
        verbose_name = _("joint document")
        verbose_name_plural = _("joint documents")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "number"],
                name="document_unique_number_per_district",
                violation_error_message=_(
                    "A document with this number is already registered in the district."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cadres:document_detail", kwargs={"document_pk": self.pk})

    def natural_key(self) -> tuple:
        return (self.district.code, self.number)

    natural_key.dependencies = ["portal.district", "portal.organisation"]

    def clean(self) -> None:
        # Forms leave out `district`, so Django skips the unique constraint: check here.
        if self.number and self.district_id and (
                Document.objects.filter(district_id=self.district_id, number=self.number)
                .exclude(pk=self.pk).exists()):
            raise ValidationError({"number": _(
                "A document with this number is already registered in the district.")})
