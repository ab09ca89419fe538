"""The one rule for who may RECORD what about a young person. casework.people.scoping decides whom a person may see;
this decides, among the young people they see, which records they may write. Every view that saves a record
about a young person, and every service that writes one, asks here (`may_record`, `check_may_record`), so a
service called from elsewhere cannot bypass the rule.

Each kind of record names who may write it (RULES), by the open allocations the worker holds for that young
person. A manager of the young person's council may record anything: they answer for the whole service and
stand in when a worker is away. Nobody else of another council, no young person, no account without a Worker
record, and no designated teacher, nurse or advocate (who hold no caseload: casework.people.scoping) records anything.

Why each kind is written by whom:
- The IRO's independence (Children Act 1989 s.25B; the IRO Handbook): the review's outcome and the IRO's
  consultation with the young person are the IRO's own record, so only their allocated IRO (or a manager)
  writes them. The IRO is changed by a manager only: neither the social worker, whose work the IRO
  scrutinises, nor the IRO should choose who reviews the child's plan.
- The casework record (visits and contacts, care plans, moves, missing episodes and return interviews, health
  checks, education, family and friends, identity, achievements, pathway plans and needs assessments, answers to
  Staying Close requests, accommodation the council provides, grant payments, inviting the young person) is kept by
  the young person's own social worker or personal adviser. An IRO reviews that record and must not write it: a
  visit logged by an IRO would restart the social worker's visit clock.
- A call-back request is answered by their own worker or, while that worker is away, by the team's duty
  worker (who sees them for that reason: casework.people.scoping.covered_by_duty_worker).
- Booking a review is arranging a date, not recording what happened: the social worker, personal adviser or
  IRO may book one.
- A worry, complaint or request for an advocate is answered by the audience the young person chose
  (casework.worries.scoping.concerns_visible_to): whoever may see it may acknowledge and reply.
- An answer to "Is this promise being kept for you?" is replied to by their own worker (the promise they
  answered is the worker's, and the reply clock counts against them), or a manager.
- Staffing (casework.staffing) is a manager's alone: adding a young person, allocating or moving their social
  worker or personal adviser (who holds a child's case is a management decision: the SSDA903 return's "MANAGE"),
  setting a team's duty worker and recording a worker's absence. The last two are about the council's staff, not
  one young person: `may_record_in_council` asks for those (and for adding a young person, who has no record yet).
"""
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied

from .models import Allocation, Role, Worker, YoungPerson
from .scoping import covered_by_duty_worker, get_worker_or_404, worker_for

OWN_WORKER = frozenset({Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER})
OWN_IRO = frozenset({Role.IRO})


class Record(StrEnum):
    """Every kind of record staff write about a young person."""

    CONTACT = "contact"
    CALLBACK_ATTEMPT = "callback_attempt"
    CARE_PLAN = "care_plan"
    PLACEMENT = "placement"
    MISSING_EPISODE = "missing_episode"
    HEALTH_CHECK = "health_check"
    EDUCATION = "education"
    FAMILY = "family"
    IDENTITY = "identity"
    ACHIEVEMENT = "achievement"
    PATHWAY_PLAN = "pathway_plan"
    GRANT_PAYMENT = "grant_payment"
    INVITATION = "invitation"
    REVIEW_BOOKING = "review_booking"
    REVIEW_OUTCOME = "review_outcome"
    CONSULTATION = "consultation"
    IRO_CHANGE = "iro_change"
    CONCERN_REPLY = "concern_reply"
    FEEDBACK_REPLY = "feedback_reply"
    YOUNG_PERSON_NEW = "young_person_new"
    ALLOCATION = "allocation"
    TEAM_DUTY = "team_duty"
    WORKER_ABSENCE = "worker_absence"


@dataclass(frozen=True)
class Rule:
    allocated: frozenset  # the allocation roles (open, for this young person) that may write it
    refusal: str          # the sentence on the 403 page
    duty_worker: bool = False  # the team's duty worker covering their call-back may write it too


CASEWORK = Rule(OWN_WORKER, "Only the young person's social worker or personal adviser, or a manager, can record this.")
IRO_ONLY = Rule(OWN_IRO, "Only the young person's IRO or a manager can record this.")

