"""The SSDA903 and Annex A imports and exports (sub-packages of this app hold the models)."""
