"""Evaluation PDFs: included from `portal.urls` under `reports/` (no namespace, like the other
portal pages)."""

from django.urls import path

from reports import views

urlpatterns = [
    path("", views.reports, name="reports"),
    path("request/", views.report_request, name="report_request"),
    path("<int:report_pk>/", views.report_detail, name="report_detail"),
    path("<int:report_pk>/download/", views.report_download, name="report_download"),
    path("<int:report_pk>/retry/", views.report_retry, name="report_retry"),
    path("school/<int:school_pk>/", views.school_evaluation, name="school_evaluation"),
    path("inspection/<int:inspection_pk>/", views.inspection_record, name="inspection_record"),
]
