"""What a benchmarked page is. Each app adds `bench/pages_<app>.py` with
`pages(ctx) -> list[Page]`; `bench/run.py` measures every page at 50 and 500 schools."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SCHOOL_ADMIN = "/admin/schools/school/"


@dataclass(frozen=True)
class Page:
    name: str
    url: str | Callable[[BenchContext], str]  # a callable is resolved on the data at hand
    username: str  # a demo user (see portal/demo.py and schools/demo.py)
    # The Django admin page showing the same rows (a callable is resolved like `url`).
    admin_url: str | Callable[[BenchContext], str] = SCHOOL_ADMIN
    # Rows the page shows at once; the admin changelist is measured with the same page size
    # (its `list_per_page`), so both render the same number of rows.
    rows: int = 25


@dataclass
class BenchContext:
    district: object
    schools: int

    def named_school(self, short_name: str = "求精中学"):
        from schools.models import School

        return School.objects.get(district=self.district, short_name=short_name)
