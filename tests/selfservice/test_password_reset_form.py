"""The password-reset page speaks the visitor's language, down to the field's label."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "label"), [("el", "Διεύθυνση e-mail"), ("en", "E-mail address")]
)
def test_the_e_mail_field_of_the_reset_form_has_a_translated_label(client, language, label):
    body = client.get(f"/{language}/account/password/reset/").content.decode()

    found = re.search(r'<label[^>]*for="id_email"[^>]*>\s*([^<*]+?)\s*<', body)
    assert found and found.group(1) == label


def test_a_reset_link_still_reaches_the_person(client, editor, mailoutbox, settings):
    settings.SITE_URL = "https://portal.example"

    client.post("/el/account/password/reset/", {"email": "editor@example.org"})

    assert len(mailoutbox) == 1
    assert "https://portal.example/" in mailoutbox[0].body
