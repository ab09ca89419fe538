"""A manager's new version of the pledge: a draft copied from the version in force, promises reworded, added and
retired in it, a measure's numbers changed, and publishing, which moves the measures onto the new version."""
from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from casework.models import ContactKind
from casework.contacts.services import contact_log
from pledges.models import LedgerEntry, MeasureChange, Pledge, Promise
from pledges.versions import (
    describe_params,
    measure_change,
    pledge_draft_start,
    pledge_publish,
    promise_add,
    promise_edit,
    promise_retire,
)

from .factories import MeasureFactory, PrincipleFactory, PromiseFactory, contact_measures

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
PUBLISH_DAY = date(2026, 12, 1)


def at_noon(day):
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=LONDON))


@pytest.fixture
def v1(people, small_pledge):
    """Testshire's pledge (version 1) with its contact promise measured twice: the council's 6 weeks and the law."""
    PrincipleFactory(pledge=small_pledge, order=1, name="Respect")
    contact = Promise.objects.get(section__pledge=small_pledge, section__order=1)
    measure, statutory = contact_measures(people.council, promise=contact)
    # A promise of the council's with a first step, that no legal minimum counts the same as (a legal minimum's own
    # numbers cannot be changed: tests/test_legal_minimums.py).
    stepped = MeasureFactory(council=people.council, promise=contact, key="first-week", name="In touch in week 1",
                             params={"weeks": 6, "steps": [{"days": 7}], "counts": "keep_in_touch",
                                     "starts": "came_into_care"})
    return SimpleNamespace(pledge=small_pledge, contact=contact, measure=measure, statutory=statutory, stepped=stepped)


def draft_for(people):
    return pledge_draft_start(council=people.council, by=people.manager)


def in_draft(draft, ref):
    return Promise.objects.get(section__pledge=draft, ref=ref)


def four_weeks(people, draft, measure, **overrides):
    arguments = {"interval": 4, "steps": [], "name": "Social worker in touch at least every 4 weeks", **overrides}
    return measure_change(draft=draft, measure=measure, by=people.manager, **arguments)


def publish(people, draft, today=PUBLISH_DAY):
    with at_noon(today):
        return pledge_publish(draft=draft, by=people.manager, today=today)


# --- Drafts -------------------------------------------------------------------------------------


def test_a_draft_copies_the_version_in_force_with_every_promise_keeping_its_ref(people, v1):
    draft = draft_for(people)
    assert (draft.version, draft.is_draft, draft.in_force_from, draft.title) == (2, True, None, "Testshire's Pledge")

    def contents(pledge):
        return (list(pledge.sections.order_by("order").values_list("order", "title", "applies_to")),
                list(Promise.objects.filter(section__pledge=pledge).order_by("section__order", "order")
                     .values_list("ref", "text", "applies_to")),
                list(pledge.principles.values_list("order", "name")))

    assert contents(draft) == contents(v1.pledge)
    assert set(Promise.objects.filter(section__pledge=draft).values_list("pk", flat=True)).isdisjoint(
        Promise.objects.filter(section__pledge=v1.pledge).values_list("pk", flat=True))


def test_young_people_keep_seeing_the_version_in_force_while_a_draft_exists(people, v1):
    draft_for(people)
    assert Pledge.objects.in_force(people.council, date(2026, 11, 23)) == v1.pledge


def test_starting_again_returns_the_draft_already_started(people, v1):
    draft = draft_for(people)
    assert pledge_draft_start(council=people.council, by=people.manager) == draft
    assert Pledge.objects.filter(council=people.council).count() == 2


def test_a_draft_is_numbered_after_the_last_version(people, v1):
    publish(people, _edited_draft(people))
    assert draft_for(people).version == 3


def test_a_promise_saved_without_a_ref_gets_one_and_the_draft_copies_it_under_it(people, v1):
    added_in_the_admin = PromiseFactory(section=v1.contact.section, order=2, ref="")
    assert added_in_the_admin.ref  # Promise.save gives every promise a ref
    draft = draft_for(people)
    assert in_draft(draft, added_in_the_admin.ref).text == added_in_the_admin.text


@pytest.mark.parametrize("who", ["social_worker", "iro", "elsewhere_manager"])
def test_only_a_manager_of_the_council_can_start_a_draft(people, v1, who):
    with pytest.raises(ValidationError, match="Only a manager of this council"):
        pledge_draft_start(council=people.council, by=getattr(people, who))
    assert Pledge.objects.filter(council=people.council).count() == 1


def test_a_council_without_a_pledge_in_force_cannot_start_one(people):
    with pytest.raises(ValidationError, match="There is no pledge in force"):
        draft_for(people)


# --- Promises -----------------------------------------------------------------------------------


def _edited_draft(people):
    draft = draft_for(people)
    promise_edit(promise=in_draft(draft, "1-1"), by=people.manager, title="",
                 text="Your social worker will be in touch at least every 4 weeks")
    return draft


