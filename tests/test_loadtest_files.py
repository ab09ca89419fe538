"""The load test's files load (no server needed): the locustfile's people, their shares, and its helpers.

The load test itself is a benchmark (loadtest/run.sh, figures in the README), not a timed test."""
import json
import subprocess
import sys
from pathlib import Path

from loadtest import portal, summary

ROOT = Path(__file__).resolve().parent.parent
# Importing locust monkey-patches the whole process for gevent, so the locustfile is loaded in a process of its own.
READ_LOCUSTFILE = """
import json
from locust import HttpUser
from loadtest import locustfile
users = [locustfile.YoungPersonUser, locustfile.WorkerUser, locustfile.ManagerUser]
print(json.dumps([[cls.__name__, cls.weight, cls.kind, issubclass(cls, HttpUser) and not cls.abstract,
                   len(set(cls.tasks))] for cls in users]))
"""


def test_the_locustfile_has_young_people_workers_and_managers_in_six_three_one_shares():
    loaded = subprocess.run([sys.executable, "-c", READ_LOCUSTFILE], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, check=True)
    users = json.loads(loaded.stdout.strip().splitlines()[-1])
    assert [[name, weight, kind, is_user] for name, weight, kind, is_user, _ in users] == [
        ["YoungPersonUser", 6, "young_people", True], ["WorkerUser", 3, "caseholders", True],
        ["ManagerUser", 1, "managers", True]]
    assert [tasks for *_, tasks in users] == [3, 3, 3]


def test_the_authenticator_code_is_rfc_6238s():
    # RFC 6238 appendix B's SHA-1 secret ("12345678901234567890") at 59 seconds: 94287082, of which 6 digits.
    assert portal.totp_code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", at=59) == "287082"


def test_each_simulated_person_gets_an_account_of_their_own(tmp_path, monkeypatch):
    accounts = tmp_path / "accounts.json"
    accounts.write_text(json.dumps({
        "young_people": [{"email": f"young-{n}@x.invalid", "young_person": n} for n in range(3)],
        "staff": [{"email": "m@x.invalid", "role": "manager", "team": 1, "totp_secret": "A" * 32, "caseload": []}],
    }))
    monkeypatch.setattr(portal, "ACCOUNTS_FILE", accounts)
    monkeypatch.setattr(portal, "_accounts", None)
    monkeypatch.setattr(portal, "_handed_out", {})
    assert len({portal.next_account("young_people")["email"] for _ in range(3)}) == 3
    assert portal.next_account("managers")["role"] == "manager"


def test_the_summary_prints_percentiles_per_page_and_errors():
    samples = [[100.0 + n, "young person: my pledge", float(n), True, ""] for n in range(1, 101)]
    samples.append([150.0, "worker: worktray", 20.0, False, "500 at /young-people/"])
    text = summary.summary({"signed_in_at": [120.0], "samples": samples})
    assert "young person: my pledge" in text and "p95 ms" in text
    assert "1 x worker: worktray: 500 at /young-people/" in text
    assert "MISSED" in text
