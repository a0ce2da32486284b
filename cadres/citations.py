"""Documents cite and are cited (issue 24): every record a decision of a joint document (联合发文)
lies behind points at it in the district's register, and the document's page lists them all.

`document_field` is the key every citing model uses; `check_district` is its model check (the
admin, where any district's documents are offered); `CITING` lists every key to a document with
how the document's page shows the rows behind it (`tests/test_document_citations.py` checks
that no key is missing); `citations` reads them for one document, one query per kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.access import DISTRICT_READERS, OFFICERS, READERS
from portal.numbers import hours

HELP = _("From the district's register of joint documents. Register the document first if "
         "it is not in the list.")
NOT_IN_DISTRICT = _("The document is not registered in this district.")


def document_field(verbose_name, related_name: str, help_text=HELP) -> models.ForeignKey:
    """A nullable key to the register: the document the decision follows."""
    return models.ForeignKey("cadres.Document", verbose_name=verbose_name,
                             on_delete=models.PROTECT, null=True, blank=True,
                             related_name=related_name, help_text=help_text)


def check_district(obj, district_id: int | None, *fields: str) -> None:
    """Refuse a cited document of another district (the admin offers every district's)."""
    errors = {}
    for name in fields:
        document = getattr(obj, name) if getattr(obj, f"{name}_id") else None
        if document is not None and district_id and document.district_id != district_id:
            errors[name] = NOT_IN_DISTRICT
    if errors:
        raise ValidationError(errors)


def district_documents(district):
    """The documents a citing form offers: the district's, newest first."""
    from cadres.models import Document

    return Document.objects.filter(district=district).order_by("-issued_on", "-pk")


@dataclass(frozen=True)
class Citing:
    """One key to a document and how the document's page shows its rows."""

    model: str  # app_label.ModelName
    field: str
    label: Promise  # the group's heading
    text: Callable[[models.Model], str]
    url: Callable[[models.Model], str]
    link_roles: frozenset  # who may open the link (the others read the text)
    related: tuple[str, ...] = ()
    detail: Callable[[models.Model], str] = lambda row: ""

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


def _place(post) -> str:
    place = post.place
    concurrent = f" · {_('Concurrent')}" if post.is_concurrent else ""
    return f"{post.title} · {place.name if place else ''} · {post.start:%Y-%m-%d}{concurrent}"


CITING: tuple[Citing, ...] = (
    Citing("cadres.Post", "document", _("Appointments"), lambda p: p.cadre.name,
           lambda p: p.cadre.get_absolute_url(), READERS, ("cadre", "school", "organisation"),
           _place),
    Citing("cadres.SecondmentRound", "notice", _("Secondment rounds"), str,
           lambda r: r.get_absolute_url(), READERS),
    Citing("cadres.Secondment", "approval_document", _("Secondment approvals"),
           lambda s: f"{s.cadre.name} · {s.post_title}", lambda s: s.get_absolute_url(), READERS,
           ("cadre",), lambda s: f"{s.start:%Y-%m-%d} – {s.end:%Y-%m-%d}"),
    Citing("supervision.InspectionPlan", "document", _("Inspection plans"), str,
           lambda p: p.get_absolute_url(), DISTRICT_READERS),
    Citing("supervision.CoordinationMeeting", "document", _("Coordination meetings"), str,
           lambda m: m.get_absolute_url(), DISTRICT_READERS,
           detail=lambda m: f"{m.date:%Y-%m-%d}"),
    Citing("activities.Campaign", "document", _("Campaigns"), str,
           lambda c: reverse("activities:campaign_list") + f"#campaign-{c.pk}", READERS,
           detail=lambda c: f"{c.start:%Y-%m-%d} – {c.end:%Y-%m-%d}"),
    Citing("activities.HonourSelection", "document", _("Honour selections"), str,
           lambda s: s.get_absolute_url(), DISTRICT_READERS),
    Citing("activities.ActivitiesSettings", "volunteer_hours_document",
           _("District rule: volunteer hours required of an applicant"),
           lambda s: f"{s.district.name} · {hours(s.required_volunteer_hours)} h",
           lambda s: reverse("activities:calendar"), OFFICERS, ("district",)),
    Citing("activities.ActivitiesSettings", "class_hours_document",
           _("District rule: activity class hours a month"),
           lambda s: f"{s.district.name} · {s.class_hours_per_month}",
           lambda s: reverse("activities:calendar"), OFFICERS, ("district",)),
)


@dataclass(frozen=True)
class Row:
    text: str
    url: str
    detail: str


@dataclass(frozen=True)
class Group:
    key: str
    label: Promise
    rows: list[Row]


def citations(document, user) -> list[Group]:
    """What cites ``document`` that ``user`` may see, grouped by kind (one query a kind)."""
    groups = []
    for citing in CITING:
        rows = (citing.model_class.objects.visible_to(user).filter(**{citing.field: document})
                .select_related(*citing.related))
        shown = [Row(citing.text(r), citing.url(r) if _may_open(user, citing) else "",
                     citing.detail(r)) for r in rows]
        if shown:
            groups.append(Group(f"{citing.model}.{citing.field}", citing.label, shown))
    return groups


def _may_open(user, citing: Citing) -> bool:
    return access.holds_role(user, citing.link_roles)
