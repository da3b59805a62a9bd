"""The message after a wrong e-mail or password, in both languages."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected", "wrong"),
    [
        (
            "el",
            "Η διεύθυνση e-mail ή ο κωδικός πρόσβασης δεν είναι σωστά.",
            "ένα σωστό διεύθυνση",
        ),
        (
            "en",
            "The e-mail address or the password is not correct. Passwords are case-sensitive.",
            "both fields may be case-sensitive",
        ),
    ],
)
def test_a_wrong_password_gets_a_clear_message_in_the_visitors_language(
    client, editor, language, expected, wrong
):
    response = client.post(
        f"/{language}/account/login/",
        {"username": "editor@example.org", "password": "not the password"},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert expected in body
    assert wrong not in body
