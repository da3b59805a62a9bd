"""A form that refuses what was sent answers 400, not 200: the same page, with its messages
in the visitor's language, and nothing saved. (Organisation profile, opening hours, log-in
and the review screen are checked the same way next to their other tests.)"""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accmr.models import User
from members import services
from members.models import ChangeRequest, Invitation, Service
from tests.selfservice.conftest import PASSWORD, invitation_token_sent, service_post_data

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Pistachio-Harbour-1974"
REQUIRED = {"el": "Αυτό το πεδίο είναι απαραίτητο.", "en": "This field is required."}
GREEK_FIRST = {
    "el": "Γράψτε πρώτα το ελληνικό κείμενο· το αγγλικό είναι η μετάφρασή του.",
    "en": "Write the Greek text first; the English one translates it.",
}
LANGUAGES = pytest.mark.parametrize("lang", ["el", "en"])


def _refused(response, message: str) -> str:
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    return page


@LANGUAGES
def test_a_new_service_in_english_only_is_refused(editor_client, org, service, lang):
    data = service_post_data(service, name_el="Νέα", description_el="", description_en="Only")
    response = editor_client.post(f"/{lang}/my/organisations/{org.pk}/services/new/", data)
    page = _refused(response, GREEK_FIRST[lang])
    assert 'id="error-summary"' in page
    assert not Service.objects.filter(name_el="Νέα").exists()


@LANGUAGES
def test_a_service_without_its_greek_name_is_refused(editor_client, service, lang):
    data = service_post_data(service, name_el="")
    response = editor_client.post(f"/{lang}/my/services/{service.pk}/", data)
    page = _refused(response, REQUIRED[lang])
    assert 'href="#id_name_el"' in page
    assert not ChangeRequest.objects.exists()
    service.refresh_from_db()
    assert service.name_el == "Νομική βοήθεια"


@LANGUAGES
def test_a_status_change_without_a_choice_is_refused(editor_client, service, lang):
    response = editor_client.post(f"/{lang}/my/services/{service.pk}/status/", {"status": ""})
    _refused(response, REQUIRED[lang])
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("el", "Το παλιό συνθηματικό σας δόθηκε λανθασμένα."),
        ("en", "Your old password was entered incorrectly."),
    ],
)
def test_a_password_change_with_a_wrong_old_password_is_refused(
    editor_client, editor, lang, message
):
    data = {"old_password": "not it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    _refused(editor_client.post(f"/{lang}/account/password/change/", data), message)
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("el", "Εισάγετε μια έγκυρη διεύθυνση ηλ. ταχυδρομείου."),
        ("en", "Enter a valid email address."),
    ],
)
def test_a_password_reset_for_something_not_an_address_is_refused(
    client, lang, message, mailoutbox
):
    response = client.post(f"/{lang}/account/password/reset/", {"email": "not an address"})
    _refused(response, message)
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("el", "Τα δύο πεδία κωδικών δεν ταιριάζουν."),
        ("en", "The two password fields didn’t match."),
    ],
)
def test_a_new_password_typed_differently_twice_is_refused(client, editor, lang, message):
    uid = urlsafe_base64_encode(force_bytes(editor.pk))
    token = default_token_generator.make_token(editor)
    response = client.get(f"/{lang}/account/password/reset/{uid}/{token}/")
    assert response.status_code == 302  # to the form, the token kept in the session
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    _refused(client.post(response["Location"], data), message)
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("lang", "message"),
    [("el", "Οι δύο κωδικοί δεν είναι ίδιοι."), ("en", "The two passwords are not the same.")],
)
def test_an_invitation_with_two_different_passwords_is_refused(client, org, lang, message):
    services.invitation_send(
        invitation=Invitation(email="person@example.org", organisation=org), invited_by=None
    )
    token = invitation_token_sent()
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"}
    _refused(client.post(f"/{lang}/account/invitation/{token}/", data), message)
    assert not User.objects.filter(email="person@example.org").exists()
    assert Invitation.objects.get().accepted_at is None
