"""Helpers for browser tests: real Chromium (Debian's package) driven by Playwright, checked by axe."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PHONE = {"width": 375, "height": 812}
# WCAG 2.2 AA and everything below it.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now; return its violations (empty when the page passes)."""
    # Evaluated through the DevTools protocol rather than added as a <script>, which the portal's Content
    # Security Policy (rightly) refuses.
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"axe found problems on {page.url}: {violations}"


def sign_in(page, base_url, email, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def fits_a_phone(page) -> bool:
    """Nothing runs off the side of a 375px screen."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def sign_out(page):
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def check_page(page, width: int, shots, name: str, desktop_width: int = 1280):
    """Fits a screen `width` wide and passes axe; at the phone's and the desktop's width, a full-page screenshot in
    the folder `shots` (a Path) for checking by eye."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} runs off a {width}px screen"
    assert_accessible(page)
    if width in (PHONE["width"], desktop_width):
        shots.mkdir(parents=True, exist_ok=True)
        suffix = "phone" if width == PHONE["width"] else "desktop"
        page.screenshot(path=str(shots / f"{name}-{suffix}.png"), full_page=True)
