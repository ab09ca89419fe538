"""The law's numbers: each statutory measure (basis "statutory") with the numbers the law gives it and where it says so.

This is the one place they are stated. A statutory measure's numbers are the law's, so
- loading a council's pledge refuses a statutory measure whose numbers differ from these (pledges.loader);
- a manager cannot change a statutory measure in a new version of the pledge (pledges.versions);
- a young person's plan (MeasureOverride) may make a statutory measure stricter, never looser;
- the council's own promise (basis "pledge") counting the same thing may be stricter than the law, never looser
  (`looser_than`), whether it comes from the pledge file or from a manager's new version.

"The numbers" are every whole number in a measure's params (its interval, each step, the ages it starts or changes
at): `numbers()`. What a measure counts and when it starts ("counts", "starts") are not numbers, and stay as the
council's file gives them.

Comparing a promise with the law, like with like (`looser_than`): the repeating interval, and each step both have.
The same unit compares the numbers ("every 8 weeks" is looser than "every 6 weeks"). Days, weeks and months compare
in days, the promise at its longest and the law at its shortest (a month is 28 to 31 days, so "every 2 months" is
looser than "every 8 weeks" and "every 26 weeks" than "every 6 months" in February, and both are refused). Working
days are compared only with working days: bank holidays give them no fixed length in days.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from casework.working_days import add_months

from .rules import describe_params, interval_of
from .visit_schedule import REGULATION_28


@dataclass(frozen=True)
class LegalMinimum:
    rule: str  # "every" or "within", as in pledges.rules
    params: dict  # the law's numbers, shaped as a measure's params
    source: str  # where the law says so, in full
    cite: str  # the same in a few words, for pages: "regulation 28(2)"
    # What else the law's records count as: a visit is a contact, so a promise to be in touch counting contacts
    # cannot be looser than the law's visits. The measure's own "counts" always is.
    bounds: frozenset = frozenset()


CPPCR = "Care Planning, Placement and Case Review (England) Regulations 2010"
LEGAL_MINIMUMS: dict[str, LegalMinimum] = {
    "statutory-visit": LegalMinimum(
        "every", {"weeks": 6, "steps": [{"days": 7}], "placements": REGULATION_28}, f"{CPPCR}, reg 28(2)-(4)",
        "regulation 28",
        bounds=frozenset({"contact"})),
    "statutory-review": LegalMinimum(
        "every", {"months": 6, "steps": [{"working_days": 20}, {"months": 3}]}, f"{CPPCR}, reg 33",
        "regulation 33"),
    "health-assessment": LegalMinimum(
        "every", {"months": 12, "younger_than": {"age": 5, "months": 6}, "steps": [{"working_days": 20}]},
        f"{CPPCR}, reg 7 (health assessments)", "regulation 7"),
    "needs-assessment": LegalMinimum(
        "within", {"months": 3}, f"{CPPCR}, reg 42(1)", "regulation 42(1)"),
    "personal-adviser": LegalMinimum(
        "within", {"months": 3}, "Children (Leaving Care) Act 2000; Children Act 1989 Sch 2 para 19C",
        "Children (Leaving Care) Act 2000"),
    "initial-health-assessment": LegalMinimum(
        "within", {"working_days": 20}, "Promoting the health and wellbeing of looked-after children (statutory "
        "guidance, 2015): the initial health assessment within 20 working days of coming into care",
        "statutory guidance on looked-after children's health"),
    "sdq": LegalMinimum(
        "every", {"months": 12, "from_age": 4, "below_age": 17}, "SSDA903 guidance (DfE): a Strengths and "
        "Difficulties Questionnaire each year for children aged 4 to 16 looked after for 12 months", "the SSDA903 return"),
    "in-touch-check": LegalMinimum(
        "within", {"months": 1}, "SSDA903 guidance (DfE), OC3: whether the council is in touch with each care "
        "leaver around their 17th to 21st birthdays", "the SSDA903 return (OC3)"),
    "missing-return-interview": LegalMinimum(
        "within", {"days": 3}, "Statutory guidance on children who run away or go missing from home or care (DfE, "
        "2014): a return interview offered within 72 hours of the child coming back", "statutory guidance on missing"),
    "care-leaver-visits": LegalMinimum(
        "every", {"months": 2, "steps": [{"days": 7}]}, "Care Leavers (England) Regulations 2010, reg 8: where the "
        "council provides the accommodation, a personal adviser visit within 7 days, then at most every 2 months",
        "Care Leavers (England) Regulations 2010, regulation 8"),
    "statutory-pathway-plan-review": LegalMinimum(
        "every", {"months": 6, "age": 16}, "Care Leavers (England) Regulations 2010, reg 7 (review of pathway plans)",
        "Care Leavers (England) Regulations 2010, regulation 7"),
}


def numbers(params) -> dict[str, int]:
    """Every whole number in params, by where it is: {"weeks": 6, "steps.0.days": 7}."""
    found = {}

    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else key)
        elif isinstance(value, list):
            for n, item in enumerate(value):
                walk(item, f"{path}.{n}")
        elif isinstance(value, int) and not isinstance(value, bool):
            found[path] = value

    walk(params, "")
    return found


def law_problem(*, key: str, rule: str, params: dict) -> str:
    """Why a statutory measure does not state the law ("" when it does)."""
    law = LEGAL_MINIMUMS.get(key)
    if law is None:
        return (f"The statutory measure {key} is not in the table of legal minimums (pledges/statutory.py): "
                "add the law's numbers and where it says so there.")
    if rule != law.rule or numbers(params) != numbers(law.params):
        return (f"The statutory measure {key} must have the law's numbers ({law.cite}): "
                f"{rule} {numbers(params)} is not {law.rule} {numbers(law.params)}.")
    return ""


# --- A promise against the law ------------------------------------------------------------------

_SPAN_FROM, _SPAN_YEARS = date(2024, 1, 1), 4  # every start day of a leap-year cycle


@lru_cache(maxsize=256)
def _day_span(unit: str, n: int) -> tuple[int, int]:
    """The shortest and longest an interval of days, weeks or months can be, in days."""
    if unit == "days":
        return n, n
    if unit == "weeks":
        return 7 * n, 7 * n
    lengths = [(add_months(day, n) - day).days for day in
               (_SPAN_FROM + timedelta(days=d) for d in range(365 * _SPAN_YEARS + 1))]
    return min(lengths), max(lengths)


def _gap_looser(promise: dict, law: dict) -> bool:
    if len(promise) != 1 or len(law) != 1:
        return False
    [(p_unit, p_n)], [(l_unit, l_n)] = promise.items(), law.items()
    if p_unit == l_unit:
        return p_n > l_n
    if "working_days" in (p_unit, l_unit):
        return False  # not compared: a working day has no fixed length in days
    return _day_span(p_unit, p_n)[1] > _day_span(l_unit, l_n)[0]


def looser_than(*, promise_params: dict, law_params: dict) -> str:
    """Where a promise's numbers allow longer than the law's ("interval", or "step_1" for its first step; "" where
    they do not): its repeating interval, or a step both have."""
    if law_params.get("due") == "at_trigger" or promise_params.get("due") == "at_trigger":
        return ""
    if _gap_looser(interval_of(promise_params), interval_of(law_params)):
        return "interval"
    steps = zip(promise_params.get("steps", []), law_params.get("steps", []))
    return next((f"step_{n}" for n, (mine, law) in enumerate(steps, start=1)
                 if _gap_looser(interval_of(mine), interval_of(law))), "")


def describe_law(key: str) -> str:
    law = LEGAL_MINIMUMS.get(key)
    return law.cite if law else "the law"


def bounded_counts(key: str, counts: str) -> frozenset:
    """What a statutory measure's law bounds: what it counts, and what its records count as too."""
    law = LEGAL_MINIMUMS.get(key)
    return frozenset({counts}) | (law.bounds if law else frozenset())


