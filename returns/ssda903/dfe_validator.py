"""Run the DfE's public 903 validator (csc-validator-be-903, package lac_validator) over a directory of return
files and print every issue. It needs Python 3.11 and its own virtualenv (it pins pandas < 2), so this file
imports nothing from the portal and is run by that virtualenv's python, not the portal's:

    var/dfe-validator/bin/python returns/ssda903/dfe_validator.py --year 2026 [--previous DIR] DIR

--year is the year of the collection's 31 March (2026 is 2025-26, rules lac2025_26). It prints one line per
issue (rule code, table, row, CHILD, rule message), then "N issues", and exits 1 when there are any. See
VALIDATOR.md.
"""
import argparse
import importlib
import logging
import sys
from pathlib import Path


def files_in(directory: str, description: str) -> list[dict]:
    return [{"name": path.name, "description": description, "file_content": path.read_bytes()}
            for path in sorted(Path(directory).iterdir()) if path.suffix.lower() in (".csv", ".xml")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory")
    parser.add_argument("--year", type=int, required=True, help="year of the collection's 31 March, e.g. 2026")
    parser.add_argument("--previous", help="directory of the previous year's files (optional)")
    parser.add_argument("--la", default="E09000027", help="the council's ONS code")
    arguments = parser.parse_args()
    logging.disable(logging.WARNING)  # the validator logs every rule at INFO and warns on NaNs
    from lac_validator.lac_validator import LacValidator, create_issue_df
    from lac_validator.report import Report

    ruleset = f"lac{arguments.year - 1}_{arguments.year % 100:02d}"
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    files = files_in(arguments.directory, "This year")
    if arguments.previous:
        files += files_in(arguments.previous, "Prev year")
    validator = LacValidator(metadata={"collectionYear": str(arguments.year), "localAuthority": arguments.la},
                             files=files, registry=registry)
    # In the XML form the validator makes a table with no rows (often AD1, PlacedAdoption) a DataFrame with no
    # columns, on which its report fails: leave those out of the report (they have no rows to flag anyway).
    results = {name: table for name, table in validator.ds_results.items()
               if name == "metadata" or "CHILD" in table.columns}
    report = Report(results, registry)
    if validator.fails:
        print(f"rules that could not run on these files: {', '.join(validator.fails)}", file=sys.stderr)
    has_errors = [column for column in report.report.columns if column.startswith("ERR_")]
    if not has_errors or not report.report[has_errors].any().any():
        print("0 issues")
        return 0
    issues = create_issue_df(report.report, report.error_report).drop_duplicates(
        ["child_id", "tables_affected", "row_id", "rule_code"])
    for issue in issues.itertuples():
        print(f"{issue.rule_code}\t{issue.tables_affected}\trow {issue.row_id}\tCHILD {issue.child_id}\t"
              f"{issue.rule_description}")
    print(f"{len(issues)} issues")
    return 1


if __name__ == "__main__":
    sys.exit(main())
