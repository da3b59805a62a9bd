"""The “Done when” story of issue 5, told through the test client as a new user lives it."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from accmr.models import User
from members.models import ChangeRequest, EditorMembership, Invitation, Service
from tests.selfservice.conftest import hours_post_data, link_in, service_post_data

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Pistachio-Harbour-1974"


def test_invite_edit_confirm_review_and_see_the_comment(client, coordinator, org, service):
    admin = Client(headers={"accept-language": "en"})
    admin.force_login(coordinator)

    # A coordinator invites an editor from the admin.
    response = admin.post(
        "/admin/members/invitation/add/",
        {"email": "New.Editor@Example.org", "organisation": org.pk},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    invitation_mail = mail.outbox[0]
    assert invitation_mail.to == ["new.editor@example.org"]
    link = link_in(invitation_mail.body, r"/el/account/invitation/[\w-]+/")
    assert "/en/account/invitation/" in invitation_mail.body  # the e-mail is in both languages
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()  # only the hash is stored

    # The editor sets a password from the e-mail and lands on their dashboard.
    response = client.get(link)
    assert response.status_code == 200
    assert "Οργάνωση Α" in response.content.decode()
    response = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/el/my/"
    editor = User.objects.get(email="new.editor@example.org")
    assert EditorMembership.objects.filter(user=editor, organisation=org).exists()

    # They change the English description and the opening hours of a service...
    response = client.get(f"/en/my/services/{service.pk}/")
    assert response.status_code == 200
    response = client.post(
        f"/en/my/services/{service.pk}/",
        service_post_data(service, description_en="Free legal advice, also in Farsi."),
    )
    assert response.status_code == 302
    response = client.post(
        f"/en/my/services/{service.pk}/hours/",
        hours_post_data([(0, "09:00", "15:00"), (2, "10:00", "14:00")], initial=1),
    )
    assert response.status_code == 302

    # ...and confirm the rest as still correct.
    response = client.post(f"/en/my/organisations/{org.pk}/confirm/")
    assert response.status_code == 302

    # The public still sees the approved version.
    for lang in ("el", "en"):
        assert client.get(f"/{lang}/services/legal-aid/").status_code == 200
    live = Service.objects.published().get(slug="legal-aid")
    assert live.description_en == "Free legal advice."
    assert [(s.weekday, s.opens, s.closes) for s in live.schedules.all()] == [
        (0, dt.time(9), dt.time(13))
    ]
    change = ChangeRequest.objects.get(state=ChangeRequest.State.PENDING)
    assert set(change.proposed) == {"description_en", "schedules"}
    assert change.previous["description_en"] == "Free legal advice."

    # The coordinator sees it in the queue, with old and new side by side...
    queue = admin.get("/admin/members/changerequest/")
    assert queue.status_code == 200
    assert f"/admin/members/changerequest/{change.pk}/change/" in queue.content.decode()
    review = admin.get(f"/admin/members/changerequest/{change.pk}/change/")
    assert review.status_code == 200
    page = review.content.decode()
    assert "Farsi" in page and "Monday 09:00–13:00" in page and "Wednesday 10:00–14:00" in page

    # ...accepts the hours and returns the description with a comment.
    mail.outbox.clear()
    response = admin.post(
        f"/admin/members/changerequest/{change.pk}/change/",
        {
            "decision__schedules": "accepted",
            "decision__description_en": "returned",
            "comment__description_en": "Please say which days Farsi is spoken.",
            "action": "apply",
        },
    )
    assert response.status_code == 302

    # The public now shows the new hours only.
    live.refresh_from_db()
    assert live.description_en == "Free legal advice."
    assert [(s.weekday, s.opens, s.closes) for s in live.schedules.all()] == [
        (0, dt.time(9), dt.time(15)),
        (2, dt.time(10), dt.time(14)),
    ]
    assert live.last_checked == org.services.get(pk=service.pk).last_checked

    # The editor is told by e-mail and sees the comment on their page.
    assert [m.to for m in mail.outbox] == [["new.editor@example.org"]]
    assert "Please say which days Farsi is spoken." in mail.outbox[0].body
    for lang in ("el", "en"):
        dashboard = client.get(f"/{lang}/my/")
        assert dashboard.status_code == 200
        assert "Please say which days Farsi is spoken." in dashboard.content.decode()
