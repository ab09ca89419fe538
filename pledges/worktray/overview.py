"""What a young person's overview page shows: what is due (overdue first, each with the action that meets it) and
their recent events as a timeline, read from the one registry of records that move a clock
(pledges.ledger.registry), so a new kind of record appears here once it is declared there."""
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import CharField, DateTimeField, F, IntegerField, Value
from django.db.models.functions import TruncDate
from django.urls import reverse

from casework.models import Concern, ContactKind, YoungPerson
from casework.people.recording import Record
from casework.people.scoping import worker_for
from casework.worries.scoping import concerns_visible_to

from .. import status
from ..built_sql import BuiltSql
from ..ledger.registry import COUNTS
from ..ledger.sources import Records
from ..models import LedgerEntry

# How many upcoming promises (after every overdue one) and how many recent events the overview shows.
UPCOMING = 5
TIMELINE_LENGTH = 15


@dataclass(frozen=True)
class Action:
    label: str
    url_name: str
    record: Record | None  # what the worker must be allowed to record to use it (None: a page anyone may open)
    query: str = ""
    with_pk: bool = True

    def url(self, young_person: YoungPerson) -> str:
        base = reverse(self.url_name, args=[young_person.pk]) if self.with_pk else reverse(self.url_name)
        return base + self.query


VISITS = Action("Log a visit", "contact_new", Record.CONTACT, f"?kind={ContactKind.VISIT_HOME.value}")
CONTACT = Action("Log a contact", "contact_new", Record.CONTACT)
CALL_BACK = Action("Record the call back", "callback_attempt_new", Record.CALLBACK_ATTEMPT)
REVIEWS = Action("Go to reviews", "review_list", None)
CARE_PLAN = Action("Go to the care plan", "care_plan", None)
HEALTH = Action("Record a health check", "health_check_new", Record.HEALTH_CHECK)
FAMILY = Action("Go to family and friends", "family", None)
EDUCATION = Action("Go to education", "education", None)
PATHWAY_PLAN = Action("Go to the pathway plan", "pathway_plan", None)

# The action that meets each kind of promise (the measure's params["counts"], as in registry.COUNTS).
ACTIONS = {
    "visit": VISITS, "contact": CONTACT, "keep_in_touch": CONTACT, "callback": CALL_BACK,
    "review": REVIEWS, "consultation": REVIEWS, "move_review": REVIEWS,
    "care_plan": CARE_PLAN, "care_plan_copy": CARE_PLAN,
    "health_assessment": HEALTH, "dental": HEALTH, "optician": HEALTH,
    "initial_health_assessment": Action("Record the initial health assessment", "health_check_new",
                                        Record.HEALTH_CHECK, "?kind=initial_health_assessment"),
    "sdq": Action("Record the SDQ", "health_check_new", Record.HEALTH_CHECK, "?kind=sdq"),
    "in_touch": Action("Record the in-touch check", "in_touch_check_new", Record.PATHWAY_PLAN),
    "stay_in_touch": FAMILY, "restriction_explained": FAMILY,
    "identity": Action("Record a conversation about identity", "identity_new", Record.IDENTITY),
    "achievement_celebrated": Action("Go to achievements", "achievements", None),
    "celebration": Action("Go to achievements", "achievements", None),
    "pep": EDUCATION, "work_experience": EDUCATION, "eet": EDUCATION,
    "pathway_plan": PATHWAY_PLAN, "pathway_plan_created": PATHWAY_PLAN, "pathway_plan_copy": PATHWAY_PLAN,
    "return_to_education": PATHWAY_PLAN,
    "needs_assessment": Action("Record the needs assessment", "needs_assessment_new", Record.PATHWAY_PLAN),
    "careers": Action("Record a careers meeting", "careers_meeting_new", Record.PATHWAY_PLAN),
    "advocate_offer": Action("Go to where they live", "placement_list", None),
    "return_interview": Action("Go to times they were missing", "placement_list", None, "#missing"),
    "staying_close": Action("Go to their Staying Close request", "pathway_plan", None, "#staying-close"),
    "adviser_visit": VISITS,
    "concern": Action("Go to worries", "concern_list", None, with_pk=False),
    "feedback": Action("Go to what young people told us", "feedback_list", None, with_pk=False),
}


@dataclass
class DueItem:
    status: status.LiveStatus
    action_label: str
    action_url: str


def due_items(*, young_person: YoungPerson, rights, today: date) -> tuple[list[DueItem], list[DueItem]]:
    """(every overdue promise, the next few to come), most urgent first: one query."""
    entries = (LedgerEntry.objects.filter(young_person=young_person, status=LedgerEntry.Status.OPEN,
                                          measure__active=True).select_related("measure").order_by("due_on", "pk"))
    overdue, upcoming = [], []
    for entry in entries:
        if entry.due_on >= today and len(upcoming) >= UPCOMING:
            break
        action = ACTIONS.get(entry.measure.params.get("counts"))
        usable = action is not None and (action.record is None or rights.may(young_person, action.record))
        item = DueItem(status.for_worker(entry, today), action.label if usable else "",
                       action.url(young_person) if usable else "")
        (overdue if entry.due_on < today else upcoming).append(item)
    return overdue, upcoming


# --- The timeline ------------------------------------------------------------------------------------

