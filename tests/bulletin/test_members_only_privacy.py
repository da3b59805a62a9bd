"""Members-only information never reaches an anonymous request, on any route.

Like the focal points (tests/network/test_focal_point_privacy.py): every public route the URL
resolver knows (pages, search, sitemap, API, open-data files) is fetched anonymously with a
members-only call and members-only contacts on the sample organisation and service, and no
response may contain them. A member editor, on the other hand, sees them.
"""

import gzip
import io
import re
import zipfile

import pytest

from bulletin.models import OrganisationMembersInfo, ServiceMembersInfo
from members.models import Organisation, Service
from tests.factories import make_call
from tests.pages import make_sample_records
from tests.security.routes import BUILDABLE, urls_for

pytestmark = pytest.mark.django_db

SECRETS = {
    "contact_person": "Μυστικός Παραπομπέας",
    "referral_phone": "+30 210 999 8877",
    "referral_email": "referrals.secret@example.org",
    "referral_notes_el": "Στείλτε το έντυπο ΚΡΥΦΟ-42",
}
CALL_TITLE = "Κρυφή πρόσκληση μόνο για μέλη"
PUBLIC_ROUTES = [r for r in BUILDABLE if r.is_public_page]


@pytest.fixture
def seeded(settings):
    settings.PAGE_CACHE = True  # the anonymous cache must never hold them either
    records = make_sample_records()
    organisation = Organisation.objects.get(slug="example-organisation")
    organisation.is_member = True
    organisation.save()
    service = Service.objects.get(slug="example-legal-counselling")
    OrganisationMembersInfo.objects.create(organisation=organisation, **SECRETS)
    ServiceMembersInfo.objects.create(service=service, **SECRETS)
    call = make_call(organisation=organisation, title_el=CALL_TITLE, visibility="members")
    # The open-data files are built outside requests (members.hsds.files; a download before
    # the first build is a 503): build them now, with the members-only records in place, so
    # the downloads are checked too.
    from members.hsds.files import build_open_data

    settings.SITE_URL = settings.SITE_URL or "http://testserver"
    build_open_data(force=True)
    return records, call


def _bodies(response) -> list[bytes]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    bodies = [content]
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            bodies += [archive.read(name) for name in archive.namelist()]
    elif content[:2] == b"\x1f\x8b":
        bodies.append(gzip.decompress(content))
    return bodies


def _assert_clean(url: str, response) -> None:
    phone_digits = re.sub(r"\D", "", SECRETS["referral_phone"])
    for body in _bodies(response):
        text = body.decode("utf-8", "replace")
        for value in [*SECRETS.values(), CALL_TITLE]:
            assert value not in text, (url, value)
        assert "referrals.secret" not in text, url
        assert phone_digits not in re.sub(r"\D", "", text), url


def test_no_anonymous_route_shows_members_only_information(client, seeded):
    records, call = seeded
    urls = [url for route in PUBLIC_ROUTES for url in urls_for(route, records)]
    for lang in ("el", "en"):
        urls += [
            f"/{lang}/calls/{call.pk}/",
            f"/{lang}/calls/{call.pk}/answer/",
            # Words of the secrets (the whole values are not echoed by the search box).
            f"/{lang}/search/?q=Παραπομπέας",
            f"/{lang}/search/?q=kryfo",
            f"/{lang}/search/?q=Κρυφή",
            f"/{lang}/services/?q=Παραπομπέας",
            f"/{lang}/organisations/?q=ΚΡΥΦΟ",
        ]
    urls += [
        "/api/hsds/services/?lang=el",
        "/api/hsds/organizations/?lang=el",
        "/api/hsds/services/?format=ndjson",
    ]
    assert len(urls) > 60
    for url in urls:
        for _ in range(2):  # the second visit may come from the page cache
            response = client.get(url)
            assert response.status_code < 500, url
            _assert_clean(url, response)
    assert client.get(f"/el/calls/{call.pk}/").status_code == 404


def test_a_member_editor_sees_the_block_and_the_call(client, seeded, other_editor):
    _records, call = seeded
    client.force_login(other_editor)
    for url in (
        "/el/organisations/example-organisation/",
        "/el/services/example-legal-counselling/",
    ):
        html = client.get(url).content.decode()
        assert SECRETS["contact_person"] in html and SECRETS["referral_email"] in html
    assert CALL_TITLE in client.get(f"/el/calls/{call.pk}/").content.decode()
    assert CALL_TITLE in client.get("/el/my/members/").content.decode()
    assert SECRETS["referral_email"] in client.get("/el/my/members/directory/").content.decode()


def test_a_logged_in_page_is_never_stored_for_anonymous_visitors(client, seeded, other_editor):
    url = "/el/organisations/example-organisation/"
    client.force_login(other_editor)
    assert SECRETS["contact_person"] in client.get(url).content.decode()
    client.logout()
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    assert SECRETS["contact_person"] not in first.content.decode()
    # And an anonymous page in the cache is never served to a member.
    client.force_login(other_editor)
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert SECRETS["contact_person"] in response.content.decode()


def test_an_editor_of_a_non_member_organisation_does_not_see_them(client, seeded):
    from tests.factories import make_editor, make_organisation

    _records, call = seeded
    client.force_login(make_editor(make_organisation(is_member=False)))
    html = client.get("/el/organisations/example-organisation/").content.decode()
    assert SECRETS["contact_person"] not in html
    assert client.get(f"/el/calls/{call.pk}/").status_code == 404
    response = client.get("/el/my/members/")
    assert response.status_code == 403 and CALL_TITLE not in response.content.decode()
    assert client.get("/el/my/members/directory/").status_code == 403


def test_the_members_only_fields_are_unreachable_from_the_directory_models():
    # No reverse accessor: serialisers that walk Organisation's or Service's relations
    # cannot meet the members-only models.
    for model in (Organisation, Service):
        related = {f.related_model for f in model._meta.get_fields() if f.is_relation}
        assert not related & {OrganisationMembersInfo, ServiceMembersInfo}
