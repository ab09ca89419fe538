"""Regulation 28 in full (issue 17): a council's statutory visit measure gets the law's schedule by placement (every
3 months after the first year of a placement meant to last until 18; weekly until the first review with family or
friends, or with a parent before assessment, then every 4 or 6 weeks). Its ledger rows are rebuilt by
`manage.py recompute_ledger --counts visit` (README, Upgrading)."""

from django.db import migrations

# As pledges.visit_schedule.REGULATION_28 says today (a migration keeps its own copy).
REGULATION_28 = {
    "long_term": {"months": 3},
    "connected_person": {"weeks": 1, "after_first_review": {"weeks": 4}},
    "with_parent_before_assessment": {"weeks": 1, "after_first_review": {"weeks": 6}},
}


def is_statutory_visit(params: dict) -> bool:
    return params.get("counts") == "visit" and params.get("restarts") == "placement"


def with_schedule(params: dict) -> dict:
    return {**params, "placements": REGULATION_28} if is_statutory_visit(params) and "placements" not in params \
        else params


def add_the_schedule(apps, schema_editor):
    Measure = apps.get_model("pledges", "Measure")
    MeasureChange = apps.get_model("pledges", "MeasureChange")
    for measure in Measure.objects.filter(basis="statutory", rule="every"):
        if is_statutory_visit(measure.params) and "placements" not in measure.params:
            measure.params = with_schedule(measure.params)
            measure.save(update_fields=["params"])
            # Earlier versions' numbers too, so a cycle measured under an old version follows the same law.
            for change in MeasureChange.objects.filter(measure=measure):
                change.params_before = with_schedule(change.params_before)
                change.params_after = with_schedule(change.params_after)
                change.save(update_fields=["params_before", "params_after"])


class Migration(migrations.Migration):

    dependencies = [
        ("pledges", "0014_ledger_day_count"),
        ("casework", "0019_placement_visit_schedule"),
    ]

    operations = [
        migrations.RunPython(add_the_schedule, migrations.RunPython.noop),
    ]
