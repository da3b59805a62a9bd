"""Greek identifiers: plain checks shared by admin forms and imports (phone numbers are in
accmr.lib.phones).

- ΑΦΜ (tax number): nine digits, the last a check digit, checked by python-stdnum
  (stdnum.gr.vat); we only insist on the plain nine digits as stored (no "EL" prefix, no
  spaces) and refuse the all-zero number, which stdnum's check digit lets through.
- ΓΕΜΗ number (General Commercial Registry): digits only.
- Number in the Ministry of Migration and Asylum register of NGOs: checked loosely (the
  register has used several formats), letters, digits and a few separators.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.gr import vat

_NGO_NUMBER = re.compile(r"^[0-9A-Za-zΑ-Ωα-ωΆ-Ώά-ώ][0-9A-Za-zΑ-Ωα-ωΆ-Ώά-ώ /.\-]*$")


def validate_afm(value: str) -> None:
    if not re.fullmatch(r"\d{9}", value or ""):
        raise ValidationError(
            _("A tax number (ΑΦΜ) has exactly nine digits, without spaces or letters."),
            code="afm_format",
        )
    if value == "000000000" or not vat.is_valid(value):
        raise ValidationError(
            _("This is not a valid tax number (ΑΦΜ): its check digit does not match."),
            code="afm_check_digit",
        )


def validate_gemi(value: str) -> None:
    if not re.fullmatch(r"\d{5,14}", value or ""):
        raise ValidationError(
            _("A GEMI number has between 5 and 14 digits and nothing else."), code="gemi"
        )


def validate_ngo_registry_number(value: str) -> None:
    if not _NGO_NUMBER.fullmatch(value or "") or not re.search(r"\d", value):
        raise ValidationError(
            _(
                "An NGO registry number contains digits, and may contain letters, spaces, "
                "slashes, dots and hyphens."
            ),
            code="ngo_registry_number",
        )
