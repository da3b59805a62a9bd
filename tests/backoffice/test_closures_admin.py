"""Coordinators see and enter a service's closures and special hours in its admin page."""

import pytest

from tests.factories import add_closure, make_coordinator, make_editor, make_service

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("el", "κλεισίματα και ειδικά ωράρια"), ("en", "closures and special hours")],
)
def test_service_admin_has_the_closures_inline_and_the_holiday_switch(client, lang, heading):
    client.force_login(make_coordinator())
    service = make_service()
    editor = make_editor(service.organisation, email="editor@example.org")
    add_closure(service, "2099-08-03", "2099-08-14", note_el="Καλοκαίρι", created_by=editor)
    html = client.get(
        f"/admin/members/service/{service.pk}/change/", HTTP_ACCEPT_LANGUAGE=lang
    ).content.decode()
    assert 'name="closures-TOTAL_FORMS"' in html
    assert heading in html.lower()
    assert 'value="Καλοκαίρι"' in html
    assert "editor@example.org" in html  # who entered it
    assert 'name="open_on_public_holidays"' in html
