"""Coordinators manage content and member editors; only superusers manage staff.

Every test plays the coordinator trying something through the admin's own URLs and forms.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from accmr.models import User
from accmr.roles import COORDINATORS_GROUP
from tests.factories import make_coordinator, make_organisation, make_superuser, make_user

pytestmark = pytest.mark.django_db

INLINE = {
    "editor_memberships-TOTAL_FORMS": "0",
    "editor_memberships-INITIAL_FORMS": "0",
    "editor_memberships-MIN_NUM_FORMS": "0",
    "editor_memberships-MAX_NUM_FORMS": "1000",
}

EXPECTED = (
    {
        f"members.{action}_{model}"
        for model in (
            "organisation",
            "location",
            "service",
            "schedule",
            "organisationtype",
            "servicecategory",
            "populationgroup",
            "language",
            "editormembership",
            "invitation",
        )
        for action in ("add", "change", "delete", "view")
    }
    | {
        f"network.{action}_{model}"
        for model in ("municipality", "structure", "goodpractice", "newsitem")
        for action in ("add", "change", "delete", "view")
    }
    | {
        "members.change_problemreport",
        "members.delete_problemreport",
        "members.view_problemreport",
        "members.change_changerequest",
        "members.view_changerequest",
        "accmr.add_user",
        "accmr.change_user",
        "accmr.view_user",
    }
    | {
        f"bulletin.{action}_{model}"
        for model in (
            "activity",
            "newspost",
            "opencall",
            "publication",
            "organisationmembersinfo",
            "servicemembersinfo",
        )
        for action in ("add", "change", "delete", "view")
    }
    | {
        "bulletin.delete_callanswer",
        "bulletin.view_callanswer",
        "bulletin.change_digestpreference",
        "bulletin.view_digestpreference",
        "bulletin.view_digestdelivery",
    }
)


def _group_permissions():
    group = Group.objects.get(name=COORDINATORS_GROUP)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_the_migration_gives_coordinators_exactly_the_permissions_they_need():
    assert _group_permissions() == EXPECTED


def test_running_the_group_migration_again_changes_nothing():
    migration = importlib.import_module("accmr.migrations.0003_coordinators_group")
    activities = importlib.import_module("bulletin.migrations.0002_activities_news")
    calls = importlib.import_module("bulletin.migrations.0004_calls_toolkit_coordinators")
    for _ in range(2):
        migration.create_group(apps, None)
        activities.coordinators_manage_activities_and_news(apps, None)
        calls.grant(apps, None)
    assert Group.objects.filter(name=COORDINATORS_GROUP).count() == 1
    assert _group_permissions() == EXPECTED


@pytest.fixture
def coordinator_client(client):
    coordinator = make_coordinator(email="coordinator@example.org")
    client.force_login(coordinator)
    client.coordinator = coordinator
    return client


def test_a_coordinator_works_on_content_and_sees_only_non_staff_accounts(coordinator_client):
    editor = make_user(email="editor@example.org")
    make_superuser(email="root@example.org")
    make_coordinator(email="colleague@example.org")

    assert coordinator_client.get("/admin/members/organisation/").status_code == 200
    assert coordinator_client.get("/admin/network/municipality/").status_code == 200
    page = coordinator_client.get("/admin/accmr/user/").content.decode()
    assert editor.email in page
    assert "root@example.org" not in page
    assert "colleague@example.org" not in page


@pytest.mark.parametrize("target", ["superuser", "colleague", "self"])
def test_a_coordinator_cannot_open_or_change_a_staff_account(coordinator_client, target):
    victim = {
        "superuser": lambda: make_superuser(email="root@example.org"),
        "colleague": lambda: make_coordinator(email="colleague@example.org"),
        "self": lambda: coordinator_client.coordinator,
    }[target]()

    page = coordinator_client.get(f"/admin/accmr/user/{victim.pk}/change/")
    assert page.status_code == 302  # "does not exist", back to the list
    response = coordinator_client.post(
        f"/admin/accmr/user/{victim.pk}/change/",
        {"email": "stolen@example.org", "is_active": "", "is_superuser": "on", **INLINE},
    )
    assert response.status_code in (302, 403, 404)
    victim.refresh_from_db()
    assert victim.email != "stolen@example.org"
    assert victim.is_active


def test_a_coordinator_cannot_set_a_staff_accounts_password(coordinator_client):
    root = make_superuser(email="root@example.org", password="the old password 42")
    response = coordinator_client.post(
        f"/admin/accmr/user/{root.pk}/password/",
        {
            "password1": "a new password 1234",
            "password2": "a new password 1234",
            "usable_password": "true",
        },
    )
    assert response.status_code == 404
    root.refresh_from_db()
    assert root.check_password("the old password 42")


def test_a_coordinator_posting_staff_flags_on_an_editor_changes_nothing(coordinator_client):
    editor = make_user(email="editor@example.org")
    group = Group.objects.get(name=COORDINATORS_GROUP)
    response = coordinator_client.post(
        f"/admin/accmr/user/{editor.pk}/change/",
        {
            "email": "editor@example.org",
            "full_name": "Renamed",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [str(group.pk)],
            "user_permissions": ["1"],
            **INLINE,
        },
    )
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.full_name == "Renamed"  # the form was accepted...
    assert not editor.is_staff and not editor.is_superuser  # ...without the forged fields
    assert not editor.groups.exists() and not editor.user_permissions.exists()


def test_a_coordinator_creating_an_account_cannot_make_it_staff(coordinator_client):
    response = coordinator_client.post(
        "/admin/accmr/user/add/",
        {
            "email": "new@example.org",
            "usable_password": "true",
            "password1": "a long enough password 9",
            "password2": "a long enough password 9",
            "is_staff": "on",
            "is_superuser": "on",
            **INLINE,
        },
    )
    assert response.status_code == 302
    created = User.objects.get(email="new@example.org")
    assert not created.is_staff and not created.is_superuser


def test_a_coordinator_cannot_use_the_superusers_role_actions(coordinator_client):
    editor = make_user(email="editor@example.org")
    response = coordinator_client.post(
        "/admin/accmr/user/",
        {"action": "make_coordinator", "_selected_action": [str(editor.pk)]},
    )
    assert response.status_code in (200, 302)
    editor.refresh_from_db()
    assert not editor.is_staff


@pytest.mark.parametrize(
    "url", ["/admin/auth/group/", "/admin/otp_totp/totpdevice/", "/admin/otp_static/staticdevice/"]
)
def test_a_coordinator_cannot_reach_groups_or_devices(coordinator_client, url):
    assert coordinator_client.get(url).status_code == 403


def test_a_superuser_makes_and_unmakes_a_coordinator(client):
    client.force_login(make_superuser())
    person = make_user(email="new.colleague@example.org")

    client.post(
        "/admin/accmr/user/", {"action": "make_coordinator", "_selected_action": [person.pk]}
    )
    person.refresh_from_db()
    assert person.is_staff and person.groups.filter(name=COORDINATORS_GROUP).exists()
    assert person.has_perm("members.change_organisation")
    assert not person.has_perm("auth.change_group")

    client.post(
        "/admin/accmr/user/", {"action": "remove_coordinator", "_selected_action": [person.pk]}
    )
    person = User.objects.get(pk=person.pk)
    assert not person.is_staff and not person.groups.exists()


def test_a_superuser_sees_the_staff_fields_a_coordinator_does_not(client):
    editor = make_user()
    client.force_login(make_superuser())
    assert (
        'name="is_superuser"'
        in client.get(f"/admin/accmr/user/{editor.pk}/change/").content.decode()
    )
    client.force_login(make_coordinator())
    page = client.get(f"/admin/accmr/user/{editor.pk}/change/").content.decode()
    assert 'name="is_active"' in page
    assert 'name="is_superuser"' not in page and 'name="is_staff"' not in page


def test_an_editor_without_staff_status_is_sent_to_the_login(client):
    organisation = make_organisation()
    editor = make_user()
    organisation.editor_memberships.create(user=editor)
    client.force_login(editor)
    response = client.get("/admin/members/organisation/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
