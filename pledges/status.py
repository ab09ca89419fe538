"""Ledger rows in plain words: what a young person reads under a promise, and what a worker's list shows.

Every function takes `today` so a page reads the clock once.
"""
from dataclasses import dataclass
from datetime import date

from django.utils.dateformat import format as date_format

from casework.working_days import format_day

from .models import LedgerEntry
from .rules import MEASURED_FROM_WORDS, old_rule_note

State = LedgerEntry.State

# GOV.UK tag colours for each state, and how urgent it is (lower first on a caseload).
TAGS = {
    State.OVERDUE: ("Overdue", "govuk-tag--red", 0),
    State.DUE_TODAY: ("Due today", "govuk-tag--orange", 1),
    State.DUE_SOON: ("Due soon", "govuk-tag--yellow", 2),
    State.ON_TRACK: ("On track", "govuk-tag--green", 3),
    State.MET_ON_TIME: ("Kept", "govuk-tag--green", 4),
    State.MET_LATE: ("Kept late", "govuk-tag--grey", 4),
}


@dataclass
class LiveStatus:
    entry: LedgerEntry
    state: str
    label: str
    tag_class: str
    urgency: int
    sentence: str
    help: str = ""


def day_words(day: date, today: date) -> str:
    """"Wednesday 30 December", with the year only when it is not this year."""
    return format_day(day, with_year=day.year != today.year)


def short_day_words(day: date, today: date) -> str:
    """"3 December", with the year only when it is not this year: for when something happened."""
    return date_format(day, "j F" if day.year == today.year else "j F Y")