def test_editing_a_promise_changes_the_draft_and_not_the_version_in_force(people, v1):
    draft = _edited_draft(people)
    assert in_draft(draft, "1-1").text == "Your social worker will be in touch at least every 4 weeks"
    v1.contact.refresh_from_db()
    assert v1.contact.text == "Your social worker will be in touch at least every 6 weeks"


def test_a_published_promise_cannot_be_edited(people, v1):
    with pytest.raises(ValidationError, match="This version is published"):
        promise_edit(promise=v1.contact, by=people.manager, title="", text="Something else")
    v1.contact.refresh_from_db()
    assert v1.contact.text == "Your social worker will be in touch at least every 6 weeks"


@pytest.mark.parametrize("text", ["", "   \n "])
def test_a_promise_cannot_be_emptied(people, v1, text):
    draft = draft_for(people)
    with pytest.raises(ValidationError) as error:
        promise_edit(promise=in_draft(draft, "1-1"), by=people.manager, title="", text=text)
    assert error.value.message_dict == {"text": ["Enter the promise"]}
    assert in_draft(draft, "1-1").text == "Your social worker will be in touch at least every 6 weeks"


def test_a_new_promise_goes_at_the_end_of_its_section_with_a_ref_no_version_has_used(people, v1):
    draft = draft_for(people)
    promise_retire(promise=in_draft(draft, "1-1"), by=people.manager)
    promise = promise_add(section=draft.sections.get(order=1), by=people.manager, title="Your visits",
                          text="We will visit you at home", not_measured_reason="Kept by the visit record")
    assert (promise.ref, promise.order, promise.applies_to) == ("1-2", 1, "in_care")  # "1-1" was version 1's
    second = promise_add(section=draft.sections.get(order=1), by=people.manager, title="",
                         text="We will phone you between visits", not_measured_reason="A way of working")
    assert (second.ref, second.order) == ("1-3", 2)


@pytest.mark.parametrize(("text", "reason", "field", "message"), [
    ("", "Kept by a record", "text", "Enter the promise"),
    ("We will visit you", "  ", "not_measured_reason", "Say why this promise is not measured"),
])
def test_a_new_promise_needs_its_words_and_why_it_is_not_measured(people, v1, text, reason, field, message):
    draft = draft_for(people)
    with pytest.raises(ValidationError) as error:
        promise_add(section=draft.sections.get(order=1), by=people.manager, title="", text=text,
                    not_measured_reason=reason)
    assert error.value.message_dict == {field: [message]}
    assert Promise.objects.filter(section__pledge=draft).count() == 3


def test_retiring_takes_a_promise_out_of_the_draft_only(people, v1):
    draft = draft_for(people)
    promise_retire(promise=in_draft(draft, "2-1"), by=people.manager)
    assert not Promise.objects.filter(section__pledge=draft, ref="2-1").exists()
    assert Promise.objects.filter(section__pledge=v1.pledge, ref="2-1").exists()


def test_retiring_a_measured_promise_drops_the_drafts_change_to_its_measure(people, v1):
    draft = draft_for(people)
    four_weeks(people, draft, v1.measure)
    promise_retire(promise=in_draft(draft, "1-1"), by=people.manager)
    assert not MeasureChange.objects.exists()


# --- Measures -----------------------------------------------------------------------------------


def test_a_measure_change_keeps_the_rule_and_waits_for_publishing(people, v1):
    draft = draft_for(people)
    change = four_weeks(people, draft, v1.measure)
    assert change.params_after == {"weeks": 4, "counts": "contact", "starts": "came_into_care"}
    assert change.effective_from is None and change.changed_by == people.manager
    v1.measure.refresh_from_db()
    assert v1.measure.params["weeks"] == 6


def test_a_measures_steps_change_with_it(people, v1):
    draft = draft_for(people)
    change = measure_change(draft=draft, measure=v1.stepped, by=people.manager, interval=6, steps=[5],
                            name=v1.stepped.name)
    assert change.params_after == {"weeks": 6, "steps": [{"days": 5}], "counts": "keep_in_touch",
                                   "starts": "came_into_care"}


@pytest.mark.parametrize(("interval", "steps", "field"), [
    (0, [7], "interval"), (-4, [7], "interval"), (53, [7], "interval"), (True, [7], "interval"),
    ("4", [7], "interval"), (4.5, [7], "interval"), (6, [0], "step_1"), (6, [367], "step_1"),
])
def test_a_measures_numbers_must_be_whole_and_within_bounds(people, v1, interval, steps, field):
    draft = draft_for(people)
    with pytest.raises(ValidationError) as error:
        measure_change(draft=draft, measure=v1.stepped, by=people.manager, interval=interval, steps=steps,
                       name=v1.stepped.name)
    assert list(error.value.message_dict) == [field]
    assert not MeasureChange.objects.exists()


