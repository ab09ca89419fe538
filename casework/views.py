"""Worker pages that record events: a contact or visit, a call-back attempt. Each saves through a service
and goes back to the caseload, where the ledger shows the clocks it moved."""
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, F, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from .audit import audit_young_people, audit_young_person
from .recording import Record, get_recording_worker_or_403
from .forms import (
    CallbackAttemptForm,
    CarePlanCopyGivenForm,
    CarePlanForm,
    ConcernForm,
    ConcernResponseForm,
    ContactForm,
    PlacementForm,
    posted,
)
from .models import (
    CARE_PLAN_CONSIDERED,
    CARE_PLAN_CONSIDERED_NOTES,
    CARE_PLAN_SECTIONS,
    Concern,
    ConcernResponse,
    Role,
)
from .scoping import get_worker_or_404, concerns_visible_to, get_visible_young_person, young_person_for
from .services import (
    callback_attempt_record,
    care_plan_copy_given,
    care_plan_version_create,
    concern_acknowledge,
    concern_raise,
    concern_respond,
    contact_log,
    open_callback_request,
    placement_move,
    placement_start,
)
from .forms import GrantPaymentForm
from .models import Allocation, Role
from .services import grant_balance, grant_payment_record
from .templatetags.money import pounds



def contact_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.CONTACT)
    form = ContactForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            contact_log(young_person=young_person, worker=worker, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Contact with {young_person.full_name} saved.")
            return redirect("caseload")
    return render(request, "casework/form_page.html", {
        "form": form, "young_person": young_person, "title": "Log a visit or contact",
    })


def callback_attempt_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.CALLBACK_ATTEMPT)
    callback = open_callback_request(young_person)
    if callback is None:
        messages.info(request, f"{young_person.full_name} has no call-back waiting.")
        return redirect("caseload")
    form = CallbackAttemptForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            callback_attempt_record(request=callback, worker=worker, now=timezone.now(), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Call-back for {young_person.full_name} saved.")
            return redirect("caseload")
    return render(request, "casework/form_page.html", {
        "form": form, "young_person": young_person, "title": "Call back", "callback": callback,
    })


# ---------------------------------------------------------------------------------------------------------------
# Care plans and placements
# ---------------------------------------------------------------------------------------------------------------

def _add_errors(form, error: ValidationError, rename: dict[str, str] | None = None):
    """A service's ValidationError onto the form: on the field it names (after `rename`, model field to form
    field) when the form has it, otherwise at the top. Either way it is in the error summary."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        field = (rename or {}).get(field, field)
        form.add_error(field if field in form.fields else None, errors)


def _care_plan_versions(young_person):
    """All versions of a young person's plan, newest first, with their writers: one query however many."""
    return list(young_person.care_plan_versions.select_related("written_by").order_by("-version"))


@require_GET
def care_plan(request, pk):
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    versions = _care_plan_versions(young_person)
    return render(request, "casework/care_plan.html", {
        "young_person": young_person, "plan": versions[0] if versions else None, "past_versions": versions[1:],
        "considered_legend": CARE_PLAN_CONSIDERED,
    })


@require_GET
def care_plan_version(request, pk, version):
    """One saved version, read only. There is no way to change it: an update is a new version."""
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    plan = get_object_or_404(young_person.care_plan_versions.select_related("written_by"), version=version)
    latest = young_person.care_plan_versions.order_by("-version").values_list("version", flat=True).first()
    return render(request, "casework/care_plan_version.html", {
        "young_person": young_person, "plan": plan, "is_current": plan.version == latest,
        "considered_legend": CARE_PLAN_CONSIDERED,
    })


def care_plan_new(request, pk):
    """Write the next version, starting from the current one's words. Saving always makes a new version."""
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.CARE_PLAN)
    current = young_person.care_plan_versions.order_by("-version").first()
    fields = [*CARE_PLAN_SECTIONS, *CARE_PLAN_CONSIDERED_NOTES]
    initial = {name: getattr(current, name) for name in fields} if current else {}
    form = CarePlanForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = care_plan_version_create(young_person=young_person, written_by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Care plan version {version.version} for {young_person.full_name} saved.")
            return redirect("care_plan", pk=young_person.pk)
    return render(request, "casework/young_person_form.html", {
        "form": form, "young_person": young_person,
        "title": "Update the care plan" if current else "Write the care plan",
        "intro": (f"This starts from version {current.version}. Saving makes version {current.version + 1}; "
                  f"version {current.version} is kept as it is.") if current else "",
        "back_url": reverse("care_plan", args=[young_person.pk]), "back_text": "Back to the care plan",
    })


def care_plan_copy_given_view(request, pk, version):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.CARE_PLAN)
    plan = get_object_or_404(young_person.care_plan_versions, version=version)
    back_url = reverse("care_plan", args=[young_person.pk])
    if plan.copy_given_on:
        messages.info(request, f"You have already recorded that they were given a copy of version {plan.version}.")
        return redirect(back_url)
    form = CarePlanCopyGivenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            care_plan_copy_given(version=plan, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error, rename={"copy_given_on": "given_on", "copy_given_how": "how"})
        else:
            messages.success(request, f"Saved: {young_person.full_name} was given a copy of version {plan.version}.")
            return redirect(back_url)
    return render(request, "casework/young_person_form.html", {
        "form": form, "young_person": young_person, "title": "Record that they were given a copy",
        "intro": f"Version {plan.version}, agreed on {plan.agreed_on:%-d %B %Y}.",
        "back_url": back_url, "back_text": "Back to the care plan",
    })


