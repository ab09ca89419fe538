"""Loads a council's pledge from pledges/pledge_data/<council>.json into the database.

The JSON files are the two seed pledges transcribed word for word (tests/test_seed_documents.py
checks them against the documents). Loading is idempotent: records are matched on their natural
keys (council slug; pledge version; section, promise, principle and contact order) and updated in
place, and anything the file no longer lists is removed, so running it twice changes nothing.

Once a manager has started a later version in Pledge Portal (pledges.versions), the council's pledge and
measures belong to the portal: loading refreshes the council and its contacts and leaves the rest alone,
so `make run` never undoes a published version or the measures pointing at it.
"""
import json
from datetime import date, datetime, time, timezone
from pathlib import Path

from django.db import transaction

from casework.models import Council

from .models import AppliesTo, Basis, ContactPoint, Measure, Pledge, Principle, Promise, Section

from .statutory import law_problem, looser_problem

PLEDGE_DATA_DIR = Path(__file__).resolve().parent / "pledge_data"


def pledge_data_files() -> list[Path]:
    return sorted(PLEDGE_DATA_DIR.glob("*.json"))


def _paragraphs(items: list[str]) -> str:
    return "\n\n".join(items)


def _check_against_the_law(path: Path, measures: list[dict]) -> None:
    """A statutory measure must have the law's numbers (pledges.statutory), and the council's own promise must not
    be looser than the legal minimum counting the same thing."""
    statutory = [(m["key"], m["rule"], m["params"]) for m in measures if m["basis"] == Basis.STATUTORY]
    for measure in measures:
        if measure["basis"] == Basis.STATUTORY:
            problem = law_problem(key=measure["key"], rule=measure["rule"], params=measure["params"])
        else:
            problem = " ".join(looser_problem(rule=measure["rule"], params=measure["params"], statutory=statutory)
                               .values())
        if problem:
            raise ValueError(f"{path.name}: measure {measure['key']}: {problem}")


@transaction.atomic
def pledge_load(*, path: Path) -> tuple[Pledge, bool]:
    """Load one council's file. Returns the council's latest version and whether the file was loaded into it
    (False when a later version made in the portal exists, and the pledge and measures were left alone)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    council_data = data["council"]
    defaults = {key: council_data.get(key, "") for key in
                ("name", "short_name", "phone", "out_of_hours_phone", "email", "address", "local_offer_url")}
    # The leaving care grant, where the pledge states it. A file without it leaves the council's grant as it is
    # (empty for a new council), so a grant a manager set in the admin survives loading again.
    if "leaving_care_grant_pence" in council_data:
        defaults["leaving_care_grant_pence"] = council_data["leaving_care_grant_pence"]
    council, _ = Council.objects.update_or_create(slug=council_data["slug"], defaults=defaults)

    # Contacts are numbered within their kind, in the order the document gives them.
    orders: dict[str, int] = {}
    kept_contacts = []
    for contact in data["contacts"]:
        order = orders[contact["kind"]] = orders.get(contact["kind"], 0) + 1
        point, _ = ContactPoint.objects.update_or_create(
            council=council, kind=contact["kind"], order=order,
            defaults={key: contact.get(key) or ("" if key not in ("min_age", "max_age") else None)
                      for key in ("name", "role", "organisation", "phone", "email", "url",
                                  "min_age", "max_age", "description")},
        )
        kept_contacts.append(point.pk)
    ContactPoint.objects.filter(council=council).exclude(pk__in=kept_contacts).delete()

    pledge_data = data["pledge"]
    later = Pledge.objects.filter(council=council, version__gt=pledge_data["version"]).order_by("-version").first()
    if later is not None:
        return later, False
    in_force_from = date.fromisoformat(pledge_data["in_force_from"])
    words = {
        "title": pledge_data["title"],
        "in_force_from": in_force_from,
        "introduction": _paragraphs(pledge_data.get("introduction", [])),
        "closing": _paragraphs(pledge_data.get("closing", [])),
    }
    pledge, _ = Pledge.objects.update_or_create(
        council=council, version=pledge_data["version"], defaults=words,
        # The council published it: in force from its first day (as migration 0005 marked earlier loads).
        create_defaults={**words, "published_at": datetime.combine(in_force_from, time.min, tzinfo=timezone.utc)},
    )

    for order, principle in enumerate(pledge_data.get("principles", []), start=1):
        Principle.objects.update_or_create(
            pledge=pledge, order=order, defaults={"name": principle["name"], "text": principle["text"]}
        )
    pledge.principles.filter(order__gt=len(pledge_data.get("principles", []))).delete()

    for section_order, section_data in enumerate(pledge_data["sections"], start=1):
        section, _ = Section.objects.update_or_create(
            pledge=pledge, order=section_order,
            defaults={
                "title": section_data["title"],
                "applies_to": section_data["applies_to"],
                "introduction": _paragraphs(section_data.get("introduction", [])),
                "notes": _paragraphs(section_data.get("notes", [])),
            },
        )
        for promise_order, promise in enumerate(section_data["promises"], start=1):
            Promise.objects.update_or_create(
                section=section, order=promise_order,
                defaults={
                    "title": promise.get("title", ""),
                    "text": promise["text"],
                    "depth": promise.get("depth", 0),
                    "ref": f"{section_order}-{promise_order}",
                    "applies_to": promise.get("applies_to", section_data["applies_to"]),
                    "not_measured_reason": promise.get("not_measured", ""),
                },
            )
        section.promises.filter(order__gt=len(section_data["promises"])).delete()
    pledge.sections.filter(order__gt=len(pledge_data["sections"])).delete()

    # Measures: the deadline rules that make promises live on the ledger, linked to their promise by text.
    _check_against_the_law(path, data.get("measures", []))
    for measure in data.get("measures", []):
        promise = Promise.objects.get(section__pledge=pledge, text=measure["promise"]) if measure.get("promise") else None
        # A promise is shown to whom it applies; one that is measured for more young people than it is shown to
        # would count as late on a page that does not show it (Leah's call-back, issue 15).
        if promise is not None and not AppliesTo.covers(promise.applies_to, measure["applies_to"]):
            raise ValueError(f"{path.name}: measure {measure['key']} applies to {measure['applies_to']} but its "
                             f"promise only to {promise.applies_to}")
        Measure.objects.update_or_create(
            council=council, key=measure["key"],
            defaults={"promise": promise, **{field: measure[field] for field in (
                "name", "basis", "rule", "params", "applies_to", "warn_days_before", "escalate_after_days")}},
        )
    Measure.objects.filter(council=council).exclude(key__in=[m["key"] for m in data.get("measures", [])]).delete()
    return pledge, True
