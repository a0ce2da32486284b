"""The search behind a `portal.widgets.SearchSelectMultiple`: the rows the user may see
whose text holds what was typed (``?q=``), a page at a time (``?page=``), as the widget's
result buttons. One query per page, whatever the district's size: a page reads one row past
its end to know whether there is a next one, and counts nothing."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 50


class ChoiceSearch:
    """Subclasses give the rows (`rows`: scoped to the user), the search (`search`) and the
    label of a row (`label`, the form field's own)."""

    def rows(self, request: HttpRequest) -> QuerySet:
        raise NotImplementedError

    def search(self, rows: QuerySet, text: str) -> QuerySet:
        raise NotImplementedError

    def label(self, row) -> str:
        return str(row)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        text = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
        try:
            page = max(1, min(int(request.GET.get("page", "1")), 1000))
        except ValueError:
            page = 1
        rows = self.rows(request)
        if text:
            rows = self.search(rows, text)
        start = (page - 1) * PAGE_SIZE
        found = list(rows[start:start + PAGE_SIZE + 1])
        more = len(found) > PAGE_SIZE
        found = found[:PAGE_SIZE]
        shown = start + len(found)
        if not found:
            status = _("No match.")
        elif more:
            status = _("%(n)s shown; “More…” shows the next ones.") % {"n": shown}
        else:
            status = _("%(n)s shown.") % {"n": shown}
        more_url = (f"{request.path}?{urlencode({'q': text, 'page': page + 1})}"
                    if more else "")
        # The picker asks with htmx for the results alone; opened as a page, they are a page.
        template = ("portal/widgets/_search_results.html" if request.headers.get("HX-Request")
                    else "portal/widgets/search_page.html")
        return render(request, template, {
            "rows": [(row.pk, self.label(row)) for row in found], "more_url": more_url,
            "status": status, "text": text})
