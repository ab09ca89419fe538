"""Everyone told about a record may open it and record what it asks for, and everyone a young person chose is told.

The walk: the demo world, with a record behind every kind of ledger row the ledger knows (pledges.ledger's
registry, COUNTS, so a new kind fails until it has one here), swept long after everything fell due, so every open row
is overdue and escalated. Every notification then in the database is opened, through its own link, by the person
it was sent to, who must also be allowed (casework.people.recording) to write the record that keeps the promise; a
reminder about a worry must open that worry's page, and whoever the young person sent it to is told.
"""
import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.models import (
    AdvocateOffer,
    Allocation,
    Concern,
    CouncilAccommodation,
    ImportantPerson,
    MissingEpisode,
    PathwayPlanVersion,
    PlacementKind,
    ReturnToEducationRequest,
    Role,
    StayingCloseRequest,
    Worker,
    YoungPerson,
)
from casework.people.recording import Record, RecordingRights
from casework.worries.scoping import concern_audience
from casework.plans.services import placement_move
from notifications.models import Notification, Stage
from notifications.sweep import sweep
from pledges.ledger import COUNTS, ledger_recompute
from pledges.models import Basis, LedgerEntry, Measure

from .factories import AllocationFactory

pytestmark = pytest.mark.django_db

# Long enough after today that every open row of the demo is overdue and past its escalation.
LATER = timedelta(days=3 * 365)
LINK = re.compile(re.escape(settings.SITE_URL) + r"(/\S*)")


def _concern(young_person, audience):
    return Concern.objects.create(young_person=young_person, kind=Concern.Kind.WORRY, audience=audience,
                                  text=f"A synthetic worry for {audience}",
                                  raised_at=timezone.now() - timedelta(days=1))


@pytest.fixture
def world():
    """The demo, plus what it lacks for some kinds of row: a worry to each audience (one to an IRO Kai does not
    have yet), a restricted contact not yet explained, a pathway plan whose copy was not given, a wish to return
    to education, a move with no advocate offered; and Leah's adviser away, so the duty worker covers her call-back."""
    for command in ("load_pledges", "load_demo_people", "load_demo_reviews", "load_demo_feedback"):
        call_command(command, stdout=open("/dev/null", "w"))
    jade, kai, leah = (YoungPerson.objects.get(first_name=name) for name in ("Jade", "Kai", "Leah"))
    today = timezone.localdate()
    concerns = [_concern(jade, audience) for audience in Concern.Audience.values] + [
        _concern(kai, Concern.Audience.IRO), _concern(leah, Concern.Audience.WORKER)]
    priya = Allocation.objects.get(young_person=jade, role=Role.SOCIAL_WORKER, ended_on=None).worker
    ImportantPerson.objects.create(young_person=jade, name="A synthetic uncle", relationship="uncle",
                                   added_on=today - timedelta(days=30), contact_restricted=True,
                                   restricted_on=today - timedelta(days=20), restriction_reason="Synthetic")
    placement_move(young_person=jade, recorded_by=priya, started_on=today - timedelta(days=2),
                   kind=PlacementKind.choices[0][0], carer_or_home="Synthetic carers",
                   advocate_offer=AdvocateOffer.NOT_OFFERED, advocate_not_offered_reason="Synthetic",
                   school_wish_recorded=False)
    adviser = Allocation.objects.get(young_person=leah, role=Role.PERSONAL_ADVISER, ended_on=None).worker
    last = leah.pathway_plan_versions.order_by("-version").first()
    PathwayPlanVersion.objects.create(young_person=leah, version=(last.version if last else 0) + 1,
                                      agreed_on=today - timedelta(days=3), written_by=adviser, goals="g", home="h",
                                      education_and_work="e", money="m", health_and_wellbeing="w")
    ReturnToEducationRequest.objects.create(young_person=leah, asked_on=today - timedelta(days=3), what="College")
    # Issue 17's clocks: Jade back from being missing with no return interview offered; Leah waiting for her Staying
    # Close assessment, and living in a home we provide that her adviser has not visited.
    MissingEpisode.objects.create(young_person=jade, kind="M", started_on=today - timedelta(days=6),
                                  ended_on=today - timedelta(days=5))
    StayingCloseRequest.objects.create(young_person=leah, asked_on=today - timedelta(days=3))
    # ... and no in-touch check for Leah's latest birthday (the demo records them all).
    leah.care_leaver_outcomes.order_by("-year_ending").first().delete()
    CouncilAccommodation.objects.create(young_person=leah, kind="D", started_on=today - timedelta(days=40),
                                        recorded_by=adviser)
    # Leah's call-back is open: her adviser is away well past the sweep, and the team has another duty worker.
    duty_worker = Worker.objects.filter(council=adviser.council, role=Role.SOCIAL_WORKER, user__is_active=True) \
        .exclude(pk=adviser.pk).first()
    adviser.away_until = today + 2 * LATER
    adviser.save()
    adviser.team.duty_worker = duty_worker
    adviser.team.save()
    assert duty_worker is not None and leah.callback_requests.filter(status="open").exists()
    return {"concerns": concerns, "duty_worker": duty_worker}


