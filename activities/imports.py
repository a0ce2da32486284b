"""Spreadsheet import of a school's monthly-report activities (engine: `portal.imports`).
Each row goes into the school's report of its date's month, which must be open and
editable by the secretary (the same rule as the report page); an activity is found again by
its report, kind, date and description."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities import services
from activities.models import Activity, MonthlyReport
from portal.access import SECRETARIES
from portal.imports.columns import CHOICE, DATE, DECIMAL, INT, Column
from portal.imports.engine import Importer, OneForOne, RowFailed, remember
from portal.models import Organisation
from schools.imports import SchoolRowMixin, assign


class ActivityImporter(SchoolRowMixin, Importer):
    kind = "activities"
    title = gettext_lazy("Monthly-report activities")
    model = Activity
    roles = SECRETARIES  # officers review reports and do not change them
    list_url = "activities:report_list"
    exclude_from_clean = ("report", "partner", "campaign")
    columns = [
        SchoolRowMixin.school_column,
        # An activity of a monthly report was held: not later than today. The example is in
        # this month, whose report a school has open.
        Column("date", gettext_lazy("Date"), DATE, required=True, past=True,
               example=lambda: timezone.localdate().replace(day=1),
               aliases=("日期", "活动日期")),
        Column("kind", gettext_lazy("Kind"), CHOICE, required=True,
               choices=tuple(Activity.Kind.choices), example=str(Activity.Kind.THEME_DAY.label),
               aliases=("类别", "活动类别", "类型")),
        Column("hours", gettext_lazy("Hours"), DECIMAL, required=True, example=1,
               aliases=("时长", "课时", "小时")),
        Column("participants", gettext_lazy("Participants"), INT, example=45,
               aliases=("参加人数", "人数")),
        Column("description", gettext_lazy("Short description"), example="主题团日：学习二十大",
               aliases=("简要说明", "说明", "内容", "活动内容")),
        Column("partner", gettext_lazy("Partner organisation"), example="",
               aliases=("合作单位",)),
    ]
    update_fields = ("hours", "participants", "partner_id")

    def prepare(self, rows):
        self.load_schools()
        months = {(r["date"].year, r["date"].month) for r in rows if r.get("date")}
        own = self.secretary_school_id
        reports = MonthlyReport.objects.filter(school__district=self.district).select_related(
            "school")
        if own:
            reports = reports.filter(school_id=own)
        self.reports = {(r.school_id, r.year, r.month): r for r in reports
                        if (r.year, r.month) in months}
        self.partners = {o.name: o.pk for o in Organisation.objects.filter(
            district=self.district)}
        # Two activities of one report may share kind, day and description (two sessions of
        # a class hour).
        self.activities = OneForOne(
            Activity.objects.filter(report__in=self.reports.values()).order_by("pk"),
            key=lambda a: (a.report_id, a.kind, a.date, a.description), values=self._values)
        for values in rows:
            if not values.get("date") or not values.get("kind"):
                continue  # a cell the engine refused: the row is reported as it is
            try:
                self.activities.claim_equal(values, *self._resolve(values))
            except RowFailed:
                continue  # reported when the row is matched

    @staticmethod
    def _values(activity) -> tuple:
        return (activity.hours, activity.participants, activity.partner_id)

    def _resolve(self, values):
        """(natural key, the row's (hours, participants, partner)); raises RowFailed."""
        school = self.row_school(values)
        day = values["date"]
        report = self.reports.get((school.pk, day.year, day.month))
        if report is None:
            raise RowFailed(_("%(school)s has no report for %(year)s-%(month)s yet: start it "
                              "on the reports page first.") % {
                                  "school": school.name, "year": day.year, "month": day.month},
                            self.label("date"))
        partner_id = None
        if values.get("partner"):
            partner_id = self.partners.get(values["partner"])
            if partner_id is None:
                raise RowFailed(_("There is no organisation named “%(name)s” in "
                                  "%(district)s.") % {"name": values["partner"],
                                                      "district": self.district},
                                self.label("partner"))
        key = (report.pk, values["kind"], day, values.get("description") or "")
        return key, (values["hours"], values.get("participants"), partner_id)

    def match(self, values):
        key, same = self._resolve(values)
        report = self.reports[(self.row_school(values).pk, key[2].year, key[2].month)]
        if self.user is not None:
            try:
                services.report_check_editable(report=report, user=self.user)
            except PermissionDenied:
                raise RowFailed(_("You may not change this report."), self.label("date")) from None
            except ValidationError as exc:
                raise RowFailed(" ".join(exc.messages), self.label("date")) from None
        try:
            activity = self.activities.find(values, key, same)
        except OneForOne.Ambiguous:  # which of them the row changes cannot be told
            raise RowFailed(_("%(school)s has several activities “%(what)s” on %(date)s: list "
                              "each of them as it is, or change them in the portal.") % {
                                  "school": report.school.name,
                                  "what": key[3] or values["kind"], "date": key[2].isoformat()},
                            self.label("description")) from None
        if activity is None:
            activity = Activity(report=report, kind=values["kind"], date=key[2],
                                description=key[3])
            engine_key = ("new", *key, *same)
        else:
            remember(activity, self)
            activity.report = report
            engine_key = ("activity", activity.pk)
        activity.partner_id = same[2] if same[2] is not None else activity.partner_id
        assign(activity, values, ("hours", "participants"))
        return activity, engine_key

    def before_write(self, created, updated):
        """Lock every report written to and check again that it may change now (it may have
        been submitted since the preview)."""
        if self.user is None:
            return
        for report in {a.report_id: a.report for a in (*created, *updated)}.values():
            services._lock_for_change(report, self.user)


IMPORTERS = [ActivityImporter]
