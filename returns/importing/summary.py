"""What an import says it did (or, for a dry run, would do): the problems found and a count of each kind of row.

It goes onto a job row as JSON (as_dict / from_dict) and onto the preview page and the command's output as one line
(headline): "12 young people new, 3 changed; 40 placements; 33 reviews; 2 errors".
"""
from dataclasses import asdict, dataclass, field

from returns.problems import Problem

# The words for each count in the headline, in the order they are said. Young people are said together first.
COUNT_WORDS = {
    "placements": ("placement", "placements"),
    "reviews": ("review", "reviews"),
    "health_outcomes": ("health outcome", "health outcomes"),
    "care_leaver_outcomes": ("care leaver outcome", "care leaver outcomes"),
    "sdqs": ("SDQ", "SDQs"),
    "missing_episodes": ("missing episode", "missing episodes"),
    "social_worker_episodes": ("social worker episode", "social worker episodes"),
    "kept_rows": ("kept row", "kept rows"),
    "visits": ("visit", "visits"),
    "iro_contacts": ("IRO contact", "IRO contacts"),
    "health_assessments": ("health assessment", "health assessments"),
    "dental_checks": ("dental check", "dental checks"),
    "pathway_plans": ("pathway plan", "pathway plans"),
    "contacts": ("contact", "contacts"),
}


def _said(number: int, words: tuple[str, str]) -> str:
    return f"{number} {words[0] if number == 1 else words[1]}"


@dataclass
class ImportSummary:
    problems: list[Problem] = field(default_factory=list)  # errors and warnings; any error => nothing written
    written: bool = False  # False for a dry run or when there were errors
    # Rows written (or, in a dry run, that would be): new or changed rows for each record kind; young people split
    # into young_people_new / _changed / _unchanged. Annex A counts the events it adds.
    counts: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def has_errors(self) -> bool:
        return any(item.is_error for item in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [item for item in self.problems if item.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [item for item in self.problems if not item.is_error]

    def as_dict(self) -> dict:
        return {"problems": [asdict(item) for item in self.problems], "written": self.written,
                "counts": dict(self.counts), "dry_run": self.dry_run}

    @classmethod
    def from_dict(cls, data) -> "ImportSummary":
        return cls(problems=[Problem(**item) for item in data.get("problems", [])], written=bool(data.get("written")),
                   counts={key: int(value) for key, value in data.get("counts", {}).items()},
                   dry_run=bool(data.get("dry_run")))

    def headline(self) -> str:
        parts = []
        if any(key.startswith("young_people_") for key in self.counts):
            people = f"{self.counts.get('young_people_new', 0)} young people new, " \
                     f"{self.counts.get('young_people_changed', 0)} changed"
            if self.counts.get("young_people_unchanged"):
                people += f", {self.counts['young_people_unchanged']} unchanged"
            parts.append(people)
        for key, words in COUNT_WORDS.items():
            if self.counts.get(key):
                parts.append(_said(self.counts[key], words))
        errors, warnings = len(self.errors), len(self.warnings)
        parts.append(_said(errors, ("error", "errors")))
        if warnings:
            parts.append(_said(warnings, ("warning", "warnings")))
        return "; ".join(parts)
