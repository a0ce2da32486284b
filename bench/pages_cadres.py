from django.urls import reverse

from bench.framework import BenchContext, Page

CADRE_ADMIN = "/admin/cadres/cadre/"


def _cadre_page(ctx: BenchContext) -> str:
    """The page of the secretary of 求精中学: current and past posts, a concurrent one."""
    from cadres.models import Cadre

    return Cadre.objects.filter(school=ctx.named_school()).order_by("pk").first() \
        .get_absolute_url()


def pages(ctx: BenchContext) -> list[Page]:
    return [
        # 25 cadres a page, with their current posts; the admin shows 25 cadres too.
        Page("cadre list", reverse("cadres:cadre_list"), "tuanqu", CADRE_ADMIN),
        Page("cadre page", _cadre_page, "tuanqu", CADRE_ADMIN),
    ]
