import datetime as dt
import re
import zoneinfo

import pytest
import time_machine

from bulletin.models import Topic
from members.models import Status
from tests.factories import make_municipality, make_news_post
from tests.network.helpers import queries_for

pytestmark = pytest.mark.django_db
ATHENS = zoneinfo.ZoneInfo("Europe/Athens")


@pytest.mark.parametrize("lang", ["el", "en"])
def test_network_page_explains_the_network_in_each_language(client, lang):
    response = client.get(f"/{lang}/network/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert "2018" in html


def test_network_page_lists_published_municipalities_with_region_year_and_link(client):
    make_municipality(name="Κατερίνη", name_en="Katerini", slug="katerini", joined_year=2021)
    make_municipality(name="Κρυφή", slug="hidden", status=Status.DRAFT)
    html = client.get("/en/network/").content.decode()
    assert 'href="/en/network/katerini/"' in html
    assert "Katerini" in html
    assert "Attica" not in html  # region_en is empty in the factory: Greek fallback instead
    assert "Αττική" in html
    assert "2021" in html
    assert "/network/hidden/" not in html
    assert "Κρυφή" not in html


def test_uncertain_year_is_marked_to_be_confirmed(client):
    make_municipality(name_en="Tilos", joined_year=2019, data_uncertain=True)
    html = client.get("/en/network/").content.decode()
    assert '2019 <span class="uncertain">(to be confirmed)</span>' in html


def test_map_is_inline_svg_with_title_desc_and_a_named_link_per_municipality(client):
    make_municipality(
        name="Λάρισα", name_en="Larissa", slug="larissa", latitude="39.639", longitude="22.4191"
    )
    make_municipality(
        name="Αθήνα", name_en="Athens", slug="athens", latitude="37.9838", longitude="23.7275"
    )
    html = client.get("/en/network/").content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert re.search(r'<title id="network-map-title">[^<]+</title>', svg)
    assert re.search(r'<desc id="network-map-desc">[^<]+</desc>', svg)
    assert 'aria-labelledby="network-map-title"' in svg
    links = re.findall(r'<a class="map-marker" href="([^"]+)" aria-label="([^"]+)"', svg)
    assert sorted(links) == [("/en/network/athens/", "Athens"), ("/en/network/larissa/", "Larissa")]


def test_map_requests_nothing_from_other_hosts_and_has_no_script_or_inline_style(client):
    make_municipality()
    html = client.get("/el/network/").content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert re.findall(r"https?://[^\s\"']+", svg) == ["http://www.w3.org/2000/svg"]
    # No script of its own: only the site-wide enhancements (static/js/site.js).
    assert re.findall(r"<script\b[^>]*>", html) == ['<script src="/static/js/site.js">']
    assert "style=" not in html


def test_map_coordinates_are_not_localised_with_a_decimal_comma_in_greek(client):
    make_municipality(latitude="39.639", longitude="22.4191")
    html = client.get("/el/network/").content.decode()
    circle = re.search(r'<circle cx="([^"]+)" cy="([^"]+)"', html)
    float(circle.group(1)), float(circle.group(2))


def test_english_page_marks_a_greek_fallback_name(client):
    make_municipality(name="Τήλος", name_en="", slug="tilos")
    html = client.get("/en/network/").content.decode()
    assert (
        '<span lang="el">Τήλος</span> '
        '<small class="fallback-note text-body-secondary">(in Greek)</small>'
    ) in html
    assert 'aria-label="Τήλος" lang="el"' in html


def test_only_published_news_is_shown_newest_first(client):
    network = Topic.NETWORK
    make_news_post(
        title="Παλιά συνάντηση", title_en="Old meeting", date="2019-01-10", topic=network
    )
    make_news_post(title="Νέα συνάντηση", title_en="New meeting", date="2025-01-10", topic=network)
    make_news_post(title="Πρόχειρο", title_en="Draft news", status=Status.DRAFT, topic=network)
    make_news_post(title="Άλλο θέμα", title_en="Members news", topic=Topic.MEMBERS)
    html = client.get("/en/network/").content.decode()
    assert html.index("New meeting") < html.index("Old meeting")
    assert "Draft news" not in html
    assert "Members news" not in html


def test_network_page_runs_the_same_few_queries_for_one_or_many_municipalities(
    client, django_assert_max_num_queries
):
    # Queries: published municipalities; published news.
    make_municipality()
    make_news_post(topic=Topic.NETWORK)
    few = queries_for(client, "/el/network/")
    for n in range(25):
        make_municipality(latitude=f"{35 + n * 0.2:.3f}", longitude=f"{20 + n * 0.3:.3f}")
        make_news_post(topic=Topic.NETWORK)
    with django_assert_max_num_queries(2):
        client.get("/el/network/")
    assert queries_for(client, "/el/network/") == few


def test_once_remembered_the_page_reads_nothing_and_news_waits_for_its_day(
    client, settings, django_assert_num_queries
):
    settings.DATA_CACHE_SECONDS = 60
    make_municipality(name_en="Remembered town")
    make_news_post(title_en="Meeting of tomorrow", date=dt.date(2026, 3, 3), topic=Topic.NETWORK)
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=ATHENS), tick=False):
        client.get("/en/network/")
        with django_assert_num_queries(0):
            html = client.get("/en/network/").content.decode()
        assert "Remembered town" in html
        assert "Meeting of tomorrow" not in html
    with time_machine.travel(dt.datetime(2026, 3, 3, 10, tzinfo=ATHENS), tick=False):
        assert "Meeting of tomorrow" in client.get("/en/network/").content.decode()
