"""Email addresses kept whole in lower case (casework.fields.LowercaseEmailField): the field, and the rows already
saved with capitals (an invitation to Ellie.Ward@... made an account its owner could never sign in to).

Two accounts whose addresses differ only in capitals cannot both keep them, and which person should keep it is not
a thing a migration can know: it stops, naming them, so that someone changes one in the admin first. allauth's
EmailAddress rows follow their user's address (casework.sign_in_addresses): a row naming any other address is
deleted, as is a second row of one user that differs from the first only in capitals.
"""
from collections import defaultdict

import casework.fields
from django.db import migrations
from django.db.models.functions import Lower


def email_addresses_in_lower_case(apps, schema_editor):
    User = apps.get_model("casework", "User")
    by_address = defaultdict(list)
    for pk, email in User.objects.values_list("pk", "email"):
        by_address[email.lower()].append(f"{email} (user {pk})")
    clashes = [" and ".join(users) for users in by_address.values() if len(users) > 1]
    if clashes:
        raise RuntimeError(
            "These accounts' email addresses differ only in capitals: " + "; ".join(clashes) + ". Sign-in "
            "addresses are now kept in lower case, so each must be different. Change one of each pair in the admin "
            "(Users), then run the migrations again.")
    User.objects.update(email=Lower("email"))
    apps.get_model("casework", "Worker").objects.update(email=Lower("email"))
    apps.get_model("casework", "Invitation").objects.update(email=Lower("email"))

    EmailAddress = apps.get_model("account", "EmailAddress")
    user_email = dict(User.objects.values_list("pk", "email"))
    kept, renamed, dropped = set(), [], []
    # A user's primary, then verified, row is the one kept when two differ only in capitals.
    for row in EmailAddress.objects.order_by("user_id", "-primary", "-verified", "pk"):
        address = row.email.lower()
        if address != user_email.get(row.user_id) or (row.user_id, address) in kept:
            dropped.append(row.pk)
            continue
        kept.add((row.user_id, address))
        if row.email != address:
            renamed.append((row.pk, address))
    EmailAddress.objects.filter(pk__in=dropped).delete()  # first, so no renamed row meets its twin
    for pk, address in renamed:
        EmailAddress.objects.filter(pk=pk).update(email=address)

class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0011_invitations"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunPython(email_addresses_in_lower_case, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="invitation",
            name="email",
            field=casework.fields.LowercaseEmailField(max_length=254, verbose_name="email address"),
        ),
        migrations.AlterField(
            model_name="user",
            name="email",
            field=casework.fields.LowercaseEmailField(max_length=254, unique=True, verbose_name="email address"),
        ),
        migrations.AlterField(
            model_name="worker",
            name="email",
            field=casework.fields.LowercaseEmailField(blank=True, max_length=254),
        ),
    ]
