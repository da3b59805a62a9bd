"""The directory in figures: counts of published records, SVG charts, tables and CSVs."""

import csv
import io
import re

import pytest
import time_machine

from members.models import ServiceStatus, Status
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures_directory():
    legal = factories.make_category(slug="legal", name="Νομική βοήθεια", name_en="Legal aid")
    greek = factories.make_category(
        slug="greek-lessons", name="Μαθήματα ελληνικών", name_en="Greek lessons"
    )
    organisation = factories.make_organisation(name="Φορέας", last_checked="2026-11-01")
    in_first = factories.make_location(organisation=organisation, community=1)
    in_third = factories.make_location(organisation=organisation, community=3)
    farsi = factories.make_language(slug="fa", name="Φαρσί", name_en="Farsi")
    arabic = factories.make_language(slug="ar", name="Αραβικά", name_en="Arabic")
    women = factories.make_population_group(slug="women", name="Γυναίκες", name_en="Women")
    advice = factories.make_service(
        name="Νομική συμβουλή", organisation=organisation, category=legal
    )
    advice.locations.add(in_first, in_third)
    advice.languages.add(farsi, arabic)
    advice.population_groups.add(women)
    lessons = factories.make_service(name="Μαθήματα", organisation=organisation, category=greek)
    lessons.locations.add(in_first)
    lessons.languages.add(farsi)
    # Never counted: a draft service, a retired one, and a draft organisation's service.
    for status in (ServiceStatus.DRAFT, ServiceStatus.RETIRED):
        hidden = factories.make_service(
            name=f"{status}", organisation=organisation, category=greek, status=status
        )
        hidden.locations.add(in_third)
        hidden.languages.add(arabic)
    draft = factories.make_organisation(name="Πρόχειρος", status=Status.DRAFT)
    hidden = factories.make_service(name="Κρυφή", organisation=draft, category=greek)
    hidden.locations.add(factories.make_location(organisation=draft, community=3))
    hidden.languages.add(arabic)
    return {"legal": legal, "greek": greek}


