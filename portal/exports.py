"""Exports of the portal's own lists: a user's notifications and
the access log. They are page exports only (a user's own rows, an administrator's log), not
registers for ``manage.py export_xlsx``, so the module has no ``EXPORTS``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.access_log import AccessEvent
from portal.excel import Column, Export, field_column, yes_no
from portal.models import Notification


class NotificationExport(Export):
    """The notifications page: the reader's own notifications, newest first."""

    kind = "notifications"
    model = Notification
    title = _("Notifications")
    filename = "notifications.xlsx"
    order_by = ("-created_at", "-pk")

    def columns(self, viewer):
        return [
            field_column(Notification, "created_at"),
            Column("title", Notification._meta.get_field("title").verbose_name,
                   lambda n: n.shown_title),
            Column("body", Notification._meta.get_field("body").verbose_name,
                   lambda n: n.shown_body),
            Column("read", pgettext_lazy("notification", "Read"),
                   lambda n: yes_no(n.read_at is not None)),
            field_column(Notification, "read_at"),
            field_column(Notification, "url"),
        ]


class AccessEventExport(Export):
    """The access log page (administrators only), with its filters."""

    kind = "access_log"
    model = AccessEvent
    title = _("Access log")
    filename = "access-log.xlsx"
    order_by = ("-at", "-pk")

    def columns(self, viewer):
        return [
            field_column(AccessEvent, "at"),
            field_column(AccessEvent, "username"),
            field_column(AccessEvent, "action"),
            field_column(AccessEvent, "object_label"),
            field_column(AccessEvent, "object_type"),
            field_column(AccessEvent, "object_id"),
            field_column(AccessEvent, "path"),
            field_column(AccessEvent, "ip"),
            field_column(AccessEvent, "user_agent"),
        ]
