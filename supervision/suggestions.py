"""Suggested self-scores (自评建议分) from what the school has already entered in the portal.

The self-assessment opens with a score already in each indicator the portal knows something
about, and the facts it rests on beside it; the secretary confirms or changes each before
saving. A suggestion is a starting point, not a verdict: each fact the indicator touches
gives a share of its maximum (1 = fully met), the suggestion is their mean, rounded to half a
point. Indicators the portal knows nothing about get no suggestion."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

# What a year of regular work looks like (the source's rules): a report and a class hour in
# each of the ten term months, two school-wide demonstrations, two honours make a full mark.
TERM_MONTHS = 10
DEMONSTRATIONS = 2
HONOURS_FOR_FULL = 2


@dataclass
class Suggestion:
    score: Decimal
    basis: list[str]

    @property
    def note(self) -> str:
        return _("From the portal: %(facts)s") % {"facts": "；".join(self.basis)}


def _hours(value) -> str:
    """Hours as the pages show them: one decimal at most, no float noise (12.5, 20)."""
    text = str(Decimal(str(value or 0)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return text.removesuffix(".0")


def _share(done, wanted) -> float:
    return min(1.0, float(done or 0) / wanted) if wanted else 1.0


def fact_shares(facts: dict, required_hours) -> dict[str, tuple[float, str]]:
    """Per kind of fact: (share met, what was found), for the kinds the portal has data on."""
    branches, activities = facts["branches"], facts["activities"]
    volunteering = facts["volunteering"]
    count, members = branches["count"] or 0, branches["members"] or 0
    applicants = branches["applicants"] or 0
    shares = {
        "branches": (1.0 if count and members else 0.5 if count else 0.0,
                     _("%(n)s branches with %(m)s members") % {"n": count, "m": members}),
        "members": (1.0 if members and applicants else 0.5 if members else 0.0,
                    _("%(m)s members, %(a)s membership applicants") % {"m": members,
                                                                        "a": applicants}),
        "honours": (0.6 + 0.4 * _share(len(facts["honours"]), HONOURS_FOR_FULL),
                    _("%(n)s honours") % {"n": len(facts["honours"])}),
        "activities": ((_share(activities["reports"], TERM_MONTHS)
                        + _share(activities["class_hours"], TERM_MONTHS)
                        + _share(activities["demonstrations"], DEMONSTRATIONS)) / 3,
                       _("%(r)s monthly reports, %(c)s class hours, %(d)s demonstration "
                         "activities in twelve months") % {
                           "r": activities["reports"], "c": activities["class_hours"],
                           "d": activities["demonstrations"]}),
    }
    people = volunteering["applicants"] or 0
    if people:
        hours = volunteering["hours"] or 0
        shares["volunteering"] = (
            _share(hours, people * float(required_hours)),
            _("%(h)s volunteer hours of %(n)s applicants (%(r)s each required)") % {
                "h": _hours(hours), "n": people, "r": _hours(required_hours)})
    return shares


def suggest(indicator, hints: list[str], shares: dict) -> Suggestion | None:
    found = [shares[h] for h in hints if h in shares]
    if not found:
        return None
    mean = sum(share for share, _basis in found) / len(found)
    halves = (Decimal(str(mean)) * indicator.max_score * 2).quantize(Decimal("1"),
                                                                      rounding=ROUND_HALF_UP)
    return Suggestion(score=halves / 2, basis=[basis for _share_, basis in found])
