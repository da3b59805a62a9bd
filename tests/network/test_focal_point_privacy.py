"""Focal points are personal data: an anonymous visitor must never meet them."""

import re

import pytest

from network.models import GoodPractice, Municipality
from network.seed import seed_network

pytestmark = pytest.mark.django_db

SECRETS = {
    "focal_point_name": "Zωή Μυστική",
    "focal_point_role": "Secret Role Of Focal Point",
    "focal_point_email": "zoe.secret@example.org",
    "focal_point_phone": "+30 699 111 2222",
}


@pytest.fixture
def seeded():
    seed_network()
    for municipality in Municipality.objects.all():
        for field, value in SECRETS.items():
            setattr(municipality, field, value)
        municipality.save()


def public_urls() -> list[str]:
    urls = []
    for lang in ("el", "en"):
        urls += [
            f"/{lang}/",
            f"/{lang}/network/",
            f"/{lang}/network/compare/",
            f"/{lang}/network/compare/?format=csv",
            f"/{lang}/network/compare/?category=education",
            f"/{lang}/network/compare/?category=education&format=csv",
            f"/{lang}/network/practices/",
            f"/{lang}/network/practices/?q=zoe",
        ]
        for slug in Municipality.objects.values_list("slug", flat=True):
            urls += [f"/{lang}/network/{slug}/", f"/{lang}/network/{slug}/services/"]
        for slug in GoodPractice.objects.values_list("slug", flat=True):
            urls.append(f"/{lang}/network/practices/{slug}/")
    return urls


def test_no_public_page_or_export_shows_a_focal_point(client, seeded):
    urls = public_urls()
    assert len(urls) > 80
    phone_digits = re.sub(r"\D", "", SECRETS["focal_point_phone"])
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        for value in SECRETS.values():
            assert value not in body, (url, value)
        assert "zoe.secret" not in body, url
        assert phone_digits not in re.sub(r"\D", "", body), url
