"""Invitations: sent from the admin, single use, expiring, creating editor memberships."""

import datetime as dt
import hashlib
import logging

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from accmr.models import User
from members import services
from members.models import EditorMembership, Invitation
from tests.factories import make_organisation, make_user
from tests.selfservice.conftest import PASSWORD, invitation_token_sent, link_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Pistachio-Harbour-1974"


def invite(email, organisation, by=None) -> str:
    """Send an invitation the way the admin does; returns the link's path (el)."""
    services.invitation_send(
        invitation=Invitation(email=email, organisation=organisation), invited_by=by
    )
    return f"/el/account/invitation/{invitation_token_sent()}/"


def test_admin_add_form_asks_only_for_email_and_organisation(admin_client):
    response = admin_client.get("/admin/members/invitation/add/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="email"' in page and 'name="organisation"' in page
    assert 'name="token_hash"' not in page and 'name="expires_at"' not in page


def test_saving_an_invitation_emails_a_link_that_expires_in_seven_days(
    admin_client, coordinator, org
):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        response = admin_client.post(
            "/admin/members/invitation/add/",
            {"email": " Person@Example.org ", "organisation": org.pk},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "person@example.org"
    assert invitation.invited_by == coordinator
    assert invitation.expires_at == now + dt.timedelta(days=7)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    link = link_in(message.body, r"/el/account/invitation/[\w-]+/")
    token = link.split("/")[-2]
    assert len(token) >= 40
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    assert "Οργάνωση Α" in message.body and "Organisation A" in message.body
    assert "Πρόσκληση" in message.subject and "Invitation" in message.subject


def test_admin_refuses_to_invite_someone_who_already_edits_the_organisation(
    admin_client, org, editor
):
    response = admin_client.post(
        "/admin/members/invitation/add/", {"email": editor.email.upper(), "organisation": org.pk}
    )
    assert response.status_code == 400
    assert "already edits this organisation" in response.content.decode()
    assert mail.outbox == []


def test_invitations_cannot_be_edited_afterwards(admin_client, org):
    invite("person@example.org", org)
    invitation = Invitation.objects.get()
    response = admin_client.post(
        f"/admin/members/invitation/{invitation.pk}/change/",
        {"email": "attacker@example.org", "organisation": org.pk},
    )
    assert response.status_code in (302, 403)
    invitation.refresh_from_db()
    assert invitation.email == "person@example.org"


@pytest.mark.parametrize(
    ("lang", "text"), [("el", "Αποδοχή της πρόσκλησης"), ("en", "Accept the invitation")]
)
def test_new_person_sets_a_password_and_becomes_editor(client, org, lang, text):
    link = invite("person@example.org", org).replace("/el/", f"/{lang}/")
    response = client.get(link)
    assert response.status_code == 200
    assert text in response.content.decode()
    response = client.post(
        link, {"full_name": "Μαρία Π.", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/my/"
    user = User.objects.get(email="person@example.org")
    assert user.full_name == "Μαρία Π."
    assert user.check_password(NEW_PASSWORD)
    assert EditorMembership.objects.filter(user=user, organisation=org).exists()
    assert client.get(f"/{lang}/my/").status_code == 200  # logged in
    assert Invitation.objects.get().accepted_at is not None


def test_weak_or_mismatched_passwords_are_refused(client, org):
    link = invite("person@example.org", org).replace("/el/", "/en/")
    response = client.post(link, {"password1": "person123", "password2": "person123"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "too similar to the e-mail address" in page or "too common" in page
    response = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "The two passwords are not the same." in response.content.decode()
    assert not User.objects.filter(email="person@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_invitation_works_only_once(client, org):
    link = invite("person@example.org", org)
    client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    other = Client()
    response = other.get(link.replace("/el/", "/en/"))
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    response = other.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 410
    assert User.objects.filter(email="person@example.org").count() == 1


def test_an_invitation_expires_after_seven_days(client, org):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        link = invite("person@example.org", org).replace("/el/", "/en/")
        traveller.shift(dt.timedelta(days=6, hours=23))
        assert client.get(link).status_code == 200
        traveller.shift(dt.timedelta(hours=1, seconds=1))
        response = client.get(link)
        assert response.status_code == 410
        assert "expired" in response.content.decode()
        response = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        assert response.status_code == 410
    assert not User.objects.filter(email="person@example.org").exists()


@pytest.mark.parametrize("token", ["nonsense", "a" * 43, "x" * 500])
def test_unknown_invitation_links_give_a_clear_404(client, token):
    response = client.get(f"/en/account/invitation/{token}/")
    assert response.status_code == 404
    assert "We do not know this invitation" in response.content.decode()


def test_existing_user_logs_in_to_accept(client, org, editor):
    second = make_organisation(name="Δεύτερη", slug="second")
    link = invite(editor.email, second)
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == f"/el/account/login/?next={link}"
    response = client.post(response["Location"], {"username": editor.email, "password": PASSWORD})
    assert response["Location"] == link
    response = client.get(link)
    assert response.status_code == 200
    assert 'name="password1"' not in response.content.decode()
    response = client.post(link)
    assert response.status_code == 302
    # One person, several organisations.
    assert set(
        EditorMembership.objects.filter(user=editor).values_list("organisation", flat=True)
    ) == {
        org.pk,
        second.pk,
    }


def test_someone_logged_in_as_another_person_cannot_use_the_invitation(client, org):
    intruder = make_user(email="intruder@example.org")
    client.force_login(intruder)
    link = invite("person@example.org", org)
    response = client.get(link)
    assert response.status_code == 403
    response = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 403
    assert not EditorMembership.objects.filter(organisation=org).exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_organisation_can_have_several_editors(client, org, editor):
    link = invite("second.editor@example.org", org)
    client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert EditorMembership.objects.filter(organisation=org).count() == 2


def test_service_refuses_an_invitation_for_someone_else(org, editor):
    invite("person@example.org", org)
    with pytest.raises(services.InvitationUnusable):
        services.invitation_accept(invitation=Invitation.objects.get(), user=editor)


def test_tokens_do_not_reach_the_logs(client, org, caplog):
    caplog.set_level(logging.DEBUG)
    link = invite("person@example.org", org)
    client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    token = link.split("/")[-2]
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "invitation accepted" in text
    assert token not in text
    assert "person@example.org" not in text


def test_accepting_an_invitation_needs_the_csrf_token(org):
    link = invite("person@example.org", org)
    client = Client(enforce_csrf_checks=True)
    response = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 403
    assert Invitation.objects.get().accepted_at is None


def test_send_again_action_makes_a_fresh_invitation(admin_client, org):
    with time_machine.travel(timezone.now() - dt.timedelta(days=8)):
        invite("person@example.org", org)
    old = Invitation.objects.get()
    response = admin_client.post(
        "/admin/members/invitation/", {"action": "send_again", "_selected_action": [old.pk]}
    )
    assert response.status_code == 302
    fresh = Invitation.objects.exclude(pk=old.pk).get()
    assert fresh.is_usable() and not old.is_usable()
    assert fresh.token_hash != old.token_hash
    assert len(mail.outbox) == 2


def test_a_renewed_invitation_revokes_the_earlier_link(admin_client, client, org):
    """The first link (forwarded, or sent to an address typed wrong) dies with the new one."""
    first_link = invite("person@example.org", org)
    old = Invitation.objects.get()
    admin_client.post(
        "/admin/members/invitation/", {"action": "send_again", "_selected_action": [old.pk]}
    )
    assert client.get(first_link).status_code == 410
    response = client.post(
        first_link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=False
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="person@example.org").exists()
    second_link = link_in(mail.outbox[-1].body, r"/\w\w/account/invitation/[\w-]+/")
    assert client.get(second_link).status_code == 200


def test_a_new_invitation_leaves_other_organisations_invitations_alone(client, org):
    first_link = invite("person@example.org", org)
    invite("person@example.org", make_organisation(slug="elsewhere"))
    assert client.get(first_link).status_code == 200
