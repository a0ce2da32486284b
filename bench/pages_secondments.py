"""The secondment cycle's pages beside the admin changelists of the same rows: the open
round's applications (50 a page; `seed_demo --schools N` makes every fourth generated school
apply), the reserve pool, and the organisation department's home page."""

from django.urls import reverse

from bench.framework import BenchContext, Page

APPLICATION_ADMIN = "/admin/cadres/application/"


def _open_round(ctx: BenchContext):
    from cadres.models import SecondmentRound

    return (SecondmentRound.objects.filter(district=ctx.district, status="open")
            .order_by("-opens_on", "-pk").first())


def pages(ctx: BenchContext) -> list[Page]:
    return [
        Page("secondment round", lambda c: _open_round(c).get_absolute_url(), "tuanqu",
             lambda c: f"{APPLICATION_ADMIN}?round__id__exact={_open_round(c).pk}", rows=50),
        Page("reserve pool", reverse("cadres:reserve_list"), "zuzhibu",
             "/admin/cadres/reservepoolentry/", rows=50),
        # Its home lists the selected candidates waiting for approval, among other things.
        Page("organisation department home", reverse("cadres:orgdep_home"), "zuzhibu",
             f"{APPLICATION_ADMIN}?status__exact=selected", rows=50),
    ]