RULES: dict[Record, Rule] = {
    Record.CONTACT: CASEWORK,
    Record.CALLBACK_ATTEMPT: Rule(OWN_WORKER, "Only the young person's social worker or personal adviser, their "
                                              "team's duty worker while they are away, or a manager, can record "
                                              "this.", duty_worker=True),
    Record.CARE_PLAN: CASEWORK,
    Record.PLACEMENT: CASEWORK,
    Record.MISSING_EPISODE: CASEWORK,
    Record.HEALTH_CHECK: CASEWORK,
    Record.EDUCATION: CASEWORK,
    Record.FAMILY: CASEWORK,
    Record.IDENTITY: CASEWORK,
    Record.ACHIEVEMENT: CASEWORK,
    Record.PATHWAY_PLAN: CASEWORK,
    Record.GRANT_PAYMENT: CASEWORK,
    Record.INVITATION: Rule(OWN_WORKER, "Only the young person's social worker or personal adviser, or a manager, "
                                        "can invite them."),
    Record.REVIEW_BOOKING: Rule(OWN_WORKER | OWN_IRO, "Only the young person's social worker, personal adviser or "
                                                      "IRO, or a manager, can book a review."),
    Record.REVIEW_OUTCOME: IRO_ONLY,
    Record.CONSULTATION: IRO_ONLY,
    Record.IRO_CHANGE: Rule(frozenset(), "Only a manager can change a young person's IRO."),
    Record.CONCERN_REPLY: Rule(OWN_WORKER | OWN_IRO, "Only the person the young person sent this to, or a manager, "
                                                     "can answer it."),
    Record.FEEDBACK_REPLY: Rule(OWN_WORKER, "Only the young person's social worker or personal adviser, or a "
                                            "manager, can reply to this."),
    Record.YOUNG_PERSON_NEW: Rule(frozenset(), "Only a manager can add a young person."),
    Record.ALLOCATION: Rule(frozenset(), "Only a manager can allocate or change a young person's worker."),
    Record.TEAM_DUTY: Rule(frozenset(), "Only a manager can set a team's duty worker."),
    Record.WORKER_ABSENCE: Rule(frozenset(), "Only a manager can record a worker's absence."),
}

# The kinds about the council's staff or a young person not yet added: asked with may_record_in_council.
COUNCIL_RECORDS = frozenset({Record.YOUNG_PERSON_NEW, Record.TEAM_DUTY, Record.WORKER_ABSENCE})


class RecordingRights:
    """What one worker may record, for any number of young people, in at most two queries (their open
    allocations; the young people they cover as duty worker, only if asked). Pages with a card per young person
    ask it once per card."""

    def __init__(self, worker: Worker | None):
        self.worker = worker
        self._allocated: dict[int, set[str]] | None = None
        self._covered: set[int] | None = None

    def _roles_for(self, young_person_id: int) -> set[str]:
        if self._allocated is None:
            self._allocated = {}
            rows = Allocation.objects.filter(worker=self.worker, ended_on__isnull=True).values_list(
                "young_person_id", "role")
            for pk, role in rows:
                self._allocated.setdefault(pk, set()).add(role)
        return self._allocated.get(young_person_id, set())

    def _covers(self, young_person_id: int) -> bool:
        if self._covered is None:
            self._covered = set(covered_by_duty_worker(self.worker).values_list("pk", flat=True))
        return young_person_id in self._covered

    def may(self, young_person: YoungPerson, kind: Record) -> bool:
        worker = self.worker
        if not self.may_in_council(young_person.council_id):
            return False
        if worker.role == Role.MANAGER:
            return True
        rule = RULES[Record(kind)]
        if worker.role not in rule.allocated:  # a designated teacher, nurse or advocate records nothing
            return False
        if self._roles_for(young_person.pk) & rule.allocated:
            return True
        return rule.duty_worker and self._covers(young_person.pk)

    def may_in_council(self, council_id: int) -> bool:
        """A worker of this council whose login (if they have one) is open."""
        worker = self.worker
        if worker is None or worker.council_id != council_id:
            return False
        return worker.user_id is None or worker.user.is_active

    def may_manage(self, council_id: int, kind: Record) -> bool:
        """For COUNCIL_RECORDS: a manager of this council."""
        assert Record(kind) in COUNCIL_RECORDS, f"{kind} is about one young person: ask may()"
        return self.may_in_council(council_id) and self.worker.role == Role.MANAGER


def may_record(worker: Worker | None, young_person: YoungPerson, kind: Record) -> bool:
    """May this worker write this kind of record about this young person?"""
    return RecordingRights(worker).may(young_person, kind)


def check_may_record(worker: Worker | None, young_person: YoungPerson, kind: Record) -> None:
    """For services: refuse (PermissionDenied, a 403 with the rule's sentence) unless the worker may record it."""
    if not may_record(worker, young_person, kind):
        raise PermissionDenied(RULES[Record(kind)].refusal)


def may_record_in_council(worker: Worker | None, council_id: int, kind: Record) -> bool:
    """May this worker write this kind of council record (COUNCIL_RECORDS: staffing) in this council?"""
    return RecordingRights(worker).may_manage(council_id, kind)


def check_may_record_in_council(worker: Worker | None, council_id: int, kind: Record) -> None:
    """For services: refuse (PermissionDenied with the rule's sentence) unless the worker may write it."""
    if not may_record_in_council(worker, council_id, kind):
        raise PermissionDenied(RULES[Record(kind)].refusal)


def recording_rights(request) -> RecordingRights:
    """The signed-in worker's rights, kept on the request so a view and its template share one lookup."""
    rights = getattr(request, "_recording_rights", None)
    if rights is None:
        rights = request._recording_rights = RecordingRights(worker_for(request.user))
    return rights


def get_recording_worker_or_403(request, young_person: YoungPerson, kind: Record) -> Worker:
    """For views, after the young person was found through casework.people.scoping (another's id is already a 404):
    the signed-in worker if they may write this kind of record, otherwise a 403 page saying who can."""
    worker = get_worker_or_404(request.user)
    if not recording_rights(request).may(young_person, kind):
        raise PermissionDenied(RULES[Record(kind)].refusal)
    return worker
