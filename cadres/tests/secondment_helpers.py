"""Builders for the secondment-cycle tests, on the shared `world` personas."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cadres.models import Application, Secondment
from cadres.models.secondments import add_months, term_end
from cadres.tests.factories import (
    ApplicationFactory,
    CadreFactory,
    SecondmentFactory,
    SecondmentRoundFactory,
)


def today():
    return timezone.localdate()


def make_round(world, **kwargs):
    kwargs.setdefault("district", world.district)
    kwargs.setdefault("created_by", world.officer)
    return SecondmentRoundFactory(**kwargs)


def make_cadre(school, **kwargs):
    return CadreFactory(school=school, district=school.district, **kwargs)


def make_application(world, round=None, school=None, status=Application.Status.SUBMITTED,
                     **kwargs) -> Application:
    round = round or make_round(world)
    school = school or world.school
    kwargs.setdefault("cadre", make_cadre(school))
    return ApplicationFactory(round=round, school=school, status=status,
                              submitted_by=world.secretary, **kwargs)


def make_secondment(world, *, school=None, start=None, **kwargs) -> Secondment:
    """A secondment whose term's last month contains today (unless ``start`` says otherwise)."""
    school = school or world.school
    start = start or add_months(today(), -12) + timedelta(days=10)
    application = make_application(world, school=school, status=Application.Status.APPROVED)
    return SecondmentFactory(application=application, district=world.district, start=start,
                             end=term_end(start, 12), host=world.league, **kwargs)
