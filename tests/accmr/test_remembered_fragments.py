"""{% remembered %}: parts of pages drawn once and kept until the content changes."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from accmr import cache as cache_module
from accmr.cache import bump_content_version
from tests import factories

pytestmark = pytest.mark.django_db

FRAGMENT = Template(
    '{% load remembered %}{% remembered "part" key %}{{ value }}{% endremembered %}'
)


def draw(value, key="a", language="el"):
    with translation.override(language):
        return FRAGMENT.render(Context({"value": value, "key": key}))


def test_a_part_is_kept_until_the_content_changes(settings):
    settings.DATA_CACHE_SECONDS = 60
    assert draw(1) == "1"
    assert draw(2) == "1"
    # Its own entry for each value after the name, and for each language.
    assert draw(3, key="b") == "3"
    assert draw(4, language="en") == "4"
    bump_content_version()
    assert draw(5) == "5"


def test_nothing_is_kept_when_caching_is_off(settings):
    settings.PAGE_CACHE = False
    settings.DATA_CACHE_SECONDS = 0
    assert draw(1) == "1"
    assert draw(2) == "2"


def test_the_tag_needs_a_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load remembered %}{% remembered %}x{% endremembered %}")


def test_the_network_pages_show_a_change_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    settings.DATA_CACHE_SECONDS = 60
    municipality = factories.make_municipality(name="Παλαιά Πόλη", name_en="Old Town")
    for path in ("/en/network/", municipality.get_absolute_url().replace("/el/", "/en/")):
        assert "Old Town" in client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        municipality.name_en = "New Town"
        municipality.save()
    for path in ("/en/network/", "/en/network/compare/"):
        page = client.get(path).content.decode()
        assert "New Town" in page and "Old Town" not in page


def test_the_home_page_shows_new_content_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    settings.DATA_CACHE_SECONDS = 60
    factories.make_organisation(name="Πρώτη οργάνωση")
    assert '<span class="stats__number">1</span>' in client.get("/el/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_news_post(title="Νέα ανακοίνωση")
        factories.make_organisation(name="Δεύτερη οργάνωση")
    page = client.get("/el/").content.decode()
    assert "Νέα ανακοίνωση" in page
    assert '<span class="stats__number">2</span>' in page


def test_a_request_reads_the_content_version_once(client, settings, monkeypatch):
    settings.DATA_CACHE_SECONDS = 60
    factories.make_service(slug="svc")
    reads = []
    real = cache_module._read_content_version
    monkeypatch.setattr(cache_module, "_read_content_version", lambda: reads.append(1) or real())
    client.get("/el/services/svc/")  # menu, footer, header, description, JSON-LD, the record
    assert len(reads) == 1


def test_a_change_within_one_content_version_moves_it_on():
    with cache_module.one_content_version():
        before = cache_module.content_version()
        assert cache_module.content_version() == before
        after = bump_content_version()
        assert after != before
        assert cache_module.content_version() == after
    assert cache_module.content_version() == after