@require_GET
def placement_list(request, pk):
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    placements = list(young_person.placements.select_related("recorded_by").order_by("-started_on"))
    return render(request, "casework/placement_list.html", {
        "young_person": young_person, "placements": placements,
    })


def placement_new(request, pk):
    """Record a first placement, or a move when they already have one: one form, with the move's questions."""
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.PLACEMENT)
    is_move = young_person.placements.exists()
    form = PlacementForm(posted(request), is_move=is_move)
    if request.method == "POST" and form.is_valid():
        record = placement_move if is_move else placement_start
        try:
            record(young_person=young_person, recorded_by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{'Move' if is_move else 'Placement'} for {young_person.full_name} saved.")
            return redirect("placement_list", pk=young_person.pk)
    current = young_person.placements.filter(ended_on__isnull=True).first() if is_move else None
    return render(request, "casework/young_person_form.html", {
        "form": form, "young_person": young_person,
        "title": "Record a move" if is_move else "Record their first placement",
        "intro": (f"Their placement with {current.carer_or_home} will end on the day they move."
                  if current else ""),
        "back_url": reverse("placement_list", args=[young_person.pk]), "back_text": "Back to placements",
    })


def _own_young_person(request):
    young_person = young_person_for(request.user)
    if young_person is None:
        raise Http404("Only a young person has their own care plan page")
    return young_person


@require_GET
def my_care_plan(request):
    young_person = _own_young_person(request)
    plan = young_person.care_plan_versions.select_related("written_by").order_by("-version").first()
    return render(request, "casework/my_care_plan.html", {"plan": plan, "considered_legend": CARE_PLAN_CONSIDERED})


@require_GET
def my_care_plan_print(request):
    young_person = _own_young_person(request)
    plan = young_person.care_plan_versions.select_related("written_by").order_by("-version").first()
    return render(request, "casework/my_care_plan_print.html", {
        "young_person": young_person, "plan": plan, "considered_legend": CARE_PLAN_CONSIDERED,
    })


# ---------------------------------------------------------------------------------------------------------------
# Worries, complaints and asking for an advocate
# ---------------------------------------------------------------------------------------------------------------

CONCERN_SENT_MESSAGE = "We have your message. Someone will reply within 2 working days."
# The council's contacts shown beside the form (pledges.models.ContactKind values; casework imports no other app).
CONCERN_CONTACT_KINDS = ("advocacy", "complaints")


def _concern_responses() -> Prefetch:
    return Prefetch("responses", queryset=ConcernResponse.objects.select_related("worker").order_by("written_at"))


def _audience_hints(young_person) -> dict[str, str]:
    """Who is behind each "who should see it?" choice, by name where we know it. One query."""
    current = {allocation.role: allocation.worker.name
               for allocation in young_person.allocations.filter(ended_on__isnull=True).select_related("worker")}
    main_roles = ([Role.PERSONAL_ADVISER, Role.SOCIAL_WORKER] if young_person.is_care_leaver
                  else [Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER])
    main = next((current[role] for role in main_roles if role in current), None)
    nobody = "You do not have one named here yet, so a manager will read it."
    return {
        Concern.Audience.WORKER: main or nobody,
        Concern.Audience.IRO: current.get(Role.IRO) or nobody,
        Concern.Audience.COMPLAINTS: f"Managers at {young_person.council.short_name} who look into complaints.",
    }


@require_GET
def my_concerns(request):
    """A young person's worries, complaints and requests for an advocate, with how far each has got."""
    young_person = _own_young_person(request)
    concerns = list(young_person.concerns.select_related("acknowledged_by").prefetch_related(_concern_responses())
                    .order_by("-raised_at"))
    return render(request, "casework/concern_my_list.html", {"concerns": concerns})


def concern_new(request):
    """"Tell us about a worry": what kind, who should see it, what is happening. The council's advocacy and
    complaints contacts are beside the form."""
    young_person = _own_young_person(request)
    form = ConcernForm(request.POST if request.method == "POST" else None, audience_hints=_audience_hints(young_person))
    if request.method == "POST" and form.is_valid():
        try:
            concern_raise(young_person=young_person, now=timezone.now(), **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, CONCERN_SENT_MESSAGE)
            return redirect("my_concerns")
    age = young_person.age_on(timezone.localdate())
    contacts = {kind: [] for kind in CONCERN_CONTACT_KINDS}
    for point in (young_person.council.contact_points.filter(kind__in=CONCERN_CONTACT_KINDS).for_age(age)
                  .order_by("kind", "order")):
        contacts[point.kind].append(point)
    return render(request, "casework/concern_new.html", {
        "form": form, "young_person": young_person,
        "advocacy_contacts": contacts["advocacy"], "complaints_contacts": contacts["complaints"],
    })


@require_GET
def my_concern(request, pk):
    young_person = _own_young_person(request)
    concern = get_object_or_404(
        young_person.concerns.select_related("acknowledged_by").prefetch_related(_concern_responses()), pk=pk
    )
    return render(request, "casework/concern_my_detail.html", {"concern": concern})


def _visible_concern(request, pk) -> Concern:
    """The concern with this id if this member of staff may see it (casework.scoping.concerns_visible_to);
    otherwise 404."""
    return get_object_or_404(
        concerns_visible_to(request.user).select_related("young_person", "acknowledged_by"), pk=pk
    )


@require_GET
def concern_list(request):
    """The concerns this member of staff may see: waiting ones first (oldest first), then answered ones (latest
    answered first). One query however many."""
    get_worker_or_404(request.user)
    rank = Case(When(status=Concern.Status.OPEN, then=Value(0)),
                When(status=Concern.Status.ACKNOWLEDGED, then=Value(1)), default=Value(2))
    concerns = list(
        concerns_visible_to(request.user).select_related("young_person", "acknowledged_by")
        .annotate(rank=rank).order_by("rank", F("resolved_at").desc(nulls_last=True), "raised_at", "pk")
    )
    waiting = [concern for concern in concerns if concern.status != Concern.Status.RESOLVED]
    answered = [concern for concern in concerns if concern.status == Concern.Status.RESOLVED]
    audit_young_people(request, [concern.young_person_id for concern in concerns])
    return render(request, "casework/concern_list.html", {"waiting": waiting, "answered": answered})


def concern_detail(request, pk):
    """One concern, its replies, "Acknowledge" and the reply form (which posts here)."""
    worker = get_worker_or_404(request.user)
    concern = _visible_concern(request, pk)
    audit_young_person(request, concern.young_person)
    form = ConcernResponseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if concern.status == Concern.Status.RESOLVED:  # say so plainly, rather than a form that is not shown
            messages.info(request, "This has already been answered. It takes no more replies.")
            return redirect("concern_detail", pk=concern.pk)
        if form.is_valid():
            try:
                concern_respond(concern=concern, worker=worker, now=timezone.now(), **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"Your reply to {concern.young_person.full_name} has been sent.")
                return redirect("concern_detail", pk=concern.pk)
    responses = list(concern.responses.select_related("worker").order_by("written_at"))
    return render(request, "casework/concern_detail.html", {
        "concern": concern, "young_person": concern.young_person, "responses": responses, "form": form,
    })


@require_POST
def concern_acknowledge_view(request, pk):
    """"Acknowledge": the young person sees that someone is looking at it. A second press says who already did."""
    worker = get_worker_or_404(request.user)
    concern = _visible_concern(request, pk)
    audit_young_person(request, concern.young_person)
    try:
        concern_acknowledge(concern=concern, worker=worker, now=timezone.now())
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Acknowledged. {concern.young_person.display_name} can see that someone is looking at it."
        )
    return redirect("concern_detail", pk=concern.pk)


