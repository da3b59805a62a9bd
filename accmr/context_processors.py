from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_bidi

from accmr.middleware import MEMBER_PATH

# Each language in its own name and script, as the switcher shows it.
NATIVE_NAMES = {
    "el": "Ελληνικά",
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "ur": "اردو",
    "fr": "Français",
    "uk": "Українська",
}


def site_url(request: HttpRequest) -> str:
    """The portal's public origin: SITE_URL when set, else the scheme and host of the request."""
    return settings.SITE_URL or f"{request.scheme}://{request.get_host()}"


def same_page_in(path: str, language: str) -> str:
    """The address of the page at `path` in `language`, query string kept.

    `translate_url` handles every page that resolves; for one that does not (a 404),
    swap the language prefix so the switcher still leads to the same address.
    """
    return _same_page_in(path, language, settings.ROOT_URLCONF)


@lru_cache(maxsize=4096)
def _same_page_in(path: str, language: str, urlconf: str) -> str:
    # Kept per process: each page asks for its six other languages on every request, and
    # the answer depends only on the address and the URL map (`urlconf`, for tests).
    url = translate_url(path, language)
    if url == path:
        for code, _name in settings.LANGUAGES:
            prefix = f"/{code}/"
            if code != language and path.startswith(prefix):
                return f"/{language}/{path[len(prefix) :]}"
    return url


def page_languages(path: str) -> list[str]:
    """The languages the page at `path` exists in: all of them for a public page, Greek and
    English for the member area and the accounts (see MemberLanguagesMiddleware)."""
    if MEMBER_PATH.match(path) or path.startswith("/admin/"):
        return list(settings.MEMBER_LANGUAGES)
    return [code for code, _name in settings.LANGUAGES]


def site(request: HttpRequest) -> dict:
    """What every page needs: the same page in each language, and its canonical URL.

    `alternates` feeds the language switcher (relative URLs that keep the query string, so
    a visitor keeps their search or page) and the hreflang links (absolute). It only resolves
    and reverses URLs, so it works on error pages when the database is down.
    """
    origin = site_url(request)
    path = request.get_full_path()
    current = get_language()
    alternates = []
    for code in page_languages(request.path_info):
        url = path if code == current else same_page_in(path, code)
        alternates.append(
            {
                "code": code,
                "native_name": NATIVE_NAMES[code],
                "url": url,
                "absolute_url": origin + url,
            }
        )
    return {
        "SITE_URL": origin,
        # Right to left (ar, fa, ur): base.html sets dir="rtl" and loads the RTL stylesheets.
        "RTL": get_language_bidi(),
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "alternates": alternates,
        "canonical_url": origin + path,
    }
