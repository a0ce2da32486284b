"""The compliance grid page's rows (activities.templatetags.compliance_tags) are the HTML the
template's nested loops produced, cell for cell: class, title, text, each school's link; and
the cells a district officer looks for show up as such (on time, late, missing, too few class
hours, not joined, not yet due)."""

import os
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from activities import compliance
from activities.models import Activity, Semester
from activities.models.calendar import deadline_for
from activities.tests.factories import (
    ActivityFactory,
    CourseFactory,
    ReportFactory,
    SemesterFactory,
)
from activities.views.courses import current_semester
from portal.models import User
from schools.models import School
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

# The grid's body as activities/compliance.html wrote it before the rows were rendered by a
# tag: the reference the tag must reproduce byte for byte (with the row headers' scope that
# valid HTML asks for, issue 25).
CELL = '<td class="text-center small {{ c.css }}" title="{{ c.title }}">{{ c.text }}</td>'
FORMER_BODY = Template(
    "{% load i18n %}<tbody>\n"
    "  {% for row in rows %}\n"
    '    <tr data-school="{{ row.school.pk }}"><th scope="row" class="text-nowrap fw-normal">'
    '<a href="{{ row.school.get_absolute_url }}">{{ row.school.name }}</a></th>\n'
    f"      {{% for c in row.months %}}{CELL}{{% endfor %}}\n"
    f"      {{% for c in row.semesters %}}{CELL}{{% endfor %}}</tr>\n"
    '  {% empty %}<tr><td colspan="{{ months|length|add:3 }}" class="text-muted">'
    '{% translate "No schools match these filters." %}</td></tr>\n'
    "  {% endfor %}\n"
    "  </tbody>")
FORMER_SECTION_ROW = Template(
    f"<tbody><tr>{{% for c in row.months %}}{CELL}{{% endfor %}}"
    f"{{% for c in row.semesters %}}{CELL}{{% endfor %}}</tr></tbody>")


def _tbody(html: str) -> str:
    return re.search(r"<tbody>.*?</tbody>", html, re.S).group(0)


def _expected_body(user, semesters, months, language, **filters) -> str:
    schools = (School.objects.visible_to(user).filter(district_id=user.district_id,
                                                      active=True, **filters)
               .order_by("name")[:50])
    rows = compliance.grid(schools, semesters, today=timezone.localdate())
    with translation.override(language):
        return FORMER_BODY.render(Context({"rows": rows, "months": months}))


def _cells(html: str, school) -> list[tuple[str, str, str]]:
    row = re.search(rf'<tr data-school="{school.pk}">(.*?)</tr>', html, re.S).group(1)
    return re.findall(r'<td class="text-center small ([\w-]+)" title="([^"]*)">([^<]*)</td>',
                      row)


def test_demo_district_grid_is_the_former_templates(client_for):
    call_command("seed_demo", password="pw-for-tests-1", stdout=open(os.devnull, "w"))
    officer = User.objects.get(username="tuanqu")
    client = client_for(officer)
    semesters = list(Semester.objects.filter(district_id=officer.district_id).order_by("start"))
    assert semesters
    variants = [({}, None), *[({"semester": s.pk}, [s]) for s in semesters],
                *[({"year": y}, [s for s in semesters if s.school_year == y])
                  for y in {s.school_year for s in semesters}],
                ({"area": "no such area"}, None)]
    seen, shown = set(), set()
    for params, chosen in variants:
        response = client.get(reverse("activities:compliance"), params)
        assert response.status_code == 200
        html = response.content.decode()
        context = response.context
        chosen = chosen or context["semesters"]
        assert [s.pk for s in context["semesters"]] == [s.pk for s in chosen]
        filters = {"area": params["area"]} if "area" in params else {}
        expected = _expected_body(officer, chosen, context["months"],
                                  response.wsgi_request.LANGUAGE_CODE, **filters)
        assert _tbody(html) == expected, params
        seen |= set(re.findall(r'class="text-center small (cell-\w+)"', _tbody(html)))
        shown |= set(context["months"])
    assert 'colspan="' in _tbody(html)  # the last variant: no school in that area
    # The demo district's data shows every kind of cell; a "due" cell (cell-none) only while
    # a month's deadline is ahead, which in the summer holiday no month's is.
    today = timezone.localdate()
    ahead = any(today <= deadline_for(semesters, y, m)[0] for y, m in shown)
    assert seen == {"cell-ok", "cell-warn", "cell-fail"} | ({"cell-none"} if ahead else set())
    # The school page's own row (activities/_school_section.html).
    school = School.objects.filter(district_id=officer.district_id, active=True).first()
    html = client.get(school.get_absolute_url()).content.decode()
    section = html[html.index('id="activities-section"'):]
    row = compliance.grid([school], [current_semester(school.district_id)])[0]
    assert FORMER_SECTION_ROW.render(Context({"row": row})) in section


