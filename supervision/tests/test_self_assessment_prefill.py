"""Issue 10: the self-assessment opens prefilled with suggested self-scores from what the
school already entered (branches, reported activities, volunteer hours, honours), with the
facts beside them; the secretary confirms or changes them."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, MonthlyReport
from activities.tests.factories import ActivityFactory, ReportFactory
from schools.models import Honour
from supervision.models import Indicator
from supervision.tests.factories import make_inspection

pytestmark = pytest.mark.django_db


def page(client, inspection):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # assert on the source texts
    return client.get(reverse("supervision:self_assessment", args=[inspection.pk]))


def value_of(html, indicator):
    match = re.search(rf'name="self_{indicator.pk}" value="([^"]*)"', html)
    return match.group(1)


def indicator(inspection, code):
    return Indicator.objects.get(standard=inspection.standard, code=code)


def test_scores_are_suggested_from_the_schools_facts(world, client_for):
    inspection = make_inspection(world)  # 求精中学: one branch of 12 members, 4 applicants
    response = page(client_for(world.secretary), inspection)
    html = response.content.decode()
    assert value_of(html, indicator(inspection, "M05")) == "10"  # branches and members
    assert value_of(html, indicator(inspection, "M07")) == "6"  # no honour yet
    assert value_of(html, indicator(inspection, "M09")) == "0"  # nothing reported
    assert value_of(html, indicator(inspection, "M12")) == ""  # the portal knows nothing
    assert 'data-testid="suggested-intro"' in html
    rows = {r["indicator"].code: r for r in response.context["rows"]}
    assert rows["M05"]["suggested"]
    assert rows["M05"]["suggestion"].basis == ["1 branches with 12 members"]
    assert "1 branches with 12 members" in html


def test_reported_activities_and_honours_raise_the_suggestions(world, client_for):
    today = timezone.localdate()
    for back in range(1, 11):  # the ten months before this one
        months = today.year * 12 + today.month - 1 - back
        day = date(months // 12, months % 12 + 1, 10)
        report = ReportFactory(school=world.school, year=day.year, month=day.month,
                               status=MonthlyReport.Status.APPROVED)
        ActivityFactory(report=report, kind=Activity.Kind.CLASS_HOUR, date=day)
        if back <= 2:  # two demonstrations
            ActivityFactory(report=report, kind=Activity.Kind.DEMONSTRATION, date=day)
    Honour.objects.create(school=world.school, title=Honour.Title.MAY_FOURTH_RED_FLAG,
                          level=Honour.Level.CITY, year=2024)
    inspection = make_inspection(world)
    html = page(client_for(world.secretary), inspection).content.decode()
    assert value_of(html, indicator(inspection, "M09")) == "10"
    assert value_of(html, indicator(inspection, "M07")) == "8"  # one honour of two


def test_the_secretary_confirms_or_changes_and_saved_scores_win(world, client_for):
    inspection = make_inspection(world)
    client = client_for(world.secretary)
    html = page(client, inspection).content.decode()
    m05, m07 = indicator(inspection, "M05"), indicator(inspection, "M07")
    client.post(reverse("supervision:self_assessment", args=[inspection.pk]), {
        f"self_{m05.pk}": value_of(html, m05), f"note_{m05.pk}": "确认",  # confirmed
        f"self_{m07.pk}": "9", f"note_{m07.pk}": "区级表彰在途"})  # changed
    saved = {a.indicator.code: a.score for a in inspection.self_assessments.all()}
    assert saved == {"M05": Decimal("10"), "M07": Decimal("9")}
    response = page(client, inspection)
    rows = {r["indicator"].code: r for r in response.context["rows"]}
    assert not rows["M07"]["suggested"] and rows["M07"]["value"] == Decimal("9")
    assert rows["M09"]["suggested"]  # not saved yet: still a suggestion
    assert value_of(response.content.decode(), m07) == "9.0"


def test_volunteer_hours_against_the_district_rule(world, client_for):
    from activities.tests.factories import ApplicantFactory, VolunteerRecordFactory

    applicant = ApplicantFactory(school=world.school)
    VolunteerRecordFactory(applicant=applicant, hours=Decimal("10"), date=date(2026, 4, 1))
    inspection = make_inspection(world)
    response = page(client_for(world.secretary), inspection)
    rows = {r["indicator"].code: r for r in response.context["rows"]}
    # M02 团员发展: members and applicants (full), volunteering 10 of 20 hours (half)
    assert rows["M02"]["value"] == Decimal("7.5")
    assert "10 volunteer hours of 1 applicants (20 each required)" in \
        rows["M02"]["suggestion"].basis
