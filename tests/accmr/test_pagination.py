"""One pagination rule (accmr.lib.pagination.page_of): the page asked for or the nearest
one that exists, on every list; never a 404 or a 500 for a page number."""

import pytest

from accmr.lib.pagination import page_of


@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        (None, 1),
        ("", 1),
        ("2", 2),
        ("3", 3),
        ("4", 3),  # past the end: the last page
        ("9" * 400, 3),
        ("0", 1),  # below 1: the first page (Paginator.get_page alone would give the last)
        ("-5", 1),
        ("abc", 1),
        ("1.5", 1),
        ("\x00", 1),
    ],
)
def test_the_nearest_page_that_exists(asked, shown):
    page = page_of(list(range(25)), asked, 10)
    assert page.number == shown
    assert page.object_list == list(range(25))[(shown - 1) * 10 : shown * 10]


def test_an_empty_list_has_one_empty_page():
    page = page_of([], "5", 10)
    assert (page.number, page.object_list) == (1, [])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/el/organisations/",
        "/el/services/",
        "/el/network/practices/",
        "/en/organisations/",
        "/en/network/practices/",
        "/en/news/",
        "/en/activities/",
        "/en/calls/",
        "/en/toolkit/",
    ],
)
@pytest.mark.parametrize("page", ["0", "-1", "abc", "99", "9" * 100])
def test_every_list_answers_a_bad_page_number_with_a_page(client, url, page):
    assert client.get(f"{url}?page={page}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("asked", "shown", "hidden"),
    [
        ("0", "Alpha", "Beta"),
        ("-1", "Alpha", "Beta"),
        ("99", "Beta", "Alpha"),
        ("9" * 7, "Beta", "Alpha"),
    ],
)
def test_the_bulletin_lists_follow_the_same_rule(client, asked, shown, hidden):
    from bulletin.views.toolkit import PUBLICATIONS_PER_PAGE
    from tests.factories import make_publication

    make_publication(title="Beta")  # the oldest: alone on the last page
    for n in range(PUBLICATIONS_PER_PAGE):
        make_publication(title=f"Alpha {n:02}")
    html = client.get("/en/toolkit/", {"page": asked}).content.decode()
    assert shown in html
    assert hidden not in html
