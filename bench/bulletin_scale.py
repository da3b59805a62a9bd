"""Synthetic bulletin rows for load tests, in proportion to `seed_demo --scale N` (see
bench/scale.py for the organisations and services they belong to): one activity per synthetic
organisation and one news post per ten, about one open call and one publication per ten.
Numbers that exist already are skipped, so a second run adds only what is missing.
"""

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from accmr.cache import bump_content_version
from bulletin.models import Activity, ActivityStatus, NewsPost, OpenCall, Publication, Topic
from bulletin.seed_calls import EXAMPLE, EXAMPLE_EN
from members.models import Language, Organisation, ServiceCategory, Status

SCALE_PUBLICATION_PREFIX = "example-toolkit-"


def aware(day: dt.date, clock: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(clock)))


SCALE_ACTIVITY_PREFIX = "Συνθετική δράση "
SCALE_NEWS_PREFIX = "synthetic-news-"
NEWS_PER_ORGANISATIONS = 10  # one synthetic post per ten synthetic organisations


def seed_activities_and_news(
    organisations: list[Organisation], *, batch_size: int = 1000
) -> tuple[int, int]:
    """One synthetic activity per synthetic organisation (a third weekly, over the next 90
    days) and one news post per ten, skipping those that exist. Bulk-created: the search
    column is filled here, and the page cache's version is bumped by the caller's next save
    (or is irrelevant: the command runs outside requests). Returns (activities, posts) added.
    """
    today = timezone.localdate()
    categories = list(ServiceCategory.objects.filter(parent__isnull=True))
    languages = list(Language.objects.all())
    if not categories or not organisations:
        return 0, 0
    have = set(
        Activity.objects.filter(title_el__startswith=SCALE_ACTIVITY_PREFIX).values_list(
            "organisation_id", flat=True
        )
    )
    added = 0
    pending = [o for o in organisations if o.pk not in have]
    for start in range(0, len(pending), batch_size):
        chunk = pending[start : start + batch_size]
        rows = []
        for organisation in chunk:
            n = organisation.pk
            day = today + dt.timedelta(days=n % 90)
            starts_at = aware(day, f"{9 + n % 9:02d}:00")
            weekly = n % 3 == 0
            activity = Activity(
                organisation=organisation,
                title_el=f"{SCALE_ACTIVITY_PREFIX}{n}",
                title_en=f"Synthetic activity {n}",
                description_el="Συνθετική εγγραφή για δοκιμές φόρτου: δεν είναι πραγματική δράση.",
                description_en="A synthetic record for load tests: not a real activity.",
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=2),
                repeat=Activity.Repeat.WEEKLY if weekly else Activity.Repeat.NONE,
                repeat_weekdays=str(day.weekday()) if weekly else "",
                repeat_until=day + dt.timedelta(weeks=8) if weekly else None,
                place=Activity.Place.ONLINE if n % 4 == 0 else Activity.Place.ADDRESS,
                address_el="" if n % 4 == 0 else f"Οδός Παραδείγματος {n}",
                address_en="" if n % 4 == 0 else f"{n} Example Street",
                community=None if n % 4 == 0 else n % 7 + 1,
                category=categories[n % len(categories)],
                is_free=n % 5 != 0,
                status=ActivityStatus.PUBLISHED,
                is_example=True,
            )
            activity.search_text = activity.build_search_text()
            rows.append(activity)
        with transaction.atomic():
            Activity.objects.bulk_create(rows)
            through = Activity.languages.through
            through.objects.bulk_create(
                through(
                    activity_id=a.pk, language_id=languages[a.organisation_id % len(languages)].pk
                )
                for a in rows
                if languages
            )
        added += len(rows)

    wanted = len(organisations) // NEWS_PER_ORGANISATIONS
    have_news = NewsPost.objects.filter(slug__startswith=SCALE_NEWS_PREFIX).count()
    posts = []
    for n in range(have_news + 1, wanted + 1):
        post = NewsPost(
            slug=f"{SCALE_NEWS_PREFIX}{n}",
            topic=Topic.values[n % len(Topic.values)],
            date=today - dt.timedelta(days=n % 700),
            title_el=f"Συνθετική ανάρτηση {n}",
            title_en=f"Synthetic post {n}",
            body_el="Συνθετική εγγραφή για δοκιμές φόρτου.",
            body_en="A synthetic record for load tests.",
            status=Status.PUBLISHED,
            is_example=True,
        )
        post.search_text = post.build_search_text()
        posts.append(post)
    NewsPost.objects.bulk_create(posts, batch_size=batch_size)
    if (added or posts) and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Activity, NewsPost, Activity.languages.through):
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    return added, len(posts)


def seed_calls_and_publications(count: int) -> int:
    """About one example call and publication per ten synthetic organisations; returns how
    many publications were added (calls follow the same numbers)."""
    wanted = max(count // 10, 0)
    existing = set(
        Publication.objects.filter(slug__startswith=SCALE_PUBLICATION_PREFIX).values_list(
            "slug", flat=True
        )
    )
    numbers = [n for n in range(1, wanted + 1) if f"{SCALE_PUBLICATION_PREFIX}{n}" not in existing]
    organisations = list(
        Organisation.objects.filter(status=Status.PUBLISHED)
        .order_by("pk")
        .values_list("pk", flat=True)[: max(wanted, 1)]
    )
    if not numbers or not organisations:
        return 0
    today = timezone.localdate()
    now = timezone.now()
    publications = []
    calls = []
    for n in numbers:
        publication = Publication(
            slug=f"{SCALE_PUBLICATION_PREFIX}{n}",
            type=Publication.Type.choices[n % len(Publication.Type.choices)][0],
            year=2015 + n % 11,
            title_el=f"{EXAMPLE}Έκδοση {n}",
            title_en=f"{EXAMPLE_EN}Publication {n}",
            summary_el="Συνθετική έκδοση για δοκιμές φόρτου.",
            publisher_name="ACCMR",
            external_url=f"https://example.org/publication-{n}.pdf",
            state=Publication.State.PUBLISHED,
            published_at=now,
            is_example=True,
        )
        publication.search_text = publication.build_search_text()
        publications.append(publication)
        calls.append(
            OpenCall(
                organisation_id=organisations[n % len(organisations)],
                direction=OpenCall.Direction.choices[n % 2][0],
                kind=OpenCall.Kind.choices[n % len(OpenCall.Kind.choices)][0],
                visibility=OpenCall.Visibility.EVERYONE if n % 3 else OpenCall.Visibility.MEMBERS,
                closes_on=today + dt.timedelta(days=1 + n % 90),
                title_el=f"{EXAMPLE}Πρόσκληση {n}",
                title_en=f"{EXAMPLE_EN}Call {n}",
                description_el="Συνθετική πρόσκληση για δοκιμές φόρτου.",
                state=OpenCall.State.OPEN,
                published_at=now,
                is_example=True,
            )
        )
    with transaction.atomic():
        Publication.objects.bulk_create(publications, batch_size=500)
        OpenCall.objects.bulk_create(calls, batch_size=500)
    bump_content_version()  # bulk_create sends no signals
    return len(numbers)
