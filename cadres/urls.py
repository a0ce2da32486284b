"""Cadres URLs. People, posts, joint documents and area meetings come from
`cadres.views.people` & co.; the secondment cycle from `cadres.views.secondments` & co."""

from django.urls import path  # noqa: F401

app_name = "cadres"

# People, posts, the leadership page, joint documents, area meetings.
people_patterns: list = []

# Secondment rounds, applications, secondments, assessments, reserve pool, the organisation
# department's home page.
from cadres.urls_secondments import secondment_patterns  # noqa: E402

urlpatterns = [*people_patterns, *secondment_patterns]
