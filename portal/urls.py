from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from portal import access_log_views, profile, robot_views, signin, views

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_mark_read, name="notifications_mark_read"),
    path("todo/go/", views.todo_follow, name="todo_follow"),
    path("accounts/profile/", profile.profile, name="profile"),
    path("accounts/profile/calendar/reset/", profile.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", profile.calendar_feed, name="calendar_feed"),
    path("accounts/login/", signin.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/setlang/", set_language, name="set_language"),
    path("access-log/", access_log_views.access_log, name="access_log"),
    path("robots/", robot_views.robot_list, name="robot_list"),
    path("robots/<int:robot_pk>/", robot_views.robot_update, name="robot_update"),
    path("robots/<int:robot_pk>/delete/", robot_views.robot_delete, name="robot_delete"),
    path("reports/", include("reports.urls")),
    path("imports/", include("portal.imports.urls")),
    path("schools/", include("schools.urls")),
    path("supervision/", include("supervision.urls")),
    path("activities/", include("activities.urls")),
    path("cadres/", include("cadres.urls")),
    path("admin/", admin.site.urls),
]

# Uploaded files are never served as static media: each app serves its files through a
# scoped download view, so a file is reachable only by those who may see its record.
handler500 = "portal.faults.server_error"
