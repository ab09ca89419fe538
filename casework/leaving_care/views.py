"""Leaving care pages: the pathway plan and needs assessments for staff, and a care leaver's own pathway plan,
with a way to say they want to go back into education or training."""
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from casework.form_parts import _add_errors, posted
from casework.people.models import Allocation, Role
from casework.people.recording import Record, get_recording_worker_or_403
from casework.people.scoping import get_visible_young_person, get_worker_or_404, own_young_person_or_404
from casework.templatetags.money import pounds

from .close import StayingCloseRequestForm, staying_close_request
from .close_views import my_staying_close
from .forms import (
    PATHWAY_PLAN_SECTIONS,
    CareersMeetingForm,
    GrantPaymentForm,
    InTouchCheckForm,
    NeedsAssessmentForm,
    PathwayPlanCopyGivenForm,
    PathwayPlanForm,
    ReturnToEducationForm,
)
from .services import (
    RETURN_TO_EDUCATION_AGES,
    careers_meeting_record,
    grant_balance,
    grant_payment_record,
    in_touch_check_record,
    needs_assessment_record,
    pathway_plan_copy_given,
    pathway_plan_version_create,
    return_to_education_request,
)


def _sections(plan, *, own: bool) -> list[tuple[str, str]]:
    """The plan's words with their headings, to staff ("they") or to the young person ("you")."""
    if plan is None:
        return []
    return [(own_label if own else label, getattr(plan, name)) for name, label, own_label in PATHWAY_PLAN_SECTIONS]


def _form_page(request, young_person, form, title, *, intro="", back_text="Back to the pathway plan"):
    return render(request, "casework/young_person_form.html", {
        "form": form, "young_person": young_person, "title": title, "intro": intro,
        "back_url": reverse("pathway_plan", args=[young_person.pk]), "back_text": back_text,
    })


# ---------------------------------------------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------------------------------------------

@require_GET
def pathway_plan(request, pk):
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    versions = list(young_person.pathway_plan_versions.select_related("written_by").order_by("-version"))
    plan = versions[0] if versions else None
    return render(request, "casework/leaving_care_pathway_plan.html", {
        "young_person": young_person, "plan": plan, "past_versions": versions[1:],
        "sections": _sections(plan, own=False),
        "assessments": list(young_person.needs_assessments.select_related("recorded_by")
                            .order_by("-completed_on", "-pk")),
        "requests": list(young_person.return_to_education_requests.order_by("-asked_on", "-pk")),
        "meetings": list(young_person.careers_meetings.order_by("-offered_on", "-pk")),
        "staying_close": list(young_person.staying_close_requests.select_related("answered_by")),
        "homes": list(young_person.council_accommodations.all()),
    })


@require_GET
def pathway_plan_version(request, pk, version):
    """One saved version, read only. There is no way to change it: an update is a new version."""
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    plan = get_object_or_404(young_person.pathway_plan_versions.select_related("written_by"), version=version)
    latest = young_person.pathway_plan_versions.order_by("-version").values_list("version", flat=True).first()
    return render(request, "casework/leaving_care_pathway_plan_version.html", {
        "young_person": young_person, "plan": plan, "is_current": plan.version == latest,
        "sections": _sections(plan, own=False),
    })


def pathway_plan_new(request, pk):
    """Write the next version, starting from the current one's words. Saving always makes a new version."""
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.PATHWAY_PLAN)
    current = young_person.pathway_plan_versions.order_by("-version").first()
    initial = {name: getattr(current, name) for name, _label, _own in PATHWAY_PLAN_SECTIONS} if current else {}
    form = PathwayPlanForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = pathway_plan_version_create(young_person=young_person, written_by=worker,
                                                  **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Pathway plan version {version.version} for {young_person.full_name} saved.")
            return redirect("pathway_plan", pk=young_person.pk)
    return _form_page(
        request, young_person, form, "Update the pathway plan" if current else "Write the pathway plan",
        intro=("This saves a new version. The current version is kept as it was agreed." if current
               else "Pathway planning starts at 16. Write the plan with them, in their words."),
    )


def pathway_plan_copy_given_view(request, pk, version):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.PATHWAY_PLAN)
    plan = get_object_or_404(young_person.pathway_plan_versions, version=version)
    if plan.copy_given_on:
        messages.info(request, f"You have already recorded that they were given a copy of version {plan.version}.")
        return redirect("pathway_plan", pk=young_person.pk)
    form = PathwayPlanCopyGivenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            pathway_plan_copy_given(version=plan, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error, rename={"copy_given_on": "given_on"})
        else:
            messages.success(request, f"Saved: {young_person.full_name} was given a copy of version {plan.version}.")
            return redirect("pathway_plan", pk=young_person.pk)
    return _form_page(request, young_person, form, "Record that they were given a copy",
                      intro=f"Pathway plan version {plan.version}, agreed on {plan.agreed_on:%-d %B %Y}.")


