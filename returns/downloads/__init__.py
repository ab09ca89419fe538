"""The manager's downloads of the SSDA903 return and Annex A lists: prepared by a Celery task, then downloaded."""
