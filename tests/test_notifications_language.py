"""Notifications are stored as what happened and read in the reader's language: after
hand-overs made in the Chinese UI, an English reader's bell and to-do list carry no Chinese
outside the data (school names, people, what they typed); a Chinese reader's the same rows
in Chinese. Rows written before kinds existed keep their stored text."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from activities import services as activities
from activities.tests.factories import ActivityFactory, ReportFactory
from portal.models import Notification
from supervision import services as supervision
from supervision.tests.factories import make_inspection, make_problem

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


def test_an_english_reader_sees_chinese_hand_overs_in_english(
        world, client, django_capture_on_commit_callbacks):
    w = world
    for school in (w.school, w.other_school):
        school.joined_on = timezone.localdate()
        school.save(update_fields=["joined_on"])
    last = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    report = ReportFactory(school=w.school, year=last.year, month=last.month,
                           deadline=timezone.localdate() + datetime.timedelta(days=5),
                           closes_on=timezone.localdate() + datetime.timedelta(days=20))
    ActivityFactory(report=report, date=last)
    inspection = make_inspection(w, status="published")
    with override("zh-hans"), django_capture_on_commit_callbacks(execute=True):  # Chinese UI
        activities.report_submit(report=report, user=w.secretary)
        activities.report_return(report=report, user=w.officer, comment="缺少照片")
        supervision.rectification_issue(
            inspection=inspection, finding=make_problem(inspection), user=w.officer,
            requirement="补齐团员档案", due_date=timezone.localdate() + datetime.timedelta(9))
    assert Notification.objects.filter(recipient=w.secretary).count() == 2
    data = ["求精中学", "缺少照片", "补齐团员档案", str(w.officer), str(w.secretary)]

    def english(text: str) -> str:
        for value in data:
            text = text.replace(value, "")
        return text

    client.force_login(w.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    bell = client.get(reverse("notifications")).content.decode()
    notes = bell[bell.index('<div class="list-group">'):bell.rindex("</a>")]
    assert "returned: correct it and submit it again" in notes
    assert "Rectification order: answer by" in notes and "缺少照片" in notes
    assert not CJK.search(english(notes)), CJK.findall(english(notes))
    home = client.get(reverse("home")).content.decode()
    start = home.index('data-testid="todo-list"')
    todo = home[start:home.index("</section>", start)]
    assert 'data-testid="todo-item"' in todo
    assert not CJK.search(english(todo)), CJK.findall(english(todo))
    # The same rows, read in Chinese.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "整改通知" in client.get(reverse("notifications")).content.decode()


def test_rows_older_than_kinds_show_their_stored_text(world, client):
    Notification.objects.create(recipient=world.officer, title="旧通知：请审核", body="旧正文")
    client.force_login(world.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("notifications")).content.decode()
    assert "旧通知：请审核" in page and "旧正文" in page