def _rows(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_heat_table_counts_published_services_per_category_and_community(
    client, figures_directory
):
    rows = _rows(client, "/en/data/figures/categories-by-community.csv")
    assert rows[0] == ["Category"] + [f"Comm. {n}" for n in range(1, 8)]
    by_category = {row[0]: row[1:] for row in rows[1:]}
    assert by_category["Legal aid"] == ["1", "0", "1", "0", "0", "0", "0"]
    assert by_category["Greek lessons"] == ["1", "0", "0", "0", "0", "0", "0"]


def test_languages_and_groups_count_published_services_only(client, figures_directory):
    languages = {row[0]: row[1] for row in _rows(client, "/en/data/figures/languages.csv")[1:]}
    assert languages["Farsi"] == "2"
    assert languages["Arabic"] == "1"
    groups = {row[0]: row[1] for row in _rows(client, "/el/data/figures/population-groups.csv")[1:]}
    assert groups["Γυναίκες"] == "1"


@time_machine.travel("2026-12-01 12:00", tick=False)
def test_freshness_counts_organisations_by_type_and_age(client):
    ngo = factories.make_org_type()
    city = factories.make_org_type(slug="municipal", name="Δήμος", name_en="Municipality")
    factories.make_organisation(org_type=ngo, last_checked="2026-10-01")
    factories.make_organisation(org_type=ngo, last_checked="2026-03-01")
    factories.make_organisation(org_type=ngo, last_checked=None)
    factories.make_organisation(org_type=city, last_checked="2024-01-01")
    factories.make_organisation(org_type=city, last_checked="2026-11-01", status=Status.DRAFT)
    rows = _rows(client, "/en/data/figures/freshness.csv")
    assert rows[0][0] == "Type of organisation"
    by_type = {row[0]: row[1:] for row in rows[1:]}
    assert by_type == {"NGO": ["1", "1", "1"], "Municipality": ["0", "0", "1"]}


def test_csv_cells_cannot_run_as_formulas(client):
    factories.make_service(
        name="Υπηρεσία",
        organisation=factories.make_organisation(),
        category=factories.make_category(name="=HYPERLINK(1)", name_en="=HYPERLINK(1)"),
    )
    text = client.get("/en/data/figures/categories-by-community.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert "\n=HYPERLINK" not in text


@pytest.mark.parametrize(
    ("lang", "title"), [("el", "Ο κατάλογος σε αριθμούς"), ("en", "The directory in figures")]
)
def test_the_page_draws_every_chart_with_a_caption_a_table_and_a_csv(
    client, figures_directory, lang, title
):
    response = client.get(f"/{lang}/data/figures/")
    assert response.status_code == 200
    html = response.content.decode()
    assert title in html
    # No script of its own: only the site-wide enhancements (static/js/site.js).
    assert re.findall(r"<script\b[^>]*>", html) == ['<script src="/static/js/site.js">']
    for slug in ["categories-by-community", "languages", "population-groups", "freshness"]:
        assert f'id="{slug}"' in html
        assert f'href="/{lang}/data/figures/{slug}.csv"' in html
        assert f'aria-labelledby="{slug}-svg-title {slug}-svg-desc"' in html
        assert f'<caption id="{slug}-table">' in html
    assert html.count('<svg role="img"') >= 4
    assert 'class="zero"' in html  # a community without a kind of service is marked


def test_unknown_figure_is_404(client):
    assert client.get("/en/data/figures/secrets.csv").status_code == 404


def test_the_page_runs_a_constant_number_of_queries(
    client, figures_directory, django_assert_max_num_queries
):
    # categories + heat counts, languages, groups, organisation types (+ network's figure)
    with django_assert_max_num_queries(12) as few:
        client.get("/en/data/figures/")
    organisation = factories.make_organisation()
    for n in range(20):
        service = factories.make_service(name=f"Υπηρεσία {n}", organisation=organisation)
        service.locations.add(
            factories.make_location(organisation=organisation, community=n % 7 + 1)
        )
        service.languages.add(
            factories.make_language(slug=f"l{n}", name=f"Γλώσσα {n}", name_en=f"L{n}")
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/data/figures/")


def test_the_page_answers_from_the_cache_until_the_content_changes(
    client,
    figures_directory,
    settings,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    settings.PAGE_CACHE = True
    first = client.get("/en/data/figures/languages.csv").content
    with django_assert_num_queries(0):
        assert client.get("/en/data/figures/languages.csv").content == first
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_language(slug="ur", name="Ουρντού", name_en="Urdu")
    assert b"Urdu" in client.get("/en/data/figures/languages.csv").content


# --- computed by the queue's worker, never inside a request (issue 16) -----------------------

from tests.accmr.conftest import in_process_commands  # noqa: E402, F401 - a fixture


@pytest.fixture
def database_queue(settings, in_process_commands):  # noqa: F811
    """As in production: the computation waits in the database for a worker."""
    from django.core.cache import caches

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for language in ("el", "en"):  # shared by every process (and test): no earlier figures
        caches["progress"].delete(f"figures:last:{language}")


def _run_worker():
    from django.core.management import call_command

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def test_a_request_never_computes_the_figures_it_queues_them_once(
    client, figures_directory, database_queue, monkeypatch
):
    from django_tasks_db.models import DBTaskResult

    from members.hsds import figures

    for _ in range(3):
        for url in ("/en/data/figures/", "/en/data/figures/languages.csv"):
            response = client.get(url)
            assert response.status_code == 503, url
            assert int(response["Retry-After"]) > 0
    assert "being computed" in client.get("/en/data/figures/").content.decode()
    queued = DBTaskResult.objects.filter(task_path="members.hsds.figures.compute_figures")
    assert queued.count() == 1  # once per version and language, however many ask

    _run_worker()
    assert queued.get().status == "SUCCESSFUL"
    monkeypatch.setattr(figures, "FIGURES", [lambda: pytest.fail("computed in a request")])
    page = client.get("/en/data/figures/")
    assert page.status_code == 200
    assert "Legal aid" in page.content.decode()
    assert "before the latest changes" not in page.content.decode()


def test_after_a_change_the_last_figures_are_shown_as_such_until_the_new_ones_are_ready(
    client, figures_directory, database_queue, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    client.get("/en/data/figures/")
    _run_worker()
    assert client.get("/en/data/figures/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # a new content version
        factories.make_language(slug="ur", name="Ουρντού", name_en="Urdu")

    stale = client.get("/en/data/figures/")
    assert stale.status_code == 200
    assert "before the latest changes" in stale.content.decode()
    assert "no-store" in stale["Cache-Control"]  # neither the page cache nor a browser keeps it
    assert b"Urdu" not in client.get("/en/data/figures/languages.csv").content

    _run_worker()
    fresh = client.get("/en/data/figures/")
    assert "before the latest changes" not in fresh.content.decode()
    assert b"Urdu" in client.get("/en/data/figures/languages.csv").content
