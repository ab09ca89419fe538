"""Dependencies run one way: casework <- reviews <- pledges <- notifications <- returns. Lower apps never import
higher ones."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["casework", "reviews", "pledges", "notifications", "returns"]


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


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_in(text: str, package: str) -> set[str]:
    """Every module a file's text imports, at the top or inside a function (a lazy import is still a
    dependency), relative imports resolved against its package. `from a import b` counts as importing both
    `a` and `a.b`, since b may be a module."""
    found = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def imported_modules(path: Path) -> set[str]:
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


# --- Inside casework: its rooms ----------------------------------------------------------------------------
# casework is split into rooms (sub-packages), each holding one part of a young person's record with its models,
# forms, services and views. They stand in layers, lowest first: a room imports only rooms of lower layers, never
# one beside it or above it. Everyone's record hangs off people (councils, workers, young people, allocations,
# and the rules for who sees and who records what). The audit log is written from pages in other rooms (the staff
# list of worries logs whom it showed), so it sits right above people. The rest are independent of each other.
CASEWORK_LAYERS = [
    {"people"},
    {"audit"},
    {"contacts", "plans", "worries", "health", "family", "education", "leaving_care", "accounts",
     "staffing"},
]
ROOMS = set().union(*CASEWORK_LAYERS)
# casework's own modules any room may use: they import no room.
SHARED = {"casework.fields", "casework.phone", "casework.working_days", "casework.form_parts",
          "casework.templatetags.money"}
# Everything else at casework's top level stands above every room, and no room imports it: models.py (which
# gathers every room's models for Django and for the other apps), admin, urls, apps, management commands.


def casework_part(module: str) -> str | None:
    """The room a casework module is in, "shared", "above" (casework's top level), or None outside casework."""
    parts = module.split(".")
    if parts[0] != "casework":
        return None
    if len(parts) > 1 and parts[1] in ROOMS:
        return parts[1]
    if any(module == shared or module.startswith(shared + ".") for shared in SHARED):
        return "shared"
    return "above"


def wrong_way(path: Path, room: str, text: str | None = None) -> list[str]:
    """What a file of this room imports from casework that is not its own room, a lower layer's or shared."""
    layer = next(index for index, rooms in enumerate(CASEWORK_LAYERS) if room in rooms)
    allowed = {room, "shared", None}.union(*CASEWORK_LAYERS[:layer])
    modules = imports_in(text, f"casework.{room}") if text is not None else imported_modules(path)
    return sorted(module for module in modules if casework_part(module) not in allowed)


def test_every_room_is_in_a_layer():
    on_disk = {path.parent.name for path in (ROOT / "casework").glob("*/__init__.py")}
    assert on_disk - {"management", "templatetags", "migrations"} == ROOMS


@pytest.mark.parametrize("room", sorted(ROOMS))
def test_a_room_imports_only_rooms_of_lower_layers(room):
    files = list((ROOT / "casework" / room).rglob("*.py"))
    assert files
    offenders = {str(path.relative_to(ROOT)): wrong_way(path, room) for path in files}
    assert {path: modules for path, modules in offenders.items() if modules} == {}


def test_the_shared_modules_import_no_room():
    files = [ROOT / (shared.replace(".", "/") + ".py") for shared in SHARED]
    offenders = {str(path.relative_to(ROOT)): sorted(module for module in imported_modules(path)
                                                     if casework_part(module) not in {"shared", None})
                 for path in files}
    assert {path: modules for path, modules in offenders.items() if modules} == {}


def test_the_room_check_sees_an_import_the_wrong_way():
    """The checks above pass vacuously if imports go unseen: one up, one sideways, one to casework.models."""
    text = ("from casework.audit.models import AuditEvent\nfrom ..plans import views\n"
            "from casework.models import Concern\nfrom .scoping import worker_for\n")
    assert wrong_way(ROOT / "casework/people/probe.py", "people", text) == [
        "casework.audit.models", "casework.audit.models.AuditEvent", "casework.models", "casework.models.Concern",
        "casework.plans", "casework.plans.views"]
    assert wrong_way(ROOT / "casework/worries/probe.py", "worries", text) == [
        "casework.models", "casework.models.Concern", "casework.plans", "casework.plans.views"]


# --- No source file over 400 lines --------------------------------------------------------------------------
# A file that grows past this holds more than one thing; split it by what it is about. Migrations are written by
# Django, not read, and are not held to it; tests are held to it too, split by what they test.
MAX_LINES = 400
SOURCE_FOLDERS = ["casework", "reviews", "pledges", "notifications", "returns", "pledge_portal"]
# Over the limit for now, each with why; nothing may join this list (empty since the ledger became a package).
OVER_FOR_NOW: set[str] = set()


def source_files() -> list[Path]:
    """Every Python file of the apps, the project and the tests, found by walking, so a new one is held to the
    rules."""
    return [path for folder in [*SOURCE_FOLDERS, "tests"] for path in (ROOT / folder).rglob("*.py")
            if "migrations" not in path.relative_to(ROOT).parts] + [ROOT / "manage.py"]


def test_no_source_file_is_over_400_lines():
    lengths = {str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
               for path in source_files()}
    assert len(lengths) > 100
    assert {path: n for path, n in lengths.items() if n > MAX_LINES and path not in OVER_FOR_NOW} == {}


# --- No import circle inside notifications ------------------------------------------------------------------
def import_circles(app: str) -> list[list[str]]:
    """Circles between an app's modules, counting imports inside functions too (they were how the circle
    between delivery, sweep and tasks was hidden)."""
    files = {module_name(path): path for path in (ROOT / app).rglob("*.py")}
    graph = {module: {other for other in imported_modules(path) if other in files and other != module}
             for module, path in files.items()}
    circles, done = [], set()

    def visit(module, path):
        if module in path:
            circles.append(path[path.index(module):] + [module])
            return
        if module in done:
            return
        for other in sorted(graph[module]):
            visit(other, path + [module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    return circles


def test_notifications_has_no_import_circle():
    assert import_circles("notifications") == []


def test_the_circle_check_sees_a_circle(monkeypatch):
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: {
        "delivery.py": "from .tasks import deliver_email\n", "tasks.py": "def f():\n    from .delivery import x\n",
    }.get(self.name, ""))
    assert ["notifications.delivery", "notifications.tasks", "notifications.delivery"] in import_circles(
        "notifications")


# --- Template comments --------------------------------------------------------------------------------------
def test_no_template_comment_spans_lines():
    """Django's {# #} is one line only: one that spans lines is printed on the page. Use {% comment %}."""
    templates = [path for folder in [*SOURCE_FOLDERS, "templates"] for path in (ROOT / folder).rglob("*.html")]
    assert len(templates) > 50
    open_comments = [f"{path.relative_to(ROOT)}:{number}" for path in templates
                     for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                     if line.count("{#") > line.count("#}")]
    assert open_comments == []
