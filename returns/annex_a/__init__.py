"""Reading and checking Ofsted's Annex A lists 8 (children in care) and 9 (care leavers), CSV or XLSX."""
