"""Money in pounds and pence, as GOV.UK writes it: £2,000.00. Amounts are stored as whole pence."""
from django import template

register = template.Library()


@register.filter
def pounds(pence: int | None) -> str:
    """200000 -> "£2,000.00"; -5000 -> "-£50.00"; None -> "" (nothing set)."""
    if pence is None or pence == "":
        return ""
    pence = int(pence)
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{part:02d}"
