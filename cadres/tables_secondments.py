"""Tables of the secondment cycle (django-tables2), with their Excel rows."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre, ReservePoolEntry, Secondment


class ReserveTable(tables.Table):
    """The reserve pool: phones and identity numbers masked unless the viewer may see them
    (`Cadre.sees_personal_data`)."""

    name = tables.Column(verbose_name=_("Cadre"), accessor="cadre__name",
                         order_by=("cadre__name",))
    school = tables.Column(verbose_name=_("School"), accessor="cadre__school__name",
                           default="—")
    phone = tables.Column(verbose_name=_("Phone"), accessor="cadre__phone", orderable=False)
    id_number = tables.Column(verbose_name=_("Identity number"), accessor="cadre__id_number",
                              orderable=False)
    result = tables.Column(verbose_name=_("Assessment result"), accessor="secondment__result",
                           default="—")
    entered_on = tables.DateColumn(verbose_name=_("Entered on"), format="Y-m-d")
    basis = tables.Column(verbose_name=_("Basis"), orderable=False)
    school_support = tables.Column(verbose_name=_("School's support"), orderable=False)
    left_on = tables.Column(verbose_name=_("Membership"), orderable=True, empty_values=())
    actions = tables.TemplateColumn(template_name="cadres/_reserve_actions.html",
                                    verbose_name="", orderable=False)

    class Meta:
        model = ReservePoolEntry
        fields = ("name", "school", "phone", "id_number", "result", "entered_on", "basis",
                  "school_support", "left_on", "actions")
        empty_text = _("Nobody matches these filters.")
        attrs = {"class": "table table-sm table-hover", "data-testid": "reserve-table"}

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.full = Cadre.sees_personal_data(user)
        super().__init__(*args, **kwargs)

    def render_name(self, record):
        if record.secondment_id:
            return format_html('<a href="{}">{}</a>', record.secondment.get_absolute_url(),
                               record.cadre.name)
        return record.cadre.name

    def render_phone(self, record):
        return record.cadre.phone_for(self.user) or "—"

    def render_id_number(self, record):
        return record.cadre.id_number_for(self.user) or "—"

    def render_result(self, record):
        return record.secondment.get_result_display() if record.secondment_id else "—"

    def render_left_on(self, record):
        if record.left_on is None:
            return format_html('<span class="badge text-bg-success">{}</span>', _("In the pool"))
        return format_html('<span class="badge text-bg-secondary">{}</span> <span '
                           'class="small text-muted">{} · {}</span>', _("Left"),
                           record.left_on.isoformat(), record.left_reason)

    @staticmethod
    def export_headers() -> list[str]:
        return [str(h) for h in (
            _("Cadre"), _("Gender"), _("School"), _("Phone"), _("Identity number"),
            _("Secondment"), _("Assessment result"), _("Entered on"), _("Basis"),
            _("School's support"), _("Left on"), _("Reason for leaving"))]

    @staticmethod
    def export_row(entry: ReservePoolEntry, user) -> list:
        cadre = entry.cadre
        s: Secondment | None = entry.secondment
        return [cadre.name, cadre.get_gender_display(), cadre.school.name if cadre.school else "",
                cadre.phone_for(user), cadre.id_number_for(user),
                f"{s.post_title} {s.start:%Y-%m-%d}–{s.end:%Y-%m-%d}" if s else "",
                s.get_result_display() if s else "", entry.entered_on, entry.basis,
                entry.school_support, entry.left_on, entry.left_reason]
