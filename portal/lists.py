"""What every table list (django-tables2's ``SingleTableMixin`` with django-filter's
``FilterView``) shares."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.paginator import Paginator

MAX_PER_PAGE = 100  # the most rows a list shows on one page, whatever ?per_page= asks


class BoundedPaginator(Paginator):
    """A paginator whose page size comes from the query string within bounds: zero, negative
    or huge (``?per_page=-1``, ``?per_page=99999999999999999999``) is the list's own size or
    ``MAX_PER_PAGE``, never an error (a negative size made every page number an
    ``EmptyPage``, a 500)."""

    def __init__(self, object_list, per_page, *args, default_per_page: int = 25, **kwargs):
        try:
            per_page = int(per_page)
        except (TypeError, ValueError):
            per_page = default_per_page
        if per_page < 1:
            per_page = default_per_page
        super().__init__(object_list, min(per_page, MAX_PER_PAGE), *args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A year typed in a list's filter (``?year=``): a whole number from 1900 to 2100, else the
    filter form says so and the list is not filtered by it (year 0 or 2**63 made the
    database's year lookup fail, a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class TablePaginationMixin:
    """One paginator per list: the table's.

    Django's list view and django-tables2 both paginate the same rows, and each counts them
    (a COUNT query apiece, over the list's joins). Here the list view leaves paginating to
    the table, and ``paginator``, ``page_obj`` and ``is_paginated`` in the context are the
    table's, so templates that show ``paginator.count`` read the one count.

    The table's paginator is a `BoundedPaginator`: ``?per_page=`` is kept within bounds, and
    a page number out of range or not a number is the last or the first page (django-tables2's
    ``RequestConfig`` does that once the size is sound)."""

    def paginate_queryset(self, queryset, page_size):
        return None, None, queryset, False

    def get_table_pagination(self, table):
        paginate = super().get_table_pagination(table)
        if paginate is False:
            return False
        paginate = {} if paginate is True else dict(paginate)
        # (ListView's own paginator_class, Django's Paginator, comes in through super())
        if not issubclass(paginate.get("paginator_class") or Paginator, BoundedPaginator):
            paginate["paginator_class"] = BoundedPaginator
        paginate.setdefault("default_per_page", paginate.get("per_page") or table._meta.per_page)
        return paginate

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = context.get("table")
        paginator = getattr(table, "paginator", None)
        if paginator is not None:
            context.update(paginator=paginator, page_obj=table.page,
                           is_paginated=paginator.num_pages > 1)
        return context
