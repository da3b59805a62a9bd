"""Phone numbers: parsed, checked and formatted by `phonenumbers` (Google's libphonenumber).

- Stored: one number, or several separated by ", ", each in E.164 (``+302103638625``), so
  open data and ``tel:`` links carry one unambiguous form. Numbers are read as Greek unless
  they start with + or 00.
- Shown: Greek numbers in the national format (``21 0363 8625``), others in the international
  format (``+44 20 7946 0958``); each is a ``tel:`` link to its E.164 value.
- Short codes (3 to 5 digits, ``1525``, ``197``) are kept as their digits: libphonenumber's
  short-number data does not know most Greek helplines, so this one rule is ours.
- A value stored before numbers were checked that does not parse is kept as it was (the data
  migration that converted the stored values left it untouched) and shown as plain text,
  without a link; the admin asks for a valid number when the record is next edited.
"""

import re
from dataclasses import dataclass

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

REGION = "GR"
SEPARATOR = ", "
_SEPARATORS = re.compile(r"[\s\-./()]")
_SHORT_CODE = re.compile(r"\d{3,5}")
_LIST = re.compile(r"[,;]")

MESSAGE = _(
    "“%(value)s” is not a phone number we recognise. Write a Greek number with "
    "10 digits (210 3638625), an international number starting with + "
    "(+30 210 3638625) or a short code (1525); separate several numbers with commas."
)


def _parse(text: str) -> phonenumbers.PhoneNumber | str | None:
    """One number: a valid PhoneNumber, a short code's digits, or None."""
    digits = _SEPARATORS.sub("", text)
    if _SHORT_CODE.fullmatch(digits):
        return digits
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _parts(value: str) -> list[str]:
    return [part.strip() for part in _LIST.split(value)]


def normalise_phones(value: str | None) -> str:
    """`value` (numbers separated by commas or semicolons) as stored; "" stays "".

    Raises ValidationError (code "phone") when any number is not one we recognise.
    """
    if not value or not value.strip():
        return ""
    stored = []
    for part in _parts(value):
        number = _parse(part) if part else None
        if number is None:
            raise ValidationError(MESSAGE, code="phone", params={"value": value})
        if isinstance(number, str):
            stored.append(number)
        else:
            stored.append(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return SEPARATOR.join(stored)


def validate_phone(value: str) -> None:
    normalise_phones(value)


@dataclass(frozen=True)
class ShownNumber:
    text: str
    tel: str  # the href ("tel:+302103638625"), "" for a value that is not a number


def shown_numbers(stored: str | None) -> list[ShownNumber]:
    """The numbers of a stored value as a visitor sees them, each with its `tel:` link."""
    if not stored:
        return []
    parsed = [_parse(part) for part in _parts(stored)]
    if None in parsed:  # a legacy value: shown as it is
        return [ShownNumber(stored, "")]
    shown = []
    for number in parsed:
        if isinstance(number, str):
            shown.append(ShownNumber(number, f"tel:{number}"))
            continue
        greek = phonenumbers.region_code_for_number(number) == REGION
        style = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if greek
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        shown.append(ShownNumber(phonenumbers.format_number(number, style), f"tel:{e164}"))
    return shown


class PhoneNumbersFormField(forms.CharField):
    """Cleans to the stored form (E.164, see normalise_phones)."""

    def to_python(self, value):
        return normalise_phones(super().to_python(value))


class PhoneNumbersField(models.CharField):
    """One or more phone numbers, validated and stored in E.164 by every full_clean() and
    every form made from the model (admin, editors' forms, imports)."""

    default_validators = [validate_phone]

    def to_python(self, value):
        # Also runs on every save (get_prep_value): a value that is not a number is kept as
        # it is, never lost nor a crash; full_clean() and forms refuse it (the validator).
        value = super().to_python(value)
        try:
            return normalise_phones(value)
        except ValidationError:
            return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneNumbersFormField, **kwargs})
