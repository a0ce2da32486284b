"""History on the reference data (issue 24): who changed an indicator's weight, a standard's
threshold or the district's rules, when, and why (a required reason for the standard and the
settings, shown where they are read); districts, organisations, group robots and preferences
keep theirs with the user."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from activities.models import ActivitiesSettings
from portal.history import start_history
from portal.models import District, Organisation
from portal.preferences import NotificationPreference
from portal.robots import GroupRobot
from supervision import services
from supervision.models import Indicator, Standard
from supervision.tests.factories import make_inspection

pytestmark = pytest.mark.django_db


def _standard_data(standard: Standard, **changes) -> dict:
    """The admin's change form of a standard as posted, its indicators inline."""
    data = {"code": standard.code, "version": standard.version, "name": standard.name,
            "kind": standard.kind, "issuing_bodies": standard.issuing_bodies,
            "effective_on": standard.effective_on.isoformat(),
            "commend_threshold": str(standard.commend_threshold),
            "rectify_threshold": str(standard.rectify_threshold),
            "commendation_quota": standard.commendation_quota,
            "pass_ratio": str(standard.pass_ratio), **({"is_draft": "on"} if standard.is_draft
                                                       else {})}
    indicators = list(standard.indicators.order_by("pk"))
    data.update({"indicators-TOTAL_FORMS": len(indicators),
                 "indicators-INITIAL_FORMS": len(indicators),
                 "indicators-MIN_NUM_FORMS": 0, "indicators-MAX_NUM_FORMS": 1000})
    for n, i in enumerate(indicators):
        data.update({f"indicators-{n}-{k}": v for k, v in {
            "id": i.pk, "standard": standard.pk, "code": i.code, "title": i.title,
            "description": i.description, "weight": i.weight, "max_score": i.max_score,
            "order": i.order}.items()})
    data.update(changes)
    return data


def test_a_standard_changes_in_the_admin_only_with_a_reason_kept_with_the_user(world,
                                                                                client_for):
    standard = Standard.objects.get(code="middle-league")
    first = standard.indicators.order_by("pk").first()
    client = client_for(world.admin)
    url = reverse("admin:supervision_standard_change", args=[standard.pk])
    changed = {"rectify_threshold": "55", "indicators-0-weight": first.weight + 1}
    response = client.post(url, _standard_data(standard, **changed))
    assert response.status_code == 200 and "reason" in response.context["adminform"].form.errors
    assert Standard.objects.get(pk=standard.pk).rectify_threshold == 60
    assert Indicator.objects.get(pk=first.pk).weight == first.weight

    response = client.post(url, _standard_data(standard, **changed, reason="区教委通知调整"))
    assert response.status_code == 302
    latest = Standard.objects.get(pk=standard.pk).history.latest()
    assert (latest.rectify_threshold, latest.history_user, latest.history_change_reason) == (
        55, world.admin, "区教委通知调整")
    weight = Indicator.objects.get(pk=first.pk).history.latest()
    assert (weight.weight, weight.history_user, weight.history_change_reason) == (
        first.weight + 1, world.admin, "区教委通知调整")
    # the admin's history view shows the reason; so does the standards page, to officers
    history = client.get(reverse("admin:supervision_standard_history", args=[standard.pk]))
    assert "区教委通知调整" in history.content.decode()
    page = client_for(world.officer).get(reverse("supervision:standard_list")).content.decode()
    assert "区教委通知调整" in page and f"{first.weight} → {first.weight + 1}" in page
    assert "60.0 → 55.0" in page


def test_an_indicator_changes_only_with_a_reason_and_not_once_in_use(world, client_for):
    indicator = Standard.objects.get(code="middle-league").indicators.order_by("pk").first()
    client = client_for(world.admin)
    url = reverse("admin:supervision_indicator_change", args=[indicator.pk])
    data = {"standard": indicator.standard_id, "code": indicator.code, "title": "团员发展",
            "description": indicator.description, "weight": 3,
            "max_score": indicator.max_score, "order": indicator.order}
    assert client.post(url, data).status_code == 200
    assert client.post(url, {**data, "reason": "文字修订"}).status_code == 302
    latest = indicator.history.latest()
    assert (latest.title, latest.weight, latest.history_user, latest.history_change_reason) \
        == ("团员发展", 3, world.admin, "文字修订")
    make_inspection(world)  # scored against this version: changing it is refused
    response = client.post(url, {**data, "weight": 4, "reason": "再调整"})
    assert response.status_code == 200 and Indicator.objects.get(pk=indicator.pk).weight == 3