@pytest.fixture
def swept(world):
    sweep(now=timezone.now() + LATER)
    return world


def _kind(notification):
    return notification.entry.measure.params["counts"] if notification.entry_id else "feedback"


def test_every_kind_of_ledger_row_is_in_the_walk_overdue_and_escalated(swept):
    kinds = set(COUNTS)
    sent = {(_kind(n), n.stage) for n in Notification.objects.select_related("entry__measure")}
    missing = {(kind, stage) for kind in kinds for stage in (Stage.OVERDUE, Stage.ESCALATION)} - sent
    assert missing == set(), "give the walk's world a record that starts this kind of row"
    assert Notification.objects.filter(body__contains="as the team's duty worker").exists()


def test_everyone_told_about_a_record_can_open_it_from_the_notification(swept):
    concern_rows = {}
    opened = {}
    clients = {}
    notifications = list(Notification.objects.select_related("recipient", "entry__measure"))
    assert len(notifications) > 100
    for notification in notifications:
        links = set(LINK.findall(notification.body)) | {notification.link}
        assert len(links) == 1, (notification.subject, links)
        link = links.pop()
        if _kind(notification) == "concern":
            concern_rows[notification.pk] = link
            assert link == reverse("concern_detail", args=[notification.entry.trigger_id]), notification.subject
        key = (notification.recipient_id, link)
        if key not in opened:
            if notification.recipient_id not in clients:
                clients[notification.recipient_id] = Client()
                clients[notification.recipient_id].force_login(notification.recipient)
            opened[key] = clients[notification.recipient_id].get(link).status_code
        assert opened[key] == 200, (notification.recipient.email, notification.subject, link)
    assert concern_rows, "the walk's worries were reminded about"


# The record that keeps each kind of ledger row (pledges.ledger's registry, COUNTS), declared here independently
# of the sweep: whoever is told a row is due must be someone casework.people.recording lets write it. None: no staff
# record keeps it (a personal adviser is allocated by the council, not recorded by the worker who is told).
ROW_RECORDS = {
    "contact": Record.CONTACT, "visit": Record.CONTACT, "keep_in_touch": Record.CONTACT,
    "callback": Record.CALLBACK_ATTEMPT,
    "care_plan": Record.CARE_PLAN, "care_plan_copy": Record.CARE_PLAN,
    "advocate_offer": Record.PLACEMENT,
    "health_assessment": Record.HEALTH_CHECK, "dental": Record.HEALTH_CHECK, "optician": Record.HEALTH_CHECK,
    "initial_health_assessment": Record.HEALTH_CHECK, "sdq": Record.HEALTH_CHECK, "in_touch": Record.PATHWAY_PLAN,
    "stay_in_touch": Record.FAMILY, "restriction_explained": Record.FAMILY,
    "identity": Record.IDENTITY,
    "celebration": Record.ACHIEVEMENT, "achievement_celebrated": Record.ACHIEVEMENT,
    "pep": Record.EDUCATION, "work_experience": Record.EDUCATION, "eet": Record.EDUCATION,
    "pathway_plan": Record.PATHWAY_PLAN, "pathway_plan_copy": Record.PATHWAY_PLAN,
    "pathway_plan_created": Record.PATHWAY_PLAN, "needs_assessment": Record.PATHWAY_PLAN,
    "careers": Record.PATHWAY_PLAN, "return_to_education": Record.PATHWAY_PLAN,
    "review": Record.REVIEW_OUTCOME, "move_review": Record.REVIEW_OUTCOME, "consultation": Record.CONSULTATION,
    "concern": Record.CONCERN_REPLY, "feedback": Record.FEEDBACK_REPLY,
    "personal_adviser": None,
    "return_interview": Record.MISSING_EPISODE, "staying_close": Record.PATHWAY_PLAN, "adviser_visit": Record.CONTACT,
}


