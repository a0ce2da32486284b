"""Home-page figures about the schools the user may see."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.dashboard import Panel
from schools.models import Branch, School


def panels(user) -> list[Panel]:
    schools = School.objects.visible_to(user).aggregate(
        total=Count("pk", filter=Q(active=True)),
        league=Count("pk", filter=Q(active=True) & ~Q(level=School.Level.PRIMARY)),
    )
    branches = Branch.objects.visible_to(user).aggregate(
        count=Count("pk"), members=Sum("member_count"), applicants=Sum("applicant_count")
    )
    url = reverse("schools:list")
    return [
        Panel(_("Schools"), schools["total"], url,
              _("%(n)s with a league committee") % {"n": schools["league"]}),
        Panel(_("Branches and squadrons"), branches["count"], url,
              _("%(n)s league members") % {"n": branches["members"] or 0}, tone="success"),
        Panel(_("Membership applicants"), branches["applicants"] or 0,
              reverse("activities:applicant_list"), tone="warning"),
    ]
