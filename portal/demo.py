"""The demo district: organisations and one user for every role. `seed_demo` calls each
app's `demo.seed(ctx)` in order (portal, schools, supervision, activities, cadres); every
seeder is idempotent, so running the command again adds nothing."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

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

    @property
    def school_years(self) -> list[int]:
        """Start years of the school years to build, oldest first (a school year starts in
        September)."""
        current = self.today.year if self.today.month >= 9 else self.today.year - 1
        return list(range(current - self.years + 1, current + 1))


ORGANISATIONS = [
    ("league_committee", "共青团渝中区委员会", "团区委"),
    ("education_commission", "渝中区教育委员会", "区教委"),
    ("pioneers_committee", "渝中区少先队工作委员会", "区少工委"),
    ("organisation_department", "中共渝中区委组织部", "区委组织部"),
    ("education_party_committee", "中共渝中区教育工作委员会", "区教育党工委"),
    ("finance_bureau", "渝中区财政局", "区财政局"),
    ("publicity_department", "中共渝中区委宣传部", "区委宣传部"),
    ("civilisation_office", "渝中区精神文明建设办公室", "区文明办"),
    ("procuratorate", "重庆市渝中区人民检察院", "区检察院"),
    ("college", "渝中区教师进修学院", "进修学院"),
    ("college", "重庆教育学院", "重庆教育学院"),
    ("community", "临江门社区", "临江门社区"),
    ("community", "人和街社区", "人和街社区"),
]

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


def seed(ctx: DemoContext) -> None:
    district, _ = District.objects.get_or_create(
        code="yuzhong", defaults={"name": "渝中区", "city": "重庆市"}
    )
    ctx.district = district
    for kind, name, short in ORGANISATIONS:
        org, _ = Organisation.objects.get_or_create(
            district=district, name=name, defaults={"kind": kind, "short_name": short}
        )
        ctx.organisations[short] = org
    for username, role, org_short, display in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, role=role, display_name=display)
            user.organisation = ctx.organisations.get(org_short) if org_short else None
            user.district = None if role in (Role.CITY_OFFICER,) else district
            user.is_staff = role == Role.ADMINISTRATOR
            user.is_superuser = role == Role.ADMINISTRATOR
            user.set_password(ctx.password)
            user.save()
        ctx.users[username] = user


def ensure_secretary(ctx: DemoContext, username: str, school, display: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            role=Role.SCHOOL_SECRETARY,
            display_name=display,
            school=school,
            district=school.district,
        )
        user.set_password(ctx.password)
        user.save()
    ctx.users[username] = user
    return user
