"""A young person's visits to My pledge (first-visit welcome, replies marked new); and promises that apply to
everyone their measures apply to, so a promise counted late is one the young person is shown (issue 15)."""

import django.db.models.deletion
from django.db import migrations, models


def widen_promises_to_their_measures(apps, schema_editor):
    """Leah's call-back: the promise sat in an in-care section while its measure applied to everyone."""
    Measure = apps.get_model("pledges", "Measure")
    for measure in Measure.objects.filter(promise__isnull=False).select_related("promise"):
        promise = measure.promise
        if promise.applies_to != measure.applies_to and promise.applies_to != "both":
            promise.applies_to = "both"
            promise.save(update_fields=["applies_to"])


def young_people_who_signed_in_have_visited(apps, schema_editor):
    """Those who signed in before this release have seen the page: no welcome for them."""
    YoungPerson = apps.get_model("casework", "YoungPerson")
    PledgePageVisit = apps.get_model("pledges", "PledgePageVisit")
    PledgePageVisit.objects.bulk_create([
        PledgePageVisit(young_person_id=pk, first_at=last_login, last_at=last_login)
        for pk, last_login in YoungPerson.objects.filter(user__last_login__isnull=False)
        .values_list("pk", "user__last_login")
    ])


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0017_left_care_before_16'),
        ('pledges', '0011_ledger_recompute_for_measuring_from'),
    ]

    operations = [
        migrations.CreateModel(
            name='PledgePageVisit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('first_at', models.DateTimeField()),
                ('last_at', models.DateTimeField()),
                ('young_person', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='pledge_page_visit', to='casework.youngperson')),
            ],
        ),
        migrations.RunPython(widen_promises_to_their_measures, migrations.RunPython.noop),
        migrations.RunPython(young_people_who_signed_in_have_visited, migrations.RunPython.noop),
    ]
