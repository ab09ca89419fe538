"""PostgreSQL runs the portal's queries without JIT compilation (settings.DATABASES): a worktray query that does 2 ms
of work took 120-250 ms more to compile at a council of 2,000. CI runs on PostgreSQL; SQLite has no JIT."""
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no JIT to turn off")
def test_every_connection_to_postgresql_has_jit_off():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
