"""Care leavers get the legal minimums beside their council's pledge (issue 17): in Barking and Dagenham, as in Bath,
the needs assessment within 3 months of the 16th birthday (regulation 42); in both, the pathway plan reviewed at least
every 6 months (Care Leavers (England) Regulations 2010, reg 7), beside the council's own promise about the plan.

`load_pledges` adds them to a database whose pledge is still the loaded one; this adds them where a manager has
published a later version (and load_pledges leaves the measures alone), on the promise with the same ref in the
latest published version. Their ledger rows come from the rebuild in README "Upgrading":
`manage.py recompute_ledger --counts pathway_plan needs_assessment`.

A legal minimum's numbers can no longer be changed in a pledge version, so a draft's pending change to one (made
before this upgrade) is taken out of the draft: publishing would refuse it.
"""
from django.db import migrations

PATHWAY_PLAN_REVIEW = {
    "key": "statutory-pathway-plan-review",
    "name": "Pathway plan reviewed at least every 6 months (Care Leavers (England) Regulations 2010, regulation 7)",
    "basis": "statutory", "rule": "every",
    "params": {"months": 6, "counts": "pathway_plan", "starts": "birthday", "age": 16},
    "applies_to": "care_leaver", "warn_days_before": 14, "escalate_after_days": 7}
NEEDS_ASSESSMENT = {
    "key": "needs-assessment", "name": "Needs assessment within 3 months of the 16th birthday (regulation 42)",
    "basis": "statutory", "rule": "within", "params": {"months": 3, "counts": "needs_assessment"},
    "applies_to": "care_leaver", "warn_days_before": 21, "escalate_after_days": 7}
# Each council's new measures and the ref of the promise they go on (the pathway plan promise).
ADDED = {
    "barking-and-dagenham": ("1-4", [PATHWAY_PLAN_REVIEW, NEEDS_ASSESSMENT]),
    "bath-and-north-east-somerset": ("10-3", [PATHWAY_PLAN_REVIEW]),
}


def add_legal_minimums(apps, schema_editor):
    Council, Measure, Promise = (apps.get_model(*name) for name in (
        ("casework", "Council"), ("pledges", "Measure"), ("pledges", "Promise")))
    for council in Council.objects.filter(slug__in=ADDED):
        ref, measures = ADDED[council.slug]
        promise = (Promise.objects.filter(section__pledge__council=council, ref=ref,
                                          section__pledge__published_at__isnull=False)
                   .order_by("-section__pledge__version").first())
        for measure in measures:
            Measure.objects.get_or_create(council=council, key=measure["key"], defaults={**measure, "promise": promise})


def drop_draft_changes_to_legal_minimums(apps, schema_editor):
    apps.get_model("pledges", "MeasureChange").objects.filter(
        measure__basis="statutory", pledge__published_at__isnull=True).delete()


def remove_legal_minimums(apps, schema_editor):
    Measure = apps.get_model("pledges", "Measure")
    for slug, (_, measures) in ADDED.items():
        Measure.objects.filter(council__slug=slug, key__in=[measure["key"] for measure in measures]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0001_initial"),
        ("pledges", "0017_feedback_day_count"),
    ]

    operations = [
        migrations.RunPython(add_legal_minimums, remove_legal_minimums),
        migrations.RunPython(drop_draft_changes_to_legal_minimums, migrations.RunPython.noop),
    ]
