"""Admin pieces that keep the admin from bypassing the workflows (issue 12).

Status fields change only through the services' transitions (which lock, check the role and
record who and when), and money only through the services' balance guard; the admin shows
them without letting them be typed in. Transition logs are read, never written, here."""

from __future__ import annotations


class WorkflowFieldsReadOnly:
    """`workflow_fields`: read-only always (a new row starts in its default state);
    `money_fields`: read-only once the row exists."""

    workflow_fields: tuple[str, ...] = ()
    money_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), *self.workflow_fields]
        if obj is not None:
            fields += self.money_fields
        return tuple(dict.fromkeys(fields))


class ReadOnlyLog:
    """A log the services write: the admin lists and shows it, nobody adds, edits or deletes."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CreatedByServices:
    """A row only a service creates (it checks, locks, records and notifies, and fills the
    fields the admin shows read-only): the admin edits what it may, never adds one. An add
    page here could only fail on the fields it cannot fill."""

    def has_add_permission(self, request, obj=None):
        return False