def looser_problem(*, rule: str, params: dict, statutory) -> dict[str, str]:
    """Why a council's promise (its rule and params) is looser than one of the statutory measures given: {where:
    why}, where is "interval" or "step_N" (empty when it is not). `statutory`: (key, rule, params) of each
    statutory measure of the council."""
    for key, law_rule, law_params in statutory:
        if law_rule != rule or params.get("counts") not in bounded_counts(key, law_params.get("counts")):
            continue
        if law := LEGAL_MINIMUMS.get(key):  # the law itself, even where a measure was weakened before this check
            law_params = {**law_params, **law.params}
        if where := looser_than(promise_params=params, law_params=law_params):
            law_words = describe_params(law_rule, law_params).lower()
            return {where: f"Our promise cannot be looser than the legal minimum beside it: {describe_law(key)} says "
                           f"{law_words}. It can be the same as the law or stricter"}
    return {}


def refusal(*, key: str, name: str) -> str:
    """Why a manager cannot change a statutory measure."""
    return (f"{name} is the legal minimum ({describe_law(key)}): the law sets its numbers, so they cannot be changed. "
            "You can change our own promise beside it")


def override_problem(*, key: str, rule: str, params: dict, override: dict) -> str:
    """Why a young person's plan (params overriding some of a statutory measure's) would loosen it ("" if it would
    not). A plan may give its interval and steps in the same units, each no longer than the law's; nothing else."""
    merged = {**params, **override}
    allowed = set(interval_of(params)) | ({"steps"} if "steps" in params else set())
    same_units = [interval_of(step).keys() for step in merged.get("steps", [])] == [
        interval_of(step).keys() for step in params.get("steps", [])]
    if set(override) - allowed or not same_units or looser_than(promise_params=merged, law_params=params):
        return (f"A young person's plan can make a legal minimum stricter, never looser: {describe_law(key)} says "
                f"{describe_params(rule, params).lower()}. A plan can give the same units with smaller numbers")
    return ""
