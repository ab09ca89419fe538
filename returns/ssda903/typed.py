"""A checked return as typed records, one per child: what the importer consumes.

    for child in ret.children():             # only after check_903 found no errors
        child.child_id, child.sex, child.date_of_birth, child.ethnicity, child.upn
        child.periods     # list[Period]: start, end (None if open), reason_ended (REC), episodes
        child.episodes    # list[Episode], sorted by start (DECOM)
        child.reviews     # list[Review], sorted by date
        child.health      # list[HealthRecord] (OC2 rows)
        child.care_leaver # list[CareLeaverRecord] (OC3 rows)
        child.missing     # list[MissingEpisode], sorted by start
        child.social_workers  # list[SocialWorkerEpisode], sorted by start
        child.uasc        # UascRecord or None
        child.ad1, child.placed_for_adoption, child.previous_permanence  # the Rows as read, kept as they are

Every record keeps `source`, the Row it came from (file, line, raw text), so the importer can name it.
Periods: an episode with RNE S, or any episode after one that ended with a REC other than X1, starts a period.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from returns.ssda903.rows import Return903, Row
from returns.values import parse_date, parse_flag, parse_int, text_or_none


@dataclass
class Episode:
    start: date                      # DECOM
    reason_new: str                  # RNE: S starts a period; P, T, U, B are moves; L legal status only
    legal_status: str                # LS
    category_of_need: str            # CIN
    placement: str                   # PLACE
    provider: str | None             # PLACE_PROVIDER
    end: date | None                 # DEC (None: still open)
    reason_ended: str | None         # REC (X1: the next episode carries on the period)
    reason_place_change: str | None  # REASON_PLACE_CHANGE
    home_postcode: str | None        # HOME_POST
    placement_postcode: str | None   # PL_POST
    urn: str | None                  # URN
    source: Row

    @property
    def is_move(self) -> bool:
        return self.reason_new in ("P", "T", "U", "B")


@dataclass
class Period:
    """A period of care: from an RNE S episode to the first episode that ends with a REC other than X1."""
    start: date
    end: date | None
    reason_ended: str | None
    episodes: list[Episode]


@dataclass
class Review:
    date: date            # REVIEW
    participation: str    # REVIEW_CODE PN0-PN7
    source: Row


@dataclass
class HealthRecord:
    sdq_score: int | None
    sdq_reason: str | None
    convicted: bool | None
    health_check: bool | None
    immunisations: bool | None
    teeth_check: bool | None
    health_assessment: bool | None
    substance_misuse: bool | None
    intervention_received: bool | None
    intervention_offered: bool | None
    source: Row


@dataclass
class CareLeaverRecord:
    in_touch: str             # IN_TOUCH
    activity: str | None      # ACTIV
    accommodation: str | None  # ACCOM, e.g. "U1": independent living, suitable
    source: Row


@dataclass
class MissingEpisode:
    kind: str          # MISSING: M missing, A away without authorisation
    start: date        # MIS_START
    end: date | None   # MIS_END
    source: Row


@dataclass
class SocialWorkerEpisode:
    worker_id: str     # SW_ID
    start: date        # SW_DECOM
    end: date | None   # SW_DEC
    reason: str        # SW_REASON
    source: Row


@dataclass
class UascRecord:
    ceased: date | None  # DUC: date the child stopped being an unaccompanied asylum-seeking child
    source: Row


@dataclass
class ChildRecord:
    child_id: str
    sex: str
    date_of_birth: date
    ethnicity: str
    upn: str | None
    mother: bool | None
    child_of_mother_dob: date | None
    source: Row
    episodes: list[Episode] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    health: list[HealthRecord] = field(default_factory=list)
    care_leaver: list[CareLeaverRecord] = field(default_factory=list)
    missing: list[MissingEpisode] = field(default_factory=list)
    social_workers: list[SocialWorkerEpisode] = field(default_factory=list)
    uasc: UascRecord | None = None
    ad1: list[Row] = field(default_factory=list)
    placed_for_adoption: list[Row] = field(default_factory=list)
    previous_permanence: list[Row] = field(default_factory=list)


def episode(row: Row) -> Episode:
    v = row.values
    return Episode(parse_date(v["DECOM"]), v["RNE"], v["LS"], v["CIN"], v["PLACE"], text_or_none(v["PLACE_PROVIDER"]),
                   parse_date(v["DEC"]), text_or_none(v["REC"]), text_or_none(v["REASON_PLACE_CHANGE"]),
                   text_or_none(v["HOME_POST"]), text_or_none(v["PL_POST"]), text_or_none(v["URN"]), row)


def health(row: Row) -> HealthRecord:
    v = row.values
    flags = [parse_flag(v[column]) for column in ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
                                                  "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
                                                  "INTERVENTION_OFFERED")]
    return HealthRecord(parse_int(v["SDQ_SCORE"]), text_or_none(v["SDQ_REASON"]), *flags, row)


def periods_of(episodes: list[Episode]) -> list[Period]:
    periods: list[Period] = []
    for item in episodes:
        if not periods or item.reason_new == "S" or periods[-1].reason_ended not in (None, "X1"):
            periods.append(Period(item.start, None, None, []))
        current = periods[-1]
        current.episodes.append(item)
        current.end, current.reason_ended = item.end, item.reason_ended
    for current in periods:
        if current.reason_ended == "X1":  # the episode that carried it on is not held (yet): still open
            current.end = current.reason_ended = None
    return periods


def child_records(ret: Return903):
    """ChildRecords in Header's order. Call only on a return check_903 passed: values are parsed unchecked."""
    by_child: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for table, rows in ret.tables.items():
        for row in rows:
            by_child[row.child][table].append(row)
    for header in ret.tables["Header"]:
        held = by_child[header.child]
        v = header.values
        record = ChildRecord(header.child, v["SEX"], parse_date(v["DOB"]), v["ETHNIC"], text_or_none(v["UPN"]),
                             parse_flag(v["MOTHER"]), parse_date(v["MC_DOB"]), header)
        record.episodes = sorted((episode(row) for row in held["Episodes"]), key=lambda item: item.start)
        record.periods = periods_of(record.episodes)
        record.reviews = sorted((Review(parse_date(row["REVIEW"]), row["REVIEW_CODE"], row)
                                 for row in held["Reviews"]), key=lambda item: item.date)
        record.health = [health(row) for row in held["OC2"]]
        record.care_leaver = [CareLeaverRecord(row["IN_TOUCH"], text_or_none(row["ACTIV"]),
                                               text_or_none(row["ACCOM"]), row) for row in held["OC3"]]
        record.missing = sorted((MissingEpisode(row["MISSING"], parse_date(row["MIS_START"]),
                                                parse_date(row["MIS_END"]), row) for row in held["Missing"]),
                                key=lambda item: item.start)
        record.social_workers = sorted((SocialWorkerEpisode(row["SW_ID"], parse_date(row["SW_DECOM"]),
                                                            parse_date(row["SW_DEC"]), row["SW_REASON"], row)
                                        for row in held["SWEpisodes"]), key=lambda item: item.start)
        if held["UASC"]:
            record.uasc = UascRecord(parse_date(held["UASC"][0]["DUC"]), held["UASC"][0])
        record.ad1, record.placed_for_adoption = held["AD1"], held["PlacedAdoption"]
        record.previous_permanence = held["PrevPerm"]
        yield record
