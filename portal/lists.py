"""What every table list (django-tables2's ``SingleTableMixin`` with django-filter's
``FilterView``) shares."""

from __future__ import annotations


class TablePaginationMixin:
    """One paginator per list: the table's.

    Django's list view and django-tables2 both paginate the same rows, and each counts them
    (a COUNT query apiece, over the list's joins). Here the list view leaves paginating to
    the table, and ``paginator``, ``page_obj`` and ``is_paginated`` in the context are the
    table's, so templates that show ``paginator.count`` read the one count."""

    def paginate_queryset(self, queryset, page_size):
        return None, None, queryset, False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = context.get("table")
        paginator = getattr(table, "paginator", None)
        if paginator is not None:
            context.update(paginator=paginator, page_obj=table.page,
                           is_paginated=paginator.num_pages > 1)
        return context
