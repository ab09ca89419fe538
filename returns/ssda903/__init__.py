"""Reading, checking and writing the SSDA903 return: pure Python, no database.

- tables.py: the tables, their DfE columns and code lists (with meanings), which columns are dates, codes, required.
- reading.py: read_903(files) -> Return903 (rows.py), CSV recognised by header row; xml_form.py for the XML form.
- checking.py: check_903(ret) -> list[Problem] (returns/problems.py); values.py converts cells (parse_date...).
- typed.py: ret.children() -> ChildRecord per child, what the importer consumes.
- writing.py: write_csv(tables), collection_year(tables, year); xml_form.write_xml(tables).
- synthetic.py + child_story.py: a seeded, valid synthetic council; spoiling.py makes bad files for tests.
- dfe_validator.py + VALIDATOR.md: running the DfE's validator (Python 3.11, its own virtualenv) over files.
"""
