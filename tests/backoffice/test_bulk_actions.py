"""Bulk actions on the organisation and service lists."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from members.models import Organisation, Service
from tests.factories import make_editor, make_organisation, make_service

pytestmark = pytest.mark.django_db


def _act(client, model, action, objects, **headers):
    return client.post(
        f"/admin/members/{model}/",
        {"action": action, "_selected_action": [o.pk for o in objects]},
        follow=True,
        **headers,
    )


def test_publishing_and_unpublishing_records_history_with_the_coordinator(client, coordinator):
    drafts = [make_organisation(status="draft") for _ in range(2)]
    untouched = make_organisation(status="draft")

    _act(client, "organisation", "publish", drafts)
    assert set(
        Organisation.objects.filter(pk__in=[o.pk for o in drafts]).values_list("status", flat=True)
    ) == {"published"}
    assert Organisation.objects.get(pk=untouched.pk).status == "draft"
    latest = drafts[0].history.first()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        "published",
        coordinator,
        "Published",
    )

    _act(client, "organisation", "unpublish", drafts[:1])
    assert Organisation.objects.get(pk=drafts[0].pk).status == "draft"


def test_publishing_a_service_of_a_draft_organisation_warns_it_stays_hidden(client, coordinator):
    service = make_service(status="draft", organisation=make_organisation(status="draft"))
    response = _act(client, "service", "publish", [service], HTTP_ACCEPT_LANGUAGE="en")
    assert Service.objects.get(pk=service.pk).status == "published"
    assert "visitors will not see it yet" in response.content.decode()


@time_machine.travel(dt.datetime(2025, 6, 16, 9, 0, tzinfo=dt.UTC), tick=False)
def test_marking_organisations_as_checked_also_marks_their_services(client, coordinator):
    old = dt.date(2024, 1, 1)
    organisation = make_organisation(last_checked=old)
    service = make_service(organisation=organisation, last_checked=old)
    other = make_service(last_checked=old)

    _act(client, "organisation", "mark_checked", [organisation])
    assert Organisation.objects.get(pk=organisation.pk).last_checked == dt.date(2025, 6, 16)
    assert Service.objects.get(pk=service.pk).last_checked == dt.date(2025, 6, 16)
    assert Service.objects.get(pk=other.pk).last_checked == old
    assert service.history.first().history_user == coordinator


def test_publishing_services_keeps_their_languages_in_history(client, coordinator):
    from tests.factories import make_language

    service = make_service(status="draft")
    service.languages.set([make_language(slug="ar", name="Αραβικά", name_en="Arabic")])
    _act(client, "service", "publish", [service])
    latest = service.history.first()
    assert (latest.status, latest.history_user) == ("published", coordinator)
    assert list(latest.languages.values_list("language__slug", flat=True)) == ["ar"]


@pytest.mark.parametrize(
    "lang, subject, link",
    [
        ("el", "Παρακαλούμε επιβεβαιώστε", "http://testserver/el/my/"),
        ("en", "Please confirm your organisation's details", "http://testserver/en/my/"),
    ],
)
def test_editors_are_asked_to_confirm_their_data_once_each(
    client, coordinator, settings, lang, subject, link
):
    settings.SITE_URL = "http://testserver"
    first = make_organisation(name="Πρώτη", name_en="First")
    second = make_organisation(name="Δεύτερη", name_en="Second")
    lonely = make_organisation(name="Χωρίς συντάκτη", name_en="No editor")
    editor = make_editor(first, email="editor@example.org")
    second.editor_memberships.create(user=editor)
    make_editor(second, email="gone@example.org", is_active=False)

    response = _act(
        client,
        "organisation",
        "ask_editors_to_confirm",
        [first, second, lonely],
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editor@example.org"]
    assert subject in message.subject
    assert link in message.body
    expected = ("Πρώτη", "Δεύτερη") if lang == "el" else ("First", "Second")
    assert all(name in message.body for name in expected)
    assert "Χωρίς συντάκτη" not in message.body and "No editor" not in message.body
    page = response.content.decode()
    assert ("Χωρίς συντάκτη" if lang == "el" else "No editor") in page  # named in the warning
    # Like the nightly reminder, the action records when the editors were asked.
    for organisation in (first, second, lonely):
        organisation.refresh_from_db()
    assert first.reminded_at is not None and second.reminded_at is not None
    assert lonely.reminded_at is None
