"""Area meetings (片区交流会): yearly exchanges of the schools of one area."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import District
from portal.scoping import DistrictWideQuerySet
from portal.uploads import IMAGE_EXTENSIONS, UploadValidator


class AreaMeeting(models.Model):
    """A meeting on moral education and league work of the schools of one area (片区), held
    by a host school; attendance is recorded by school and by cadre."""

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT,
        related_name="area_meetings",
    )
    area = models.CharField(_("area"), max_length=50)
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    host_school = models.ForeignKey(
        "schools.School",
        verbose_name=_("host school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_area_meetings",
    )
    attending_schools = models.ManyToManyField(
        "schools.School",
        verbose_name=_("attending schools"),
        blank=True,
        related_name="area_meetings",
    )
    attending_cadres = models.ManyToManyField(
        "cadres.Cadre",
        verbose_name=_("attending cadres"),
        blank=True,
        related_name="area_meetings",
    )
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)

    scope_district = "district"
    scope_school = None  # secretaries read their district's meetings (DistrictWideQuerySet)

    objects = DistrictWideQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["attending_schools", "attending_cadres"])

    class Meta:
        verbose_name = _("area meeting")
        verbose_name_plural = _("area meetings")
        ordering = ["-held_on", "area"]

    def __str__(self) -> str:
        return f"{self.area} · {self.held_on:%Y-%m-%d} · {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("cadres:meeting_detail", kwargs={"areameeting_pk": self.pk})


def meeting_photo_upload_to(instance: AreaMeetingPhoto, filename: str) -> str:
    return f"cadres/meetings/{instance.meeting_id}/{filename}"


class AreaMeetingPhoto(models.Model):
    """A photo of an area meeting, served only through a scoped view."""

    meeting = models.ForeignKey(
        AreaMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(
        _("photo"),
        upload_to=meeting_photo_upload_to,
        validators=[UploadValidator(extensions=IMAGE_EXTENSIONS)],
    )
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    thumbnail = models.FileField(_("thumbnail"), upload_to=meeting_photo_upload_to, blank=True,
                                 editable=False, help_text=_("Made on the server."))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    scope_district = "meeting__district"
    scope_school = None

    objects = DistrictWideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("area meeting photo")
        verbose_name_plural = _("area meeting photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption or self.original_name or str(self.pk)
