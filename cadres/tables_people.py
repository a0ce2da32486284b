"""Tables of cadres and joint documents; phones and identity numbers masked per user."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cadres.models import Cadre, Document


class CadreTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Full name"))
    workplace = tables.Column(verbose_name=_("School or organisation"), empty_values=(),
                              order_by=("school__name", "organisation__name"))
    posts = tables.Column(verbose_name=_("Current posts"), empty_values=(), orderable=False)
    phone = tables.Column(verbose_name=_("Phone"), orderable=False)
    id_number = tables.Column(verbose_name=_("Identity number"), orderable=False)

    class Meta:
        model = Cadre
        fields = ("name", "gender", "workplace", "posts", "phone", "id_number")
        empty_text = _("No cadres match these filters.")
        attrs = {"class": "table table-sm align-middle", "id": "cadres"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def render_workplace(self, record: Cadre):
        return record.workplace or "—"

    def render_posts(self, record: Cadre):
        posts = getattr(record, "current_posts", [])
        if not posts:
            return "—"
        # One element around the badges: on a phone the cell is a flex row, where separate
        # badges would each be an item and never wrap.
        return format_html("<span>{}</span>", format_html_join(
            " ", '<span class="badge text-bg-light border">{}{}</span>', (
                (p.title, format_html(' <span class="text-primary">{}</span>', _("concurrent"))
                 if p.is_concurrent else "") for p in posts)))

    def render_phone(self, record: Cadre):
        return record.phone_for(self.user) or "—"

    def render_id_number(self, record: Cadre):
        number = record.id_number_for(self.user) or "—"
        count = getattr(record, "elsewhere_count", 0)  # `with_records_elsewhere`
        if not count or not Cadre.sees_personal_data(self.user):
            return number
        if count == 1:
            text = _("Also recorded at %(workplace)s") % {"workplace": record.elsewhere_workplace}
        else:
            text = ngettext("Also recorded at %(workplace)s and %(n)s other workplace",
                            "Also recorded at %(workplace)s and %(n)s other workplaces",
                            count - 1) % {"workplace": record.elsewhere_workplace, "n": count - 1}
        return format_html(
            '{}<br><a class="badge text-bg-warning text-decoration-none fw-normal" href="{}" '
            'data-testid="recorded-elsewhere"><i class="bi bi-people"></i> {}</a>',
            number, reverse("cadres:cadre_detail", kwargs={"cadre_pk": record.elsewhere_pk}),
            text)


class DocumentTable(tables.Table):
    number = tables.Column(linkify=True, verbose_name=_("Document number"))
    title = tables.Column(linkify=True, verbose_name=_("Title"))
    issuers = tables.Column(verbose_name=_("Issued by"), empty_values=(), orderable=False)
    file = tables.Column(verbose_name=_("PDF"), empty_values=(), orderable=False)

    class Meta:
        model = Document
        fields = ("number", "title", "kind", "issuers", "issued_on", "file")
        empty_text = _("No documents match these filters.")
        attrs = {"class": "table table-sm align-middle", "id": "documents"}

    def render_issuers(self, record: Document):
        return "、".join(str(o) for o in record.issuers.all()) or "—"

    def render_file(self, record: Document):
        if not record.file:
            return "—"
        return format_html('<i class="bi bi-file-earmark-pdf text-danger" title="{}"></i>',
                           record.original_name)

    @staticmethod
    def export_headers() -> list[str]:
        return [str(_("Document number")), str(_("Title")), str(_("Kind")),
                str(_("Issued or received")), str(_("Issued by")), str(_("Date")),
                str(_("Summary"))]

    @staticmethod
    def export_row(document: Document) -> list:
        return [document.number, document.title, document.get_kind_display(),
                document.get_direction_display(),
                "、".join(o.name for o in document.issuers.all()), document.issued_on,
                document.summary]
