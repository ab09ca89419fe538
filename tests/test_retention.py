"""Retention: a young person's record is anonymised the day their council's retention period ends (75 years after
their 18th birthday unless the council sets otherwise), never the day before; --dry-run only says so."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.models import Concern, Council, HealthCheck, User, YoungPerson
from casework.audit.retention import retention_apply
from pledge_portal.celery import app as celery_app

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# Born 14 March 1940: 18 on 14 March 1958; kept 75 years after that, until 14 March 2033.
BORN = date(1940, 3, 14)
DAY_BEFORE = datetime(2033, 3, 13, 12, tzinfo=LONDON)
THE_DAY = datetime(2033, 3, 14, 0, 30, tzinfo=LONDON)


@pytest.fixture
def old_record(people):
    robin = people.young_person
    robin.date_of_birth, robin.became_looked_after_on = BORN, date(1950, 6, 1)
    robin.save()
    HealthCheck.objects.create(young_person=robin, recorded_by=people.social_worker, kind="dental",
                               checked_on=date(1952, 1, 5), note="Robin was scared of the dentist")
    Concern.objects.create(young_person=robin, kind="worry", audience="worker", text="Something private",
                           raised_at=datetime(1955, 1, 1, tzinfo=LONDON))
    client = Client()
    client.force_login(people.social_worker.user)
    client.get(reverse("health_checks", args=[robin.pk]))
    return robin


def test_a_new_council_keeps_records_75_years_after_the_18th_birthday():
    assert Council._meta.get_field("retain_records_years").default == 75


@time_machine.travel(DAY_BEFORE, tick=False)
def test_nothing_is_anonymised_the_day_before_the_period_ends(old_record):
    assert retention_apply(today=date(2033, 3, 13)) == []
    old_record.refresh_from_db()
    assert old_record.first_name == "Robin" and old_record.anonymised_on is None


@time_machine.travel(THE_DAY, tick=False)
def test_on_the_day_the_record_is_anonymised_and_the_log_and_other_young_people_kept(people, old_record):
    call_command("apply_retention", stdout=open("/dev/null", "w"))
    robin = YoungPerson.objects.get(pk=old_record.pk)
    assert (robin.first_name, robin.preferred_name, robin.date_of_birth, robin.anonymised_on) == (
        "Anonymised", "", date(1940, 1, 1), date(2033, 3, 14))
    assert "Ash" not in robin.last_name
    assert HealthCheck.objects.get(young_person=robin).note == ""
    assert Concern.objects.get(young_person=robin).text == ""
    user = User.objects.get(pk=robin.user_id)
    assert not user.is_active and not user.has_usable_password() and "anonymised" in user.email
    assert AuditEvent.objects.filter(young_person=robin).count() == 1  # who looked is kept
    assert YoungPerson.objects.get(pk=people.other_young_person.pk).first_name == "Sky"


@time_machine.travel(THE_DAY, tick=False)
def test_a_dry_run_lists_who_would_be_anonymised_by_id_and_changes_nothing(old_record, capsys):
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert f"Would anonymise young person {old_record.pk} (Testshire): records kept until 14 March 2033" in out
    assert "Would anonymise 1 record." in out and "Robin" not in out
    old_record.refresh_from_db()
    assert old_record.first_name == "Robin"


@time_machine.travel(THE_DAY, tick=False)
def test_a_council_that_keeps_records_longer_is_not_anonymised_yet_and_a_second_run_does_nothing(people, old_record):
    people.elsewhere_young_person.date_of_birth = BORN
    people.elsewhere_young_person.save()
    Council.objects.filter(pk=people.elsewhere.pk).update(retain_records_years=80)
    assert [due.young_person.pk for due in retention_apply(today=date(2033, 3, 14))] == [old_record.pk]
    assert retention_apply(today=date(2033, 3, 14)) == []


def test_celery_beat_applies_retention_every_night(old_record):
    assert celery_app.conf.beat_schedule["apply-retention"]["task"] == "notifications.apply_retention"
    with time_machine.travel(THE_DAY, tick=False):
        assert celery_app.tasks["notifications.apply_retention"].apply().get() == 1


@time_machine.travel(THE_DAY, tick=False)
def test_retention_clears_names_schools_carers_addresses_and_the_admins_log_not_only_notes(people, old_record):
    """What survived before: short text (char fields), allauth's addresses and the admin's log of changes."""
    from allauth.account.models import EmailAddress
    from django.contrib.admin.models import CHANGE, LogEntry

    from casework.models import ImportantPerson, PersonalEducationPlan, Placement

    ImportantPerson.objects.create(young_person=old_record, name="Nan Ash", relationship="nan",
                                   added_on=date(1950, 1, 1))
    PersonalEducationPlan.objects.create(young_person=old_record, reviewed_on=date(1951, 1, 1), school="Ash Primary",
                                         young_person_involved=True, targets="Reading",
                                         recorded_by=people.social_worker)
    Placement.objects.create(young_person=old_record, kind="foster", carer_or_home="The Ash family",
                             started_on=date(1950, 6, 1), recorded_by=people.social_worker)
    login_email = old_record.user.email
    EmailAddress.objects.create(user=old_record.user, email=login_email, verified=True, primary=True)
    LogEntry.objects.log_actions(user_id=people.manager.user_id, queryset=[old_record], action_flag=CHANGE,
                                 change_message="Changed Robin Ash's preferred name")
    retention_apply(today=date(2033, 3, 14))
    assert ImportantPerson.objects.get(young_person=old_record).name == ""
    assert PersonalEducationPlan.objects.get(young_person=old_record).school == ""
    assert Placement.objects.get(young_person=old_record).carer_or_home == ""
    # Gone, or replaced: retention empties the row and the login's new address takes the old row away
    # (casework.accounts.sign_in_addresses).
    assert not EmailAddress.objects.filter(email__iexact=login_email).exists()
    assert "Ash" not in "".join(LogEntry.objects.values_list("object_repr", "change_message").get())


@time_machine.travel(THE_DAY, tick=False)
def test_retention_of_a_grant_paid_over_the_balance_keeps_its_approval_and_hides_its_reason(people, old_record):
    """The grant's check constraint wants a reason wherever a manager approved; emptying it stopped the night's run."""
    from casework.models import GrantPayment

    GrantPayment.objects.create(young_person=old_record, paid_on=date(1958, 4, 1), amount_pence=100,
                                what_for="Ash's bed",
                                recorded_by=people.social_worker, over_balance_approved_by=people.manager,
                                over_balance_reason="Robin had nothing to sleep on")
    assert len(retention_apply(today=date(2033, 3, 14))) == 1
    payment = GrantPayment.objects.get(young_person=old_record)
    assert (payment.what_for, payment.over_balance_reason, payment.over_balance_approved_by) == (
        "", "Anonymised", people.manager)
