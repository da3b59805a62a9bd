from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

NATIVE_NAMES = {"el": "Ελληνικά", "en": "English"}


def site(request):
    """What every page needs: the same page in each language, and its canonical URL.

    `alternates` feeds the language switcher and the hreflang links; it only resolves
    and reverses URLs, so it works on error pages when the database is down.
    """
    path = request.get_full_path()
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        alternates.append(
            {
                "code": code,
                "native_name": NATIVE_NAMES.get(code) or get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": settings.SITE_URL + url,
            }
        )
    return {
        "SITE_URL": settings.SITE_URL,
        "alternates": alternates,
        "canonical_url": settings.SITE_URL + request.path,
    }
