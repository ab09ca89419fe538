"""Which of the pledge's promises a young person sees, by their stage in care.

The rules (from the seed pledges and AppliesTo):
- In care and under 16: promises for children in care, and for everyone, are open. Promises about leaving care
  (AppliesTo.CARE_LEAVER: the pathway plan, a personal adviser, staying in touch to 25) are folded away under
  "When you are older", closed: they are theirs later, and a 12-year-old need not scroll past them.
- In care and 16 or 17 (an "eligible child"): everything is open; leaving care is starting now.
- A care leaver: leaving-care promises and promises for everyone are open; promises only for children in care
  are not shown.
- Left care before 16: no promises.
Whatever these rules say, a promise the ledger holds us to for this young person (an open clock) is always shown
open (pledges.right_now.page): a promise counted as late or coming up is never hidden or folded.
"""
from dataclasses import dataclass

from casework.models import LegalStatus

from ..models import AppliesTo


@dataclass(frozen=True)
class Stage:
    name: str
    open: tuple[str, ...]  # AppliesTo values shown open
    later: tuple[str, ...] = ()  # AppliesTo values folded away, closed

    @property
    def shown(self) -> tuple[str, ...]:
        return self.open + self.later


IN_CARE_YOUNGER = Stage("in care, under 16", open=(AppliesTo.IN_CARE, AppliesTo.BOTH), later=(AppliesTo.CARE_LEAVER,))
IN_CARE_LEAVING = Stage("in care, 16 or over", open=(AppliesTo.IN_CARE, AppliesTo.CARE_LEAVER, AppliesTo.BOTH))
CARE_LEAVER = Stage("care leaver", open=(AppliesTo.CARE_LEAVER, AppliesTo.BOTH))
NO_PROMISES = Stage("left care before 16", open=())


def stage_for(young_person, today) -> Stage:
    """The young person's stage on a day (AppliesTo.for_young_person gives what the ledger measures for them)."""
    if young_person.legal_status == LegalStatus.CARE_LEAVER:
        return CARE_LEAVER
    if young_person.legal_status == LegalStatus.LEFT_CARE:
        return NO_PROMISES
    return IN_CARE_LEAVING if young_person.age_on(today) >= 16 else IN_CARE_YOUNGER
