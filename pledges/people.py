"""Who a young person's people are, and how to reach them: the content of "My people".

Built from the young person's current allocations and the council's contact points. Where someone is
not allocated yet, the entry says so and says who to ask, so the page never just goes quiet.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from casework.models import Allocation, Role, Worker, YoungPerson
from reviews.models import IroChange, Review

from .models import ContactKind, ContactPoint
from .status import day_words


@dataclass
class PersonCard:
    """One card on "My people": a heading, who it is (or None), and what to do."""

    key: str
    heading: str
    explanation: str
    worker: Worker | None = None
    contacts: list[ContactPoint] = field(default_factory=list)
    missing: str = ""  # shown when there is nobody: plainly, with who to ask


def duty_line(worker: Worker | None, young_person: YoungPerson) -> tuple[str, str]:
    """The number to call when the worker is away: their team's duty line, else the council's."""
    if worker is not None and worker.team_id and worker.team.duty_phone:
        return f"the {worker.team.name}", worker.team.duty_phone
    return young_person.council.name, young_person.council.phone


# Who is covering while a young person's own worker is away (Worker.away_until), in the young person's words. The same
# rule routes their call-back: while the worker is away (Worker.is_away_on, to the last day of away_until), the
# deadline sweep (notifications.sweep) also tells their team's duty worker if the duty worker can sign in, and the
# scoping rule (casework.people.scoping.covered_by_duty_worker) lets the duty worker open their page. So the duty
# worker is named exactly when a call-back goes to them; otherwise the team is.
@dataclass(frozen=True)
class Covering:
    away: Worker  # their own worker, away
    back_after: str  # "Friday 11 December": the last day they are away
    duty_worker: Worker | None  # the team's duty worker, when a call-back goes to them
    team_name: str  # "the Children in Care Team", or the council when the worker has no team
    duty_name: str  # whose number duty_phone is: the team's duty line, else the council's (duty_line)
    duty_phone: str

    @property
    def who(self) -> str:
        """Who will call them back: "Tom Clarke, the duty worker in the Children in Care Team," (the closing comma
        ends the aside, in "While they are away, Tom Clarke, the duty worker ..., will call you back"), or the team."""
        if self.duty_worker is not None:
            return f"{self.duty_worker.name}, the duty worker in {self.team_name},"
        return f"someone in {self.team_name}"


def covering_for(worker: Worker | None, young_person: YoungPerson, *, today: date) -> Covering | None:
    """Who covers for their worker today, or None when the worker is not away (or they have none). `worker` comes
    with its team, the team's duty worker and their login loaded (select_related), so this costs no query."""
    if worker is None or not worker.is_away_on(today):
        return None
    team = worker.team
    duty = team.duty_worker if team is not None else None
    signs_in = duty is not None and duty.user is not None and duty.user.is_active and duty.pk != worker.pk
    duty_name, duty_phone = duty_line(worker, young_person)
    return Covering(away=worker, back_after=day_words(worker.away_until, today), duty_worker=duty if signs_in else None,
                    team_name=f"the {team.name}" if team is not None else young_person.council.name,
                    duty_name=duty_name, duty_phone=duty_phone)


def _same_team(contact_name: str, duty_name: str) -> bool:
    """Whether a contact point names the team whose duty line is `duty_name` ("the Learn 2 Live Team")."""
    def words(name: str) -> str:
        name = " ".join(name.lower().split())
        return name.removeprefix("the ").removesuffix(" team")
    return words(contact_name) == words(duty_name)


