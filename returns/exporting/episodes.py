"""A young person's placements as SSDA903 Episodes rows.

A placement imported from the return (it has its RNE) is written back exactly as it came. A placement recorded in
the portal has none of the return's codes, so they are derived from what the portal does know, and only what
follows from it: a reason the portal never asked for is left blank for the council to fill in (the DfE validator
then names it), never invented.

- RNE: S for the first placement of a period of care (the young person's first placement, or the first after a
  placement that ended with no placement starting the same day), else P (a change of placement and carer: the
  portal records a move as both).
- REC: X1 when the next placement starts the day this one ends (a move); blank when it ended with none following
  (the portal does not know why care ended); blank while it goes on. This holds for an imported episode too when
  a move recorded in the portal ended it: it came open (no DEC, no REC) and the move gave it its DEC.
- LS, CIN and HOME_POST: carried from the young person's episode before (a move changes none of them); blank for a
  first episode recorded in the portal.
- PLACE: from the placement's kind (PLACE_BY_KIND; U4 or U1 for a long-term foster placement), using the code the DfE used when the placement began (K3
  supported accommodation from 2024-25, H5 before; Z14 other from 2025-26, Z1 before).
- PLACE_PROVIDER: PR0 (parents) for a placement with parents, else blank; REASON_PLACE_CHANGE, PL_POST and URN
  blank (the portal does not record them).
"""
from datetime import date

from casework.plans.episodes import EPISODE_CONTINUES, NewEpisodeReason
from casework.plans.models import PlacementKind
from returns.values import format_date

PLACE_BY_KIND = {
    PlacementKind.FOSTER: "U6",  # foster placement, other (not long term, not fostering for adoption)
    PlacementKind.CONNECTED_PERSON: "U3",  # foster with family or friends, other
    PlacementKind.RESIDENTIAL: "K2",  # children's home
    PlacementKind.WITH_PARENTS: "P1",  # placed with parents
}
# A long-term foster placement (meant to last until 18) has its own code.
LONG_TERM_PLACE_BY_KIND = {PlacementKind.FOSTER: "U4", PlacementKind.CONNECTED_PERSON: "U1"}
K3_FROM = date(2024, 4, 1)  # supported accommodation (K3) replaced semi-independent living (H5) in 2024-25
Z14_FROM = date(2025, 4, 1)  # "other placement" Z1 was split into Z11-Z14 in 2025-26

# What a Placement row is read with (values()), so the whole council's placements are one query.
PLACEMENT_FIELDS = ["young_person_id", "pk", "kind", "meant_to_last_until_18", "started_on", "ended_on", "rne",
                    "legal_status_code", "cin", "place", "place_provider", "end_reason", "reason_place_change",
                    "home_post", "pl_post", "urn"]


def place_for(kind: str, started_on: date, *, long_term: bool = False) -> str:
    if long_term and kind in LONG_TERM_PLACE_BY_KIND:
        return LONG_TERM_PLACE_BY_KIND[kind]
    if kind == PlacementKind.SEMI_INDEPENDENT:
        return "K3" if started_on >= K3_FROM else "H5"
    if kind == PlacementKind.OTHER:
        return "Z14" if started_on >= Z14_FROM else "Z1"
    return PLACE_BY_KIND.get(kind, "")


def episode_rows(child: str, placements: list[dict]) -> list[dict[str, str]]:
    """The Episodes rows (DfE column -> text) of one young person's placements (dicts of PLACEMENT_FIELDS)."""
    placements = sorted(placements, key=lambda placement: (placement["started_on"], placement["pk"]))
    rows, previous = [], None
    for index, placement in enumerate(placements):
        following = placements[index + 1] if index + 1 < len(placements) else None
        row = imported_row(placement) if placement["rne"] else derived_row(placement, previous)
        if row["DEC"] and not row["REC"] and following is not None and following["started_on"] == placement["ended_on"]:
            row["REC"] = EPISODE_CONTINUES
        rows.append({"CHILD": child, **row})
        previous = row
    return rows


def imported_row(placement: dict) -> dict[str, str]:
    return {"DECOM": format_date(placement["started_on"]), "RNE": placement["rne"],
            "LS": placement["legal_status_code"], "CIN": placement["cin"], "PLACE": placement["place"],
            "PLACE_PROVIDER": placement["place_provider"], "DEC": format_date(placement["ended_on"]),
            "REC": placement["end_reason"], "REASON_PLACE_CHANGE": placement["reason_place_change"],
            "HOME_POST": placement["home_post"], "PL_POST": placement["pl_post"], "URN": placement["urn"]}


def derived_row(placement: dict, previous: dict | None) -> dict[str, str]:
    """A portal-recorded placement's row; `previous` is the row written before it (None for the first)."""
    starts_period = previous is None or previous["REC"] != EPISODE_CONTINUES or (
        previous["DEC"] != format_date(placement["started_on"]))
    place = placement["place"] or place_for(placement["kind"], placement["started_on"],
                                            long_term=placement.get("meant_to_last_until_18", False))
    carried = previous or {}
    return {
        "DECOM": format_date(placement["started_on"]),
        "RNE": NewEpisodeReason.STARTED if starts_period else NewEpisodeReason.PLACEMENT_AND_CARER,
        "LS": placement["legal_status_code"] or carried.get("LS", ""),
        "CIN": placement["cin"] or carried.get("CIN", ""),
        "PLACE": place,
        "PLACE_PROVIDER": placement["place_provider"] or ("PR0" if place == "P1" else ""),
        "DEC": format_date(placement["ended_on"]),
        "REC": placement["end_reason"],
        "REASON_PLACE_CHANGE": placement["reason_place_change"],
        "HOME_POST": placement["home_post"] or carried.get("HOME_POST", ""),
        "PL_POST": placement["pl_post"],
        "URN": placement["urn"],
    }
