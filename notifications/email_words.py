"""What an email from the portal says. An email can be read on a locked phone, a shared screen or a forwarded
inbox, so it never names a young person, in its subject, its preview (the first line of its body, which mail apps
show beside the subject) or anywhere else: it says "a young person on your caseload" and links to the portal, where
the reader signs in to see who and what. The notification in the portal (behind sign-in) keeps its full words.

Both the email for one notification (notifications.delivery) and the morning digest (notifications.digest) are
worded here, and tests/test_emails_name_nobody.py renders every kind for a young person with a distinctive name.
"""
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse

from casework.working_days import format_day

from .models import Notification, Stage

WHO = "a young person on your caseload"
# The first line of every email's body: the preview a mail app shows.
SIGN_IN = "Sign in to Pledge Portal to see who it is about and what to do"

STAGE_WORDS = {Stage.DUE_SOON: "Due soon", Stage.OVERDUE: "Overdue", Stage.ESCALATION: "Still overdue"}


@dataclass(frozen=True)
class Email:
    subject: str
    lines: list[str]  # paragraphs of plain text; the first is the preview

    @property
    def text(self) -> str:
        return "\n\n".join(self.lines)


def portal_link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def notification_email(notification: Notification) -> Email:
    """The email for one notification: what kind of message it is and the link, never whom it is about."""
    link = portal_link(notification.link)
    if notification.stage == Stage.FEEDBACK:
        subject = f"{WHO.capitalize()} says a promise is not being kept for them"
        lead = "A young person answered “No” to “Is this promise being kept for you?” and told us what is happening."
    elif notification.stage == Stage.CONCERN_ADDED:
        subject = f"{WHO.capitalize()} added to a worry they sent"
        lead = "A young person added something to a worry, complaint or request for an advocate they sent."
    elif notification.entry_id is not None:
        entry = notification.entry
        due = format_day(entry.due_on, with_year=True)
        subject = f"{STAGE_WORDS[notification.stage]}: {entry.measure.name} for {WHO} (due {format_day(entry.due_on)})"
        lead = (f"A promise to {WHO} is due on {due}." if notification.stage == Stage.DUE_SOON else
                f"A promise to {WHO} was due on {due} and is not recorded as done.")
    else:  # the ledger row it was about has gone (recomputed away): the portal still has the notification
        subject = f"{STAGE_WORDS.get(notification.stage, 'A reminder')}: a promise to {WHO}"
        lead = f"There is a reminder for you about a promise to {WHO}."
    return Email(subject=subject[:300], lines=[f"{SIGN_IN}: {link}", lead,
                                               f"All your notifications: {portal_link(reverse('notifications'))}"])


@dataclass(frozen=True)
class DigestItem:
    measure_name: str
    due_on: date
    path: str

    def days_over(self, today: date) -> int:
        """Days overdue (the day after the due date is the first); 0 or less while it is not overdue."""
        return (today - self.due_on).days

    def words(self, today: date) -> str:
        over = self.days_over(today)
        if over > 0:
            when = f"Overdue by {_days(over)}"
        elif over == 0:
            when = "Due today"
        else:
            when = f"Due in {_days(-over)}"
        return f"{when}: {self.measure_name} (due {format_day(self.due_on)}): {portal_link(self.path)}"


def digest_order(items: list[DigestItem]) -> list[DigestItem]:
    """Most urgent first: overdue by the most days first, then due soonest."""
    return sorted(items, key=lambda item: (item.due_on, item.measure_name, item.path))


def digest_email(items: list[DigestItem], today: date) -> Email:
    """One person's morning email: counts, then each promise, most urgent first, each with its link."""
    items = digest_order(items)
    overdue = [item for item in items if item.days_over(today) > 0]
    soon = [item for item in items if item.days_over(today) <= 0]
    counts = _counts(len(overdue), len(soon))
    lines = [f"{counts.capitalize()} for young people on your caseload. {SIGN_IN}: "
             f"{portal_link(reverse('notifications'))}"]
    if overdue:
        lines.append("Overdue, most overdue first:\n" + "\n".join(f"- {item.words(today)}" for item in overdue))
    if soon:
        lines.append("Due soon, soonest first:\n" + "\n".join(f"- {item.words(today)}" for item in soon))
    lines.append("You get this email each working morning instead of an email for each reminder. Call-back "
                 "requests, worries and what young people tell us about promises still come at once. To change "
                 f"this: {portal_link(reverse('message_preferences'))}")
    return Email(subject=f"Your morning summary: {counts}", lines=lines)


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def _counts(overdue: int, soon: int) -> str:
    parts = ([f"{overdue} overdue"] if overdue else []) + ([f"{soon} due soon"] if soon else [])
    return " and ".join(parts)
