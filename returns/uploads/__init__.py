"""A manager's imports and exports in the portal: files uploaded, checked (a dry run) and imported by Celery tasks
(returns.uploads.jobs), and the 903 return and Annex A lists downloaded (returns.uploads.views)."""
