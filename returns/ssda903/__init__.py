"""Reading, checking and writing the SSDA903 return (pure Python: no database here; see reading.py for the shape)."""
