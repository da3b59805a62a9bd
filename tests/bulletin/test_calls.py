"""Open calls: posting, review, closing by date or early, the public list and pages."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from bulletin.models import OpenCall
from bulletin.workflows import calls_close_expired
from tests.factories import make_call, make_organisation

pytestmark = pytest.mark.django_db


def _post_data(**overrides):
    data = {
        "direction": "offer",
        "kind": "interpreters",
        "title_el": "",
        "title_en": "Arabic interpreters available",
        "description_el": "",
        "description_en": "Two interpreters, Tuesdays and Thursdays.",
        "closes_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "visibility": "everyone",
    }
    data.update(overrides)
    return data


def test_an_editor_posts_a_call_in_english_only_and_it_waits_for_review(editor_client, org):
    response = editor_client.post(f"/en/my/organisations/{org.pk}/calls/new/", _post_data())
    assert response.status_code == 302
    call = OpenCall.objects.get()
    assert call.state == OpenCall.State.PENDING
    assert call.organisation == org and call.posted_by.email == "editor@example.org"
    assert mail.outbox and "Organisation A" in mail.outbox[0].body
    # Not public until a coordinator approves it.
    assert editor_client.get(f"/en/calls/{call.pk}/").status_code == 404
    assert "Arabic interpreters" not in editor_client.get("/en/calls/").content.decode()


def test_a_trusted_organisations_call_is_published_at_once(editor_client, org):
    org.is_trusted = True
    org.save()
    editor_client.post(f"/el/my/organisations/{org.pk}/calls/new/", _post_data())
    call = OpenCall.objects.get()
    assert call.state == OpenCall.State.OPEN
    assert "Arabic interpreters" in editor_client.get("/en/calls/").content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"closes_on": "2000-01-01"}, "cannot be in the past"),
        ({"closes_on": "9999-12-31"}, "at most 90 days"),
        ({"closes_on": "not a date"}, "valid date"),
        ({"title_en": "", "description_en": ""}, "Give a title"),
        ({"description_en": ""}, "Give a description"),
        ({"kind": "weapons"}, "valid choice"),
        ({"visibility": "secret"}, "valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_400_and_a_clear_message(
    editor_client, org, overrides, message
):
    response = editor_client.post(
        f"/en/my/organisations/{org.pk}/calls/new/", _post_data(**overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OpenCall.objects.exists()


def test_the_closing_date_may_be_exactly_ninety_days_ahead(editor_client, org):
    closes = timezone.localdate() + dt.timedelta(days=90)
    editor_client.post(
        f"/en/my/organisations/{org.pk}/calls/new/", _post_data(closes_on=closes.isoformat())
    )
    assert OpenCall.objects.get().closes_on == closes


def test_the_form_is_in_greek_on_the_greek_page(editor_client, org):
    html = editor_client.get(f"/el/my/organisations/{org.pk}/calls/new/").content.decode()
    assert "Διερμηνείς" in html and "Ημερομηνία λήξης" in html


def test_a_call_past_its_closing_date_is_closed_at_once_and_the_job_records_it(client, org):
    today = timezone.localdate()
    yesterday = make_call(organisation=org, closes_on=today - dt.timedelta(days=1))
    last_day = make_call(organisation=org, closes_on=today, title_el="Τελευταία μέρα")
    assert list(OpenCall.objects.open()) == [last_day]
    assert client.get(f"/el/calls/{yesterday.pk}/answer/").status_code == 302
    assert calls_close_expired() == 1
    yesterday.refresh_from_db()
    assert yesterday.state == OpenCall.State.EXPIRED and yesterday.closed_on == yesterday.closes_on
    assert calls_close_expired() == 0  # idempotent
    page = client.get(f"/en/calls/{yesterday.pk}/")
    assert page.status_code == 200 and "This call is closed" in page.content.decode()


def test_the_daily_command_closes_expired_calls(org, capsys):
    make_call(organisation=org, closes_on=timezone.localdate() - dt.timedelta(days=3))
    call_command("close_expired_calls")
    assert "Calls closed: 1" in capsys.readouterr().out
    assert OpenCall.objects.filter(state=OpenCall.State.EXPIRED).count() == 1


@pytest.mark.parametrize("state", ["fulfilled", "withdrawn"])
def test_the_poster_closes_a_call_early(editor_client, org, state):
    call = make_call(organisation=org)
    response = editor_client.post(f"/en/my/calls/{call.pk}/close/", {"state": state})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.state == state and call.closed_on == timezone.localdate()
    assert call not in OpenCall.objects.open()


def test_closing_with_a_made_up_reason_is_a_400(editor_client, org):
    call = make_call(organisation=org)
    response = editor_client.post(f"/en/my/calls/{call.pk}/close/", {"state": "expired"})
    assert response.status_code == 400
    call.refresh_from_db()
    assert call.state == OpenCall.State.OPEN


def test_the_public_list_shows_open_public_calls_soonest_closing_first(client, org):
    today = timezone.localdate()
    later = make_call(organisation=org, title_el="Αργότερα", closes_on=today + dt.timedelta(20))
    sooner = make_call(organisation=org, title_el="Νωρίτερα", closes_on=today + dt.timedelta(2))
    make_call(organisation=org, title_el="Μόνο μέλη", visibility="members")
    make_call(organisation=org, title_el="Σε αναμονή", state="pending")
    html = client.get("/el/calls/").content.decode()
    assert html.index(sooner.title_el) < html.index(later.title_el)
    assert "Μόνο μέλη" not in html and "Σε αναμονή" not in html


def test_the_list_filters_and_explains_unknown_values(client, org):
    make_call(organisation=org, title_el="Προσφορά χώρου", direction="offer", kind="space")
    make_call(organisation=org, title_el="Ζητάμε τρόφιμα", direction="request", kind="goods")
    html = client.get("/en/calls/?direction=offer").content.decode()
    assert "Προσφορά χώρου" in html and "Ζητάμε τρόφιμα" not in html
    response = client.get("/en/calls/?kind=rockets&page=zz")
    assert response.status_code == 200
    assert "is not a valid choice" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 200])
def test_the_list_makes_the_same_queries_at_1_and_200_calls(
    client, org, rows, django_assert_max_num_queries
):
    for n in range(rows):
        make_call(organisation=make_organisation() if n % 50 == 0 else org)
    # Queries: the count, the page of calls joined to their organisations.
    with django_assert_max_num_queries(2):
        response = client.get("/en/calls/")
    assert response.status_code == 200


@pytest.mark.parametrize("lang", ["el", "en"])
def test_the_english_page_falls_back_to_greek_marked(client, org, lang):
    call = make_call(organisation=org, title_el="Μόνο ελληνικά", title_en="")
    html = client.get(f"/{lang}/calls/{call.pk}/").content.decode()
    assert "Μόνο ελληνικά" in html
    assert ('<span lang="el">Μόνο ελληνικά</span>' in html) == (lang == "en")


def test_the_page_never_shows_the_posters_address(client, org, editor):
    call = make_call(organisation=org, posted_by=editor)
    html = client.get(f"/en/calls/{call.pk}/").content.decode()
    assert editor.email not in html and "Ελένη" not in html
