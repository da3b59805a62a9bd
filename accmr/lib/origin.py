"""The portal's public origin (scheme and host) for absolute links in feeds and data."""

from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

# Set while a request builds data outside the view's own call stack (e.g. a streamed body).
current_origin: ContextVar[str] = ContextVar("current_origin", default="")


def site_origin(request: HttpRequest | None = None) -> str:
    """SITE_URL when set; else the request's scheme and host; else the one being served."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return current_origin.get()
