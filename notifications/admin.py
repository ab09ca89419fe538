from django.contrib import admin

from casework.admin import CouncilScopedAdmin, ReadOnlyAdmin
from casework.admin_scoping import CouncilChoices

from .models import DeliveryAttempt, Notification


class DeliveryAttemptInline(CouncilChoices, admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    fields = ["channel", "attempted_at", "succeeded", "error", "reference", "digest"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin, CouncilScopedAdmin):
    """Read-only: a record of what the deadline sweep sent and how each delivery went."""

    council_lookup = "young_person__council"
    list_display = ["subject", "recipient", "stage", "created_at", "read_at"]
    list_filter = ["stage", "in_digest"]
    list_select_related = ["recipient"]
    inlines = [DeliveryAttemptInline]
