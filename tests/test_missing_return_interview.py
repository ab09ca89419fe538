"""Missing episodes and the return interview offered within 72 hours of coming back (statutory guidance on children
who run away or go missing from home or care), on the ledger for both councils.

The portal holds days, not times, so 72 hours is 3 calendar days from the day they came back: back on a Friday,
the interview is due by the Monday. Bank holidays do not move it (the guidance counts hours, not working days)."""
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from casework.models import MissingEpisode
from casework.worries.missing import missing_episode_record, missing_episode_return_record
from pledges.models import LedgerEntry, Measure
from pledges.rules import Event, Trigger, within

from .factories import MeasureFactory
from .leaving_care_helpers import date_fields, morning_of as at

pytestmark = pytest.mark.django_db
State = LedgerEntry.State
RULE = {"days": 3, "counts": "return_interview"}
CHRISTMAS = date(2026, 12, 25)  # a Friday and a bank holiday



@pytest.mark.parametrize(("offered_on", "kept"), [
    (date(2026, 12, 27), True),   # the day before it is due
    (date(2026, 12, 28), True),   # the day it is due: 3 days after, the bank holidays counting as days
    (date(2026, 12, 29), False),  # the day after: late
])
def test_back_on_christmas_day_the_interview_is_due_3_days_later_whatever_the_bank_holidays(offered_on, kept):
    [cycle] = within(triggers=[Trigger(Event(CHRISTMAS, "return_from_missing", 1),
                                       Event(offered_on, "return_interview_offered", 1))], params=RULE)
    assert cycle.due_on == date(2026, 12, 28)
    assert cycle.explanation == "3 days after coming back on Friday 25 December 2026"
    assert (cycle.met_on <= cycle.due_on) is kept


@pytest.fixture
def measure(people):
    return MeasureFactory(council=people.council, key="missing-return-interview", basis="statutory", rule="within",
                          params=RULE, warn_days_before=1, name="Return interview offered within 72 hours")


def row(people, measure):
    [entry] = LedgerEntry.objects.filter(young_person=people.young_person, measure=measure)
    return entry


def test_an_episode_still_going_on_starts_no_clock_and_the_return_starts_it(people, measure):
    with at(date(2026, 12, 20)):
        episode = missing_episode_record(young_person=people.young_person, by=people.social_worker, kind="M",
                                         started_on=date(2026, 12, 19))
        assert not LedgerEntry.objects.filter(measure=measure).exists()
        missing_episode_return_record(episode=episode, by=people.social_worker, ended_on=date(2026, 12, 20))
    entry = row(people, measure)
    assert (entry.cycle_start, entry.due_on, entry.status) == (date(2026, 12, 20), date(2026, 12, 23), "open")
    assert entry.state_on(date(2026, 12, 22)) == State.DUE_SOON
    assert entry.state_on(date(2026, 12, 23)) == State.DUE_TODAY
    assert entry.state_on(date(2026, 12, 24)) == State.OVERDUE


@pytest.mark.parametrize(("offered_on", "state"), [
    (date(2027, 1, 2), State.MET_ON_TIME), (date(2027, 1, 3), State.MET_ON_TIME), (date(2027, 1, 4), State.MET_LATE),
])
def test_the_interview_offered_keeps_the_promise_on_time_or_late(people, measure, offered_on, state):
    """Back on 31 December (a month end and a year end): due on 3 January."""
    with at(date(2027, 1, 5)):
        missing_episode_record(young_person=people.young_person, by=people.social_worker, kind="A",
                               started_on=date(2026, 12, 30), ended_on=date(2026, 12, 31),
                               return_interview_offered_on=offered_on, return_interview_accepted=False)
    entry = row(people, measure)
    assert entry.due_on == date(2027, 1, 3) and entry.met_on == offered_on and entry.met_by == "return_interview_offered"
    assert entry.state_on(date(2027, 1, 5)) == state


def test_an_interview_cannot_be_offered_before_they_came_back_nor_answered_before_it_is_offered(people):
    with at(date(2026, 12, 10)):
        with pytest.raises(ValidationError) as error:
            missing_episode_record(young_person=people.young_person, by=people.social_worker, kind="M",
                                   started_on=date(2026, 12, 1), ended_on=date(2026, 12, 3),
                                   return_interview_offered_on=date(2026, 12, 2))
        assert "on or after the day they came back (3 December 2026)" in str(error.value)
        with pytest.raises(ValidationError) as error:
            missing_episode_record(young_person=people.young_person, by=people.social_worker, kind="M",
                                   started_on=date(2026, 12, 1), return_interview_accepted=True)
        assert "Enter the date the return interview was offered" in str(error.value)
        with pytest.raises(ValidationError):
            missing_episode_record(young_person=people.young_person, by=people.social_worker, kind="M",
                                   started_on=date(2026, 12, 11))  # tomorrow
    assert not MissingEpisode.objects.exists()



