"""Importing Ofsted Annex A lists 8 and 9: each date newer than what the portal holds for the child becomes an event
from the council's records (no worker), so a nightly drop from the case management system keeps the ledger true.
A date on or before the latest the portal holds adds nothing: the same drop twice adds nothing the second time.

| Annex A date | event | counts for |
|---|---|---|
| Last Social Work Visit (list 8) | Contact, a visit at home or placement | visit, contact |
| Latest Statutory Review (list 8) | Review held that day (booked for it too) | review, move_review |
| Last IRO Visit / Contact (list 8) | Consultation on the first review on or after it | consultation |
| Last Health Assessment / Dental Check (list 8) | HealthCheck of that kind | health_assessment, dental |
| Latest Pathway Plan (list 9) | PathwayPlanVersion, the next version, sections blank | pathway_plan |
| Latest Contact (list 9) | Contact, "other" (how is not said) | contact, keep_in_touch |

The IRO's contact is a Consultation, the one record the ledger counts for the IRO hearing a child (COUNTS
"consultation", linked to the review it prepares for). With no review on or after its date to link to (the IRO
visited since the last review, and none is booked), it adds nothing and the import says so in a warning.
"""
from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from casework.models import Contact, ContactKind, Council, HealthCheck, PathwayPlanVersion, YoungPerson
from pledges.ledger import ledger_deferred
from returns.annex_a.checking import annex_a_records, check_annex_a
from returns.annex_a.columns import FIELDS
from returns.annex_a.reading import read_annex_a
from returns.importing.summary import ImportSummary
from returns.problems import WARNING, problem
from reviews.models import Consultation, Review

# Each date the import reads: the count it adds to, and the latest the portal holds of it for each young person.
EVENTS = {
    "last_social_work_visit": "visits",
    "latest_review": "reviews",
    "last_iro_contact": "iro_contacts",
    "last_health_assessment": "health_assessments",
    "last_dental_check": "dental_checks",
    "latest_pathway_plan": "pathway_plans",
    "latest_contact": "contacts",
}


def latest_held(council: Council) -> dict[str, dict[int, date]]:
    """For each date, the latest the portal holds for each of the council's young people (one query each)."""
    def per_person(queryset, person: str, day: str) -> dict[int, date]:
        return dict(queryset.values(person).annotate(latest=Max(day)).values_list(person, "latest"))

    contacts = Contact.objects.filter(young_person__council=council)
    checks = HealthCheck.objects.filter(young_person__council=council)
    return {
        "last_social_work_visit": per_person(contacts.filter(kind__in=ContactKind.visits()), "young_person",
                                             "happened_on"),
        "latest_review": per_person(Review.objects.filter(young_person__council=council), "young_person", "held_on"),
        "last_iro_contact": per_person(Consultation.objects.filter(review__young_person__council=council),
                                       "review__young_person", "consulted_on"),
        "last_health_assessment": per_person(checks.filter(kind=HealthCheck.Kind.HEALTH_ASSESSMENT), "young_person",
                                             "checked_on"),
        "last_dental_check": per_person(checks.filter(kind=HealthCheck.Kind.DENTAL), "young_person", "checked_on"),
        "latest_pathway_plan": per_person(PathwayPlanVersion.objects.filter(young_person__council=council),
                                          "young_person", "agreed_on"),
        "latest_contact": per_person(contacts, "young_person", "happened_on"),
    }


def newest_dates(records, people: dict[str, YoungPerson], summary: ImportSummary, today: date) -> dict:
    """{(young person id, date field): (date, record)}: each child's newest date of each kind across the lists. An
    unknown child, or a date still to come, is an error."""
    newest = {}
    for record in records:
        person = people.get(record.child_id)
        if person is None:
            summary.problems.append(problem(
                record.file, record.line, FIELDS["child_id"][0], record.child_id,
                f"Child Unique ID {record.child_id} is not a child of this council in the portal. Import the "
                f"council's 903 return first, or correct the id."))
            continue
        for name in EVENTS:
            day = getattr(record, name)
            if day is None:
                continue
            if day > today:
                summary.problems.append(problem(record.file, record.line, FIELDS[name][0], f"{day:%d/%m/%Y}",
                                                f"{FIELDS[name][0]} is {day:%d/%m/%Y}, which has not come yet."))
            elif (person.pk, name) not in newest or day > newest[(person.pk, name)][0]:
                newest[(person.pk, name)] = (day, record)
    return newest


