"""The Django admin, where staff manage councils, teams, workers, young people and allocations until the
worker pages exist. A superuser sees everything; any other staff account sees only its own council,
and only the young people casework.people.scoping lets it see."""
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone

from casework.accounts.services import worker_deactivate
from casework.audit.admin import AuditedAdmin, young_person_path
from casework.audit.models import AuditEvent
from casework.leaving_care.models import GrantPayment
from casework.people.models import Allocation, Council, Role, Team, User, Worker, YoungPerson
from casework.people.scoping import visible_young_people, worker_for
from casework.plans.models import CarePlanVersion, Placement
from casework.worries.models import Concern, ConcernAddition, ConcernResponse
from casework.worries.scoping import concerns_visible_to

from .admin_scoping import CouncilChoices
from .templatetags.money import pounds


def staff_council_id(request):
    worker = worker_for(request.user)
    return worker.council_id if worker else None


class ReadOnlyAdmin:
    """For records the portal writes itself (the ledger, notifications, the audit log): nobody adds, changes or
    deletes one in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ViewOnlyAdmin(ReadOnlyAdmin):
    """For records written elsewhere (the worker pages, a young person, an import): read only, but a superuser may
    delete one."""

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class CouncilScopedAdmin(CouncilChoices, AuditedAdmin, admin.ModelAdmin):
    """Limits the list and every choice (casework.admin_scoping) to the signed-in staff member's council, and logs
    every young person its pages show (casework.audit.admin).

    `council_lookup` is the path from this model to its council, e.g. "council" or "young_person__council".
    """

    council_lookup = "council"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        queryset = queryset.filter(**{f"{self.council_lookup}_id": staff_council_id(request)})
        if young_person_path(self.model) == "young_person":
            # A record about a young person (a ledger row, an override, a notification): only the young people
            # casework.people.scoping lets this member of staff see, as on the worker pages.
            queryset = queryset.filter(young_person__in=visible_young_people(request.user))
        return queryset


# The fields of a sign-in account that grant no rights.
NOT_RIGHTS = {"email", "first_name", "last_name", "is_active", "last_login", "date_joined"}


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def get_fieldsets(self, request, obj=None):
        """Who may sign in to the admin and with what rights is for superusers: a manager given this page changes
        names, email and whether the account is active, never staff, superuser, groups or permissions."""
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        return [(name, {**options, "fields": [f for f in options["fields"] if f in NOT_RIGHTS]})
                for name, options in fieldsets if any(f in NOT_RIGHTS for f in options["fields"])]

    def get_readonly_fields(self, request, obj=None):
        """A member of staff's sign-in address is changed by a superuser only: a manager who could change a
        colleague's address could then reset the password to it and sign in as them. A young person's address is
        changed here by their council's managers (they have no page of their own for it), and it is in the young
        person's audit log (casework.audit.admin)."""
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser and (obj.is_staff or worker_for(obj) is not None):
            readonly.append("email")
        return readonly

    def user_change_password(self, request, id, form_url=""):
        """Setting someone's password is signing in as them (a child, a colleague): superusers only. Anyone else
        who forgot theirs resets it by email."""
        if not request.user.is_superuser:
            raise PermissionDenied("Only a superuser sets a password here")
        return super().user_change_password(request, id, form_url)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        council_id = staff_council_id(request)
        return queryset.filter(is_superuser=False).filter(
            Q(worker__council_id=council_id) | Q(young_person__council_id=council_id)
        )


@admin.register(Council)
class CouncilAdmin(CouncilScopedAdmin):
    council_lookup = "pk"
    list_display = ["name", "short_name", "phone"]
    prepopulated_fields = {"slug": ["name"]}
    # Changing it must rebuild the council's ledger, which casework cannot ask for (pledges stands above it): a
    # manager sets it on the dashboard's "When we measure promises from" page (pledges.start_date_views).
    readonly_fields = ["measuring_from"]

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return queryset if request.user.is_superuser else queryset.filter(pk=staff_council_id(request))


@admin.register(Team)
class TeamAdmin(CouncilScopedAdmin):
    list_display = ["name", "council", "duty_phone"]
    list_filter = ["council"]


@admin.register(Worker)
class WorkerAdmin(CouncilScopedAdmin):
    list_display = ["name", "role", "team", "council", "phone", "email", "can_sign_in"]
    list_filter = ["role", "council"]
    list_select_related = ["team", "council", "user"]
    search_fields = ["name", "email", "sw_id"]
    actions = ["deactivate"]

    @admin.display(boolean=True, description="can sign in")
    def can_sign_in(self, obj):
        return obj.user is not None and obj.user.is_active

    @admin.action(description="Deactivate the selected workers (they leave: signed out at once, no sign-in again)",
                  permissions=["change"])
    def deactivate(self, request, queryset):
        """casework.accounts.services.worker_deactivate for each; the queryset is already limited to the manager's
        council, and the service checks again."""
        now = timezone.now()
        for worker in queryset.select_related("user"):
            try:
                ended = worker_deactivate(worker=worker, by=request.user, now=now)
            except (ValidationError, PermissionDenied) as error:
                reason = (" ".join(error.messages) if isinstance(error, ValidationError)
                          else "You cannot deactivate them.")
                self.message_user(request, f"{worker.name}: {reason}", level=messages.WARNING)
            else:
                self.message_user(request, f"{worker.name} is deactivated and was signed out of {ended} "
                                           f"session{'' if ended == 1 else 's'}.", level=messages.SUCCESS)


