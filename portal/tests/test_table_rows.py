"""The portal's table body (portal.templatetags.portal_tables) renders what django-tables2's
bootstrap5 template renders, in fewer steps, with each cell labelled by its column's name."""

import re

import django_tables2 as tables
import pytest
from django.test import RequestFactory

from schools.models import School
from schools.tables import SchoolTable


def _tbody(table_class, data, template_name, **kwargs) -> str:
    table = table_class(data, template_name=template_name, **kwargs)
    request = RequestFactory().get("/schools/")
    table.paginate(per_page=25)
    html = table.as_html(request)
    body = re.search(r"<tbody.*?</tbody>", html, re.S).group(0)
    return re.sub(r"\s+>", ">", re.sub(r">\s+<", "><", re.sub(r"\s+", " ", body)))


def _unlabelled(body: str) -> str:
    return re.sub(r"\s+>", ">", re.sub(r' data-label="[^"]*"', "", body))


class RowDependentTable(tables.Table):
    """Attributes computed from the row and a localised number: the cases the fast path
    must hand back to django-tables2."""

    name = tables.Column(attrs={"td": {"data-school": lambda record: record.pk,
                                       "class": "fw-bold"}})
    members = tables.Column(localize=True, attrs={"td": {"class": "text-end"}})
    code = tables.Column(localize=False, empty_values=(), default="—")

    class Meta:
        row_attrs = {"data-id": lambda record: record.pk}


@pytest.mark.django_db
def test_table_body_is_the_same_as_django_tables2s(world):
    schools = School.objects.select_related("district").order_by("name")
    portal = _tbody(SchoolTable, schools, "portal/table.html")
    assert _unlabelled(portal) == _tbody(SchoolTable, schools, "django_tables2/bootstrap5.html")
    assert world.school.name in portal and "text-end" in portal
    labels = re.findall(r'<td [^>]*data-label="([^"]*)"', portal)
    assert labels[:2] == ["名称", "简称"] or labels[:2] == ["Name", "Short name"]
    assert len(labels) == School.objects.count() * len(SchoolTable.base_columns)


@pytest.mark.django_db
def test_row_dependent_attributes_localised_values_and_escaping():
    rows = [{"pk": 7, "name": "<b>二中</b>", "members": 12345, "code": None},
            {"pk": 8, "name": "求精中学", "members": 3, "code": "A&B"}]

    class Row(dict):
        def __getattr__(self, name):
            return self[name]

    data = [Row(r) for r in rows]
    portal = _tbody(RowDependentTable, data, "portal/table.html")
    assert _unlabelled(portal) == _tbody(RowDependentTable, data,
                                         "django_tables2/bootstrap5.html")
    assert 'data-school="7"' in portal and 'data-id="8"' in portal
    assert "&lt;b&gt;二中&lt;/b&gt;" in portal and "A&amp;B" in portal


@pytest.mark.django_db
def test_an_empty_table_says_so():
    empty = School.objects.none()
    portal = _tbody(SchoolTable, empty, "portal/table.html")
    assert portal == _tbody(SchoolTable, empty, "django_tables2/bootstrap5.html")
    assert "colspan" in portal


def test_render_signatures_are_remembered_per_function_and_stay_right():
    """django-tables2's ``signature`` is installed remembering (PortalConfig.ready); a method
    answers without ``self`` whatever the instance, a plain function with all its arguments,
    and a callable that cannot be weakly referenced is still answered."""
    from django_tables2 import utils

    assert getattr(utils.signature, "remembers", False)

    class Table:
        def render_name(self, value, record):
            return value

    def plain(value, **kwargs):
        return value

    class Slotted:  # no __weakref__: cannot be a weak key
        __slots__ = ()

        def __call__(self, record):
            return record

    calls = []
    original = utils.inspect.signature

    def counting(fn, **kwargs):
        calls.append(fn)
        return original(fn, **kwargs)

    utils.inspect.signature = counting
    try:
        assert utils.signature(Table().render_name) == (("value", "record"), None)
        assert utils.signature(Table().render_name) == (("value", "record"), None)
        assert utils.signature(plain) == (("value",), "kwargs")
        assert utils.signature(plain) == (("value",), "kwargs")
        assert utils.signature(Slotted()) == (("record",), None)
        assert utils.signature(Slotted()) == (("record",), None)
        assert len(calls) == 4
    finally:
        utils.inspect.signature = original


LIST_PAGES = [  # (user, page) for every django-tables2 table the portal shows
    ("tuanqu", "schools:list"),
    ("tuanqu", "supervision:inspection_list"),
    ("tuanqu", "supervision:order_list"),
    ("tuanqu", "activities:report_list"),
    ("tuanqu", "cadres:cadre_list"),
    ("tuanqu", "cadres:document_list"),
    ("zuzhibu", "cadres:reserve_list"),
    ("qiujing", "activities:report_list"),
    ("qiujing", "supervision:order_list"),
]


@pytest.fixture
def demo_district(db):
    from django.core.management import call_command

    call_command("seed_demo", password="pw-for-tests-1", stdout=open("/dev/null", "w"))


def _page_tbody(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.search(r"<tbody.*?</tbody>", response.content.decode(), re.S).group(0)


@pytest.mark.django_db
def test_plain_cells_read_directly_are_the_cells_django_tables2_renders(demo_district,
                                                                        monkeypatch):
    """On every list of the demo district, the table body is the same whether plain columns'
    cells are computed directly (``_DirectColumn``) or all go through django-tables2, and the
    direct path is really taken, for bare values and for render_<column> methods alike."""
    from django.test import Client
    from django.urls import reverse

    from portal.models import User
    from portal.templatetags import portal_tables

    taken = []
    original_cell = portal_tables._DirectColumn.cell

    def counting_cell(self, row, table):
        value = original_cell(self, row, table)
        taken.append(self.column.name)
        return value

    monkeypatch.setattr(portal_tables._DirectColumn, "cell", counting_cell)
    for username, name in LIST_PAGES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        url = reverse(name)
        fast = _page_tbody(client, url)
        with monkeypatch.context() as m:
            m.setattr(portal_tables._DirectColumn, "of", classmethod(lambda *a: None))
            slow = _page_tbody(client, url)
        assert fast == slow, url
        assert fast.count("<tr") >= 1 and "<td" in fast, f"{url} shows no rows to compare"
    assert len(taken) > 100
    # a choice label, a relation, a text; render_<column> methods with and without a value
    assert {"level", "district", "area", "period", "status", "deadline"} <= set(taken)
