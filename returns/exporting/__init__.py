"""The council's statutory returns given back from the portal's records: the SSDA903 return (ssda903.py, with
episodes.py for the placements) and Ofsted's Annex A lists 8 and 9 (annex_a.py). service.py is the way in."""