# ---------------------------------------------------------------------------------------------------------------
# The leaving care grant
# ---------------------------------------------------------------------------------------------------------------

# When the national recommended minimum (settings.NATIONAL_LEAVING_CARE_GRANT_MINIMUM_PENCE) took its present value.
NATIONAL_MINIMUM_SINCE = "1 April 2023"


def _grant_figures(young_person) -> dict:
    """The grant, what has been paid and what is left, with what was paid over the grant (if a manager approved
    paying more than was left) kept apart, so no page shows a negative amount left."""
    balance = grant_balance(young_person)
    figures = {**balance, "left": None, "over": 0}
    if balance["balance"] is not None:
        figures["left"] = max(balance["balance"], 0)
        figures["over"] = max(-balance["balance"], 0)
    return figures


@require_GET
def my_grant(request):
    """A care leaver's own leaving care grant: how much it is, what has been paid from it and what is left."""
    young_person = _own_young_person(request)
    if not young_person.is_care_leaver:
        raise Http404("The leaving care grant page is for care leavers")
    payments = list(young_person.grant_payments.order_by("paid_on", "pk"))
    adviser = (
        Allocation.objects.filter(young_person=young_person, role=Role.PERSONAL_ADVISER, ended_on__isnull=True)
        .select_related("worker").first()
    )
    return render(request, "casework/grant_mine.html", {
        "young_person": young_person, "council": young_person.council, "grant": _grant_figures(young_person),
        "payments": payments, "adviser": adviser.worker if adviser else None,
    })


