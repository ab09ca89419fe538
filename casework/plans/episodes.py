"""The SSDA903 Episodes columns a placement keeps, so the return can be given back column for column (issue 14),
and the periods of care the episodes make.

A placement is an episode: started_on is DECOM and ended_on DEC; the rest are below, blank on a placement recorded
in the portal. An episode with RNE "L" (legal status change only) is neither a new placement nor a move for the
ledger (pledges.ledger.registry excludes it). A period of care starts at an episode with RNE "S" and ends at one
whose REC is not "X1" (X1: a new episode starts the same day). YoungPerson.became_looked_after_on is the start of
the current (or latest) period.
"""
from dataclasses import dataclass
from datetime import date

from django.db import models


class NewEpisodeReason(models.TextChoices):
    """SSDA903 RNE."""

    STARTED = "S", "S: started to be looked after"
    LEGAL_STATUS = "L", "L: change of legal status only"
    PLACEMENT_AND_CARER = "P", "P: change of placement and carer"
    PLACEMENT_SAME_CARER = "T", "T: change of placement, same carer"
    LEGAL_AND_PLACEMENT = "U", "U: change of legal status and placement, same carer"
    LEGAL_PLACEMENT_AND_CARER = "B", "B: change of legal status, placement and carer"


EPISODE_CONTINUES = "X1"  # REC: the episode ends and a new one starts the same day, in the same period


class Episode903(models.Model):
    """The Episodes columns besides DECOM and DEC (the placement's start and end dates)."""

    rne = models.CharField("reason for new episode", max_length=1, choices=NewEpisodeReason, blank=True)
    legal_status_code = models.CharField("legal status", max_length=2, blank=True, help_text="SSDA903 LS, e.g. C2.")
    cin = models.CharField("category of need", max_length=2, blank=True, help_text="SSDA903 CIN, N1 to N8.")
    place = models.CharField("placement type", max_length=3, blank=True, help_text="SSDA903 PLACE, e.g. U4.")
    place_provider = models.CharField("placement provider", max_length=3, blank=True,
                                      help_text="SSDA903 PLACE_PROVIDER, PR0 to PR5.")
    end_reason = models.CharField("reason the episode ended", max_length=3, blank=True,
                                  help_text="SSDA903 REC, e.g. X1 or E13.")
    reason_place_change = models.CharField("reason for the placement change", max_length=6, blank=True,
                                           help_text="SSDA903 REASON_PLACE_CHANGE, e.g. CARPL.")
    home_post = models.CharField("home postcode (partial)", max_length=10, blank=True)  # HOME_POST
    pl_post = models.CharField("placement postcode (partial)", max_length=10, blank=True)  # PL_POST
    urn = models.CharField("Ofsted URN of the placement", max_length=10, blank=True)  # URN

    class Meta:
        abstract = True

    @property
    def is_from_return(self) -> bool:
        """Imported from the council's SSDA903 return (every imported episode has its RNE)."""
        return bool(self.rne)

    @property
    def ends_period(self) -> bool:
        return self.ended_on is not None and bool(self.end_reason) and self.end_reason != EPISODE_CONTINUES


@dataclass(frozen=True)
class CarePeriod:
    started_on: date
    ended_on: date | None  # None: still in care
    end_reason: str = ""  # REC of the episode that ended it


def care_periods(episodes) -> list[CarePeriod]:
    """The periods of care these episodes (placements) make, in date order. A period starts at an RNE "S" episode
    (or at the first episode after a period ended, or the very first: a placement recorded in the portal has no RNE)
    and ends at an episode whose REC is not "X1"."""
    periods: list[CarePeriod] = []
    started: date | None = None
    for episode in sorted(episodes, key=lambda e: (e.started_on, e.pk or 0)):
        if started is None or episode.rne == NewEpisodeReason.STARTED:
            if started is not None:  # an S with the last period still open: that period ends where this one starts
                periods.append(CarePeriod(started, episode.started_on))
            started = episode.started_on
        if episode.ends_period:
            periods.append(CarePeriod(started, episode.ended_on, episode.end_reason))
            started = None
    if started is not None:
        periods.append(CarePeriod(started, None))
    return periods