class AllocationInline(CouncilChoices, admin.TabularInline):
    model = Allocation
    extra = 0
    fields = ["role", "worker", "started_on", "ended_on", "change_reason"]


@admin.register(YoungPerson)
class YoungPersonAdmin(CouncilScopedAdmin):
    list_display = ["full_name", "preferred_name", "child_id", "legal_status", "date_of_birth", "council"]
    list_filter = ["legal_status", "council"]
    search_fields = ["first_name", "last_name", "preferred_name", "child_id"]
    inlines = [AllocationInline]

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return queryset if request.user.is_superuser else queryset & visible_young_people(request.user)

    def has_delete_permission(self, request, obj=None):
        """A young person's record is anonymised when its time is up (casework.audit.retention), not deleted; their
        audit log, written by this very page, would forbid it anyway."""
        return request.user.is_superuser


@admin.register(Allocation)
class AllocationAdmin(CouncilScopedAdmin):
    council_lookup = "young_person__council"
    list_display = ["young_person", "role", "worker", "started_on", "ended_on"]
    list_filter = ["role", "ended_on"]

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(young_person__in=visible_young_people(request.user))


class YoungPersonRecordAdmin(CouncilScopedAdmin):
    """A record that hangs off a young person: listed only for the young people the staff member may see."""

    council_lookup = "young_person__council"

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request).select_related("young_person")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(young_person__in=visible_young_people(request.user))


@admin.register(CarePlanVersion)
class CarePlanVersionAdmin(ViewOnlyAdmin, YoungPersonRecordAdmin):
    """Read only: a care plan version is never edited (the worker pages write a new version instead)."""

    list_display = ["young_person", "version", "agreed_on", "written_by", "copy_given_on"]
    list_filter = ["agreed_on"]
    search_fields = ["young_person__first_name", "young_person__last_name"]


@admin.register(Placement)
class PlacementAdmin(YoungPersonRecordAdmin):
    """For corrections. New placements and moves are recorded on the worker pages, which end the old placement
    and start the new one together."""

    list_display = ["young_person", "carer_or_home", "kind", "started_on", "ended_on", "is_move"]
    list_filter = ["kind", "is_move"]
    search_fields = ["young_person__first_name", "young_person__last_name", "young_person__child_id", "carer_or_home"]
    readonly_fields = ["is_move", "recorded_by", "recorded_at"]

    def has_add_permission(self, request):
        return False


class ConcernResponseInline(CouncilChoices, admin.TabularInline):
    model = ConcernResponse
    extra = 0
    fields = ["written_at", "worker", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ConcernAdditionInline(CouncilChoices, admin.TabularInline):
    """What the young person added after sending it: their words, never edited."""

    model = ConcernAddition
    extra = 0
    fields = ["written_at", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Concern)
class ConcernAdmin(ViewOnlyAdmin, CouncilChoices, AuditedAdmin, admin.ModelAdmin):
    """Read only, and only the concerns casework.worries.scoping.concerns_visible_to lets this member of staff see. A
    young person's words are never edited; staff acknowledge and reply on the concern pages."""

    list_display = ["young_person", "kind", "audience", "status", "raised_at", "acknowledged_at", "resolved_at"]
    list_filter = ["status", "kind", "audience"]
    search_fields = ["young_person__first_name", "young_person__last_name"]
    inlines = [ConcernResponseInline, ConcernAdditionInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("young_person")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=concerns_visible_to(request.user).values("pk"))


@admin.register(GrantPayment)
class GrantPaymentAdmin(ViewOnlyAdmin, YoungPersonRecordAdmin):
    """Read only. Payments are recorded on the worker pages (casework.leaving_care.services.grant_payment_record), which
    check them against what is left of the grant; the council's grant itself is set on the council."""

    list_display = ["young_person", "paid_on", "what_for", "amount", "recorded_by", "over_balance_approved_by"]
    list_filter = ["paid_on"]
    search_fields = ["young_person__first_name", "young_person__last_name", "what_for"]

    @admin.display(description="amount", ordering="amount_pence")
    def amount(self, obj):
        return pounds(obj.amount_pence)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin, YoungPersonRecordAdmin):
    """The audit log, read only for everyone, superusers included: nobody adds, changes or deletes a row
    (casework.audit also refuses it below the admin). Managers see their council's; other staff none."""

    # The login as well as the worker: an administrator's rows have no worker.
    list_display = ["at", "user", "worker", "role", "action", "url_name", "young_person", "ip_address"]
    list_filter = ["action", "at"]
    search_fields = ["young_person__first_name", "young_person__last_name", "worker__name", "user__email"]
    list_select_related = ["user", "worker", "young_person"]
    readonly_fields = [field.name for field in AuditEvent._meta.fields]
    actions = None

    def has_view_permission(self, request, obj=None):
        worker = worker_for(request.user)
        return request.user.is_superuser or (worker is not None and worker.role == Role.MANAGER)


class SuperuserOnlyAdmin:
    """For the admin pages of other apps' models (Django's groups, allauth's email addresses and authenticators):
    they list every account of every council, so only a superuser opens them."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


# The other apps' admin modules are imported before this one (INSTALLED_APPS lists them first).
for _model, _model_admin in list(admin.site._registry.items()):
    if _model._meta.app_label not in {"casework", "reviews", "pledges", "notifications"}:
        admin.site.unregister(_model)
        admin.site.register(_model, type(f"SuperuserOnly{type(_model_admin).__name__}",
                                         (SuperuserOnlyAdmin, type(_model_admin)), {}))
