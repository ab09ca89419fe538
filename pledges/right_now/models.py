"""When a young person first opened My pledge and when they last came back (pledges.right_now.visits)."""
from django.db import models


class PledgePageVisit(models.Model):
    """One row per young person who has opened their own My pledge page.

    No row yet means their first visit: they get a welcome instead of a list of what is late. `last_at` is when
    their previous session began, so replies written since then are marked new. Only visits.py writes one.
    """

    young_person = models.OneToOneField("casework.YoungPerson", on_delete=models.CASCADE,
                                        related_name="pledge_page_visit")
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()

    def __str__(self):
        return f"{self.young_person} first opened My pledge {self.first_at:%-d %B %Y}"
