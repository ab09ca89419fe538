"""New versions of a council's pledge, made by its managers in Pledge Portal.

A manager starts a draft (a copy of the version in force, each promise keeping its ref), edits, adds and retires
promises in it and changes the numbers behind its measures, then publishes it. Publishing puts it in force from
that day (scheduling a later day is not offered): each measure moves to the draft's promise with the same ref, or
stops when its promise was retired; number changes are recorded as MeasureChange rows; and the council's ledger is
recomputed by a background task (pledges.ledger.runs), measuring each cycle against the rules in force on the day
it started (pledges.ledger).

A legal minimum (basis "statutory") keeps the law's numbers: it cannot be changed here, and the council's own
promise counting the same thing can be made stricter or looser, but never looser than the law (pledges.statutory).
Publishing checks both again.
"""
import copy
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from casework.models import Council, Role, Worker

from .ledger.runs import ledger_recompute_start
from .models import (
    Basis,
    LedgerEntry,
    LedgerRecomputeRun,
    Measure,
    MeasureChange,
    Pledge,
    Principle,
    Promise,
    Section,
)
from .rules import UNITS, describe_params  # noqa: F401  (its pages import it from here)
from .statutory import looser_problem, refusal

# The largest number a manager may give each unit: past these a promise stops meaning much.
UNIT_LIMITS = {"days": 366, "working_days": 260, "weeks": 52, "months": 24}
# What a promise in two versions is compared on to tell whether it changed.
PROMISE_WORDS = ["title", "text", "depth", "applies_to", "not_measured_reason"]


def _check_manager(by: Worker, council: Council) -> None:
    if by.role != Role.MANAGER or by.council_id != council.pk:
        raise ValidationError("Only a manager of this council can change its pledge.")


def _lock(council: Council) -> None:
    """Lock the council's row until the transaction ends, so two managers' writes to its pledge queue up."""
    Council.objects.select_for_update().get(pk=council.pk)


def _draft_of(record: Section | Promise) -> Pledge:
    section = record if isinstance(record, Section) else record.section
    if not section.pledge.is_draft:
        raise ValidationError("This version is published. Start a new version to change it.")
    return section.pledge


def _copy(record, **changes):
    """An unsaved copy of a record with every field but its id, so fields added later are copied too."""
    values = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields if not f.primary_key}
    return type(record)(**{**values, **changes})


def _new_ref(section_order: int, used: set[str]) -> str:
    """A ref no promise of the council has had in any version, so a new promise never joins another's history."""
    n = 1
    while f"{section_order}-{n}" in used:
        n += 1
    used.add(f"{section_order}-{n}")
    return f"{section_order}-{n}"


def _refs_used(council: Council) -> set[str]:
    return set(Promise.objects.filter(section__pledge__council=council).values_list("ref", flat=True))


# --- Drafts -------------------------------------------------------------------------------------


@transaction.atomic
def pledge_draft_start(*, council: Council, by: Worker) -> Pledge:
    """The council's draft: the one already started, or a copy of the version in force numbered after the last."""
    _check_manager(by, council)
    _lock(council)
    draft = Pledge.objects.filter(council=council, published_at__isnull=True).order_by("pk").first()
    if draft is not None:
        return draft
    current = Pledge.objects.in_force(council, timezone.localdate())
    if current is None:
        raise ValidationError("There is no pledge in force to start a new version from.")
    last = Pledge.objects.filter(council=council).aggregate(last=Max("version"))["last"]
    draft = _copy(current, version=last + 1, in_force_from=None, published_at=None, published_by_id=None)
    draft.full_clean()
    draft.save()
    sections = list(current.sections.prefetch_related("promises"))
    _give_refs(council, [promise for section in sections for promise in section.promises.all()])
    copies = Section.objects.bulk_create([_copy(section, pledge_id=draft.pk) for section in sections])
    # Copies of rows already saved: the database's constraints guard them, so no per-row uniqueness queries.
    promises = [_copy(promise, section_id=section_copy.pk)
                for section, section_copy in zip(sections, copies) for promise in section.promises.all()]
    principles = [_copy(principle, pledge_id=draft.pk) for principle in current.principles.all()]
    for record in promises + principles:
        record.full_clean(validate_unique=False, validate_constraints=False)
    Promise.objects.bulk_create(promises)
    Principle.objects.bulk_create(principles)
    return draft


def _give_refs(council: Council, promises: list[Promise]) -> None:
    """Promises added outside the loader (in the admin) may have no ref: give them one before they are copied,
    so the copy and its measures join up with them."""
    missing = [promise for promise in promises if not promise.ref]
    if missing:
        used = _refs_used(council)
        for promise in missing:
            promise.ref = _new_ref(promise.section.order, used)
        Promise.objects.bulk_update(missing, ["ref"])


