"""Answers to open calls: the short public form, its spam guard, the e-mail, the poster's page."""

import datetime as dt
import re
import time

import pytest
from django.core import mail, signing
from django.utils import timezone

from bulletin.calls_forms import AnswerForm
from bulletin.models import CallAnswer
from bulletin.workflows import answers_delete_expired
from tests.factories import make_call

pytestmark = pytest.mark.django_db

ANSWER = {
    "name": "Νίκος Απαντών",
    "organisation_name": "Οργάνωση Γ",
    "email": "nikos@example.net",
    "message": "Μπορούμε να βοηθήσουμε.",
}


def _token(call, seconds_ago: int = 60) -> str:
    return signing.dumps({"o": call.pk, "t": int(time.time()) - seconds_ago}, salt=AnswerForm.SALT)


def _answer(client, call, **overrides):
    data = {**ANSWER, "started": _token(call), **overrides}
    return client.post(f"/el/calls/{call.pk}/answer/", data)


def test_an_answer_reaches_the_posting_organisations_editors(client, org, editor, other_editor):
    call = make_call(organisation=org)
    response = _answer(client, call)
    assert response.status_code == 302
    answer = CallAnswer.objects.get()
    assert answer.email == "nikos@example.net"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [editor.email]  # not the other organisation's editor
    assert message.reply_to == ["nikos@example.net"]
    assert "Μπορούμε να βοηθήσουμε." in message.body


def test_the_poster_sees_the_answer_in_my_organisation_pages(client, org, editor):
    call = make_call(organisation=org)
    _answer(client, call)
    client.force_login(editor)
    html = client.get("/el/my/calls/").content.decode()
    assert "Νίκος Απαντών" in html and "nikos@example.net" in html


def test_another_organisations_editor_does_not_see_the_answers(client, org, other_editor):
    call = make_call(organisation=org)
    _answer(client, call)
    client.force_login(other_editor)
    assert "Νίκος Απαντών" not in client.get("/el/my/calls/").content.decode()


def test_the_form_page_carries_a_signed_start_time(client, org):
    call = make_call(organisation=org)
    html = client.get(f"/en/calls/{call.pk}/answer/").content.decode()
    token = re.search(r'name="started" value="([^"]+)"', html).group(1)
    assert signing.loads(token, salt=AnswerForm.SALT)["o"] == call.pk


def test_a_form_sent_within_seconds_is_refused(client, org):
    call = make_call(organisation=org)
    response = _answer(client, call, started=_token(call, seconds_ago=0))
    assert response.status_code == 400
    assert not CallAnswer.objects.exists()


def test_a_token_from_another_call_is_refused(client, org):
    call, other = make_call(organisation=org), make_call(organisation=org)
    response = _answer(client, call, started=_token(other))
    assert response.status_code == 400
    assert not CallAnswer.objects.exists()


def test_a_filled_honeypot_keeps_nothing_and_tells_nothing(client, org):
    call = make_call(organisation=org)
    response = _answer(client, call, nickname="robot")
    assert response.status_code == 302
    assert not CallAnswer.objects.exists() and not mail.outbox


def test_the_rate_limit_answers_429_after_five_answers_an_hour(client, org):
    call = make_call(organisation=org)
    for _ in range(5):
        assert _answer(client, call).status_code == 302
    response = _answer(client, call)
    assert response.status_code == 429
    assert CallAnswer.objects.count() == 5


@pytest.mark.parametrize(
    "overrides", [{"email": "not-an-address"}, {"name": ""}, {"message": "x" * 3001}]
)
def test_bad_input_is_a_400(client, org, overrides):
    call = make_call(organisation=org)
    assert _answer(client, call, **overrides).status_code == 400
    assert not CallAnswer.objects.exists()


def test_a_members_only_call_cannot_be_answered_anonymously(client, org):
    call = make_call(organisation=org, visibility="members")
    assert client.get(f"/el/calls/{call.pk}/answer/").status_code == 404
    assert _answer(client, call).status_code == 404
    assert not CallAnswer.objects.exists()


def test_a_member_editor_answers_a_members_only_call(client, org, other_editor):
    call = make_call(organisation=org, visibility="members")
    client.force_login(other_editor)
    assert _answer(client, call).status_code == 302
    assert CallAnswer.objects.count() == 1


def test_a_pending_call_cannot_be_answered(client, org):
    call = make_call(organisation=org, state="pending")
    assert _answer(client, call).status_code == 404


def test_answers_are_deleted_six_months_after_the_call_closes(org):
    today = timezone.localdate()
    old = make_call(organisation=org, state="fulfilled", closed_on=today - dt.timedelta(200))
    recent = make_call(organisation=org, state="withdrawn", closed_on=today - dt.timedelta(100))
    expired_unrecorded = make_call(organisation=org, closes_on=today - dt.timedelta(190))
    for call in (old, recent, expired_unrecorded):
        CallAnswer.objects.create(call=call, name="A", email="a@example.net", message="m")
    assert answers_delete_expired(today) == 2
    assert list(CallAnswer.objects.values_list("call", flat=True)) == [recent.pk]