def test_the_social_worker_records_the_episode_and_the_return_interview_on_where_they_live(client, people, measure):
    with at(date(2026, 12, 7)):
        client.force_login(people.social_worker.user)
        response = client.post(reverse("missing_episode_new", args=[people.young_person.pk]), {
            "kind": "M", **date_fields("started_on", date(2026, 12, 4)), **date_fields("ended_on", date(2026, 12, 5)),
            "return_interview_accepted": "not_yet"})
        assert response.status_code == 302
        response = client.get(reverse("young_person_overview", args=[people.young_person.pk]))
        assert response.status_code == 200, response
        overview = response.content.decode()
        assert "Return interview offered within 72 hours" in overview and "Go to times they were missing" in overview
        assert "Came back after being missing or away" in overview  # the timeline
        episode = MissingEpisode.objects.get()
        response = client.post(reverse("missing_episode_return", args=[people.young_person.pk, episode.pk]), {
            **date_fields("ended_on", date(2026, 12, 5)), **date_fields("return_interview_offered_on", date(2026, 12, 7)),
            "return_interview_accepted": "yes"})
        assert response.status_code == 302
        listed = client.get(reverse("placement_list", args=[people.young_person.pk])).content.decode()
    assert "Offered on 7 December 2026: accepted" in listed
    assert row(people, measure).state_on(date(2026, 12, 8)) == State.MET_ON_TIME


def test_a_return_interview_before_the_return_comes_back_with_the_error_and_saves_nothing(client, people):
    with at(date(2026, 12, 7)):
        client.force_login(people.social_worker.user)
        response = client.post(reverse("missing_episode_new", args=[people.young_person.pk]), {
            "kind": "M", **date_fields("started_on", date(2026, 12, 4)), **date_fields("ended_on", date(2026, 12, 5)),
            **date_fields("return_interview_offered_on", date(2026, 12, 4)), "return_interview_accepted": "no"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not MissingEpisode.objects.exists()


def test_both_councils_measure_the_return_interview_and_the_migration_adds_it_to_a_council_loaded_before(db):
    call_command("load_pledges", stdout=open("/dev/null", "w"))
    keys = {"missing-return-interview": "statutory", "care-leaver-visits": "statutory",
            "staying-close-answer": "pledge"}
    for slug in ("bath-and-north-east-somerset", "barking-and-dagenham"):
        assert dict(Measure.objects.filter(council__slug=slug, key__in=keys).values_list("key", "basis")) == keys
    Measure.objects.filter(key__in=keys).delete()
    migration = __import__("pledges.migrations.0020_missing_staying_close_care_leaver_visit_measures",
                           fromlist=["add_measures"])
    migration.add_measures(apps, None)
    migration.add_measures(apps, None)  # twice: nothing doubled
    for slug in ("bath-and-north-east-somerset", "barking-and-dagenham"):
        assert dict(Measure.objects.filter(council__slug=slug, key__in=keys).values_list("key", "basis")) == keys
    assert Measure.objects.get(council__slug="barking-and-dagenham", key="missing-return-interview").params == RULE


def test_an_import_never_moves_the_return_after_a_return_interview_the_portal_holds():
    """The 903's MIS_END for an episode whose return interview was recorded in the portal: a later day (or none)
    would put the interview before the return, so the portal's day stands; an earlier one is taken."""
    from returns.importing.records903 import _return_day

    held = MissingEpisode(kind="M", started_on=date(2026, 12, 1), ended_on=date(2026, 12, 5),
                          return_interview_offered_on=date(2026, 12, 6))
    assert _return_day(held, date(2026, 12, 7)) == date(2026, 12, 5)
    assert _return_day(held, None) == date(2026, 12, 5)
    assert _return_day(held, date(2026, 12, 4)) == date(2026, 12, 4)
    assert _return_day(None, date(2026, 12, 4)) == date(2026, 12, 4)


@pytest.mark.parametrize(("offered_on", "words"), [
    (None, "someone should have offered you a chance to talk about what happened (a return interview) within 3 days"),
    (date(2026, 12, 6), "we offered you a chance to talk about what happened (a return interview) on 6 December 2026"),
])
def test_the_child_reads_about_their_return_interview_on_their_own_care_plan_page(client, people, offered_on, words):
    with at(date(2026, 12, 7)):
        MissingEpisode.objects.create(young_person=people.young_person, kind="M", started_on=date(2026, 12, 4),
                                      ended_on=date(2026, 12, 5), return_interview_offered_on=offered_on)
        client.force_login(people.young_person.user)
        page = client.get(reverse("my_care_plan")).content.decode()
    assert "When you came back on 5 December 2026" in page and words in page
