"""System checks of the portal's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs) -> list[Warning]:
    """E-mails need the portal's address: they are sent without a request to take it from."""
    if settings.SITE_URL:
        return []
    return [
        Warning(
            "SITE_URL is not set: links in e-mails (invitations, password resets, "
            "reminders) would have no address.",
            hint="Set SITE_URL to the public origin, e.g. https://portal.example.org.",
            id="accmr.W001",
        )
    ]
