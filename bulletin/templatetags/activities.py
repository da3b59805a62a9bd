"""Template tags other apps' templates may use to show activities (members' Python never
imports bulletin; its templates may load this library)."""

from django import template
from django.conf import settings
from django.utils import timezone

from accmr.cache import remember
from bulletin.activity_lists import next_activities

register = template.Library()

ON_ORGANISATION_PAGE = 5


@register.inclusion_tag("bulletin/activities/includes/_organisation_activities.html")
def organisation_activities(organisation):
    """The organisation's next activities (four queries at most), worked out once a minute
    and again at the first change to content (like the home page's)."""
    minute = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    activities, more = remember(
        f"organisation-activities:{organisation.pk}:{minute}",
        lambda: next_activities(ON_ORGANISATION_PAGE, organisation=organisation),
        seconds=settings.DATA_CACHE_SECONDS,
    )
    return {"activities": activities, "more": more}