def test_a_new_version_records_who_made_it_and_from_what(world):
    standard = Standard.objects.get(code="middle-league")
    copy = services.standard_new_version(standard=standard, user=world.admin)
    created = copy.history.get()
    assert (created.history_type, created.history_user) == ("+", world.admin)
    assert str(standard) in created.history_change_reason
    rows = Indicator.history.filter(standard_id=copy.pk)
    assert rows.count() == 12 and {(r.history_user, r.history_change_reason) for r in rows} \
        == {(world.admin, created.history_change_reason)}


def test_the_calendar_shows_the_rules_changes_with_their_user_and_reason(world, client_for):
    client = client_for(world.officer)
    data = {"required_volunteer_hours": "20", "class_hours_per_month": 1,
            "reminder_days_before": 3}
    client.post(reverse("activities:calendar"), {**data, "reason": "初次设定"})
    client.post(reverse("activities:calendar"),
                {**data, "required_volunteer_hours": "24", "reason": "团区委书记办公会决定"})
    page = client.get(reverse("activities:calendar")).content.decode()
    assert "团区委书记办公会决定" in page and "20 → 24" in page and "初次设定" in page
    assert ActivitiesSettings.objects.get().history.count() == 2


def test_districts_and_organisations_keep_their_history_with_the_user(world, client_for):
    client = client_for(world.admin)
    client.post(reverse("admin:portal_district_change", args=[world.district.pk]),
                {"name": "渝中区", "city": "重庆市", "code": "yuzhong"})
    latest = District.objects.get(pk=world.district.pk).history.latest()
    assert (latest.city, latest.history_user) == ("重庆市", world.admin)
    client.post(reverse("admin:portal_organisation_change", args=[world.league.pk]), {
        "name": "共青团渝中区委员会", "short_name": "团区委", "kind": world.league.kind,
        "district": world.district.pk})
    latest = Organisation.objects.get(pk=world.league.pk).history.latest()
    assert (latest.name, latest.history_user) == ("共青团渝中区委员会", world.admin)


def test_a_robots_history_keeps_who_changed_it_never_its_address_or_secret(world, client_for):
    robot = GroupRobot.objects.create(
        district=world.district, name="学校团建工作群", platform=GroupRobot.Platform.DINGTALK,
        webhook_url="https://oapi.dingtalk.com/robot/send?access_token=SECRET-TOKEN-1111",
        secret="SEC-SIGNING-SECRET-0001")
    historical = GroupRobot.history.model
    assert not {"webhook_url", "secret"} & {f.name for f in historical._meta.fields}
    client_for(world.officer).post(reverse("robot_update", args=[robot.pk]), {
        "name": "学校团建工作群", "platform": GroupRobot.Platform.DINGTALK,
        "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=NEW-TOKEN-2222",
        "secret": "", "language": "zh-hans", "active": "on"})
    latest = robot.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (world.officer,
                                                                  "address changed")


def test_a_calendar_address_reset_is_in_the_history_without_the_token(world, client_for):
    preference = NotificationPreference.of(world.officer)
    old = preference.calendar_token
    client_for(world.officer).post(reverse("calendar_reset"), {"confirm": "yes"})
    latest = preference.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        world.officer, "calendar address reset")
    assert not hasattr(latest, "calendar_token") and NotificationPreference.objects.get(
        pk=preference.pk).calendar_token != old


def test_a_migration_starts_the_history_of_rows_that_had_none():
    District.objects.bulk_create([District(name="江北区", code="jiangbei")])  # no history
    district = District.objects.get(code="jiangbei")
    assert not district.history.exists()
    start_history("portal.District")(apps, None)
    row = district.history.get()
    assert (row.name, row.history_type, row.history_change_reason) == (
        "江北区", "+", "history started")
