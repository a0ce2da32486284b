from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.access_log import AccessEvent
from portal.models import District, Notification, Organisation, User
from portal.outbox import OutgoingMessage

admin.site.site_header = _("School League Work Portal administration")
admin.site.site_title = _("School League Work Portal")


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin):
    list_display = ("name", "city", "code")
    search_fields = ("name",)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "kind", "district")
    list_filter = ("kind", "district")
    search_fields = ("name", "short_name")


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    """Users with their history (role, organisation and school changes, and by whom)."""

    list_display = ("username", "display_name", "role", "organisation", "school", "district",
                    "is_active")
    list_filter = ("role", "district", "is_active")
    list_select_related = ("organisation", "school", "district")
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Portal"), {"fields": ("role", "display_name", "phone", "district", "organisation",
                                  "school")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Portal"), {"fields": ("role", "district", "organisation", "school")}),
    )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "recipient", "created_at", "read_at", "digested_at")
    list_select_related = ("recipient",)


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    """Mails and group-robot posts: what waits, what failed and why. Read-only; an
    administrator may send failed ones again."""

    list_display = ("created_at", "channel", "address", "robot", "subject", "status",
                    "attempts", "next_attempt_at", "last_error")
    list_filter = ("status", "channel")
    search_fields = ("address", "subject")
    list_select_related = ("robot",)
    date_hierarchy = "created_at"
    fields = ("channel", "recipient", "address", "robot", "subject", "status", "attempts",
              "next_attempt_at", "last_error", "created_at", "sent_at", "text")
    readonly_fields = fields
    actions = ["send_again"]

    @admin.action(description=_("Send the selected messages again"))
    def send_again(self, request, queryset):
        from portal.outbox import send_again

        count = send_again(queryset)
        self.message_user(request, _("%(n)d messages queued again.") % {"n": count})

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """The access log is read-only here as in the portal: no one adds, edits or deletes an
    entry (old ones go by `prune_access_log`)."""

    list_display = ("at", "username", "action", "object_label", "ip")
    list_filter = ("action",)
    search_fields = ("username", "object_label", "path")
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
