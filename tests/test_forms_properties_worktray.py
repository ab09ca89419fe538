"""The worktray's search, filter and sort (a GET form) held to tests/form_properties.py's properties, for a worker and
a manager: never a 500, errors in the GOV.UK error summary, nothing written, nothing typed shown unescaped."""
import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings

from .factories import TeamFactory, contact_measures
from .form_properties import (  # noqa: F401 (world and frozen_today are fixtures)
    CASES,
    MISSING,
    SCALE,
    Choice,
    Ref,
    Text,
    assert_escaped,
    encode,
    frozen_today,
    snapshot,
    submissions,
    world,
)

FILTERS = {
    "q": Text("Robin", 100),
    "status": Choice("looked_after", ("looked_after", "care_leaver", "left_care", "")),
    "has": Choice("overdue", ("overdue", "callback", "worry", "")),
    "team": Choice(Ref("team"), (Ref("team"), Ref("elsewhere_team"), "", "0")),
    "worker": Choice(Ref("social_worker"), (Ref("social_worker"), Ref("elsewhere_manager"), "")),
    "sort": Choice("urgent", ("urgent", "name", "next_due", "overdue", "")),
    "page": Choice(MISSING, ("1", "2", "0", "-1", "last", "99999999999999999999")),
}


@pytest.mark.parametrize("who", ["manager", "social_worker"])
def test_any_worktray_filters_are_a_page_with_the_errors_said_and_nothing_written(client, world, who):
    contact_measures(world.council)
    refs = {"team": str(world.team.pk), "elsewhere_team": str(TeamFactory(council=world.elsewhere).pk),
            **{name: str(getattr(world, name).pk) for name in ("social_worker", "elsewhere_manager")}}
    url = reverse("caseload")

    @settings(max_examples=round(15 * SCALE), deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(submission=submissions(FILTERS))
    def filtered(submission):
        CASES["run"] += 1
        with transaction.atomic():
            client.force_login(getattr(world, who).user)
            before = snapshot(())
            response = client.get(url, encode(submission, refs))
            assert response.status_code == 200
            page_html = response.content.decode()
            if response.context["form"].errors:
                assert "govuk-error-summary" in page_html
            assert snapshot(()) == before
            assert_escaped([page_html], [])
            transaction.set_rollback(True)

    filtered()
