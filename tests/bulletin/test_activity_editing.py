"""Editors manage their organisations' activities under /my/activities/; nobody else can."""

import datetime as dt

import pytest

from bulletin.models import Activity, ActivityStatus
from members.models import Community
from tests.bulletin.conftest import PASSWORD
from tests.factories import make_activity, make_category, make_language, make_location, make_user

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    category = make_category(slug="education")
    data = {
        "title_el": "Εργαστήρι βιογραφικού",
        "title_en": "CV workshop",
        "description_el": "Πώς γράφουμε βιογραφικό.",
        "description_en": "How to write a CV.",
        "day": "2026-04-02",
        "start_time": "17:00",
        "end_time": "19:00",
        "end_day": "",
        "repeat": "none",
        "repeat_until": "",
        "place": "address",
        "address_el": "Πειραιώς 100",
        "address_en": "100 Piraeus Street",
        "community": str(Community.THIRD),
        "online_url": "",
        "category": str(category.pk),
        "is_free": "on",
        "registration": "phone",
        "registration_contact": "+30 210 000 0000",
        "capacity": "15",
    }
    data.update(overrides)
    return data


def test_editor_of_an_untrusted_organisation_sends_an_activity_for_review(
    client, frozen, org, editor
):
    client.force_login(editor)
    arabic = make_language(slug="ar", name="Αραβικά", name_en="Arabic")
    response = client.post(
        f"/el/my/organisations/{org.pk}/activities/new/", form_data(languages=[arabic.pk])
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.organisation == org
    assert activity.status == ActivityStatus.PENDING
    assert activity.local_start.hour == 17 and activity.local_start.date() == dt.date(2026, 4, 2)
    assert list(activity.languages.all()) == [arabic]
    # Not public until a coordinator publishes it.
    assert client.get(f"/el/activities/{activity.pk}/").status_code == 404


def test_editor_of_a_trusted_organisation_publishes_directly(client, frozen, org, editor):
    org.is_trusted = True
    org.save()
    client.force_login(editor)
    client.post(f"/en/my/organisations/{org.pk}/activities/new/", form_data())
    assert Activity.objects.get().status == ActivityStatus.PUBLISHED


def test_weekly_activity_from_the_form_with_days_and_last_day(client, frozen, org, editor):
    client.force_login(editor)
    data = form_data(repeat="weekly", repeat_weekdays=["3", "0"], repeat_until="2026-05-28")
    response = client.post(f"/en/my/organisations/{org.pk}/activities/new/", data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.repeat_weekdays == "03" and activity.repeat_until == dt.date(2026, 5, 28)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_time": "16:00"}, "The end must be after the start."),
        ({"day": "2026-03-01"}, "This date and time have already passed."),
        ({"repeat": "weekly", "repeat_until": "2026-05-01"}, "Choose the days of the week"),
        ({"place": "location"}, "Choose one of the organisation"),
        ({"registration_contact": "call us"}, "Enter a phone number"),
        ({"title_el": "", "title_en": "Only English"}, "This field is required."),
        ({"capacity": "-3"}, "greater than or equal to"),
        ({"day": "not a date"}, "Enter a valid date."),
    ],
)
def test_bad_input_is_refused_with_a_400_and_a_clear_message(
    client, frozen, org, editor, changes, message
):
    client.force_login(editor)
    response = client.post(f"/en/my/organisations/{org.pk}/activities/new/", form_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Activity.objects.exists()


def test_a_location_of_another_organisation_cannot_be_chosen(
    client, frozen, org, editor, other_org
):
    client.force_login(editor)
    theirs = make_location(organisation=other_org)
    data = form_data(place="location", location=str(theirs.pk))
    response = client.post(f"/en/my/organisations/{org.pk}/activities/new/", data)
    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_editing_a_published_activity_of_an_untrusted_organisation_sends_it_back_to_review(
    client, frozen, org, editor
):
    activity = make_activity(organisation=org, title="Παλιός τίτλος")
    client.force_login(editor)
    assert client.get(f"/el/my/activities/{activity.pk}/").status_code == 200
    response = client.post(
        f"/el/my/activities/{activity.pk}/", form_data(title_el="Νέος τίτλος", day="2026-04-03")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title_el == "Νέος τίτλος"
    assert activity.status == ActivityStatus.PENDING


def test_editor_lists_and_deletes_own_activities(client, frozen, org, editor):
    activity = make_activity(organisation=org, title="Δική μας")
    client.force_login(editor)
    assert "Δική μας" in client.get("/el/my/activities/").content.decode()
    assert client.post(f"/el/my/activities/{activity.pk}/delete/").status_code == 302
    assert not Activity.objects.exists()


# The attacker's side: anonymous, no organisation, another organisation's editor. --------


def _routes(org, activity):
    return [
        ("get", f"/el/my/organisations/{org.pk}/activities/new/"),
        ("post", f"/el/my/organisations/{org.pk}/activities/new/"),
        ("get", f"/el/my/activities/{activity.pk}/"),
        ("post", f"/el/my/activities/{activity.pk}/"),
        ("post", f"/el/my/activities/{activity.pk}/delete/"),
    ]


def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(client, frozen, org):
    activity = make_activity(organisation=org, title="Αμετάβλητη")
    for method, url in _routes(org, activity):
        response = getattr(client, method)(url, form_data(title_el="Χακαρισμένη"))
        assert response.status_code == 302 and "/account/login/" in response["Location"], url
    assert client.get("/el/my/activities/").status_code == 302
    activity.refresh_from_db()
    assert activity.title_el == "Αμετάβλητη"


def test_a_user_with_no_organisation_gets_404_and_changes_nothing(client, frozen, org):
    activity = make_activity(organisation=org, title="Αμετάβλητη")
    client.force_login(make_user(password=PASSWORD))
    for method, url in _routes(org, activity):
        response = getattr(client, method)(url, form_data(title_el="Χακαρισμένη"))
        assert response.status_code == 404, url
    assert "Αμετάβλητη" not in client.get("/el/my/activities/").content.decode()
    assert Activity.objects.get().title_el == "Αμετάβλητη"


def test_another_organisations_editor_gets_404_and_changes_nothing(
    client, frozen, org, other_editor
):
    activity = make_activity(organisation=org, title="Αμετάβλητη")
    client.force_login(other_editor)
    for method, url in _routes(org, activity):
        response = getattr(client, method)(url, form_data(title_el="Χακαρισμένη"))
        assert response.status_code == 404, url
    assert "Αμετάβλητη" not in client.get("/el/my/activities/").content.decode()
    assert Activity.objects.get().title_el == "Αμετάβλητη"
    assert Activity.objects.count() == 1


def test_delete_needs_a_post(client, frozen, org, editor):
    activity = make_activity(organisation=org)
    client.force_login(editor)
    assert client.get(f"/el/my/activities/{activity.pk}/delete/").status_code == 405
    assert Activity.objects.filter(pk=activity.pk).exists()
