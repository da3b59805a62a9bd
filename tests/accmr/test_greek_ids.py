"""Greek identifiers: the ΑΦΜ check (python-stdnum) with our own messages in both languages."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accmr.lib.greek_ids import validate_afm


@pytest.mark.parametrize("value", ["123456783", "094014201", "090000045"])
def test_valid_tax_numbers_pass(value):
    validate_afm(value)


@pytest.mark.parametrize(
    ("value", "code", "english", "greek"),
    [
        ("123456789", "afm_check_digit", "its check digit does not match", "ψηφίο ελέγχου"),
        ("000000000", "afm_check_digit", "its check digit does not match", "ψηφίο ελέγχου"),
        ("12345678", "afm_format", "exactly nine digits", "εννέα ψηφία"),
        ("EL094014201", "afm_format", "exactly nine digits", "εννέα ψηφία"),
        ("094 014 201", "afm_format", "exactly nine digits", "εννέα ψηφία"),
    ],
)
def test_invalid_tax_numbers_are_explained_in_the_visitors_language(value, code, english, greek):
    for language, expected in (("en", english), ("el", greek)):
        with translation.override(language):
            with pytest.raises(ValidationError) as caught:
                validate_afm(value)
            assert caught.value.code == code
            assert expected in caught.value.messages[0]
