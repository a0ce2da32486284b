"""Each role is a group with model permissions (what the admin site and `perms` see). Row
scoping is separate (`portal.scoping`). Groups are kept in step after every migrate."""

from fnmatch import fnmatch

from django.contrib.auth.models import Group, Permission

from portal.models import Role
from portal.plugins import project_apps

# Patterns over "app_label.codename"; the first matching role list grants the permission.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.ADMINISTRATOR: ("*",),
    Role.CITY_OFFICER: ("*.view_*",),
    Role.DISTRICT_OFFICER: ("schools.*", "supervision.*", "activities.*", "cadres.*",
                            "portal.view_*", "reports.view_*"),
    Role.EDUCATION_OFFICER: ("schools.*", "supervision.*", "activities.*", "cadres.*",
                             "portal.view_*", "reports.view_*"),
    Role.SCHOOL_SECRETARY: ("schools.view_*", "schools.change_school", "schools.change_schoolunit",
                            "schools.*_branch", "supervision.view_*", "activities.view_*"),
    Role.ORGANISATION_DEPARTMENT: ("*.view_*", "cadres.*"),
    Role.LEADER: ("*.view_*",),
}


def sync_role_groups(app_config=None, **kwargs) -> None:
    """Runs after the last app's post_migrate, when every permission exists."""
    from django.apps import apps

    if app_config is not None and app_config != list(apps.get_app_configs())[-1]:
        return
    permissions = list(
        Permission.objects.filter(content_type__app_label__in=project_apps()).select_related(
            "content_type"
        )
    )
    for role, patterns in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = [
            p for p in permissions
            if any(fnmatch(f"{p.content_type.app_label}.{p.codename}", pat) for pat in patterns)
        ]
        group.permissions.set(wanted)
