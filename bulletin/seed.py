"""Demo data of the bulletin: example activities and news, plainly marked as examples.

Example activities belong to real organisations (ACCMR, the City's bodies) the way the
members seed's example services do: the title says "(example)", the text says it is made
up, `is_example` is set, and nothing else about the organisation is invented (no phone
numbers, no addresses beyond the example location the members seed already made).
Dates are relative to the day the seed runs; running it again moves examples that have
ended forward, so the demo always has something on this week.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from bulletin.models import Activity, ActivityStatus, NewsPost, Topic
from members.models import Language, Organisation, PopulationGroup, ServiceCategory, Status

EXAMPLE_NOTE_EL = (
    "Παράδειγμα για την παρουσίαση της πύλης: η δράση δεν πραγματοποιείται και η ημερομηνία, "
    "οι γλώσσες και ο χώρος είναι φανταστικά."
)
EXAMPLE_NOTE_EN = (
    "An example to show how the portal works: this activity does not take place, and its "
    "date, languages and place are made up."
)
ACCMR_SLUG = "athens-coordination-center-for-migrant-refugee-issues"
KEM_NAME_EN = "Migrant Integration Centre of the City of Athens (KEM)"


@dataclass(frozen=True)
class ExampleActivity:
    title_el: str
    title_en: str
    text_el: str
    text_en: str
    organiser: str  # "accmr" or "kem"
    category: str
    day_offset: int  # from the seed's day; see _first_day()
    start: str
    end: str
    languages: tuple[str, ...]
    groups: tuple[str, ...] = ()
    weekdays: str = ""
    weeks: int = 0
    place: str = Activity.Place.LOCATION
    free: bool = True
    capacity: int | None = None


# fmt: off
EXAMPLES = [
    ExampleActivity(
        "Ενημέρωση για τη διαδικασία ασύλου στα αραβικά (παράδειγμα)",
        "Information session on the asylum procedure in Arabic (example)",
        "Μια σύντομη παρουσίαση των βημάτων της διαδικασίας ασύλου, με ερωτήσεις και απαντήσεις.",
        "A short presentation of the steps of the asylum procedure, with questions and answers.",
        "kem", "legal", 1, "18:00", "19:30", ("ar", "el"), ("asylum_seekers",), capacity=30,
    ),
    ExampleActivity(
        "Μαθήματα ελληνικών για γυναίκες (παράδειγμα)",
        "Greek lessons for women (example)",
        "Μαθήματα ελληνικών για αρχάριες, δύο φορές την εβδομάδα.",
        "Greek lessons for beginners, twice a week.",
        "kem", "education", 0, "10:00", "12:00", ("el", "ar", "fa"), ("women",),
        weekdays="13", weeks=12,
    ),
    ExampleActivity(
        "Διαδικτυακό εργαστήριο: βιογραφικό και αναζήτηση εργασίας (παράδειγμα)",
        "Online workshop: CV and job search (example)",
        "Πώς γράφουμε βιογραφικό και πού βρίσκουμε αγγελίες εργασίας.",
        "How to write a CV and where to find job offers.",
        "accmr", "employment", 8, "17:00", "18:30", ("el", "en"), (),
        place=Activity.Place.ONLINE,
    ),
    ExampleActivity(
        "Συνάντηση δικτύωσης των μελών του ACCMR (παράδειγμα)",
        "ACCMR members' networking meeting (example)",
        "Τα μέλη γνωρίζονται, μοιράζονται νέα και σχεδιάζουν κοινές δράσεις.",
        "Members meet, share news and plan joint activities.",
        "accmr", "community", 15, "11:00", "13:00", ("el", "en"), (), free=True,
    ),
    ExampleActivity(
        "Γιορτή της γειτονιάς (παράδειγμα, ολοκληρώθηκε)",
        "Neighbourhood celebration (example, ended)",
        "Μουσική, φαγητό και παιχνίδια για όλη την οικογένεια.",
        "Music, food and games for the whole family.",
        "kem", "community", -10, "17:00", "20:00", ("el", "ar", "fa", "en"),
        ("children_families",),
    ),
]
# fmt: on

NEWS = [
    {
        "slug": "example-members-meeting-announced",
        "topic": Topic.ACCMR,
        "days_ago": 3,
        "title_el": "Ανακοινώθηκε η επόμενη συνάντηση των μελών (παράδειγμα)",
        "title_en": "Next members' meeting announced (example)",
        "summary_el": "Παράδειγμα ανακοίνωσης για την επίδειξη της πύλης.",
        "summary_en": "An example announcement for the portal demo.",
        "body_el": "Αυτή η ανάρτηση είναι παράδειγμα για την επίδειξη της πύλης· δεν αφορά "
        "πραγματική συνάντηση.",
        "body_en": "This post is an example for the portal demo; it does not concern a real "
        "meeting.",
    },
    {
        "slug": "example-call-for-funding-integration-projects",
        "topic": Topic.FUNDING,
        "days_ago": 6,
        "title_el": "Πρόσκληση χρηματοδότησης για προγράμματα ένταξης (παράδειγμα)",
        "title_en": "Call for funding for integration projects (example)",
        "summary_el": "Παράδειγμα ανάρτησης στο θέμα «Προσκλήσεις χρηματοδότησης».",
        "summary_en": "An example post on the topic 'Calls for funding'.",
        "body_el": "Αυτή η ανάρτηση είναι παράδειγμα· δεν υπάρχει τέτοια πρόσκληση.",
        "body_en": "This post is an example; there is no such call.",
    },
    {
        "slug": "example-new-member-welcomed",
        "topic": Topic.MEMBERS,
        "days_ago": 12,
        "title_el": "Καλωσορίζουμε ένα νέο μέλος (παράδειγμα)",
        "title_en": "Welcome to a new member (example)",
        "summary_el": "",
        "summary_en": "",
        "body_el": "Αυτή η ανάρτηση είναι παράδειγμα για την επίδειξη της πύλης.",
        "body_en": "This post is an example for the portal demo.",
    },
]


def _first_day(today: dt.date, offset: int) -> dt.date:
    """`today + offset`. Offset 1 (tomorrow) is always within "this week" as the list means
    it (bulletin.activity_forms: on a weekend, the week ahead)."""
    return today + dt.timedelta(days=offset)


def _aware(day: dt.date, clock: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(clock)))


def _organisers() -> dict[str, Organisation]:
    found = {
        "accmr": Organisation.objects.filter(slug=ACCMR_SLUG).first(),
        "kem": Organisation.objects.filter(name_en=KEM_NAME_EN).first(),
    }
    fallback = found["accmr"] or Organisation.objects.published().order_by("pk").first()
    return {key: organisation or fallback for key, organisation in found.items()}


def _times(example: ExampleActivity, today: dt.date) -> dict:
    day = _first_day(today, example.day_offset)
    values = {"repeat": Activity.Repeat.NONE, "repeat_weekdays": "", "repeat_until": None}
    if example.weekdays:
        # The first day must be one of the chosen days: move forward to the next one.
        while str(day.weekday()) not in example.weekdays:
            day += dt.timedelta(days=1)
        values = {
            "repeat": Activity.Repeat.WEEKLY,
            "repeat_weekdays": example.weekdays,
            "repeat_until": day + dt.timedelta(weeks=example.weeks),
        }
    return {"starts_at": _aware(day, example.start), "ends_at": _aware(day, example.end), **values}


def seed_activities(today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    organisers = _organisers()
    categories = {c.slug: c for c in ServiceCategory.objects.filter(parent__isnull=True)}
    languages = {language.slug: language for language in Language.objects.all()}
    groups = {group.slug: group for group in PopulationGroup.objects.all()}
    for example in EXAMPLES:
        organisation = organisers[example.organiser]
        category = categories.get(example.category) or next(iter(categories.values()), None)
        if organisation is None or category is None:
            return  # no directory seeded yet
        location = organisation.locations.order_by("pk").first()
        place = example.place if example.place == Activity.Place.ONLINE or location else "online"
        activity = Activity.objects.filter(
            organisation=organisation, title_el=example.title_el
        ).first()
        if activity is not None and activity.next_occurrence() is not None:
            continue
        activity = activity or Activity(organisation=organisation, title_el=example.title_el)
        for name, value in {
            "title_en": example.title_en,
            "description_el": f"{example.text_el}\n\n{EXAMPLE_NOTE_EL}",
            "description_en": f"{example.text_en}\n\n{EXAMPLE_NOTE_EN}",
            "category": category,
            "place": place,
            "location": location if place == Activity.Place.LOCATION else None,
            "is_free": example.free,
            "capacity": example.capacity,
            "status": ActivityStatus.PUBLISHED,
            "is_example": True,
            **_times(example, today),
        }.items():
            setattr(activity, name, value)
        activity.full_clean()
        activity.save()
        activity.languages.set([languages[s] for s in example.languages if s in languages])
        activity.population_groups.set([groups[s] for s in example.groups if s in groups])


def seed_news(today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    for data in NEWS:
        data = dict(data)
        slug = data.pop("slug")
        days_ago = data.pop("days_ago")
        if NewsPost.objects.filter(slug=slug).exists():
            continue
        post = NewsPost(
            slug=slug,
            date=today - dt.timedelta(days=days_ago),
            status=Status.PUBLISHED,
            is_example=True,
            **data,
        )
        post.full_clean()
        post.save()


def seed_bulletin() -> None:
    """Example activities and news (idempotent)."""
    seed_activities()
    seed_news()