@require_GET
def grant(request, pk):
    """A young person's leaving care grant for staff: the figures, every payment, and for a manager a flag where
    the council's grant is below the national recommended minimum."""
    worker = get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    figures = _grant_figures(young_person)
    payments = list(
        young_person.grant_payments.select_related("recorded_by", "over_balance_approved_by").order_by("paid_on", "pk")
    )
    minimum = settings.NATIONAL_LEAVING_CARE_GRANT_MINIMUM_PENCE
    return render(request, "casework/grant.html", {
        "young_person": young_person, "council": young_person.council, "grant": figures, "payments": payments,
        "below_national_minimum": (worker.role == Role.MANAGER and figures["grant"] is not None
                                   and figures["grant"] < minimum),
        "national_minimum": minimum, "national_minimum_since": NATIONAL_MINIMUM_SINCE,
    })


def _is_over_balance(error: ValidationError) -> bool:
    return any(e.code == "over_balance" for e in getattr(error, "error_dict", {}).get("amount_pence", []))


def grant_payment_new(request, pk):
    """Record a payment. A payment over what is left comes back with the error; a manager is then asked why they
    approve it (and saving again records their approval), anyone else is told to ask a manager."""
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.GRANT_PAYMENT)
    is_manager = worker.role == Role.MANAGER
    show_override = is_manager and "over_balance_reason" in request.POST
    figures = None
    form = GrantPaymentForm(posted(request), show_override=show_override)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = grant_payment_record(
                young_person=young_person, recorded_by=worker, paid_on=data["paid_on"],
                amount_pence=data["amount"], what_for=data["what_for"],
                approved_by=worker if show_override else None, reason=data.get("over_balance_reason", ""),
            )
        except ValidationError as error:
            if _is_over_balance(error):
                figures = _grant_figures(young_person)
                over = (f"This payment of {pounds(data['amount'])} is more than what is left of the grant "
                        f"({pounds(figures['left'])}).")
                if is_manager:
                    form = GrantPaymentForm(request.POST, show_override=True)
                    form.is_valid()
                    message = f"{over} To approve it, say why below and save again."
                else:
                    message = f"{over} Only a manager can approve a payment over what is left: ask a manager."
                error = ValidationError({"amount_pence": ValidationError(message, code="over_balance")})
            _add_errors(form, error, rename={"amount_pence": "amount"})
        else:
            approved = " (approved over the balance)" if payment.over_balance_approved_by_id else ""
            messages.success(request, f"Payment of {pounds(payment.amount_pence)} for {young_person.full_name} "
                                      f"saved{approved}.")
            return redirect("grant", pk=young_person.pk)
    return render(request, "casework/grant_payment_form.html", {
        "form": form, "young_person": young_person, "title": "Record a payment from the leaving care grant",
        "grant": figures or _grant_figures(young_person), "is_manager": is_manager,
    })
