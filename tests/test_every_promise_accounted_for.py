"""Every promise in both seed pledges is measured by a deadline rule, or marked "not measured" with a reason.

STILL_TO_MEASURE is issue 5's remaining work, named so it cannot grow unnoticed: the test fails when a
promise is neither measured nor explained and is not on the list, and when one on the list gets a measure
or a reason (so the list shrinks as the work is done). It must end empty.
"""
from io import StringIO

import pytest
from django.core.management import call_command

from pledges.models import Promise

pytestmark = pytest.mark.django_db

BATH, BARKING = "bath-and-north-east-somerset", "barking-and-dagenham"
STILL_TO_MEASURE: set = set()


def test_every_promise_is_measured_or_says_why_not():
    call_command("load_pledges", stdout=StringIO())
    promises = list(Promise.objects.select_related("section__pledge__council").prefetch_related("measures"))
    assert len(promises) == 77
    unaccounted = {
        (p.section.pledge.council.slug, p.text[:60])
        for p in promises
        if p.depth == 0 and not p.measures.all() and not p.not_measured_reason.strip()
    }
    measured = sum(1 for p in promises if p.measures.all())
    explained = sum(1 for p in promises if p.not_measured_reason.strip())
    print(f"{measured} promises measured, {explained} not measured with a reason, {len(unaccounted)} still to do")
    assert unaccounted == STILL_TO_MEASURE
