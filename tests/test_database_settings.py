"""PostgreSQL runs the portal's queries without JIT compilation (settings.DATABASES): a worktray query that does 2 ms
of work took 120-250 ms more to compile at a council of 2,000. CI runs on PostgreSQL; SQLite has no JIT."""
import pytest
from django.db import close_old_connections, connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no JIT to turn off")
def test_every_connection_to_postgresql_has_jit_off():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)



@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite opens a file, not a server's process")
@pytest.mark.django_db(transaction=True)
def test_a_connection_to_postgresql_outlives_the_request():
    """Each web process keeps its connection between requests, rather than making PostgreSQL start a new process
    for every page. Django's handler calls close_old_connections() at the start and end of every request: it closes
    the connection unless CONN_MAX_AGE says to keep it (the test client skips that call, so this makes it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        before = cursor.fetchone()[0]
    close_old_connections()
    assert connection.connection is not None, "the end of a request would close the connection"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] == before
