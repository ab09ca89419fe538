"""Backups you can restore: the README's procedure (`pg_dump -Fc`, then `pg_restore` into a fresh database), run on a
small council's committed records, gives back every young person's promise ledger and audit log row for row.

PostgreSQL only (CI runs on it): the procedure is PostgreSQL's own tools. The restored database has a name no other
run can use (restore_check_<pid>_<random>) and is dropped at the end, whatever happens.
"""
import os
import re
import subprocess
import uuid

import psycopg2
import pytest
from django.apps import apps
from django.db import connection

from casework.audit.models import AuditEvent, audit_events_record
from pledges.models import LedgerEntry

from .celery_workers import overdue_caseload

pytestmark = pytest.mark.django_db(transaction=True)  # committed, so pg_dump (another session) sees it

LEDGER = LedgerEntry._meta.db_table
AUDIT = AuditEvent._meta.db_table


def per_young_person(cursor, table: str) -> dict[int, tuple[int, str]]:
    """Each young person's rows in the table: how many, and an MD5 of every column of every row, in id order."""
    cursor.execute(f'SELECT young_person_id, count(*), md5(string_agg(t::text, \'|\' ORDER BY t.id)) '
                   f'FROM "{table}" t GROUP BY young_person_id ORDER BY young_person_id')
    return {young_person: (count, checksum) for young_person, count, checksum in cursor.fetchall()}


def every_table_count(cursor) -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')
        counts[model._meta.db_table] = cursor.fetchone()[0]
    return counts


def major_version(text: str) -> int:
    return int(re.search(r"(\d+)", text).group(1))


def tool(name: str, *arguments: str, database: dict) -> None:
    """One of PostgreSQL's command-line tools, as the README's procedure runs it, against the test's server."""
    env = {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}
    command = [name, "--host", database["HOST"] or "localhost", "--port", str(database["PORT"] or 5432),
               "--username", database["USER"], *arguments]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(command)}: {result.stderr}"


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("backups are PostgreSQL's pg_dump and pg_restore: set DATABASE_URL=postgres://... (CI does)")
    server = connection.pg_version // 10000  # e.g. 150020: PostgreSQL 15
    for name in ("pg_dump", "pg_restore"):
        client = major_version(subprocess.run([name, "--version"], capture_output=True, text=True).stdout)
        assert client >= server, f"{name} {client} cannot dump or restore PostgreSQL {server}: install its client"
    return connection.settings_dict


def a_small_council_with_history(people):
    """A council's young people with ledger rows (the measure builds them) and audit events (staff looking at
    and changing their records, as the audit middleware records them)."""
    overdue_caseload(people, extra=6)
    young_people = list(people.council.young_people.values_list("pk", flat=True))
    for action, url_name in (("view", "young_person_overview"), ("change", "contact_add"), ("view", "my_pledge")):
        audit_events_record(user=people.social_worker.user, worker=people.social_worker, young_person_ids=young_people,
                            action=action, method="GET" if action == "view" else "POST", url_name=url_name,
                            path=f"/young-people/{url_name}/", ip_address="192.0.2.10")
    audit_events_record(user=people.elsewhere_manager.user, worker=people.elsewhere_manager,
                        young_person_ids=[people.elsewhere_young_person.pk], action="export", method="GET",
                        url_name="young_person_export", path="/export/", ip_address=None)
    return young_people


def test_a_dump_restored_into_a_fresh_database_has_every_young_persons_ledger_and_audit_log(
        postgresql, people, tmp_path):
    young_people = a_small_council_with_history(people)
    with connection.cursor() as cursor:
        ledger, audit, counts = per_young_person(cursor, LEDGER), per_young_person(cursor, AUDIT), \
            every_table_count(cursor)
    assert len(ledger) == 7  # Robin and the six added have promises owed (Sky has no date into care)
    assert set(audit) == {*young_people, people.elsewhere_young_person.pk}

    dump = tmp_path / "pledge_portal.dump"
    fresh = f"restore_check_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    tool("pg_dump", "--format=custom", "--file", str(dump), postgresql["NAME"], database=postgresql)
    try:
        tool("createdb", fresh, database=postgresql)
        tool("pg_restore", "--exit-on-error", "--no-owner", "--dbname", fresh, str(dump), database=postgresql)
        restored = psycopg2.connect(dbname=fresh, host=postgresql["HOST"] or "localhost",
                                    port=postgresql["PORT"] or 5432, user=postgresql["USER"],
                                    password=postgresql["PASSWORD"] or None)
        try:
            with restored.cursor() as cursor:
                assert per_young_person(cursor, LEDGER) == ledger
                assert per_young_person(cursor, AUDIT) == audit
                assert every_table_count(cursor) == counts
                # The migrations are there too: the restored database is one the portal can start on.
                cursor.execute("SELECT count(*) FROM django_migrations")
                assert cursor.fetchone()[0] > 0
        finally:
            restored.close()
    finally:
        tool("dropdb", "--if-exists", fresh, database=postgresql)
