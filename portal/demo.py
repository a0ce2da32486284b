"""The demo district: its reference data from `fixtures/`, and one user for every role.
`seed_demo` calls each app's `demo.seed(ctx)` in order (portal, schools, supervision,
activities, cadres); every seeder is idempotent, so running the command again adds nothing."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from portal import school_year
from portal.models import District, Organisation, Role, User


@dataclass
class DemoContext:
    password: str
    school_count: int  # 0: the named schools of the source only
    years: int  # how many school years of history, ending with the current one
    today: date
    rng: random.Random = field(default_factory=lambda: random.Random(2014))
    district: District | None = None
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    fresh: bool = False  # the district was new: the fixtures were loaded into it

    @property
    def school_years(self) -> list[int]:
        """Start years of the school years to build, oldest first (a school year starts in
        September)."""
        current = school_year.start_year_of(self.today)
        return list(range(current - self.years + 1, current + 1))


# The district's reference data (its organisations, the schools the source names with their
# honours and pairings, the cadres' posts and documents) are fixtures a district can edit:
# `fixtures/*.json` at the top of the project, loaded once, when the district is new.
FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DISTRICT_CODE = "yuzhong"


def load_fixture(name: str) -> None:
    call_command("loaddata", str(FIXTURES / name), verbosity=0)


# username, role, organisation short name, display name; secretaries get their school later.
DEMO_USERS = [
    ("admin", Role.ADMINISTRATOR, "团区委", "系统管理员"),
    ("tuanqu", Role.DISTRICT_OFFICER, "团区委", "团区委学少部 王老师"),
    ("jiaowei", Role.EDUCATION_OFFICER, "区教委", "区教委德育科 李老师"),
    ("shaogongwei", Role.DISTRICT_OFFICER, "区少工委", "区少工委 陈老师"),
    ("zuzhibu", Role.ORGANISATION_DEPARTMENT, "区委组织部", "区委组织部 赵老师"),
    ("lingdao", Role.LEADER, "团区委", "团区委书记 刘书记"),
    ("tuanshi", Role.CITY_OFFICER, None, "团市委学校部 周老师"),
]


def demo_email(username: str) -> str:
    """Demo users' addresses are in example.org (RFC 2606): mail to them goes nowhere."""
    return f"{username}@example.org"


def seed(ctx: DemoContext) -> None:
    ctx.fresh = not District.objects.filter(code=DISTRICT_CODE).exists()
    if ctx.fresh:
        load_fixture("district.json")
    district = District.objects.get(code=DISTRICT_CODE)
    ctx.district = district
    for org in Organisation.objects.filter(district=district).order_by("pk"):
        ctx.organisations.setdefault(org.short_name or org.name, org)
    for username, role, org_short, display in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, role=role, display_name=display,
                        email=demo_email(username))
            user.organisation = ctx.organisations.get(org_short) if org_short else None
            user.district = None if role in (Role.CITY_OFFICER,) else district
            user.is_staff = role == Role.ADMINISTRATOR
            user.is_superuser = role == Role.ADMINISTRATOR
            user.set_password(ctx.password)
            user.save()
        if not user.email:  # a district seeded before demo users had addresses
            User.objects.filter(pk=user.pk).update(email=demo_email(username))
            user.email = demo_email(username)
        ctx.users[username] = user
    seed_robot(district)


def seed_robot(district) -> None:
    """An example group robot, switched off: its address is not a real group's."""
    from portal.notices import Topic
    from portal.robots import GroupRobot

    GroupRobot.objects.get_or_create(district=district, name="学校团建工作群（示例）", defaults={
        "platform": GroupRobot.Platform.WECOM, "active": False,
        "webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
                       "?key=00000000-0000-0000-0000-000000000000",
        "topics": [Topic.REPORTS, Topic.ORDERS, Topic.SUMMARY_OVERDUE_REPORTS]})


def ensure_secretary(ctx: DemoContext, username: str, school, display: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            role=Role.SCHOOL_SECRETARY,
            display_name=display,
            email=demo_email(username),
            school=school,
            district=school.district,
        )
        user.set_password(ctx.password)
        user.save()
    elif not user.email:
        User.objects.filter(pk=user.pk).update(email=demo_email(username))
        user.email = demo_email(username)
    ctx.users[username] = user
    return user