def _required(value: str, field_name: str, message: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError({field_name: message})
    return value


@transaction.atomic
def promise_edit(*, promise: Promise, by: Worker, title: str, text: str) -> Promise:
    draft = _draft_of(promise)
    _check_manager(by, draft.council)
    promise.title = title.strip()
    promise.text = _required(text, "text", "Enter the promise")
    promise.full_clean()
    promise.save(update_fields=["title", "text"])
    return promise


@transaction.atomic
def promise_add(*, section: Section, by: Worker, title: str, text: str, not_measured_reason: str) -> Promise:
    """A new promise at the end of its section. Measures are not made here, so it says why it is not measured."""
    draft = _draft_of(section)
    _check_manager(by, draft.council)
    _lock(draft.council)
    last = section.promises.aggregate(last=Max("order"))["last"] or 0
    promise = Promise(
        section=section, order=last + 1, title=title.strip(), text=_required(text, "text", "Enter the promise"),
        applies_to=section.applies_to, ref=_new_ref(section.order, _refs_used(draft.council)),
        not_measured_reason=_required(not_measured_reason, "not_measured_reason",
                                      "Say why this promise is not measured"),
    )
    promise.full_clean()
    promise.save()
    return promise


@transaction.atomic
def promise_retire(*, promise: Promise, by: Worker) -> None:
    """Take a promise out of the draft. Its measures stop when the draft is published."""
    draft = _draft_of(promise)
    _check_manager(by, draft.council)
    draft.measure_changes.filter(measure__promise__ref=promise.ref).delete()
    promise.delete()


# --- Measures -----------------------------------------------------------------------------------


def unit_of(gap: dict) -> str | None:
    return next((unit for unit in UNITS if unit in gap), None)


def changeable(measure: Measure) -> bool:
    """Whether a measure has numbers a manager may change ("within 2 working days"; not "before the move", and
    not a legal minimum's: pledges.statutory)."""
    return unit_of(measure.params) is not None and measure.basis != Basis.STATUTORY


def _statutory_of(council_id: int) -> list[tuple[str, str, dict]]:
    """The council's legal minimums, as pledges.statutory.looser_problem compares a promise with them."""
    return list(Measure.objects.filter(council_id=council_id, active=True, basis=Basis.STATUTORY)
                .values_list("key", "rule", "params"))


def _check_number(unit: str, value, field_name: str) -> None:
    word = unit.replace("_", " ")
    limit = UNIT_LIMITS[unit]
    if type(value) is not int or not 1 <= value <= limit:
        raise ValidationError({field_name: f"The number of {word} must be a whole number from 1 to {limit}"})


def measure_params_with(params: dict, *, interval: int, steps: list[int]) -> dict:
    """The params with new numbers, every other key (the rule, what it counts, when it starts) as it was."""
    unit = unit_of(params)
    _check_number(unit, interval, "interval")
    old_steps = params.get("steps", [])
    if len(steps) != len(old_steps):
        raise ValidationError("Give a number for each step.")
    new = copy.deepcopy(params)
    new[unit] = interval
    for n, (step, value) in enumerate(zip(new.get("steps", []), steps), start=1):
        _check_number(unit_of(step), value, f"step_{n}")
        step[unit_of(step)] = value
    return new


@transaction.atomic
def measure_change(*, draft: Pledge, measure: Measure, by: Worker, interval: int, steps: list[int],
                   name: str) -> MeasureChange | None:
    """Change a measure's numbers (and the name staff see) in the draft; they take effect when it is published.
    Setting them back as they are removes the change (returns None)."""
    if not draft.is_draft:
        raise ValidationError("This version is published. Start a new version to change it.")
    _check_manager(by, draft.council)
    if measure.council_id != draft.council_id or not measure.active or measure.promise_id is None:
        raise ValidationError("This measure is not part of this pledge.")
    if measure.basis == Basis.STATUTORY:
        raise ValidationError(refusal(key=measure.key, name=measure.name))
    if not changeable(measure):
        raise ValidationError("This measure has no numbers to change.")
    if not Promise.objects.filter(section__pledge=draft, ref=measure.promise.ref).exists():
        raise ValidationError("Its promise is retired in this draft, so the measure stops when it is published.")
    params = measure_params_with(measure.params, interval=interval, steps=steps)
    if looser := looser_problem(rule=measure.rule, params=params, statutory=_statutory_of(draft.council_id)):
        raise ValidationError(looser)
    name = _required(name, "name", "Enter the name staff see")
    pending = MeasureChange.objects.filter(measure=measure, pledge=draft).first()
    if params == measure.params and name == measure.name:
        if pending is not None:
            pending.delete()
        return None
    change = pending or MeasureChange(measure=measure, pledge=draft)
    change.params_before, change.name_before = measure.params, measure.name
    change.params_after, change.name_after = params, name
    change.changed_by, change.changed_at = by, timezone.now()
    change.full_clean()
    change.save()
    return change


# --- What changed, and publishing ---------------------------------------------------------------


@dataclass
class PledgeChanges:
    """How a version differs from the one before it."""

    added: list[Promise] = field(default_factory=list)
    retired: list[Promise] = field(default_factory=list)
    edited: list[tuple[Promise, Promise]] = field(default_factory=list)  # (before, after)
    measures: list[MeasureChange] = field(default_factory=list)

    def __bool__(self):
        return bool(self.added or self.retired or self.edited or self.measures)


def previous_version(pledge: Pledge) -> Pledge | None:
    """The published version before this one (for a draft, the one it was started from)."""
    return (Pledge.objects.published().filter(council_id=pledge.council_id, version__lt=pledge.version)
            .order_by("-version").first())


def pledge_changes(*, pledge: Pledge, previous: Pledge | None) -> PledgeChanges:
    """Promises added, retired and edited (matched on ref), and measure changes. Two queries."""
    changes = PledgeChanges(measures=list(pledge.measure_changes.select_related("measure").order_by("measure__name")))
    if previous is None:
        return changes
    both = Promise.objects.filter(section__pledge__in=[pledge.pk, previous.pk]).select_related("section") \
        .order_by("section__order", "order")
    now, before = {}, {}
    for promise in both:
        (now if promise.section.pledge_id == pledge.pk else before)[promise.ref] = promise
    changes.added = [promise for ref, promise in now.items() if ref not in before]
    changes.retired = [promise for ref, promise in before.items() if ref not in now]
    changes.edited = [(before[ref], promise) for ref, promise in now.items() if ref in before and any(
        getattr(before[ref], name) != getattr(promise, name) for name in PROMISE_WORDS)]
    return changes


@transaction.atomic
def pledge_publish(*, draft: Pledge, by: Worker, today: date) -> Pledge:
    """Put the draft in force from today, move the measures onto it and recompute the council's ledger."""
    _check_manager(by, draft.council)
    _lock(draft.council)
    draft = Pledge.objects.select_related("council").get(pk=draft.pk)
    if not draft.is_draft:
        raise ValidationError(f"Version {draft.version} is already published.")
    previous = previous_version(draft)
    if previous is not None and today < previous.in_force_from:
        raise ValidationError(f"Version {previous.version} comes into force on {previous.in_force_from:%-d %B %Y}. "
                              "A new version cannot start before it.")
    changes = pledge_changes(pledge=draft, previous=previous)
    if not changes:
        raise ValidationError(f"Nothing has changed since version {previous.version if previous else 1}. "
                              "Change a promise or a measure before you publish it.")
    _check_against_the_law(draft.council_id, changes.measures)
    draft.published_at, draft.published_by, draft.in_force_from = timezone.now(), by, today
    draft.full_clean()
    draft.save(update_fields=["published_at", "published_by", "in_force_from"])
    _move_measures(draft, {change.measure_id: change for change in changes.measures}, today)
    # One recompute for the council, not one per measure (a measure's save would recompute it each time), by a
    # task once this commits: the manager's request returns at once, whatever the council's size.
    ledger_recompute_start(council_id=draft.council_id, reason=LedgerRecomputeRun.Reason.PUBLISH)
    return draft


def _check_against_the_law(council_id: int, changes: list[MeasureChange]) -> None:
    """Refuse a version that changes a legal minimum or makes our promise looser than one (the pages never offer
    either; a draft made before the check, or written to by hand, must not get through)."""
    statutory = _statutory_of(council_id)
    for change in changes:
        measure = change.measure
        if measure.basis == Basis.STATUTORY:
            raise ValidationError(f"{refusal(key=measure.key, name=measure.name)}.")
        if looser := looser_problem(rule=measure.rule, params=change.params_after, statutory=statutory):
            raise ValidationError(f"{change.name_after}: {next(iter(looser.values()))}.")


def _move_measures(draft: Pledge, pending: dict[int, MeasureChange], today: date) -> None:
    """Each measure to the draft's promise with its promise's ref, with its new numbers; a measure whose
    promise was retired stops, its open rows removed and the history that was met kept."""
    by_ref = {promise.ref: promise for promise in Promise.objects.filter(section__pledge=draft)}
    measures = list(Measure.objects.filter(council_id=draft.council_id, active=True, promise__isnull=False)
                    .select_related("promise"))
    stopped = []
    for measure in measures:
        promise = by_ref.get(measure.promise.ref)
        if promise is None:
            measure.active = False
            stopped.append(measure.pk)
            continue
        measure.promise = promise
        change = pending.get(measure.pk)
        if change is not None:
            change.params_before, change.name_before = measure.params, measure.name
            measure.params, measure.name = change.params_after, change.name_after
            change.effective_from = today
            change.full_clean()
        measure.full_clean()
    Measure.objects.bulk_update(measures, ["promise", "active", "params", "name"])
    MeasureChange.objects.bulk_update(pending.values(), ["params_before", "name_before", "effective_from"])
    draft.measure_changes.filter(effective_from__isnull=True).delete()  # changes to measures that stopped
    LedgerEntry.objects.filter(measure_id__in=stopped, status=LedgerEntry.Status.OPEN).delete()
