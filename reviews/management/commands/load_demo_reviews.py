"""Synthetic demo reviews for the demo people (run load_demo_people first). Dated from today, so every
review promise shows each of its states whenever the demo is loaded; safe to run again."""
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from casework.models import Worker, YoungPerson
from reviews.models import Consultation, ParticipationCode, Review

DOMAIN = "demo.pledgeportal.test"
# (young person, review number, days from today (negative: past), held?, consulted days before or None)
# Jade: reviewed after her move, on track. Kai: first review held in time. Mia: a review booked in 5 days
# with no consultation yet. Noah: his last review was 200 days ago, so the next is overdue.
DEMO_REVIEWS = [
    ("jade", 1, -45, True, 6),
    ("jade", 2, 130, False, None),
    ("kai", 1, -20, True, 3),
    ("mia", 1, -100, True, 10),
    ("mia", 2, 5, False, None),
    ("noah", 1, -200, True, None),
]


class Command(BaseCommand):
    help = "Create synthetic demo reviews and IRO consultations for the demo people. Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        today = timezone.localdate()
        people = {yp.user.email.split("@")[0]: yp for yp in YoungPerson.objects.filter(user__email__endswith=DOMAIN)}
        iro = Worker.objects.get(email=f"tom@{DOMAIN}")
        for person, number, days, is_held, consulted_before in DEMO_REVIEWS:
            on = today + timedelta(days=days)
            review, _ = Review.objects.update_or_create(
                young_person=people[person], iro=iro, decisions__startswith=f"Demo review {number}.",
                defaults={"scheduled_for": on, "held_on": on if is_held else None,
                          "decisions": f"Demo review {number}. " + ("Plan agreed; family time to increase."
                                                                     if is_held else ""),
                          "participation": ParticipationCode.PN1 if is_held else "",
                          "attendees": "Young person, carers, social worker, IRO" if is_held else "",
                          "took_part_how": "Came to the meeting and said what they wanted." if is_held else ""},
            )
            if consulted_before is not None:
                Consultation.objects.update_or_create(
                    review=review, defaults={"iro": iro, "consulted_on": on - timedelta(days=consulted_before),
                                             "method": "face_to_face", "views": "I want to see my brother more.",
                                             "declined": False},
                )
        self.stdout.write(f"Demo reviews ready ({len(DEMO_REVIEWS)}).")
