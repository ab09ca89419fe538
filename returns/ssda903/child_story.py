"""One synthetic child's life in care, written as 903 rows (see synthetic.py for what a council of them is)."""
import random
from datetime import date, timedelta

from returns.values import format_date as fmt

ETHNICITIES = ["WBRI"] * 14 + ["WOTH", "WIRI", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH",
                                "BCRB", "BAFR", "BOTH", "CHNE", "OOTH"]
CIN_CODES = ["N1"] * 6 + ["N2", "N3", "N4", "N4", "N5", "N5", "N6", "N7", "N8"]
FOSTER = {"U1": "PR1", "U3": "PR1", "U4": "PR1", "U6": "PR4"}  # placement -> a provider that runs it
# Real postcodes (public, from the validator's postcode list) so that it can place children: the council is
# Richmond upon Thames (E09000027), whose own carers live there; private providers are there or next door.
HOME_POSTCODES = ["TW2 7HQ", "TW1 2NN", "TW11 9EA", "TW12 1TP", "TW2 7PZ", "TW12 2NL", "TW1 4NN", "TW12 2QR"]
NEARBY_POSTCODES = ["KT1 3JR", "TW3 1PH", "TW8 9AX", "TW8 9JA", "KT6 6EZ", "TW13 9FD", "KT2 5NN", "KT1 3NT"]
OWN_FOSTERING_URN = "SC012345"  # the council's fostering service; private providers get URNs of their own
MOVE_REASONS = ["CARPL"] * 4 + ["CREQB", "CREQO", "CHILD", "LAREQ", "STAND", "ALLEG", "APPRR", "CLOSE", "OTHER"]
SW_REASONS = ["LEFTRL", "LEFTRL", "MANAGE", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "OTHERS"]
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def birthday(dob: date, age: int) -> date:
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:  # born on 29 February: 28 February, as the DfE validator (pandas) counts
        return date(dob.year + age, 2, 28)


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, 28))


def upn(rng: random.Random) -> str:
    """A well-formed Unique Pupil Number: a check letter, then a council number, year and serial (12 digits)."""
    digits = f"{rng.randint(201, 938):03d}{rng.randint(10, 25):02d}{rng.randint(0, 9_999_999):07d}"
    check = sum(int(digit) * weight for digit, weight in zip(digits, range(2, 14))) % 23
    return UPN_CHECK_LETTERS[check] + digits


def provider_of(placement: str) -> str:
    return "PR4" if placement == "K2" else FOSTER[placement]


