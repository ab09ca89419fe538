"""Synthetic demo people for both councils: never a real child's details.

Names are made up; phone numbers are from Ofcom's ranges kept for drama (01632 960xxx, 020 7946 0xxx,
07700 900xxx), emails end in .test. Safe to run again: records are matched on their emails and names,
so a second run changes nothing. Run `load_pledges` first: it creates the councils.
"""
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from casework.contacts.models import CallbackRequest, Contact, ContactKind
from casework.education.models import EducationStatus, PersonalEducationPlan, WorkExperienceOffer
from casework.family.models import Achievement, IdentityReview, ImportantPerson
from casework.health.models import HealthCheck
from casework.leaving_care.in_touch import IN_TOUCH_AGES, birthday_at, year_ending
from casework.leaving_care.models import (
    CareersMeeting, CareLeaverYearlyOutcome, GrantPayment, NeedsAssessment, PathwayPlanVersion,
)
from casework.people.models import Allocation, Council, LegalStatus, Role, Team, User, Worker, YoungPerson
from casework.plans.models import AdvocateOffer, CarePlanVersion, Placement, PlacementKind
from casework.working_days import is_working_day

DEMO_PASSWORD = "pledge-demo-2026"
UNINVITED = "ellie"  # the demo young person left without an account, so an invitation can be tried
DOMAIN = "demo.pledgeportal.test"

COUNCILS = {
    "bath-and-north-east-somerset": {
        "teams": {
            "Children in Care Team": "01632 960000",
            "Care Leavers Team": "01632 960010",
        },
        "workers": [
            # (key, name, role, team, job title, organisation, phone, mobile, login?)
            ("priya", "Priya Shah", Role.SOCIAL_WORKER, "Children in Care Team", "Social worker", "", "01632 960001", "07700 900001", True),
            ("mark", "Mark Fenwick", Role.SOCIAL_WORKER, "Children in Care Team", "Social worker", "", "01632 960002", "", True),
            ("tom", "Tom Okafor", Role.IRO, None, "Independent Reviewing Officer", "", "01632 960003", "", True),
            ("helen", "Helen Marsh", Role.MANAGER, "Children in Care Team", "Team manager", "", "01632 960004", "", True),
            ("dan", "Dan Pryce", Role.PERSONAL_ADVISER, "Care Leavers Team", "Personal adviser", "", "01632 960011", "07700 900011", True),
            ("ruth", "Ruth Ellis", Role.DESIGNATED_TEACHER, None, "Designated teacher", "Oakfield Academy", "01632 960020", "", False),
            ("sam", "Sam Brennan", Role.NURSE, None, "Nurse for children in care", "", "01632 960021", "", False),
        ],
        "young_people": [
            # (key, first, last, preferred, born, status, came into care, login?, allocations)
            ("jade", "Jade", "Rivers", "Jay", date(2013, 3, 14), LegalStatus.LOOKED_AFTER, date(2022, 6, 1), True,
             [("mark", Role.SOCIAL_WORKER, date(2022, 6, 1), date(2025, 9, 30)),
              ("priya", Role.SOCIAL_WORKER, date(2025, 9, 30), None),
              ("tom", Role.IRO, date(2022, 6, 1), None),
              ("ruth", Role.DESIGNATED_TEACHER, date(2024, 9, 1), None),
              ("sam", Role.NURSE, date(2022, 6, 1), None)]),
            # Kai came into care KAI_IN_CARE_DAYS ago ("recent"), whenever the demo is loaded.
            ("kai", "Kai", "Morgan", "", date(2011, 7, 2), LegalStatus.LOOKED_AFTER, "recent", True,
             [("priya", Role.SOCIAL_WORKER, "recent", None)]),
            ("mia", "Mia", "Clarke", "", date(2015, 1, 30), LegalStatus.LOOKED_AFTER, date(2023, 4, 17), True,
             [("priya", Role.SOCIAL_WORKER, date(2023, 4, 17), None), ("tom", Role.IRO, date(2023, 4, 17), None)]),
            ("noah", "Noah", "Bell", "", date(2010, 11, 2), LegalStatus.LOOKED_AFTER, date(2021, 8, 9), True,
             [("priya", Role.SOCIAL_WORKER, date(2021, 8, 9), None), ("tom", Role.IRO, date(2021, 8, 9), None)]),
            ("leah", "Leah", "Price", "", date(2007, 5, 20), LegalStatus.CARE_LEAVER, date(2019, 2, 11), True,
             [("dan", Role.PERSONAL_ADVISER, date(2024, 5, 20), None)]),
            # No account: Priya (or Helen) invites her from her pledge page (casework.accounts.invitations).
            (UNINVITED, "Ellie", "Ward", "", date(2012, 10, 5), LegalStatus.LOOKED_AFTER, "recent", False,
             [("priya", Role.SOCIAL_WORKER, "recent", None)]),
        ],
    },
    "barking-and-dagenham": {
        "teams": {"Learn 2 Live Team": "020 7946 0000"},
        "workers": [
            ("femi", "Femi Adeyemi", Role.PERSONAL_ADVISER, "Learn 2 Live Team", "Personal adviser", "", "020 7946 0001", "07700 900101", True),
            ("grace", "Grace Cole", Role.MANAGER, "Learn 2 Live Team", "Service manager", "", "020 7946 0002", "", True),
        ],
        "young_people": [
            ("amir", "Amir", "Hassan", "", date(2008, 9, 9), LegalStatus.CARE_LEAVER, date(2021, 1, 18), True,
             [("femi", Role.PERSONAL_ADVISER, date(2024, 9, 9), None)]),
        ],
    },
}