# What a young person reads for each kind of promise: (on time, late). {start} is the day the clock
# started, {due} the day it is due. Contacts and call-backs have their own wording below.
SENTENCES = {
    "review": ("{since} Your next review is due by {due}.",
               "{since} Your next review was due by {due}. It is late, and we are sorry."),
    "care_plan": ("{since} It will be looked at again by {due}.",
                  "{since} It should have been looked at again by {due}. It is late, and we are sorry."),
    "care_plan_copy": ("Your care plan was updated on {start}. We will give you a copy by {due}.",
                       "Your care plan was updated on {start}. We should have given you a copy by {due}, "
                       "and we are sorry we have not. You can print it from “My care plan”."),
    "move_review": ("You moved on {start}. Your IRO will review your care plan by {due}.",
                    "You moved on {start}. Your IRO should have reviewed your care plan by {due}. "
                    "It is late, and we are sorry."),
    "advocate_offer": ("You are moving on {start}. We will offer you an advocate before you move.",
                       "You moved on {start}. We should have offered you an advocate before you moved, "
                       "and we are sorry we did not."),
    "concern": ("You sent us a message on {start}. Someone will reply by {due}.",
                "You sent us a message on {start}. We should have replied by {due}, and we are sorry we have not. "
                "You can ask for an advocate to help you."),
    "consultation": ("Your review is on {due}. Your IRO will talk to you before then to hear what you think.",
                     "Your IRO should have talked to you before your review on {due}. We are sorry they did not."),
}
SENTENCES.update({
    "stay_in_touch": ("We will check with you who you want to stay in touch with by {due}.",
                      "We should have checked with you who you want to stay in touch with by {due}. We are sorry."),
    "restriction_explained": ("Your social worker will talk with you about why you cannot see someone by {due}.",
                              "Your social worker should have talked with you about why you cannot see someone "
                              "by {due}. We are sorry. You can ask them now."),
    "pep": ("Your next Personal Education Plan meeting is due by {due}.",
            "Your Personal Education Plan meeting was due by {due}. It is late, and we are sorry."),
    "work_experience": ("We will offer you work experience by {due}.",
                        "We should have offered you work experience by {due}. We are sorry."),
    "eet": ("We will check in with you about school, college, training or work by {due}.",
            "We should have checked in with you about school, college, training or work by {due}. We are sorry."),
    "identity": ("We will talk with you about your culture, beliefs and hobbies by {due}.",
                 "We should have talked with you about your culture, beliefs and hobbies by {due}. We are sorry."),
    "achievement_celebrated": ("You achieved something on {start}. We will celebrate it with you by {due}.",
                               "You achieved something on {start}. We should have celebrated it by {due}. Sorry!"),
    "celebration": ("We will celebrate your achievements with you by {due}.",
                    "We should have celebrated your achievements by {due}. We are sorry."),
    "needs_assessment": ("You turned 16 on {start}. We will look at what you need to leave care by {due}.",
                         "You turned 16 on {start}. We should have looked at what you need to leave care by "
                         "{due}. It is late, and we are sorry."),
    "pathway_plan_created": ("You turned 16 on {start}. Your pathway plan will be written with you by {due}.",
                             "You turned 16 on {start}. Your pathway plan should have been written by {due}. "
                             "It is late, and we are sorry."),
    "pathway_plan": ("Your pathway plan will be looked at again by {due}.",
                     "Your pathway plan should have been looked at again by {due}. It is late, and we are sorry."),
    "pathway_plan_copy": ("Your pathway plan was updated on {start}. We will give you a copy by {due}.",
                          "Your pathway plan was updated on {start}. We should have given you a copy by {due}. "
                          "You can print it from \u201cMy pathway plan\u201d."),
    "return_to_education": ("You told us on {start} you want to go back to learning. We will make a new plan "
                            "with you by {due}.",
                            "You told us on {start} you want to go back to learning. We should have made a new "
                            "plan with you by {due}, and we are sorry."),
    "keep_in_touch": ("Your personal adviser will be in touch again by {due}.",
                      "Your personal adviser should have been in touch by {due}. It is late, and we are sorry."),
    "personal_adviser": ("You turned 16 on {start}. You will have a personal adviser by {due}.",
                         "You turned 16 on {start}. You should have had a personal adviser by {due}. "
                         "We are sorry. Ask your social worker who it will be."),
    "careers": ("We will offer you a meeting with the careers adviser by {due}.",
                "We should have offered you a meeting with the careers adviser by {due}. We are sorry."),
    "feedback": ("Your {worker} will reply to what you told us by {due}.",
                 "Your {worker} should have replied to what you told us by {due}, and we are sorry they have not yet."),
})
SENTENCES.update({
    "initial_health_assessment": ("You came into care on {start}. Your first health check with a doctor is due by "
                                  "{due}.",
                                  "You came into care on {start}. Your first health check with a doctor was due by "
                                  "{due}. It is late, and we are sorry."),
    "sdq": ("Your next questionnaire about how you are feeling (the SDQ) is due by {due}.",
            "Your next questionnaire about how you are feeling (the SDQ) was due by {due}. It is late, and we are "
            "sorry."),
    "in_touch": ("It was your birthday on {start}. We will check in with you by {due}.",
                 "It was your birthday on {start}. We should have checked in with you by {due}. We are sorry."),
})
GENERIC = ("This is due by {due}.", "This was due by {due}. It is late, and we are sorry.")
for _kind, _words in [("health_assessment", "health check with a nurse or doctor"), ("dental", "dental check"),
                      ("optician", "eye check")]:
    SENTENCES[_kind] = ("{since} Your next " + _words + " is due by {due}.",
                        "{since} Your next " + _words + " was due by {due}. It is late, and we are sorry.")
SINCE = {
    "health_assessment": {"came_into_care": "You came into care on {start}.",
                          "health_assessment": "Your last health check was on {start}."},
    "dental": {"came_into_care": "You came into care on {start}.", "dental": "Your last dental check was on {start}."},
    "optician": {"came_into_care": "You came into care on {start}.", "optician": "Your last eye check was on {start}."},
    "review": {"came_into_care": "You came into care on {start}.", "review": "Your last review was on {start}."},
    "care_plan": {"came_into_care": "You came into care on {start}.",
                  "care_plan": "Your care plan was last updated on {start}."},
}


