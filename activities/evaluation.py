"""The activities app's figures for the evaluation PDFs (`portal.evaluation.sections`).

Cooperation mechanism (here): special funds received, allocated and spent; campaigns with
partner departments; honour selections and the young people honoured; volunteer service
and partners' visits. Standardisation (monthly-report compliance and applicants'
volunteering) is in `activities.evaluation_standards`. A fixed number of aggregate queries
whatever the district's size.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from activities import evaluation_standards
from portal import figures
from portal.evaluation.sections import Chapter, Period, Section, Table
from portal.figures import Scope


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
    found = figures.values("funds", Scope(district=district), period)
    funds = found["funds"]
    section = Section(chapter=Chapter.COOPERATION, order=10, title=_("Special funds"),
                      text=_("Funds granted by partner departments for youth education and "
                             "the protection of minors, allocated to campaigns and schools."))
    if not funds:
        section.empty_note = _("No special fund was recorded for this period.")
        return section
    section.figures = [
        figures.figure(key, _money(found[key]), headline=key in HEADLINE_FUNDS)
        for key in ("funds.received", "funds.allocated", "funds.unallocated", "funds.spent",
                    "funds.unspent")]
    section.tables = [Table(
        caption=_("Funds"),
        headers=[_("Year"), _("Fund"), _("Source"), _("Amount"), _("Allocated"),
                 _("Not yet allocated"), _("Spent"), _("Allocated, not yet spent")],
        rows=[[f.year, f.name, str(f.source), _money(f.amount), _money(f.allocated),
               _money(f.amount - f.allocated), _money(f.spent), _money(f.allocated - f.spent)]
              for f in funds],
        numeric=(3, 4, 5, 6, 7))]
    return section


HEADLINE_FUNDS = ("funds.received", "funds.spent")


def _campaigns(district, period: Period) -> Section:
    found = figures.values("cooperation", Scope(district=district), period)
    campaigns = found["campaigns"]
    section = Section(chapter=Chapter.COOPERATION, order=20,
                      title=_("Campaigns with partner departments"))
    if not campaigns:
        section.empty_note = _("No campaign ran in this period.")
        return section
    section.figures = [figures.figure("campaigns.count", found["campaigns.count"],
                                      headline=True)]
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
    found = figures.values("cooperation", Scope(district=district), period)
    selections = found["selections"]
    section = Section(chapter=Chapter.COOPERATION, order=30,
                      title=_("Honour selections: young people honoured"))
    if not selections:
        section.empty_note = _("No honour selection closed in this period.")
        return section
    section.figures = [
        figures.figure("honours.honoured", found["honours.honoured"], headline=True),
        figures.figure("honours.nominated", found["honours.nominated"]),
    ]
    section.tables = [Table(
        caption=_("Selections"),
        headers=[_("Selection"), _("Year"), _("Status"), _("Nominated"), _("Honoured")],
        rows=[[s.name, s.year, s.get_status_display(), s.nominated, s.honoured]
              for s in selections],
        numeric=(3, 4))]
    return section


def _volunteering(district, period: Period) -> Section:
    found = figures.values("volunteering", Scope(district=district), period)
    section = Section(chapter=Chapter.COOPERATION, order=40,
                      title=_("Volunteer service and partners in schools"))
    if not found["volunteering.applicants"] and not found["volunteering.activities"] \
            and not found["volunteering.visits"]:
        section.empty_note = _("No volunteer service was recorded in this period.")
        return section
    section.figures = [
        figures.figure("volunteering.hours", found["volunteering.hours"], headline=True),
        *[figures.figure(key, found[key]) for key in (
            "volunteering.applicants", "volunteering.paired", "volunteering.activities",
            "volunteering.visits", "volunteering.with_partner")],
    ]
    return section