def needs_assessment_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.PATHWAY_PLAN)
    form = NeedsAssessmentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            needs_assessment_record(young_person=young_person, recorded_by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Needs assessment for {young_person.full_name} saved.")
            return redirect("pathway_plan", pk=young_person.pk)
    return _form_page(request, young_person, form, "Record a needs assessment",
                      intro="The assessment of their needs is due within 3 months of their 16th birthday.")


def careers_meeting_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.PATHWAY_PLAN)
    form = CareersMeetingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            careers_meeting_record(young_person=young_person, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Careers meeting for {young_person.full_name} saved.")
            return redirect("pathway_plan", pk=young_person.pk)
    return _form_page(request, young_person, form, "Record a careers meeting",
                      intro="A meeting with the careers adviser: when it was offered, and whether they took it up.")


def in_touch_check_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.PATHWAY_PLAN)
    form = InTouchCheckForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            in_touch_check_record(young_person=young_person, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"In-touch check for {young_person.full_name} saved.")
            return redirect("pathway_plan", pk=young_person.pk)
    return _form_page(request, young_person, form, "Record an in-touch check",
                      intro="Around each of their 17th to 21st birthdays (from 3 months before to 1 month after) we "
                            "check whether we are in touch with them. It goes in the council's SSDA903 return.")


# ---------------------------------------------------------------------------------------------------------------
# The young person's own pages
# ---------------------------------------------------------------------------------------------------------------

def _can_ask_to_return(young_person) -> bool:
    low, high = RETURN_TO_EDUCATION_AGES
    return low <= young_person.age_on(timezone.localdate()) <= high


def _my_pathway_plan_page(request, young_person, form=None, status=200, close_form=None):
    """The page, with the "go back into education" form for ages 18 to 25 and the Staying Close one for care leavers
    under 25 (casework.leaving_care.close). A refused form comes back with its errors in the GOV.UK error summary
    (shown even to someone outside those ages, who has no form)."""
    plan = young_person.pathway_plan_versions.select_related("written_by").order_by("-version").first()
    can_ask = _can_ask_to_return(young_person)
    if can_ask and form is None:
        form = ReturnToEducationForm(action=reverse("return_to_education_new"))
    return render(request, "casework/leaving_care_my_pathway_plan.html", {
        "young_person": young_person, "plan": plan, "sections": _sections(plan, own=True),
        "form": form, "can_ask": can_ask, **my_staying_close(young_person, close_form),
    }, status=status)


@require_GET
def my_pathway_plan(request):
    return _my_pathway_plan_page(request, own_young_person_or_404(request.user))


@require_GET
def my_pathway_plan_print(request):
    young_person = own_young_person_or_404(request.user)
    plan = young_person.pathway_plan_versions.select_related("written_by").order_by("-version").first()
    return render(request, "casework/leaving_care_my_pathway_plan_print.html", {
        "young_person": young_person, "plan": plan, "sections": _sections(plan, own=True),
    })


def _ask_from_my_plan(request, *, form_class, url_name: str, save, thanks: str, page_form: str, anchor: str = ""):
    """A form on the young person's pathway plan page that asks something of their personal adviser posts to its own
    address. A refused form is shown at that address, so a GET (reloading it from the address bar) shows the
    pathway plan page with a fresh form rather than a 405."""
    young_person = own_young_person_or_404(request.user)
    if request.method == "GET":
        return _my_pathway_plan_page(request, young_person)
    form = form_class(request.POST, action=reverse(url_name))
    if form.is_valid():
        try:
            save(young_person=young_person, what=form.cleaned_data["what"], asked_on=timezone.localdate())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, thanks)
            return redirect(reverse("my_pathway_plan") + anchor)
    return _my_pathway_plan_page(request, young_person, **{page_form: form})


@require_http_methods(["GET", "POST"])
def return_to_education_new(request):
    """The "go back into education" form posts here."""
    return _ask_from_my_plan(request, form_class=ReturnToEducationForm, url_name="return_to_education_new",
                             save=return_to_education_request, page_form="form",
                             thanks="Thanks. Your personal adviser will make a new plan with you.")


@require_http_methods(["GET", "POST"])
def staying_close_new(request):
    """The Staying Close form posts here (casework.leaving_care.close)."""
    return _ask_from_my_plan(request, form_class=StayingCloseRequestForm, url_name="staying_close_new",
                             save=staying_close_request, page_form="close_form", anchor="#staying-close",
                             thanks="Thanks. Your personal adviser will talk with you about Staying Close and let you "
                                    "know what is decided.")


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
    young_person = own_young_person_or_404(request.user)
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
