"""No email the portal sends names a young person (notifications.email_words): not in its subject, not in its preview
(the first line of the body, which mail apps show), not anywhere in its text or HTML. Every kind of notification
(each Stage) is sent by the way the portal really sends it, for a young person with a name found nowhere else, by
email one at a time and in the morning digest; the portal's own copy, behind sign-in, still names them."""
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from casework.models import Concern, YoungPerson
from casework.worries.services import concern_addition_add
from notifications.models import YOUNG_PERSON_STAGES, MessagePreferences, Notification, Stage
from notifications.tasks import send_daily_digests
from pledges.models import Promise

from .factories import feedback_measure
from .feedback_helpers import give
from .notification_helpers import at
from .notification_helpers import contact_measure, ledger, sweep_at  # noqa: F401 (fixtures)

pytestmark = pytest.mark.usefixtures("tasks_run_in_the_test")

NAMES = ("Zephyrine", "Quillfeather", "Zephy")


@pytest.fixture
def named(people):
    YoungPerson.objects.filter(pk=people.young_person.pk).update(
        first_name=NAMES[0], last_name=NAMES[1], preferred_name=NAMES[2])
    people.young_person.refresh_from_db()
    return people


def _named_in(text: str) -> list[str]:
    return [name for name in NAMES if re.search(name, text, re.IGNORECASE)]


def _every_part(email) -> dict[str, str]:
    parts = {"subject": email.subject, "preview": email.body.strip().splitlines()[0], "body": email.body}
    parts.update({f"html {n}": content for n, (content, _mimetype) in enumerate(email.alternatives)})
    return parts


def test_no_email_of_any_kind_names_the_young_person(named, ledger, sweep_at, small_pledge,
                                                     django_capture_on_commit_callbacks):
    people = named
    # The manager chose an email for each; Sita keeps the default, the morning digest.
    MessagePreferences.objects.create(user=people.manager.user, daily_digest=False)
    sweep_at(at(8))  # due soon: Sita's digest
    sweep_at(at(16))  # overdue: Sita's digest
    sweep_at(at(23))  # still overdue: to Mo, by email at once
    with time_machine.travel(at(23, hour=7), tick=False):
        send_daily_digests.delay().get()
    feedback_measure(people.council)
    promise = Promise.objects.get(section__pledge=small_pledge, text__startswith="We will work hard")
    concern = Concern.objects.create(young_person=people.young_person, kind=Concern.Kind.WORRY,
                                     audience=Concern.Audience.WORKER, text="Nobody listens",
                                     raised_at=at(22, hour=10))
    with django_capture_on_commit_callbacks(execute=True):
        give(people, promise, now=at(23, hour=10))  # a "no" that says why: worker and manager at once
        concern_addition_add(concern=concern, young_person=people.young_person, text="It happened again",
                             now=at(22, hour=10) + timedelta(hours=1))

    # Every kind but the young people's own, which are only ever texted (tests/test_texts_who.py names nobody either).
    emailed = set(Stage.values) - set(YOUNG_PERSON_STAGES)
    assert set(Notification.objects.values_list("stage", flat=True)) == emailed, "every kind was sent"
    # The portal's copy names them (it is behind sign-in); the emails do not.
    assert all(NAMES[0] in n.subject for n in Notification.objects.exclude(stage=Stage.CONCERN_ADDED))
    subjects = [email.subject for email in mail.outbox]
    assert any(s.startswith("Your morning summary") for s in subjects), subjects
    assert any(s.startswith("Still overdue") for s in subjects), subjects
    assert len(mail.outbox) == 1 + 1 + 2 + 1  # the digest, the escalation, the answer (Sita, Mo), the addition
    named_in = {(email.subject, part): _named_in(text)
                for email in mail.outbox for part, text in _every_part(email).items() if _named_in(text)}
    assert named_in == {}
    assert all(re.search("(a young person|young people) on your caseload", (email.subject + email.body).lower())
               for email in mail.outbox)
