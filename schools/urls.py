from django.urls import path

from schools import views

app_name = "schools"

urlpatterns = [
    path("", views.SchoolListView.as_view(), name="list"),
    path("new/", views.SchoolCreateView.as_view(), name="create"),
    path("<int:school_pk>/", views.SchoolDetailView.as_view(), name="detail"),
    path("<int:school_pk>/edit/", views.SchoolUpdateView.as_view(), name="update"),
    path("units/<int:unit_pk>/edit/", views.UnitUpdateView.as_view(), name="unit_update"),
    path("<int:school_pk>/branches/new/", views.BranchCreateView.as_view(), name="branch_create"),
    path("branches/<int:branch_pk>/edit/", views.BranchUpdateView.as_view(), name="branch_update"),
    path("branches/<int:branch_pk>/delete/", views.BranchDeleteView.as_view(),
         name="branch_delete"),
    path("<int:school_pk>/honours/new/", views.HonourCreateView.as_view(), name="honour_create"),
    path("honours/<int:honour_pk>/edit/", views.HonourUpdateView.as_view(), name="honour_update"),
    path("honours/<int:honour_pk>/delete/", views.HonourDeleteView.as_view(),
         name="honour_delete"),
    path("<int:school_pk>/pairings/new/", views.PairingCreateView.as_view(),
         name="pairing_create"),
    path("pairings/<int:pairing_pk>/edit/", views.PairingUpdateView.as_view(),
         name="pairing_update"),
    path("pairings/<int:pairing_pk>/delete/", views.PairingDeleteView.as_view(),
         name="pairing_delete"),
]
