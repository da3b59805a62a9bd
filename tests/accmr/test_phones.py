"""Phone numbers (phonenumbers): checked, stored in E.164, shown nationally for Greece and
internationally otherwise, with tel: links; legacy values that do not parse are kept."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from accmr.lib.phones import normalise_phones, shown_numbers
from members.models import Organisation
from tests.factories import make_organisation


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("210 3638625", "+302103638625"),
        ("210-363 86 25", "+302103638625"),
        ("(210) 3638625", "+302103638625"),
        ("+30 210 3638625", "+302103638625"),
        ("0030 210 3638625", "+302103638625"),
        ("6912345678", "+306912345678"),
        ("+44 20 7946 0958", "+442079460958"),
        ("1525", "1525"),  # a short code stays as its digits
        ("210 3638625; 1525", "+302103638625, 1525"),
        ("", ""),
    ],
)
def test_numbers_are_stored_in_e164(typed, stored):
    assert normalise_phones(typed) == stored


@pytest.mark.parametrize("typed", ["12", "123 45 6", "210 363", "@SUM(1)", "210 3638625,", "abc"])
def test_what_is_not_a_number_is_refused_in_the_visitors_language(typed):
    for language, words in (("en", "is not a phone number"), ("el", "δεν είναι αριθμός")):
        with translation.override(language):
            with pytest.raises(ValidationError) as caught:
                normalise_phones(typed)
            assert words in caught.value.messages[0]


def test_greek_numbers_show_nationally_and_others_internationally_with_e164_links():
    shown = shown_numbers("+302103638625, +442079460958, 1525")
    assert [(n.text, n.tel) for n in shown] == [
        ("21 0363 8625", "tel:+302103638625"),
        ("+44 20 7946 0958", "tel:+442079460958"),
        ("1525", "tel:1525"),
    ]


@pytest.mark.django_db
def test_a_legacy_value_is_kept_and_shown_as_text_without_a_link():
    organisation = make_organisation(phone="ask at the desk")
    organisation.refresh_from_db()
    assert organisation.phone == "ask at the desk"  # saving does not lose or refuse it
    html = Template("{% load directory %}{{ phone|phone_links }}").render(
        Context({"phone": organisation.phone})
    )
    assert html == "ask at the desk"
    with pytest.raises(ValidationError) as caught:
        organisation.full_clean()
    assert "phone" in caught.value.message_dict


@pytest.mark.django_db
def test_every_save_stores_e164_and_the_page_links_it():
    organisation = make_organisation(phone="210 3638625, 6912345678")
    assert Organisation.objects.get(pk=organisation.pk).phone == "+302103638625, +306912345678"
    html = Template("{% load directory %}{{ phone|phone_links }}").render(
        Context({"phone": organisation.phone})
    )
    assert html == (
        '<a href="tel:+302103638625">21 0363 8625</a>, <a href="tel:+306912345678">691 234 5678</a>'
    )


@pytest.mark.django_db
def test_the_data_migration_converts_stored_numbers_and_keeps_the_rest():
    from importlib import import_module

    from django.apps import apps
    from django.db.models import Value

    migration = import_module("members.migrations.0006_phone_numbers_e164")
    parsable = make_organisation()
    legacy = make_organisation()
    # As stored before this change (an expression bypasses the field's conversion).
    Organisation.objects.filter(pk=parsable.pk).update(phone=Value("210 3638625"))
    Organisation.objects.filter(pk=legacy.pk).update(phone=Value("ask at the desk"))
    assert Organisation.objects.get(pk=parsable.pk).phone == "210 3638625"
    migration.phones_to_e164(apps, None)
    assert Organisation.objects.get(pk=parsable.pk).phone == "+302103638625"
    assert Organisation.objects.get(pk=legacy.pk).phone == "ask at the desk"
