"""Synthetic answers from the demo young people to "Is this promise being kept for you?" (run load_pledges and
load_demo_people first). Dated from today, so one "no" is always waiting for a reply; safe to run again."""
from datetime import datetime, time, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from casework.management.commands.load_demo_people import DOMAIN, working_days_ago
from casework.models import Worker, YoungPerson

from ...models import Pledge, Promise, PromiseFeedback

# (young person, promise ref, answer, comment, working days ago, reply or None, who replied, days later).
# Jade's "no" came in yesterday (a working day) and waits for Priya's reply; Leah's was answered by Dan.
DEMO_FEEDBACK = [
    ("jade", "6-2", "no", "I was meant to see my brother Tyler every month but it has been two months now.", 1,
     None, None, None),
    ("jade", "1-4", "yes", "", 15, None, None, None),
    ("mia", "5-2", "yes", "I like living with my aunt.", 30, None, None, None),
    ("leah", "10-7", "no", "I asked for a call about my bursary form and nobody rang me back.", 12,
     "I am sorry, Leah. I have rung the college and your bursary form is sorted. I will call you every Friday "
     "this month to check how you are getting on.", "dan", 2),
    ("amir", "2-2", "yes", "They took me out for a meal when I passed my theory test.", 20, None, None, None),
]


class Command(BaseCommand):
    help = "Create synthetic demo answers about promises for the demo young people. Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        today = timezone.localdate()
        people = {yp.user.email.split("@")[0]: yp
                  for yp in YoungPerson.objects.filter(user__email__endswith=DOMAIN).select_related("council")}
        workers = {w.email.split("@")[0]: w for w in Worker.objects.filter(email__endswith=DOMAIN)}
        zone = timezone.get_current_timezone()
        for person, ref, answer, comment, days_ago, reply, replier, reply_after in DEMO_FEEDBACK:
            young_person = people[person]
            pledge = Pledge.objects.in_force(young_person.council, today)
            given_at = datetime.combine(working_days_ago(today, days_ago), time(16, 10), tzinfo=zone)
            PromiseFeedback.objects.update_or_create(
                young_person=young_person, promise=Promise.objects.get(section__pledge=pledge, ref=ref),
                defaults={"answer": answer, "comment": comment, "given_at": given_at, "reply": reply or "",
                          "replied_at": given_at + timedelta(days=reply_after) if reply else None,
                          "replied_by": workers[replier] if replier else None},
            )
        self.stdout.write(f"Demo answers about promises ready ({len(DEMO_FEEDBACK)}).")