def plan_events(council: Council, newest: dict, summary: ImportSummary) -> dict[str, list]:
    """The events to add: only dates newer than the latest the portal holds."""
    held = latest_held(council)
    reviews = defaultdict(list)  # each young person's reviews, for linking an IRO's contact
    for review in Review.objects.filter(young_person__council=council).annotate(
            day=Coalesce("held_on", "scheduled_for")).order_by("day", "pk"):
        reviews[review.young_person_id].append(review)
    versions = dict(PathwayPlanVersion.objects.filter(young_person__council=council).values("young_person")
                    .annotate(last=Max("version")).values_list("young_person", "last"))
    events: dict[str, list] = {count: [] for count in EVENTS.values()}
    for (person, name), (day, record) in sorted(newest.items(), key=lambda item: item[0][1] != "latest_review"):
        if held[name].get(person) is not None and day <= held[name][person]:
            continue
        if name == "last_social_work_visit":
            events["visits"].append(Contact(young_person_id=person, happened_on=day, kind=ContactKind.VISIT_HOME))
        elif name == "latest_contact":
            events["contacts"].append(Contact(young_person_id=person, happened_on=day, kind=ContactKind.OTHER))
        elif name == "latest_review":
            review = Review(young_person_id=person, held_on=day, scheduled_for=day, iro=None)
            events["reviews"].append(review)
            reviews[person].append(review)
        elif name in ("last_health_assessment", "last_dental_check"):
            kind = HealthCheck.Kind.HEALTH_ASSESSMENT if name == "last_health_assessment" else HealthCheck.Kind.DENTAL
            events["health_assessments" if name == "last_health_assessment" else "dental_checks"].append(
                HealthCheck(young_person_id=person, kind=kind, checked_on=day))
        elif name == "latest_pathway_plan":
            versions[person] = versions.get(person, 0) + 1
            events["pathway_plans"].append(PathwayPlanVersion(young_person_id=person, version=versions[person],
                                                              agreed_on=day, written_by=None))
        else:  # the IRO's contact: on the first review on or after it
            review = next((item for item in sorted(reviews[person], key=lambda item: item.held_on or
                                                   item.scheduled_for) if (item.held_on or item.scheduled_for) >= day),
                          None)
            if review is None:
                summary.problems.append(problem(
                    record.file, record.line, FIELDS[name][0], f"{day:%d/%m/%Y}",
                    f"{FIELDS[name][0]} is {day:%d/%m/%Y}, after the child's last review, and no review is booked: "
                    f"the portal links an IRO's contact to the review it prepares for, so it was not added.",
                    WARNING))
                continue
            events["iro_contacts"].append(Consultation(review=review, consulted_on=day, iro=None, method=""))
    return events


def import_annex_a(*, council: Council, files: list[tuple[str, bytes]], dry_run: bool, progress=None
                   ) -> ImportSummary:
    def tell(stage, done, total):
        if progress is not None:
            progress(stage, done, total)

    tell("Checking the files", 0, 1)
    lists = read_annex_a(files)
    summary = ImportSummary(problems=[item for annex in lists for item in annex.problems] + check_annex_a(lists),
                            dry_run=dry_run)
    if summary.has_errors:
        return summary
    records = annex_a_records(lists)
    people = {person.child_id: person for person in YoungPerson.objects.filter(
        council=council, child_id__in={record.child_id for record in records})}
    newest = newest_dates(records, people, summary, timezone.localdate())
    tell("Checking the files", 1, 1)
    if summary.has_errors:
        return summary
    with transaction.atomic():
        events = plan_events(council, newest, summary)
        summary.counts = {count: len(rows) for count, rows in events.items()}
        if dry_run:
            return summary
        with ledger_deferred(progress=lambda done, total: tell("Updating promises", done, total)) as touched:
            tell("Writing events", 0, 1)
            # Reviews first: an IRO's contact may hang off a review this import adds.
            Review.objects.bulk_create(events["reviews"])
            for rows in (events["visits"] + events["contacts"], events["health_assessments"] + events["dental_checks"],
                         events["pathway_plans"], events["iro_contacts"]):
                if rows:
                    type(rows[0]).objects.bulk_create(rows)
            touched |= {row.young_person_id for count, rows in events.items() if count != "iro_contacts"
                        for row in rows} | {row.review.young_person_id for row in events["iro_contacts"]}
            tell("Writing events", 1, 1)
    summary.written = True
    return summary
