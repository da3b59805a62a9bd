"""A back-office form that refuses what was sent answers 400, not 200, with its messages in the
coordinator's language; pages that refuse nothing (action confirmations, a clean import
preview) stay 200. One rule in accmr.admin_site, so every model admin follows it."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.models import Location, Organisation, ServiceCategory
from tests.backoffice.browser_form import form_data
from tests.factories import make_category, make_location, make_organisation, make_superuser

pytestmark = pytest.mark.django_db

REQUIRED = {"el": "Αυτό το πεδίο είναι απαραίτητο.", "en": "This field is required."}
NUMBER = {"el": "Εισάγετε έναν αριθμό.", "en": "Enter a number."}
LANGUAGES = pytest.mark.parametrize("lang", ["el", "en"])


@pytest.fixture
def superuser(client):
    user = make_superuser(email="admin@example.org", password="correct horse battery")
    client.force_login(user)
    return user


@pytest.fixture
def organisation():
    organisation = make_organisation(name="Πρώτο όνομα", name_en="First name", slug="org")
    make_location(organisation=organisation, latitude=37.98, longitude=23.73)
    return organisation


def _post_form(client, url, form_id, lang, **changes):
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    assert page.status_code == 200
    data = form_data(page.content.decode(), form_id)
    data.update(changes)
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE=lang)


def _refused(response, message: str) -> str:
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="errornote"' in page  # the admin's summary at the top
    assert message in page
    return page


@LANGUAGES
def test_a_change_form_without_a_required_field_is_refused(client, superuser, organisation, lang):
    url = f"/admin/members/organisation/{organisation.pk}/change/"
    _refused(_post_form(client, url, "organisation_form", lang, name_el=""), REQUIRED[lang])
    organisation.refresh_from_db()
    assert organisation.name_el == "Πρώτο όνομα"


@LANGUAGES
def test_an_error_in_an_inline_alone_refuses_the_whole_form(client, superuser, organisation, lang):
    url = f"/admin/members/organisation/{organisation.pk}/change/"
    response = _post_form(
        client, url, "organisation_form", lang, name_en="Changed", **{"locations-0-latitude": "N"}
    )
    _refused(response, NUMBER[lang])
    organisation.refresh_from_db()
    assert organisation.name_en == "First name"
    assert float(Location.objects.get().latitude) == pytest.approx(37.98)


@LANGUAGES
def test_an_empty_add_form_is_refused(client, superuser, lang):
    response = _post_form(client, "/admin/members/organisation/add/", "organisation_form", lang)
    _refused(response, REQUIRED[lang])
    assert not Organisation.objects.exists()


def test_a_bad_value_in_an_editable_list_is_refused(client, superuser):
    category = make_category(slug="legal", order=3)
    url = "/admin/members/servicecategory/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    data = form_data(page.content.decode(), "changelist-form")
    data.update({"form-0-order": "first", "_save": "Save"})
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Enter a whole number." in response.content.decode()
    assert ServiceCategory.objects.get(pk=category.pk).order == 3


def test_a_revert_form_with_errors_is_refused(client, superuser, organisation):
    original = organisation.history.earliest()
    url = f"/admin/members/organisation/{organisation.pk}/history/{original.history_id}/"
    response = _post_form(client, url, "historicalorganisation_form", "en", name_el="")
    _refused(response, REQUIRED["en"])


def test_setting_a_users_password_with_two_different_entries_is_refused(client, superuser):
    other = make_superuser(email="other@example.org")
    response = client.post(
        f"/admin/accmr/user/{other.pk}/password/",
        {"usable_password": "true", "password1": "A long pass 1", "password2": "A long pass 2"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "The two password fields didn’t match." in response.content.decode()
    other.refresh_from_db()
    assert other.check_password("correct horse battery")


def test_an_action_confirmation_page_is_not_a_refusal(client, superuser, organisation):
    response = client.post(
        "/admin/members/organisation/",
        {"action": "delete_selected", "_selected_action": [organisation.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Are you sure you want to delete the selected" in response.content.decode()
    assert Organisation.objects.filter(pk=organisation.pk).exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("el", "Παρακαλώ δώστε το σωστό"),
        ("en", "Please enter the correct e-mail address and password for a staff account."),
    ],
)
def test_a_wrong_password_on_the_admin_log_in_is_refused(client, lang, message):
    make_superuser(email="admin@example.org", password="correct horse battery")
    response = client.post(
        "/admin/login/",
        {"username": "admin@example.org", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    _refused(response, message)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("lang", "message"), [("el", "Ο κωδικός δεν ταιριάζει."), ("en", "That code does not match.")]
)
def test_a_wrong_code_when_setting_up_the_app_is_refused(client, superuser, lang, message):
    client.get("/admin/two-factor/setup/")
    response = client.post(
        "/admin/two-factor/setup/", {"token": "000000"}, HTTP_ACCEPT_LANGUAGE=lang
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TOTPDevice.objects.filter(user=superuser, confirmed=True).exists()
