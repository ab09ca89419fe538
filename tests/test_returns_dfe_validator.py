"""The DfE's own validator (csc-validator-be-903, in its own Python 3.11 virtualenv) finds no issue in a year of
the synthetic council. `make test` installs that virtualenv (var/dfe-validator); returns/ssda903/VALIDATOR.md says
how to run it by hand."""
import subprocess
from datetime import date
from pathlib import Path

import pytest

from returns.ssda903.synthetic import council_903
from returns.ssda903.writing import collection_year, write_csv
from returns.ssda903.xml_form import write_xml

pytestmark = []

ROOT = Path(__file__).resolve().parent.parent
VALIDATOR_PYTHON = ROOT / "var" / "dfe-validator" / "bin" / "python"
RUNNER = ROOT / "returns" / "ssda903" / "dfe_validator.py"


@pytest.fixture(autouse=True)
def validator_installed():
    assert VALIDATOR_PYTHON.exists(), "The DfE validator is not installed: run `make test` (it makes var/dfe-validator)."


@pytest.mark.parametrize("year, form", [(2026, "csv"), (2024, "csv"), (2026, "xml")])
def test_the_dfe_validator_finds_no_issues_in_a_synthetic_year(tmp_path, year, form):
    tables = collection_year(council_903(children=300, years=5, seed=year, end=date(year, 3, 31)), year)
    files = write_csv(tables) if form == "csv" else {"ssda903.xml": write_xml(tables)}
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    result = subprocess.run([VALIDATOR_PYTHON, RUNNER, "--year", str(year), tmp_path], capture_output=True,
                            text=True, timeout=300)
    assert result.stdout.splitlines()[-1] == "0 issues", result.stdout[-3000:]
    assert result.returncode == 0
