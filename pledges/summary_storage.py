"""The ledger's summaries kept compact on PostgreSQL.

Every write to the ledger rewrites rows of the summaries (pledges.ledger_counts, pledges.group_counts,
pledges.feedback_counts). Written in many transactions, as a recompute writes a batch at a time, each new version of a
row goes in beside the old one and the next visitor to the page clears the old (pledges migration 0023). Written in
one long transaction, as a council's first SSDA903 import is (returns.importing.service), every version stays until
it ends: the 12,838 days of a council of 20,000 young people then took 39 MB instead of 1.2, and VACUUM leaves the
emptied pages where they are, so every dashboard read 39 MB (3.8 ms rather than 2). The nightly repair therefore
rewrites a summary that holds far more pages than its rows need (VACUUM FULL: it holds the table for the moment
the rewrite takes, 4 seconds for the team and worker summary at 20,000 young people, at 02:45).
"""
import logging
import math

from django.db import connection

from .feedback_counts import FeedbackDayCount
from .group_counts import GroupDayCount
from .ledger_counts import LedgerDayCount

log = logging.getLogger(__name__)

SUMMARIES = (LedgerDayCount, FeedbackDayCount, GroupDayCount)
FILLED = 0.7  # how full PostgreSQL fills a summary's pages (their fillfactor: pledges migration 0023)
ROOM = 4  # pages a summary may hold for each page its rows need
SMALL = 16  # pages below which a summary is left alone whatever it holds (128 kB)
ROW_OVERHEAD = 28  # bytes each row costs beyond its columns: its header and its line pointer


def summaries_repack() -> list[str]:
    """Rewrite each summary whose pages are more than ROOM times what its rows need, and return their tables' names.
    Nothing inside a transaction (VACUUM FULL cannot run in one), nor on SQLite, which has no such pages."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:  # a test's transaction
        return []
    repacked = []
    with connection.cursor() as cursor:
        for model in SUMMARIES:
            table = model._meta.db_table
            cursor.execute(f"SELECT pg_relation_size(%s) / current_setting('block_size')::int, "
                           f"COALESCE(SUM(pg_column_size(t.*) + {ROW_OVERHEAD}), 0), "
                           f"current_setting('block_size')::int FROM {table} AS t", [table])
            pages, row_bytes, page_size = cursor.fetchone()
            needed = math.ceil(row_bytes / (page_size * FILLED))
            if pages > max(ROOM * needed, SMALL):
                cursor.execute(f"VACUUM (FULL, ANALYZE) {table}")
                log.info("A summary was rewritten to fit its rows", extra={"table": table, "pages": pages,
                                                                         "needed": needed})
                repacked.append(table)
    return repacked
