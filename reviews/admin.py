"""Reviews in the Django admin, scoped like casework's: a staff member sees only the young people
casework.people.scoping lets them see, and chooses only their own council's workers."""
from django.contrib import admin

from casework.admin import CouncilScopedAdmin
from casework.admin_scoping import CouncilChoices
from casework.people.scoping import visible_young_people

from .models import Consultation, IroChange, Review, ViewsSubmission


class YoungPersonScopedAdmin(CouncilScopedAdmin):
    council_lookup = "young_person__council"

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(young_person__in=visible_young_people(request.user))


class ConsultationInline(CouncilChoices, admin.StackedInline):
    model = Consultation
    extra = 0
    fields = ["consulted_on", "iro", "method", "views", "declined"]


class ViewsSubmissionInline(CouncilChoices, admin.StackedInline):
    model = ViewsSubmission
    extra = 0
    fields = ["submitted_at", "text"]
    readonly_fields = ["submitted_at", "text"]  # the young person's own words: nobody edits them

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(YoungPersonScopedAdmin):
    list_display = ["young_person", "scheduled_for", "held_on", "iro", "participation"]
    list_filter = ["participation"]
    date_hierarchy = "scheduled_for"
    inlines = [ConsultationInline, ViewsSubmissionInline]
    list_select_related = ["young_person", "iro"]


@admin.register(IroChange)
class IroChangeAdmin(YoungPersonScopedAdmin):
    list_display = ["young_person", "changed_on", "previous_iro", "new_iro", "met_before_next_review"]
    list_select_related = ["young_person", "previous_iro", "new_iro"]

    def has_add_permission(self, request):
        return False  # changed on the young person's Reviews page, which moves their IRO allocation too
