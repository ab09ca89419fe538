"""Notification records and delivery attempts: built with the deadline sweep (issue 3)."""