def test_every_kind_of_ledger_row_says_which_record_keeps_it():
    assert set(ROW_RECORDS) == set(COUNTS)


def test_everyone_told_about_a_row_may_record_what_keeps_it(swept):
    rights = {}
    checked = set()
    for notification in Notification.objects.select_related("recipient__worker", "entry__measure",
                                                            "entry__young_person", "young_person"):
        kind = ROW_RECORDS[_kind(notification)]
        if kind is None:
            continue
        worker = notification.recipient.worker
        rights.setdefault(worker.pk, RecordingRights(worker))
        assert rights[worker.pk].may(notification.young_person, kind), (
            notification.recipient.email, notification.subject, kind)
        checked.add(kind)
    assert {Record.REVIEW_OUTCOME, Record.CONSULTATION, Record.CONTACT} <= checked


def test_an_overdue_review_reminds_the_iro_not_the_social_worker(world):
    jade = YoungPerson.objects.get(first_name="Jade")
    iro = Allocation.objects.get(young_person=jade, role=Role.IRO, ended_on=None).worker
    social_worker = Allocation.objects.get(young_person=jade, role=Role.SOCIAL_WORKER, ended_on=None).worker
    sweep(now=timezone.now() + LATER)
    for counts in ("review", "consultation", "move_review"):
        told = set(Notification.objects.filter(entry__young_person=jade, entry__measure__params__counts=counts,
                                               stage=Stage.OVERDUE).values_list("recipient_id", flat=True))
        assert told == {iro.user_id}, counts
    assert not Notification.objects.filter(
        recipient=social_worker.user, entry__measure__params__counts__in=["review", "consultation", "move_review"],
    ).exists()
    # Still overdue: the managers over the IRO, told who holds it.
    escalated = Notification.objects.filter(entry__young_person=jade, entry__measure__params__counts="review",
                                            stage=Stage.ESCALATION)
    assert escalated and {n.recipient.worker.role for n in escalated} == {Role.MANAGER}
    assert all(f"{iro.name} is their IRO." in n.body for n in escalated)


def _chosen(concern):
    """Whom the young person sent it to, in the words of the form: their allocated worker(s) in the roles they
    chose, else (and for a complaint) the council's managers."""
    roles = {Concern.Audience.WORKER: [Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER], Concern.Audience.IRO: [Role.IRO]}
    chosen = {a.worker.user_id for a in concern.young_person.allocations.filter(
        ended_on=None, role__in=roles.get(concern.audience, []), worker__user__is_active=True).select_related("worker")}
    return chosen or set(Worker.objects.filter(council=concern.young_person.council_id, role=Role.MANAGER,
                                               user__is_active=True).values_list("user_id", flat=True))


def test_every_audience_of_a_worry_is_told_and_nobody_else(swept):
    for concern in swept["concerns"]:
        told = set(Notification.objects.filter(
            entry__measure__params__counts="concern", entry__trigger_id=concern.pk, stage=Stage.OVERDUE,
        ).values_list("recipient_id", flat=True))
        assert told == _chosen(concern) != set(), (concern.young_person.first_name, concern.audience)


def test_a_worry_sent_to_the_iro_reminds_the_iro_and_not_the_social_worker(world):
    jade = YoungPerson.objects.get(first_name="Jade")
    to_iro = next(c for c in world["concerns"] if c.young_person == jade and c.audience == Concern.Audience.IRO)
    sweep(now=timezone.now() + LATER)
    told = Notification.objects.filter(entry__measure__params__counts="concern", entry__trigger_id=to_iro.pk,
                                       stage=Stage.OVERDUE)
    iro = Allocation.objects.get(young_person=jade, role=Role.IRO, ended_on=None).worker
    social_worker = Allocation.objects.get(young_person=jade, role=Role.SOCIAL_WORKER, ended_on=None).worker
    assert [n.recipient_id for n in told] == [iro.user_id]
    assert not Notification.objects.filter(recipient=social_worker.user, entry__trigger_id=to_iro.pk,
                                           entry__measure__params__counts="concern").exists()