# What the timeline calls each registry word (Records.word_for); a word not here is shown as written.
TITLES = {
    "visit": "Visit", "phone call": "Phone call", "video call": "Video call", "contact": "Contact",
    "request": "Asked for a call-back", "call": "Called back", "new_placement": "Placement started", "move": "Moved",
    "care_plan": "Care plan agreed", "review": "Review", "consultation": "IRO talked with them before a review",
    "health_assessment": "Health assessment", "dental": "Dental check", "optician": "Eye check",
    "initial_health_assessment": "Initial health assessment", "sdq": "Strengths and Difficulties Questionnaire",
    "in_touch_check": "Checked whether we are in touch (around a birthday, for the SSDA903 return)",
    "placement": "Legal status changed",  # only an RNE L episode: every other placement is "Placement started"
    "concern": "Sent a worry, complaint or request for an advocate",
    "feedback": "Told us a promise is not being kept", "list_checked": "Checked who they want to stay in touch with",
    "contact_restricted": "Contact with someone restricted", "identity_review": "Talked about identity",
    "achievement": "Achieved something", "celebration": "Achievement celebrated",
    "pep": "Personal Education Plan meeting", "work_experience_offer": "Offered work experience",
    "education_check": "Checked in about school, college, training or work",
    "needs_assessment": "Needs assessment", "pathway_plan": "Pathway plan agreed",
    "new_pathway_plan": "New pathway plan for going back to learning",
    "request_to_return": "Asked to go back to learning", "careers_offer": "Offered a careers meeting",
    "personal_adviser_allocated": "Personal adviser allocated",
    "return_from_missing": "Came back after being missing or away", "adviser_visit": "Visit",
    "staying_close_request": "Asked for a Staying Close assessment",
    "council_accommodation": "Moved into accommodation we provide",
}


@dataclass(frozen=True)
class TimelineEvent:
    on: date
    title: str


def _declarations() -> list[Records]:
    """Every kind of record the registry reads, once each; the ones with filters first, so a record two
    declarations read (a placement that is a move) keeps the more particular word."""
    seen: dict[int, Records] = {}
    for reads in COUNTS.values():
        for records in reads.reads():
            seen.setdefault(id(records), records)
    return sorted(seen.values(), key=lambda records: not records.filters)


def _recent(records: Records, index: int, young_person_id, user, today):
    """This kind's records for the young person as rows of (declaration, id, date, tag), for one UNION."""
    on = F(records.on) if isinstance(records.on, str) else records.on
    field = records.model._meta.get_field(records.on) if isinstance(records.on, str) else None
    if isinstance(field, DateTimeField):
        on = TruncDate(on)  # the local day (settings.TIME_ZONE), as the ledger reads it
    person = f"{records.person.replace('.', '__')}_id"
    rows = records.model.objects.filter(**{person: young_person_id}, **records.filters).exclude(**records.exclude)
    if records.model is Concern:  # only the worries this member of staff may open
        rows = rows.filter(pk__in=concerns_visible_to(user).values("pk"))
    rows = rows.annotate(
        tl_declaration=Value(index, output_field=IntegerField()), tl_id=F("pk"),
        tl_on=on,
        tl_tag=Value("", output_field=CharField()) if records.tag is None else records.tag_expression(),
    ).filter(tl_on__isnull=False, tl_on__lte=today)
    return rows.order_by().values_list("tl_declaration", "tl_id", "tl_on", "tl_tag")


# Building the timeline's query (a UNION with a part for every kind of record) cost more than running it: about
# 15 ms of Python a page against 2 ms in the database, on the page workers open most. Its SQL is the same for every
# young person and every day; only who is looking changes it (which worries they may open). So each process builds
# it once for each member of staff, with stand-in values for the young person and the day, and swaps in the real
# ones (_timeline_sql).
_STAND_IN_YOUNG_PERSON = -918_273_645
_STAND_IN_DAY = date(1900, 1, 2)
_built_sql = BuiltSql(limit=2000)  # the staff of a large council


def _timeline_sql(user) -> tuple[str, list]:
    """The timeline's SQL and its parameters with stand-ins, built once per process for whoever's worries rule
    (casework.worries.scoping: the member of staff, their role and council) applies."""
    worker = worker_for(user)
    key = (user.pk, worker.pk, worker.role, worker.council_id) if worker is not None else (user.pk,)

    def build():
        parts = [_recent(records, index, _STAND_IN_YOUNG_PERSON, user, _STAND_IN_DAY)
                 for index, records in enumerate(_declarations())]
        union = parts[0].union(*parts[1:], all=True).order_by("-tl_on", "tl_declaration")[:TIMELINE_LENGTH * 2]
        return union.query.get_compiler(using=union.db).as_sql()

    return _built_sql.get(key, build)


def _swap_in(param, young_person_id: int, today: date):
    if param == _STAND_IN_YOUNG_PERSON:
        return young_person_id
    if param == _STAND_IN_DAY or param == _STAND_IN_DAY.isoformat():  # SQLite is given dates as text
        return today if isinstance(param, date) else today.isoformat()
    return param


def timeline(*, young_person: YoungPerson, user, today: date) -> list[TimelineEvent]:
    """Their most recent events, newest first, from every kind of record in the registry: one query."""
    declarations = _declarations()
    sql, params = _timeline_sql(user)
    with connection.cursor() as cursor:
        cursor.execute(sql, [_swap_in(param, young_person.pk, today) for param in params])
        rows = cursor.fetchall()
    events, seen = [], set()
    for index, ident, on, tag in rows:
        on = on if isinstance(on, date) else date.fromisoformat(str(on)[:10])  # SQLite answers with text
        records = declarations[index]
        key = (records.model, ident, on)
        if key in seen:  # the same record read by two declarations (a held review is also a review on its date)
            continue
        seen.add(key)
        word = records.word_for(_TagRow(tag or None)) or "record"
        events.append(TimelineEvent(on, TITLES.get(word, word.replace("_", " ").capitalize())))
    return events[:TIMELINE_LENGTH]


@dataclass(frozen=True)
class _TagRow:
    """Enough of a sources.Row for Records.word_for, which reads only the tag."""

    tag: str | None

