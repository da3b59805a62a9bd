"""The editors' opening-hours form: one row per day, open or closed, up to two time ranges,
"copy Monday to all weekdays" without JavaScript, errors in the editor's language."""

import re

import pytest

from members.models import ChangeRequest
from tests.factories import add_hours
from tests.selfservice.conftest import hours_post_data

pytestmark = pytest.mark.django_db


def url(service, lang="en") -> str:
    return f"/{lang}/my/services/{service.pk}/hours/"


def test_the_page_has_a_row_per_day_with_the_hours_filled_in_and_no_extra_rows(
    editor_client, service
):
    add_hours(service, 3, "16:00", "18:00")
    add_hours(service, 3, "09:00", "12:00")
    page = editor_client.get(url(service)).content.decode()
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        assert f'<th scope="row">{day}</th>' in page
    assert 'name="d0-open" id="id_d0-open" checked' in page
    assert 'name="d1-open" id="id_d1-open">' in page  # Tuesday: closed
    assert 'name="d3-opens-1" id="id_d3-opens-1" value="09:00"' in page
    assert 'name="d3-opens-2" id="id_d3-opens-2" value="16:00"' in page
    assert "three new" not in page and "TOTAL_FORMS" not in page
    assert 'name="copy_monday"' in page
    # Our own files only (the copy button works without them): no inline script.
    assert re.findall(r"<script\b[^>]*>", page) == [
        '<script src="/static/js/site.js">',
        '<script src="/static/js/week_hours.js" defer>',
    ]
    assert f'href="/en/my/services/{service.pk}/closures/"' in page


def test_hours_are_proposed_as_a_sorted_list(editor_client, service):
    response = editor_client.post(
        url(service),
        hours_post_data([(4, "17:00", "19:00"), (0, "09:00", "13:00"), (0, "14:00", "16:00")]),
    )
    assert response.status_code == 302
    assert ChangeRequest.objects.get().proposed == {
        "schedules": [[0, "09:00", "13:00"], [0, "14:00", "16:00"], [4, "17:00", "19:00"]]
    }
    assert service.schedules.count() == 1  # the live hours wait for the review


def test_unticking_a_day_closes_it_even_with_times_left_in_it(editor_client, service):
    add_hours(service, 2, "10:00", "12:00")
    data = hours_post_data([(0, "09:00", "13:00")])
    data["d2-opens-1"], data["d2-closes-1"] = "10:00", "12:00"  # left there, "open" unticked
    response = editor_client.post(url(service), data)
    assert response.status_code == 400
    assert "marked it closed" in response.content.decode()
    data["d2-opens-1"] = data["d2-closes-1"] = ""
    assert editor_client.post(url(service), data).status_code == 302
    assert ChangeRequest.objects.get().proposed == {"schedules": [[0, "09:00", "13:00"]]}


def test_unchanged_hours_propose_nothing(editor_client, service):
    response = editor_client.post(url(service), hours_post_data([(0, "09:00", "13:00")]))
    assert response.status_code == 302
    assert not ChangeRequest.objects.exists()


def test_copy_monday_fills_the_weekdays_and_saves_nothing(editor_client, service):
    add_hours(service, 5, "10:00", "13:00")  # Saturday stays as it is
    data = hours_post_data([(0, "09:00", "13:00"), (0, "14:00", "17:00"), (5, "10:00", "13:00")])
    data["copy_monday"] = "1"
    response = editor_client.post(url(service), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert not ChangeRequest.objects.exists()
    assert "copied to Tuesday, Wednesday, Thursday and Friday" in page
    for weekday in (1, 2, 3, 4):
        assert f'name="d{weekday}-open" id="id_d{weekday}-open" checked' in page
        assert f'id="id_d{weekday}-opens-1" value="09:00"' in page
        assert f'id="id_d{weekday}-closes-2" value="17:00"' in page
    assert 'id="id_d5-opens-1" value="10:00"' in page
    assert 'name="d6-open" id="id_d6-open">' in page  # Sunday untouched
    # Sending the filled form proposes the whole week.
    sent = {
        k: v
        for k, v in hours_post_data(
            [(d, "09:00", "13:00") for d in range(5)]
            + [(d, "14:00", "17:00") for d in range(5)]
            + [(5, "10:00", "13:00")]
        ).items()
    }
    assert editor_client.post(url(service), sent).status_code == 302
    assert len(ChangeRequest.objects.get().proposed["schedules"]) == 11


def test_copy_monday_when_monday_is_closed_closes_the_weekdays(editor_client, service):
    data = hours_post_data([(2, "10:00", "12:00")])
    data["copy_monday"] = "1"
    page = editor_client.post(url(service), data).content.decode()
    assert 'name="d2-open" id="id_d2-open">' in page
    assert 'id="id_d2-opens-1" value=""' in page


@pytest.mark.parametrize(
    ("rows", "lang", "message"),
    [
        ([(0, "13:00", "09:00")], "en", "The closing time must be after the opening time."),
        ([(0, "09:00", "09:00")], "en", "The closing time must be after the opening time."),
        ([(0, "09:00", "13:00"), (0, "12:00", "15:00")], "en", "overlaps another one"),
        ([(1, "", "13:00")], "en", "Give the opening time."),
        ([(1, "09:00", "")], "en", "Give the closing time."),
        ([(1, "9 am", "13:00")], "en", "Enter a valid time."),
        (
            [(0, "13:00", "09:00")],
            "el",
            "Η ώρα κλεισίματος πρέπει να είναι μετά την ώρα ανοίγματος.",
        ),
        ([(0, "09:00", "13:00"), (0, "12:00", "15:00")], "el", "επικαλύπτει άλλο διάστημα"),
    ],
)
def test_invalid_hours_are_explained_next_to_the_fields_and_at_the_top(
    editor_client, service, rows, lang, message
):
    response = editor_client.post(url(service, lang), hours_post_data(rows))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert page.count(message) >= 2
    assert 'href="#id_d' in page
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize("lang", ["el", "en"])
def test_a_day_ticked_open_without_hours_is_explained(editor_client, service, lang):
    response = editor_client.post(url(service, lang), {"d0-open": "on", "d2-open": "on"})
    assert response.status_code == 400
    page = response.content.decode()
    expected = "Δώστε τις ώρες" if lang == "el" else "Give the hours of Wednesday"
    assert expected in page


def test_a_day_with_three_periods_from_an_import_keeps_them_all(editor_client, service):
    for opens, closes in (("10:00", "11:00"), ("12:00", "13:00"), ("14:00", "15:00")):
        add_hours(service, 6, opens, closes)
    page = editor_client.get(url(service)).content.decode()
    assert 'id="id_d6-opens-3" value="14:00"' in page
    data = hours_post_data(
        [(0, "09:00", "13:00"), (6, "10:00", "11:00"), (6, "12:00", "13:00"), (6, "14:00", "16:00")]
    )
    assert editor_client.post(url(service), data).status_code == 302
    assert [6, "14:00", "16:00"] in ChangeRequest.objects.get().proposed["schedules"]


def test_nonsense_posted_is_a_clear_error_not_a_crash(editor_client, service):
    response = editor_client.post(url(service), {"d0-open": "on", "d0-opens-1": "x" * 5000})
    assert response.status_code == 400
