"""seed_demo adds example calls and publications, marked as examples, once; --scale adds more."""

import io

import pytest
from django.core.management import call_command

from bench.bulletin_scale import seed_calls_and_publications
from bulletin.models import OpenCall, Publication

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_marked_examples_once(client):
    call_command("seed_demo", stdout=io.StringIO())
    calls, publications = OpenCall.objects.count(), Publication.objects.count()
    assert calls == 4 and publications == 3
    call_command("seed_demo", stdout=io.StringIO())
    assert (OpenCall.objects.count(), Publication.objects.count()) == (calls, publications)
    assert all(
        c.is_example and c.title_el.startswith("[Παράδειγμα]") for c in OpenCall.objects.all()
    )
    assert all(p.is_example for p in Publication.objects.all())
    html = client.get("/en/calls/").content.decode()
    assert "[Example]" in html and "Example</span>" in html
    assert client.get("/el/toolkit/?q=asylum").content.decode().count("publication-card") == 1


def test_scale_adds_calls_and_publications_in_proportion():
    call_command("seed_demo", "--scale", "30", stdout=io.StringIO())
    assert Publication.objects.filter(slug__startswith="example-toolkit-").count() == 3
    assert seed_calls_and_publications(30) == 0  # idempotent
    assert seed_calls_and_publications(50) == 2
    assert Publication.objects.get(slug="example-toolkit-4").search_text
