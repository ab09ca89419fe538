"""Importing a council's SSDA903 return and Annex A lists: service.py (returns_import_903, returns_import_annex_a,
ImportSummary) is the way in; plan.py, people903.py, records903.py and annex.py do the work."""
