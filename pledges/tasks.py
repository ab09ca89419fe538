"""Celery tasks of the pledges app. The ledger's rebuild task is defined beside the service that enqueues it
(pledges.ledger.runs), so nothing imports this module; it is here so the worker, which loads each app's tasks
module, registers it."""
from .ledger.runs import recompute_ledger  # noqa: F401  (registered)