def test_the_upper_bounds_themselves_are_allowed(people, v1):
    draft = draft_for(people)
    change = measure_change(draft=draft, measure=v1.stepped, by=people.manager, interval=52, steps=[366],
                            name=v1.stepped.name)
    assert (change.params_after["weeks"], change.params_after["steps"]) == (52, [{"days": 366}])


def test_a_measure_needs_a_number_for_each_step(people, v1):
    with pytest.raises(ValidationError, match="Give a number for each step"):
        measure_change(draft=draft_for(people), measure=v1.stepped, by=people.manager, interval=6, steps=[],
                       name=v1.stepped.name)


def test_setting_the_numbers_back_removes_the_change(people, v1):
    draft = draft_for(people)
    four_weeks(people, draft, v1.measure)
    assert four_weeks(people, draft, v1.measure, interval=6, name=v1.measure.name) is None
    assert not MeasureChange.objects.exists()


def test_another_councils_measure_cannot_be_changed_in_this_draft(people, v1):
    elsewhere_measure, _ = contact_measures(people.elsewhere)
    with pytest.raises(ValidationError, match="not part of this pledge"):
        four_weeks(people, draft_for(people), elsewhere_measure)


# --- Publishing ---------------------------------------------------------------------------------


def test_publishing_puts_the_draft_in_force_today_and_moves_the_measures_onto_it(people, v1):
    draft = _edited_draft(people)
    four_weeks(people, draft, v1.measure)
    published = publish(people, draft)
    assert (published.in_force_from, published.published_by, published.is_draft) == (PUBLISH_DAY, people.manager,
                                                                                       False)
    assert Pledge.objects.in_force(people.council, PUBLISH_DAY) == draft
    assert Pledge.objects.in_force(people.council, date(2026, 11, 30)) == v1.pledge
    v1.measure.refresh_from_db()
    v1.statutory.refresh_from_db()
    assert v1.measure.promise == v1.statutory.promise == in_draft(draft, "1-1")
    assert (v1.measure.params["weeks"], v1.measure.name) == (4, "Social worker in touch at least every 4 weeks")
    change = MeasureChange.objects.get()
    assert (change.effective_from, change.params_before["weeks"], change.name_before) == (
        PUBLISH_DAY, 6, "Social worker in touch at least every 6 weeks")


def test_publishing_a_retired_promise_stops_its_measures_and_keeps_what_was_met(people, v1):
    people.young_person.became_looked_after_on = date(2026, 10, 1)
    people.young_person.save()
    with at_noon(date(2026, 10, 20)):
        contact_log(young_person=people.young_person, worker=people.social_worker, happened_on=date(2026, 10, 20),
                    kind=ContactKind.VISIT_HOME, seen_alone=True, note="")
    draft = draft_for(people)
    promise_retire(promise=in_draft(draft, "1-1"), by=people.manager)
    publish(people, draft)
    v1.measure.refresh_from_db()
    assert not v1.measure.active and v1.measure.promise == v1.contact  # history still points at version 1's words
    rows = LedgerEntry.objects.filter(young_person=people.young_person, measure__in=[v1.measure, v1.statutory])
    assert set(rows.values_list("status", flat=True)) == {"met"}
    assert rows.count() == 2


def test_publishing_a_draft_with_no_changes_is_refused(people, v1):
    draft = draft_for(people)
    with pytest.raises(ValidationError, match="Nothing has changed since version 1"):
        publish(people, draft)
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_draft_is_published_once(people, v1):
    draft = _edited_draft(people)
    publish(people, draft)
    with pytest.raises(ValidationError, match="Version 2 is already published"):
        publish(people, draft, today=date(2026, 12, 2))


def test_only_a_manager_of_the_council_can_publish(people, v1):
    draft = _edited_draft(people)
    with pytest.raises(ValidationError, match="Only a manager of this council"):
        with at_noon(PUBLISH_DAY):
            pledge_publish(draft=draft, by=people.social_worker, today=PUBLISH_DAY)
    draft.refresh_from_db()
    assert draft.is_draft


@pytest.mark.parametrize(("rule", "params", "words"), [
    ("every", {"weeks": 6, "counts": "contact"}, "Every 6 weeks"),
    ("every", {"weeks": 6, "steps": [{"days": 7}], "counts": "visit"}, "Every 6 weeks (first 7 days)"),
    ("every", {"months": 6, "steps": [{"working_days": 20}, {"months": 3}]},
     "Every 6 months (first 20 working days, then 3 months)"),
    ("every", {"months": 12, "younger_than": {"age": 5, "months": 6}}, "Every 12 months; every 6 months before age 5"),
    ("within", {"working_days": 1, "counts": "callback"}, "Within 1 working day"),
    ("within", {"due": "at_trigger", "counts": "consultation"}, "By the day itself"),
])
def test_a_measures_numbers_read_as_words(rule, params, words):
    assert describe_params(rule, params) == words