def for_young_person(entry: LedgerEntry, today: date, *, worker_word: str,
                     measuring_from: date | None = None) -> LiveStatus:
    """What the young person reads under the promise. `measuring_from` is their council's start date: a promise owed
    from it (rules.measured_from) says so, so a date years ago beside a due date months away makes sense."""
    state = entry.state_on(today)
    label, tag_class, urgency = TAGS[state]
    if state == State.OVERDUE:
        label = "Late"  # the word "Right now" and the sentence use; "Overdue" is the workers' word
    counts = entry.measure.params.get("counts")
    words = {"start": day_words(entry.cycle_start, today), "due": day_words(entry.due_on, today)}
    if counts in SENTENCES:
        words["since"] = SINCE.get(counts, {}).get(entry.started_by, "").format(**words)
        on_time, late = SENTENCES[counts]
        sentence = (late if state == State.OVERDUE else on_time).format(**words, worker=worker_word)
    elif counts == "callback":
        if state == State.OVERDUE:
            sentence = ("You asked us to call you back on {start}. We promised to call you by {due}, "
                        "and we have not yet. We are sorry.").format(**words)
        else:
            sentence = "You asked us to call you back on {start}. We will call you back by {due}.".format(**words)
    elif counts in ("contact", "visit"):
        sentence = _contact_sentence(entry, state, worker_word, **words)
    else:
        sentence = (GENERIC[1] if state == State.OVERDUE else GENERIC[0]).format(**words)
    if measuring_from and MEASURED_FROM_WORDS in entry.explanation:
        sentence += (f" We started keeping track of this promise here on {day_words(measuring_from, today)}, "
                     "so it is counted from then.")
    if note := old_rule_note(entry.explanation):  # a pledge version changed the promise since (issue 15)
        sentence += f" This date was {note}."
    help_text = ""
    if state == State.OVERDUE:
        # A care leaver (their worker is a personal adviser) has no Independent Reviewing Officer to contact.
        help_text = ("You can ask for a call back or ask for an advocate to help you."
                     if worker_word == "personal adviser" else
                     "You can ask for a call back, contact your Independent Reviewing Officer (IRO), "
                     "or ask for an advocate to help you.")
    return LiveStatus(entry, state, label, tag_class, urgency, sentence, help_text)


def _contact_sentence(entry: LedgerEntry, state: str, worker_word: str, *, start: str, due: str) -> str:
    if entry.started_by == "came_into_care":
        before = f"You came into care on {start}."
    elif entry.started_by == "new_placement":
        before = f"You moved to a new home on {start}."
    elif entry.started_by == "visit":
        before = f"Your {worker_word} last saw you on {start}."
    else:
        before = f"Your {worker_word} was last in touch with you on {start} (a {entry.started_by})."
    if entry.measure.params.get("counts") == "visit":
        after = {State.OVERDUE: f"Your next visit was due by {due}. It is late, and we are sorry.",
                 State.DUE_TODAY: "Your next visit is due today."}.get(state, f"Your next visit is due by {due}.")
    else:
        after = {State.OVERDUE: f"They should have been in touch again by {due}. It is late, and we are sorry.",
                 State.DUE_TODAY: "They should be in touch again today."}.get(
            state, f"They will be in touch again by {due}.")
    return f"{before} {after}"


# What a worker's line says instead of the measure's name, where a shorter lead says what to do.
WORKER_LEADS = {"feedback": "Reply to what they told us about a promise"}


def for_worker(entry: LedgerEntry, today: date) -> LiveStatus:
    """A line on a worker's caseload: the measure, its due date, its state, and why that date."""
    state = entry.state_on(today)
    label, tag_class, urgency = TAGS[state]
    days = (entry.due_on - today).days
    when = "today" if days == 0 else (f"in {days} day{'s' if days != 1 else ''}" if days > 0
                                      else f"{-days} day{'s' if days != -1 else ''} ago")
    lead = WORKER_LEADS.get(entry.measure.params.get("counts"), entry.measure.name)
    sentence = f"{lead}: due {day_words(entry.due_on, today)} ({when})."
    return LiveStatus(entry, state, label, tag_class, urgency, sentence, help=entry.explanation)


def most_urgent_first(statuses: list[LiveStatus]) -> list[LiveStatus]:
    return sorted(statuses, key=lambda s: (s.urgency, s.entry.due_on))
