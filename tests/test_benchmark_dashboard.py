"""`manage.py benchmark --dashboard-sizes`: it prints each page's timings and query count, the dashboard's count
does not grow with the council, and Benchmarkshire is gone afterwards."""
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from casework.models import Council, User, YoungPerson
from pledges.models import LedgerEntry, Measure, Pledge

PAGES = ["Dashboard, no filters", "Dashboard, one team", "Dashboard, one worker", "Measure drill-down",
         "Workers page, one team", "One worker's record", "Bare page (notifications)"]


def benchmark(sizes: str) -> str:
    out = StringIO()
    call_command("benchmark", "--dashboard-sizes", sizes, "--dashboard-years", "1", "--requests", "2", stdout=out)
    return out.getvalue()


def query_counts(output: str, page: str) -> list[str]:
    """The query count printed for a page, once per council size."""
    return re.findall(rf"^  {re.escape(page)}.*: median [\d.]+ ms, p95 [\d.]+ ms, (\S+) queries", output, re.M)


@pytest.mark.django_db
def test_the_dashboard_benchmark_times_each_page_and_leaves_no_benchmarkshire_behind():
    output = benchmark("30")
    assert "Benchmarkshire, 30 young people, 1 year: built in" in output
    for page in PAGES:
        assert len(query_counts(output, page)) == 1, (page, output)
    assert not Council.objects.filter(slug="benchmarkshire").exists()
    assert not User.objects.filter(email__endswith="@benchmark.test").exists()
    assert (YoungPerson.objects.count(), LedgerEntry.objects.count(), Measure.objects.count(), Pledge.objects.count()) \
        == (0, 0, 0, 0)


@pytest.mark.django_db
def test_the_dashboard_takes_as_many_queries_for_three_times_the_young_people():
    output = benchmark("30,90")
    for page in PAGES:
        small, large = query_counts(output, page)
        assert small == large, (page, output)


@pytest.mark.django_db
def test_sizes_that_are_not_whole_numbers_are_an_error():
    with pytest.raises(CommandError, match="whole numbers separated by commas"):
        benchmark("2000,lots")
