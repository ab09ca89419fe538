"""Email addresses are kept whole in lower case (casework.fields.LowercaseEmailField), so the address a person
types, in any capitals, finds their one account: an invitation to Ellie.Ward@... once stored the capitals, and
allauth (which looks up the lower-cased address) never found her account."""
import importlib
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.accounts.invitations import Invitation, invitation_accept, invitation_create
from casework.models import User, Worker

from .conftest import PASSWORD
from .factories import AllocationFactory, WorkerFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("casework.migrations.0012_email_addresses_in_lower_case")


def test_an_invitation_to_an_address_with_capitals_makes_an_account_its_owner_can_sign_in_to(people):
    ellie = YoungPersonFactory(council=people.council, user=None, first_name="Ellie", last_name="Ward")
    AllocationFactory(young_person=ellie, worker=people.social_worker)
    now = timezone.now()
    invitation, token = invitation_create(young_person=ellie, email="Ellie.Ward@Demo.Example.TEST",
                                          by=people.social_worker, now=now)
    assert invitation.email == "ellie.ward@demo.example.test"
    user = invitation_accept(token=token, password="purple-kettle-on-the-hill", now=now + timedelta(hours=1))
    assert user.email == "ellie.ward@demo.example.test"
    for typed in ("Ellie.Ward@Demo.Example.TEST", "ellie.ward@demo.example.test"):
        response = Client().post(reverse("account_login"), {"login": typed, "password": "purple-kettle-on-the-hill"})
        assert response.status_code == 302, typed


def test_users_and_workers_keep_whole_addresses_in_lower_case_however_they_are_saved(people):
    assert User.objects.create_user(email="Mo.Staff@Council.Example.TEST").email == "mo.staff@council.example.test"
    user = people.young_person.user
    user.email = "Robin.Ash@Example.TEST"
    user.save()
    user.refresh_from_db()
    assert user.email == "robin.ash@example.test"
    assert User.objects.get(email="ROBIN.ASH@example.test") == user
    worker = WorkerFactory(council=people.council, email="Sita.Worker@Council.Example.TEST")
    worker.full_clean()
    assert Worker.objects.get(pk=worker.pk).email == "sita.worker@council.example.test"
    assert Client().login(email="ROBIN.ASH@EXAMPLE.TEST", password=PASSWORD)


def test_an_address_differing_only_in_capitals_from_another_accounts_is_refused(people):
    clash = User(email=people.young_person.user.email.upper())
    clash.set_unusable_password()
    with pytest.raises(ValidationError) as refused:
        clash.full_clean()
    assert "email" in refused.value.message_dict


def with_capitals(table, pk, email):
    """Rows as saved before addresses were kept in lower case (the field would lower-case them now)."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET email = %s WHERE id = %s", [email, pk])


def test_the_migration_lower_cases_every_saved_address_and_drops_allauth_rows_for_any_other(people):
    user, other = people.young_person.user, people.social_worker.user
    with_capitals("casework_user", user.pk, "Robin.Ash@Example.TEST")
    with_capitals("casework_worker", people.manager.pk, "Mo.Manager@Council.TEST")
    sky = YoungPersonFactory(council=people.council, user=None)
    invitation, _token = invitation_create(young_person=sky, email="sky@example.test", by=people.manager,
                                           now=timezone.now())
    with_capitals("casework_invitation", invitation.pk, "Sky@Example.TEST")
    mine = EmailAddress.objects.create(user=user, email="x@example.test", verified=True, primary=True)
    with_capitals("account_emailaddress", mine.pk, "Robin.Ash@Example.TEST")
    EmailAddress.objects.create(user=user, email="robin.ash@example.test", verified=False, primary=False)
    EmailAddress.objects.create(user=user, email="old-address@example.test", verified=True, primary=False)
    EmailAddress.objects.create(user=other, email="robin.ash@example.test.invalid", verified=True)

    MIGRATION.email_addresses_in_lower_case(apps, None)

    assert User.objects.filter(pk=user.pk).values_list("email", flat=True).get() == "robin.ash@example.test"
    assert Worker.objects.filter(pk=people.manager.pk).values_list("email", flat=True).get() == "mo.manager@council.test"
    assert Invitation.objects.filter(pk=invitation.pk).values_list("email", flat=True).get() == "sky@example.test"
    assert list(EmailAddress.objects.values_list("pk", "email")) == [(mine.pk, "robin.ash@example.test")]


def test_the_migration_stops_and_names_two_accounts_whose_addresses_differ_only_in_capitals(people):
    user = people.young_person.user
    with_capitals("casework_user", people.social_worker.user.pk, user.email.upper())
    with pytest.raises(RuntimeError, match="differ only in capitals") as stopped:
        MIGRATION.email_addresses_in_lower_case(apps, None)
    assert f"(user {user.pk})" in str(stopped.value) and "Change one of each pair in the admin" in str(stopped.value)
    assert User.objects.filter(pk=user.pk).values_list("email", flat=True).get() == user.email  # nothing changed