def test_a_complaint_reminds_the_councils_managers(world):
    jade = YoungPerson.objects.get(first_name="Jade")
    complaint = next(c for c in world["concerns"]
                     if c.young_person == jade and c.audience == Concern.Audience.COMPLAINTS)
    sweep(now=timezone.now() + LATER)
    told = set(Notification.objects.filter(entry__measure__params__counts="concern", entry__trigger_id=complaint.pk,
                                           stage=Stage.OVERDUE).values_list("recipient__worker__role", flat=True))
    assert told == {Role.MANAGER}


def test_a_worry_goes_to_a_manager_who_holds_the_case_and_to_managers_when_nobody_holds_it(people):
    worry = _concern(people.other_young_person, Concern.Audience.WORKER)
    assert concern_audience(worry) == [people.other_worker]
    Allocation.objects.filter(young_person=people.other_young_person).update(ended_on=timezone.localdate())
    assert concern_audience(worry) == [people.manager]  # "a manager will read it", as the form says
    AllocationFactory(young_person=people.other_young_person, worker=people.manager, role=Role.SOCIAL_WORKER)
    assert concern_audience(worry) == [people.manager]
    to_iro = _concern(people.other_young_person, Concern.Audience.IRO)
    assert concern_audience(to_iro) == [people.manager]
    assert people.elsewhere_manager not in concern_audience(worry)


@pytest.fixture
def review_row(people):
    """Robin came into care on 3 November 2025: their first review is due within 6 months. Sky has no clock."""
    YoungPerson.objects.filter(pk=people.other_young_person.pk).update(became_looked_after_on=None)
    YoungPerson.objects.filter(pk=people.young_person.pk).update(became_looked_after_on=date(2025, 11, 3))
    Measure.objects.create(
        council=people.council, key="review", name="Review at least every 6 months", basis=Basis.STATUTORY,
        rule="every", params={"months": 6, "counts": "review", "starts": "came_into_care"}, warn_days_before=14,
        escalate_after_days=7)
    ledger_recompute(young_person=people.young_person)
    return LedgerEntry.objects.get(young_person=people.young_person, measure__key="review", status="open")


def _told(entry):
    return sorted((n.stage, n.recipient.worker.name) for n in Notification.objects.filter(entry=entry))


def test_a_review_goes_to_the_iro_and_still_overdue_to_the_managers_over_them(people, review_row):
    sweep(now=timezone.now() + LATER)
    # Ines has no team, so the council's managers are over her.
    assert _told(review_row) == [(Stage.ESCALATION, people.manager.name), (Stage.OVERDUE, people.iro.name)]
    assert "Ines Reviewer is their IRO." in Notification.objects.get(stage=Stage.ESCALATION).body


def test_a_review_with_no_iro_to_tell_goes_to_the_managers_from_the_first_reminder(people, review_row):
    people.young_person.allocations.filter(worker=people.iro).update(ended_on=date(2025, 11, 3))
    sweep(now=timezone.now() + LATER)
    assert _told(review_row) == [(Stage.ESCALATION, people.manager.name), (Stage.OVERDUE, people.manager.name)]
    overdue = Notification.objects.get(stage=Stage.OVERDUE)
    assert "Robin Ash does not have an IRO yet, so this has come to you. Please allocate one." in overdue.body


def test_a_review_whose_iro_cannot_sign_in_goes_to_the_managers(people, review_row):
    people.iro.user.is_active = False
    people.iro.user.save()
    sweep(now=timezone.now() + LATER)
    assert _told(review_row) == [(Stage.ESCALATION, people.manager.name), (Stage.OVERDUE, people.manager.name)]
    assert "Their IRO, Ines Reviewer, cannot sign in" in Notification.objects.get(stage=Stage.OVERDUE).body