# Young people on the In Care Council: they see the council's anonymised picture of the pledge.
IN_CARE_COUNCIL_MEMBERS = {"noah"}

# Events relative to today, so that every state shows whenever the demo is loaded:
# (young person, worker, days ago, kind). Jade: kept late once, now on track; Kai: new to care, next visit
# due soon; Mia: due today; Noah: overdue.
DEMO_CONTACTS = [
    ("jade", "priya", 100, ContactKind.VISIT_HOME),
    ("jade", "priya", 50, ContactKind.VISIT_HOME),
    ("jade", "priya", 10, ContactKind.VISIT_HOME),
    ("kai", "priya", None, ContactKind.VISIT_HOME),  # None: 3 days after coming into care (see below)
    ("mia", "priya", 42, ContactKind.VISIT_HOME),
    ("noah", "priya", 60, ContactKind.VISIT_HOME),
    ("noah", "priya", 50, ContactKind.PHONE),
]
# (young person, working days ago): Jade asked this morning; Leah has waited 4 working days (overdue).
DEMO_CALLBACKS = [("jade", 0, "Can we talk about my contact with my brother?", "After school"),
                  ("leah", 4, "I need help with my college bursary form.", "Any time")]
# The numbers the demo young people confirmed when they asked to be called back (Ofcom's numbers for drama: no one's).
DEMO_PHONES = {"jade": "07700 900201", "leah": "07700 900202"}
# Where the children in care live: (young person, days ago or "care" for the day they came into care,
# carer or home, a move?, advocate offered days before the move or "emergency").
DEMO_PLACEMENTS = [
    ("jade", "care", "The Ellis family (foster carers)", False, None),
    ("jade", 60, "The Okoro family (foster carers)", True, 5),
    ("kai", "care", "Hillside children's home", False, None),
    ("mia", "care", "Her aunt, Sarah Clarke", False, None),
    ("noah", "care", "The Patel family (foster carers)", False, None),
    ("noah", 20, "Brookfield children's home", True, "emergency"),
]
# Care plans: (young person, version, days ago agreed or "care" + n days, copy given days later or None).
DEMO_CARE_PLANS = [("jade", 1, ("care", 8), 3), ("jade", 2, 45, 4), ("kai", 1, 5, None),
                   ("mia", 1, 100, 2), ("noah", 1, 300, 7)]
