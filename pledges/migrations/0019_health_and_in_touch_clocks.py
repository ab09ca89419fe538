"""Three statutory clocks for every council already holding data (issue 17): the initial health assessment within
20 working days of coming into care, the SDQ every year from 4 to 16, and the SSDA903 OC3 in-touch check around the
17th to 21st birthdays. As pledges/pledge_data/*.json has them (a council loading its file afresh gets them from
there): on a council's promise where its pledge has one that fits (Bath and North East Somerset), otherwise legal
minimums on no promise. A council that already has a measure with the key keeps its own. Their ledger rows come from
`manage.py recompute_ledger --counts initial_health_assessment sdq in_touch` (README, Upgrading)."""

from django.db import migrations

HEALTH_CHECKS = "We will make sure you get regular health checks ups with a nurse or GP"
IN_TOUCH = "We will stay in touch with you until you are 25 years old"
PROMISES = {"bath-and-north-east-somerset": {"initial-health-assessment": HEALTH_CHECKS, "sdq": HEALTH_CHECKS,
                                             "in-touch-check": IN_TOUCH}}
MEASURES = [
    {"key": "initial-health-assessment",
     "name": "Initial health assessment within 20 working days of coming into care (council practice)",
     "basis": "statutory", "rule": "within",
     "params": {"working_days": 20, "counts": "initial_health_assessment", "once": True},
     "applies_to": "in_care", "warn_days_before": 7, "escalate_after_days": 5},
    {"key": "sdq",
     "name": "Strengths and Difficulties Questionnaire every year from the 4th birthday to the 17th (SSDA903)",
     "basis": "statutory", "rule": "every",
     "params": {"months": 12, "counts": "sdq", "starts": "came_into_care", "from_age": 4, "below_age": 17},
     "applies_to": "in_care", "warn_days_before": 28, "escalate_after_days": 14},
    {"key": "in-touch-check",
     "name": "In-touch check around each of the 17th to 21st birthdays, by 1 month after it (SSDA903 OC3)",
     "basis": "statutory", "rule": "within",
     "params": {"months": 1, "counts": "in_touch", "once": True},
     "applies_to": "care_leaver", "warn_days_before": 21, "escalate_after_days": 7},
]


def add_the_clocks(apps, schema_editor):
    Council = apps.get_model("casework", "Council")
    Measure = apps.get_model("pledges", "Measure")
    Pledge = apps.get_model("pledges", "Pledge")
    Promise = apps.get_model("pledges", "Promise")
    for council in Council.objects.all():
        in_force = (Pledge.objects.filter(council=council, published_at__isnull=False)
                    .order_by("-in_force_from", "-version").first())
        for measure in MEASURES:
            if Measure.objects.filter(council=council, key=measure["key"]).exists():
                continue
            text = PROMISES.get(council.slug, {}).get(measure["key"])
            promise = (Promise.objects.filter(section__pledge=in_force, text=text).first()
                       if text and in_force else None)
            Measure.objects.create(council=council, promise=promise, **measure)


class Migration(migrations.Migration):

    dependencies = [
        ("pledges", "0018_care_leavers_legal_minimums"),
        ("casework", "0020_health_assessments_sdq_reasons_and_in_touch_checks"),
    ]

    operations = [migrations.RunPython(add_the_clocks, migrations.RunPython.noop)]
