"""The activities app's figures for the evaluation PDFs (`portal.evaluation.sections`).

Cooperation mechanism (here): special funds received, allocated and spent; campaigns with
partner departments; honour selections and the young people honoured; volunteer service
and partners' visits. Standardisation (monthly-report compliance and applicants'
volunteering) is in `activities.evaluation_standards`. A fixed number of aggregate queries
whatever the district's size.
"""

from __future__ import annotations

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from activities import evaluation_standards
from activities.models import Activity, Campaign, Fund, HonourSelection, MonthlyReport
from activities.models.funds import ZERO
from portal.evaluation.sections import Chapter, Figure, Period, Section, Table
from schools.models import VolunteerRecord

COUNTED = (MonthlyReport.Status.SUBMITTED, MonthlyReport.Status.APPROVED)


def _in(period: Period, path: str) -> Q:
    return Q(**{f"{path}__gte": period.start, f"{path}__lte": period.end})


def district_sections(*, district, period: Period) -> list[Section]:
    return [
        _funds(district, period),
        _campaigns(district, period),
        _honoured(district, period),
        _volunteering(district, period),
        *evaluation_standards.district_sections(district=district, period=period),
    ]


def school_sections(*, school, period: Period) -> list[Section]:
    return evaluation_standards.school_sections(school=school, period=period)


def _money(value) -> str:
    return f"{value:,.2f}"


def _funds(district, period: Period) -> Section:
    """Funds of the calendar years the period touches (a fund is granted for a year)."""
    funds = list(Fund.objects.filter(district=district, year__gte=period.start.year,
                                     year__lte=period.end.year)
                 .with_balances().order_by("year", "name"))
    section = Section(chapter=Chapter.COOPERATION, order=10, title=_("Special funds"),
                      text=_("Funds granted by partner departments for youth education and "
                             "the protection of minors, allocated to campaigns and schools."))
    if not funds:
        section.empty_note = _("No special fund was recorded for this period.")
        return section
    received = sum((f.amount for f in funds), ZERO)
    allocated = sum((f.allocated for f in funds), ZERO)
    spent = sum((f.spent for f in funds), ZERO)
    section.figures = [
        Figure(_("Funds received"), _money(received), unit=_("yuan"), headline=True),
        Figure(_("Allocated"), _money(allocated), unit=_("yuan")),
        Figure(_("Spent"), _money(spent), unit=_("yuan"), headline=True),
        Figure(_("Not yet allocated"), _money(received - allocated), unit=_("yuan")),
    ]
    section.tables = [Table(
        caption=_("Funds"),
        headers=[_("Year"), _("Fund"), _("Source"), _("Amount"), _("Allocated"), _("Spent"),
                 _("Balance")],
        rows=[[f.year, f.name, str(f.source), _money(f.amount), _money(f.allocated),
               _money(f.spent), _money(f.balance)] for f in funds],
        numeric=(3, 4, 5, 6))]
    return section


def _campaigns(district, period: Period) -> Section:
    campaigns = list(
        Campaign.objects.filter(district=district, start__lte=period.end, end__gte=period.start)
        .annotate(partner_count=Count("partners", distinct=True),
                  events=Count("activities", distinct=True,
                               filter=Q(activities__report__status__in=COUNTED)))
        .order_by("start", "name"))
    section = Section(chapter=Chapter.COOPERATION, order=20,
                      title=_("Campaigns with partner departments"))
    if not campaigns:
        section.empty_note = _("No campaign ran in this period.")
        return section
    section.figures = [Figure(_("Campaigns"), len(campaigns), headline=True)]
    section.tables = [Table(
        caption=_("Campaigns"),
        headers=[_("Campaign"), _("From"), _("To"), _("Partners"), _("School events")],
        rows=[[c.name, c.start.isoformat(), c.end.isoformat(), c.partner_count, c.events]
              for c in campaigns],
        numeric=(3, 4))]
    return section


def _honoured(district, period: Period) -> Section:
    """Selections whose nominations closed in the period; the honoured are the accepted
    nominations."""
    selections = list(
        HonourSelection.objects.filter(district=district).filter(
            _in(period, "nomination_closes"))
        .annotate(nominated=Count("nominations"),
                  honoured=Count("nominations", filter=Q(nominations__status="accepted")))
        .order_by("nomination_closes"))
    section = Section(chapter=Chapter.COOPERATION, order=30,
                      title=_("Honour selections: young people honoured"))
    if not selections:
        section.empty_note = _("No honour selection closed in this period.")
        return section
    section.figures = [
        Figure(_("Young people honoured"), sum(s.honoured for s in selections), headline=True),
        Figure(_("Young people nominated"), sum(s.nominated for s in selections)),
    ]
    section.tables = [Table(
        caption=_("Selections"),
        headers=[_("Selection"), _("Year"), _("Status"), _("Nominated"), _("Honoured")],
        rows=[[s.name, s.year, s.get_status_display(), s.nominated, s.honoured]
              for s in selections],
        numeric=(3, 4))]
    return section


def _volunteering(district, period: Period) -> Section:
    records = VolunteerRecord.objects.filter(applicant__school__district=district).filter(
        _in(period, "date")).aggregate(
            hours=Coalesce(Sum("hours"), Value(ZERO), output_field=DecimalField()),
            applicants=Count("applicant", distinct=True),
            paired=Count("pk", filter=Q(pairing__isnull=False)))
    activities = Activity.objects.filter(report__school__district=district,
                                         report__status__in=COUNTED).filter(
        _in(period, "date")).aggregate(
            volunteer=Count("pk", filter=Q(kind=Activity.Kind.VOLUNTEER)),
            volunteer_hours=Sum("hours", filter=Q(kind=Activity.Kind.VOLUNTEER)),
            visits=Count("pk", filter=Q(kind=Activity.Kind.VISIT)),
            with_partner=Count("pk", filter=Q(partner__isnull=False)))
    section = Section(chapter=Chapter.COOPERATION, order=40,
                      title=_("Volunteer service and partners in schools"))
    if not records["applicants"] and not activities["volunteer"] and not activities["visits"]:
        section.empty_note = _("No volunteer service was recorded in this period.")
        return section
    section.figures = [
        Figure(_("Volunteer hours of membership applicants"), records["hours"], unit=_("h"),
               headline=True),
        Figure(_("Applicants who volunteered"), records["applicants"]),
        Figure(_("Services at paired communities"), records["paired"]),
        Figure(_("Volunteer service activities reported by schools"), activities["volunteer"]),
        Figure(_("Visits by outside teams"), activities["visits"]),
        Figure(_("Activities with a partner organisation"), activities["with_partner"]),
    ]
    return section
