"""Reaching the service (issue #17): an editor cannot offer a way of access that needs a contact
the service (or its organisation) does not give; the message is in the editor's language."""

import pytest

from members.models import ChangeRequest
from tests.selfservice.conftest import service_post_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("el", "Η υπηρεσία εξυπηρετεί τηλεφωνικά: δώστε έναν αριθμό τηλεφώνου"),
        ("en", "The service is reached by phone: give a phone number"),
    ],
)
def test_by_phone_needs_a_phone_number_before_anything_is_proposed(
    editor_client, service, lang, message
):
    response = editor_client.post(
        f"/{lang}/my/services/{service.pk}/", service_post_data(service, access_phone="on")
    )
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert not ChangeRequest.objects.filter(service=service).exists()


def test_by_phone_with_the_services_own_number_is_proposed(editor_client, service):
    response = editor_client.post(
        f"/en/my/services/{service.pk}/",
        service_post_data(service, access_phone="on", phone="210 1234567"),
    )
    assert response.status_code == 302
    assert ChangeRequest.objects.filter(service=service).exists()
