"""A manager's pages for new versions of the council's pledge: the versions, the draft with its promises and
measures, publishing it, and any version with what changed in it (pledges.versions does the writing).

Only a council's managers change its pledge: another worker gets a 403 (they are staff, and the designed 403
page tells them who to ask), a young person a 404, and another council's ids are a 404 for everyone.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casework.form_parts import posted
from casework.models import Role
from casework.people.scoping import get_worker_or_404
from casework.form_parts import _add_errors

from .ledger.runs import ledger_run_of, with_ledger_progress
from .models import Basis, Measure, Pledge, Promise, Section
from .statutory import describe_law, refusal
from .version_forms import MeasureChangeForm, NewPromiseForm, PromiseForm
from .versions import (
    changeable,
    describe_params,
    measure_change,
    pledge_changes,
    pledge_draft_start,
    pledge_publish,
    previous_version,
    promise_add,
    promise_edit,
    promise_retire,
    unit_of,
)


def _manager(request):
    worker = get_worker_or_404(request.user)
    if worker.role != Role.MANAGER:
        raise PermissionDenied("Only a manager can change the council's pledge")
    return worker


def _draft(worker) -> Pledge | None:
    return Pledge.objects.filter(council_id=worker.council_id, published_at__isnull=True).order_by("pk").first()


def _no_draft(request):
    messages.info(request, "There is no new version in progress. Start one to make changes.")
    return redirect("pledge_versions")


def _sections(pledge):
    """The version's sections with their promises: two queries however long the pledge."""
    return list(pledge.sections.prefetch_related(Prefetch("promises", queryset=Promise.objects.order_by("order")))
                .order_by("order"))


def _with_words(changes):
    for change in changes.measures:
        change.before_words = describe_params(change.measure.rule, change.params_before)
        change.after_words = describe_params(change.measure.rule, change.params_after)
    return changes


@require_GET
def pledge_versions(request):
    worker = _manager(request)
    today = timezone.localdate()
    versions = list(with_ledger_progress(Pledge.objects.filter(council_id=worker.council_id))
                    .select_related("published_by").order_by("-version"))
    published = [v for v in versions if not v.is_draft]
    in_force = max((v for v in published if v.in_force_from <= today), default=None,
                   key=lambda v: (v.in_force_from, v.version))
    return render(request, "pledges/versions.html", {
        "in_force": in_force,
        "draft": next((v for v in versions if v.is_draft), None),
        "coming": [v for v in published if v.in_force_from > today],
        "earlier": [v for v in published if v.in_force_from <= today and v is not in_force],
        "ledger_run": ledger_run_of(versions),
    })


@require_POST
def pledge_draft_new(request):
    worker = _manager(request)
    try:
        draft = pledge_draft_start(council=worker.council, by=worker)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("pledge_versions")
    messages.success(request, f"Version {draft.version} is a draft. Young people will not see it until you publish it.")
    return redirect("pledge_draft")


@require_GET
def pledge_draft(request):
    """The draft, section by section: each promise with Edit and Retire, and each measure behind it with Change."""
    worker = _manager(request)
    draft = _draft(worker)
    if draft is None:
        return _no_draft(request)
    sections = _sections(draft)
    measures = _measures_by_ref(worker, draft)
    for section in sections:
        for promise in section.promises.all():
            promise.draft_measures = measures.get(promise.ref, [])
    return render(request, "pledges/version_draft.html", {
        "draft": draft, "sections": sections, "previous": previous_version(draft),
    })


def _measures_by_ref(worker, draft) -> dict[str, list[Measure]]:
    """The council's measures, by the ref of the promise they measure, with the draft's change to each: two queries."""
    pending = {change.measure_id: change for change in draft.measure_changes.all()}
    by_ref = {}
    for measure in (Measure.objects.filter(council_id=worker.council_id, active=True, promise__isnull=False)
                    .select_related("promise").order_by("basis", "name")):
        measure.changeable = changeable(measure)
        measure.law = describe_law(measure.key) if measure.basis == Basis.STATUTORY else ""
        measure.words = describe_params(measure.rule, measure.params)
        measure.pending = pending.get(measure.pk)
        if measure.pending:
            measure.new_words = describe_params(measure.rule, measure.pending.params_after)
        by_ref.setdefault(measure.promise.ref, []).append(measure)
    return by_ref


def _draft_promise(worker, pk) -> Promise:
    return get_object_or_404(Promise.objects.select_related("section__pledge"), pk=pk,
                             section__pledge__council_id=worker.council_id, section__pledge__published_at__isnull=True)


def _form_page(request, form, *, draft, title, back_url, intro=""):
    return render(request, "pledges/version_form.html", {
        "form": form, "draft": draft, "title": title, "back_url": back_url, "intro": intro,
    })


def _back_to(anchor: str) -> str:
    return f"{reverse('pledge_draft')}#{anchor}"


