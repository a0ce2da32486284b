"""Cadres URLs. People, posts, joint documents and area meetings come from
`cadres.views.people` & co.; the secondment cycle from `cadres.views.secondments` & co."""

from django.urls import path  # noqa: F401

from cadres.views import documents, meetings, people

app_name = "cadres"

# People, posts, the leadership page, joint documents, area meetings.
people_patterns: list = [
    path("", people.CadreListView.as_view(), name="cadre_list"),
    path("new/", people.cadre_create, name="cadre_create"),
    path("<int:cadre_pk>/", people.cadre_detail, name="cadre_detail"),
    path("<int:cadre_pk>/edit/", people.cadre_update, name="cadre_update"),
    path("<int:cadre_pk>/posts/new/", people.post_create, name="post_create"),
    path("posts/<int:post_pk>/edit/", people.post_update, name="post_update"),
    path("posts/<int:post_pk>/end/", people.post_end, name="post_end"),
    path("leadership/", people.leadership_page, name="leadership"),
    path("documents/", documents.DocumentListView.as_view(), name="document_list"),
    path("documents/new/", documents.document_create, name="document_create"),
    path("documents/<int:document_pk>/", documents.document_detail, name="document_detail"),
    path("documents/<int:document_pk>/edit/", documents.document_update,
         name="document_update"),
    path("documents/<int:document_pk>/file/", documents.document_file, name="document_file"),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/year/", meetings.meeting_year, name="meeting_year"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/schools/", meetings.meeting_school_search, name="meeting_school_search"),
    path("meetings/cadres/", meetings.meeting_cadre_search, name="meeting_cadre_search"),
    path("meetings/<int:areameeting_pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:areameeting_pk>/edit/", meetings.meeting_update,
         name="meeting_update"),
    path("meetings/<int:areameeting_pk>/photos/", meetings.photo_upload, name="photo_upload"),
    path("meeting-photos/<int:areameetingphoto_pk>/", meetings.photo_file, name="photo_file"),
    path("meeting-photos/<int:areameetingphoto_pk>/delete/", meetings.photo_delete,
         name="photo_delete"),
]

# Secondment rounds, applications, secondments, assessments, reserve pool, the organisation
# department's home page.
from cadres.urls_secondments import secondment_patterns  # noqa: E402

urlpatterns = [*people_patterns, *secondment_patterns]
