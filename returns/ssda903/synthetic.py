"""A realistic, valid, synthetic council's 903 history, random but seeded, for tests and the benchmark.

    files = write_903(children=5000, years=5, seed=1, end=date(2026, 3, 31), form="csv")  # {file name: bytes}
    tables = council_903(children=..., years=..., seed=..., end=...)  # the same as {table: [ {column: text} ]}

Each child has one period of care (some two: they left and came back) inside the last `years` years up to
`end`: an S episode, then moves (P, T, B with a REASON_PLACE_CHANGE on the episode they end) and legal status
changes (L, U) joined by X1, ending with a REC (home, special guardianship, 18th birthday...) or still open.
Reviews fall 20 working days (about 4 weeks) after the start, then 3 months later, then every 6 months. Social
worker episodes cover each period (FCONTA first). Some go missing; a few are UASC. OC2 and OC3 are written for
the last collection year only (they carry no year): OC2 for children looked after 12 months at its 31 March, OC3
for care leavers (left at 16 or over) with a 17th to 21st birthday in it after they left. Ids are 7-digit
numbers, some with leading zeros; there are no names (the 903 has none). Annex A lists come from
annex_a/synthetic.py, built on the same children.
"""
import random
from datetime import date, timedelta

from returns.ssda903.child_story import ChildStory
from returns.ssda903.writing import write_csv
from returns.ssda903.xml_form import write_xml


def last_year_ending(end: date) -> int:
    """The collection year (as the year of its 31 March) that `end` falls in or closes."""
    return end.year + 1 if (end.month, end.day) > (3, 31) else end.year


def council_stories(*, children: int, years: int, seed: int, end: date) -> list[ChildStory]:
    rng = random.Random(seed)
    first_day = end - timedelta(days=365 * years)
    ids = rng.sample(range(10_000, 10_000_000), children)  # 7 digits when written with leading zeros
    workers = [f"SW{number:06d}" for number in rng.sample(range(1, 1_000_000), max(3, children // 15))]
    year_ending = last_year_ending(end)
    return [ChildStory(rng, f"{child_id:07d}", first_day, end, year_ending, workers) for child_id in ids]


def council_903(*, children: int, years: int, seed: int, end: date) -> dict[str, list[dict[str, str]]]:
    tables: dict[str, list[dict[str, str]]] = {}
    for story in council_stories(children=children, years=years, seed=seed, end=end):
        for name, rows in story.tables.items():
            tables.setdefault(name, []).extend(rows)
    return tables


def write_903(*, children: int, years: int, seed: int, end: date, form: str = "csv") -> dict[str, bytes]:
    tables = council_903(children=children, years=years, seed=seed, end=end)
    if form == "xml":
        return {"ssda903.xml": write_xml(tables)}
    return write_csv(tables)
