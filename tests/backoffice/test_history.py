"""History of every record (who, when, old and new values) and revert."""

import pytest

from accmr.lib.text import search_document, search_q
from members.models import Organisation
from tests.backoffice.browser_form import form_data
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def _save_change_form(client, url, **changes):
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), "organisation_form")
    data.update(changes)
    return client.post(url, data)


def test_an_admin_change_is_recorded_with_its_author_and_old_and_new_values(client, coordinator):
    organisation = make_organisation(name="Πρώτο όνομα", name_en="First name", slug="org")
    url = f"/admin/members/organisation/{organisation.pk}/change/"

    response = _save_change_form(client, url, name_en="Second name", phone="210 3638625")
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    latest = organisation.history.first()
    assert latest.history_user == coordinator
    assert (latest.name_el, latest.name_en, latest.phone) == (
        "Πρώτο όνομα",
        "Second name",
        "+302103638625",  # stored in E.164
    )

    page = client.get(
        f"/admin/members/organisation/{organisation.pk}/history/", HTTP_ACCEPT_LANGUAGE="en"
    )
    html = page.content.decode()
    assert "coordinator@example.org" in html
    assert "First name" in html and "Second name" in html
    assert "Name [en]" in html  # the changed language is named


def test_reverting_restores_the_old_values_in_both_languages(client, coordinator):
    organisation = make_organisation(name="Παλιό", name_en="Old", slug="org", phone="")
    original = organisation.history.get()
    url = f"/admin/members/organisation/{organisation.pk}/change/"
    _save_change_form(client, url, name_el="Νέο", name_en="New", phone="2101234567")

    revert_url = f"/admin/members/organisation/{organisation.pk}/history/{original.history_id}/"
    page = client.get(revert_url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), "historicalorganisation_form")
    assert data["name_el"] == "Παλιό" and data["name_en"] == "Old"
    response = client.post(revert_url, data)
    assert response.status_code == 302

    organisation.refresh_from_db()
    assert (organisation.name_el, organisation.name_en, organisation.phone) == ("Παλιό", "Old", "")
    # The search column is rebuilt from the restored names, whatever language searches.
    assert organisation.search_text == search_document(["Παλιό", "Old"], [])
    for query in ("παλιο", "ΠΑΛΙΌ", "palio", "old"):
        assert list(Organisation.objects.filter(search_q(query))) == [organisation], query
    for query in ("νέο", "new"):
        assert not Organisation.objects.filter(search_q(query)).exists(), query
    latest = organisation.history.first()
    assert latest.history_user == coordinator
    assert latest.history_change_reason == "Reverted to an earlier version"
    assert organisation.history.count() == 3


def test_someone_who_may_only_view_cannot_revert(client):
    from django.contrib.auth.models import Permission

    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_organisation"))
    organisation = make_organisation(name="Παλιό", slug="org")
    original = organisation.history.get()
    organisation.name_el = "Νέο"
    organisation.save()
    client.force_login(viewer)

    revert_url = f"/admin/members/organisation/{organisation.pk}/history/{original.history_id}/"
    assert client.get(revert_url).status_code == 200  # looking is allowed
    response = client.post(
        revert_url, {"name_el": "Παλιό", "slug": "org", "type": organisation.type_id}
    )
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name_el == "Νέο"
