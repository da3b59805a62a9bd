"""Every write route of the bulletin, from the attacker's side: anonymous, an account with no
organisation, another organisation's editor. Nothing is saved and nothing is revealed."""

import datetime as dt

import pytest
from django.utils import timezone

from bulletin.models import OpenCall, OrganisationMembersInfo, Publication, ServiceMembersInfo
from tests.factories import make_call, make_service

pytestmark = pytest.mark.django_db

CALL = {
    "direction": "offer",
    "kind": "space",
    "title_el": "Αίθουσα",
    "description_el": "Διαθέτουμε αίθουσα.",
    "visibility": "everyone",
}
INFO = {"contact_person": "Εισβολέας", "referral_email": "x@example.org"}


@pytest.fixture
def targets(org):
    call = make_call(organisation=org)
    service = make_service(organisation=org)
    return {
        "new_call": (f"/el/my/organisations/{org.pk}/calls/new/", CALL),
        "close_call": (f"/el/my/calls/{call.pk}/close/", {"state": "withdrawn"}),
        "new_publication": (
            f"/el/my/organisations/{org.pk}/publications/new/",
            {"title_el": "Τ", "summary_el": "Π", "type": "guide", "year": "2025"},
        ),
        "organisation_info": (f"/el/my/organisations/{org.pk}/for-members/", INFO),
        "service_info": (f"/el/my/services/{service.pk}/for-members/", INFO),
        "call": call,
    }


def _nothing_changed(call):
    call.refresh_from_db()
    assert call.state == OpenCall.State.OPEN
    assert OpenCall.objects.count() == 1
    assert not Publication.objects.exists()
    assert not OrganisationMembersInfo.objects.exists()
    assert not ServiceMembersInfo.objects.exists()


ROUTES = ["new_call", "close_call", "new_publication", "organisation_info", "service_info"]


@pytest.mark.parametrize("route", ROUTES)
def test_anonymous_visitors_are_sent_to_log_in(client, targets, route):
    url, data = targets[route]
    data = {**data, "closes_on": (timezone.localdate() + dt.timedelta(days=5)).isoformat()}
    for method in (client.get, client.post):
        response = method(url, data)
        assert response.status_code == 302 and "/account/login/" in response["Location"]
    _nothing_changed(targets["call"])


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("who", ["outsider", "other_editor"])
def test_others_get_a_404_and_change_nothing(client, targets, route, who, request):
    client.force_login(request.getfixturevalue(who))
    url, data = targets[route]
    data = {**data, "closes_on": (timezone.localdate() + dt.timedelta(days=5)).isoformat()}
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    _nothing_changed(targets["call"])


def test_the_owner_can_do_what_the_others_cannot(editor_client, targets):
    url, data = targets["organisation_info"]
    assert editor_client.post(url, data).status_code == 302
    assert OrganisationMembersInfo.objects.get().contact_person == "Εισβολέας"
    url, data = targets["close_call"]
    assert editor_client.post(url, data).status_code == 302


def test_bad_contact_input_is_a_400(editor_client, targets):
    url, _data = targets["service_info"]
    response = editor_client.post(url, {"referral_email": "not-an-address"})
    assert response.status_code == 400
    assert not ServiceMembersInfo.objects.exists()


def test_the_my_calls_page_lists_only_the_editors_organisations(client, other_editor, targets):
    client.force_login(other_editor)
    html = client.get("/el/my/calls/").content.decode()
    assert targets["call"].title_el not in html


@pytest.mark.parametrize("rows", [1, 200])
def test_the_members_directory_makes_the_same_queries_at_1_and_200_rows(
    client, other_editor, rows, django_assert_max_num_queries
):
    from tests.factories import make_organisation

    for _ in range(rows):
        organisation = make_organisation(is_member=True)
        OrganisationMembersInfo.objects.create(organisation=organisation, contact_person="Χ")
    client.force_login(other_editor)
    # Session, user, membership check, count, page, contacts of the page, and the first
    # request's session save (3).
    with django_assert_max_num_queries(9):
        response = client.get("/el/my/members/directory/")
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 200])
def test_the_members_area_and_my_calls_make_the_same_queries_at_1_and_200_rows(
    client, org, editor, rows, django_assert_max_num_queries
):
    from bulletin.models import CallAnswer

    for n in range(rows):
        call = make_call(organisation=org, visibility="members" if n % 2 else "everyone")
        CallAnswer.objects.create(call=call, name="A", email="a@example.net", message="m")
    client.force_login(editor)
    # Session, user, membership check, the open calls with their organisations, and the first
    # request's session save (3).
    with django_assert_max_num_queries(7):
        assert client.get("/el/my/members/").status_code == 200
    # Session, user, organisations, calls with answer counts, answers, publications, and
    # the session save (3).
    with django_assert_max_num_queries(9):
        assert client.get("/el/my/calls/").status_code == 200


def test_the_members_directory_answers_page_0_with_the_first_page(client, other_editor):
    from bulletin.views.members_area import MEMBERS_PER_PAGE
    from tests.factories import make_organisation

    for n in range(MEMBERS_PER_PAGE + 1):
        make_organisation(is_member=True, name=f"Zeta {n:02}")
    client.force_login(other_editor)
    html = client.get("/el/my/members/directory/", {"page": "0"}).content.decode()
    assert "Zeta 00" in html  # the first page (accmr.lib.pagination), not the last
