"""Dependencies run one way: casework <- reviews <- pledges <- notifications. Lower apps never import higher ones."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["casework", "reviews", "pledges", "notifications"]


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_apps_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    files = list((ROOT / app).rglob("*.py"))
    assert files
    offenders = {str(path.relative_to(ROOT)): imported_apps(path) - allowed for path in files}
    assert {path: apps for path, apps in offenders.items() if apps} == {}
