from django.urls import reverse

from bench.framework import BenchContext, Page


def pages(ctx: BenchContext) -> list[Page]:
    return [
        Page("school list", reverse("schools:list"), "tuanqu"),
        Page("school detail", lambda c: c.named_school().get_absolute_url(), "tuanqu"),
    ]
