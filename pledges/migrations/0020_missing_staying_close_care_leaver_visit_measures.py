"""Three clocks of issue 17 for a council loaded before they existed: the return interview after a missing episode,
the personal adviser's visits while the council provides a care leaver's accommodation (regulation 8), and the answer
to a Staying Close request. The same as each council's file in pledges/pledge_data says (load_pledges leaves a pledge
a manager has versioned in the portal alone, so this is how they reach every database). The ledger rows follow with
`manage.py recompute_ledger --counts return_interview adviser_visit staying_close` (README,
"Upgrading"); a new record moves its clock at once."""

from django.db import migrations

MEASURES = [
    {
        "key": "missing-return-interview",
        "name": "Return interview offered within 72 hours of coming back from being missing or away "
                "(statutory guidance on children who run away or go missing)",
        "basis": "statutory", "rule": "within", "params": {"days": 3, "counts": "return_interview"},
        "applies_to": "in_care", "warn_days_before": 1, "escalate_after_days": 1,
    },
    {
        "key": "care-leaver-visits",
        "name": "Personal adviser visit within 7 days of moving into accommodation the council provides, then at "
                "most every 2 months (Care Leavers (England) Regulations 2010 reg 8)",
        "basis": "statutory", "rule": "every", "params": {"months": 2, "steps": [{"days": 7}], "counts": "adviser_visit"},
        "applies_to": "care_leaver", "warn_days_before": 7, "escalate_after_days": 7,
    },
    {
        "key": "staying-close-answer",
        "name": "A Staying Close assessment answered within 20 working days of asking (the council's own timescale)",
        "basis": "pledge", "rule": "within", "params": {"working_days": 20, "counts": "staying_close"},
        "applies_to": "care_leaver", "warn_days_before": 5, "escalate_after_days": 5,
    },
]


def add_measures(apps, schema_editor):
    Measure = apps.get_model("pledges", "Measure")
    councils = set(Measure.objects.values_list("council_id", flat=True))  # the councils with a pledge loaded
    for council_id in sorted(councils):
        for measure in MEASURES:
            Measure.objects.get_or_create(council_id=council_id, key=measure["key"],
                                          defaults={k: v for k, v in measure.items() if k != "key"})


class Migration(migrations.Migration):

    dependencies = [
        ('pledges', '0019_health_and_in_touch_clocks'),
        ('casework', '0021_missing_return_interviews_staying_close_council_accommodation'),
    ]

    operations = [
        migrations.RunPython(add_measures, migrations.RunPython.noop),
    ]
