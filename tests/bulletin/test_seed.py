"""seed_demo's example activities and news, and --scale N in proportion."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from bulletin.models import Activity, NewsPost
from bulletin.seed import EXAMPLES, NEWS
from tests.conftest import rolled_back_after_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """seed_demo, run once for TestTheDemo (as tests/conftest.py's sample_records_of_module, in
    a transaction rolled back after the class's last test; what a test writes, seeding again,
    is gone before the next one)."""
    with rolled_back_after_the_module(django_db_blocker):
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("seed_demo", stdout=io.StringIO())
        yield


@pytest.fixture
def _no_history(settings):
    settings.SIMPLE_HISTORY_ENABLED = False


class TestTheDemo:
    """After seed_demo (run once for the class)."""

    def test_demo_adds_example_activities_and_news_plainly_marked(self, demo, client):
        activities = Activity.objects.all()
        assert activities.count() == len(EXAMPLES)
        for activity in activities:
            assert activity.is_example
            assert "(παράδειγμα" in activity.title_el and "(example" in activity.title_en
            assert "Παράδειγμα" in activity.description_el and "example" in activity.description_en
        examples = NewsPost.objects.filter(is_example=True)
        assert examples.count() == len(NEWS) + 1  # and the network seed's example meeting
        assert all("(example)" in post.title_en for post in examples)
        # Something is on this week, free and in Arabic, for the demo journey.
        html = client.get("/en/activities/?when=week&language=ar&free=on").content.decode()
        assert "Information session on the asylum procedure in Arabic (example)" in html
        # The ended example keeps its page, marked.
        ended = Activity.objects.get(title_en__contains="ended")
        assert "This activity has ended." in client.get(ended.get_absolute_url()).content.decode()

    def test_demo_seed_is_idempotent(self, demo, _no_history):
        before = (Activity.objects.count(), NewsPost.objects.count())
        call_command("seed_demo", stdout=io.StringIO())
        assert (Activity.objects.count(), NewsPost.objects.count()) == before


def test_scale_adds_activities_and_news_in_proportion(settings):
    settings.SIMPLE_HISTORY_ENABLED = False
    call_command("seed_demo", "--scale", "20", stdout=io.StringIO())
    synthetic = Activity.objects.filter(title_en__startswith="Synthetic activity")
    # One per published synthetic organisation (every thirtieth is a draft: none of 1..20).
    assert synthetic.count() == 20
    assert synthetic.filter(repeat=Activity.Repeat.WEEKLY).exists()
    assert all(a.search_text for a in synthetic)
    assert NewsPost.objects.filter(slug__startswith="synthetic-news-").count() == 2
    call_command("seed_demo", "--scale", "20", stdout=io.StringIO())
    assert synthetic.count() == 20
