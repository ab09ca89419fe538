"""The days of the ledger's summary with open rows, indexed: the dashboard's "overdue now" reads them among years of
days without reading the whole table."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pledges', '0015_regulation_28_visit_schedule'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='ledgerdaycount',
            index=models.Index(condition=models.Q(('open', 0), _negated=True), fields=['measure_id', 'due_on'],
                               name='ledger_day_count_open_idx'),
        ),
    ]
