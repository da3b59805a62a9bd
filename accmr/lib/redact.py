"""Secrets out of logs: paths and links that carry a token are written as their route's name.

Invitation links (`/<lang>/account/invitation/<token>/`) and password-reset links
(`/<lang>/account/password/reset/<uidb64>/<token>/`) are as good as a password while they are
valid. Anything that logs a path (gunicorn's access log through `accmr.log_path`, django-axes'
client string, the console e-mail backend outside development) writes the route's name
instead (`[members:invitation_accept]`, `[accounts:password_reset_confirm]`).
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import translation

# URL parameters that are secrets.
SECRET_PARAMS = frozenset({"token", "uidb64"})
# For paths no route matches: any long token-looking segment.
_TOKENISH = re.compile(r"/[\w-]{20,}(?=/|$)")
_LINK = re.compile(r"https?://[^\s<>\"']+")
# Where gunicorn's access log finds the loggable path (gunicorn.conf.py).
ENVIRON_KEY = "accmr.log_path"


def _match(path: str) -> ResolverMatch | None:
    # Paths under /<lang>/ resolve only while their language is active.
    prefix = path.lstrip("/").split("/", 1)[0]
    language = prefix if prefix in dict(settings.LANGUAGES) else None
    try:
        with translation.override(language or translation.get_language()):
            return resolve(path)
    except Resolver404:
        return None


def path_for_logs(path: str, match: ResolverMatch | None = None) -> str:
    """`path`, or `[route:name]` when the route carries a secret."""
    match = match or _match(path)
    if match is None:
        return _TOKENISH.sub("/…", path)
    if SECRET_PARAMS & set(match.kwargs):
        return f"[{match.view_name}]"
    return path


def links_for_logs(text: str) -> str:
    """`text` with the path of every secret-bearing link replaced by its route's name."""

    def replace(found: re.Match) -> str:
        parts = urlsplit(found.group(0))
        loggable = path_for_logs(parts.path)
        if loggable == parts.path:
            return found.group(0)
        return f"{parts.scheme}://{parts.netloc}/{loggable}"

    return _LINK.sub(replace, text)