def pledge_draft_promise_edit(request, pk):
    worker = _manager(request)
    promise = _draft_promise(worker, pk)
    form = PromiseForm(posted(request), initial={"title": promise.title, "text": promise.text})
    if request.method == "POST" and form.is_valid():
        try:
            promise_edit(promise=promise, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Promise saved in the draft.")
            return redirect(_back_to(f"promise-{promise.ref}"))
    return _form_page(request, form, draft=promise.section.pledge, title="Edit a promise",
                      back_url=_back_to(f"promise-{promise.ref}"), intro=f"In “{promise.section.title}”.")


def pledge_draft_promise_add(request, pk):
    worker = _manager(request)
    section = get_object_or_404(Section.objects.select_related("pledge"), pk=pk,
                                pledge__council_id=worker.council_id, pledge__published_at__isnull=True)
    form = NewPromiseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            promise = promise_add(section=section, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Promise added to “{section.title}”.")
            return redirect(_back_to(f"promise-{promise.ref}"))
    return _form_page(request, form, draft=section.pledge, title="Add a promise",
                      back_url=_back_to(f"section-{section.order}"), intro=f"It goes at the end of “{section.title}”.")


def pledge_draft_promise_retire(request, pk):
    """Ask first; retiring takes the promise out of the draft (its measures stop when the draft is published)."""
    worker = _manager(request)
    promise = _draft_promise(worker, pk)
    if request.method == "POST":
        try:
            promise_retire(promise=promise, by=worker)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Promise retired from the draft.")
        return redirect(_back_to(f"section-{promise.section.order}"))
    measures = list(Measure.objects.filter(council_id=worker.council_id, active=True, promise__ref=promise.ref)
                    .order_by("name"))
    return render(request, "pledges/version_retire.html", {
        "draft": promise.section.pledge, "promise": promise, "measures": measures,
    })


def pledge_draft_measure_change(request, pk):
    worker = _manager(request)
    draft = _draft(worker)
    if draft is None:
        return _no_draft(request)
    measure = get_object_or_404(Measure.objects.select_related("promise"), pk=pk, council_id=worker.council_id,
                                active=True, promise__isnull=False)
    back_url = _back_to(f"promise-{measure.promise.ref}")
    statutory = measure.basis == Basis.STATUTORY
    if statutory and request.method != "POST":
        messages.info(request, f"{refusal(key=measure.key, name=measure.name)}.")
        return redirect(back_url)
    if not statutory and not changeable(measure):
        messages.info(request, f"{measure.name} has no numbers to change.")
        return redirect(back_url)
    pending = draft.measure_changes.filter(measure=measure).first()
    params, name = (pending.params_after, pending.name_after) if pending else (measure.params, measure.name)
    initial = {"interval": params[unit_of(params)], "name": name,
               **{f"step_{n}": step[unit_of(step)] for n, step in enumerate(params.get("steps", []), start=1)}}
    form = MeasureChangeForm(posted(request), measure=measure, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change = measure_change(draft=draft, measure=measure, by=worker, **form.service_arguments())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{measure.name}: the change is saved in the draft." if change else
                             f"{measure.name}: no change, it stays as it is.")
            return redirect(back_url)
    return _form_page(request, form, draft=draft, title="Change a measure", back_url=back_url,
                      intro=f"{measure.name}. Now: {describe_params(measure.rule, measure.params)}. "
                            "The change applies to cycles that start on or after the day you publish.")


def pledge_draft_publish(request):
    """Confirm, then publish: in force from today."""
    worker = _manager(request)
    draft = _draft(worker)
    if draft is None:
        return _no_draft(request)
    error = None
    if request.method == "POST":
        try:
            pledge_publish(draft=draft, by=worker, today=timezone.localdate())
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, f"Version {draft.version} is published. Young people see it from today.")
            return redirect("pledge_versions")
    previous = previous_version(draft)
    changes = _with_words(pledge_changes(pledge=draft, previous=previous))
    retired_refs = {promise.ref for promise in changes.retired}
    pending = {change.measure_id: change for change in changes.measures}
    going_on, stopping = [], []
    for measure in Measure.objects.filter(council_id=worker.council_id, active=True).select_related("promise") \
            .order_by("name"):
        stops = measure.promise is not None and measure.promise.ref in retired_refs
        (stopping if stops else going_on).append(measure)
        change = pending.get(measure.pk)
        measure.words = change.after_words if change else describe_params(measure.rule, measure.params)
        measure.shown_name = change.name_after if change else measure.name
        measure.law = describe_law(measure.key) if measure.basis == Basis.STATUTORY else ""
    return render(request, "pledges/version_publish.html", {
        "draft": draft, "previous": previous, "changes": changes, "error": error, "today": timezone.localdate(),
        "stopping": stopping, "legal": [measure for measure in going_on if measure.law],
        "ours": [measure for measure in going_on if not measure.law],
    })


@require_GET
def pledge_version(request, pk):
    """Any version, read only, with what changed from the one before it."""
    worker = _manager(request)
    pledge = get_object_or_404(Pledge.objects.select_related("published_by"), pk=pk, council_id=worker.council_id)
    if pledge.is_draft:
        return redirect("pledge_draft")
    previous = previous_version(pledge)
    in_force = Pledge.objects.in_force(worker.council_id, timezone.localdate())
    return render(request, "pledges/version.html", {
        "pledge": pledge, "previous": previous, "is_in_force": in_force is not None and in_force.pk == pledge.pk,
        "changes": _with_words(pledge_changes(pledge=pledge, previous=previous)), "sections": _sections(pledge),
    })
