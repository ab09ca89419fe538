"""Legal minimums cannot be weakened (issue 17): a statutory measure keeps the law's numbers (pledges.statutory) in a
pledge version, in a council's pledge file and in a young person's plan; the council's own promise counting the same
thing may be the same or stricter, never looser."""
import json
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError

from pledges.loader import PLEDGE_DATA_DIR, pledge_load
from pledges.models import Measure, MeasureChange, MeasureOverride, Pledge, Promise
from pledges.statutory import LEGAL_MINIMUMS, looser_than, numbers
from pledges.versions import measure_change, pledge_draft_start, pledge_publish

from .factories import MeasureFactory, contact_measures

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2026-12-01 12:00 +00:00"):
        yield


@pytest.fixture
def law(people, small_pledge):
    """Testshire's contact promise with the council's 6 weeks and regulation 28's visits; a draft of version 2."""
    promise = Promise.objects.get(section__pledge=small_pledge, ref="1-1")
    ours, statutory = contact_measures(people.council, promise=promise)
    draft = pledge_draft_start(council=people.council, by=people.manager)
    return ours, statutory, draft


def change(people, draft, measure, interval, steps=(), name=None):
    return measure_change(draft=draft, measure=measure, by=people.manager, interval=interval, steps=list(steps),
                          name=name or measure.name)


# --- A pledge version -----------------------------------------------------------------------------


@pytest.mark.parametrize(("interval", "steps"), [(12, [7]), (6, [14]), (4, [3]), (6, [7])])
def test_a_legal_minimums_numbers_cannot_be_changed_looser_stricter_or_renamed(people, law, interval, steps):
    _, statutory, draft = law
    with pytest.raises(ValidationError) as error:
        change(people, draft, statutory, interval, steps, name="Visits every 12 weeks")
    assert error.value.messages == [
        "Visit within 1 week, then at most every 6 weeks is the legal minimum (regulation 28): the law sets its "
        "numbers, so they cannot be changed. You can change our own promise beside it"]
    assert not MeasureChange.objects.exists()


@pytest.mark.parametrize(("weeks", "saved"), [(5, True), (6, False), (7, None)])
def test_our_promise_can_match_or_beat_the_law_but_not_be_looser(people, law, weeks, saved):
    """The edge: 5 weeks is stricter (saved), 6 is the law (and as it was: no change), 7 is a week looser."""
    ours, _, draft = law
    if saved is None:
        with pytest.raises(ValidationError) as error:
            change(people, draft, ours, weeks)
        assert error.value.message_dict == {"interval": [
            "Our promise cannot be looser than the legal minimum beside it: regulation 28 says every 6 weeks "
            "(first 7 days). It can be the same as the law or stricter"]}
        assert not MeasureChange.objects.exists()
    else:
        assert (change(people, draft, ours, weeks) is not None) is saved


def test_our_promise_is_held_to_the_law_itself_even_where_a_version_weakened_the_legal_minimum(people, law):
    """Before this release a version could make regulation 28's visits 12-weekly: the law is still 6 weeks."""
    ours, statutory, draft = law
    Measure.objects.filter(pk=statutory.pk).update(params={**statutory.params, "weeks": 12})
    with pytest.raises(ValidationError, match="regulation 28 says every 6 weeks"):
        change(people, draft, ours, 8)


def test_a_promise_counting_something_else_is_not_held_to_that_law(people, law):
    ours, _, draft = law
    callback = MeasureFactory(council=people.council, promise=ours.promise, key="callback", rule="within",
                              params={"working_days": 2, "counts": "callback"})
    assert change(people, draft, callback, 20).params_after["working_days"] == 20


def test_publishing_refuses_a_change_to_a_legal_minimum_written_into_the_draft(people, law):
    """The pages never offer it; a change written by hand (or before this release) does not get through."""
    _, statutory, draft = law
    MeasureChange.objects.create(measure=statutory, pledge=draft, params_before=statutory.params,
                                 params_after={**statutory.params, "weeks": 12}, name_before=statutory.name,
                                 name_after=statutory.name, changed_by=people.manager,
                                 changed_at="2026-12-01T12:00Z")
    with pytest.raises(ValidationError, match=r"is the legal minimum \(regulation 28\)"):
        pledge_publish(draft=draft, by=people.manager, today=TODAY)
    draft.refresh_from_db()
    statutory.refresh_from_db()
    assert draft.is_draft and statutory.params["weeks"] == 6


def test_publishing_refuses_our_promise_made_looser_than_the_law_in_the_draft(people, law):
    ours, _, draft = law
    MeasureChange.objects.create(measure=ours, pledge=draft, params_before=ours.params,
                                 params_after={**ours.params, "weeks": 12}, name_before=ours.name,
                                 name_after="In touch every 12 weeks", changed_by=people.manager,
                                 changed_at="2026-12-01T12:00Z")
    with pytest.raises(ValidationError, match="In touch every 12 weeks: Our promise cannot be looser"):
        pledge_publish(draft=draft, by=people.manager, today=TODAY)
    assert Pledge.objects.get(pk=draft.pk).is_draft


# --- Comparing like with like ---------------------------------------------------------------------


