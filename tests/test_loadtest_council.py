"""manage.py loadtest_council: the load test's synthetic council, with accounts locust signs in to."""
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import CommandError, call_command

from casework.models import Role, User, Worker, YoungPerson
from loadtest.portal import totp_code
from notifications.loadtest_council import build_loadtest_council
from pledges.models import Measure, Pledge


@pytest.mark.django_db
def test_everyone_gets_an_account_and_staff_an_authenticator_app_whose_codes_locust_can_work_out():
    accounts = build_loadtest_council(size=40, years=1, password="a-load-test-password")
    assert len(accounts["young_people"]) == YoungPerson.objects.filter(user__isnull=False).count() == 40
    young = User.objects.get(email=accounts["young_people"][0]["email"])
    assert young.check_password("a-load-test-password")
    manager = next(s for s in accounts["staff"] if s["role"] == Role.MANAGER)
    caseholder = next(s for s in accounts["staff"] if s["caseload"])
    assert set(caseholder["caseload"]) <= set(YoungPerson.objects.values_list("pk", flat=True))
    app = Authenticator.objects.get(user__email=manager["email"], type=Authenticator.Type.TOTP)
    assert TOTP(app).validate_code(totp_code(manager["totp_secret"]))
    assert Worker.objects.filter(role=Role.MANAGER).count() >= 10
    assert not Pledge.objects.filter(published_at__isnull=True).exists()  # young people see only published pledges
    assert not Measure.objects.filter(params__counts="complaint").exists()


@pytest.mark.django_db
def test_the_command_refuses_any_database_but_the_load_tests(monkeypatch, tmp_path):
    monkeypatch.setenv("LOADTEST_PASSWORD", "a-load-test-password")
    with pytest.raises(CommandError, match="its own database"):
        call_command("loadtest_council", "--young-people", "5", "--accounts-file", str(tmp_path / "accounts.json"))
    assert not YoungPerson.objects.exists()
