from django.urls import path

from portal.imports import views

app_name = "imports"

# The kind and the batch's token travel in the query string (?kind=schools, ?token=…): the
# project's URLs carry no kwargs but object ids, years and months (tests/test_access.py).
urlpatterns = [
    path("", views.upload, name="upload"),
    path("template.xlsx", views.template, name="template"),
    path("batch/", views.batch, name="batch"),
    path("batch/confirm/", views.confirm, name="confirm"),
]