def people_for(young_person: YoungPerson, *, today: date) -> dict:
    """Everything "My people" shows, in two queries (allocations, contact points)."""
    allocations, left = {}, {}
    for allocation in (Allocation.objects.filter(young_person=young_person, ended_on__isnull=True)
                       .select_related("worker__team__duty_worker__user", "worker__user")):
        # A worker whose login was closed (casework.accounts: they left) keeps the allocation as history until a
        # manager moves it, but is no longer someone to contact: their card says who to ask instead.
        if allocation.worker.user is not None and not allocation.worker.user.is_active:
            left[allocation.role] = allocation.worker
        else:
            allocations[allocation.role] = allocation.worker
    age = young_person.age_on(today)
    contacts: dict[str, list[ContactPoint]] = {}
    for point in ContactPoint.objects.filter(council_id=young_person.council_id).for_age(age):
        contacts.setdefault(point.kind, []).append(point)

    leaver = young_person.is_care_leaver
    main_role = Role.PERSONAL_ADVISER if leaver else Role.SOCIAL_WORKER
    main_worker = allocations.get(main_role) or allocations.get(Role.SOCIAL_WORKER)
    # While a worker who left still holds the case, their team's duty line is the one to call.
    duty_name, duty_phone = duty_line(main_worker or left.get(main_role), young_person)
    ask = f"call {duty_name} on {duty_phone}" if duty_phone else f"contact {duty_name}"
    worker_word = "personal adviser" if leaver else "social worker"

    cards = [
        PersonCard(
            key="main_worker",
            heading=f"Your {worker_word}",
            explanation=f"Your {worker_word} is the person to contact first about anything.",
            worker=main_worker,
            missing=(f"Your {worker_word} has changed and your new one has not been named here yet. "
                     f"To find out who is helping you, {ask}." if main_role in left and main_worker is None
                     else f"You do not have a {worker_word} yet. To find out who is helping you, {ask}."),
        )
    ]
    # A care leaver has no IRO (IROs review the care plans of children in care), so nothing they see names one.
    if not leaver:
        cards.append(PersonCard(
            key="iro",
            heading="Your Independent Reviewing Officer (IRO)",
            explanation="Your IRO runs the meetings that review your care plan and makes sure you are "
                        "listened to. You can contact them if you are worried or do not feel listened to.",
            worker=allocations.get(Role.IRO),
            missing=f"Your IRO has not been named here yet. Ask your {worker_word}, or {ask}.",
        ))
    for role, card in _school_and_health_cards(allocations, worker_word).items():
        if not leaver or role in allocations:
            cards.append(card)
    cards.append(PersonCard(
        key="advocate",
        heading="An advocate",
        explanation="An advocate is someone who makes sure your views and wishes are heard. They work for "
                    "you, not for the council.",
        worker=allocations.get(Role.ADVOCATE),
        contacts=contacts.get(ContactKind.ADVOCACY, []),
        missing=f"To ask for an advocate, talk to your {worker_word} or {ask}.",
    ))
    # The IRO's card also says when the next review is, and tells the young person if their IRO changed
    # in the last six months ("if your IRO needs to change, we will talk with you about this").
    next_review = Review.objects.filter(young_person=young_person, held_on__isnull=True,
                                        scheduled_for__gte=today).order_by("scheduled_for").first()
    iro_change = IroChange.objects.filter(young_person=young_person, changed_on__gte=today - timedelta(days=183)) \
        .select_related("previous_iro", "new_iro").order_by("-changed_on").first()
    # The team on "When ... is away" is given once, with its duty number: a leaving care contact point for the same
    # team (often the council's switchboard, from the published pledge) would show it again with another number.
    leaving_care_team = [point for point in contacts.get(ContactKind.LEAVING_CARE_TEAM, [])
                         if not _same_team(point.name, duty_name)]
    return {
        "leaver": leaver,
        "next_review": next_review,
        "iro_change": iro_change,
        "worker_word": worker_word,
        "main_worker": main_worker,
        "duty_name": duty_name,
        "duty_phone": duty_phone,
        "covering": covering_for(main_worker, young_person, today=today),
        "cards": cards,
        "in_care_council": contacts.get(ContactKind.IN_CARE_COUNCIL, []),
        "complaints": contacts.get(ContactKind.COMPLAINTS, []),
        "head_of_service": contacts.get(ContactKind.HEAD_OF_SERVICE, []),
        "leaving_care_team": leaving_care_team,
        "age": age,
        "ask": ask,
    }


def _school_and_health_cards(allocations: dict, worker_word: str) -> dict[str, PersonCard]:
    return {
        Role.DESIGNATED_TEACHER: PersonCard(
            key="designated_teacher",
            heading="Your designated teacher",
            explanation="The teacher at your school whose job is to look after the needs of children in care.",
            worker=allocations.get(Role.DESIGNATED_TEACHER),
            missing=f"Your designated teacher has not been named here yet. Ask your {worker_word} or your school.",
        ),
        Role.NURSE: PersonCard(
            key="nurse",
            heading="Your nurse for children in care",
            explanation="They can give you confidential advice and help you be as healthy as you can.",
            worker=allocations.get(Role.NURSE),
            missing=f"Your nurse has not been named here yet. Ask your {worker_word}.",
        ),
    }


def main_worker_for(young_person: YoungPerson) -> Worker | None:
    """Their own worker (a care leaver's personal adviser, else their social worker), as on "My people", with the team,
    its duty worker and their login (for covering_for). One query."""
    roles = ([Role.PERSONAL_ADVISER, Role.SOCIAL_WORKER] if young_person.is_care_leaver
             else [Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER])
    held = {allocation.role: allocation.worker for allocation in
            Allocation.objects.filter(young_person=young_person, ended_on__isnull=True, role__in=roles)
            .select_related("worker__team__duty_worker__user", "worker__user")}
    return next((held[role] for role in roles if role in held), None)
