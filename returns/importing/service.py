"""Importing a council's SSDA903 return and Annex A lists into the portal (issue 14).

    summary = returns_import_903(council=council, files=[("header.csv", b"..."), ...], dry_run=True)
    summary.headline()   # "12 young people new, 3 changed; 40 placements; 33 reviews; 0 errors"

The files are read and checked first (returns.ssda903); any error and nothing is written. Otherwise the whole import
is one transaction inside pledges.ledger.ledger_deferred(): every row is planned against what the portal holds
(records903.py, one query a table), written with bulk_create/bulk_update, and every young person it touched is
recomputed once at the end. A dry run plans and counts exactly as a real run and writes nothing.

OC2 and OC3 carry no year: they belong to the collection year of the files, the year (to 31 March) that the latest
day in the return falls in (people903.latest_day), unless `year_ending` says otherwise. The first import of a
council's records sets the day it measures from (`measuring_from`, default the import's day) when it has none.
"""
from datetime import date
from typing import Callable

from django.db import transaction
from django.utils import timezone

from casework.models import Council, Worker, YoungPerson
from pledges.ledger import ledger_deferred
from pledges.start_date import council_start_measuring_on_import
from returns.importing import people903, records903
from returns.importing.summary import ImportSummary
from returns.ssda903.checking import check_903
from returns.ssda903.reading import read_903

Progress = Callable[[str, int, int], None] | None

CHECKING, WRITING_PEOPLE, WRITING_RECORDS, UPDATING = (
    "Checking the files", "Writing young people", "Writing their records", "Updating promises")


def tell(progress: Progress, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)


def returns_import_903(*, council: Council, files: list[tuple[str, bytes]], dry_run: bool, progress: Progress = None,
                       year_ending: date | None = None, measuring_from: date | None = None) -> ImportSummary:
    tell(progress, CHECKING, 0, 1)
    ret = read_903(files)
    summary = ImportSummary(problems=ret.problems + check_903(ret), dry_run=dry_run)
    tell(progress, CHECKING, 1, 1)
    if summary.has_errors:
        return summary
    children = list(ret.children())
    if year_ending is None:
        latest = people903.latest_day(children)
        year_ending = people903.year_ending_of(latest or timezone.localdate())
    with transaction.atomic():
        plans, people_plan, new_workers = plan_903(council=council, children=children, year_ending=year_ending)
        summary.counts = count_903(plans, people_plan, children)
        if dry_run:
            return summary
        with ledger_deferred(progress=lambda done, total: tell(progress, UPDATING, done, total)) as touched:
            write_903(plans, people_plan, new_workers, progress)
            ids = {row.pk for row in people_plan.create}
            changed = set().union(*(plan.touched for plan in plans))
            ids |= set(YoungPerson.objects.filter(council=council, child_id__in=changed).values_list("pk", flat=True))
            if council_start_measuring_on_import(council=council, measuring_from=measuring_from or
                                                 timezone.localdate()):
                # Every young person's ledger starts from the new day: recompute them all in this one pass.
                ids |= set(YoungPerson.objects.filter(council=council).values_list("pk", flat=True))
            touched |= ids
            tell(progress, UPDATING, 0, len(touched))
    summary.written = True
    return summary


def plan_903(*, council: Council, children, year_ending: date):
    held_people = {person.child_id: person
                   for person in YoungPerson.objects.filter(council=council).exclude(child_id="")}
    people_plan, people = people903.plan_young_people(council=council, children=children, held=held_people)
    placements, by_child = records903.plan_placements(council=council, children=children, people=people)
    people903.plan_statuses(plan=people_plan, people=people, child_ids=[child.child_id for child in children],
                            placements=by_child)
    new_workers, workers = records903.plan_workers(council=council, children=children)
    plans = [placements, records903.plan_reviews(council=council, children=children, people=people),
             *records903.plan_yearly(council=council, children=children, people=people, year_ending=year_ending),
             records903.plan_missing(council=council, children=children, people=people),
             records903.plan_social_workers(council=council, children=children, people=people, workers=workers),
             records903.plan_kept_rows(council=council, children=children, people=people)]
    return plans, people_plan, new_workers


COUNT_NAMES = ["placements", "reviews", "health_outcomes", "care_leaver_outcomes", "sdqs", "missing_episodes",
               "social_worker_episodes", "kept_rows"]  # in plan_903's order


def count_903(plans, people_plan, children) -> dict[str, int]:
    counts = people903.count_people(people_plan, [child.child_id for child in children])
    counts.update({name: plan.count for name, plan in zip(COUNT_NAMES, plans)})
    return counts


def write_903(plans, people_plan, new_workers: list[Worker], progress: Progress) -> None:
    tell(progress, WRITING_PEOPLE, 0, people_plan.count)
    people_plan.apply()
    Worker.objects.bulk_create(new_workers)
    tell(progress, WRITING_PEOPLE, people_plan.count, people_plan.count)
    for done, plan in enumerate(plans):
        tell(progress, WRITING_RECORDS, done, len(plans))
        plan.apply()
    tell(progress, WRITING_RECORDS, len(plans), len(plans))


def returns_import_annex_a(*, council: Council, files: list[tuple[str, bytes]], dry_run: bool,
                           progress: Progress = None) -> ImportSummary:
    from returns.importing.annex import import_annex_a  # its own module: a different kind of file

    return import_annex_a(council=council, files=files, dry_run=dry_run, progress=progress)
