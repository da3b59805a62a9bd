"""Plain factory functions for tests: each makes a valid, published row with sensible defaults."""

import contextlib
import datetime as dt
import itertools

from django.test import override_settings
from django.utils import timezone

from accmr.models import User
from members.models import (
    Closure,
    EditorMembership,
    Language,
    Location,
    Organisation,
    OrganisationType,
    PopulationGroup,
    Schedule,
    Service,
    ServiceCategory,
    ServiceStatus,
    Status,
)
from network.models import GoodPractice, Municipality, Structure

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_user(*, email: str | None = None, password: str = "correct horse battery", **kw) -> User:
    email = email or f"user{_n()}@example.org"
    return User.objects.create_user(email=email, password=password, **kw)


def make_org_type(*, slug: str = "ngo", name: str = "ΜΚΟ", name_en: str = "NGO", **kw):
    obj, _ = OrganisationType.objects.get_or_create(
        slug=slug, defaults={"name_el": name, "name_en": name_en, **kw}
    )
    return obj


def make_category(*, slug: str | None = None, name: str | None = None, parent=None, **kw):
    n = _n()
    slug = slug or f"cat-{n}"
    obj, _ = ServiceCategory.objects.get_or_create(
        slug=slug,
        defaults={
            "name_el": name or f"Κατηγορία {n}",
            "name_en": kw.pop("name_en", f"Category {n}"),
            "parent": parent,
            **kw,
        },
    )
    return obj


def make_language(*, slug: str = "el", name: str = "Ελληνικά", name_en: str = "Greek"):
    obj, _ = Language.objects.get_or_create(
        slug=slug, defaults={"name_el": name, "name_en": name_en}
    )
    return obj


def make_population_group(
    *, slug: str = "refugees", name: str = "Πρόσφυγες", name_en: str = "Refugees"
):
    obj, _ = PopulationGroup.objects.get_or_create(
        slug=slug, defaults={"name_el": name, "name_en": name_en}
    )
    return obj


def make_organisation(*, name: str | None = None, org_type=None, **kw) -> Organisation:
    n = _n()
    name = name or f"Οργάνωση {n}"
    kw.setdefault("slug", f"organisation-{n}")
    kw.setdefault("status", Status.PUBLISHED)
    kw.setdefault("last_checked", timezone.localdate())
    return Organisation.objects.create(name_el=name, type=org_type or make_org_type(), **kw)


def make_location(*, organisation=None, **kw) -> Location:
    kw.setdefault("address_el", "Αγίου Ισιδώρου 4")
    kw.setdefault("postcode", "11471")
    kw.setdefault("municipality_el", "Αθήνα")
    kw.setdefault("community", 1)
    return Location.objects.create(organisation=organisation or make_organisation(), **kw)


def make_service(*, name: str | None = None, organisation=None, category=None, **kw) -> Service:
    n = _n()
    kw.setdefault("slug", f"service-{n}")
    kw.setdefault("status", ServiceStatus.PUBLISHED)
    kw.setdefault("last_checked", timezone.localdate())
    return Service.objects.create(
        name_el=name or f"Υπηρεσία {n}",
        organisation=organisation or make_organisation(),
        category=category or make_category(),
        **kw,
    )


@contextlib.contextmanager
def without_history():
    """Rows made without history records, for the tests that make hundreds (query counts):
    simple_history wrote a record for each save and for each many-to-many change (reading the
    relations again to copy them), two thirds of the queries of making a service. No public
    page reads history; the back office's history has its own tests (tests/backoffice)."""
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        yield


def make_many_services(
    count: int, *, organisations: int = 10, closes: str = "17:00", **kw
) -> list[Service]:
    """`count` legal-aid services in Farsi for the query-count tests, spread over
    `organisations` providers, the seven communities and the weekdays (09:00 to `closes`);
    without history records (see without_history)."""
    with without_history():
        legal = make_category(slug="legal")
        farsi = make_language(slug="fa", name="Φαρσί", name_en="Farsi")
        providers = [make_organisation() for _ in range(organisations)]
        services = []
        for n in range(count):
            organisation = providers[n % organisations]
            service = make_service(organisation=organisation, category=legal, **kw)
            service.languages.add(farsi)
            service.locations.add(make_location(organisation=organisation, community=n % 7 + 1))
            add_hours(service, n % 7, "09:00", closes)
            services.append(service)
    return services


def add_hours(service: Service, weekday: int, opens: str, closes: str) -> Schedule:
    return Schedule.objects.create(
        service=service,
        weekday=weekday,
        opens=dt.time.fromisoformat(opens),
        closes=dt.time.fromisoformat(closes),
    )


def add_closure(
    service: Service, starts_on: str, ends_on: str = "", opens: str = "", closes: str = "", **kw
) -> Closure:
    """Closed from `starts_on` to `ends_on` (the same day if empty), or open `opens`–`closes`."""
    return Closure.objects.create(
        service=service,
        starts_on=dt.date.fromisoformat(starts_on),
        ends_on=dt.date.fromisoformat(ends_on or starts_on),
        opens=dt.time.fromisoformat(opens) if opens else None,
        closes=dt.time.fromisoformat(closes) if closes else None,
        **kw,
    )


def make_editor(organisation: Organisation, **kw) -> User:
    user = make_user(**kw)
    EditorMembership.objects.create(user=user, organisation=organisation)
    return user