# Health checks: (young person, kind, days ago). Jade is up to date; Kai had his first assessment on
# coming into care; Mia's dental check is due soon; Noah's optician check is overdue.
DEMO_HEALTH = [
    ("jade", "health_assessment", 200), ("jade", "dental", 150), ("jade", "optician", 90), ("jade", "sdq", 200),
    ("kai", "initial_health_assessment", 30),
    ("mia", "health_assessment", 120), ("mia", "dental", 350), ("mia", "optician", 100),
    ("noah", "health_assessment", 300), ("noah", "dental", 250), ("noah", "optician", 400),
]
# Amir's leaving care grant (Barking and Dagenham: £2,000): (days ago, what for, pence).
DEMO_GRANT = [(200, "Bed, mattress and bedding", 45000), (120, "Cooker and pots and pans", 38000)]
# Family, identity, education and leaving care (days ago). Noah's are missing or old, so he stays the
# example of promises running late.
DEMO_IMPORTANT_PEOPLE = [  # (young person, name, relationship, confirmed days ago, restricted?)
    ("jade", "Tyler", "brother", 60, False), ("jade", "Nan (Pat)", "nan", 60, False),
    ("jade", "Dean", "dad", 60, True),
    ("kai", "Mum", "mum", 35, False), ("mia", "Sarah", "aunt", 200, False),
]
DEMO_SCHOOL = [("jade", 40), ("kai", 32), ("mia", 70), ("noah", 200)]  # PEP meetings
DEMO_IDENTITY = [("jade", 100), ("kai", 30), ("mia", 300)]
DEMO_ACHIEVEMENTS = [  # (young person, what, days ago, celebrated days later or None)
    ("jade", "Made the school football team", 30, 6), ("mia", "Swimming certificate: 25 metres", 5, None),
    ("amir", "Passed my driving theory test", 60, 10), ("leah", "Started my college course", 70, 14),
]
KAI_IN_CARE_DAYS = 42  # first visit 3 days in, then 6 weeks: the next is due 3 days from today


def demo_care_plan(young_person) -> dict:
    name = young_person.display_name
    return {
        "needs": f"{name} needs a settled home, help to keep up at school, and regular time with their brother.",
        "actions": "Weekly tutoring at school. Monthly family time with their brother, supported by the team.",
        "responsibilities": "Social worker: arrange family time by the end of next month. Carers: school run "
                            "and homework support. Designated teacher: tutoring from next term.",
        "age_note": f"Plans written for {name}'s age; they chose what goes in the plan with their worker.",
        "gender_identity_note": "Talked about with them; nothing they want in the plan at the moment.",
        "sexual_orientation_note": "Not something they wanted to talk about; they know they can at any time.",
        "disability_note": "No disability; glasses since last year (optician yearly).",
        "religion_note": "No religion; they want to keep going to the Saturday football club.",
        "ethnicity_note": "White British; no particular needs they asked for.",
        "culture_note": "Likes music and gaming; carers support a weekly club.",
    }


def working_days_ago(today: date, n: int) -> date:
    day = today
    while n > 0 or not is_working_day(day):
        day -= timedelta(days=1)
        n -= 1 if is_working_day(day) else 0
    return day


def demo_email(key: str) -> str:
    return f"{key}@{DOMAIN}"


def demo_logins() -> list[tuple[str, str, str]]:
    """(council, who, email) for every demo login, for the README and `make run`."""
    rows = []
    for slug, council in COUNCILS.items():
        for key, first, last, *_rest, login, _allocations in council["young_people"]:
            if login:
                rows.append((slug, f"{first} {last} (young person)", demo_email(key)))
        for key, name, role, _team, *_rest, login in council["workers"]:
            if login:
                rows.append((slug, f"{name} ({role.label.lower()})", demo_email(key)))
    return rows