class ChildStory:
    """Builds `tables` ({table: [rows]}) for one child: a Header row and everything that happened in care."""

    def __init__(self, rng: random.Random, child_id: str, first_day: date, end: date, year_ending: int,
                 workers: list[str]):
        self.rng, self.child, self.end, self.workers = rng, child_id, end, workers
        self.year_start, self.year_end = date(year_ending - 1, 4, 1), min(date(year_ending, 3, 31), end)
        entry = first_day + timedelta(days=rng.randint(-3 * 365, (end - first_day).days - 30))
        entry_age = rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 13, 14, 14, 15, 15, 16, 16])
        self.dob = entry - timedelta(days=365 * entry_age + rng.randint(1, 360))
        self.sex = rng.choice("MF")
        self.uasc = entry_age >= 14 and self.sex == "M" and rng.random() < 0.3
        self.tables: dict[str, list[dict[str, str]]] = {}
        self.dob_text = fmt(self.dob)
        self.add("Header", SEX=self.sex, DOB=self.dob_text, ETHNIC=rng.choice(ETHNICITIES), UPN=upn(rng),
                 MOTHER="0" if self.sex == "F" else "", MC_DOB="")
        self.add("PrevPerm", DOB=self.dob_text, PREV_PERM="Z1", LA_PERM="", DATE_PERM="")
        # No home postcode for an unaccompanied asylum-seeking child: there is no home here to measure from.
        self.home = rng.choice(HOME_POSTCODES) if not self.uasc else ""
        left = self.period(entry)
        if left and age_on(self.dob, left) < 15 and rng.random() < 0.25:
            self.come_back(left)
        if self.uasc:
            self.add("UASC", SEX=self.sex, DOB=self.dob_text, DUC=fmt(birthday(self.dob, 18)))
        self.outcomes()

    def come_back(self, left: date) -> None:
        """A second period of care, at least one whole collection year after the child left. The social worker
        who stayed after the child left is closed 30 days into the year after, so that no year's return holds a
        closed last worker (DfE rule SW17) or a worker from before a period that began in it (SW12)."""
        left_year_end = date(left.year + (left.month > 3), 3, 31)
        back = left_year_end + timedelta(days=366 + self.rng.randint(1, 300))
        if back < self.end - timedelta(days=30):
            self.gap_worker_ends = left_year_end + timedelta(days=30)
            self.period(back)

    def add(self, table: str, **values: str) -> None:
        self.tables.setdefault(table, []).append({"CHILD": self.child, **values})

    def period(self, start: date) -> date | None:
        """One period of care from `start`; returns the day it ended, or None if still open at `end`."""
        rng, age = self.rng, age_on(self.dob, start)
        eighteen = birthday(self.dob, 18)
        leaves = start + timedelta(days=rng.randint(60, 3000)) if rng.random() < 0.6 else eighteen
        leaves = min(leaves, eighteen)
        legal = rng.choice(["V2", "V2", "C1", "C1", "C2"]) if not self.uasc else "V2"
        cin = rng.choice(CIN_CODES) if not self.uasc else "N8"
        placement = rng.choice(list(FOSTER)) if age < 16 or rng.random() < 0.7 else "K2"
        episodes = []
        day, rne = start, "S"
        where = urn = ""
        while True:
            if rne != "L":  # a new placement: somewhere else (a legal status change alone keeps the placement)
                where, urn = self.placed(placement)
            episodes.append({"DECOM": day, "RNE": rne, "LS": legal, "CIN": cin, "PLACE": placement,
                             "PL_POST": where, "URN": urn})
            day = day + timedelta(days=rng.randint(60, 700))
            if day >= leaves or day > self.end:
                break
            rne, legal, placement = self.change(legal, placement)
        ended = leaves if leaves <= self.end else None
        for this, following in zip(episodes, episodes[1:]):
            this["DEC"], this["REC"] = following["DECOM"], "X1"
            this["REASON_PLACE_CHANGE"] = rng.choice(MOVE_REASONS) if following["RNE"] in "PTB" else ""
        episodes[-1]["DEC"], episodes[-1]["REC"] = ended, self.reason_left(ended, leaves == eighteen,
                                                                           episodes[-1]["PLACE"])
        for episode in episodes:
            self.add("Episodes", DECOM=fmt(episode["DECOM"]), RNE=episode["RNE"], LS=episode["LS"],
                     CIN=episode["CIN"], PLACE=episode["PLACE"], PLACE_PROVIDER=provider_of(episode["PLACE"]),
                     DEC=fmt(episode["DEC"]),
                     REC=episode["REC"], REASON_PLACE_CHANGE=episode.get("REASON_PLACE_CHANGE", ""),
                     HOME_POST=self.home, PL_POST=episode["PL_POST"], URN=episode["URN"])
        stop = ended or self.end
        self.social_workers(start, ended)
        self.reviews(start, stop)
        self.missing(start, stop)
        self.last_period = (start, ended, episodes[-1]["REC"])
        return ended

    def placed(self, placement: str) -> tuple[str, str]:
        """A new placement's postcode and URN: the council's own carers live in the borough; private providers
        there or next door. Never the child's home postcode (the DfE's rules take that for a mistake)."""
        if provider_of(placement) == "PR1":
            where, urn = self.rng.choice(HOME_POSTCODES), OWN_FOSTERING_URN
        else:
            where, urn = self.rng.choice(HOME_POSTCODES + NEARBY_POSTCODES), f"SC{self.rng.randint(100000, 999999)}"
        return (where, urn) if where != self.home else self.placed(placement)

    def change(self, legal: str, placement: str) -> tuple[str, str, str]:
        """The next episode's RNE, legal status and placement: mostly moves, sometimes a court order."""
        rng = self.rng
        if legal in ("C1", "V2") and rng.random() < 0.35:
            new_legal = "C2" if legal == "C1" else "C1"
            if rng.random() < 0.7:
                return "L", new_legal, placement
            return "B", new_legal, rng.choice([code for code in FOSTER if code != placement])
        if rng.random() < 0.15 and placement in ("U4", "U6"):
            return "T", legal, "U4" if placement == "U6" else "U6"  # same carers, now long term (or not)
        options = [code for code in FOSTER if code != placement] + ["K2"]
        return "P", legal, rng.choice(options)

    def reason_left(self, ended: date | None, at_eighteen: bool, placement: str) -> str:
        if ended is None:
            return ""
        if at_eighteen:
            return "E17" if placement in FOSTER else self.rng.choice(["E5", "E6", "E8"])
        if age_on(self.dob, ended) >= 16:
            return self.rng.choice(["E5", "E13", "E4A", "E8", "E6"])
        guardians = ["E45", "E46"] if placement in FOSTER else []  # special guardians are former foster carers
        return self.rng.choice(["E13", "E4A", "E4A", "E4B", "E41", "E47"] + guardians)

    def reviews(self, start: date, stop: date) -> None:
        """20 working days after the start (about 4 weeks), then 3 months later, then every 6 months."""
        rng = self.rng
        day = start + timedelta(days=rng.randint(20, 28))
        gaps = [3] + [6] * 40
        for gap in gaps:
            if day >= stop:
                break
            code = "PN0" if age_on(self.dob, day) < 4 else rng.choice(["PN1"] * 5 + ["PN2", "PN3", "PN4", "PN5",
                                                                                        "PN6", "PN7"])
            self.add("Reviews", DOB=self.dob_text, REVIEW=fmt(day), REVIEW_CODE=code)
            day = add_months(day, gap) - timedelta(days=rng.randint(0, 14))

    def social_workers(self, start: date, ended: date | None) -> None:
        """One social worker after another while the child is in care. The last one stays (the episode is left
        open, as the DfE's rules expect) after the child leaves, until the child comes back into care."""
        rng, day, reason = self.rng, start, "FCONTA"
        for earlier in self.tables.get("SWEpisodes", [])[-1:]:
            earlier["SW_DEC"] = fmt(self.gap_worker_ends)
        last_day = min(ended or self.end, self.end)
        while True:
            change = day + timedelta(days=rng.randint(120, 600))
            if change.month == 3 and change.day >= 26:
                # The DfE validator (rule SW11b) wrongly flags a change of worker in the last 5 days of March.
                change = date(change.year, 4, 1)
            finished = change if change < last_day else None
            self.add("SWEpisodes", DOB=self.dob_text, SW_ID=rng.choice(self.workers), SW_DECOM=fmt(day),
                     SW_DEC=fmt(finished), SW_REASON=reason)
            if finished is None:
                return
            day, reason = finished, rng.choice(SW_REASONS)

    def missing(self, start: date, stop: date) -> None:
        rng = self.rng
        if age_on(self.dob, start) < 10 or rng.random() > 0.3:
            return
        back = start
        for _ in range(rng.randint(1, 4)):  # one after another: missing episodes never overlap
            went = back + timedelta(days=rng.randint(1, 200))
            back = went + timedelta(days=rng.randint(0, 4))
            if back < stop:
                self.add("Missing", DOB=self.dob_text, MISSING=rng.choice("MMMA"), MIS_START=fmt(went),
                         MIS_END=fmt(back))

    def outcomes(self) -> None:
        """OC2 (looked after 12 months at the last 31 March) and OC3 (care leaver with a 17th-21st birthday in
        the last collection year), for that year only."""
        rng = self.rng
        start, ended, reason = self.last_period
        in_care_a_year = start <= self.year_start and (ended is None or ended >= self.year_end)
        if in_care_a_year and self.year_end == date(self.year_end.year, 3, 31):
            age = age_on(self.dob, self.year_end)
            # An SDQ (score, or a reason for none) for children from 4 at the year's end to 16 at its start.
            sdq_age = birthday(self.dob, 4) <= self.year_end and birthday(self.dob, 17) >= self.year_start
            score = str(rng.randint(0, 40)) if sdq_age and rng.random() < 0.8 else ""
            reason = "SDQ4" if sdq_age and not score else ""
            self.add("OC2", DOB=self.dob_text, SDQ_SCORE=score, SDQ_REASON=reason,
                     CONVICTED="0" if age >= 10 else "", HEALTH_CHECK="1" if age < 5 else "",
                     IMMUNISATIONS=rng.choice("1110"),
                     TEETH_CHECK=rng.choice("1110"), HEALTH_ASSESSMENT="1", SUBSTANCE_MISUSE="0",
                     INTERVENTION_RECEIVED="", INTERVENTION_OFFERED="")
        # Care leavers: left at 16 or over, asked about around each birthday from 17 to 21 after they left.
        left_old_enough = ended and reason in ("E17", "E5", "E6", "E8") and age_on(self.dob, ended) >= 16
        birthdays = [birthday(self.dob, age) for age in (17, 18, 19, 20, 21)]
        if left_old_enough and any(self.year_start <= day <= self.year_end and day > ended for day in birthdays):
            in_touch = rng.choice(["YES"] * 8 + ["NO", "REFU"])
            accommodation = ["U1", "U1", "Z1", "D1", "B1", "K1", "S2"]
            if self.year_start <= birthday(self.dob, 17) <= self.year_end:
                accommodation.remove("Z1")  # at 17 not "with former foster carers": that is still care
            self.add("OC3", DOB=self.dob_text, IN_TOUCH=in_touch,
                     ACTIV=rng.choice(["F2", "F5", "P5", "F1", "G5", "G4"]) if in_touch == "YES" else "0",
                     ACCOM=rng.choice(accommodation) if in_touch == "YES" else "0")
