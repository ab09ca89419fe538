"""Worries, complaints and asking for an advocate: the young person's pages and staff's."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, F, Prefetch, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casework.audit.models import audit_young_people, audit_young_person
from casework.form_parts import _add_errors
from casework.people.models import Role
from casework.people.scoping import get_worker_or_404, own_young_person_or_404

from .forms import ConcernAdditionForm, ConcernForm, ConcernResponseForm
from .models import Concern, ConcernResponse
from .scoping import concerns_visible_to
from .services import concern_acknowledge, concern_addition_add, concern_raise, concern_respond

CONCERN_SENT_MESSAGE = "We have your message. Someone will reply within 2 working days."
# The council's contacts shown beside the form (pledges.models.ContactKind values; casework imports no other app).
CONCERN_CONTACT_KINDS = ("advocacy", "complaints")


def _concern_responses() -> Prefetch:
    return Prefetch("responses", queryset=ConcernResponse.objects.select_related("worker").order_by("written_at"))


def _thread() -> list:
    """What Concern.thread reads: staff's replies and the young person's additions."""
    return [_concern_responses(), "additions"]


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
    young_person = own_young_person_or_404(request.user)
    concerns = list(young_person.concerns.select_related("acknowledged_by").prefetch_related(*_thread())
                    .order_by("-raised_at"))
    return render(request, "casework/concern_my_list.html", {"concerns": concerns, "young_person": young_person})


def concern_new(request):
    """"Tell us about a worry": what kind, who should see it, what is happening. The council's advocacy and
    complaints contacts are beside the form."""
    young_person = own_young_person_or_404(request.user)
    form = ConcernForm(request.POST if request.method == "POST" else None, audience_hints=_audience_hints(young_person),
                       with_iro=not young_person.is_care_leaver)
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
        "form": form, "young_person": young_person, "council": young_person.council,
        "advocacy_contacts": contacts["advocacy"], "complaints_contacts": contacts["complaints"],
    })


def my_concern(request, pk):
    """One of the young person's worries, with the replies and what they added since, and the form to add more
    (which posts here). Another young person's id is a 404."""
    young_person = own_young_person_or_404(request.user)
    concern = get_object_or_404(young_person.concerns.select_related("acknowledged_by"), pk=pk)
    form = ConcernAdditionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not concern.takes_additions:  # answered while the page was open: say so plainly
            messages.info(request, "This has been answered, so you cannot add to it. If you are still worried, "
                                   "tell us again.")
            return redirect("my_concern", pk=concern.pk)
        if form.is_valid():
            try:
                concern_addition_add(concern=concern, young_person=young_person, now=timezone.now(),
                                     **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "We have added it. The person you sent this to has been told.")
                return redirect("my_concern", pk=concern.pk)
    concern = young_person.concerns.select_related("acknowledged_by").prefetch_related(*_thread()).get(pk=concern.pk)
    return render(request, "casework/concern_my_detail.html", {
        "concern": concern, "young_person": young_person, "form": form,
    })


def _visible_concern(request, pk) -> Concern:
    """The concern with this id if this member of staff may see it (casework.worries.scoping.concerns_visible_to);
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
    responses = Concern.objects.prefetch_related(*_thread()).get(pk=concern.pk).thread
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
