from django.urls import path

from portal.imports import views

app_name = "imports"

urlpatterns = [
    path("<slug:kind>/", views.upload, name="upload"),
    path("<slug:kind>/template.xlsx", views.template, name="template"),
    path("batch/<uuid:token>/", views.batch, name="batch"),
    path("batch/<uuid:token>/confirm/", views.confirm, name="confirm"),
]