def test_grid_cells_for_each_case(world, client_for):
    autumn = SemesterFactory(district=world.district, school_year=2025, term=1,
                             start=date(2025, 9, 1), end=date(2026, 1, 16), deadline_day=5)
    future = SemesterFactory(district=world.district, school_year=2098, term=2,
                             start=date(2099, 2, 20), end=date(2099, 7, 3), deadline_day=5)

    def september(school, submitted, class_hours=1):
        report = ReportFactory(school=school, year=2025, month=9, deadline=date(2025, 10, 5),
                               closes_on=date(2030, 1, 1), status="approved",
                               first_submitted_on=submitted)
        for day in range(class_hours):
            ActivityFactory(report=report, kind=Activity.Kind.CLASS_HOUR,
                            date=date(2025, 9, 10 + day))

    on_time = world.school
    september(on_time, date(2025, 10, 3))
    late = SchoolFactory(district=world.district, name="A&B <迟交> 中学")
    september(late, date(2025, 10, 8))
    missing = world.other_school
    few = SchoolFactory(district=world.district, name="课时中学")
    CourseFactory(school=few, semester=autumn, class_hours_per_month=2)
    september(few, date(2025, 10, 3), class_hours=1)
    newcomer = SchoolFactory(district=world.district, name="新校", joined_on=date(2025, 10, 15))
    client = client_for(world.officer)

    response = client.get(reverse("activities:compliance"), {"semester": autumn.pk})
    html = response.content.decode()
    assert _tbody(html) == _expected_body(world.officer, [autumn], response.context["months"],
                                          response.wsgi_request.LANGUAGE_CODE)
    assert _cells(html, on_time)[0] == ("cell-ok", "✓", "✓")
    assert _cells(html, late)[0] == ("cell-warn", "逾期 3 天提交。", "逾期")
    css, title, text = _cells(html, missing)[0]
    assert (css, text) == ("cell-fail", "未报") and title.startswith("未提交月报（已逾期 ")
    css, title, text = _cells(html, few)[0]
    assert (css, text) == ("cell-fail", "课时不足") and "2" in title
    assert [c[2] for c in _cells(html, newcomer)[:2]] == ["未加入", "未加入"]
    assert _cells(html, newcomer)[2][0] == "cell-fail"  # November: expected, missing
    # Five term months and the semester's demonstration; the school's link, its name escaped.
    assert len(_cells(html, on_time)) == 6 and _cells(html, on_time)[5][0] == "cell-fail"
    assert (f'<a href="{late.get_absolute_url()}">A&amp;B &lt;迟交&gt; 中学</a>'
            in html)

    html = client.get(reverse("activities:compliance"), {"semester": future.pk}).content.decode()
    cells = _cells(html, on_time)  # February has too few days of term: March comes first
    assert cells[0] == ("cell-none", "截止日期 2099-04-05。", "待交")
    assert cells[-1][0] == "cell-warn"  # no demonstration yet, semester not over


def test_shared_cells_keep_what_differs(world):
    """grid() builds each distinct cell once: schools whose cells differ only in the class
    hours still get their own (none at all fails even where a course asks for none)."""
    autumn = SemesterFactory(district=world.district, school_year=2025, term=1,
                             start=date(2025, 9, 1), end=date(2026, 1, 16), deadline_day=5)
    schools = [SchoolFactory(district=world.district) for _ in range(4)]
    for school, (required, done) in zip(schools, [(0, 0), (0, 2), (3, 1), (3, 2)], strict=True):
        CourseFactory(school=school, semester=autumn, class_hours_per_month=required)
        report = ReportFactory(school=school, year=2025, month=9, deadline=date(2025, 10, 5),
                               closes_on=date(2030, 1, 1), status="approved",
                               first_submitted_on=date(2025, 10, 3))
        for day in range(done):
            ActivityFactory(report=report, kind=Activity.Kind.CLASS_HOUR,
                            date=date(2025, 9, 10 + day))
    with translation.override("en"):
        rows = compliance.grid(schools, [autumn], today=date(2026, 3, 1))
    cells = [row.months[0] for row in rows]
    assert [c.css for c in cells] == ["cell-fail", "cell-ok", "cell-fail", "cell-fail"]
    assert "Only 1 of the 3" in cells[2].title and "Only 2 of the 3" in cells[3].title
