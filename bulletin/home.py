"""What the home page shows of open calls and the toolkit: two queries, whatever the data."""

from bulletin.models import OpenCall, Publication

HOME_CALLS = 4
HOME_PUBLICATIONS = 4


def calls_and_publications() -> dict:
    return {
        "calls_closing_soon": list(
            OpenCall.objects.public().closing_soon().select_related("organisation")[:HOME_CALLS]
        ),
        "latest_publications": list(
            Publication.objects.published().select_related("publisher").latest()[:HOME_PUBLICATIONS]
        ),
    }
