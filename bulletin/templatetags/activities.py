"""Template tags other apps' templates may use to show activities (members' Python never
imports bulletin; its templates may load this library)."""

from django import template

from bulletin.activity_lists import next_activities

register = template.Library()

ON_ORGANISATION_PAGE = 5


@register.inclusion_tag("bulletin/activities/includes/_organisation_activities.html")
def organisation_activities(organisation):
    """The organisation's next activities (four queries at most)."""
    activities, more = next_activities(ON_ORGANISATION_PAGE, organisation=organisation)
    return {"activities": activities, "more": more}