def make_municipality(*, name: str | None = None, **kw) -> Municipality:
    n = _n()
    kw.setdefault("slug", f"municipality-{n}")
    kw.setdefault("region_el", "Αττική")
    kw.setdefault("latitude", "37.98")
    kw.setdefault("longitude", "23.72")
    kw.setdefault("joined_year", 2018)
    return Municipality.objects.create(name_el=name or f"Δήμος {n}", **kw)


def make_structure(*, municipality=None, organisation=None, kind=Structure.Kind.KEM) -> Structure:
    return Structure.objects.create(
        municipality=municipality or make_municipality(), organisation=organisation, kind=kind
    )


def make_practice(*, title: str | None = None, municipalities=(), **kw) -> GoodPractice:
    n = _n()
    kw.setdefault("slug", f"practice-{n}")
    kw.setdefault("summary_el", "Περίληψη")
    kw.setdefault("date", dt.date(2024, 5, 1))
    kw.setdefault("status", Status.PUBLISHED)
    practice = GoodPractice.objects.create(title_el=title or f"Πρακτική {n}", **kw)
    practice.municipalities.set(municipalities or [make_municipality()])
    return practice


def make_news_post(*, title: str | None = None, **kw):
    from bulletin.models import NewsPost, Topic

    n = _n()
    kw.setdefault("body_el", "Κείμενο")
    kw.setdefault("date", dt.date(2025, 1, 15))
    kw.setdefault("status", Status.PUBLISHED)
    kw.setdefault("topic", Topic.ACCMR)
    kw.setdefault("slug", f"news-{n}")
    return NewsPost.objects.create(title_el=title or f"Νέα {n}", **kw)


def make_activity(
    *,
    title: str | None = None,
    organisation=None,
    category=None,
    starts_at: dt.datetime | None = None,
    hours: float = 2,
    **kw,
):
    """A published one-off activity (tomorrow at 10:00 Athens time unless told otherwise)."""
    from bulletin.models import Activity, ActivityStatus

    n = _n()
    if starts_at is None:
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        starts_at = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(10)))
    kw.setdefault("ends_at", starts_at + dt.timedelta(hours=hours))
    kw.setdefault("status", ActivityStatus.PUBLISHED)
    kw.setdefault("description_el", "Περιγραφή της δράσης.")
    if kw.get("place", Activity.Place.LOCATION) == Activity.Place.LOCATION and "location" not in kw:
        kw["place"] = Activity.Place.ONLINE
    return Activity.objects.create(
        title_el=title or f"Δράση {n}",
        organisation=organisation or make_organisation(),
        category=category or make_category(),
        starts_at=starts_at,
        **kw,
    )


def make_weekly_activity(weekdays: str, until: dt.date, **kw):
    """An activity repeated every week on `weekdays` ("0" Monday to "6" Sunday, e.g. "02" for
    Mondays and Wednesdays) until `until`; the rest as make_activity."""
    from bulletin.models import Activity

    return make_activity(
        repeat=Activity.Repeat.WEEKLY, repeat_weekdays=weekdays, repeat_until=until, **kw
    )


def make_coordinator(**kw) -> User:
    """A staff account in the Coordinators group (created by accmr's data migration)."""
    from django.contrib.auth.models import Group

    from accmr.roles import COORDINATORS_GROUP

    user = make_user(is_staff=True, **kw)
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    return user


def make_superuser(**kw) -> User:
    return make_user(is_staff=True, is_superuser=True, **kw)


def logged_in_client(user, *, lang: str = "en"):
    """A test client of its own, logged in as `user`, asking for pages in `lang`: for tests in
    which two people (a coordinator and an editor) act in turn."""
    from django.test import Client

    client = Client(headers={"accept-language": lang})
    client.force_login(user)
    return client


def login_with_otp(client, user):
    """Log `user` in as if they had typed a valid code from a confirmed authenticator app."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def make_call(*, organisation=None, **kw):
    """A published open call, open for two more weeks."""
    from bulletin.models import OpenCall

    n = _n()
    kw.setdefault("title_el", f"Ζητούμε διερμηνείς {n}")
    kw.setdefault("description_el", "Χρειαζόμαστε διερμηνείς αραβικών για δύο εβδομάδες.")
    kw.setdefault("direction", OpenCall.Direction.REQUEST)
    kw.setdefault("kind", OpenCall.Kind.INTERPRETERS)
    kw.setdefault("closes_on", timezone.localdate() + dt.timedelta(days=14))
    kw.setdefault("state", OpenCall.State.OPEN)
    if kw["state"] == OpenCall.State.OPEN:
        kw.setdefault("published_at", timezone.now())
    return OpenCall.objects.create(
        organisation=organisation or make_organisation(is_member=True), **kw
    )


def make_publication(*, title: str | None = None, **kw):
    """A published toolkit publication with an external link."""
    from bulletin.models import Publication

    n = _n()
    kw.setdefault("slug", f"publication-{n}")
    kw.setdefault("summary_el", "Σύντομη περίληψη της έκδοσης.")
    kw.setdefault("type", Publication.Type.GUIDE)
    kw.setdefault("year", 2025)
    kw.setdefault("publisher_name", "ACCMR")
    kw.setdefault("state", Publication.State.PUBLISHED)
    kw.setdefault("external_url", "https://example.org/guide.pdf")
    if kw["state"] == Publication.State.PUBLISHED:
        kw.setdefault("published_at", timezone.now())
    return Publication.objects.create(title_el=title or f"Οδηγός {n}", **kw)