def managers_group() -> Group:
    """Managers manage their council's casework records in the admin (not user accounts)."""
    group, _ = Group.objects.get_or_create(name="Council managers")
    group.permissions.set(Permission.objects.filter(
        content_type__app_label="casework",
        content_type__model__in=["team", "worker", "youngperson", "allocation"],
    ))
    return group


class Command(BaseCommand):
    help = "Create synthetic demo people in both councils (run load_pledges first). Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        group = managers_group()
        for slug, spec in COUNCILS.items():
            council = Council.objects.filter(slug=slug).first()
            if council is None:
                raise CommandError(f"No council {slug}: run `manage.py load_pledges` first.")
            teams = {
                name: Team.objects.update_or_create(council=council, name=name, defaults={"duty_phone": phone})[0]
                for name, phone in spec["teams"].items()
            }
            workers = {}
            for key, name, role, team, job_title, organisation, phone, mobile, login in spec["workers"]:
                user = self._user(key, name, staff=role == Role.MANAGER) if login else None
                if user is not None and role == Role.MANAGER:
                    user.groups.add(group)
                workers[key], _ = Worker.objects.update_or_create(
                    council=council, name=name,
                    defaults={"user": user, "role": role, "team": teams.get(team), "job_title": job_title,
                              "organisation": organisation, "phone": phone, "mobile": mobile,
                              "email": demo_email(key)},
                )
            recent = timezone.localdate() - timedelta(days=KAI_IN_CARE_DAYS)
            for key, first, last, preferred, born, status, came_in, login, allocations in spec["young_people"]:
                came_in = recent if came_in == "recent" else came_in
                # Without a demo login the account is left as it is: made by accepting an invitation, it stays.
                login_of = {"user": self._user(key, f"{first} {last}")} if login else {}
                young_person, _ = YoungPerson.objects.update_or_create(
                    council=council, first_name=first, last_name=last,
                    defaults={**login_of, "preferred_name": preferred, "date_of_birth": born,
                              "legal_status": status, "became_looked_after_on": came_in,
                              "in_care_council_member": key in IN_CARE_COUNCIL_MEMBERS},
                )
                for worker_key, role, started, ended in allocations:
                    Allocation.objects.update_or_create(
                        young_person=young_person, role=role, worker=workers[worker_key],
                        defaults={"started_on": recent if started == "recent" else started, "ended_on": ended},
                    )
        self._events()
        self.stdout.write(f"Demo people ready. Every demo login's password is: {DEMO_PASSWORD}")
        for slug, who, email in demo_logins():
            self.stdout.write(f"  {email:<38} {who}")

    def _events(self):
        """Visits and call-back requests dated from today. Saving them moves the ledger (pledges.signals)."""
        today = timezone.localdate()
        people = {yp.user.email.split("@")[0]: yp for yp in YoungPerson.objects.filter(user__email__endswith=DOMAIN)}
        workers = {w.email.split("@")[0]: w for w in Worker.objects.filter(email__endswith=DOMAIN)}
        kai = people["kai"]
        for number, (person, worker, days_ago, kind) in enumerate(DEMO_CONTACTS, start=1):
            happened_on = kai.became_looked_after_on + timedelta(days=3) if days_ago is None else today - timedelta(days=days_ago)
            Contact.objects.update_or_create(
                young_person=people[person], worker=workers[worker], note=f"Demo contact {number}.",
                defaults={"happened_on": happened_on, "kind": kind,
                          "seen_alone": True if kind in ContactKind.visits() else None},
            )
        self._placements_and_plans(people, workers["priya"], today)
        for person, kind, days_ago in DEMO_HEALTH:
            HealthCheck.objects.update_or_create(
                young_person=people[person], kind=kind, note=f"Demo {kind.replace('_', ' ')}.",
                defaults={"checked_on": today - timedelta(days=days_ago), "recorded_by": workers["priya"],
                          "sdq_score": 12 if kind == "sdq" else None},
            )
        self._family_school_and_leaving_care(people, workers, today)
        for days_ago, what_for, pence in DEMO_GRANT:
            GrantPayment.objects.update_or_create(
                young_person=people["amir"], what_for=what_for,
                defaults={"paid_on": today - timedelta(days=days_ago), "amount_pence": pence,
                          "recorded_by": workers["femi"]},
            )
        for person, days_ago, message, best_time in DEMO_CALLBACKS:
            asked = datetime.combine(working_days_ago(today, days_ago), time(9, 30), tzinfo=timezone.get_current_timezone())
            CallbackRequest.objects.update_or_create(
                young_person=people[person], message=message,
                defaults={"requested_at": asked, "best_time": best_time, "status": CallbackRequest.Status.OPEN,
                          "phone": DEMO_PHONES[person]},
            )
            YoungPerson.objects.filter(pk=people[person].pk).update(phone=DEMO_PHONES[person])

    def _placements_and_plans(self, people, worker, today):
        def start_of(person, when):
            return people[person].became_looked_after_on if when == "care" else today - timedelta(days=when)

        for index, (person, when, home, is_move, advocate) in enumerate(DEMO_PLACEMENTS):
            started = start_of(person, when)
            following = next((start_of(p, w) for p, w, *_ in DEMO_PLACEMENTS[index + 1:] if p == person), None)
            offer = {}
            if is_move and advocate == "emergency":
                offer = {"advocate_offer": AdvocateOffer.NOT_OFFERED_EMERGENCY, "advocate_offered_on": None}
            elif is_move:
                offer = {"advocate_offer": AdvocateOffer.OFFERED, "advocate_offered_on": started - timedelta(days=advocate)}
            # Each placement ends the day the next one starts (one open placement at a time).
            Placement.objects.update_or_create(
                young_person=people[person], carer_or_home=home,
                defaults={"kind": PlacementKind.RESIDENTIAL if "home" in home else PlacementKind.FOSTER,
                          "started_on": started, "ended_on": following, "is_move": is_move, "recorded_by": worker,
                          "school_stayed_same": True if is_move else None,
                          "school_wish_recorded": True if is_move else None,
                          "school_wish": "I want to stay at my school with my friends." if is_move else "", **offer},
            )
        for person, version, agreed, copy_after in DEMO_CARE_PLANS:
            young_person = people[person]
            agreed_on = (young_person.became_looked_after_on + timedelta(days=agreed[1]) if isinstance(agreed, tuple)
                         else today - timedelta(days=agreed))
            CarePlanVersion.objects.update_or_create(
                young_person=young_person, version=version,
                defaults={"agreed_on": agreed_on, "written_by": worker,
                          "copy_given_on": agreed_on + timedelta(days=copy_after) if copy_after else None,
                          "copy_given_how": "in_person" if copy_after else "", **demo_care_plan(young_person)},
            )

    def _family_school_and_leaving_care(self, people, workers, today):
        def ago(days):
            return today - timedelta(days=days)

        for person, name, relationship, confirmed, restricted in DEMO_IMPORTANT_PEOPLE:
            ImportantPerson.objects.update_or_create(
                young_person=people[person], name=name,
                defaults={"relationship": relationship, "added_on": ago(confirmed + 2), "confirmed_on": ago(confirmed),
                          "confirmed_by": workers["priya"], "contact_restricted": restricted,
                          "restricted_on": ago(confirmed) if restricted else None,
                          "restriction_explained_on": ago(confirmed - 3) if restricted else None,
                          "restriction_reason": "A court has said you cannot see your dad for now, to keep you "
                                                "safe. We will look at this again at your next review."
                          if restricted else ""},
            )
        for person, days in DEMO_SCHOOL:
            PersonalEducationPlan.objects.update_or_create(
                young_person=people[person], school="Oakfield Academy",
                defaults={"reviewed_on": ago(days), "young_person_involved": True, "recorded_by": workers["priya"],
                          "targets": "Reading age up by a year; join an after-school club."},
            )
        for person, days in DEMO_IDENTITY:
            IdentityReview.objects.update_or_create(
                young_person=people[person], recorded_by=workers["priya"],
                defaults={"reviewed_on": ago(days), "religion_and_culture": "No religion; enjoys family food traditions.",
                          "meeting_others": "Goes to a youth club with other young people in care.",
                          "talents_and_hobbies": "Football, drawing and gaming."},
            )
        for person, title, days, celebrated_after in DEMO_ACHIEVEMENTS:
            Achievement.objects.update_or_create(
                young_person=people[person], title=title,
                defaults={"achieved_on": ago(days), "celebrated_on": ago(days - celebrated_after) if celebrated_after else None,
                          "how_celebrated": "A cinema trip of their choice" if celebrated_after else ""},
            )
        for person, days in [("noah", 150), ("kai", 100)]:
            WorkExperienceOffer.objects.update_or_create(
                young_person=people[person], description="A week at the city farm",
                defaults={"offered_on": ago(days), "taken_up": True})
        EducationStatus.objects.update_or_create(
            young_person=people["noah"], status=EducationStatus.Status.EDUCATION,
            defaults={"recorded_on": ago(40), "where": "Year 11, Oakfield Academy"})
        for person, adviser in [("leah", "dan"), ("amir", "femi")]:
            young_person, worker = people[person], workers[adviser]
            sixteen = young_person.date_of_birth.replace(year=young_person.date_of_birth.year + 16)
            NeedsAssessment.objects.update_or_create(
                young_person=young_person, recorded_by=worker,
                defaults={"completed_on": sixteen + timedelta(days=40), "summary": "Ready to plan for independence."})
            for version, days in [(1, None), (2, 100)]:
                agreed = sixteen + timedelta(days=60) if days is None else ago(days)
                PathwayPlanVersion.objects.update_or_create(
                    young_person=young_person, version=version,
                    defaults={"agreed_on": agreed, "written_by": worker, "copy_given_on": agreed + timedelta(days=5),
                              "goals": "To live in my own flat and finish my course.",
                              "home": "Supported lodgings, then my own tenancy.",
                              "education_and_work": "College course in construction.",
                              "money": "Bursary and setting-up-home grant; budgeting sessions.",
                              "health_and_wellbeing": "Registered with a GP and dentist."})
            # The 903's in-touch check on each birthday from 17 (casework.leaving_care.in_touch): kept, as councils
            # report them, so the demo's care leavers show only their own stories' late promises.
            for age in IN_TOUCH_AGES:
                birthday = birthday_at(young_person.date_of_birth, age)
                if birthday > ago(0):
                    break
                CareLeaverYearlyOutcome.objects.update_or_create(
                    young_person=young_person, year_ending=year_ending(birthday),
                    defaults={"in_touch": "YES", "checked_on": birthday, "recorded_by": worker})
            for number, days in enumerate([80, 25], start=1):
                Contact.objects.update_or_create(
                    young_person=young_person, worker=worker, note=f"Demo keeping in touch {number}.",
                    defaults={"happened_on": ago(days), "kind": ContactKind.PHONE})
        CareersMeeting.objects.update_or_create(
            young_person=people["amir"], defaults={"offered_on": ago(90), "taken_up": True, "met_on": ago(75)})

    def _user(self, key: str, name: str, *, staff: bool = False) -> User:
        first, _, last = name.partition(" ")
        user, created = User.objects.get_or_create(
            email=demo_email(key), defaults={"first_name": first, "last_name": last, "is_staff": staff}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user
