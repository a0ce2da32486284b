"""Table lists paginate once: the table's paginator is the page's (portal.lists)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import SchoolFactory


@pytest.mark.django_db
def test_a_list_counts_its_rows_once_and_pages_with_the_tables_paginator(world, client_for):
    SchoolFactory.create_batch(30, district=world.district)
    total = world.district.schools.count()
    client = client_for(world.officer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("schools:list") + "?page=2")
    assert response.status_code == 200
    counts = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT COUNT")
              and "schools_school" in q["sql"]]
    assert len(counts) == 1, counts
    html = response.content.decode()
    heading = re.search(r"<h1.*?</h1>", html, re.S).group(0)
    assert str(total) in heading
    rows = re.search(r"<tbody.*?</tbody>", html, re.S).group(0).count("<tr")
    assert rows == total - 25
    context = response.context
    assert context["paginator"] is context["table"].paginator
    assert context["page_obj"].number == 2 and context["is_paginated"]
