from django.contrib import admin

from casework.admin import CouncilScopedAdmin, ReadOnlyAdmin
from casework.admin_scoping import CouncilChoices

from .models import Basis, ContactPoint, LedgerEntry, Measure, MeasureOverride, Pledge, Principle, Promise, Section


class SectionInline(CouncilChoices, admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "title", "applies_to"]
    show_change_link = True


class PrincipleInline(CouncilChoices, admin.TabularInline):
    model = Principle
    extra = 0


@admin.register(Pledge)
class PledgeAdmin(CouncilScopedAdmin):
    list_display = ["title", "council", "version", "in_force_from", "published_at"]
    inlines = [SectionInline, PrincipleInline]


class PromiseInline(CouncilChoices, admin.StackedInline):
    model = Promise
    extra = 0
    fields = ["order", "title", "text", "depth", "applies_to"]


@admin.register(Section)
class SectionAdmin(CouncilScopedAdmin):
    council_lookup = "pledge__council"
    list_display = ["title", "pledge", "order", "applies_to"]
    inlines = [PromiseInline]


@admin.register(ContactPoint)
class ContactPointAdmin(CouncilScopedAdmin):
    list_display = ["name", "kind", "council", "phone", "email", "min_age", "max_age"]
    list_filter = ["kind", "council"]


@admin.register(Measure)
class MeasureAdmin(CouncilScopedAdmin):
    list_display = ["name", "basis", "rule", "params", "council", "active"]
    list_filter = ["basis", "council"]

    def get_readonly_fields(self, request, obj=None):
        """A legal minimum's numbers are the law's (pledges.statutory): shown, not edited, here too."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.basis == Basis.STATUTORY:
            fields += ["key", "basis", "rule", "params"]
        return fields


@admin.register(MeasureOverride)
class MeasureOverrideAdmin(CouncilScopedAdmin):
    council_lookup = "young_person__council"
    list_display = ["measure", "young_person", "params", "reason"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin, CouncilScopedAdmin):
    """Read-only: the ledger is computed from events, never typed in."""

    council_lookup = "young_person__council"
    list_display = ["young_person", "measure", "cycle_start", "due_on", "status", "met_on"]
    list_filter = ["status", "measure"]
