"""UK phone numbers, as a young person types them: checked and written the same way every time, so the number a
worker rings is one that can be rung."""
import re

from django.core.exceptions import ValidationError

UK_PHONE_ERROR = "Enter a UK phone number, like 07700 900 982 or 01632 960 001"
# What people put between the digits of a number: spaces, dashes, dots and brackets.
_SEPARATORS = re.compile(r"[\s\-.()]")


def uk_phone_normalise(value: str) -> str:
    """The number written the usual way ("07700 900982", "020 7946 0321"), or ValidationError. Takes +44 and 0044
    for the leading 0. UK numbers are 0 and 10 digits (a few older area codes, and some 0800 numbers, 0 and 9)."""
    digits = _SEPARATORS.sub("", value or "")
    if digits.startswith("+44"):
        digits = "0" + digits[3:].removeprefix("0")
    elif digits.startswith("0044"):
        digits = "0" + digits[4:].removeprefix("0")
    # Mobiles, London's 02 and the rest are 0 and 10 digits; only some 01 area codes and 0800 numbers are shorter.
    if not re.fullmatch(r"0[1-35789]\d{9}|(01\d|0800)\d{6}", digits):
        raise ValidationError(UK_PHONE_ERROR, code="invalid_phone")
    if digits.startswith("07") or digits.startswith("08") or digits.startswith("03"):
        return f"{digits[:5]} {digits[5:]}" if len(digits) == 11 else f"{digits[:4]} {digits[4:]}"
    if digits.startswith("02"):  # London, Cardiff, Belfast...: 020 7946 0321
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if digits[:4] in ("0113", "0114", "0115", "0116", "0117", "0118", "0121", "0131", "0141", "0151", "0161",
                      "0191") or digits[2] == "1":  # the big cities: 0117 496 0123
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return f"{digits[:5]} {digits[5:]}"  # 01225 477914


def validate_uk_phone(value: str) -> None:
    """A model field's validator: blank is allowed (blank=True says so), anything else must be a UK number."""
    if value:
        uk_phone_normalise(value)