@pytest.mark.parametrize(("promise", "law", "where"), [
    ({"weeks": 6}, {"weeks": 6}, ""),
    ({"weeks": 7}, {"weeks": 6}, "interval"),
    ({"days": 42}, {"weeks": 6}, ""),
    ({"days": 43}, {"weeks": 6}, "interval"),
    ({"weeks": 8}, {"months": 2}, ""),  # 56 days; 2 months is never less than 59
    ({"months": 2}, {"weeks": 8}, "interval"),  # 59 to 62 days
    ({"weeks": 25}, {"months": 6}, ""),  # 175 days; 6 months is at least 181
    ({"weeks": 26}, {"months": 6}, "interval"),  # 182 days: longer than 6 months from 1 September
    ({"months": 6}, {"months": 6}, ""),
    ({"working_days": 30}, {"days": 7}, ""),  # working days are compared only with working days
    ({"working_days": 3}, {"working_days": 2}, "interval"),
    ({"weeks": 6, "steps": [{"days": 8}]}, {"weeks": 6, "steps": [{"days": 7}]}, "step_1"),
    ({"weeks": 6}, {"weeks": 6, "steps": [{"days": 7}]}, ""),  # a step only the law has is not compared
    ({"due": "at_trigger"}, {"weeks": 6}, ""),
])
def test_a_promise_is_compared_with_the_law_like_with_like(promise, law, where):
    assert looser_than(promise_params=promise, law_params=law) == where


def test_the_numbers_are_every_whole_number_wherever_it_is():
    assert numbers({"months": 12, "younger_than": {"age": 5, "months": 6}, "steps": [{"working_days": 20}],
                    "counts": "health_assessment", "flag": True}) == {
        "months": 12, "younger_than.age": 5, "younger_than.months": 6, "steps.0.working_days": 20}


# --- A council's pledge file ----------------------------------------------------------------------


def _file(tmp_path: Path, council: str, edit) -> Path:
    data = json.loads((PLEDGE_DATA_DIR / f"{council}.json").read_text(encoding="utf-8"))
    edit({measure["key"]: measure for measure in data["measures"]}, data)
    path = tmp_path / f"{council}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(("council", "edit", "message"), [
    ("bath-and-north-east-somerset", lambda m, d: m["statutory-visit"]["params"].update(weeks=12),
     "measure statutory-visit: The statutory measure statutory-visit must have the law's numbers (regulation 28)"),
    ("bath-and-north-east-somerset", lambda m, d: m["statutory-review"]["params"]["steps"][0].update(working_days=30),
     "must have the law's numbers (regulation 33)"),
    ("bath-and-north-east-somerset", lambda m, d: m["social-worker-contact"]["params"].update(weeks=8),
     "measure social-worker-contact: Our promise cannot be looser than the legal minimum beside it: regulation 28"),
    ("barking-and-dagenham", lambda m, d: m["pathway-plan-review"]["params"].update(months=7),
     "Care Leavers (England) Regulations 2010, regulation 7 says every 6 months"),
    ("barking-and-dagenham", lambda m, d: m["careers-adviser"].update(basis="statutory"),
     "The statutory measure careers-adviser is not in the table of legal minimums (pledges/statutory.py)"),
])
def test_a_pledge_file_that_weakens_the_law_is_refused_and_nothing_is_loaded(tmp_path, council, edit, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        pledge_load(path=_file(tmp_path, council, edit))
    assert not Pledge.objects.exists() and not Measure.objects.exists()


def test_a_pledge_file_may_be_stricter_than_the_law(tmp_path):
    pledge, loaded = pledge_load(path=_file(tmp_path, "barking-and-dagenham",
                                            lambda m, d: m["pathway-plan-review"]["params"].update(months=4)))
    assert loaded and Measure.objects.get(key="pathway-plan-review").params["months"] == 4


def test_every_statutory_measure_in_both_pledges_is_the_laws_table():
    for path in PLEDGE_DATA_DIR.glob("*.json"):
        for measure in json.loads(path.read_text(encoding="utf-8"))["measures"]:
            if measure["basis"] == "statutory":
                law = LEGAL_MINIMUMS[measure["key"]]
                assert (measure["rule"], numbers(measure["params"])) == (law.rule, numbers(law.params)), measure["key"]
                assert law.source and law.cite


# --- A young person's plan ------------------------------------------------------------------------


@pytest.mark.parametrize(("params", "allowed"), [
    ({"weeks": 2}, True),
    ({"weeks": 6, "steps": [{"days": 3}]}, True),
    ({"weeks": 6}, True),
    ({"weeks": 7}, False),
    ({"steps": [{"days": 8}]}, False),
    ({"months": 1}, False),  # another unit beside the law's weeks: the months would be read instead
    ({"steps": []}, False),  # no first visit within a week
    ({"counts": "contact"}, False),  # a phone call is not a visit
    ({"restarts": ""}, False),
])
def test_a_young_persons_plan_can_make_a_legal_minimum_stricter_never_looser(people, law, params, allowed):
    _, statutory, _ = law
    override = MeasureOverride(measure=statutory, young_person=people.young_person, params=params, reason="Plan")
    if allowed:
        override.full_clean()
        return
    with pytest.raises(ValidationError) as error:
        override.full_clean()
    assert error.value.message_dict["params"] == [
        "A young person's plan can make a legal minimum stricter, never looser: regulation 28 says every 6 weeks "
        "(first 7 days). A plan can give the same units with smaller numbers"]


def test_a_young_persons_plan_may_change_our_own_promise_either_way(people, law):
    ours, _, _ = law
    MeasureOverride(measure=ours, young_person=people.young_person, params={"weeks": 12}, reason="Plan").full_clean()
