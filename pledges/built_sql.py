"""SQL built once and run many times. On the busiest pages, building a query (Q objects, annotations, a UNION of
many parts) and compiling it cost more of the page's CPU than the database took to run it, and the SQL is the same
all day for the same inputs. Each process keeps the SQL and its parameters for a key saying everything the query
depends on; the rows are read every time (nothing here is a cached result)."""
from collections.abc import Callable


class BuiltSql:
    def __init__(self, *, limit: int):
        self._built: dict[tuple, tuple[str, list]] = {}
        self.limit = limit  # a bound on memory (every period, team or member of staff seen, or a test run)

    def get(self, key: tuple, build: Callable[[], tuple[str, list]]) -> tuple[str, list]:
        """The SQL and parameters for `key`, from `build()` the first time it is asked for."""
        if key not in self._built:
            if len(self._built) >= self.limit:
                self._built.clear()  # start again
            sql, params = build()
            self._built[key] = (sql, list(params))
        return self._built[key]
