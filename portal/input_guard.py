"""Refuse control characters in any query parameter or posted field, before a view runs.

PostgreSQL cannot store a NUL byte in text (the query fails with a 500), and no field of
the portal has a use for the other C0 control characters; tab, CR and LF stay allowed. One
check here covers every form, filter and search box, present and future."""

from __future__ import annotations

import re

from django.shortcuts import render

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _has_control(query_dict) -> bool:
    for key, values in query_dict.lists():
        if CONTROL.search(key) or any(CONTROL.search(v) for v in values if isinstance(v, str)):
            return True
    return False


def _bad_file_name(files) -> bool:
    return any(CONTROL.search(f.name or "") for _key, fs in files.lists() for f in fs)


class ControlCharacterMiddleware:
    """Answers 400 with a friendly, translated page when input holds a control character."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_control(request.GET) or CONTROL.search(request.path) or (
                request.method == "POST"
                and (_has_control(request.POST) or _bad_file_name(request.FILES))):
            return render(request, "400.html", status=400)
        return self.get_response(request)
